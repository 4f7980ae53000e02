// SPDX-License-Identifier: GPL-3.0-or-later
#include "reviewview.h"

#include "changelistmodel.h"
#include "errorbox.h"
#include "project.h"
#include "rekey.h"
#include "review.h"
#include "rowview.h"
#include "settings.h"
#include "staging.h"
#include "tabletreemodel.h"
#include "theme.h"

#include <QAction>
#include <QEvent>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QScrollArea>
#include <QSplitter>
#include <QStyle>
#include <QTableView>
#include <QTimer>
#include <QTreeView>
#include <QVBoxLayout>

namespace pgr::ui {

namespace {

QString listOrNone(const QStringList& list)
{
    return list.isEmpty() ? ReviewView::tr("none") : list.join(QStringLiteral(", ")).toHtmlEscaped();
}

// The tooltip says what an action does and its shortcut as currently mapped, so a remapped
// shortcut (QAction::setShortcut) shows up by itself.
void updateToolTip(QAction* action)
{
    const QString tip = action->property("pgrTip").toString();
    const QString shortcut = action->shortcut().toString(QKeySequence::NativeText);
    const QString text = shortcut.isEmpty() ? tip : ReviewView::tr("%1 (%2)").arg(tip, shortcut);
    if (action->toolTip() != text)
        action->setToolTip(text);
    if (action->statusTip() != tip)
        action->setStatusTip(tip);
}

void setTip(QAction* action, const QString& tip)
{
    action->setProperty("pgrTip", tip);
    updateToolTip(action);
}

struct StateSummary
{
    ReviewState state;
    QString blocker;
};

// A navigation target (or none); wrapped because Outcome<std::optional<…>> reads badly.
struct Destination
{
    std::optional<ChangeId> change;
};

} // namespace

ReviewView::ReviewView(QWidget* parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("reviewView"));
    createTableTree();
    createHeader();
    createFilter();
    createChangeList();
    connectChangeList();
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

    createProgress();
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_progressBox);
    layout->addWidget(m_splitter, 1);
    createActions();
    updateActions();
}

// The tables and their groups of changes, with the bulk decisions in their context menu.
void ReviewView::createTableTree()
{
    m_model = new TableTreeModel(this);
    m_tree = new QTreeView;
    m_tree->setObjectName(QStringLiteral("tableTree"));
    m_tree->setModel(m_model);
    m_tree->setUniformRowHeights(true);
    m_tree->setAlternatingRowColors(true);
    m_tree->header()->setStretchLastSection(true);
    m_tree->header()->setSectionResizeMode(TableTreeModel::NameColumn, QHeaderView::ResizeToContents);
    m_tree->header()->setSectionResizeMode(TableTreeModel::CountColumn, QHeaderView::ResizeToContents);
    m_tree->header()->setSectionResizeMode(TableTreeModel::DecidedColumn, QHeaderView::ResizeToContents);
    connect(m_tree->selectionModel(), &QItemSelectionModel::currentChanged, this,
        [this](const QModelIndex& current) { showTable(current); });
    m_tree->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(m_tree, &QWidget::customContextMenuRequested, this, [this](const QPoint& pos) {
        const QModelIndex index = m_tree->indexAt(pos);
        if (!index.isValid())
            return;
        Selection selection;
        selection.tables = { index.data(TableTreeModel::QualifiedNameRole).toString() };
        selection.changeClass
            = fromReportName<ChangeClass>(index.data(TableTreeModel::ChangeClassRole).toString());
        const QString where = !selection.changeClass
            ? selection.tables.first()
            : tr("%1, %2").arg(selection.tables.first(), index.siblingAtColumn(0).data().toString());
        showBulkMenu(m_tree->viewport()->mapToGlobal(pos), selection, where);
    });
}

void ReviewView::createHeader()
{
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
}

void ReviewView::createFilter()
{
    m_filter = new QLineEdit;
    m_filter->setObjectName(QStringLiteral("changeFilter"));
    m_filter->setPlaceholderText(tr("Filter: text, column = value, column > value, or keys [10]..[20]"));
    m_filter->setToolTip(tr(
        "Text: changes whose key, source row or target row contains it (any case); \"in quotes\" for text "
        "with = < >.\n"
        "column = value (or <>): changes whose source or target row has exactly that text in that column.\n"
        "column < value (<=, >, >=): ordered as the column's type (numbers, dates).\n"
        "[10]..[20]: keys from 10 to 20; [10].. or ..[20] for an open end.\n"
        "The bulk decisions of the list's menu decide exactly the changes listed."));
    m_filter->setClearButtonEnabled(true);
    m_filterDelay = new QTimer(this);
    m_filterDelay->setSingleShot(true);
    m_filterDelay->setInterval(300);
    connect(m_filter, &QLineEdit::textChanged, m_filterDelay, qOverload<>(&QTimer::start));
    connect(m_filterDelay, &QTimer::timeout, this, &ReviewView::reloadChanges);
}

