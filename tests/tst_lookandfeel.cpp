// SPDX-License-Identifier: GPL-3.0-or-later
// Issue 6, item 7: the window follows the desktop's palette (light or dark, switched while it
// runs) and loads its German translation. With PGRECONCILE_SCREENSHOTS=DIR it also saves what it
// shows as PNG files, to look at (run it once more with QT_SCALE_FACTOR=2 for HiDPI).
#include "changelistmodel.h"
#include "decisions.h"
#include "exportdialog.h"
#include "mainwindow.h"
#include "newreviewdialog.h"
#include "project.h"
#include "reviewview.h"
#include "rowview.h"
#include "settings.h"
#include "sidecheck.h"
#include "tabletreemodel.h"
#include "testsupport.h"
#include "theme.h"
#include "userguide.h"
#include "welcomeview.h"
#include "windowsupport.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QFile>
#include <QPushButton>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QStyle>
#include <QStyleFactory>
#include <QTableView>
#include <QTest>
#include <QTranslator>
#include <QTreeView>
#include <Qsci/qscilexer.h>
#include <Qsci/qscilexersql.h>
#include <Qsci/qsciscintilla.h>

using namespace Qt::Literals::StringLiterals;
using pgr::ui::MainWindow;

namespace {

// A dark palette as a desktop's dark theme gives it (the colours of KDE's Breeze Dark).
QPalette darkPalette()
{
    QPalette palette;
    const QColor window(0x20, 0x23, 0x26), base(0x14, 0x16, 0x18), text(0xfc, 0xfc, 0xfc);
    palette.setColor(QPalette::Window, window);
    palette.setColor(QPalette::WindowText, text);
    palette.setColor(QPalette::Base, base);
    palette.setColor(QPalette::AlternateBase, QColor(0x1d, 0x1f, 0x22));
    palette.setColor(QPalette::Text, text);
    palette.setColor(QPalette::Button, QColor(0x29, 0x2c, 0x30));
    palette.setColor(QPalette::ButtonText, text);
    palette.setColor(QPalette::BrightText, QColor(0xff, 0xff, 0xff));
    palette.setColor(QPalette::Highlight, QColor(0x3d, 0xae, 0xe9));
    palette.setColor(QPalette::HighlightedText, text);
    palette.setColor(QPalette::ToolTipBase, window);
    palette.setColor(QPalette::ToolTipText, text);
    palette.setColor(QPalette::PlaceholderText, QColor(0xa1, 0xa9, 0xb1));
    palette.setColor(QPalette::Link, QColor(0x1d, 0x99, 0xf3));
    palette.setColor(QPalette::Light, QColor(0x40, 0x46, 0x4c));
    palette.setColor(QPalette::Midlight, QColor(0x33, 0x37, 0x3c));
    palette.setColor(QPalette::Mid, QColor(0x1a, 0x1c, 0x1e));
    palette.setColor(QPalette::Dark, QColor(0x10, 0x11, 0x12));
    palette.setColor(QPalette::Shadow, QColor(0x0a, 0x0a, 0x0a));
    for (QPalette::ColorRole role : { QPalette::WindowText, QPalette::Text, QPalette::ButtonText })
        palette.setColor(QPalette::Disabled, role, QColor(0x6e, 0x71, 0x75));
    return palette;
}

int lightness(QsciScintilla* editor, int message, int style)
{
    const long bgr = editor->SendScintilla(message, style);
    return QColor(int(bgr & 0xff), int((bgr >> 8) & 0xff), int((bgr >> 16) & 0xff)).lightness();
}

// What an editor shows, read back from Scintilla itself and from its lexer: the paper (inside the
// text and past its end) and the colour of the style plain text is in (JSON's default, SQL's
// identifiers).
struct EditorColours
{
    int paper = 0;
    int defaultPaper = 0;
    int text = 0;
    int lexerPaper = 0;
    int lexerText = 0;
};

EditorColours colours(QsciScintilla* editor, int textStyle = 0)
{
    EditorColours c;
    c.paper = lightness(editor, QsciScintillaBase::SCI_STYLEGETBACK, textStyle);
    c.defaultPaper = lightness(editor, QsciScintillaBase::SCI_STYLEGETBACK, QsciScintillaBase::STYLE_DEFAULT);
    c.text = lightness(editor, QsciScintillaBase::SCI_STYLEGETFORE, textStyle);
    c.lexerPaper = editor->lexer()->paper(textStyle).lightness();
    c.lexerText = editor->lexer()->color(textStyle).lightness();
    return c;
}

QString describe(const EditorColours& c)
{
    return u"paper %1, past the end %2, text %3, lexer paper %4, lexer text %5"_s.arg(c.paper)
        .arg(c.defaultPaper)
        .arg(c.text)
        .arg(c.lexerPaper)
        .arg(c.lexerText);
}

bool looksDark(const EditorColours& c)
{
    return c.paper < 80 && c.defaultPaper < 80 && c.lexerPaper < 80 && c.text > 180 && c.lexerText > 180;
}

bool looksLight(const EditorColours& c)
{
    return c.paper > 200 && c.defaultPaper > 200 && c.lexerPaper > 200 && c.text < 80 && c.lexerText < 80;
}

void saveScreenshot(QWidget* widget, const QString& name)
{
    const QByteArray dir = qgetenv("PGRECONCILE_SCREENSHOTS");
    if (dir.isEmpty())
        return;
    QCoreApplication::processEvents();
    QVERIFY(widget->grab().save(QString::fromLocal8Bit(dir) + u'/' + name));
}

} // namespace

