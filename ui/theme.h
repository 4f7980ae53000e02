// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QColor>

class QEvent;
class QIcon;
class QPalette;
class QsciScintilla;

namespace pgr::ui::theme {

// Colours derived from the palette the desktop gives (light or dark), never forced: the widgets
// follow it, and re-apply these on QEvent::PaletteChange so a theme switch while running works.
bool isDark(const QPalette& palette);
bool isPaletteChange(const QEvent* event);

// Line backgrounds in the row panes: a field one side changed, a field both changed (the
// conflict). Tints of the palette's Base, so that its Text stays readable on them.
QColor changedBackground(const QPalette& palette);
QColor conflictBackground(const QPalette& palette);
// Text that says something failed or passed, readable on the palette's Window and Base.
QColor errorText(const QPalette& palette);
QColor passText(const QPalette& palette);

// A change flagged for a look: a small amber pennant, the same on light and dark palettes.
QIcon flagIcon();

// The editor's paper, text, margins, caret and selection, and its lexer's style colours, from the
// palette: the lexer's own colours as they are on a light palette, brightened on a dark one.
void styleEditor(QsciScintilla* editor, const QPalette& palette);

} // namespace pgr::ui::theme
