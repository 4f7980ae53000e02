// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "changequery.h"
#include "rowfetcher.h"

#include <QWidget>

class QLabel;
class QsciScintilla;

namespace pgr::ui {

// One change side by side: base | source | target | result, each the row as PostgreSQL renders
// it (formatted JSON) in a QScintilla editor with a JSON lexer. The panes scroll together; the
// fields each side changed against base are highlighted, the fields both changed (the conflict)
// in a stronger colour.
class RowView final : public QWidget
{
    Q_OBJECT
public:
    enum Pane
    {
        BasePane,
        SourcePane,
        TargetPane,
        ResultPane,
        PaneCount
    };

    explicit RowView(QWidget* parent = nullptr);
    // flag: why the change is flagged for a look (ChangeListModel::flagText), shown under the
    // panes; empty when it is not flagged.
    void showChange(const ChangeRow& change, const ChangeRows& rows, const QString& flag = {});
    void showMessage(const QString& text);
    // Makes the result pane editable, filled with row (JSON), for a hand edit, with hint under
    // it; endEdit() makes it read-only again and shows the change's result.
    void beginEdit(const QString& row, const QString& hint);
    void endEdit();
    bool editing() const { return m_editing; }
    QString editedText() const;
    // PostgreSQL's refusal of a hand edit, shown under the result pane; empty hides it.
    void setEditError(const QString& text);
    QLabel* editErrorLabel() const { return m_editError; }
    // The rows the shown change takes along (Relations), under the panes; hidden when none.
    QLabel* relatedLabel() const { return m_related; }
    // Why the shown change is flagged for a look; hidden when it is not.
    QLabel* flagLabel() const { return m_flagText; }
    QsciScintilla* editor(Pane pane) const { return m_editors[pane]; }
    // Lines (0-based) highlighted in a pane, for tests and accessibility.
    QList<int> highlightedLines(Pane pane) const;

protected:
    void changeEvent(QEvent* event) override;

private:
    void applyPalette();
    void showResult();
    void showRelated();
    static QString relationText(Relation relation);
    void showFlag(const QString& flag);
    void highlight(Pane pane, const QStringList& columns, int marker);

    QsciScintilla* m_editors[PaneCount] = {};
    QLabel* m_titles[PaneCount] = {};
    QLabel* m_editHint = nullptr;
    QLabel* m_editError = nullptr;
    QLabel* m_related = nullptr;
    QWidget* m_flagBox = nullptr;
    QLabel* m_flagText = nullptr;
    ChangeRow m_change;
    ChangeRows m_rows;
    bool m_hasChange = false;
    bool m_editing = false;
    int m_changedMarker = 0;
    int m_conflictMarker = 1;
    bool m_syncing = false;
};

} // namespace pgr::ui
