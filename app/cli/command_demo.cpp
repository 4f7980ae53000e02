// SPDX-License-Identifier: GPL-3.0-or-later
#include "cli.h"
#include "demo.h"
#include "options.h"
#include "staging.h"

using namespace Qt::Literals::StringLiterals;

namespace pgr::cli {

int demoCommand(const QStringList& arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(u"Creates the diverged demo databases in staging, or reuses them."_s);
    addStagingOptions(parser);
    parser.addOption(
        { u"recreate"_s, u"Drop and rebuild the demo databases even when they are complete."_s });
    if (!parse(parser, arguments) || !stagingFolderOption(parser, "demo"))
        return 2;

    auto staging = openStaging(parser);
    DemoBuilder builder(*staging);
    const auto result = builder.build(
        parser.isSet(u"recreate"_s) ? DemoBuilder::Mode::Recreate : DemoBuilder::Mode::ReuseOrCreate);
    out() << (result.reused ? "Reused" : "Created") << " the demo databases in " << staging->description()
          << (result.reused ? " (run with --recreate to rebuild them)" : "") << ":\n";
    for (const auto& database : result.databases) {
        qint64 total = 0;
        for (const auto& table : database.rowCounts)
            total += table.second;
        out() << "\n  " << database.name << "  (" << total << " rows)\n"
              << "    connect: psql \"" << database.connectionString << "\"\n";
        for (const auto& [table, rows] : database.rowCounts)
            out() << "    " << table.leftJustified(28) << ' ' << QString::number(rows).rightJustified(8)
                  << '\n';
    }
    out() << "\nNext: pgreconcile-cli load --project demo --base demo_base --source demo_source --target "
             "demo_target\n";
    out().flush();
    return 0;
}

} // namespace pgr::cli
