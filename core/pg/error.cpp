// SPDX-License-Identifier: GPL-3.0-or-later
#include "error.h"

using namespace Qt::Literals::StringLiterals;

namespace pgr {

Error::Error(QString message, QString hint, QString sqlstate)
    : m_message(std::move(message))
    , m_hint(std::move(hint))
    , m_sqlstate(std::move(sqlstate))
    , m_what(fullText().toUtf8())
{ }

bool Error::isCancellation() const { return m_sqlstate == u"57014"_s; }

QString Error::fullText() const
{
    if (m_hint.isEmpty())
        return m_message;
    return m_message + u"\nHint: "_s + m_hint;
}

const char* Error::what() const noexcept { return m_what.constData(); }

Error Error::withContext(const QString& context) const
{
    return Error(context + u": "_s + m_message, m_hint, m_sqlstate);
}

Cancelled::Cancelled()
    : Error(u"cancelled"_s, {}, u"57014"_s)
{ }

} // namespace pgr
