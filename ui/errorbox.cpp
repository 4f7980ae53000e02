// SPDX-License-Identifier: GPL-3.0-or-later
#include "errorbox.h"

#include <QCoreApplication>
#include <QMessageBox>

namespace pgr::ui {

namespace {

// What to do about it, and PostgreSQL's code (a cancellation's is no news to the user).
QStringList details(const Error& error)
{
    QStringList lines;
    if (!error.hint().isEmpty())
        lines.append(QCoreApplication::translate("pgr::ui::ErrorBox", "Hint: %1").arg(error.hint()));
    if (!error.sqlstate().isEmpty() && !error.isCancellation())
        lines.append(QCoreApplication::translate("pgr::ui::ErrorBox", "SQLSTATE %1").arg(error.sqlstate()));
    return lines;
}

} // namespace

QString errorText(const Error& error)
{
    return (QStringList { error.message() } + details(error)).join(u'\n');
}

QMessageBox* showError(QWidget* parent, const QString& title, const Error& error)
{
    auto* box = new QMessageBox(QMessageBox::Warning, title, error.message(), QMessageBox::Ok, parent);
    box->setObjectName(QStringLiteral("errorBox"));
    box->setInformativeText(details(error).join(u'\n'));
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->setModal(false);
    box->show();
    return box;
}

} // namespace pgr::ui
