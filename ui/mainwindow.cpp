// SPDX-License-Identifier: GPL-3.0-or-later
#include "mainwindow.h"

#include "background.h"
#include "demo.h"
#include "pgreconcile-config.h"
#include "settings.h"
#include "welcomeview.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QMenuBar>
#include <QMessageBox>
#include <QStackedWidget>
#include <QStatusBar>

namespace pgr::ui {

MainWindow::MainWindow(Options options, QWidget* parent)
    : QMainWindow(parent)
    , m_options(std::move(options))
{
    setWindowTitle(QStringLiteral("pgreconcile"));
    setObjectName(QStringLiteral("mainWindow"));
    m_pages = new QStackedWidget;
    m_welcome = new WelcomeView;
    m_pages->addWidget(m_welcome);
    setCentralWidget(m_pages);
    createMenus();

    const Settings settings;
    m_welcome->setRecentProjects(settings.recentProjects());
    if (!restoreGeometry(settings.uiValue(QStringLiteral("mainWindow/geometry")).toByteArray()))
        resize(1100, 720);

    connect(m_welcome, &WelcomeView::demoRequested, this, &MainWindow::openDemo);
    connect(m_welcome, &WelcomeView::newReviewRequested, this, &MainWindow::newReview);
    m_demoPending = m_options.openDemo;
    startStaging();
}

MainWindow::~MainWindow() = default;

void MainWindow::createMenus()
{
    QMenu* file = menuBar()->addMenu(tr("&File"));
    QAction* newReview = file->addAction(tr("&New Review…"), this, &MainWindow::newReview);
    newReview->setShortcut(QKeySequence::New);
    QAction* demo = file->addAction(tr("Open &Demo"), this, &MainWindow::openDemo);
    demo->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_D));
    file->addSeparator();
    QAction* quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);
    QMenu* help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&About pgreconcile"), this, &MainWindow::showAbout);
}

void MainWindow::startStaging()
{
    m_welcome->setBusy(true);
    m_welcome->setStatus(tr("Starting the staging server…"));
    statusBar()->showMessage(tr("Starting the staging server…"));
    const Staging::Choice choice = m_options.staging;
    runInBackground<std::shared_ptr<Staging>>(
        this, [choice] { return std::shared_ptr<Staging>(Staging::open(choice)); },
        [this](Outcome<std::shared_ptr<Staging>> outcome) {
            m_welcome->setBusy(false);
            if (!outcome.value) {
                m_welcome->setStatus(tr("The staging server is not available: %1").arg(outcome.error), true);
                statusBar()->showMessage(tr("No staging server"));
                return;
            }
            m_staging = *outcome.value;
            const QString where = tr("Staging: %1").arg(m_staging->description());
            m_welcome->setStatus(where);
            statusBar()->showMessage(where);
            Q_EMIT stagingReady();
            if (m_demoPending)
                openDemo();
        });
}

void MainWindow::openDemo()
{
    if (!m_staging) {
        m_demoPending = true; // runs once staging is up
        return;
    }
    m_demoPending = false;
    m_welcome->setBusy(true);
    m_welcome->setStatus(tr("Preparing the demo databases in staging…"));
    std::shared_ptr<Staging> staging = m_staging;
    runInBackground<DemoBuilder::Result>(
        this, [staging] { return DemoBuilder(*staging).build(DemoBuilder::Mode::ReuseOrCreate); },
        [this](Outcome<DemoBuilder::Result> outcome) {
            m_welcome->setBusy(false);
            if (!outcome.value) {
                m_welcome->setStatus(tr("The demo could not be prepared: %1").arg(outcome.error), true);
                return;
            }
            QStringList parts;
            for (const auto& database : outcome.value->databases) {
                qint64 rows = 0;
                for (const auto& table : database.rowCounts)
                    rows += table.second;
                parts.append(tr("%1 (%2 rows)").arg(database.name).arg(rows));
            }
            m_welcome->setStatus(tr("%1 the demo databases: %2.")
                                     .arg(outcome.value->reused ? tr("Reused") : tr("Created"), parts.join(QStringLiteral(", "))));
            Q_EMIT demoReady();
        });
}

void MainWindow::newReview()
{
    QMessageBox::information(this, tr("New review"),
        tr("Loading your own databases from the window is not available yet; use "
           "\"pgreconcile-cli load\" for now."));
}

void MainWindow::showAbout()
{
    QMessageBox::about(this, tr("About pgreconcile"),
        tr("<h3>pgreconcile %1</h3><p>Reconciles two PostgreSQL databases that diverged, row by row, and "
           "exports the reviewed result as one transactional SQL script.</p>")
            .arg(QStringLiteral(PGRECONCILE_VERSION)));
}

void MainWindow::closeEvent(QCloseEvent* event)
{
    Settings().setUiValue(QStringLiteral("mainWindow/geometry"), saveGeometry());
    event->accept();
}

} // namespace pgr::ui
