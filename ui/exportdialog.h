// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "dryrun.h"
#include "jobtracker.h"
#include "scriptwriter.h"

#include <QDialog>
#include <memory>

class QCheckBox;
class QDialogButtonBox;
class QFormLayout;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QComboBox;
class QSpinBox;
class QTimer;
class QsciScintilla;

namespace pgr {
class Project;
class Staging;
class VerifyReport;
} // namespace pgr

namespace pgr::ui {

class TriggersPanel;

// File > Export merge script: the script as ScriptWriter writes it, previewed read-only with the
// SQL lexer, its options (which write the preview again), whether the decisions are approved, and
// Save. The script is written off the UI thread, both for the preview (of which only the first
// kPreviewLimit bytes are kept) and for saving (straight into a QSaveFile, so a huge script is
// never held in memory and a failed write leaves the old file alone).
// Dry Run writes the script with the current options to a temporary file and has core's DryRun
// apply it with psql to a fresh copy of the target in staging and verify the copy, off the UI
// thread and cancellable; the verdict stays on screen. While anything is undecided the dialog
// says why and offers neither Save nor Dry Run.
class ExportDialog final : public QDialog
{
    Q_OBJECT
public:
    static constexpr qint64 kPreviewLimit = 2 * 1024 * 1024;
    // Mismatches listed in the dialog after a failed dry run (the count says how many in all).
    static constexpr int kMismatchesShown = 8;

    enum class DryRunState
    {
        NotRun,
        Running,
        Passed,
        Failed,
        Cancelled
    };

    ExportDialog(std::shared_ptr<Staging> staging, const QString& project, QWidget* parent = nullptr);
    ~ExportDialog() override;

    ScriptWriter::Options options() const;
    QsciScintilla* preview() const { return m_preview; }
    // Writes the script to path (atomically); the Save… button asks for the path first.
    void saveTo(const QString& path);
    // Starts a dry run with the current options (the Dry Run button); cancelDryRun stops it.
    void startDryRun();
    void cancelDryRun();
    DryRunState dryRunState() const { return m_dryRunState; }
    // Why the project cannot be exported now (undecided changes, …), or empty.
    const QString& blocker() const { return m_blocker; }
    // The target's triggers, shown after a dry run whose differences they explain: accepting one
    // there writes the preview (its header names them) and runs the dry run again.
    TriggersPanel* triggersPanel() const { return m_triggers; }

Q_SIGNALS:
    void previewReady();
    void previewFailed(const QString& error);
    // Export is not possible yet; reason as Review::exportBlocker() says it.
    void exportBlocked(const QString& reason);
    void saved(const QString& path, const QString& error);
    // A dry run ended (not emitted when it was cancelled); summary is the verdict as plain text.
    void dryRunFinished(bool passed, const QString& summary);

protected:
    void changeEvent(QEvent* event) override;

private:
    struct PreviewResult;

    void createPreview();
    QFormLayout* createOptions();
    void createLabels();
    void createDryRunPanel();
    void createTriggersBox();
    QDialogButtonBox* createButtons();
    void connectOptions();
    void showPreview(const PreviewResult& result);
    static void writeScriptFile(Project& project, const ScriptWriter::Options& options, const QString& path,
        const JobControl& control);
    void showDryRunStarted();
    void showDryRunError(const Error& error);
    // Copying the live target needs its password: asked for, kept in memory, and the run again.
    void askTargetPassword(const Error& error);
    void showDryRunResult(const DryRunResult& dry);
    void showDryRunPassed(
        const DryRunResult& dry, const VerifyReport& report, const QString& unchecked, const QString& copy);
    void showDryRunMismatches(const DryRunResult& dry, const VerifyReport& report, const QString& copy);
    void applyPalette();
    QString coloured(const QString& html) const;
    void regenerate();
    void save();
    void updateButtons();
    void showDryRunBusy(const QString& text);
    void finishDryRun(DryRunState state, const QString& html, const QString& summary);
    void updateDryRunStaleness();
    void showTriggers(bool explainDifferences);

    std::shared_ptr<Staging> m_staging;
    QString m_project;
    JobTracker m_previewJobs { this };
    JobTracker m_saveJobs { this };
    JobTracker m_dryRunJobs { this };
    DryRunState m_dryRunState = DryRunState::NotRun;
    ScriptWriter::Options m_dryRunOptions; // those of the last dry run
    QString m_targetPassword; // typed for the dry run's copy of a live target; never stored
    QString m_dryRunHtml; // its verdict
    QString m_blocker;
    QString m_blockerHtml; // its explanation, with the colour stand-ins
    bool m_previewReady = false;
    bool m_saving = false;
    QsciScintilla* m_preview = nullptr;
    QComboBox* m_format = nullptr;
    QSpinBox* m_batchSize = nullptr;
    QCheckBox* m_disableTriggers = nullptr;
    QLineEdit* m_lockTimeout = nullptr;
    QTimer* m_regenerateDelay = nullptr;
    QLabel* m_summary = nullptr;
    QLabel* m_approval = nullptr;
    QLabel* m_status = nullptr;
    QLabel* m_blockerLabel = nullptr;
    QWidget* m_dryRunBusy = nullptr;
    QProgressBar* m_dryRunProgress = nullptr;
    QLabel* m_dryRunStage = nullptr;
    QPushButton* m_dryRunCancelButton = nullptr;
    QTimer* m_dryRunClock = nullptr;
    qint64 m_dryRunStarted = 0; // msecs since epoch
    QLabel* m_dryRunResult = nullptr;
    QWidget* m_triggersBox = nullptr;
    TriggersPanel* m_triggers = nullptr;
    bool m_dryRunWhenPreviewReady = false; // after an acceptance: the new preview, then a dry run
    QPushButton* m_save = nullptr;
    QPushButton* m_dryRun = nullptr;
    QString m_lastDir;
};

} // namespace pgr::ui
