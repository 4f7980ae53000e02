// SPDX-License-Identifier: GPL-3.0-or-later
#include "options.h"

#include "console.h"

#include <QDir>
#include <QFileInfo>
#include <QRegularExpression>
#include <optional>

using namespace Qt::Literals::StringLiterals;

namespace pgr::cli {

bool intOption(
    const QCommandLineParser& parser, const char* command, const QString& name, int low, int high, int& value)
{
    if (!parser.optionNames().contains(name))
        return true;
    const QString text = parser.value(name);
    bool ok = false;
    const qlonglong number = text.trimmed().toLongLong(&ok);
    if (ok && number >= low && number <= high) {
        value = int(number);
        return true;
    }
    err() << "pgreconcile-cli " << command << ": --" << name << " takes a whole number from " << low << " to "
          << high << ", not \"" << text << '"' << Qt::endl;
    return false;
}

namespace {

struct TimeUnit
{
    const char* name;
    qint64 ms;
};
// PostgreSQL's units of a time setting, the largest first (how a range is printed).
constexpr TimeUnit kTimeUnits[] = { { "h", 3600000 }, { "min", 60000 }, { "s", 1000 }, { "ms", 1 } };

// Milliseconds of "30s", "1 min", "500" (no unit: milliseconds); nothing for anything else.
std::optional<qint64> durationMs(const QString& text)
{
    static const QRegularExpression kDuration(u"^\\s*(\\d{1,9})\\s*(ms|s|min|h)?\\s*$"_s);
    const QRegularExpressionMatch match = kDuration.match(text);
    if (!match.hasMatch())
        return std::nullopt;
    qint64 unit = 1;
    for (const TimeUnit& candidate : kTimeUnits) {
        if (match.captured(2) == QLatin1StringView(candidate.name))
            unit = candidate.ms;
    }
    return match.captured(1).toLongLong() * unit;
}

QString durationText(qint64 ms)
{
    for (const TimeUnit& unit : kTimeUnits) {
        if (ms % unit.ms == 0)
            return QString::number(ms / unit.ms) + QLatin1StringView(unit.name);
    }
    return QString::number(ms) + u"ms"_s;
}

} // namespace

bool durationOption(const QCommandLineParser& parser, const char* command, const QString& name, qint64 lowMs,
    qint64 highMs, QString& value)
{
    if (!parser.optionNames().contains(name))
        return true;
    const QString text = parser.value(name);
    if (const std::optional<qint64> ms = durationMs(text); ms && *ms >= lowMs && *ms <= highMs) {
        value = text.simplified().remove(u' ');
        return true;
    }
    err() << "pgreconcile-cli " << command << ": --" << name << " takes a time from " << durationText(lowMs)
          << " to " << durationText(highMs) << " (a whole number with ms, s, min or h), not \"" << text << '"'
          << Qt::endl;
    return false;
}

bool requiredOption(const QCommandLineParser& parser, const char* command, const QString& name,
    const QString& placeholder, QString& value)
{
    value = parser.value(name);
    if (!value.isEmpty())
        return true;
    err() << "pgreconcile-cli " << command << ": give --" << name << ' ' << placeholder;
    if (name == u"project"_s)
        err() << " (\"pgreconcile-cli projects\" lists them)";
    err() << Qt::endl;
    return false;
}

bool stagingFolderOption(const QCommandLineParser& parser, const char* command, bool createAllowed)
{
    if (!parser.optionNames().contains(u"staging-folder"_s))
        return true;
    const QString folder = parser.value(u"staging-folder"_s);
    const QFileInfo info(folder);
    if (QFileInfo::exists(folder + u"/data/PG_VERSION"_s)) // a cluster (StagingCluster::isCreated)
        return true;
    if (info.exists() && !info.isDir()) {
        err() << "pgreconcile-cli " << command << ": --staging-folder " << folder
              << " is a file, not a folder" << Qt::endl;
        return false;
    }
    const bool empty = info.exists()
        && QDir(folder).isEmpty(QDir::AllEntries | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot);
    if (empty || (createAllowed && !info.exists()))
        return true;
    if (info.exists())
        err() << "pgreconcile-cli " << command << ": --staging-folder " << folder
              << " holds no staging cluster and is not empty: check the path, or give an empty folder to "
                 "make one in"
              << Qt::endl;
    else
        err() << "pgreconcile-cli " << command << ": --staging-folder " << folder
              << " does not exist: check the path; to make a new staging cluster there, run "
                 "\"pgreconcile-cli staging start "
                 "--staging-folder "
              << folder << "\" first" << Qt::endl;
    return false;
}

} // namespace pgr::cli
