// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QTextStream>

namespace pgr {

// The process's standard output and error as text streams (UTF-8), for the command-line tools.
QTextStream& out();
QTextStream& err();

} // namespace pgr
