// SPDX-License-Identifier: GPL-3.0-or-later
#include "scriptbody.h"

#include "error.h"

#include <QDir>
#include <QFileInfo>
#include <unistd.h>

using namespace Qt::Literals::StringLiterals;

namespace pgr::script {

ScriptBody::ScriptBody(const QIODevice& out)
{
    QStringList folders;
    if (const auto* file = qobject_cast<const QFileDevice*>(&out); file && !file->fileName().isEmpty())
        folders.append(QFileInfo(file->fileName()).absolutePath());
    folders.append(QDir::tempPath());
    for (const QString& folder : folders) {
        auto temporary = std::make_unique<QTemporaryFile>(folder + u"/.pgreconcile-script-XXXXXX"_s);
        if (temporary->open()) {
            // Used through its open handle only: nameless now, it cannot outlive a killed export.
            ::unlink(QFile::encodeName(temporary->fileName()).constData());
            m_file = std::move(temporary);
            return;
        }
    }
    throw Error(u"cannot create a temporary file for the script in %1"_s.arg(folders.join(u" or "_s)),
        u"make room there or point TMPDIR at a folder with space"_s);
}

void ScriptBody::copyTo(QIODevice& out)
{
    if (m_file->error() != QFileDevice::NoError || !m_file->flush() || !m_file->seek(0))
        throw Error(u"cannot write the script's temporary file %1: %2"_s.arg(
                        m_file->fileName(), m_file->errorString()),
            u"make room on that disk (the script is about 50 bytes per decided change) and export again"_s);
    QByteArray chunk(1 << 20, Qt::Uninitialized);
    for (;;) {
        const qint64 n = m_file->read(chunk.data(), chunk.size());
        if (n < 0)
            throw Error(u"cannot read the script's temporary file %1: %2"_s.arg(
                m_file->fileName(), m_file->errorString()));
        if (n == 0)
            break;
        if (out.write(chunk.constData(), n) != n)
            throw Error(u"cannot write the script: %1"_s.arg(out.errorString()),
                u"check the output's disk space and permissions"_s);
    }
}

} // namespace pgr::script
