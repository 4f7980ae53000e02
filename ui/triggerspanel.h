// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "jobtracker.h"
#include "triggers.h"

#include <QDialog>
#include <QWidget>
#include <memory>

class QLabel;
class QPushButton;
class QTreeWidget;

namespace pgr {
class Staging;
}

namespace pgr::ui {

// The target's own triggers that the merge script fires, as the last dry run found them
// (TargetTriggers): each with what it changed there and who accepted it. Accept and Revoke act
// on the selected triggers, by name, recorded under the reviewer's name from the settings (as
// decisions are), off the UI thread. The export dialog shows it after a dry run that the
// triggers explain; the Review menu's Triggers… shows it in a dialog of its own.
class TriggersPanel final : public QWidget
{
    Q_OBJECT
public:
    enum Column
    {
        NameColumn,
        EffectsColumn,
        AcceptedColumn,
        ColumnCount
    };

    TriggersPanel(std::shared_ptr<Staging> staging, const QString& project, QWidget* parent = nullptr);

    // Reads the last dry run's findings again.
    void reload();
    const QList<TargetTriggers::Finding>& findings() const { return m_findings; }
    QTreeWidget* list() const { return m_list; }
    QPushButton* acceptButton() const { return m_accept; }
    QPushButton* revokeButton() const { return m_revoke; }

Q_SIGNALS:
    // The findings are on screen (error empty) or could not be read.
    void loaded(const QString& error);
    // An acceptance or revocation was stored (error empty) or refused.
    void acceptanceChanged(const QString& error);

private:
    void showFindings(const QList<TargetTriggers::Finding>& findings);
    void showCurrent();
    void updateButtons();
    QStringList selectedNames(bool accepted) const;
    void store(bool accept);

    std::shared_ptr<Staging> m_staging;
    QString m_project;
    QList<TargetTriggers::Finding> m_findings;
    bool m_busy = false;
    QTreeWidget* m_list = nullptr;
    QLabel* m_detail = nullptr;
    QLabel* m_message = nullptr;
    QPushButton* m_accept = nullptr;
    QPushButton* m_revoke = nullptr;
    JobTracker m_loadJobs { this };
    JobTracker m_storeJobs { this };
};

// Review > Triggers…: the panel above with a word on what accepting means.
class TriggersDialog final : public QDialog
{
    Q_OBJECT
public:
    TriggersDialog(std::shared_ptr<Staging> staging, const QString& project, QWidget* parent = nullptr);
    TriggersPanel* panel() const { return m_panel; }

private:
    TriggersPanel* m_panel = nullptr;
    QLabel* m_intro = nullptr;
};

} // namespace pgr::ui
