// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QMetaType>
#include <QString>
#include <exception>

namespace pgr {

// The one error type of core. It carries PostgreSQL's SQLSTATE where there is one, a message
// that names the object concerned, and a hint that tells the user what to do about it.
// The UI decides how to show it; the CLI prints message and hint.
class Error : public std::exception
{
public:
    Error() = default; // for Qt's meta-type system (signals that carry an Error)
    explicit Error(QString message, QString hint = {}, QString sqlstate = {});

    const QString& message() const { return m_message; }
    const QString& hint() const { return m_hint; }
    const QString& sqlstate() const { return m_sqlstate; }
    // True for 57014 (query_canceled): the user asked for it, so it is not a failure to report.
    bool isCancellation() const;

    // message and hint on separate lines, for terminals and message boxes
    QString fullText() const;
    const char* what() const noexcept override;

    // Adds context in front of the message ("loading source.public.orders: ..."), keeping the rest.
    Error withContext(const QString& context) const;

private:
    QString m_message;
    QString m_hint;
    QString m_sqlstate;
    QByteArray m_what;
};

// Thrown when a long job stops because its cancel flag was raised.
class Cancelled : public Error
{
public:
    Cancelled();
};

} // namespace pgr

Q_DECLARE_METATYPE(pgr::Error)