void ReviewView::createChangeList()
{
    m_changes = new ChangeListModel(this);
    m_changeTable = new QTableView;
    m_changeTable->setObjectName(QStringLiteral("changeTable"));
    m_changeTable->setModel(m_changes);
    m_changeTable->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_changeTable->setSelectionMode(QAbstractItemView::SingleSelection);
    // Tab leaves the list: moving cell by cell it wrapped from the last row to the first and changed
    // the current change under the reviewer's eyes, so the next Ctrl+1 decided a row not read.
    m_changeTable->setTabKeyNavigation(false);
    m_changeTable->setAlternatingRowColors(true);
    m_changeTable->verticalHeader()->setDefaultSectionSize(m_changeTable->fontMetrics().height() + 6);
    m_changeTable->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_changeTable->horizontalHeader()->setStretchLastSection(true);
    m_changeTable->horizontalHeader()->resizeSection(ChangeListModel::KeyColumn, 130);
    m_changeTable->horizontalHeader()->setSectionResizeMode(ChangeListModel::FlagColumn, QHeaderView::Fixed);
    m_changeTable->horizontalHeader()->resizeSection(
        ChangeListModel::FlagColumn, style()->pixelMetric(QStyle::PM_SmallIconSize) + 16);
    m_changeTable->horizontalHeader()->resizeSection(ChangeListModel::DecisionColumn, decisionColumnWidth());
    m_changeTable->horizontalHeader()->resizeSection(ChangeListModel::SourceColumnsColumn, 200);
}

// The list shows the change under the cursor, selects the first once counted, and offers the
// bulk decisions of exactly what it lists.
void ReviewView::connectChangeList()
{
    connect(m_changeTable->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
        &ReviewView::showCurrentChange);
    // A page that arrives for the selected row shows it (again, after a decision changed it).
    connect(m_changes, &ChangeListModel::pageLoaded, this, [this] {
        if (m_changeTable->currentIndex().isValid() && m_changes->change(m_changeTable->currentIndex().row()))
            showCurrentChange();
        updateActions();
    });
    connect(m_changes, &ChangeListModel::countKnown, this, [this](qint64 count) {
        m_listReady = true;
        if (m_pendingRow >= 0 && m_pendingRow < count) {
            selectRow(std::exchange(m_pendingRow, -1));
            return;
        }
        m_pendingRow = -1;
        // A change being gone to is selected when its position arrives: the first row is not
        // selected meanwhile, or a key pressed in between would decide it and the selection
        // would jump away after.
        if (!m_positionPending)
            selectFirstRowIfNone();
        updateActions();
    });
    m_changeTable->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(m_changeTable, &QWidget::customContextMenuRequested, this, [this](const QPoint& pos) {
        if (m_tableId == 0)
            return;
        // Exactly the list on screen: its table, class and filter, read once.
        const Selection selection = m_changes->selection();
        QString where = selection.tables.value(0);
        if (selection.changeClass)
            where = tr("%1, %2").arg(where, reportName(selection.changeClass).replace(u'_', u' '));
        if (!m_filter->text().trimmed().isEmpty())
            where = tr("%1, matching \"%2\"").arg(where, m_filter->text().trimmed());
        showBulkMenu(m_changeTable->viewport()->mapToGlobal(pos), selection, where);
    });
}

// Loading and diffing a review shows here, with a Cancel.
void ReviewView::createProgress()
{
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
}

