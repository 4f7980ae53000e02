// SPDX-License-Identifier: GPL-3.0-or-later
#include "privatefile.h"

namespace pgr {

bool openPrivately(QSaveFile& file)
{
    // QSaveFile gives its temporary file the umask's permissions (or the old file's): set ours.
    return file.open(QIODevice::WriteOnly) && file.setPermissions(kPrivateFilePermissions);
}

bool openPrivately(QFile& file)
{
    // A file that exists keeps its permissions on open: set them again.
    return file.open(QIODevice::WriteOnly | QIODevice::Truncate, kPrivateFilePermissions)
        && file.setPermissions(kPrivateFilePermissions);
}

} // namespace pgr
