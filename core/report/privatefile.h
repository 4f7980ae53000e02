// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QFile>
#include <QSaveFile>

namespace pgr {

// Every file pgreconcile writes (merge scripts, reports, temporary copies) holds customer data:
// it is made readable and writable by its owner only (0600), whatever the umask says.
constexpr QFileDevice::Permissions kPrivateFilePermissions
    = QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ReadUser | QFileDevice::WriteUser;

// Opens file for writing (truncating) and makes it 0600 before a byte is written; false with the
// file's errorString() when either fails. A QSaveFile keeps 0600 when it renames into place.
bool openPrivately(QSaveFile& file);
bool openPrivately(QFile& file);

} // namespace pgr