void ReviewView::createActions()
{
    struct Spec
    {
        ActionId id;
        QString text;
        QString tip;
        QKeySequence shortcut;
        QString name;
    };
    const Spec specs[] = {
        { TakeSource, tr("Take &Source"), tr("Take the source's row"), QKeySequence(Qt::CTRL | Qt::Key_1),
            QStringLiteral("takeSource") },
        { KeepTarget, tr("Keep &Target"), tr("Keep the target's row as it is"),
            QKeySequence(Qt::CTRL | Qt::Key_2), QStringLiteral("keepTarget") },
        { AcceptMerge, tr("Accept &Merge"), tr("Accept the merged row of a column merge"),
            QKeySequence(Qt::CTRL | Qt::Key_3), QStringLiteral("acceptMerge") },
        { Rekey, tr("&Re-key"), tr("Insert the source's row under a fresh key"),
            QKeySequence(Qt::CTRL | Qt::Key_R), QStringLiteral("rekey") },
        { MapOntoTarget, tr("Ma&p onto Target's Row"),
            tr("The source's row is the target's row it collides with: carry over the rows that reference "
               "it, pointing there"),
            QKeySequence(Qt::CTRL | Qt::Key_4), QStringLiteral("mapOntoTarget") },
        { EditRow, tr("&Edit Row"), tr("Edit the result row by hand"), QKeySequence(Qt::CTRL | Qt::Key_E),
            QStringLiteral("editRow") },
        { ApplyEdit, tr("&Apply Edit"), tr("Store the edited row (PostgreSQL checks it first)"),
            QKeySequence(Qt::CTRL | Qt::Key_Return), QStringLiteral("applyEdit") },
        { CancelEdit, tr("Cancel Edit"), tr("Leave the edit without storing it"),
            QKeySequence(Qt::Key_Escape), QStringLiteral("cancelEdit") },
        { NextChange, tr("&Next Change"), tr("Go to the next change in the list"),
            QKeySequence(Qt::ALT | Qt::Key_Down), QStringLiteral("nextChange") },
        { PreviousChange, tr("&Previous Change"), tr("Go to the previous change in the list"),
            QKeySequence(Qt::ALT | Qt::Key_Up), QStringLiteral("previousChange") },
        { NextConflict, tr("Next &Undecided Conflict"), tr("Go to the next undecided conflict, in any table"),
            QKeySequence(Qt::CTRL | Qt::Key_Down), QStringLiteral("nextConflict") },
        { PreviousConflict, tr("Previous Undecided &Conflict"),
            tr("Go to the previous undecided conflict, in any table"), QKeySequence(Qt::CTRL | Qt::Key_Up),
            QStringLiteral("previousConflict") },
        { Undo, tr("&Undo Decision"), tr("Undo the latest decision (a bulk decision as a whole)"),
            QKeySequence(Qt::CTRL | Qt::Key_Z), QStringLiteral("undoDecision") },
        { Redo, tr("Re&do Decision"), tr("Redo the decision undone last"),
            QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Z), QStringLiteral("redoDecision") },
        { AutoAdvance, tr("A&uto-Advance"), tr("After a decision, go to the next undecided conflict"),
            QKeySequence(), QStringLiteral("autoAdvance") },
    };
    for (const Spec& spec : specs) {
        auto* action = new QAction(spec.text, this);
        action->setObjectName(spec.name);
        action->setShortcut(spec.shortcut);
        setTip(action, spec.tip);
        connect(action, &QAction::changed, this, [action] { updateToolTip(action); });
        addAction(action);
        m_actions[spec.id] = action;
    }
    connect(m_actions[TakeSource], &QAction::triggered, this, [this] { decide(Action::TakeSource); });
    connect(m_actions[KeepTarget], &QAction::triggered, this, [this] { decide(Action::KeepTarget); });
    connect(m_actions[AcceptMerge], &QAction::triggered, this, [this] { decide(Action::Merge); });
    connect(m_actions[Rekey], &QAction::triggered, this, [this] { decide(Action::Rekey); });
    connect(m_actions[MapOntoTarget], &QAction::triggered, this, [this] { decide(Action::MapOntoTarget); });
    connect(m_actions[EditRow], &QAction::triggered, this, &ReviewView::beginEdit);
    connect(m_actions[ApplyEdit], &QAction::triggered, this, &ReviewView::applyEdit);
    connect(m_actions[CancelEdit], &QAction::triggered, this, &ReviewView::cancelEdit);
    connect(m_actions[NextChange], &QAction::triggered, this, [this] { moveChange(1); });
    connect(m_actions[PreviousChange], &QAction::triggered, this, [this] { moveChange(-1); });
    connect(m_actions[NextConflict], &QAction::triggered, this, [this] { goToUndecided(true); });
    connect(m_actions[PreviousConflict], &QAction::triggered, this, [this] { goToUndecided(false); });
    connect(m_actions[Undo], &QAction::triggered, this, [this] { undoRedo(false); });
    connect(m_actions[Redo], &QAction::triggered, this, [this] { undoRedo(true); });
    // The toolbar shows these by shorter names where a language's full ones would not fit.
    m_actions[PreviousConflict]->setIconText(tr("Previous Undecided Conflict", "toolbar"));
    m_actions[NextConflict]->setIconText(tr("Next Undecided Conflict", "toolbar"));
    m_actions[Undo]->setIconText(tr("Undo Decision", "toolbar"));
    m_actions[Redo]->setIconText(tr("Redo Decision", "toolbar"));
    m_actions[AutoAdvance]->setIconText(tr("Auto-Advance", "toolbar"));
    QAction* advance = m_actions[AutoAdvance];
    advance->setCheckable(true);
    const QVariant stored = Settings().uiValue(QStringLiteral("review/autoAdvance"));
    advance->setChecked(stored.isValid() ? stored.toBool() : true);
    connect(advance, &QAction::toggled, this,
        [](bool on) { Settings().setUiValue(QStringLiteral("review/autoAdvance"), on); });
}

