// SPDX-License-Identifier: GPL-3.0-or-later
#include "rowview.h"

#include "theme.h"

#include <QEvent>
#include <QFontDatabase>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QIcon>
#include <QLabel>
#include <QRegularExpression>
#include <QScrollBar>
#include <QStyle>
#include <Qsci/qscilexerjson.h>
#include <Qsci/qsciscintilla.h>

namespace pgr::ui {

RowView::RowView(QWidget* parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("rowView"));
    const QStringList titles = { tr("Base"), tr("Source"), tr("Target"), tr("Result") };
    auto* layout = new QGridLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setHorizontalSpacing(4);
    for (int pane = 0; pane < PaneCount; ++pane) {
        auto* editor = new QsciScintilla;
        editor->setObjectName(QStringLiteral("rowEditor%1").arg(pane));
        auto* lexer = new QsciLexerJSON(editor);
        QFont mono = QFontDatabase::systemFont(QFontDatabase::FixedFont);
        lexer->setDefaultFont(mono);
        lexer->setFont(mono);
        editor->setLexer(lexer);
        editor->setReadOnly(true);
        editor->setUtf8(true);
        editor->setWrapMode(QsciScintilla::WrapNone);
        editor->setMarginWidth(1, 0);
        editor->setMarginLineNumbers(0, false);
        editor->setMarginWidth(0, 0);
        editor->markerDefine(QsciScintilla::Background, m_changedMarker);
        editor->markerDefine(QsciScintilla::Background, m_conflictMarker);
        editor->setCaretLineVisible(false);
        m_editors[pane] = editor;
        m_titles[pane] = new QLabel(QStringLiteral("<b>%1</b>").arg(titles[pane]));
        layout->addWidget(m_titles[pane], 0, pane);
        layout->addWidget(editor, 1, pane);
        // The panes scroll as one, so a field lines up across sides.
        connect(editor->verticalScrollBar(), &QScrollBar::valueChanged, this, [this](int value) {
            if (m_syncing)
                return;
            m_syncing = true;
            for (QsciScintilla* other : m_editors)
                other->verticalScrollBar()->setValue(value);
            m_syncing = false;
        });
    }
    m_editors[ResultPane]->setToolTip(tr("What the merge script will leave in the target"));
    m_editHint = new QLabel;
    m_editHint->setObjectName(QStringLiteral("editHint"));
    m_editHint->setWordWrap(true);
    m_editHint->hide();
    m_editError = new QLabel;
    m_editError->setObjectName(QStringLiteral("editError"));
    m_editError->setWordWrap(true);
    m_editError->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_editError->hide();
    // Across the panes: PostgreSQL's messages are long, and the result pane is a quarter wide.
    m_related = new QLabel;
    m_related->setObjectName(QStringLiteral("relatedRows"));
    m_related->setWordWrap(true);
    m_related->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_related->hide();
    // Beside the rows it is about: what to look at in this change, before what it takes along.
    m_flagBox = new QWidget;
    m_flagText = new QLabel;
    m_flagText->setObjectName(QStringLiteral("flagReason"));
    m_flagText->setWordWrap(true);
    m_flagText->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto* flagIcon = new QLabel;
    const int iconSize = style()->pixelMetric(QStyle::PM_SmallIconSize);
    flagIcon->setPixmap(theme::flagIcon().pixmap(iconSize, iconSize));
    flagIcon->setAlignment(Qt::AlignTop);
    auto* flagLayout = new QHBoxLayout(m_flagBox);
    flagLayout->setContentsMargins(0, 0, 0, 0);
    flagLayout->addWidget(flagIcon);
    flagLayout->addWidget(m_flagText, 1);
    m_flagBox->hide();
    layout->addWidget(m_editHint, 2, 0, 1, PaneCount);
    layout->addWidget(m_editError, 3, 0, 1, PaneCount);
    layout->addWidget(m_flagBox, 4, 0, 1, PaneCount);
    layout->addWidget(m_related, 5, 0, 1, PaneCount);
    layout->setRowStretch(1, 1);
    applyPalette();
    showMessage(tr("Select a change to see its rows."));
}

void RowView::changeEvent(QEvent* event)
{
    QWidget::changeEvent(event);
    if (theme::isPaletteChange(event))
        applyPalette();
}

void RowView::applyPalette()
{
    const QPalette& colours = palette();
    for (QsciScintilla* editor : m_editors) {
        theme::styleEditor(editor, colours);
        editor->setMarkerBackgroundColor(theme::changedBackground(colours), m_changedMarker);
        editor->setMarkerBackgroundColor(theme::conflictBackground(colours), m_conflictMarker);
    }
    // Red on either palette; the text says what PostgreSQL refused.
    QPalette error = m_editError->palette();
    error.setColor(QPalette::WindowText, theme::errorText(colours));
    m_editError->setPalette(error);
}

