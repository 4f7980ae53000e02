// SPDX-License-Identifier: GPL-3.0-or-later
#include "mainwindow.h"

#include "demo.h"
#include "differ.h"
#include "errorbox.h"
#include "exportdialog.h"
#include "interruptedwork.h"
#include "newreviewdialog.h"
#include "pgreconcile-config.h"
#include "pipeline.h"
#include "pipelinejob.h"
#include "project.h"
#include "reviewview.h"
#include "settings.h"
#include "triggerspanel.h"
#include "userguide.h"
#include "vocabulary.h"
#include "welcomeview.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QSplitter>
#include <QStackedWidget>
#include <QStatusBar>
#include <QToolBar>

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
    m_review = new ReviewView;
    m_pages->addWidget(m_review);
    setCentralWidget(m_pages);
    m_reviewStatus = new QLabel;
    m_reviewStatus->setObjectName(QStringLiteral("reviewStatus"));
    statusBar()->addPermanentWidget(m_reviewStatus);
    createMenus();
    connect(m_review, &ReviewView::statusMessage, this,
        [this](const QString& text) { statusBar()->showMessage(text, 8000); });
    connect(m_review, &ReviewView::reviewStateChanged, this,
        [this](const QString& summary, const QString& blocker) {
            m_reviewStatus->setText(summary);
            setExportBlocker(blocker);
        });

    const Settings settings;
    m_welcome->setRecentProjects(settings.recentProjects());
    if (!restoreGeometry(settings.uiValue(QStringLiteral("mainWindow/geometry")).toByteArray()))
        resize(1100, 720);
    if (!m_review->splitter()->restoreState(
            settings.uiValue(QStringLiteral("review/splitter")).toByteArray()))
        m_review->splitter()->setSizes({ width() * 3 / 10, width() * 7 / 10 });

    connect(m_welcome, &WelcomeView::demoRequested, this, &MainWindow::openDemo);
    connect(m_welcome, &WelcomeView::newReviewRequested, this, &MainWindow::newReview);
    connect(m_welcome, &WelcomeView::projectRequested, this,
        [this](const QString& project) { openReview(project); });
    connect(m_review, &ReviewView::cancelRequested, this, [this] {
        if (m_job)
            m_job->cancel();
    });
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
    m_export = file->addAction(tr("&Export Merge Script…"), this, &MainWindow::openExport);
    m_export->setObjectName(QStringLiteral("exportScript"));
    m_export->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_E));
    m_export->setIconText(tr("Export Merge Script…", "toolbar"));
    setExportBlocker(tr("open a review first"));
    file->addSeparator();
    QAction* quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);

    // The review's decision actions live in ReviewView; the menu and toolbar only show them.
    using A = ReviewView::ActionId;
    QMenu* decide = menuBar()->addMenu(tr("&Decide"));
    for (A id : { A::TakeSource, A::KeepTarget, A::AcceptMerge, A::Rekey, A::MapOntoTarget })
        decide->addAction(m_review->action(id));
    decide->addSeparator();
    for (A id : { A::EditRow, A::ApplyEdit, A::CancelEdit })
        decide->addAction(m_review->action(id));
    decide->addSeparator();
    for (A id : { A::NextChange, A::PreviousChange, A::NextConflict, A::PreviousConflict })
        decide->addAction(m_review->action(id));
    decide->addSeparator();
    for (A id : { A::Undo, A::Redo })
        decide->addAction(m_review->action(id));
    decide->addSeparator();
    decide->addAction(m_review->action(A::AutoAdvance));

    m_decideBar = addToolBar(tr("Decide"));
    m_decideBar->setObjectName(QStringLiteral("decideToolBar"));
    m_decideBar->setToolButtonStyle(Qt::ToolButtonTextOnly);
    m_decideBar->setMovable(false);
    for (A id : { A::PreviousConflict, A::NextConflict })
        m_decideBar->addAction(m_review->action(id));
    m_decideBar->addSeparator();
    for (A id : { A::TakeSource, A::KeepTarget, A::AcceptMerge, A::Rekey, A::EditRow })
        m_decideBar->addAction(m_review->action(id));
    m_decideBar->addSeparator();
    for (A id : { A::Undo, A::Redo })
        m_decideBar->addAction(m_review->action(id));
    m_decideBar->addSeparator();
    m_decideBar->addAction(m_review->action(A::AutoAdvance));
    m_decideBar->addSeparator();
    m_decideBar->addAction(m_export);
    m_decideBar->hide(); // shown with a review

    QMenu* review = menuBar()->addMenu(tr("&Review"));
    m_triggers = review->addAction(tr("&Triggers…"), this, &MainWindow::openTriggers);
    m_triggers->setObjectName(QStringLiteral("reviewTriggers"));
    m_triggers->setStatusTip(
        tr("The target's own triggers the merge script fires, as the last dry run found them: "
           "accept or revoke their effects by name"));
    m_triggers->setEnabled(false); // with a review

    QMenu* help = menuBar()->addMenu(tr("&Help"));
    m_userGuide = help->addAction(tr("&User Guide"), this, &MainWindow::showUserGuide);
    m_userGuide->setObjectName(QStringLiteral("helpUserGuide"));
    m_userGuide->setShortcut(QKeySequence::HelpContents);
    m_userGuide->setStatusTip(tr("The incident from first report to verified production, step by step"));
    help->addSeparator();
    help->addAction(tr("&About pgreconcile"), this, &MainWindow::showAbout);
}

