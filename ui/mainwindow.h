// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "demo.h"
#include "error.h"
#include "jobtracker.h"
#include "staging.h"

#include <QMainWindow>
#include <QPointer>
#include <memory>

class QAction;
class QLabel;
class QStackedWidget;
class QToolBar;

namespace pgr::ui {

class ExportDialog;
class NewReviewDialog;
class PipelineJob;
class TriggersDialog;
class UserGuideWindow;
class ReviewView;
class WelcomeView;

class MainWindow final : public QMainWindow
{
    Q_OBJECT
public:
    struct Options
    {
        Staging::Choice staging;
        bool openDemo = false; // build and open the demo as soon as staging is up
    };

    explicit MainWindow(Options options, QWidget* parent = nullptr);
    ~MainWindow() override;

    WelcomeView* welcomeView() const { return m_welcome; }
    ReviewView* reviewView() const { return m_review; }
    // Staging once it is up, else nullptr (it starts in the background).
    Staging* staging() const { return m_staging.get(); }
    QAction* exportAction() const { return m_export; }
    // Review > Triggers…: the target's triggers the last dry run found, to accept or revoke.
    QAction* triggersAction() const { return m_triggers; }
    TriggersDialog* triggersDialog() const;
    QToolBar* decideToolBar() const { return m_decideBar; }
    // "decided / total, N conflicts left" in the status bar.
    QLabel* reviewStatus() const { return m_reviewStatus; }
    // The export dialog while it is open.
    ExportDialog* exportDialog() const;
    // The New Review dialog while it is open.
    NewReviewDialog* newReviewDialog() const;
    // Help > User Guide (F1), and its window once opened.
    QAction* userGuideAction() const { return m_userGuide; }
    UserGuideWindow* userGuideWindow() const;

Q_SIGNALS:
    void stagingReady();
    void demoReady();
    // The review of a project is on screen with its diff results.
    void reviewReady(const QString& project);
    // Loading or diffing failed or was cancelled (error.isCancellation()).
    void reviewFailed(const pgr::Error& error);

protected:
    void closeEvent(QCloseEvent* event) override;

private:
    void createMenus();
    void startStaging();
    void openDemo();
    // Shows a project's review; loads and diffs the given sides first when the project has no
    // diff results yet.
    void openReview(const QString& project, const QStringList& sides = {});
    void loadAndDiff(const QString& project, const QStringList& sides);
    void showStoredResults(const QString& project);
    // Shows why a review could not be opened (text, else the error's) and tells reviewFailed.
    void failReview(const Error& error, const QString& text = {});
    static QString demoSummary(const DemoBuilder::Result& demo);
    void showInterruptedWork(const QString& project, const QStringList& interrupted);
    void newReview();
    void showAbout();
    void showUserGuide();
    void openExport();
    void openTriggers();
    void setExportBlocker(const QString& blocker);

    Options m_options;
    std::shared_ptr<Staging> m_staging;
    QStackedWidget* m_pages = nullptr;
    WelcomeView* m_welcome = nullptr;
    ReviewView* m_review = nullptr;
    JobTracker m_jobs { this };
    QPointer<PipelineJob> m_job; // loading and diffing a review
    QAction* m_export = nullptr;
    QAction* m_triggers = nullptr;
    QAction* m_userGuide = nullptr;
    QToolBar* m_decideBar = nullptr;
    QLabel* m_reviewStatus = nullptr;
    QPointer<ExportDialog> m_exportDialog;
    QPointer<TriggersDialog> m_triggersDialog;
    QPointer<NewReviewDialog> m_newReviewDialog;
    QPointer<UserGuideWindow> m_userGuideWindow;
    bool m_demoPending = false;
    bool m_newReviewPending = false;
};

} // namespace pgr::ui
