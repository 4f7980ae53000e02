// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "error.h"

class QMessageBox;
class QWidget;

namespace pgr::ui {

// The one place the window turns a pgr::Error into what the user reads: the message, the hint
// (what to do about it), and PostgreSQL's SQLSTATE where there is one.
QString errorText(const Error& error);

// Shows error in a message box that does not block the window (it deletes itself when closed).
QMessageBox* showError(QWidget* parent, const QString& title, const Error& error);

} // namespace pgr::ui