// Wide enough for the longest decision text in the language shown, with its dot.
int ReviewView::decisionColumnWidth() const
{
    const QFontMetrics metrics = m_changeTable->fontMetrics();
    int width = 0;
    for (const DecisionState state :
        { DecisionState::Undecided, DecisionState::None, DecisionState::Decided, DecisionState::Default }) {
        for (const Action action :
            { Action::TakeSource, Action::KeepTarget, Action::Edit, Action::Merge, Action::Rekey }) {
            ChangeRow row;
            row.state = state;
            row.action = action;
            width = std::max(width, metrics.horizontalAdvance(ChangeListModel::decisionText(row)));
        }
    }
    const int icon = m_changeTable->style()->pixelMetric(QStyle::PM_SmallIconSize, nullptr, m_changeTable);
    return width + icon + 4 * metrics.averageCharWidth();
}

QString ReviewView::tableName(int tableId) const
{
    for (const TableDiffResult& result : m_results) {
        if (result.plan.tableId == tableId)
            return result.plan.qualifiedName();
    }
    return {};
}

std::optional<ChangeRow> ReviewView::shownChange() const
{
    const QModelIndex current = m_changeTable->currentIndex();
    const ChangeRow* row = current.isValid() ? m_changes->change(current.row()) : nullptr;
    if (!row || !m_shown || m_shownTableId != m_tableId || row->key != m_shown->key
        || row->changeClass != m_shown->changeClass)
        return std::nullopt;
    return *row; // the list's copy: it carries the latest decision state
}

void ReviewView::updateActions()
{
    const std::optional<ChangeRow> change = shownChange();
    const bool editing = m_rowView->editing();
    const bool ready = m_staging && !m_busy;
    const bool decidable = ready && change && change->state != DecisionState::None && !editing;
    bool keyless = false;
    for (const TableDiffResult& result : std::as_const(m_results)) {
        if (result.plan.tableId == m_tableId)
            keyless = result.plan.keyless();
    }
    // A unique collision taken as it is would fail on the target's unique constraint.
    const bool uniqueCollision = change && change->kind == ChangeKind::UniqueCollision;
    m_actions[TakeSource]->setEnabled(decidable && !uniqueCollision);
    setTip(m_actions[TakeSource],
        uniqueCollision
            ? tr("Take Source is not possible here: the target has another row with the same unique values "
                 "(see the rows below); keep the target, map the row onto the target's, or edit it")
            : tr("Take the source's row"));
    m_actions[MapOntoTarget]->setEnabled(decidable && uniqueCollision);
    setTip(m_actions[MapOntoTarget],
        uniqueCollision
            ? tr("The source's row is the target's row it collides with: carry over the rows that reference "
                 "it, pointing there")
            : tr("Map onto Target's Row: only for a unique collision (the same row added on both sides)"));
    m_actions[KeepTarget]->setEnabled(decidable);
    m_actions[AcceptMerge]->setEnabled(decidable && change->changeClass == ChangeClass::ColumnMerge);
    m_actions[EditRow]->setEnabled(decidable && !keyless);

    // Re-key is offered only where it can work; otherwise the tooltip and status tip say why.
    QString rekeyWhyNot;
    if (!change || change->changeClass != ChangeClass::Conflict
        || (change->kind != ChangeKind::InsertInsert && change->kind != ChangeKind::IdCollision))
        rekeyWhyNot = tr("Re-key: only for an insert/insert or an id collision (both sides inserted the same "
                         "key, or the same id in it)");
    else if (!m_rekeyWhyNot.contains(m_tableId))
        rekeyWhyNot = tr("Re-key: checking whether this table's keys can be re-keyed…");
    else if (!m_rekeyWhyNot.value(m_tableId).isEmpty())
        rekeyWhyNot = tr("Re-key is not possible here: %1").arg(m_rekeyWhyNot.value(m_tableId));
    m_actions[Rekey]->setEnabled(decidable && rekeyWhyNot.isEmpty());
    setTip(m_actions[Rekey],
        rekeyWhyNot.isEmpty() ? tr("Insert the source's row under a fresh key") : rekeyWhyNot);

    m_actions[ApplyEdit]->setEnabled(ready && editing);
    m_actions[CancelEdit]->setEnabled(editing);
    const int row = m_changeTable->currentIndex().isValid() ? m_changeTable->currentIndex().row() : -1;
    m_actions[NextChange]->setEnabled(!editing && row + 1 < m_changes->rowCount());
    m_actions[PreviousChange]->setEnabled(!editing && row > 0);
    m_actions[NextConflict]->setEnabled(ready && !editing);
    m_actions[PreviousConflict]->setEnabled(ready && !editing);
    // While editing, Ctrl+Z belongs to the editor.
    m_actions[Undo]->setEnabled(ready && !editing);
    m_actions[Redo]->setEnabled(ready && !editing);
}

