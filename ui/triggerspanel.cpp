// SPDX-License-Identifier: GPL-3.0-or-later
#include "triggerspanel.h"

#include "errorbox.h"
#include "project.h"
#include "settings.h"
#include "staging.h"

#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace pgr::ui {

namespace {

QString effectsText(const TargetTriggers::Finding& finding)
{
    return finding.effects.isEmpty() ? TriggersPanel::tr("nothing the dry run saw") : finding.effects;
}

QString acceptedText(const TargetTriggers::Finding& finding)
{
    return finding.accepted ? TriggersPanel::tr("accepted by %1").arg(finding.acceptedBy)
                            : TriggersPanel::tr("not accepted");
}

} // namespace

TriggersPanel::TriggersPanel(std::shared_ptr<Staging> staging, const QString& project, QWidget* parent)
    : QWidget(parent)
    , m_staging(std::move(staging))
    , m_project(project)
{
    setObjectName(QStringLiteral("triggersPanel"));
    m_list = new QTreeWidget;
    m_list->setObjectName(QStringLiteral("triggerList"));
    m_list->setColumnCount(ColumnCount);
    m_list->setHeaderLabels({ tr("Trigger"), tr("What it changed in the last dry run"), tr("Accepted") });
    m_list->setRootIsDecorated(false);
    m_list->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_list->setUniformRowHeights(true);
    m_list->header()->setSectionResizeMode(NameColumn, QHeaderView::ResizeToContents);
    m_list->header()->setSectionResizeMode(EffectsColumn, QHeaderView::Stretch);
    m_list->header()->setSectionResizeMode(AcceptedColumn, QHeaderView::ResizeToContents);
    m_list->header()->setStretchLastSection(false);
    connect(m_list, &QTreeWidget::itemSelectionChanged, this, &TriggersPanel::updateButtons);
    connect(m_list, &QTreeWidget::currentItemChanged, this, &TriggersPanel::showCurrent);

    m_detail = new QLabel;
    m_detail->setObjectName(QStringLiteral("triggerDetail"));
    m_detail->setWordWrap(true);
    m_detail->setTextFormat(Qt::RichText);
    m_detail->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_message = new QLabel;
    m_message->setObjectName(QStringLiteral("triggerMessage"));
    m_message->setWordWrap(true);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);

    m_accept = new QPushButton(tr("&Accept Selected"));
    m_accept->setObjectName(QStringLiteral("acceptTriggers"));
    m_accept->setToolTip(
        tr("Accept what the selected triggers do to the rows, under your reviewer name: a dry run "
           "whose only differences are the effects of accepted triggers passes"));
    m_revoke = new QPushButton(tr("&Revoke Selected"));
    m_revoke->setObjectName(QStringLiteral("revokeTriggers"));
    m_revoke->setToolTip(tr("Take the acceptance of the selected triggers back"));
    connect(m_accept, &QPushButton::clicked, this, [this] { store(true); });
    connect(m_revoke, &QPushButton::clicked, this, [this] { store(false); });
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_message, 1);
    buttons->addWidget(m_accept);
    buttons->addWidget(m_revoke);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_list, 1);
    layout->addWidget(m_detail);
    layout->addLayout(buttons);
    updateButtons();
}

void TriggersPanel::reload()
{
    std::shared_ptr<Staging> staging = m_staging;
    const QString project = m_project;
    m_loadJobs.start(
        [staging, project](const JobControl&) {
            auto opened = Project::open(*staging, project);
            return TargetTriggers(opened->connection()).lastDryRun();
        },
        [this](Outcome<QList<TargetTriggers::Finding>> outcome) {
            if (!outcome.value) {
                m_message->setText(errorText(*outcome.error));
                Q_EMIT loaded(outcome.errorText());
                return;
            }
            showFindings(*outcome.value);
            Q_EMIT loaded({});
        });
}

