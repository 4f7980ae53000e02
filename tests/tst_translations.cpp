// SPDX-License-Identifier: GPL-3.0-or-later
// The German catalogue is complete and current: lupdate run on today's sources finds no text that
// translations/pgreconcile_de.ts lacks or still holds after it left the sources, and every text has a
// finished German translation with the same placeholders. Fix a failure with
//   cmake --build build --target update_translations
// then translate what Qt Linguist (or an editor) shows as unfinished.
#include <QDir>
#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>
#include <QXmlStreamReader>

using namespace Qt::Literals::StringLiterals;

namespace {

struct Message
{
    QString context;
    QString source;
    QString translation;
    QString type; // "", "unfinished", "vanished", "obsolete"
};

QList<Message> readCatalogue(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        qFatal("cannot read %s", qPrintable(path));
    QXmlStreamReader xml(&file);
    QList<Message> messages;
    QString context;
    while (!xml.atEnd()) {
        xml.readNext();
        if (!xml.isStartElement())
            continue;
        if (xml.name() == "name"_L1) {
            context = xml.readElementText();
        } else if (xml.name() == "message"_L1) {
            Message message { context, {}, {}, {} };
            while (!(xml.isEndElement() && xml.name() == "message"_L1) && !xml.atEnd()) {
                xml.readNext();
                if (xml.isStartElement() && xml.name() == "source"_L1)
                    message.source = xml.readElementText();
                else if (xml.isStartElement() && xml.name() == "translation"_L1) {
                    message.type = xml.attributes().value("type"_L1).toString();
                    message.translation = xml.readElementText(QXmlStreamReader::IncludeChildElements);
                }
            }
            messages.append(message);
        }
    }
    if (xml.hasError())
        qFatal("%s: %s", qPrintable(path), qPrintable(xml.errorString()));
    return messages;
}

QSet<QString> keys(const QList<Message>& messages)
{
    QSet<QString> result;
    for (const Message& message : messages)
        result.insert(message.context + u" | "_s + message.source);
    return result;
}

QStringList placeholders(const QString& text)
{
    static const QRegularExpression placeholder(u"%(L?\\d+|n)"_s);
    QStringList found;
    for (const auto& match : placeholder.globalMatch(text))
        found.append(match.captured());
    found.sort();
    found.removeDuplicates();
    return found;
}

} // namespace

class TestTranslations : public QObject
{
    Q_OBJECT

private slots:
    void theCatalogueHoldsExactlyTheSourcesTexts()
    {
        QTemporaryDir work;
        const QString fresh = work.filePath(u"fresh_de.ts"_s);
        QProcess lupdate;
        lupdate.setProcessChannelMode(QProcess::MergedChannels);
        const QString top = QStringLiteral(PGRECONCILE_SOURCE_DIR);
        lupdate.start(QStringLiteral(PGRECONCILE_LUPDATE),
            { u"-no-obsolete"_s, u"-locations"_s, u"none"_s, top + u"/ui"_s, top + u"/core"_s,
                top + u"/app/gui/main.cpp"_s, u"-ts"_s, fresh });
        QVERIFY2(lupdate.waitForFinished(120000), "lupdate did not finish in 2 minutes");
        QVERIFY2(lupdate.exitCode() == 0, lupdate.readAll().constData());

        const QSet<QString> inSources = keys(readCatalogue(fresh));
        const QSet<QString> inCatalogue = keys(readCatalogue(top + u"/translations/pgreconcile_de.ts"_s));
        QVERIFY2(inSources.size() > 100, "lupdate found almost no texts: is the source folder right?");
        QStringList missing = (inSources - inCatalogue).values();
        QStringList stale = (inCatalogue - inSources).values();
        missing.sort();
        stale.sort();
        QVERIFY2(missing.isEmpty(),
            qPrintable(u"texts of the sources that pgreconcile_de.ts lacks (run the update_translations "
                       "target and translate them):\n  "_s
                + missing.join(u"\n  "_s)));
        QVERIFY2(stale.isEmpty(),
            qPrintable(u"texts pgreconcile_de.ts still holds that left the sources (run the "
                       "update_translations target):\n  "_s
                + stale.join(u"\n  "_s)));
    }

    void everyTextHasAFinishedGermanTranslation()
    {
        const QList<Message> messages
            = readCatalogue(QStringLiteral(PGRECONCILE_SOURCE_DIR) + u"/translations/pgreconcile_de.ts"_s);
        QStringList problems;
        for (const Message& message : messages) {
            const QString where = message.context + u": \""_s + message.source + u'"';
            if (!message.type.isEmpty())
                problems.append(where + u" is "_s + message.type);
            else if (message.translation.trimmed().isEmpty())
                problems.append(where + u" has no translation"_s);
            else if (placeholders(message.translation) != placeholders(message.source))
                problems.append(
                    where + u" translated with other placeholders: \""_s + message.translation + u'"');
        }
        QVERIFY2(!messages.isEmpty(), "pgreconcile_de.ts holds no texts");
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join(u'\n')));
    }
};

QTEST_GUILESS_MAIN(TestTranslations)
#include "tst_translations.moc"
