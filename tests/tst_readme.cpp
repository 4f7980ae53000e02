// SPDX-License-Identifier: GPL-3.0-or-later
// The README's walk-through, run as written: every pgreconcile-cli line of its "Using it" block on
// the demo, in order, against a throwaway staging cluster. Its export must end in DRY RUN PASSED.
// Lines that need a production server (psql, verify against new-db) or a window are left out.
#include "testsupport.h"

#include <QFile>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::Literals::StringLiterals;

namespace {

// Splits a shell command line the way sh does for the README's lines: words, 'single' and
// "double" quotes, a # comment after a blank.
QStringList shellWords(const QString& line)
{
    QStringList words;
    QString word;
    bool inWord = false;
    QChar quote;
    for (int i = 0; i < line.size(); ++i) {
        const QChar c = line[i];
        if (!quote.isNull()) {
            if (c == quote)
                quote = QChar();
            else
                word += c;
        } else if (c == u'\'' || c == u'"') {
            quote = c;
            inWord = true;
        } else if (c.isSpace()) {
            if (inWord)
                words.append(word);
            word.clear();
            inWord = false;
        } else if (c == u'#' && !inWord) {
            break;
        } else {
            word += c;
            inWord = true;
        }
    }
    if (inWord)
        words.append(word);
    return words;
}

// The pgreconcile-cli lines of the README's first shell block that mentions $cli.
QList<QStringList> readmeCommands()
{
    QFile readme(QStringLiteral(PGRECONCILE_SOURCE_DIR "/README.md"));
    if (!readme.open(QIODevice::ReadOnly))
        qFatal("cannot read %s", qPrintable(readme.fileName()));
    const QString text = QString::fromUtf8(readme.readAll());
    const QRegularExpression block(
        u"```sh\\n(cli=[^\\n]*\\n.*?)```"_s, QRegularExpression::DotMatchesEverythingOption);
    const QRegularExpressionMatch match = block.match(text);
    if (!match.hasMatch())
        qFatal("README.md has no shell block starting with cli=");
    QList<QStringList> commands;
    for (const QString& line : match.captured(1).split(u'\n')) {
        const QStringList words = shellWords(line);
        if (words.value(0) != u"$cli"_s)
            continue; // psql, the window
        const bool production = std::any_of(words.cbegin(), words.cend(),
            [](const QString& word) { return word.startsWith(u"postgresql://"_s); });
        if (production || words.value(1) == u"staging"_s)
            continue; // a production server; the embedded cluster's own folder
        commands.append(words.mid(1));
    }
    return commands;
}

} // namespace

class TestReadme : public QObject
{
    Q_OBJECT

    QTemporaryDir m_home;

private Q_SLOTS:
    void shellWordsSplitsLikeSh_data()
    {
        QTest::addColumn<QString>("line");
        QTest::addColumn<QStringList>("words");
        QTest::newRow("plain") << u"$cli review --project demo"_s
                               << QStringList { u"$cli"_s, u"review"_s, u"--project"_s, u"demo"_s };
        QTest::newRow("quotes") << u"$cli decide --key '[620]' --by \"Dana (on call)\""_s
                                << QStringList { u"$cli"_s, u"decide"_s, u"--key"_s, u"[620]"_s, u"--by"_s,
                                       u"Dana (on call)"_s };
        QTest::newRow("comment") << u"$cli diff --json d.json   # classify"_s
                                 << QStringList { u"$cli"_s, u"diff"_s, u"--json"_s, u"d.json"_s };
        QTest::newRow("hash in a word") << u"$cli a#b"_s << QStringList { u"$cli"_s, u"a#b"_s };
    }
    void shellWordsSplitsLikeSh()
    {
        QFETCH(QString, line);
        QFETCH(QStringList, words);
        QCOMPARE(shellWords(line), words);
    }

    void theWalkThroughEndsInADryRunThatPasses()
    {
        const QList<QStringList> commands = readmeCommands();
        QVERIFY2(commands.size() >= 8, "the README's walk-through lost its commands");
        pgr::test::CliRunner cli;
        cli.isolateSettings(m_home.path())
            .setWorkingDirectory(m_home.path())
            .useTestCluster()
            .setTimeout(600000);
        QString exported;
        for (const QStringList& command : commands) {
            // Exit code 0 only for a normal exit; a timeout or a crash gives -1 and says so.
            const pgr::test::CliRun run = cli.run(command);
            QVERIFY2(run.exitCode == 0,
                qPrintable(u"pgreconcile-cli %1:\n%2"_s.arg(command.join(u' '), run.output())));
            if (command.value(0) == u"export"_s)
                exported = run.output();
        }
        QVERIFY2(exported.contains(u"DRY RUN PASSED"_s), qPrintable(exported));
        // The demo's column merges are on their default: whoever applies the script is told.
        QVERIFY2(exported.contains(u"32 changes are flagged for a look"_s), qPrintable(exported));
    }
};

QTEST_GUILESS_MAIN(TestReadme)
#include "tst_readme.moc"