void RowView::showMessage(const QString& text)
{
    m_hasChange = false;
    endEdit();
    for (QsciScintilla* editor : m_editors) {
        editor->markerDeleteAll();
        editor->setText(QString());
    }
    m_editors[BasePane]->setText(QStringLiteral("// ") + text);
    m_titles[ResultPane]->setText(QStringLiteral("<b>%1</b>").arg(tr("Result")));
    m_related->hide();
    m_flagBox->hide();
}

void RowView::showChange(const ChangeRow& change, const ChangeRows& rows, const QString& flag)
{
    // Placeholders are JSON comments, so the lexer greys them instead of flagging an error.
    const QString absent = tr("// no row on this side");
    auto text = [&](const QString& row) { return row.isEmpty() ? absent : row; };
    m_editors[BasePane]->setText(text(rows.base));
    m_editors[SourcePane]->setText(text(rows.source));
    m_editors[TargetPane]->setText(text(rows.target));
    m_change = change;
    m_rows = rows;
    m_hasChange = true;
    m_editing = false;
    m_editors[ResultPane]->setReadOnly(true);
    m_editHint->hide();
    m_editError->hide();
    showResult();
    showFlag(flag);
    showRelated();
    for (QsciScintilla* editor : m_editors)
        editor->markerDeleteAll();
    QStringList both;
    for (const QString& column : change.sourceColumns) {
        if (change.targetColumns.contains(column))
            both.append(column);
    }
    highlight(SourcePane, change.sourceColumns, m_changedMarker);
    highlight(TargetPane, change.targetColumns, m_changedMarker);
    if (change.changeClass == ChangeClass::Conflict) {
        highlight(SourcePane, both, m_conflictMarker);
        highlight(TargetPane, both, m_conflictMarker);
    }
    highlight(ResultPane, change.sourceColumns + change.targetColumns, m_changedMarker);
}

void RowView::showResult()
{
    const ChangeRow& change = m_change;
    const ChangeRows& rows = m_rows;
    // What the decision in force (or the class's default, DESIGN.md) leaves in the target.
    const std::optional<Action> action = change.action;
    QString result;
    QString title = tr("Result");
    // Columns holding a re-keyed row's old key: the script writes its new key there.
    QString mapped;
    for (const QString& column : rows.followsRekey)
        mapped += QStringLiteral("// %1\n").arg(column);
    const bool decidedTargetOnly
        = change.changeClass == ChangeClass::TargetOnly && change.state == DecisionState::Decided;
    if (change.state == DecisionState::Undecided
        || (!change.state && change.changeClass == ChangeClass::Conflict)) {
        result = tr("// undecided: take source, keep target,\n// edit or re-key (Decide menu)");
        title = tr("Result: undecided");
    } else if (change.state == DecisionState::None
        || (change.changeClass == ChangeClass::TargetOnly && !decidedTargetOnly)
        || change.changeClass == ChangeClass::SameChange) {
        result = rows.target.isEmpty() ? tr("// no row: stays absent from the target") : rows.target;
        title = tr("Result: target as it is");
    } else if (action == Action::KeepTarget) {
        result = rows.target.isEmpty() ? tr("// no row: stays absent from the target") : rows.target;
        title = tr("Result: keep target");
    } else if (action == Action::Edit) {
        result = change.editedRow;
        title = tr("Result: edited row");
    } else if (action == Action::Merge) {
        result = change.editedRow.isEmpty() ? rows.merged : change.editedRow;
        title = tr("Result: merged row");
    } else if (action == Action::MapOntoTarget) {
        QString onto;
        for (const Relations::Related& row : rows.related) {
            if (row.relation == Relation::CollidingRow)
                onto = row.key;
        }
        result = tr("// mapped onto the target's\n// row %1: not inserted; the\n// source rows that "
                    "reference\n// it point there\n")
                     .arg(onto)
            + (rows.target.isEmpty() ? QString()
                                     : tr("// the target keeps its own row of this key\n") + rows.target);
        title = tr("Result: mapped onto the target's row");
    } else if (action == Action::Rekey && !mapped.isEmpty()) {
        result = tr("// moves with its re-keyed parent: inserted under the parent's new key;\n"
                    "// the target keeps its own row of this key\n")
            + mapped + rows.source;
        title = tr("Result: moves with its parent");
    } else if (action == Action::Rekey && change.kind == ChangeKind::IdCollision) {
        result = tr("// re-keyed: inserted with a fresh id from the target's sequence\n"
                    "// (the other key columns kept); the target keeps its row with this id\n")
            + rows.source;
        title = tr("Result: re-keyed");
    } else if (action == Action::Rekey) {
        result = tr("// re-keyed: inserted under a fresh key from the target's sequence;\n"
                    "// the target keeps its own row of this key\n")
            + rows.source;
        title = tr("Result: re-keyed");
    } else {
        result = rows.source.isEmpty() ? tr("// deleted from the target") : mapped + rows.source;
        title = tr("Result: take source");
    }
    if (change.state == DecisionState::Default)
        title += tr(" (default)");
    m_titles[ResultPane]->setText(QStringLiteral("<b>%1</b>").arg(title.toHtmlEscaped()));
    m_editors[ResultPane]->setText(result);
}

