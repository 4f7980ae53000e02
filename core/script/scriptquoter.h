// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "pgconnection.h"

#include <QByteArray>
#include <QString>

// How the script writers quote literals and identifiers. The script is quoted by libpq
// (LibpqScriptQuoter), which needs a connection; the interface lets the statement and COPY-block
// writers be unit-tested without a server.
namespace pgr::script {

class ScriptQuoter
{
public:
    virtual ~ScriptQuoter() = default;
    virtual QByteArray literal(const QByteArray& utf8) const = 0;
    virtual QByteArray identifier(const QByteArray& utf8) const = 0;
};

// libpq's own quoting (PQescapeLiteral, PQescapeIdentifier) over a connection to staging.
class LibpqScriptQuoter final : public ScriptQuoter
{
public:
    explicit LibpqScriptQuoter(const QString& connectionString)
        : m_quoter(connectionString)
    { }
    QByteArray literal(const QByteArray& utf8) const override { return m_quoter.literal(utf8); }
    QByteArray identifier(const QByteArray& utf8) const override { return m_quoter.identifier(utf8); }

private:
    LibpqQuoter m_quoter;
};

} // namespace pgr::script
