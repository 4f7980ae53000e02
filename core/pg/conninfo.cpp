// SPDX-License-Identifier: GPL-3.0-or-later
#include "conninfo.h"

#include "error.h"

#include <libpq-fe.h>

using namespace Qt::Literals::StringLiterals;

namespace pgr {

namespace {

QString quoteConninfoValue(const QString& value)
{
    QString quoted = value;
    quoted.replace(u'\\', u"\\\\"_s);
    quoted.replace(u'\'', u"\\'"_s);
    return u'\'' + quoted + u'\'';
}

} // namespace

ConnectionInfo ConnectionInfo::parse(const QString& text)
{
    char* errmsg = nullptr;
    const QByteArray utf8 = text.toUtf8();
    PQconninfoOption* options = PQconninfoParse(utf8.constData(), &errmsg);
    if (!options) {
        const QString reason = errmsg ? QString::fromUtf8(errmsg).trimmed() : u"out of memory"_s;
        PQfreemem(errmsg);
        throw Error(u"cannot read the connection description \"%1\": %2"_s.arg(text, reason),
            u"use a libpq URI such as postgresql://user@host:5432/dbname or key=value pairs "
            "such as \"host=db.example dbname=shop\""_s);
    }
    ConnectionInfo info;
    for (PQconninfoOption* option = options; option->keyword; ++option) {
        if (option->val)
            info.m_options.append({ QString::fromUtf8(option->keyword), QString::fromUtf8(option->val) });
    }
    PQconninfoFree(options);
    return info;
}

QString ConnectionInfo::value(const QString& keyword) const
{
    for (const auto& [key, value] : m_options) {
        if (key == keyword)
            return value;
    }
    return {};
}

void ConnectionInfo::setValue(const QString& keyword, const QString& value)
{
    for (auto& option : m_options) {
        if (option.first == keyword) {
            option.second = value;
            return;
        }
    }
    m_options.append({ keyword, value });
}

void ConnectionInfo::remove(const QString& keyword)
{
    m_options.removeIf([&](const auto& option) { return option.first == keyword; });
}

ConnectionInfo ConnectionInfo::withDatabase(const QString& database) const
{
    ConnectionInfo copy = *this;
    copy.setValue(u"dbname"_s, database);
    return copy;
}

QString ConnectionInfo::toConnectionString() const
{
    QStringList parts;
    for (const auto& [key, value] : m_options)
        parts.append(key + u'=' + quoteConninfoValue(value));
    return parts.join(u' ');
}

QString ConnectionInfo::toStorableString() const
{
    ConnectionInfo copy = *this;
    copy.remove(u"password"_s);
    return copy.toConnectionString();
}

QString ConnectionInfo::toDisplayString() const
{
    const QString service = value(u"service"_s);
    QString host = value(u"host"_s);
    if (host.isEmpty())
        host = value(u"hostaddr"_s);
    if (host.isEmpty())
        host = service.isEmpty() ? u"local socket"_s : u"service "_s + service;
    QString text;
    if (const QString user = value(u"user"_s); !user.isEmpty())
        text += user + u'@';
    text += host;
    if (const QString port = value(u"port"_s); !port.isEmpty())
        text += u':' + port;
    text += u'/' + (database().isEmpty() ? u"(default database)"_s : database());
    return text;
}

} // namespace pgr
