# SPDX-License-Identifier: GPL-3.0-or-later
# Writes the AppStream metainfo from its .in, with the homepage and the screenshots when their
# addresses are known: AppStream wants screenshots as web addresses, and the project names none it
# does not have. packaging/CMakeLists.txt includes it at configure time; scripts/test-package runs
# it (cmake -P) with a screenshots address to validate that block too.
# In: METAINFO_IN, METAINFO_OUT, PGRECONCILE_HOMEPAGE, PGRECONCILE_SCREENSHOTS_URL.

set(PGRECONCILE_HOMEPAGE_XML "")
if(PGRECONCILE_HOMEPAGE)
    set(PGRECONCILE_HOMEPAGE_XML "  <url type=\"homepage\">${PGRECONCILE_HOMEPAGE}</url>\n")
endif()

# docs/screenshots/<file> and its caption; the first is the default one.
set(screenshots
    "review-conflict.png|A conflict: base, source, target and the merged result side by side"
    "new-review.png|A new review: the three databases, each tested before anything is copied"
    "export-dialog.png|The merge script after a dry run on a copy of the target passed")
set(PGRECONCILE_SCREENSHOTS_XML "")
if(PGRECONCILE_SCREENSHOTS_URL)
    string(APPEND PGRECONCILE_SCREENSHOTS_XML "  <screenshots>\n")
    set(type " type=\"default\"")
    foreach(entry IN LISTS screenshots)
        string(REPLACE "|" ";" parts "${entry}")
        list(GET parts 0 file)
        list(GET parts 1 caption)
        string(APPEND PGRECONCILE_SCREENSHOTS_XML
            "    <screenshot${type}>\n"
            "      <caption>${caption}</caption>\n"
            "      <image>${PGRECONCILE_SCREENSHOTS_URL}/${file}</image>\n"
            "    </screenshot>\n")
        set(type "")
    endforeach()
    string(APPEND PGRECONCILE_SCREENSHOTS_XML "  </screenshots>\n")
endif()

configure_file(${METAINFO_IN} ${METAINFO_OUT} @ONLY)
