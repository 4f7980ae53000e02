// SPDX-License-Identifier: GPL-3.0-or-later
// pgreconcile-modelbench: opens one table of an existing review in the GUI's change list
// (ChangeListModel in a QTableView of typical size, offscreen) and reports how long the first
// rows take to show, how long jumps to the middle and the end take, and the process's memory
// before, during and after scrolling through the whole list in large jumps. One markdown table
// on stdout; progress and errors on stderr.
#include "changelistmodel.h"
#include "console.h"
#include "differ.h"
#include "error.h"
#include "project.h"
#include "settings.h"
#include "staging.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QFile>
#include <QHeaderView>
#include <QLocale>
#include <QTableView>
#include <QTextStream>
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <functional>
#include <sys/resource.h>
#include <unistd.h>

using namespace Qt::Literals::StringLiterals;
using pgr::err;
using pgr::out;
using pgr::ui::ChangeListModel;

namespace {

// Peak resident set size of this process so far, in KiB.
qint64 peakRssKiB()
{
    rusage usage {};
    getrusage(RUSAGE_SELF, &usage);
    return usage.ru_maxrss;
}

// Resident set size now, in KiB (second field of /proc/self/statm, in pages).
qint64 currentRssKiB()
{
    QFile statm(u"/proc/self/statm"_s);
    if (!statm.open(QIODevice::ReadOnly))
        return -1;
    const QList<QByteArray> fields = statm.readAll().split(' ');
    return fields.size() > 1 ? fields.at(1).toLongLong() * (sysconf(_SC_PAGESIZE) / 1024) : -1;
}

QString mib(qint64 kib) { return kib < 0 ? u"n/a"_s : u"%1 MiB"_s.arg(double(kib) / 1024.0, 0, 'f', 1); }

QString ms(qint64 msecs) { return msecs < 0 ? u"timeout"_s : u"%1 ms"_s.arg(msecs); }

class Bench
{
public:
    Bench(ChangeListModel& model, QTableView& view, int timeoutMs)
        : m_model(model)
        , m_view(view)
        , m_timeoutMs(timeoutMs)
    {
        QObject::connect(
            &m_model, &ChangeListModel::failed, [this](const QString& error) { m_error = error; });
    }

    const QString& error() const { return m_error; }

    // Processes events until ready() or the timeout; returns the milliseconds it took, or -1.
    qint64 waitFor(const std::function<bool()>& ready)
    {
        QElapsedTimer timer;
        timer.start();
        while (!ready()) {
            if (!m_error.isEmpty() || timer.elapsed() > m_timeoutMs)
                return -1;
            QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 10);
        }
        return timer.elapsed();
    }

    // Every row the view shows has its real key, as the view itself asked for it by painting.
    bool visibleRowsLoaded() const
    {
        if (m_model.rowCount() == 0)
            return false;
        const int top = std::max(0, m_view.rowAt(0));
        int bottom = m_view.rowAt(m_view.viewport()->height() - 1);
        if (bottom < 0)
            bottom = m_model.rowCount() - 1;
        for (int row = top; row <= bottom; ++row) {
            const ChangeListModel::Roles key = ChangeListModel::KeyRole;
            if (!m_model.change(row) || m_model.index(row, 0).data(key).toString().isEmpty())
                return false;
        }
        return true;
    }

    // Scrolls so that row is in the middle of the view, then waits until its rows are shown.
    qint64 jumpTo(int row)
    {
        QElapsedTimer timer;
        timer.start();
        m_view.scrollTo(m_model.index(row, 0), QAbstractItemView::PositionAtCenter);
        m_view.viewport()->repaint(); // paints "loading…" and asks for the page, as on screen
        if (waitFor([this] { return visibleRowsLoaded(); }) < 0)
            return -1;
        m_view.viewport()->repaint(); // the rows as the user sees them
        return timer.elapsed();
    }

private:
    ChangeListModel& m_model;
    QTableView& m_view;
    int m_timeoutMs;
    QString m_error;
};

