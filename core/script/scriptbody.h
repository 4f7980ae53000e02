// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QTemporaryFile>
#include <memory>

// The script's body waits in a temporary file while it is written: the header, which carries
// the decisions' checksum computed meanwhile, goes in front of it at the end. A script of
// millions of rows may not fit the temporary folder (often in memory): the body waits beside the
// output file when there is one.
namespace pgr::script {

class ScriptBody
{
public:
    explicit ScriptBody(const QIODevice& out);

    QIODevice& device() { return *m_file; }
    // Appends the body, written meanwhile, to out.
    void copyTo(QIODevice& out);

private:
    std::unique_ptr<QTemporaryFile> m_file;
};

} // namespace pgr::script
