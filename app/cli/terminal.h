// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>
#include <atomic>
#include <optional>

namespace pgr::cli {

// Asks for a secret on the terminal with echo off, as psql does: nothing when standard input is
// not a terminal (scripts get the error and its hint instead), when interrupted (Ctrl+C), or
// after five minutes without an answer. The prompt goes to standard error.
std::optional<QString> askSecret(const QString& prompt, const std::atomic<bool>* interrupted);

} // namespace pgr::cli