void TriggersPanel::showFindings(const QList<TargetTriggers::Finding>& findings)
{
    // The selection survives a reload: the reviewer accepts, then looks again.
    QStringList selected = selectedNames(true) + selectedNames(false);
    const QString current = m_list->currentItem() ? m_list->currentItem()->text(NameColumn) : QString();
    m_findings = findings;
    m_list->clear();
    for (const TargetTriggers::Finding& finding : findings) {
        auto* item
            = new QTreeWidgetItem(m_list, { finding.name, effectsText(finding), acceptedText(finding) });
        for (int column = 0; column < ColumnCount; ++column)
            item->setToolTip(column,
                tr("%1\n%2\nChanged: %3").arg(finding.name, finding.definition, effectsText(finding)));
        item->setSelected(selected.contains(finding.name));
        if (finding.name == current)
            m_list->setCurrentItem(item, 0, QItemSelectionModel::NoUpdate);
    }
    if (!m_list->currentItem() && m_list->topLevelItemCount() > 0)
        m_list->setCurrentItem(m_list->topLevelItem(0), 0, QItemSelectionModel::NoUpdate);
    if (findings.isEmpty())
        m_message->setText(
            tr("The last dry run found no trigger of the target on the tables the script writes."));
    showCurrent();
    updateButtons();
}

void TriggersPanel::showCurrent()
{
    QTreeWidgetItem* item = m_list->currentItem();
    const int row = item ? m_list->indexOfTopLevelItem(item) : -1;
    if (row < 0 || row >= m_findings.size()) {
        m_detail->clear();
        return;
    }
    const TargetTriggers::Finding& finding = m_findings.at(row);
    m_detail->setText(tr("<b>%1</b> (%2)<br><tt>%3</tt><br>Changed in the last dry run: %4")
                          .arg(finding.name.toHtmlEscaped(), acceptedText(finding).toHtmlEscaped(),
                              finding.definition.toHtmlEscaped(), effectsText(finding).toHtmlEscaped()));
}

QStringList TriggersPanel::selectedNames(bool accepted) const
{
    QStringList names;
    const QList<QTreeWidgetItem*> items = m_list->selectedItems();
    for (QTreeWidgetItem* item : items) {
        const int row = m_list->indexOfTopLevelItem(item);
        if (row >= 0 && row < m_findings.size() && m_findings.at(row).accepted == accepted)
            names.append(m_findings.at(row).name);
    }
    return names;
}

void TriggersPanel::updateButtons()
{
    m_accept->setEnabled(!m_busy && !selectedNames(false).isEmpty());
    m_revoke->setEnabled(!m_busy && !selectedNames(true).isEmpty());
}

void TriggersPanel::store(bool accept)
{
    const QStringList names = selectedNames(!accept);
    if (names.isEmpty() || m_busy)
        return;
    m_busy = true;
    updateButtons();
    const QString by = Settings().reviewerName();
    m_message->setText(accept ? tr("Accepting %1…").arg(names.join(QStringLiteral(", ")))
                              : tr("Revoking %1…").arg(names.join(QStringLiteral(", "))));
    std::shared_ptr<Staging> staging = m_staging;
    const QString project = m_project;
    m_storeJobs.start(
        [staging, project, names, accept, by](const JobControl&) {
            auto opened = Project::open(*staging, project);
            TargetTriggers triggers(opened->connection());
            if (accept)
                triggers.accept(names, by);
            else
                triggers.revoke(names);
            return true;
        },
        [this, names, accept, by](Outcome<bool> outcome) {
            m_busy = false;
            if (!outcome.value) {
                m_message->setText(tr("Not stored: %1").arg(errorText(*outcome.error)));
                updateButtons();
                Q_EMIT acceptanceChanged(outcome.errorText());
                return;
            }
            m_message->setText(accept ? tr("Accepted by %1: %2").arg(by, names.join(QStringLiteral(", ")))
                                      : tr("Revoked: %1").arg(names.join(QStringLiteral(", "))));
            reload();
            Q_EMIT acceptanceChanged({});
        });
}

TriggersDialog::TriggersDialog(std::shared_ptr<Staging> staging, const QString& project, QWidget* parent)
    : QDialog(parent)
{
    setObjectName(QStringLiteral("triggersDialog"));
    setWindowTitle(tr("Target's Triggers — %1").arg(project));
    m_intro = new QLabel(
        tr("The target's own triggers that the merge script fires, as the last dry run found them. "
           "What they do to the rows (a timestamp, an audit row) is not the script's doing: a dry run "
           "passes only once each trigger that changed something is accepted by name. Run a dry run "
           "from File ▸ Export Merge Script… to find them."));
    m_intro->setWordWrap(true);
    m_panel = new TriggersPanel(std::move(staging), project);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_intro);
    layout->addWidget(m_panel, 1);
    layout->addWidget(buttons);
    resize(900, 420);
    m_panel->reload();
}

} // namespace pgr::ui
