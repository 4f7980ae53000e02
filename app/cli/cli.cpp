// SPDX-License-Identifier: GPL-3.0-or-later
#include "cli.h"

#include "error.h"
#include "options.h"
#include "pgconnection.h"
#include "settings.h"
#include "staging.h"

#include <cstdio>

using namespace Qt::Literals::StringLiterals;

namespace pgr::cli {

void addStagingOptions(QCommandLineParser& parser)
{
    parser.addOption({ u"staging"_s,
        u"libpq URI of an existing PostgreSQL server to keep review state in, instead of the embedded cluster."_s,
        u"URI"_s });
    parser.addOption({ u"staging-folder"_s, u"Folder of the embedded staging cluster."_s, u"DIR"_s });
    parser.addOption({ u"connect-timeout"_s,
        u"Seconds to wait for a server (source, target, staging) to answer when connecting, at least 1 "
        "(default 10, or the connection/timeout setting); a connect_timeout in a URI wins for that server. "
        "Ctrl+C ends a wait at once."_s,
        u"SECONDS"_s });
}

void applyConnectTimeout(const QCommandLineParser& parser)
{
    int seconds = Settings().connectTimeout();
    if (parser.isSet(u"connect-timeout"_s)) {
        const QString text = parser.value(u"connect-timeout"_s);
        bool ok = false;
        seconds = text.toInt(&ok);
        if (!ok || seconds < 1)
            throw Error(u"--connect-timeout is a whole number of seconds, at least 1, not \"%1\""_s.arg(text),
                u"0 would wait forever for a server that never answers; give e.g. --connect-timeout 30"_s);
    }
    PgConnection::setConnectTimeout(seconds);
}

std::unique_ptr<Staging> openStaging(const QCommandLineParser& parser)
{
    applyConnectTimeout(parser);
    const Settings settings;
    Staging::Choice choice;
    choice.uri = parser.isSet(u"staging"_s) ? parser.value(u"staging"_s) : settings.stagingUri();
    choice.folder
        = parser.isSet(u"staging-folder"_s) ? parser.value(u"staging-folder"_s) : settings.stagingFolder();
    auto staging = Staging::open(choice);
    if (staging->cluster() && staging->cluster()->wasCreated())
        err() << "Created the embedded staging cluster in " << staging->cluster()->folder() << Qt::endl;
    return staging;
}

bool parse(QCommandLineParser& parser, const QStringList& arguments)
{
    parser.addHelpOption();
    if (!parser.parse(arguments)) {
        err() << "pgreconcile-cli " << arguments.value(0) << ": " << parser.errorText() << Qt::endl
              << "Run \"pgreconcile-cli " << arguments.value(0) << " --help\" for the options." << Qt::endl;
        return false;
    }
    if (parser.isSet(u"help"_s)) {
        out() << parser.helpText().replace(u"[options]"_s, arguments.value(0) + u" [options]"_s);
        out().flush();
        std::exit(0);
    }
    return true;
}

void addProjectOptions(QCommandLineParser& parser)
{
    addStagingOptions(parser);
    parser.addOption({ u"project"_s, u"Name of the review project."_s, u"NAME"_s });
}

bool parseProjectCommand(QCommandLineParser& parser, const QStringList& arguments, QString& name)
{
    const QByteArray command = arguments.value(0).toUtf8();
    return parse(parser, arguments)
        && requiredOption(parser, command.constData(), u"project"_s, u"NAME"_s, name)
        && stagingFolderOption(parser, command.constData());
}

} // namespace pgr::cli
