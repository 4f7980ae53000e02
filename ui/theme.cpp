// SPDX-License-Identifier: GPL-3.0-or-later
#include "theme.h"

#include <QEvent>
#include <QIcon>
#include <QPainter>
#include <QPainterPath>
#include <QPalette>
#include <QPixmap>
#include <Qsci/qscilexer.h>
#include <Qsci/qsciscintilla.h>

namespace pgr::ui::theme {

namespace {

QColor blend(const QColor& under, const QColor& over, qreal alpha)
{
    return QColor::fromRgbF(float(under.redF() * (1 - alpha) + over.redF() * alpha),
        float(under.greenF() * (1 - alpha) + over.greenF() * alpha),
        float(under.blueF() * (1 - alpha) + over.blueF() * alpha));
}

// A lexer's colour for a style, made readable on the palette's Base: black (the lexers' plain
// text) becomes the palette's Text; on a dark Base, coloured text keeps its hue and gets light.
QColor textFor(const QColor& lexerColour, const QPalette& palette)
{
    if (lexerColour.lightness() < 24 && lexerColour.hslSaturation() < 24)
        return palette.color(QPalette::Text);
    if (!isDark(palette))
        return lexerColour;
    const int lightness = lexerColour.lightness();
    if (lightness >= 150)
        return lexerColour;
    const int lighter = lexerColour.hslSaturation() < 24 ? 255 - lightness : 150 + (150 - lightness) / 2;
    return QColor::fromHsl(lexerColour.hslHue(), lexerColour.hslSaturation(), std::clamp(lighter, 150, 215));
}

// A lexer's paper for a style: the plain white one becomes the palette's Base; a marked one (an
// error, an unclosed string) becomes a tint of Base in its hue.
QColor paperFor(const QColor& lexerPaper, const QPalette& palette)
{
    const QColor base = palette.color(QPalette::Base);
    if (lexerPaper == QColor(Qt::white))
        return base;
    return isDark(palette) ? blend(base, lexerPaper, 0.25) : lexerPaper;
}

} // namespace

bool isDark(const QPalette& palette) { return palette.color(QPalette::Base).lightness() < 128; }

bool isPaletteChange(const QEvent* event)
{
    return event->type() == QEvent::PaletteChange || event->type() == QEvent::ApplicationPaletteChange;
}

// On white these are the colours the panes always had (#e4f5c9, #fad4d4); on a dark Base the
// tint is stronger, so that it shows, and stays dark enough for light text.
QColor changedBackground(const QPalette& palette)
{
    return blend(palette.color(QPalette::Base), QColor(147, 215, 39), isDark(palette) ? 0.3 : 0.25);
}

QColor conflictBackground(const QPalette& palette)
{
    return blend(palette.color(QPalette::Base), QColor(235, 83, 83), isDark(palette) ? 0.38 : 0.25);
}

QColor errorText(const QPalette& palette)
{
    return isDark(palette) ? QColor(0xff, 0x7b, 0x72) : QColor(0xc0, 0x1c, 0x28);
}

QIcon flagIcon()
{
    static const QIcon icon = [] {
        QPixmap pixmap(32, 32);
        pixmap.fill(Qt::transparent);
        QPainter painter(&pixmap);
        painter.setRenderHint(QPainter::Antialiasing);
        const QColor amber(0xe5, 0xa5, 0x0a);
        painter.setPen(QPen(amber.darker(160), 3, Qt::SolidLine, Qt::RoundCap));
        painter.drawLine(QPointF(8, 4), QPointF(8, 29));
        QPainterPath pennant;
        pennant.moveTo(9, 5);
        pennant.lineTo(27, 11);
        pennant.lineTo(9, 18);
        pennant.closeSubpath();
        painter.setPen(QPen(amber.darker(140), 2));
        painter.setBrush(amber);
        painter.drawPath(pennant);
        return QIcon(pixmap);
    }();
    return icon;
}

QColor passText(const QPalette& palette)
{
    return isDark(palette) ? QColor(0x57, 0xe3, 0x89) : QColor(0x26, 0xa2, 0x69);
}

void styleEditor(QsciScintilla* editor, const QPalette& palette)
{
    if (QsciLexer* lexer = editor->lexer()) {
        // The lexer's built-in colours fall back to its defaults: read them at QScintilla's own.
        lexer->setDefaultColor(Qt::black);
        lexer->setDefaultPaper(Qt::white);
        QColor colours[128];
        QColor papers[128];
        for (int style = 0; style < 128; ++style) {
            if (lexer->description(style).isEmpty())
                continue;
            colours[style] = textFor(lexer->defaultColor(style), palette);
            papers[style] = paperFor(lexer->defaultPaper(style), palette);
        }
        lexer->setDefaultColor(palette.color(QPalette::Text));
        lexer->setDefaultPaper(palette.color(QPalette::Base));
        for (int style = 0; style < 128; ++style) {
            if (!colours[style].isValid())
                continue;
            lexer->setColor(colours[style], style);
            lexer->setPaper(papers[style], style);
        }
        // Setting the lexer again restyles everything, the paper past the text's end included.
        editor->setLexer(lexer);
    } else {
        editor->setColor(palette.color(QPalette::Text));
        editor->setPaper(palette.color(QPalette::Base));
    }
    editor->setCaretForegroundColor(palette.color(QPalette::Text));
    editor->setSelectionBackgroundColor(palette.color(QPalette::Highlight));
    editor->setSelectionForegroundColor(palette.color(QPalette::HighlightedText));
    editor->setMarginsBackgroundColor(palette.color(QPalette::Window));
    editor->setMarginsForegroundColor(palette.color(QPalette::PlaceholderText));
    editor->setFoldMarginColors(palette.color(QPalette::Window), palette.color(QPalette::Window));
    editor->setMatchedBraceForegroundColor(palette.color(QPalette::Text));
    editor->setMatchedBraceBackgroundColor(palette.color(QPalette::Highlight));
    editor->setUnmatchedBraceForegroundColor(errorText(palette));
}

} // namespace pgr::ui::theme