void ReviewView::checkRekey(int tableId)
{
    if (m_rekeyWhyNot.contains(tableId) || !m_staging)
        return;
    const QString table = tableName(tableId);
    m_rekeyJobs.start(
        [connection = m_connection, table](const JobControl&) {
            return connection->with([&table](Project& project) {
                return pgr::Rekey::whyNot(ProjectTables::read(project.connection()).find(table));
            });
        },
        [this, tableId](Outcome<QString> outcome) {
            m_rekeyWhyNot.insert(tableId, outcome.value ? *outcome.value : errorText(*outcome.error));
            updateActions();
        });
}

void ReviewView::runDecision(const QString& what, std::function<DecisionOutcome(Decisions&)> work,
    bool advance, std::function<void(const QString&)> refused)
{
    if (!m_staging || m_busy)
        return;
    m_busy = true;
    updateActions();
    // The reviewer decided what is shown: a navigation still on its way must not move away from it.
    m_navJobs.dropAll();
    m_positionPending = false;
    std::shared_ptr<Staging> staging = m_staging;
    const QString project = m_project;
    // A decision has its own connection: it writes, and may take long while the view reads on.
    m_decisionJobs.start(
        [staging, project, work](const JobControl&) {
            auto opened = Project::open(*staging, project);
            Decisions decisions(*opened);
            return work(decisions);
        },
        [this, what, advance, refused](Outcome<DecisionOutcome> outcome) {
            m_busy = false;
            if (!outcome.value) {
                // With a place of its own for the reason (the edit's), the status bar only points there.
                const QString error = errorText(*outcome.error);
                if (refused)
                    refused(error);
                Q_EMIT statusMessage(refused
                        ? tr("%1: refused, nothing stored (the reason is under the rows)").arg(what)
                        : tr("%1: refused: %2").arg(what, error));
                updateActions();
                Q_EMIT decisionFinished(error);
                return;
            }
            const qint64 decided = outcome.value->decided;
            QString text = decided == 1 ? tr("%1: 1 change decided").arg(what)
                                        : tr("%1: %2 changes decided").arg(what).arg(decided);
            if (!outcome.value->skipped.isEmpty())
                text += tr("; skipped: %1").arg(outcome.value->skipped.join(QStringLiteral("; ")));
            if (!outcome.value->voidedApproval.isEmpty())
                text += tr("; %1").arg(outcome.value->voidedApproval);
            if (!outcome.value->orphans.isEmpty())
                text += tr("; check: these rows would point at parents the merge leaves absent: %1")
                            .arg(outcome.value->orphans.join(QStringLiteral("; ")));
            Q_EMIT statusMessage(text);
            if (m_rowView->editing())
                m_rowView->endEdit();
            m_changes->refresh();
            refreshState();
            if (advance && m_actions[AutoAdvance]->isChecked())
                goToUndecided(true);
            updateActions();
            Q_EMIT decisionFinished(QString());
        });
}

void ReviewView::decide(Action action)
{
    const std::optional<ChangeRow> change = shownChange();
    if (!change)
        return;
    const QString table = tableName(m_tableId);
    const QString key = change->key;
    const QString changeClass = reportName(change->changeClass);
    const QString what = tr("%1 %2: %3").arg(table, key, ChangeListModel::actionText(action));
    runDecision(
        what,
        [=](Decisions& decisions) {
            if (action == Action::Rekey)
                return decisions.rekey(table, key);
            return decisions.decide(table, key, action, {}, changeClass);
        },
        true);
}

void ReviewView::beginEdit()
{
    const std::optional<ChangeRow> change = shownChange();
    if (!change)
        return;
    // Start from what the reviewer most likely wants to adjust: an earlier edit, else the
    // target's row (what is there now), else the source's.
    QString row = change->action == Action::Edit ? change->editedRow : QString();
    if (row.isEmpty())
        row = !m_shownRows.target.isEmpty() ? m_shownRows.target : m_shownRows.source;
    const auto keys
        = [this](ActionId id) { return m_actions[id]->shortcut().toString(QKeySequence::NativeText); };
    m_rowView->beginEdit(row,
        tr("Edit the row as JSON. %1 stores it once PostgreSQL accepts it; %2 cancels.")
            .arg(keys(ApplyEdit), keys(CancelEdit)));
    updateActions();
}

void ReviewView::applyEdit()
{
    const std::optional<ChangeRow> change = shownChange();
    if (!change || !m_rowView->editing())
        return;
    const QString table = tableName(m_tableId);
    const QString key = change->key;
    const QString row = m_rowView->editedText();
    m_rowView->setEditError(QString());
    runDecision(
        tr("%1 %2: edited row").arg(table, key),
        [=](Decisions& decisions) { return decisions.edit(table, key, row); }, true,
        [this](const QString& error) {
            // Nothing was stored: the edit stays open with PostgreSQL's reason under it.
            m_rowView->setEditError(tr("Not stored: %1").arg(error));
        });
}

