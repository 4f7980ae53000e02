// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QString>
#include <QStringList>

namespace pgr {

// Lists of names (key columns, changed columns) travel to and from PostgreSQL as JSON arrays of
// strings — to_json(text[]) out, jsonb_array_elements_text() in — so no array literal is ever
// escaped by hand. Only strings: JSON numbers would pass through a double.
QStringList stringsFromJson(const QByteArray& json);
QString jsonFromStrings(const QStringList& strings);

} // namespace pgr
