// SPDX-License-Identifier: GPL-3.0-or-later
#include "reviewview.h"

#include "tabletreemodel.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonObject>
#include <QLabel>
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
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.3);
    titleFont.setBold(true);
    m_title->setFont(titleFont);
    m_details = new QLabel;
    m_details->setObjectName(QStringLiteral("tableDetails"));
    m_details->setWordWrap(true);
    m_details->setTextFormat(Qt::RichText);
    m_details->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    m_details->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto* detailPage = new QWidget;
    auto* detailLayout = new QVBoxLayout(detailPage);
    detailLayout->addWidget(m_title);
    detailLayout->addWidget(m_details, 1);
    auto* scroll = new QScrollArea;
    scroll->setWidgetResizable(true);
    scroll->setWidget(detailPage);

    m_splitter = new QSplitter;
    m_splitter->setObjectName(QStringLiteral("reviewSplitter"));
    m_splitter->addWidget(m_tree);
    m_splitter->addWidget(scroll);
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

void ReviewView::setProject(const QString& name)
{
    m_project = name;
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
    for (const TableDiffResult& result : std::as_const(m_results)) {
        if (result.plan.tableId != tableId)
            continue;
        const TablePlan& plan = result.plan;
        m_title->setText(plan.qualifiedName());
        QString html = QStringLiteral("<table cellspacing=6>");
        auto row = [&](const QString& label, const QString& value) {
            html += QStringLiteral("<tr><td><b>%1</b></td><td>%2</td></tr>").arg(label.toHtmlEscaped(), value);
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
        row(tr("Changes"), QString::number(result.changes));
        html += QStringLiteral("</table>");
        if (!plan.drift.isEmpty()) {
            html += QStringLiteral("<h4>%1</h4><ul>").arg(tr("Schema drift"));
            for (const auto& entry : plan.drift) {
                const QJsonObject drift = entry.toObject();
                const QString column = drift.value(QStringLiteral("column")).toString();
                html += QStringLiteral("<li>%1%2</li>")
                            .arg(column.isEmpty() ? QString() : QStringLiteral("<b>%1</b>: ").arg(column.toHtmlEscaped()),
                                drift.value(QStringLiteral("detail")).toString().toHtmlEscaped());
            }
            html += QStringLiteral("</ul>");
        }
        if (!result.error.isEmpty())
            html += QStringLiteral("<p style='color:#c01c28'>%1</p>").arg(result.error.toHtmlEscaped());
        m_details->setText(html);
        return;
    }
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