void ReviewView::cancelEdit()
{
    m_rowView->endEdit();
    updateActions();
}

void ReviewView::undoRedo(bool redo)
{
    runDecision(
        redo ? tr("Redo") : tr("Undo"),
        [redo](Decisions& decisions) { return redo ? decisions.redo() : decisions.undo(); }, false);
}

void ReviewView::moveChange(int delta)
{
    const int row
        = (m_changeTable->currentIndex().isValid() ? m_changeTable->currentIndex().row() : -1) + delta;
    if (row < 0 || row >= m_changes->rowCount())
        return;
    selectRow(row);
}

void ReviewView::selectRow(qint64 row)
{
    const QModelIndex index = m_changes->index(int(row), 0);
    if (!index.isValid())
        return;
    if (index == m_changeTable->currentIndex())
        showCurrentChange();
    else
        m_changeTable->setCurrentIndex(index);
    m_changeTable->scrollTo(index);
    updateActions();
}

void ReviewView::goToUndecided(bool forward)
{
    if (!m_staging)
        return;
    std::optional<ChangeId> from;
    if (const std::optional<ChangeRow> change = shownChange())
        from = ChangeId { m_tableId, tableName(m_tableId), change->key, *change->changeClass, change->kind };
    m_navJobs.start(
        [connection = m_connection, from, forward](const JobControl&) {
            return connection->with([&](Project& opened) {
                // Past the last (or before the first) it wraps around, as KDiff3 does.
                if (forward) {
                    Review review(opened);
                    std::optional<ChangeId> next = review.nextUndecided(from);
                    if (!next && from)
                        next = review.nextUndecided(std::nullopt);
                    return Destination { next };
                }
                std::optional<ChangeId> previous = ChangeQuery::previousUndecided(opened.connection(), from);
                if (!previous && from)
                    previous = ChangeQuery::previousUndecided(opened.connection(), std::nullopt);
                return Destination { previous };
            });
        },
        [this](Outcome<Destination> outcome) {
            if (!outcome.value) {
                Q_EMIT statusMessage(errorText(*outcome.error));
                return;
            }
            if (!outcome.value->change) {
                Q_EMIT statusMessage(tr("No undecided conflicts left."));
                return;
            }
            goToChange(*outcome.value->change);
        });
}

void ReviewView::selectFirstRowIfNone()
{
    if (m_changes->rowCount() > 0 && !m_changeTable->currentIndex().isValid())
        m_changeTable->setCurrentIndex(m_changes->index(0, 0));
}

void ReviewView::goToChange(const ChangeId& change)
{
    QModelIndex target;
    for (int row = 0; row < m_model->rowCount() && !target.isValid(); ++row) {
        const QModelIndex table = m_model->index(row, 0);
        if (table.data(TableTreeModel::TableIdRole).toInt() != change.tableId)
            continue;
        target = table;
        for (int group = 0; group < m_model->rowCount(table); ++group) {
            const QModelIndex child = m_model->index(group, 0, table);
            if (child.data(TableTreeModel::ChangeClassRole).toString() == reportName(change.changeClass))
                target = child;
        }
    }
    if (!target.isValid())
        return;
    // A list of the whole table also holds the change; otherwise show its group.
    if (!(m_tableId == change.tableId && !m_changeClass))
        m_tree->setCurrentIndex(target);
    m_tree->scrollTo(target);
    const Selection selection = m_changes->selection();
    m_positionPending = true;
    m_navJobs.start(
        [connection = m_connection, selection, change](const JobControl&) {
            return connection->with([&](Project& opened) {
                return ChangeQuery::position(opened.connection(), ProjectTables::read(opened.connection()),
                    selection, change.key, change.changeClass);
            });
        },
        [this, change](Outcome<qint64> outcome) {
            m_positionPending = false;
            if (!outcome.value || *outcome.value < 0) {
                if (m_listReady)
                    selectFirstRowIfNone();
                Q_EMIT statusMessage(outcome.value
                        ? tr("%1 %2 is hidden by the filter.").arg(change.table, change.key)
                        : errorText(*outcome.error));
                return;
            }
            if (m_listReady)
                selectRow(*outcome.value);
            else
                m_pendingRow = *outcome.value;
        });
}

void ReviewView::showBulkMenu(const QPoint& globalPos, const Selection& selection, const QString& where)
{
    QMenu menu(this);
    const bool enabled = m_staging && !m_busy;
    menu.addAction(tr("Take Source for All Undecided Here…"), this,
            [this, selection, where] { bulkDecide(selection, Action::TakeSource, where); })
        ->setEnabled(enabled);
    menu.addAction(tr("Keep Target for All Undecided Here…"), this,
            [this, selection, where] { bulkDecide(selection, Action::KeepTarget, where); })
        ->setEnabled(enabled);
    // Overwriting defaults and earlier decisions is its own, named action.
    Selection overwriting = selection;
    overwriting.scope = Selection::Scope::Everything;
    menu.addSeparator();
    menu.addAction(tr("Take Source for All Here, Overwriting Defaults and Decisions…"), this,
            [this, overwriting, where] { bulkDecide(overwriting, Action::TakeSource, where); })
        ->setEnabled(enabled);
    menu.addAction(tr("Keep Target for All Here, Overwriting Defaults and Decisions…"), this,
            [this, overwriting, where] { bulkDecide(overwriting, Action::KeepTarget, where); })
        ->setEnabled(enabled);
    menu.exec(globalPos);
}

