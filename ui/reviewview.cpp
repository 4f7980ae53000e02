// SPDX-License-Identifier: GPL-3.0-or-later
#include "reviewview.h"

#include "background.h"
#include "changelistmodel.h"
#include "project.h"
#include "rowview.h"
#include "staging.h"
#include "tabletreemodel.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QTableView>
#include <QTimer>
#include <QProgressBar>
#include <QPushButton>
#include <QScrollArea>
#include <QSplitter>
#include <QTreeView>
#include <QVBoxLayout>

namespace pgr::ui {

namespace {

QString listOrNone(const QStringList& list)
{
    return list.isEmpty() ? ReviewView::tr("none") : list.join(QStringLiteral(", ")).toHtmlEscaped();
}

} // namespace

ReviewView::ReviewView(QWidget* parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("reviewView"));
    m_model = new TableTreeModel(this);
    m_tree = new QTreeView;
    m_tree->setObjectName(QStringLiteral("tableTree"));
    m_tree->setModel(m_model);
    m_tree->setUniformRowHeights(true);
    m_tree->setAlternatingRowColors(true);
    m_tree->header()->setStretchLastSection(true);
    m_tree->header()->setSectionResizeMode(TableTreeModel::NameColumn, QHeaderView::ResizeToContents);
    m_tree->header()->setSectionResizeMode(TableTreeModel::CountColumn, QHeaderView::ResizeToContents);
    connect(m_tree->selectionModel(), &QItemSelectionModel::currentChanged, this,
        [this](const QModelIndex& current) { showTable(current); });

    m_title = new QLabel;
    QFont titleFont = m_title->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.2);
    titleFont.setBold(true);
    m_title->setFont(titleFont);
    m_details = new QLabel;
    m_details->setObjectName(QStringLiteral("tableDetails"));
    m_details->setWordWrap(true);
    m_details->setTextFormat(Qt::RichText);
    m_details->setTextInteractionFlags(Qt::TextSelectableByMouse);

    m_filter = new QLineEdit;
    m_filter->setObjectName(QStringLiteral("changeFilter"));
    m_filter->setPlaceholderText(tr("Filter: text in the key or in the source or target row"));
    m_filter->setClearButtonEnabled(true);
    m_filterDelay = new QTimer(this);
    m_filterDelay->setSingleShot(true);
    m_filterDelay->setInterval(300);
    connect(m_filter, &QLineEdit::textChanged, m_filterDelay, qOverload<>(&QTimer::start));
    connect(m_filterDelay, &QTimer::timeout, this, &ReviewView::reloadChanges);

    m_changes = new ChangeListModel(this);
    m_changeTable = new QTableView;
    m_changeTable->setObjectName(QStringLiteral("changeTable"));
    m_changeTable->setModel(m_changes);
    m_changeTable->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_changeTable->setSelectionMode(QAbstractItemView::SingleSelection);
    m_changeTable->setAlternatingRowColors(true);
    m_changeTable->verticalHeader()->setDefaultSectionSize(m_changeTable->fontMetrics().height() + 6);
    m_changeTable->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_changeTable->horizontalHeader()->setStretchLastSection(true);
    m_changeTable->horizontalHeader()->resizeSection(ChangeListModel::KeyColumn, 160);
    connect(m_changeTable->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &ReviewView::showCurrentChange);
    // A page that arrives for the selected row shows it.
    connect(m_changes, &ChangeListModel::pageLoaded, this, [this] {
        if (m_changeTable->currentIndex().isValid() && m_changes->change(m_changeTable->currentIndex().row()))
            showCurrentChange();
    });
    connect(m_changes, &ChangeListModel::countKnown, this, [this](qint64 count) {
        if (count > 0 && !m_changeTable->currentIndex().isValid())
            m_changeTable->setCurrentIndex(m_changes->index(0, 0));
    });

    auto* listPage = new QWidget;
    auto* listLayout = new QVBoxLayout(listPage);
    listLayout->setContentsMargins(0, 0, 0, 0);
    listLayout->addWidget(m_title);
    listLayout->addWidget(m_details);
    listLayout->addWidget(m_filter);
    listLayout->addWidget(m_changeTable, 1);

    m_rowView = new RowView;
    m_rightSplitter = new QSplitter(Qt::Vertical);
    m_rightSplitter->addWidget(listPage);
    m_rightSplitter->addWidget(m_rowView);
    m_rightSplitter->setStretchFactor(0, 2);
    m_rightSplitter->setStretchFactor(1, 3);

    m_splitter = new QSplitter;
    m_splitter->setObjectName(QStringLiteral("reviewSplitter"));
    m_splitter->addWidget(m_tree);
    m_splitter->addWidget(m_rightSplitter);
    m_splitter->setStretchFactor(0, 2);
    m_splitter->setStretchFactor(1, 3);

    m_progress = new QProgressBar;
    m_progress->setRange(0, 1000);
    m_progressText = new QLabel;
    m_cancel = new QPushButton(tr("Cancel"));
    m_cancel->setObjectName(QStringLiteral("cancelButton"));
    connect(m_cancel, &QPushButton::clicked, this, &ReviewView::cancelRequested);
    m_progressBox = new QWidget;
    auto* progressLayout = new QHBoxLayout(m_progressBox);
    progressLayout->setContentsMargins(0, 0, 0, 0);
    progressLayout->addWidget(m_progressText, 1);
    progressLayout->addWidget(m_progress, 1);
    progressLayout->addWidget(m_cancel);
    m_progressBox->hide();

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_progressBox);
    layout->addWidget(m_splitter, 1);
}

