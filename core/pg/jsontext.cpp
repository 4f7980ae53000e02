// SPDX-License-Identifier: GPL-3.0-or-later
#include "jsontext.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace pgr {

QStringList stringsFromJson(const QByteArray& json)
{
    QStringList strings;
    const QJsonArray array = QJsonDocument::fromJson(json).array();
    for (const auto& value : array)
        strings.append(value.toString());
    return strings;
}

QString jsonFromStrings(const QStringList& strings)
{
    return QString::fromUtf8(
        QJsonDocument(QJsonArray::fromStringList(strings)).toJson(QJsonDocument::Compact));
}

} // namespace pgr