// What a related row is to this change, for the reviewer.
QString RowView::relationText(Relation relation)
{
    switch (relation) {
    case Relation::Dependent:
        return tr("still points at this row: deleted with it if the source is taken");
    case Relation::MissingParent:
        return tr("its parent, deleted on the target: brought back if the source is taken");
    case Relation::CascadedOnSource:
        return tr("deleted with it by cascade on the source: follows its decision");
    case Relation::CascadedOnTarget:
        return tr("deleted with it by cascade on the target: follows its decision");
    case Relation::CollidingId:
        return tr("the target's row inserted since the base with the same id from this sequence: taken "
                  "as is, both rows keep the id");
    case Relation::SameUniqueValues:
        return tr("the target's own row of this key, with the same values in this unique constraint: the "
                  "same row on both sides");
    case Relation::CollidingRow:
        break;
    }
    return tr("the target's row with the same values in this unique constraint");
}

void RowView::showRelated()
{
    if (m_rows.related.isEmpty()) {
        m_related->hide();
        return;
    }
    QStringList lines;
    for (const Relations::Related& row : std::as_const(m_rows.related)) {
        const QString what = relationText(row.relation);
        const QString state = !row.state ? tr("no change")
            : !row.action                ? reportName(row.state)
                                         : reportName(row.state) + u' ' + reportName(row.action);
        lines.append(QStringLiteral("%1<b>%2 %3</b>: %4 <i>(%5; %6)</i>")
                         .arg(QString(2 * (row.depth - 1), QChar(0x2003)), row.table.toHtmlEscaped(),
                             row.key.toHtmlEscaped(), what.toHtmlEscaped(),
                             row.constraintName.toHtmlEscaped(), state.toHtmlEscaped()));
    }
    m_related->setText(tr("<b>Rows this change takes along (%1)</b><br>").arg(lines.size())
        + lines.join(QStringLiteral("<br>")));
    m_related->show();
}

void RowView::showFlag(const QString& flag)
{
    m_flagText->setText(flag);
    m_flagBox->setVisible(!flag.isEmpty());
}

void RowView::beginEdit(const QString& row, const QString& hint)
{
    m_editing = true;
    m_editors[ResultPane]->setReadOnly(false);
    m_editors[ResultPane]->setText(row);
    m_titles[ResultPane]->setText(QStringLiteral("<b>%1</b>").arg(tr("Result: editing").toHtmlEscaped()));
    m_editHint->setText(hint);
    m_editHint->show();
    m_editError->hide();
    m_editors[ResultPane]->setFocus();
}

void RowView::endEdit()
{
    const bool wasEditing = m_editing;
    m_editing = false;
    m_editors[ResultPane]->setReadOnly(true);
    m_editHint->hide();
    m_editError->hide();
    if (wasEditing && m_hasChange)
        showResult();
}

QString RowView::editedText() const { return m_editors[ResultPane]->text(); }

void RowView::setEditError(const QString& text)
{
    m_editError->setText(text);
    m_editError->setVisible(!text.isEmpty());
}

void RowView::highlight(Pane pane, const QStringList& columns, int marker)
{
    QsciScintilla* editor = m_editors[pane];
    for (const QString& column : columns) {
        // jsonb_pretty puts each top-level field on its own line, indented by four spaces.
        QString escaped = column;
        escaped.replace(u'\\', QStringLiteral("\\\\")).replace(u'"', QStringLiteral("\\\""));
        const QString needle = QStringLiteral("    \"%1\": ").arg(escaped);
        for (int line = 0; line < editor->lines(); ++line) {
            if (editor->text(line).startsWith(needle)) {
                editor->markerAdd(line, marker);
                break;
            }
        }
    }
}

QList<int> RowView::highlightedLines(Pane pane) const
{
    QList<int> lines;
    QsciScintilla* editor = m_editors[pane];
    for (int line = editor->markerFindNext(0, 0b11); line >= 0; line = editor->markerFindNext(line + 1, 0b11))
        lines.append(line);
    return lines;
}

} // namespace pgr::ui
