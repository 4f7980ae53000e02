// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "scriptwriter.h"

#include <QDialog>
#include <atomic>
#include <memory>

class QCheckBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;
class QTimer;
class QsciScintilla;

namespace pgr {
class Staging;
}

namespace pgr::ui {

// File > Export merge script: the script as ScriptWriter writes it, previewed read-only with the
// SQL lexer, its options (which write the preview again), whether the decisions are approved, and
// Save. The script is written off the UI thread, both for the preview (of which only the first
// kPreviewLimit bytes are kept) and for saving (straight into a QSaveFile, so a huge script is
// never held in memory and a failed write leaves the old file alone).
class ExportDialog final : public QDialog
{
    Q_OBJECT
public:
    static constexpr qint64 kPreviewLimit = 2 * 1024 * 1024;

    ExportDialog(std::shared_ptr<Staging> staging, const QString& project, QWidget* parent = nullptr);
    ~ExportDialog() override;

    ScriptWriter::Options options() const;
    QsciScintilla* preview() const { return m_preview; }
    // Writes the script to path (atomically); the Save… button asks for the path first.
    void saveTo(const QString& path);

Q_SIGNALS:
    void previewReady();
    void previewFailed(const QString& error);
    void saved(const QString& path, const QString& error);

private:
    void regenerate();
    void save();
    void setBusy(bool busy);

    std::shared_ptr<Staging> m_staging;
    QString m_project;
    quint64 m_generation = 0;
    std::shared_ptr<std::atomic<bool>> m_cancel;
    QsciScintilla* m_preview = nullptr;
    QSpinBox* m_batchSize = nullptr;
    QCheckBox* m_disableTriggers = nullptr;
    QLineEdit* m_lockTimeout = nullptr;
    QTimer* m_regenerateDelay = nullptr;
    QLabel* m_summary = nullptr;
    QLabel* m_approval = nullptr;
    QLabel* m_status = nullptr;
    QPushButton* m_save = nullptr;
    QPushButton* m_dryRun = nullptr;
    QString m_lastDir;
};

} // namespace pgr::ui