void ReviewView::bulkDecide(const Selection& selection, Action action, const QString& where)
{
    const bool overwriting = selection.scope != Selection::Scope::Undecided;
    // First how many it would touch (off the UI thread), then the reviewer confirms.
    m_bulkPreviewJobs.start(
        [connection = m_connection, selection, action](const JobControl&) {
            return connection->with(
                [&](Project& opened) { return Decisions(opened).preview(selection, action); });
        },
        [this, selection, action, where, overwriting](Outcome<qint64> outcome) {
            if (!outcome.value) {
                Q_EMIT statusMessage(errorText(*outcome.error));
                return;
            }
            const QString verb = ChangeListModel::actionText(action);
            const qint64 count = *outcome.value;
            if (count == 0) {
                QMessageBox::information(this, tr("Nothing to decide"),
                    overwriting ? tr("No change to decide in %1.").arg(where)
                                : tr("No undecided change in %1.").arg(where));
                return;
            }
            const QString question = overwriting
                ? tr("%1 for %2 change(s) in %3, overwriting their defaults and earlier decisions?")
                      .arg(verb)
                      .arg(count)
                      .arg(where)
                : (count == 1 ? tr("%1 for the 1 undecided change in %2?").arg(verb, where)
                              : tr("%1 for %2 undecided changes in %3?").arg(verb).arg(count).arg(where));
            const auto answer = QMessageBox::question(this, tr("Decide in bulk"), question,
                QMessageBox::Yes | QMessageBox::Cancel, QMessageBox::Cancel);
            if (answer != QMessageBox::Yes)
                return;
            // The count confirmed is the count decided: bulk() refuses if it changed meanwhile.
            runDecision(
                overwriting ? tr("%1 for all in %2").arg(verb, where)
                            : tr("%1 for all undecided in %2").arg(verb, where),
                [selection, action, count](
                    Decisions& decisions) { return decisions.bulk(selection, action, {}, count); },
                false);
        });
}

void ReviewView::refreshState()
{
    if (!m_staging)
        return;
    // A newer count supersedes one on its way (so does another project).
    m_stateJobs.start(
        [connection = m_connection](const JobControl&) {
            return connection->with([](Project& opened) {
                Review review(opened);
                return StateSummary { review.state(), review.exportBlocker() };
            });
        },
        [this](Outcome<StateSummary> outcome) {
            if (!outcome.value) {
                Q_EMIT reviewStateChanged(errorText(*outcome.error), errorText(*outcome.error));
                return;
            }
            m_model->setProgress(outcome.value->state.tables);
            const TableReviewState& total = outcome.value->state.total;
            const qint64 left = total.undecided;
            const QString conflicts = left == 1 ? tr("1 conflict left") : tr("%1 conflicts left").arg(left);
            QString summary = tr("%1 decided / %2 total, %3")
                                  .arg(total.changes() - left)
                                  .arg(total.changes())
                                  .arg(conflicts);
            if (total.flagged > 0)
                summary += total.flagged == 1 ? tr(", 1 flagged for a look")
                                              : tr(", %1 flagged for a look").arg(total.flagged);
            Q_EMIT reviewStateChanged(summary, outcome.value->blocker);
        });
}

void ReviewView::setProject(std::shared_ptr<Staging> staging, const QString& name)
{
    m_staging = std::move(staging);
    m_project = name;
    m_connection = std::make_shared<ProjectConnection>(m_staging, name);
    m_tableId = 0;
    m_shown.reset();
    m_rekeyWhyNot.clear();
    m_pendingRow = -1;
    m_navJobs.dropAll();
    m_positionPending = false;
    m_stateJobs.dropAll();
    m_changes->clear();
    m_rowView->showMessage(tr("Select a change to see its rows."));
    m_title->setText(tr("Review \"%1\"").arg(name));
    m_details->setText(tr("Select a table on the left to see how it was compared."));
    updateActions();
}

