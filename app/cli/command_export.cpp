// SPDX-License-Identifier: GPL-3.0-or-later
#include "cli.h"
#include "dryrun.h"
#include "error.h"
#include "options.h"
#include "privatefile.h"
#include "progress.h"
#include "project.h"
#include "review.h"
#include "scriptwriter.h"
#include "staging.h"
#include "terminal.h"

#include <QElapsedTimer>
#include <QFileInfo>
#include <QSaveFile>

using namespace Qt::Literals::StringLiterals;

namespace pgr::cli {

namespace {

// The options of the script itself; false (after saying why) for a bad value.
bool scriptOptions(const QCommandLineParser& parser, ScriptWriter::Options& options)
{
    if (const QString format = parser.value(u"format"_s); format == u"values"_s) {
        options.format = ScriptWriter::Format::Values;
    } else if (!format.isEmpty() && format != u"copy"_s) {
        err() << "pgreconcile-cli export: --format is copy or values, not \"" << format << '"' << Qt::endl;
        return false;
    }
    options.disableTriggers = parser.isSet(u"disable-triggers"_s);
    return intOption(parser, "export", u"batch-size"_s, 1, 100000, options.batchSize)
        && durationOption(parser, "export", u"lock-timeout"_s, 1, 24 * 3600 * 1000, options.lockTimeout);
}

struct WrittenScript
{
    ScriptWriter::Summary summary;
    qint64 bytes = 0;
};

// Writes the script to path (- for standard output), whole or not at all.
WrittenScript writeScript(ScriptWriter& writer, const QString& path)
{
    WrittenScript written;
    if (path == u"-"_s) {
        QFile stdoutFile;
        if (!stdoutFile.open(stdout, QIODevice::WriteOnly))
            throw Error(u"cannot write to standard output"_s);
        written.summary = writer.write(stdoutFile);
        written.bytes = stdoutFile.pos();
        return written;
    }
    // Temp file and rename: a reader never sees half a script, a failure leaves none.
    QSaveFile file(path);
    if (!openPrivately(file))
        throw Error(u"cannot write the script to %1: %2"_s.arg(path, file.errorString()),
            u"check that the folder exists and is writable"_s);
    written.summary = writer.write(file);
    written.bytes = file.pos();
    if (!file.commit())
        throw Error(u"cannot write the script to %1: %2"_s.arg(path, file.errorString()));
    return written;
}

void printWritten(QTextStream& report, const WrittenScript& written, const QString& path, qint64 elapsedMs)
{
    const ScriptWriter::Summary& summary = written.summary;
    report << "Wrote " << (path == u"-"_s ? u"the script"_s : QFileInfo(path).absoluteFilePath()) << ": "
           << summary.rows << " rows in " << QString::number(double(elapsedMs) / 1000.0, 'f', 2) << " s, "
           << written.bytes << " bytes"
           << (summary.approvedBy.isEmpty() ? u" (DRAFT: not approved)"_s
                                            : u" (approved by "_s + summary.approvedBy + u')')
           << '\n';
    for (auto it = summary.statements.cbegin(); it != summary.statements.cend(); ++it)
        report << "  " << it.key().section(u'/', 0, -2).leftJustified(28) << ' '
               << it.key().section(u'/', -1).leftJustified(7) << ' ' << it.value() << '\n';
    report << "decisions checksum: " << summary.checksum << Qt::endl;
}

// Flags do not block export, but whoever applies the script should know they are there.
void printFlagged(QTextStream& report, Project& project, const QString& name)
{
    if (const qint64 flagged = Review(project).flaggedCount(); flagged > 0)
        report << flagged << (flagged == 1 ? " change is" : " changes are")
               << " flagged for a look (default column merges, rows under an id collision not re-keyed): "
                  "pgreconcile-cli review --project "
               << name << " --list" << Qt::endl;
}

void printTriggersAtWork(const DryRunResult& dry, const QString& name)
{
    out() << "\nThe differences above are the target's own triggers at work: applied to a second copy "
             "with them off, "
             "the script gave exactly the reviewed state. Triggers:"
          << Qt::endl;
    for (const TargetTriggers::Finding& trigger : dry.triggers)
        out() << "  " << trigger.name << (trigger.accepted ? " (accepted)" : " (NOT accepted)") << Qt::endl;
    if (!dry.unacceptedTriggers().isEmpty())
        out() << "Accept their effects by name if they are what the target's application does anyway:\n"
              << "  pgreconcile-cli triggers --project " << name << " --accept "
              << dry.unacceptedTriggers().join(u" --accept "_s) << Qt::endl;
}

void printDryRunVerdict(const DryRunResult& dry)
{
    const qint64 collateral = dry.verify.collateral();
    if (dry.verify.problems() == 0)
        out() << "DRY RUN PASSED: 0 mismatches, 0 collateral changes." << Qt::endl;
    else if (dry.passed())
        out() << "DRY RUN PASSED: the only differences are the effects of accepted triggers ("
              << dry.verify.problems() << " row(s))." << Qt::endl;
    else
        out() << u"DRY RUN FAILED: %1 mismatch(es), %2 collateral change(s): see above."_s.arg(
            QString::number(dry.verify.problems() - collateral), QString::number(collateral))
              << Qt::endl;
}

// The dry run; on a terminal, a live target's password that the project does not keep is asked
// for (three tries), as psql would.
DryRunResult runDryRun(Project& project, const QString& path, const std::atomic<bool>* interrupted)
{
    DryRun dryRun(project, interrupted);
    for (int attempt = 1;; ++attempt) {
        try {
            return dryRun.run(path);
        } catch (const Error& error) {
            if (!DryRun::needsTargetPassword(error) || attempt > 3)
                throw;
            err() << (attempt == 1 ? "The dry run copies the live target with pg_dump and needs its password "
                                     "(kept in memory, never stored)."
                                   : "The target refused that password.")
                  << Qt::endl;
            const std::optional<QString> password = askSecret(u"Password for the target: "_s, interrupted);
            if (!password && interrupted && interrupted->load())
                throw Cancelled(); // Ctrl+C at the prompt
            if (!password)
                throw;
            dryRun.setTargetPassword(*password);
        }
    }
}

// The script at path applied to a fresh copy of the target and verified: 0 when it passed.
int dryRun(Project& project, const QString& path, const QString& name, const std::atomic<bool>* interrupted)
{
    out() << "\nDry run: applying the script with psql to a fresh copy of the target in staging..."
          << Qt::endl;
    const DryRunResult dry = runDryRun(project, path, interrupted);
    out() << "copy: " << dry.copiedFrom << Qt::endl;
    if (!dry.applied) {
        out() << "DRY RUN FAILED: the script did not apply to the copy:\n" << dry.psqlOutput << Qt::endl;
        return 1;
    }
    out() << "The script applied to the copy. Verifying the copy against the review:" << Qt::endl;
    printVerifyResult(dry.verify);
    if (dry.triggersExplain)
        printTriggersAtWork(dry, name);
    printDryRunVerdict(dry);
    return dry.passed() ? 0 : 1;
}

void addExportOptions(QCommandLineParser& parser)
{
    parser.setApplicationDescription(
        u"Writes the merge script: SQL that applies every decision of the review to the target in one "
        u"guarded "
        "transaction. Refused while conflicts are undecided. The file is written whole or not at all."_s);
    addProjectOptions(parser);
    parser.addOption({ u"out"_s, u"The script file to write (- for standard output)."_s, u"FILE"_s });
    parser.addOption({ u"format"_s,
        u"copy (default): each table's rows as a COPY block applied by one guarded statement per operation, "
        "fastest, applied with psql; values: multi-row VALUES statements any SQL client can run."_s,
        u"FORMAT"_s });
    parser.addOption({ u"batch-size"_s,
        u"Rows per statement in the values format, 1 to 100000 (default 500)."_s, u"N"_s });
    parser.addOption({ u"disable-triggers"_s,
        u"Turn the target's triggers off inside the script's transaction (needs a superuser where it runs)."_s });
    parser.addOption({ u"dry-run"_s,
        u"Then apply the script with psql to a fresh copy of the target in staging and verify it against the review."_s });
    parser.addOption({ u"lock-timeout"_s,
        u"How long the script waits for a lock before failing, 1ms to 24h, e.g. 30s or 2min (default 10s; "
        "a number alone is milliseconds)."_s,
        u"T"_s });
}

} // namespace

int exportCommand(const QStringList& arguments)
{
    QCommandLineParser parser;
    addExportOptions(parser);
    QString name, path;
    ScriptWriter::Options options;
    if (!parseProjectCommand(parser, arguments, name)
        || !requiredOption(parser, "export", u"out"_s, u"FILE"_s, path) || !scriptOptions(parser, options))
        return 2;
    const bool toStdout = path == u"-"_s;
    if (toStdout && parser.isSet(u"dry-run"_s)) {
        err() << "pgreconcile-cli export: --dry-run needs --out FILE" << Qt::endl;
        return 2;
    }

    const std::atomic<bool>* interrupted = installInterruptFlag();
    auto staging = openStaging(parser);
    auto project = openProject(*staging, name);
    ScriptWriter writer(*project, options, interrupted);
    QElapsedTimer timer;
    timer.start();
    const WrittenScript written = writeScript(writer, path);
    QTextStream& report = toStdout ? err() : out();
    printWritten(report, written, path, timer.elapsed());
    printFlagged(report, *project, name);
    return parser.isSet(u"dry-run"_s) ? dryRun(*project, path, name, interrupted) : 0;
}

} // namespace pgr::cli
