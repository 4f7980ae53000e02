// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

namespace pgr {

// The text of a file compiled into the program (":/pgreconcile/…"). Throws pgr::Error naming it
// when the build lacks it.
QString resourceText(const QString& path);

} // namespace pgr
