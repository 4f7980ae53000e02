// SPDX-License-Identifier: GPL-3.0-or-later
#include "userguide.h"

#include <QDesktopServices>
#include <QDialogButtonBox>
#include <QImage>
#include <QPushButton>
#include <QTextBlock>
#include <QTextCursor>
#include <QTextFragment>
#include <QTextImageFormat>
#include <QVBoxLayout>

namespace pgr::ui {

GuideBrowser::GuideBrowser(QWidget* parent)
    : QTextBrowser(parent)
{
    setObjectName(QStringLiteral("userGuide"));
    setOpenLinks(true);
    setOpenExternalLinks(true); // http(s) and mailto go to the desktop's browser
    // fitImagesToPage edits the formats on every resize: nothing to undo, so nothing to keep.
    document()->setUndoRedoEnabled(false);
    // Each page shown fits its screenshots to the window as it is now.
    connect(this, &QTextBrowser::sourceChanged, this, [this] { fitImagesToPage(); });
}

QUrl GuideBrowser::guideUrl() { return QUrl(QStringLiteral("qrc:/pgreconcile/docs/user-guide.md")); }

void GuideBrowser::resizeEvent(QResizeEvent* event)
{
    QTextBrowser::resizeEvent(event);
    fitImagesToPage();
}

void GuideBrowser::fitImagesToPage()
{
    const int page = viewport()->width() - 2 * int(document()->documentMargin());
    if (page <= 0)
        return;
    QList<std::pair<QTextFragment, QTextImageFormat>> images;
    for (QTextBlock block = document()->begin(); block.isValid(); block = block.next()) {
        for (auto it = block.begin(); !it.atEnd(); ++it) {
            if (it.fragment().charFormat().isImageFormat())
                images.append({ it.fragment(), it.fragment().charFormat().toImageFormat() });
        }
    }
    for (auto& [fragment, format] : images) {
        const QImage image
            = document()->resource(QTextDocument::ImageResource, QUrl(format.name())).value<QImage>();
        if (image.isNull())
            continue;
        const int width = std::min(image.width(), page);
        if (qRound(format.width()) == width)
            continue;
        format.setWidth(width);
        format.setHeight(double(image.height()) * width / image.width());
        QTextCursor cursor(document());
        cursor.setPosition(fragment.position());
        cursor.setPosition(fragment.position() + fragment.length(), QTextCursor::KeepAnchor);
        cursor.setCharFormat(format);
    }
}

UserGuideWindow::UserGuideWindow(QWidget* parent)
    : QDialog(parent)
    , m_browser(new GuideBrowser(this))
{
    setWindowTitle(tr("pgreconcile User Guide"));
    setObjectName(QStringLiteral("userGuideWindow"));
    // A window of its own beside the review, not a modal step in it.
    setWindowFlag(Qt::Window);
    setModal(false);
    resize(980, 760);
    m_browser->setSource(GuideBrowser::guideUrl(), QTextDocument::MarkdownResource);

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    QPushButton* back = buttons->addButton(tr("&Back"), QDialogButtonBox::ActionRole);
    QPushButton* contents = buttons->addButton(tr("&Contents"), QDialogButtonBox::ActionRole);
    back->setEnabled(false);
    connect(m_browser, &QTextBrowser::backwardAvailable, back, &QPushButton::setEnabled);
    connect(back, &QPushButton::clicked, m_browser, &QTextBrowser::backward);
    connect(contents, &QPushButton::clicked, m_browser, &QTextBrowser::home);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::close);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_browser);
    layout->addWidget(buttons);
}

} // namespace pgr::ui