// The table with the most changes, or the one named.
std::optional<pgr::TableDiffResult> pickTable(pgr::Project& project, const QString& name)
{
    std::optional<pgr::TableDiffResult> best;
    for (const pgr::TableDiffResult& result : pgr::Differ::stored(project)) {
        if (!name.isEmpty() ? result.plan.qualifiedName() == name || result.plan.name == name
                            : !best || result.changes > best->changes)
            best = result;
    }
    return best;
}

} // namespace

int main(int argc, char** argv)
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    QCoreApplication::setApplicationName(u"pgreconcile"_s);

    QCommandLineParser parser;
    parser.setApplicationDescription(
        u"Opens a table of a review in the GUI's change list and reports time to first rows, jumps and memory."_s);
    parser.addHelpOption();
    parser.addOption(
        { u"project"_s, u"The review project (pgreconcile-cli projects lists them)."_s, u"NAME"_s });
    parser.addOption(
        { u"table"_s, u"The table (schema.table); default: the one with the most changes."_s, u"TABLE"_s });
    parser.addOption(
        { u"class"_s, u"Only changes of this class (e.g. conflict); default: all."_s, u"CLASS"_s });
    parser.addOption(
        { u"staging"_s, u"libpq URI of the staging server, instead of the embedded cluster."_s, u"URI"_s });
    parser.addOption({ u"staging-folder"_s, u"Folder of the embedded staging cluster."_s, u"DIR"_s });
    parser.addOption({ u"jumps"_s, u"Large jumps through the list for the memory check (default 100)."_s,
        u"N"_s, u"100"_s });
    parser.addOption(
        { u"timeout"_s, u"Seconds to wait for any one step (default 300)."_s, u"S"_s, u"300"_s });
    parser.process(app);
    if (!parser.isSet(u"project"_s)) {
        err() << "pgreconcile-modelbench: --project NAME is needed" << Qt::endl;
        return 2;
    }
    const QString projectName = parser.value(u"project"_s);
    const int jumps = std::max(1, parser.value(u"jumps"_s).toInt());
    const int timeoutMs = std::max(1, parser.value(u"timeout"_s).toInt()) * 1000;

    try {
        const pgr::Settings settings;
        pgr::Staging::Choice choice;
        choice.uri = parser.isSet(u"staging"_s) ? parser.value(u"staging"_s) : settings.stagingUri();
        choice.folder = parser.isSet(u"staging-folder"_s) ? parser.value(u"staging-folder"_s)
                                                          : settings.stagingFolder();
        std::shared_ptr<pgr::Staging> staging = pgr::Staging::open(choice);
        std::optional<pgr::TableDiffResult> table;
        {
            auto project = pgr::Project::open(*staging, projectName);
            table = pickTable(*project, parser.value(u"table"_s));
        }
        if (!table) {
            err() << "pgreconcile-modelbench: project " << projectName << " has no "
                  << (parser.isSet(u"table"_s) ? u"table "_s + parser.value(u"table"_s) : u"diffed table"_s)
                  << Qt::endl;
            return 1;
        }
        const QString tableName = table->plan.qualifiedName();
        err() << "Opening " << tableName << " of " << projectName << " (" << table->changes
              << " changes) in the change list" << Qt::endl;

        // The change list as the review window sets it up.
        ChangeListModel model;
        QTableView view;
        view.setModel(&model);
        view.setSelectionBehavior(QAbstractItemView::SelectRows);
        view.setAlternatingRowColors(true);
        view.verticalHeader()->setDefaultSectionSize(view.fontMetrics().height() + 6);
        view.verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
        view.horizontalHeader()->setStretchLastSection(true);
        view.resize(1000, 600);
        view.show();
        QCoreApplication::processEvents();
        const qint64 rssBefore = currentRssKiB();

        Bench bench(model, view, timeoutMs);
        qint64 count = -1;
        QObject::connect(&model, &ChangeListModel::countKnown, [&count](qint64 n) { count = n; });
        QElapsedTimer timer;
        timer.start();
        pgr::Selection selection;
        selection.tables = { tableName };
        selection.changeClass = pgr::changeClassNamed(parser.value(u"class"_s));
        model.setSource(staging, projectName, selection);
        const qint64 counted = bench.waitFor([&count] { return count >= 0; }) < 0 ? -1 : timer.elapsed();
        if (counted < 0 || count == 0) {
            err() << "pgreconcile-modelbench: "
                  << (bench.error().isEmpty() ? (count == 0 ? u"the list is empty"_s : u"no count"_s)
                                              : bench.error())
                  << Qt::endl;
            return 1;
        }
        const qint64 firstRows
            = bench.waitFor([&bench] { return bench.visibleRowsLoaded(); }) < 0 ? -1 : timer.elapsed();
        view.viewport()->repaint();
        const qint64 firstPainted = firstRows < 0 ? -1 : timer.elapsed();
        const int visibleRows = view.rowAt(view.viewport()->height() - 1) - view.rowAt(0) + 1;
        const qint64 rssFirst = currentRssKiB();
        err() << "first rows after " << firstPainted << " ms" << Qt::endl;

        const int rows = model.rowCount();
        const qint64 middle = bench.jumpTo(rows / 2);
        const qint64 end = bench.jumpTo(rows - 1);
        const qint64 back = bench.jumpTo(0);
        err() << "middle " << middle << " ms, end " << end << " ms, back to the top " << back << " ms"
              << Qt::endl;

        // Large jumps all over the list in a fixed order (multiples of the golden ratio, modulo
        // one: spread evenly, never in sequence), so that every run visits the same rows.
        QList<qint64> jumpTimes;
        qint64 rssMax = currentRssKiB();
        int maxPages = model.cachedPages();
        for (int i = 1; i <= jumps; ++i) {
            const double golden = 0.6180339887498949;
            const int row = std::min(rows - 1, int(std::fmod(i * golden, 1.0) * rows));
            const qint64 took = bench.jumpTo(row);
            if (took < 0) {
                err() << "pgreconcile-modelbench: jump " << i << " to row " << row << " timed out "
                      << bench.error() << Qt::endl;
                return 1;
            }
            jumpTimes.append(took);
            rssMax = std::max(rssMax, currentRssKiB());
            maxPages = std::max(maxPages, model.cachedPages());
            if (i % 10 == 0)
                err() << "  " << i << " jumps, RSS " << mib(currentRssKiB()) << Qt::endl;
        }
        const qint64 rssAfter = currentRssKiB();
        std::sort(jumpTimes.begin(), jumpTimes.end());
        const qint64 median = jumpTimes.at(jumpTimes.size() / 2);
        const qint64 worst = jumpTimes.last();

        const QLocale c = QLocale::c();
        out() << "| metric | value |\n|---|---|\n";
        auto row = [](const QString& metric, const QString& value) {
            out() << "| " << metric << " | " << value << " |\n";
        };
        row(u"table"_s, u"%1 (project %2)"_s.arg(tableName, projectName));
        row(u"changes in the list"_s, c.toString(count));
        row(u"view"_s,
            u"%1×%2 px, %3 rows visible, pages of %4, at most %5 cached"_s.arg(QString::number(view.width()),
                QString::number(view.height()), QString::number(visibleRows),
                QString::number(ChangeListModel::kPageSize), QString::number(ChangeListModel::kMaxPages)));
        row(u"time to the count"_s, ms(counted));
        row(u"time to the first rows on screen"_s, ms(firstPainted));
        row(u"scroll to the middle (row %1)"_s.arg(rows / 2 + 1), ms(middle));
        row(u"scroll to the end"_s, ms(end));
        row(u"back to the top"_s, ms(back));
        row(u"%1 large jumps: median / slowest"_s.arg(jumps), u"%1 / %2"_s.arg(ms(median), ms(worst)));
        row(u"pages cached, most at any time"_s, QString::number(maxPages));
        row(u"RSS with the view, before the list"_s, mib(rssBefore));
        row(u"RSS at the first rows"_s, mib(rssFirst));
        row(u"RSS after the jumps (highest during them)"_s, u"%1 (%2)"_s.arg(mib(rssAfter), mib(rssMax)));
        // The kernel updates ru_maxrss lazily: a sample taken above may be higher.
        row(u"peak RSS (ru_maxrss, or the highest sample)"_s, mib(std::max(peakRssKiB(), rssMax)));
        out().flush();
        return 0;
    } catch (const pgr::Error& error) {
        err() << "pgreconcile-modelbench: " << error.fullText() << Qt::endl;
        return 1;
    }
}
