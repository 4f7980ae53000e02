// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>
#include <QPair>
#include <QString>

namespace pgr {

// A libpq connection description (URI or key=value string), parsed by libpq itself.
// Used to point at another database of the same server, and to describe a server without
// its password wherever a description is shown or stored.
class ConnectionInfo
{
public:
    ConnectionInfo() = default;
    // Throws pgr::Error naming the text and libpq's complaint when it does not parse.
    static ConnectionInfo parse(const QString& text);

    QString value(const QString& keyword) const;
    void setValue(const QString& keyword, const QString& value);
    void remove(const QString& keyword);

    QString database() const { return value(QStringLiteral("dbname")); }
    ConnectionInfo withDatabase(const QString& database) const;
    bool hasPassword() const { return !value(QStringLiteral("password")).isEmpty(); }

    // key='value' form for connecting (includes a password if one was given on the command line).
    QString toConnectionString() const;
    // Human description without password, e.g. "postgres@db.example:5432/shop".
    QString toDisplayString() const;
    // Same data minus password as key=value, safe to store in the project.
    QString toStorableString() const;

private:
    QList<QPair<QString, QString>> m_options; // only the keywords that were set
};

} // namespace pgr