void MainWindow::startStaging()
{
    m_welcome->setBusy(true);
    m_welcome->setStatus(tr("Starting the staging server…"));
    statusBar()->showMessage(tr("Starting the staging server…"));
    const Staging::Choice choice = m_options.staging;
    m_jobs.start([choice](const JobControl&) { return std::shared_ptr<Staging>(Staging::open(choice)); },
        [this](Outcome<std::shared_ptr<Staging>> outcome) {
            m_welcome->setBusy(false);
            if (!outcome.value) {
                m_welcome->setStatus(
                    tr("The staging server is not available: %1").arg(errorText(*outcome.error)), true);
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
            else if (m_newReviewPending)
                newReview();
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
    m_jobs.start(
        [staging](
            const JobControl&) { return DemoBuilder(*staging).build(DemoBuilder::Mode::ReuseOrCreate); },
        [this](Outcome<DemoBuilder::Result> outcome) {
            m_welcome->setBusy(false);
            if (!outcome.value) {
                m_welcome->setStatus(
                    tr("The demo could not be prepared: %1").arg(errorText(*outcome.error)), true);
                return;
            }
            m_welcome->setStatus(demoSummary(*outcome.value));
            Q_EMIT demoReady();
            openReview(QStringLiteral("demo"), DemoBuilder::databaseNames());
        });
}

QString MainWindow::demoSummary(const DemoBuilder::Result& demo)
{
    QStringList parts;
    for (const auto& database : demo.databases) {
        qint64 rows = 0;
        for (const auto& table : database.rowCounts)
            rows += table.second;
        parts.append(tr("%1 (%2 rows)").arg(database.name).arg(rows));
    }
    return tr("%1 the demo databases: %2.")
        .arg(demo.reused ? tr("Reused") : tr("Created"), parts.join(QStringLiteral(", ")));
}

void MainWindow::openReview(const QString& project, const QStringList& sides)
{
    if (!m_staging || m_job)
        return;
    m_pages->setCurrentWidget(m_review);
    m_decideBar->show();
    m_triggers->setEnabled(true);
    m_review->setProject(m_staging, project);
    m_review->setResults({});
    m_review->showProgress(0, tr("Opening the review \"%1\"…").arg(project));
    setWindowTitle(tr("%1 — pgreconcile").arg(project));
    std::shared_ptr<Staging> staging = m_staging;
    // Resuming is instant: a project with diff results opens as it is; otherwise it is loaded and diffed.
    m_jobs.start([staging, project](const JobControl&) { return Pipeline::status(*staging, project); },
        [this, project, sides](Outcome<Pipeline::Status> outcome) {
            if (!outcome.value) {
                failReview(*outcome.error);
                return;
            }
            QStringList interrupted;
            for (const InterruptedWork& work : outcome.value->interrupted)
                interrupted.append(describeInterruptedWork(work));
            if (!interrupted.isEmpty())
                showInterruptedWork(project, interrupted);
            if (outcome.value->diffed || sides.size() != 3)
                showStoredResults(project);
            else
                loadAndDiff(project, sides);
        });
}

void MainWindow::loadAndDiff(const QString& project, const QStringList& sides)
{
    auto* job = new PipelineJob(m_staging,
        { project, Settings().reviewerName(), sides.value(0), sides.value(1), sides.value(2), true }, this);
    m_job = job;
    connect(job, &PipelineJob::progress, m_review, &ReviewView::showProgress);
    connect(job, &PipelineJob::succeeded, this, [this, job, project] {
        job->deleteLater();
        showStoredResults(project);
    });
    connect(job, &PipelineJob::failed, this, [this, job](const Error& error) {
        job->deleteLater();
        const QString text = error.isCancellation()
            ? tr("Cancelled: the review keeps what was loaded and compared before.")
            : tr("The review could not be prepared: %1").arg(errorText(error));
        m_pages->setCurrentWidget(m_welcome);
        m_welcome->setStatus(text, !error.isCancellation());
        failReview(error, text);
    });
    job->start();
}

void MainWindow::failReview(const Error& error, const QString& text)
{
    m_review->hideProgress();
    statusBar()->showMessage(text.isEmpty() ? errorText(error) : text);
    if (!error.isCancellation())
        showError(this, tr("The review could not be opened"), error);
    Q_EMIT reviewFailed(error);
}

void MainWindow::showInterruptedWork(const QString& project, const QStringList& interrupted)
{
    // Not modal: the review opens behind it, as the work left it.
    auto* box = new QMessageBox(QMessageBox::Warning, tr("Interrupted work in \"%1\"").arg(project),
        tr("Work on this review did not finish. What it left behind has been removed; the review shows the "
           "state before it."),
        QMessageBox::Ok, this);
    box->setObjectName(QStringLiteral("interruptedWork"));
    box->setInformativeText(interrupted.join(QStringLiteral("\n\n")));
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->setModal(false);
    box->show();
    statusBar()->showMessage(tr("Interrupted work found in %1: see the message").arg(project));
}

void MainWindow::showStoredResults(const QString& project)
{
    std::shared_ptr<Staging> staging = m_staging;
    m_jobs.start(
        [staging, project](const JobControl&) { return Differ::stored(*Project::open(*staging, project)); },
        [this, project](Outcome<QList<TableDiffResult>> outcome) {
            if (!outcome.value) {
                failReview(*outcome.error);
                return;
            }
            m_review->hideProgress();
            m_review->setResults(*outcome.value);
            Settings settings;
            settings.addRecentProject(project);
            m_welcome->setRecentProjects(settings.recentProjects());
            qint64 conflicts = 0;
            for (const TableDiffResult& result : std::as_const(*outcome.value))
                conflicts += result.counts.value(reportName(ChangeClass::Conflict));
            statusBar()->showMessage(
                tr("%1: %2 tables, %3 conflicts").arg(project).arg(outcome.value->size()).arg(conflicts));
            Q_EMIT reviewReady(project);
        });
}

ExportDialog* MainWindow::exportDialog() const { return m_exportDialog; }

void MainWindow::setExportBlocker(const QString& blocker)
{
    m_export->setEnabled(blocker.isEmpty());
    const QString tip = blocker.isEmpty() ? tr("Write the merge script of this review")
                                          : tr("Export is not possible yet: %1").arg(blocker);
    m_export->setToolTip(tr("%1 (%2)").arg(tip, m_export->shortcut().toString(QKeySequence::NativeText)));
    // The status tip shows while the pointer is on the action; the review's counts in the status
    // bar carry the reason too, without covering the messages of each decision.
    m_export->setStatusTip(tip);
    m_reviewStatus->setToolTip(tip);
}

void MainWindow::openExport()
{
    if (!m_staging || m_review->project().isEmpty() || !m_export->isEnabled())
        return;
    if (m_exportDialog) {
        m_exportDialog->raise();
        m_exportDialog->activateWindow();
        return;
    }
    m_exportDialog = new ExportDialog(m_staging, m_review->project(), this);
    m_exportDialog->setAttribute(Qt::WA_DeleteOnClose);
    m_exportDialog->open();
}

TriggersDialog* MainWindow::triggersDialog() const { return m_triggersDialog; }

void MainWindow::openTriggers()
{
    if (!m_staging || m_review->project().isEmpty())
        return;
    if (m_triggersDialog) {
        m_triggersDialog->raise();
        m_triggersDialog->activateWindow();
        return;
    }
    m_triggersDialog = new TriggersDialog(m_staging, m_review->project(), this);
    m_triggersDialog->setAttribute(Qt::WA_DeleteOnClose);
    m_triggersDialog->open();
}

NewReviewDialog* MainWindow::newReviewDialog() const { return m_newReviewDialog; }

void MainWindow::newReview()
{
    if (m_newReviewDialog) {
        m_newReviewDialog->raise();
        m_newReviewDialog->activateWindow();
        return;
    }
    if (!m_staging) {
        m_newReviewPending = true; // opens once staging is up
        m_welcome->setStatus(
            tr("The staging server is still starting; the New Review dialog opens when it is up."));
        return;
    }
    m_newReviewPending = false;
    if (m_job) {
        statusBar()->showMessage(
            tr("A review is being prepared: wait until it opens, or cancel it first."), 8000);
        return;
    }
    m_newReviewDialog = new NewReviewDialog(m_staging, this);
    m_newReviewDialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(m_newReviewDialog, &NewReviewDialog::reviewCreated, this,
        [this](const QString& project) { openReview(project); });
    m_newReviewDialog->open();
}

void MainWindow::showUserGuide()
{
    if (!m_userGuideWindow) {
        m_userGuideWindow = new UserGuideWindow(this);
        m_userGuideWindow->setAttribute(Qt::WA_DeleteOnClose);
    }
    m_userGuideWindow->show();
    m_userGuideWindow->raise();
    m_userGuideWindow->activateWindow();
}

UserGuideWindow* MainWindow::userGuideWindow() const { return m_userGuideWindow; }

void MainWindow::showAbout()
{
    QMessageBox::about(this, tr("About pgreconcile"),
        tr("<h3>pgreconcile %1</h3><p>Reconciles two PostgreSQL databases that diverged, row by row, and "
           "exports the reviewed result as one transactional SQL script.</p>")
            .arg(QStringLiteral(PGRECONCILE_VERSION)));
}

void MainWindow::closeEvent(QCloseEvent* event)
{
    // A running job stops and rolls back; it holds staging until it has (the application waits
    // for the thread pool as it exits, never the window).
    if (m_job)
        m_job->cancel();
    m_jobs.dropAll();
    if (m_newReviewDialog)
        m_newReviewDialog->cancel();
    Settings settings;
    settings.setUiValue(QStringLiteral("mainWindow/geometry"), saveGeometry());
    settings.setUiValue(QStringLiteral("review/splitter"), m_review->splitter()->saveState());
    event->accept();
}

} // namespace pgr::ui
