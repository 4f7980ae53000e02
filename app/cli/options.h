// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QCommandLineParser>
#include <QString>

namespace pgr::cli {

// Checks of option values before a command does anything. Each prints what is wrong, naming the
// command, the option, the value and what it takes, and returns false: the command then exits
// with 2, the exit code of every usage error.

// --name as a whole number in [low, high] into value; value is left as is when the option is not given.
bool intOption(const QCommandLineParser& parser, const char* command, const QString& name, int low, int high,
    int& value);

// --name as a time PostgreSQL reads (a whole number with ms, s, min or h; no unit: milliseconds, as
// PostgreSQL takes it) from lowMs to highMs, into value as written (e.g. "30s"); value is left as is
// when the option is not given. Nothing else reaches the script: the text is checked, not quoted.
bool durationOption(const QCommandLineParser& parser, const char* command, const QString& name, qint64 lowMs,
    qint64 highMs, QString& value);

// A required option (e.g. --project NAME): its value into value, or false when it is missing or empty.
bool requiredOption(const QCommandLineParser& parser, const char* command, const QString& name,
    const QString& placeholder, QString& value);

// --staging-folder names a folder that holds a staging cluster, or an empty folder to make one in:
// a mistyped path must not get a cluster of its own. "pgreconcile-cli staging start
// --staging-folder DIR" is the way to make a cluster in a new folder (createAllowed).
bool stagingFolderOption(const QCommandLineParser& parser, const char* command, bool createAllowed = false);

} // namespace pgr::cli
