// SPDX-License-Identifier: GPL-3.0-or-later
#include "resourcetext.h"

#include "error.h"

#include <QFile>

using namespace Qt::Literals::StringLiterals;

namespace pgr {

QString resourceText(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        throw Error(u"%1 is missing from this build"_s.arg(path), u"rebuild pgreconcile"_s);
    return QString::fromUtf8(file.readAll());
}

} // namespace pgr
