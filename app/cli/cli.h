// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "console.h"

#include <QCommandLineParser>
#include <QJsonObject>
#include <QString>
#include <QStringList>
#include <QTextStream>
#include <memory>

namespace pgr {
class Staging;
struct VerifyResult;
} // namespace pgr

namespace pgr::cli {

using pgr::err; // console.h
using pgr::out;

// Adds --staging, --staging-folder and --connect-timeout, which every command that touches
// staging accepts.
void addStagingOptions(QCommandLineParser& parser);
// Sets the connect timeout of every connection as --connect-timeout (else the settings) says;
// openStaging does it first. Throws pgr::Error for a timeout below 1 s.
void applyConnectTimeout(const QCommandLineParser& parser);
// Opens staging as the options (else the settings) say, telling the user when the embedded
// cluster is created for the first time.
std::unique_ptr<Staging> openStaging(const QCommandLineParser& parser);

// Parses a subcommand's arguments; prints help and exits for --help, prints the error and
// returns false for bad arguments.
bool parse(QCommandLineParser& parser, const QStringList& arguments);

// The staging options and --project NAME, which every command on one review takes.
void addProjectOptions(QCommandLineParser& parser);
// parse, then --project (its value into name) and --staging-folder checked: false (after saying
// why) for a usage error, exit code 2.
bool parseProjectCommand(QCommandLineParser& parser, const QStringList& arguments, QString& name);

// A command: arguments start with the command's own name.
using CommandFunction = int (*)(const QStringList& arguments);
struct Command
{
    const char* name;
    const char* summary;
    CommandFunction run;
};

int demoCommand(const QStringList& arguments);
int loadCommand(const QStringList& arguments);
int diffCommand(const QStringList& arguments);
int projectsCommand(const QStringList& arguments);
int dropCommand(const QStringList& arguments);
int exportCommand(const QStringList& arguments);
int verifyCommand(const QStringList& arguments);
int triggersCommand(const QStringList& arguments);

// Shared by verify and export --dry-run.
// verbose: also the rows a live target changed since the review, not only their number.
void printVerifyResult(const VerifyResult& result, bool verbose = false);
QJsonObject verifyResultJson(const VerifyResult& result);
int stagingCommand(const QStringList& arguments);
int decideCommand(const QStringList& arguments);
int reviewCommand(const QStringList& arguments);
int approveCommand(const QStringList& arguments);
int historyCommand(const QStringList& arguments);

} // namespace pgr::cli