void ReviewView::setResults(const QList<TableDiffResult>& results)
{
    m_results = results;
    m_model->setResults(results);
    m_tree->expandAll();
    qint64 conflicts = 0, changes = 0;
    for (const TableDiffResult& result : results) {
        conflicts += result.counts.value(reportName(ChangeClass::Conflict));
        changes += result.changes;
    }
    m_details->setText(
        tr("%1 tables, %2 changes, %3 conflicts to decide. Select a table to see how it was compared.")
            .arg(results.size())
            .arg(changes)
            .arg(conflicts));
    refreshState();
    // Start where the work is: the first table with conflicts.
    for (int row = 0; row < m_model->rowCount(); ++row) {
        if (m_results.at(row).counts.value(reportName(ChangeClass::Conflict)) > 0) {
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
    const std::optional<ChangeClass> changeClass
        = fromReportName<ChangeClass>(index.data(TableTreeModel::ChangeClassRole).toString());
    checkRekey(tableId);
    if (tableId != m_tableId || changeClass != m_changeClass) {
        m_rowView->endEdit();
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
            html += QStringLiteral("<tr><td><b>%1</b>&nbsp;&nbsp;</td><td>%2</td></tr>")
                        .arg(label.toHtmlEscaped(), value);
        };
        row(tr("Comparison"),
            !plan.skipReason.isEmpty() ? tr("not compared: %1").arg(plan.skipReason.toHtmlEscaped())
                : plan.threeWay        ? tr("three-way (base, source, target)")
                                       : tr("two-way (source, target)"));
        row(tr("Key"),
            plan.keyless() ? tr("none: rows compared as a multiset")
                           : tr("%1 (%2)").arg(listOrNone(plan.key), plan.keyOrigin));
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
                notes.append(
                    (column.isEmpty() ? QString() : QStringLiteral("<b>%1</b>: ").arg(column.toHtmlEscaped()))
                    + drift.value(QStringLiteral("detail")).toString().toHtmlEscaped());
            }
            row(tr("Schema drift"), notes.join(QStringLiteral("<br>")));
        }
        html += QStringLiteral("</table>");
        if (!result.error.isEmpty())
            html += QStringLiteral("<p style='color:%1'>%2</p>")
                        .arg(theme::errorText(palette()).name(), result.error.toHtmlEscaped());
        m_details->setText(html);
        return;
    }
}

void ReviewView::changeEvent(QEvent* event)
{
    QWidget::changeEvent(event);
    // The table's details carry a colour of the palette: show them again in the new one.
    if (theme::isPaletteChange(event) && m_tree)
        showTable(m_tree->currentIndex());
}

void ReviewView::reloadChanges()
{
    if (!m_staging || m_tableId == 0)
        return;
    m_rowView->showMessage(tr("Select a change to see its rows."));
    m_shown.reset();
    m_listReady = false;
    // What is on its way for the list before (the rows of its change, a position in it) is stale.
    m_rowJobs.dropAll();
    m_navJobs.dropAll();
    m_positionPending = false;
    Selection selection;
    selection.tables = { tableName(m_tableId) };
    selection.changeClass = m_changeClass;
    selection.filter(m_filter->text());
    m_changes->setSource(m_staging, m_project, selection);
}

void ReviewView::showCurrentChange()
{
    const QModelIndex current = m_changeTable->currentIndex();
    const ChangeRow* change = current.isValid() ? m_changes->change(current.row()) : nullptr;
    if (!change) {
        updateActions();
        return; // its page is on its way; pageLoaded brings us back
    }
    // A refreshed page brings the same change back: an edit in progress stays.
    if (m_rowView->editing() && m_shown && m_shown->key == change->key
        && m_shown->changeClass == change->changeClass)
        return;
    const ChangeRow row = *change;
    const Flag* flag = m_changes->flag(current.row());
    const QString flagText = flag ? ChangeListModel::flagText(*flag) : QString();
    const int tableId = m_tableId;
    // When the user moves on, the rows of the change left are dropped.
    m_rowJobs.start(
        [connection = m_connection, tableId, row](const JobControl&) {
            return connection->with([&](Project& opened) {
                return RowFetcher::fetch(opened.connection(), tableId, row.key,
                    row.changeClass == ChangeClass::ColumnMerge ? row.sourceColumns : QStringList());
            });
        },
        [this, row, tableId, flagText](Outcome<ChangeRows> outcome) {
            if (!outcome.value) {
                m_rowView->showMessage(errorText(*outcome.error));
                m_shown.reset();
                updateActions();
                return;
            }
            m_rowView->showChange(row, *outcome.value, flagText);
            m_shown = row;
            m_shownTableId = tableId;
            m_shownRows = *outcome.value;
            updateActions();
            // An id collision that cannot be re-keyed says why where the reviewer looks.
            if ((row.kind == ChangeKind::InsertInsert || row.kind == ChangeKind::IdCollision)
                && !m_actions[Rekey]->isEnabled() && row.state == DecisionState::Undecided)
                Q_EMIT statusMessage(m_actions[Rekey]->statusTip());
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

void ReviewView::hideProgress() { m_progressBox->hide(); }

} // namespace pgr::ui