void ReviewView::setProject(std::shared_ptr<Staging> staging, const QString& name)
{
    m_staging = std::move(staging);
    m_project = name;
    m_tableId = 0;
    m_changes->clear();
    m_rowView->showMessage(tr("Select a change to see its rows."));
    m_title->setText(tr("Review \"%1\"").arg(name));
    m_details->setText(tr("Select a table on the left to see how it was compared."));
}

void ReviewView::setResults(const QList<TableDiffResult>& results)
{
    m_results = results;
    m_model->setResults(results);
    m_tree->expandAll();
    qint64 conflicts = 0, changes = 0;
    for (const TableDiffResult& result : results) {
        conflicts += result.counts.value(QStringLiteral("conflict"));
        changes += result.changes;
    }
    m_details->setText(tr("%1 tables, %2 changes, %3 conflicts to decide. Select a table to see how it was compared.")
                           .arg(results.size())
                           .arg(changes)
                           .arg(conflicts));
    // Start where the work is: the first table with conflicts.
    for (int row = 0; row < m_model->rowCount(); ++row) {
        if (m_results.at(row).counts.value(QStringLiteral("conflict")) > 0) {
            m_tree->setCurrentIndex(m_model->index(row, 0));
            break;
        }
    }
}

void ReviewView::showTable(const QModelIndex& index)
{
    if (!index.isValid())
        return;
    const int tableId = index.data(TableTreeModel::TableIdRole).toInt();
    const QString changeClass = index.data(TableTreeModel::ChangeClassRole).toString();
    if (tableId != m_tableId || changeClass != m_changeClass) {
        m_tableId = tableId;
        m_changeClass = changeClass;
        reloadChanges();
    }
    for (const TableDiffResult& result : std::as_const(m_results)) {
        if (result.plan.tableId != tableId)
            continue;
        const TablePlan& plan = result.plan;
        m_title->setText(plan.qualifiedName());
        QString html = QStringLiteral("<table cellspacing=2>");
        auto row = [&](const QString& label, const QString& value) {
            html += QStringLiteral("<tr><td><b>%1</b>&nbsp;&nbsp;</td><td>%2</td></tr>").arg(label.toHtmlEscaped(), value);
        };
        row(tr("Comparison"), !plan.skipReason.isEmpty() ? tr("not compared: %1").arg(plan.skipReason.toHtmlEscaped())
                : plan.threeWay                          ? tr("three-way (base, source, target)")
                                                         : tr("two-way (source, target)"));
        row(tr("Key"), plan.keyless() ? tr("none: rows compared as a multiset") : tr("%1 (%2)").arg(listOrNone(plan.key), plan.keyOrigin));
        row(tr("Compared columns"), listOrNone(plan.compared));
        if (!plan.comparedByText.isEmpty())
            row(tr("Compared by text"), listOrNone(plan.comparedByText));
        if (!plan.ignored.isEmpty())
            row(tr("Ignored"), listOrNone(plan.ignored));
        if (!plan.drift.isEmpty()) {
            QStringList notes;
            for (const auto& entry : plan.drift) {
                const QJsonObject drift = entry.toObject();
                const QString column = drift.value(QStringLiteral("column")).toString();
                notes.append((column.isEmpty() ? QString() : QStringLiteral("<b>%1</b>: ").arg(column.toHtmlEscaped()))
                    + drift.value(QStringLiteral("detail")).toString().toHtmlEscaped());
            }
            row(tr("Schema drift"), notes.join(QStringLiteral("<br>")));
        }
        html += QStringLiteral("</table>");
        if (!result.error.isEmpty())
            html += QStringLiteral("<p style='color:#c01c28'>%1</p>").arg(result.error.toHtmlEscaped());
        m_details->setText(html);
        return;
    }
}

void ReviewView::reloadChanges()
{
    if (!m_staging || m_tableId == 0)
        return;
    m_rowView->showMessage(tr("Select a change to see its rows."));
    m_changes->setSource(m_staging, m_project, { m_tableId, m_changeClass, m_filter->text().trimmed() });
}

void ReviewView::showCurrentChange()
{
    const QModelIndex current = m_changeTable->currentIndex();
    const ChangeRow* change = current.isValid() ? m_changes->change(current.row()) : nullptr;
    if (!change)
        return; // its page is on its way; pageLoaded brings us back
    const ChangeRow row = *change;
    const quint64 request = ++m_rowRequest;
    std::shared_ptr<Staging> staging = m_staging;
    const QString project = m_project;
    const int tableId = m_tableId;
    runInBackground<ChangeRows>(
        this,
        [staging, project, tableId, row] {
            auto connection = staging->connect(Project::databaseFor(project));
            return RowFetcher::fetch(*connection, tableId, row.key,
                row.changeClass == QStringLiteral("column_merge") ? row.sourceColumns : QStringList());
        },
        [this, request, row](Outcome<ChangeRows> outcome) {
            if (request != m_rowRequest)
                return; // the user moved on
            if (!outcome.value) {
                m_rowView->showMessage(outcome.error);
                return;
            }
            m_rowView->showChange(row, *outcome.value);
            Q_EMIT rowsShown();
        });
}

void ReviewView::showProgress(int permille, const QString& text)
{
    m_progressBox->show();
    m_cancel->setEnabled(true);
    m_progress->setValue(permille);
    m_progressText->setText(text);
}

void ReviewView::hideProgress()
{
    m_progressBox->hide();
}

} // namespace pgr::ui
