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
    void showChange(const ChangeRow& change, const ChangeRows& rows);
    void showMessage(const QString& text);
    QsciScintilla* editor(Pane pane) const { return m_editors[pane]; }
    // Lines (0-based) highlighted in a pane, for tests and accessibility.
    QList<int> highlightedLines(Pane pane) const;

private:
    void highlight(Pane pane, const QStringList& columns, int marker);

    QsciScintilla* m_editors[PaneCount] = {};
    QLabel* m_titles[PaneCount] = {};
    int m_changedMarker = 0;
    int m_conflictMarker = 1;
    bool m_syncing = false;
};

} // namespace pgr::ui