class TestLookAndFeel : public QObject
{
    Q_OBJECT

    QPalette m_light;

    static std::shared_ptr<pgr::Staging> sharedStaging()
    {
        // Dialogs share the test's staging, which outlives them.
        return std::shared_ptr<pgr::Staging>(
            &pgr::test::TestCluster::instance().staging(), [](pgr::Staging*) {});
    }

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QFile::remove(pgr::Settings::filePath());
        // Fusion draws with the palette it is given, as the desktop's own style would.
        QApplication::setStyle(QStyleFactory::create(u"Fusion"_s));
        m_light = QApplication::style()->standardPalette();
        QApplication::setPalette(m_light);
        pgr::test::TestCluster::instance();
    }

    void highlightsReadOnBothPalettes()
    {
        using namespace pgr::ui;
        for (const QPalette& palette : { m_light, darkPalette() }) {
            const int text = palette.color(QPalette::Text).lightness();
            for (const QColor& line :
                { theme::changedBackground(palette), theme::conflictBackground(palette) }) {
                // Text stays readable on a highlighted line: far from its lightness.
                QVERIFY2(std::abs(line.lightness() - text) > 110, qPrintable(line.name()));
                QVERIFY(line != palette.color(QPalette::Base));
            }
        }
        // On white, the highlights are the colours the panes always had.
        QCOMPARE(theme::changedBackground(m_light).name(), u"#e4f5c9"_s);
        QCOMPARE(theme::conflictBackground(m_light).name(), u"#fad4d4"_s);
    }

    // The demo's review, under a dark palette, then light, then dark again: the row panes and the
    // export dialog's script follow each switch.
    void panesFollowTheDesktopPalette()
    {
        QApplication::setPalette(darkPalette());
        auto restore = qScopeGuard([this] { QApplication::setPalette(m_light); });
        MainWindow window(pgr::test::windowOptions());
        window.resize(1400, 900);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QSignalSpy ready(&window, &MainWindow::stagingReady);
        QVERIFY(ready.wait(120000));
        saveScreenshot(&window, u"welcome-dark.png"_s);

        QSignalSpy review(&window, &MainWindow::reviewReady);
        QTest::mouseClick(window.welcomeView()->findChild<QPushButton*>(u"openDemoButton"_s), Qt::LeftButton);
        QVERIFY(review.wait(600000));
        pgr::ui::ReviewView* view = window.reviewView();
        pgr::ui::TableTreeModel* tree = view->tableModel();
        pgr::ui::ChangeListModel* changes = view->changeModel();
        QAbstractItemModelTester treeTester(tree, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QAbstractItemModelTester changeTester(
            changes, QAbstractItemModelTester::FailureReportingMode::QtTest);

        // The customers' conflicts, the first one on screen in all four panes.
        QModelIndex customers;
        for (int row = 0; row < tree->rowCount(); ++row) {
            if (tree->index(row, 0).data(pgr::ui::TableTreeModel::QualifiedNameRole).toString()
                == u"public.customers"_s)
                customers = tree->index(row, 0);
        }
        QVERIFY(customers.isValid());
        QTRY_VERIFY_WITH_TIMEOUT(customers.siblingAtColumn(pgr::ui::TableTreeModel::DecidedColumn)
                                     .data(pgr::ui::TableTreeModel::DecidedRole)
                                     .isValid(),
            30000);
        QSignalSpy shown(view, &pgr::ui::ReviewView::rowsShown);
        view->tableTree()->setCurrentIndex(tree->index(0, 0, customers));
        QTRY_VERIFY_WITH_TIMEOUT(changes->rowCount() > 0
                && changes->index(0, 0).data(pgr::ui::ChangeListModel::LoadedRole).toBool(),
            30000);
        QTRY_VERIFY_WITH_TIMEOUT(shown.count() > 0, 30000);
        pgr::ui::RowView* rows = view->rowView();
        QVERIFY(!rows->highlightedLines(pgr::ui::RowView::SourcePane).isEmpty());
        for (int pane = 0; pane < pgr::ui::RowView::PaneCount; ++pane) {
            const EditorColours c = colours(rows->editor(pgr::ui::RowView::Pane(pane)));
            QVERIFY2(looksDark(c), qPrintable(u"pane %1 under the dark palette: "_s.arg(pane) + describe(c)));
        }
        saveScreenshot(&window, u"review-conflict-dark.png"_s);

        // The New Review dialog.
        Q_EMIT window.welcomeView()->newReviewRequested();
        QTRY_VERIFY_WITH_TIMEOUT(window.newReviewDialog() && window.newReviewDialog()->isVisible(), 10000);
        saveScreenshot(window.newReviewDialog(), u"new-review-dark.png"_s);
        window.newReviewDialog()->close();

        // The export dialog needs every change decided: re-key the id collisions, take the rest.
        {
            auto project = pgr::Project::open(pgr::test::TestCluster::instance().staging(), u"demo"_s);
            pgr::Decisions decisions(*project);
            pgr::Selection collisions;
            collisions.changeClass = pgr::ChangeClass::Conflict;
            collisions.kind = pgr::ChangeKind::InsertInsert;
            decisions.bulk(collisions, pgr::Action::Rekey);
            // The ERP project signed up on both sides cannot be taken as it is: it is the target's
            // (its borehole on the source comes along).
            pgr::Selection sameProject;
            sameProject.changeClass = pgr::ChangeClass::Conflict;
            sameProject.kind = pgr::ChangeKind::UniqueCollision;
            decisions.bulk(sameProject, pgr::Action::MapOntoTarget);
            decisions.bulk({}, pgr::Action::TakeSource);
        }
        pgr::ui::ExportDialog dialog(sharedStaging(), u"demo"_s, &window);
        dialog.resize(1000, 720);
        QSignalSpy previewed(&dialog, &pgr::ui::ExportDialog::previewReady);
        dialog.show();
        QVERIFY(previewed.wait(120000));
        QVERIFY2(dialog.blocker().isEmpty(), qPrintable(dialog.blocker()));
        QVERIFY(dialog.preview()->text().contains(u"BEGIN"_s));
        const EditorColours script = colours(dialog.preview(), QsciLexerSQL::Identifier);
        QVERIFY2(looksDark(script), qPrintable(u"script under the dark palette: "_s + describe(script)));
        // The line numbers' margin is dark too, and wide enough for the numbers at any scale.
        QVERIFY(lightness(dialog.preview(), QsciScintillaBase::SCI_STYLEGETBACK,
                    QsciScintillaBase::STYLE_LINENUMBER)
            < 80);
        QVERIFY(dialog.preview()->marginWidth(0)
            >= dialog.preview()->fontMetrics().horizontalAdvance(u"00000"_s));
        saveScreenshot(&dialog, u"export-dialog-dark.png"_s);

        // The desktop switches to a light theme while the window is open, and back.
        QApplication::setPalette(m_light);
        QCoreApplication::processEvents();
        for (int pane = 0; pane < pgr::ui::RowView::PaneCount; ++pane) {
            const EditorColours c = colours(rows->editor(pgr::ui::RowView::Pane(pane)));
            QVERIFY2(
                looksLight(c), qPrintable(u"pane %1 after switching to light: "_s.arg(pane) + describe(c)));
        }
        const EditorColours lightScript = colours(dialog.preview(), QsciLexerSQL::Identifier);
        QVERIFY2(looksLight(lightScript),
            qPrintable(u"script after switching to light: "_s + describe(lightScript)));
        QVERIFY(!rows->highlightedLines(pgr::ui::RowView::SourcePane).isEmpty()); // markers survive restyling
        saveScreenshot(&window, u"review-conflict-light.png"_s);

        QApplication::setPalette(darkPalette());
        QCoreApplication::processEvents();
        const EditorColours again = colours(rows->editor(pgr::ui::RowView::ResultPane));
        QVERIFY2(looksDark(again), qPrintable(u"result pane back in dark: "_s + describe(again)));
        QVERIFY(looksDark(colours(dialog.preview(), QsciLexerSQL::Identifier)));
        dialog.close();
    }

    // In a German locale the window speaks German (main.cpp loads Qt's own qtbase_de beside it).
    void loadsTheGermanTranslation()
    {
        QTranslator translator;
        QVERIFY(translator.load(QLocale(QLocale::German), u"pgreconcile"_s, u"_"_s, u":/i18n"_s));
        QApplication::installTranslator(&translator);
        auto uninstall = qScopeGuard([&] { QApplication::removeTranslator(&translator); });
        QCOMPARE(QCoreApplication::translate("pgr::ui::WelcomeView", "Open demo"), u"Demo öffnen"_s);
        // Core's few window texts come from the same catalogue (New Review's Test results).
        QCOMPARE(pgr::SideCheck::tr("check its permissions"), u"prüfen Sie die Zugriffsrechte"_s);

        MainWindow window(pgr::test::windowOptions());
        window.resize(1400, 900);
        window.show();
        QSignalSpy ready(&window, &MainWindow::stagingReady);
        QVERIFY(ready.wait(120000));
        QCOMPARE(
            window.welcomeView()->findChild<QPushButton*>(u"openDemoButton"_s)->text(), u"Demo öffnen"_s);
        QSignalSpy review(&window, &MainWindow::reviewReady);
        Q_EMIT window.welcomeView()->projectRequested(u"demo"_s);
        QVERIFY(review.wait(60000));
        QSignalSpy shown(window.reviewView(), &pgr::ui::ReviewView::rowsShown);
        QTRY_VERIFY_WITH_TIMEOUT(shown.count() > 0, 30000);
        const QModelIndex first
            = window.reviewView()->tableModel()->index(0, pgr::ui::TableTreeModel::DecidedColumn);
        QTRY_VERIFY_WITH_TIMEOUT(first.data(pgr::ui::TableTreeModel::DecidedRole).isValid(), 30000);
        QCOMPARE(
            window.reviewView()->action(pgr::ui::ReviewView::TakeSource)->text(), u"&Quelle übernehmen"_s);
        // The decision column fits the longest German decision, its dot included.
        pgr::ChangeRow row;
        row.state = pgr::DecisionState::Default;
        row.action = pgr::Action::TakeSource;
        QTableView* list = window.reviewView()->changeTable();
        QVERIFY(list->columnWidth(pgr::ui::ChangeListModel::DecisionColumn)
            > list->fontMetrics().horizontalAdvance(pgr::ui::ChangeListModel::decisionText(row)) + 16);
        saveScreenshot(&window, u"review-de.png"_s);

        // F1 opens the user guide beside the review, once however often it is pressed.
        window.activateWindow();
        QTest::keyClick(&window, Qt::Key_F1);
        QTRY_VERIFY(window.userGuideWindow() && window.userGuideWindow()->isVisible());
        QCOMPARE(window.userGuideWindow()->windowTitle(), u"pgreconcile-Benutzerhandbuch"_s);
        QVERIFY(window.userGuideWindow()->browser()->toPlainText().contains(u"User guide"_s));
        pgr::ui::UserGuideWindow* guide = window.userGuideWindow();
        window.userGuideAction()->trigger();
        QCOMPARE(window.findChildren<pgr::ui::UserGuideWindow*>().size(), 1);
        QCOMPARE(window.userGuideWindow(), guide);
    }
};

QTEST_MAIN(TestLookAndFeel)
#include "tst_lookandfeel.moc"
