// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "error.h"
#include "jobtracker.h"
#include "loader.h"
#include "pipeline.h"
#include "side.h"

#include <QDialog>
#include <QPointer>
#include <array>
#include <memory>
#include <optional>

class QCheckBox;
class QComboBox;
class QDialogButtonBox;
class QGridLayout;
class QHBoxLayout;
class QGroupBox;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QStackedWidget;
class QTimer;
class QWidget;

namespace pgr {
class Staging;
}

namespace pgr::ui {

class PipelineJob;

// File > New Review: names the review project and its sides (base optional, source, target),
// each a connection string (or a database in staging), host/port/database/user fields, or a
// pg_dump output, optionally one schema of it. Test checks a side off the UI thread. OK creates
// the project and has PipelineJob load and diff it, with overall and per-table progress and a
// Cancel that stops it; a failure stays in the dialog to be fixed and retried. A password typed
// here lives in the line edit and the running job only: it is never written to the settings or
// the project (libpq's ~/.pgpass, PGPASSFILE and service files work as usual). The sides' other
// fields are remembered in the settings for the next review.
class NewReviewDialog final : public QDialog
{
    Q_OBJECT
public:
    // The ways a side is described, in the order of the side's "From" list.
    enum class Kind
    {
        Connection, // a libpq URI or key=value string, or the name of a database in staging
        Server, // host, port, database and user fields
        Dump, // a pg_dump file or directory-format folder
    };

    enum class TestState
    {
        NotRun,
        Running,
        Passed,
        Failed,
    };

    explicit NewReviewDialog(std::shared_ptr<Staging> staging, QWidget* parent = nullptr);
    ~NewReviewDialog() override;

    QString projectName() const;
    Kind kind(Side side) const;
    void setKind(Side side, Kind kind);
    bool isSideEmpty(Side side) const;
    // The side as the loader reads it, with a password typed in the dialog. Throws pgr::Error
    // when its description does not parse.
    SideSource sideSource(Side side) const;
    // The side without any password, as it is remembered in the settings.
    QString storableDescription(Side side) const;

    // Why OK is not possible now ("give the source …"), or empty. Shown under the sides.
    QString blocker() const { return m_blockerText; }

    // The side's Test button: checks it off the UI thread and shows the result next to it.
    void testSide(Side side);
    TestState testState(Side side) const;

    // OK: creates the project (unless it is this dialog's own from an earlier try, or reloading
    // an existing one was ticked), then loads and diffs it. cancel() stops that run.
    void start();
    void cancel();
    bool isRunning() const { return m_running; }

    // While a run goes on, closing the dialog (Esc, Cancel, the window's close button) cancels
    // the run instead; the dialog closes once nothing runs.
    void reject() override;

Q_SIGNALS:
    // side is "base", "source" or "target"; text is what the dialog shows next to the side.
    void sideTested(const QString& side, bool ok, const QString& text);
    // The run failed (the error as core says it) or was cancelled (error.isCancellation()).
    void runFailed(const pgr::Error& error);
    // Loaded and diffed: the main window opens the review. The dialog closes.
    void reviewCreated(const QString& project);

private:
    struct SideWidgets
    {
        QGroupBox* box = nullptr;
        QComboBox* kind = nullptr;
        QStackedWidget* pages = nullptr;
        QLineEdit* connection = nullptr;
        QLineEdit* host = nullptr;
        QLineEdit* port = nullptr;
        QLineEdit* database = nullptr;
        QLineEdit* user = nullptr;
        QLineEdit* dump = nullptr;
        QPushButton* dumpFile = nullptr;
        QPushButton* dumpFolder = nullptr;
        QLineEdit* schema = nullptr;
        QLabel* passwordLabel = nullptr;
        QLineEdit* password = nullptr;
        QPushButton* test = nullptr;
        QLabel* resultIcon = nullptr;
        QLabel* result = nullptr;
        TestState testState = TestState::NotRun;
        std::unique_ptr<JobTracker> tests; // of what the side holds now
    };

    QGridLayout* createNameRow();
    void createProgressPanel();
    QHBoxLayout* createMessage();
    QDialogButtonBox* createButtons();
    void setTabOrder();
    QGroupBox* createSide(Side side, const QString& title, const QString& explanation);
    void createSideFields(Side side);
    void createSideExtras(Side side);
    QStackedWidget* createSidePages(Side side);
    void layOutSide(Side side, const QString& text);
    void connectSide(Side side);
    SideWidgets& widgets(Side side) { return m_sides[std::size_t(side)]; }
    const SideWidgets& widgets(Side side) const { return m_sides[std::size_t(side)]; }
    void sideEdited(Side side);
    void showSideResult(Side side, TestState state, const QString& text);
    void showPasswordField(Side side);
    void projectNameEdited();
    void checkProjectName();
    // Recomputes the blocker and what OK and the fields allow.
    void updateState();
    QString sideBlocker(Side side) const;
    void setRunning(bool running);
    void showProgress(int permille, const QString& text);
    void showTableProgress(const QString& step, const QString& table, int tablesDone, int tablesTotal);
    void showMessage(const QString& text, bool isError);
    void loadAndDiff(const QString& name, const QString& reviewer, const QList<SideToLoad>& sources);
    // error is empty when the run succeeded
    void finishRun(const QString& project, const std::optional<Error>& error);
    void loadSettings();
    void saveSettings() const;
    void chooseDump(Side side, bool folder);

    std::shared_ptr<Staging> m_staging;
    std::array<SideWidgets, 3> m_sides;
    QLineEdit* m_name = nullptr;
    QLabel* m_nameStatus = nullptr;
    QCheckBox* m_reloadExisting = nullptr;
    QTimer* m_nameCheck = nullptr;
    JobTracker m_nameJobs { this }; // does the name exist?
    JobTracker m_runJobs { this };
    QString m_existingName; // the name last found to exist in staging
    QString m_ownProject; // created by this dialog in an earlier try: rerunnable
    QWidget* m_progressPanel = nullptr;
    QProgressBar* m_overall = nullptr;
    QLabel* m_overallText = nullptr;
    QProgressBar* m_tables = nullptr;
    QLabel* m_tablesText = nullptr;
    QLabel* m_messageIcon = nullptr;
    QLabel* m_message = nullptr;
    QLabel* m_blocker = nullptr;
    QPushButton* m_ok = nullptr;
    QPushButton* m_cancel = nullptr;
    QString m_blockerText;
    QPointer<PipelineJob> m_job;
    bool m_running = false;
    bool m_cancelRequested = false;
};

} // namespace pgr::ui
