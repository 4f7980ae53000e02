// SPDX-License-Identifier: GPL-3.0-or-later
// Help > User Guide (ui/userguide.h), without a server: the window shows docs/user-guide.md of the
// source tree this build was made from, every screenshot the guide names is there and fits the
// page, and every page the guide links to opens. The oracle reads the markdown files themselves.
#include "userguide.h"

#include <QFile>
#include <QRegularExpression>
#include <QTest>
#include <QTextBlock>
#include <QTextDocument>
#include <QTextFragment>
#include <QTextImageFormat>

using namespace Qt::Literals::StringLiterals;
using pgr::ui::GuideBrowser;
using pgr::ui::UserGuideWindow;

namespace {

QString sourceFile(const QString& relative)
{
    QFile file(QStringLiteral(PGRECONCILE_SOURCE_DIR) + u'/' + relative);
    if (!file.open(QIODevice::ReadOnly))
        qFatal("cannot read %s", qPrintable(file.fileName()));
    return QString::fromUtf8(file.readAll());
}

// The first "# " heading of a markdown file, as a reader sees it.
QString title(const QString& markdown)
{
    static const QRegularExpression heading(u"^# (.+)$"_s, QRegularExpression::MultilineOption);
    return heading.match(markdown).captured(1).remove(u'`').trimmed();
}

// What the markdown links to: its images (![alt](path)) or its other links ([text](path)).
QStringList targets(const QString& markdown, bool images)
{
    static const QRegularExpression link(u"(!?)\\[[^\\]]*\\]\\(([^)\\s]+)\\)"_s);
    QStringList found;
    for (const auto& match : link.globalMatch(markdown)) {
        if ((match.captured(1) == u"!"_s) == images)
            found.append(match.captured(2));
    }
    return found;
}

struct ShownImage
{
    QString name;
    QSize size;
};

QList<ShownImage> shownImages(GuideBrowser* browser)
{
    QList<ShownImage> images;
    for (QTextBlock block = browser->document()->begin(); block.isValid(); block = block.next()) {
        for (auto it = block.begin(); !it.atEnd(); ++it) {
            const QTextCharFormat format = it.fragment().charFormat();
            if (!format.isImageFormat())
                continue;
            const QString name = format.toImageFormat().name();
            const QImage image
                = browser->document()->resource(QTextDocument::ImageResource, QUrl(name)).value<QImage>();
            // As laid out: the width the format asks for, else the image's own.
            const qreal width = format.toImageFormat().width();
            images.append(
                { name, image.isNull() ? QSize() : QSize(width > 0 ? qRound(width) : image.width(), 1) });
        }
    }
    return images;
}

} // namespace

class TestUserGuide : public QObject
{
    Q_OBJECT

private slots:
    void theWindowShowsTheGuideOfThisSourceTree()
    {
        UserGuideWindow window;
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        const QString guide = sourceFile(u"docs/user-guide.md"_s);
        QVERIFY(!title(guide).isEmpty());
        const QString shown = window.browser()->toPlainText();
        QVERIFY2(
            shown.contains(title(guide)), qPrintable(u"the guide's title is not shown: "_s + title(guide)));
        // Every section, in order: the whole file, not a stale or truncated copy.
        static const QRegularExpression section(u"^## (.+)$"_s, QRegularExpression::MultilineOption);
        qsizetype from = 0;
        int sections = 0;
        for (const auto& match : section.globalMatch(guide)) {
            const QString heading = match.captured(1).remove(u'`').trimmed();
            const qsizetype at = shown.indexOf(heading, from);
            QVERIFY2(at >= 0, qPrintable(u"section \"%1\" is not shown, or not in order"_s.arg(heading)));
            from = at + heading.size();
            ++sections;
        }
        QVERIFY2(sections >= 3, "the guide has almost no sections: is the oracle right?");
    }

    void everyScreenshotIsThereAndFitsThePage()
    {
        UserGuideWindow window;
        window.resize(900, 700);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        const QStringList named = targets(sourceFile(u"docs/user-guide.md"_s), true);
        QVERIFY2(named.size() >= 5, "the guide names almost no screenshots: is the oracle right?");
        // At the window's size, then narrower: the screenshots follow the page.
        for (const int windowWidth : { 900, 560 }) {
            window.resize(windowWidth, 700);
            QCoreApplication::processEvents();
            const QList<ShownImage> shown = shownImages(window.browser());
            QCOMPARE(shown.size(), named.size());
            const int page = window.browser()->viewport()->width();
            for (const ShownImage& image : shown) {
                QVERIFY2(!image.size.isEmpty(), qPrintable(u"screenshot not found: "_s + image.name));
                QVERIFY2(image.size.width() <= page,
                    qPrintable(u"%1 is %2 px wide on a page of %3"_s.arg(image.name)
                                   .arg(image.size.width())
                                   .arg(page)));
            }
        }
    }

    void everyLinkedPageOpensAndBackReturns()
    {
        UserGuideWindow window;
        GuideBrowser* browser = window.browser();
        const QStringList pages = targets(sourceFile(u"docs/user-guide.md"_s), false)
                                      .filter(QRegularExpression(u"^[^:#]+\\.md$"_s));
        QVERIFY2(!pages.isEmpty(), "the guide links to no other page: is the oracle right?");
        for (const QString& page : pages) {
            browser->setSource(QUrl(page));
            const QString expected = title(sourceFile(u"docs/"_s + page));
            QVERIFY2(browser->toPlainText().contains(expected),
                qPrintable(u"%1 does not open with its title \"%2\""_s.arg(page, expected)));
            QVERIFY(browser->isBackwardAvailable());
            browser->backward();
            QCOMPARE(browser->source(), GuideBrowser::guideUrl());
        }
    }
};

QTEST_MAIN(TestUserGuide)
#include "tst_userguide.moc"
