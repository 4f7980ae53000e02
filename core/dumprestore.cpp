// SPDX-License-Identifier: GPL-3.0-or-later
#include "dumprestore.h"

#include "error.h"
#include "staging.h"

#include <QByteArrayView>
#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QRegularExpression>

#ifdef Q_OS_LINUX
#include <csignal>
#include <sys/prctl.h>
#include <unistd.h>
#endif

#include <algorithm>
#include <array>
#include <chrono>
#include <utility>

using namespace Qt::Literals::StringLiterals;

namespace pgr {

namespace {

constexpr int kPollMs = 100;
constexpr int kStartTimeoutMs = 30000;
// Generous: a restore of a large database takes hours, and the cancel flag is the way to stop
// one sooner. The limit only keeps a hung tool from blocking a worker forever.
constexpr auto kTimeLimit = std::chrono::hours(48);
constexpr qint64 kReadChunk = 1 << 20;
constexpr qint64 kWriteBuffer = 8 << 20;
constexpr int kQuotedLines = 8;
constexpr qsizetype kQuotedLineLength = 300;

const QString kMakeDumpHint
    = u"make the dump with pg_dump, e.g. \"pg_dump -Fc -f FILE DATABASE\" (the custom, "
      "directory, tar and plain SQL formats are accepted)"_s;
const QString kRemakeDumpHint
    = u"the dump file is incomplete or damaged (an interrupted dump or copy?): make it "
      "again with pg_dump -Fc"_s;

bool isSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

bool isWordChar(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

// Characters that may continue an identifier (a '$' after one of them is not a dollar quote).
bool isIdentifierChar(char c) { return isWordChar(c) || c == '$' || static_cast<unsigned char>(c) >= 0x80; }

bool startsIdentifier(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'
        || static_cast<unsigned char>(c) >= 0x80;
}

// The first words of an SQL statement, upper-cased, after leading blanks and comments.
QList<QByteArray> leadingWords(QByteArrayView s, int count)
{
    QList<QByteArray> words;
    qsizetype i = 0;
    const qsizetype n = s.size();
    while (i < n && words.size() < count) {
        const char c = s[i];
        if (isSpace(c)) {
            ++i;
        } else if (c == '-' && i + 1 < n && s[i + 1] == '-') {
            i = s.indexOf('\n', i);
            if (i < 0)
                break;
        } else if (c == '/' && i + 1 < n && s[i + 1] == '*') {
            i = s.indexOf("*/", i + 2);
            if (i < 0)
                break;
            i += 2;
        } else if (isWordChar(c)) {
            const qsizetype start = i;
            while (i < n && isWordChar(s[i]))
                ++i;
            words.append(s.sliced(start, i - start).toByteArray().toUpper());
        } else {
            break; // punctuation: the keywords are over
        }
    }
    return words;
}

QString tailText(QByteArrayView s, qsizetype length)
{
    return QString::fromUtf8(s.size() > length ? s.last(length) : s);
}

// psql reads a plain dump through this filter, which leaves out what pg_restore's --no-owner,
// --no-privileges, --no-tablespaces, --no-security-labels, --no-publications and
// --no-subscriptions leave out of an archive, so that a role, tablespace or provider that the
// staging server lacks does not stop the restore, while every other error still does. It also
// leaves out what would act outside the new database (CREATE/DROP/ALTER DATABASE and \connect of
// a dump made with --create), and refuses psql commands that pg_dump never writes (\! would run a
// shell command).
//
// It is a small lexer of pg_dump's output, line by line: it knows quotes, dollar quotes, comments
// and COPY data, so that a function body or a data row that looks like "GRANT …" is passed on
// untouched. A statement that is left out is replaced by its newlines, so that psql's line numbers
// stay those of the file.
class PlainDumpFilter
{
public:
    explicit PlainDumpFilter(QString dumpPath)
        : m_dumpPath(std::move(dumpPath))
    { }

    void feed(QByteArrayView data, QByteArray& out)
    {
        qsizetype start = 0;
        for (;;) {
            const qsizetype newline = data.indexOf('\n', start);
            if (newline < 0) {
                m_partialLine.append(data.sliced(start));
                return;
            }
            const QByteArrayView line = data.sliced(start, newline + 1 - start);
            if (m_partialLine.isEmpty()) {
                processLine(line, out);
            } else {
                m_partialLine.append(line);
                processLine(m_partialLine, out);
                m_partialLine.clear();
            }
            start = newline + 1;
        }
    }

    // The end of the file: an unterminated last statement is passed on as it is (psql runs it).
    void finish(QByteArray& out)
    {
        if (!m_partialLine.isEmpty()) {
            processLine(m_partialLine, out);
            m_partialLine.clear();
        }
        if (m_state != State::Between && m_state != State::CopyData)
            out.append(m_statement);
        m_statement.clear();
    }

    // pg_dump ends every plain dump with a closing comment: without it the file was cut short.
    bool isComplete() const { return m_complete && m_state == State::Between; }
    // A statement starting with DROP: the dump was made with --clean.
    bool sawDrop() const { return m_sawDrop; }
    // Tables whose data began since the last call.
    QStringList takeStartedTables() { return std::exchange(m_startedTables, {}); }

private:
    enum class State
    {
        Between,
        Statement,
        SingleQuote,
        DoubleQuote,
        DollarQuote,
        BlockComment,
        CopyData
    };

    void processLine(QByteArrayView line, QByteArray& out)
    {
        ++m_lineNumber;
        if (m_state == State::CopyData) {
            out.append(line);
            QByteArrayView content = line;
            while (!content.isEmpty() && (content.back() == '\n' || content.back() == '\r'))
                content.chop(1);
            if (content == "\\.")
                m_state = State::Between;
            return;
        }
        const qsizetype n = line.size();
        qsizetype i = 0;
        qsizetype segment = 0; // where this line's part of the current statement begins
        auto next = [&](qsizetype at) { return at + 1 < n ? line[at + 1] : '\0'; };
        while (i < n) {
            const char c = line[i];
            switch (m_state) {
            case State::Between:
                if (isSpace(c)) {
                    out.append(c);
                    ++i;
                } else if (c == '-' && next(i) == '-') {
                    const QByteArrayView comment = line.sliced(i);
                    if (comment.trimmed() == "-- PostgreSQL database dump complete")
                        m_complete = true;
                    else if (comment.startsWith("-- Data for Name: "))
                        dataComment(comment);
                    out.append(comment);
                    return;
                } else if (c == '\\') {
                    metaCommand(line.sliced(i), out);
                    return;
                } else {
                    m_state = State::Statement;
                    m_statement.clear();
                    m_statementLine = m_lineNumber;
                    m_parenDepth = 0;
                    m_beginDepth = 0;
                    m_identifierCount = 0;
                    m_identifiers.fill('\0');
                    segment = i;
                }
                break;
            case State::Statement:
                if (c == '\'') {
                    const bool escapePrefix = i > 0 && (line[i - 1] == 'E' || line[i - 1] == 'e')
                        && (i < 2 || !isIdentifierChar(line[i - 2]));
                    m_backslashEscapes = !m_standardStrings || escapePrefix;
                    m_state = State::SingleQuote;
                    ++i;
                } else if (c == '"') {
                    m_state = State::DoubleQuote;
                    ++i;
                } else if (c == '-' && next(i) == '-') {
                    i = n; // a comment to the end of the line
                } else if (c == '/' && next(i) == '*') {
                    m_state = State::BlockComment;
                    m_commentDepth = 1;
                    i += 2;
                } else if (c == '$' && (i == 0 || !isIdentifierChar(line[i - 1]))
                    && startsDollarQuote(line, i)) {
                    m_state = State::DollarQuote;
                    i += m_dollarTag.size();
                } else if (c == '\\') {
                    openStatementMetaCommand(line.sliced(i));
                } else if (c == '(') {
                    ++m_parenDepth;
                    ++i;
                } else if (c == ')') {
                    if (m_parenDepth > 0)
                        --m_parenDepth;
                    ++i;
                } else if (startsIdentifier(c) && (i == 0 || !isIdentifierChar(line[i - 1]))) {
                    qsizetype end = i + 1;
                    while (end < n && isIdentifierChar(line[end]))
                        ++end;
                    identifier(line.sliced(i, end - i));
                    i = end;
                } else if (c == ';' && (m_parenDepth > 0 || m_beginDepth > 0)) {
                    ++i; // inside parentheses or a BEGIN ATOMIC … END body, as psql sees it
                } else if (c == ';') {
                    ++i;
                    m_statement.append(line.sliced(segment, i - segment));
                    endStatement(out);
                    if (m_state == State::CopyData) {
                        out.append(line.sliced(i)); // the data begins on the next line
                        return;
                    }
                } else {
                    ++i;
                }
                break;
            case State::SingleQuote:
                if (c == '\\' && m_backslashEscapes) {
                    i += 2;
                } else if (c == '\'') {
                    if (next(i) == '\'') {
                        i += 2;
                    } else {
                        m_state = State::Statement;
                        ++i;
                    }
                } else {
                    ++i;
                }
                break;
            case State::DoubleQuote:
                if (c == '"') {
                    if (next(i) == '"') {
                        i += 2;
                    } else {
                        m_state = State::Statement;
                        ++i;
                    }
                } else {
                    ++i;
                }
                break;
            case State::DollarQuote: {
                const qsizetype end = line.indexOf(m_dollarTag, i);
                if (end < 0) {
                    i = n;
                } else {
                    i = end + m_dollarTag.size();
                    m_state = State::Statement;
                }
                break;
            }
            case State::BlockComment:
                if (c == '/' && next(i) == '*') {
                    ++m_commentDepth;
                    i += 2;
                } else if (c == '*' && next(i) == '/') {
                    if (--m_commentDepth == 0)
                        m_state = State::Statement;
                    i += 2;
                } else {
                    ++i;
                }
                break;
            case State::CopyData:
                Q_UNREACHABLE();
            }
        }
        if (m_state != State::Between)
            m_statement.append(line.sliced(segment));
    }

    // pg_dump heads each table's data with "-- Data for Name: t; Type: TABLE DATA; Schema: s; …",
    // whether COPY or INSERT statements follow.
    void dataComment(QByteArrayView comment)
    {
        static const QRegularExpression header(
            u"^-- Data for Name: (.*); Type: TABLE DATA; Schema: (.*?);"_s);
        const auto match = header.match(QString::fromUtf8(comment));
        if (!match.hasMatch())
            return;
        m_sawDataComments = true;
        m_startedTables.append(u'"' + match.captured(2) + u'.' + match.captured(1) + u'"');
    }

    // $tag$ at line[at]: remembers the tag.
    bool startsDollarQuote(QByteArrayView line, qsizetype at)
    {
        qsizetype end = at + 1;
        if (end < line.size() && startsIdentifier(line[end])) {
            ++end;
            while (
                end < line.size() && (startsIdentifier(line[end]) || (line[end] >= '0' && line[end] <= '9')))
                ++end;
        }
        if (end >= line.size() || line[end] != '$')
            return false;
        m_dollarTag = line.sliced(at, end + 1 - at).toByteArray();
        return true;
    }

    // psql's heuristic for the body of CREATE FUNCTION … BEGIN ATOMIC … END, whose semicolons do
    // not end the statement (psqlscan.l): followed to the letter so that both split alike.
    void identifier(QByteArrayView word)
    {
        static const QByteArrayView tracked[] = { "create", "function", "procedure", "or", "replace" };
        const QByteArray lower = word.toByteArray().toLower();
        if (m_identifierCount < qsizetype(m_identifiers.size())
            && std::find(std::begin(tracked), std::end(tracked), QByteArrayView(lower)) != std::end(tracked))
            m_identifiers[m_identifierCount] = lower[0];
        ++m_identifierCount;
        const auto& id = m_identifiers;
        const bool createsRoutine = id[0] == 'c'
            && (id[1] == 'f' || id[1] == 'p'
                || (id[1] == 'o' && id[2] == 'r' && (id[3] == 'f' || id[3] == 'p')));
        if (!createsRoutine || m_parenDepth != 0)
            return;
        if (lower == "begin")
            ++m_beginDepth;
        else if (lower == "case" && m_beginDepth >= 1)
            ++m_beginDepth;
        else if (lower == "end" && m_beginDepth > 0)
            --m_beginDepth;
    }

    [[noreturn]] void openStatementMetaCommand(QByteArrayView text) const
    {
        qsizetype end = 1;
        while (end < text.size() && end < 40 && !isSpace(text[end]))
            ++end;
        const QByteArrayView command = text.first(end);
        throw Error(
            u"dump \"%1\" is damaged: the statement that begins at line %2 is still open (an unbalanced "
            "parenthesis or quote?) at line %3, where the psql command \"%4\" follows"_s.arg(m_dumpPath)
                .arg(m_statementLine)
                .arg(m_lineNumber)
                .arg(QString::fromUtf8(command)),
            u"make the dump again with pg_dump; if the file was edited by hand, check it near line %1"_s.arg(
                m_statementLine));
    }

    void metaCommand(QByteArrayView text, QByteArray& out)
    {
        qsizetype end = 1;
        while (end < text.size() && isWordChar(text[end]))
            ++end;
        const QByteArrayView name = text.sliced(1, end - 1);
        if (name == "restrict" || name == "unrestrict") {
            // pg_dump 17.6, 16.10, 15.14 and later guard the script with these; psql knows them.
            out.append(text);
        } else if (name == "connect" || name == "c") {
            // A dump made with --create connects to the database it created: stay in ours.
            if (text.endsWith('\n'))
                out.append('\n');
        } else {
            QByteArrayView command = text.trimmed();
            if (command.size() > 40)
                command = command.first(40);
            throw Error(
                u"dump \"%1\" holds the psql command \"%2\" at line %3, which pg_dump never writes; it "
                "is not run"_s.arg(m_dumpPath, QString::fromUtf8(command))
                    .arg(m_lineNumber),
                u"restore only dumps made by pg_dump; if the file was edited by hand, remove that line"_s);
        }
    }

    void endStatement(QByteArray& out)
    {
        const QList<QByteArray> words = leadingWords(m_statement, 3);
        const QByteArray first = words.value(0);
        const QByteArray second = words.value(1);
        if (first == "DROP")
            m_sawDrop = true;
        if (first == "SET" && second == "STANDARD_CONFORMING_STRINGS")
            m_standardStrings = !m_statement.toLower().contains("off");
        if (isLeftOut(words))
            out.append(QByteArray(m_statement.count('\n'), '\n'));
        else
            out.append(m_statement);
        m_state = State::Between;
        if (first == "COPY") {
            static const QRegularExpression fromStdin(
                u"\\bFROM\\s+STDIN\\s*;\\s*$"_s, QRegularExpression::CaseInsensitiveOption);
            if (fromStdin.match(tailText(m_statement, 200)).hasMatch()) {
                m_state = State::CopyData;
                static const QRegularExpression table(u"^\\s*COPY\\s+((?:\"(?:[^\"]|\"\")*\"|[^\\s(\"])+)"_s,
                    QRegularExpression::CaseInsensitiveOption);
                if (!m_sawDataComments)
                    m_startedTables.append(
                        table.match(QString::fromUtf8(m_statement.left(1000))).captured(1));
            }
        }
        m_statement.clear();
    }

    bool isLeftOut(const QList<QByteArray>& words) const
    {
        const QByteArray first = words.value(0);
        const QByteArray second = words.value(1);
        const QByteArray third = words.value(2);
        // privileges and ownership
        if (first == "GRANT" || first == "REVOKE")
            return true;
        if (first == "ALTER" && second == "DEFAULT" && third == "PRIVILEGES")
            return true;
        if ((first == "SET" || first == "RESET") && second == "SESSION" && third == "AUTHORIZATION")
            return true;
        if ((first == "SET" || first == "RESET") && second == "ROLE")
            return true;
        if (first == "ALTER") {
            static const QRegularExpression ownerTo(
                u"\\sOWNER\\s+TO\\s+(?:\"(?:[^\"]|\"\")*\"|[A-Za-z_][A-Za-z0-9_$]*)\\s*;\\s*$"_s,
                QRegularExpression::CaseInsensitiveOption);
            if (ownerTo.match(tailText(m_statement, 300)).hasMatch())
                return true;
        }
        // tablespaces and security labels
        if (first == "SET" && second == "DEFAULT_TABLESPACE")
            return true;
        if (first == "SECURITY" && second == "LABEL")
            return true;
        // the database itself and its per-role settings (a dump made with --create)
        if (second == "DATABASE" && (first == "CREATE" || first == "DROP" || first == "ALTER"))
            return true;
        if (first == "COMMENT" && second == "ON" && third == "DATABASE")
            return true;
        if (first == "ALTER" && (second == "ROLE" || second == "USER"))
            return true;
        // replication
        if ((first == "CREATE" || first == "ALTER") && (second == "PUBLICATION" || second == "SUBSCRIPTION"))
            return true;
        if (first == "COMMENT" && second == "ON" && (third == "PUBLICATION" || third == "SUBSCRIPTION"))
            return true;
        return false;
    }

    QString m_dumpPath;
    QByteArray m_partialLine;
    QByteArray m_statement;
    QByteArray m_dollarTag;
    State m_state = State::Between;
    int m_commentDepth = 0;
    qint64 m_lineNumber = 0;
    qint64 m_statementLine = 0;
    int m_parenDepth = 0;
    int m_beginDepth = 0;
    qsizetype m_identifierCount = 0;
    std::array<char, 4> m_identifiers {};
    bool m_backslashEscapes = false;
    bool m_standardStrings = true;
    bool m_sawDrop = false;
    bool m_complete = false;
    bool m_sawDataComments = false;
    QStringList m_startedTables;
};

// The standard error of pg_restore or psql: progress lines to pass on, and the first error with
// the lines that explain it, to quote.
class ToolLog
{
public:
    explicit ToolLog(QString dumpFileName)
        : m_dumpFileName(std::move(dumpFileName))
    { }

    // Returns a progress line to report, or an empty string.
    QString add(QString line)
    {
        while (line.endsWith(u'\n') || line.endsWith(u'\r'))
            line.chop(1);
        if (line.trimmed().isEmpty())
            return {};
        // psql names the input "<stdin>" (the filter keeps the file's line numbers).
        static const QRegularExpression psqlPrefix(u"^psql:<stdin>:(\\d+): "_s);
        line.replace(psqlPrefix, m_dumpFileName + u":\\1: "_s);
        const bool fromPgRestore = line.startsWith(u"pg_restore: "_s);
        if (fromPgRestore)
            line.remove(0, 12);
        if (line.size() > kQuotedLineLength)
            line = line.left(kQuotedLineLength) + u"…"_s;
        const bool isError = line.contains(u"ERROR:"_s) || line.contains(u"FATAL:"_s)
            || line.contains(u"PANIC:"_s) || line.startsWith(u"error:"_s) || line.contains(u": error:"_s);
        const bool isVerbose = fromPgRestore && !isError && !line.startsWith(u"warning:"_s)
            && !line.startsWith(u"detail:"_s) && !line.startsWith(u"hint:"_s);
        if (!m_error.isEmpty()) {
            if (!isVerbose && m_error.size() < kQuotedLines)
                m_error.append(line);
            return {};
        }
        if (isError) {
            if (m_previous.contains(u"TOC entry"_s))
                m_error.append(m_previous);
            m_error.append(line);
            return {};
        }
        if (isVerbose) {
            m_previous = line;
            if (line.startsWith(u"processing data for table "_s) || line.startsWith(u"creating "_s))
                return line;
            return {};
        }
        m_last.append(line);
        if (m_last.size() > kQuotedLines)
            m_last.removeFirst();
        return {};
    }

    QStringList quote() const { return m_error.isEmpty() ? m_last : m_error; }

private:
    QString m_dumpFileName;
    QStringList m_error;
    QStringList m_last;
    QString m_previous;
};

QString hintFor(const QString& quote, DumpRestorer::Format format, bool sawDrop, const QString& program)
{
    static const QRegularExpression missingExtension(
        u"extension \"([^\"]+)\" is not available"
        "|could not open extension control file \"[^\"]*/([^/\"]+)\\.control\""_s);
    if (const auto match = missingExtension.match(quote); match.hasMatch()) {
        const QString name = match.captured(1).isEmpty() ? match.captured(2) : match.captured(1);
        return u"the dump needs the extension \"%1\", which the staging server lacks: install it there "
               "(on Debian and Ubuntu, the postgresql-<version>-… package that provides it), or make the "
               "dump without it and restore again"_s.arg(name);
    }
    if (quote.contains(u"unsupported version"_s))
        return u"the dump was made by a newer pg_dump than %1 can read: install PostgreSQL client tools of "
               "the same or a newer major version (or set PGRECONCILE_PG_BINDIR to them)"_s.arg(program);
    if (quote.contains(u"invalid command \\restrict"_s) || quote.contains(u"invalid command \\unrestrict"_s))
        return u"the dump was made by a newer pg_dump (17.6, 16.10, 15.14 or later) than %1 knows: "
               "update the PostgreSQL client tools"_s.arg(program);
    if (quote.contains(u"end of file"_s) || quote.contains(u"could not uncompress"_s)
        || quote.contains(u"corrupt"_s) || quote.contains(u"did not find magic string"_s)
        || quote.contains(u"could not read from input file"_s)
        || quote.contains(u"could not find block ID"_s))
        return kRemakeDumpHint;
    if (format == DumpRestorer::Format::Plain && sawDrop && quote.contains(u"does not exist"_s))
        return u"the dump was made with pg_dump --clean, whose DROP statements fail on the new, empty "
               "database: make it without --clean (or with --clean --if-exists), or in custom format "
               "with -Fc"_s;
    if (quote.contains(u"role \""_s) && quote.contains(u"does not exist"_s))
        return u"the dump names a role that the staging server lacks (in a policy, for example): create that "
               "role in the staging server, or make the dump without the object that names it"_s;
    return u"fix the cause above in the staging server or in the dump, then restore again; a fresh dump made "
           "with pg_dump -Fc from the source database is the most reliable input"_s;
}

void stopProcess(QProcess& process)
{
    if (process.state() == QProcess::NotRunning)
        return;
    // pg_restore, on SIGTERM, cancels its workers' queries on the server before it exits.
    process.terminate();
    if (!process.waitForFinished(1000)) {
        process.kill();
        process.waitForFinished(5000);
    }
}

bool isCancelled(const std::atomic<bool>* cancel) { return cancel && cancel->load(); }

QByteArray readHead(const QString& path, qint64 size)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        throw Error(u"cannot read dump file \"%1\": %2"_s.arg(path, file.errorString()),
            u"check that the file is readable by the user running pgreconcile"_s);
    return file.read(size);
}

// The members of a tar archive, read from their headers.
struct TarScan
{
    bool hasToc = false; // a member named toc.dat: pg_dump's tar format
    QString nestedToc; // "folder/toc.dat": a tar of a directory-format dump instead
    // Every member is whole and the end-of-archive block follows. pg_restore reads a tar cut short
    // without complaint, or loops forever, so this is checked before it runs.
    bool complete = false;
};

TarScan scanTar(const QString& path)
{
    TarScan scan;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return scan;
    const qint64 fileSize = file.size();
    qint64 offset = 0;
    for (int entry = 0; entry < 1000000; ++entry) {
        if (!file.seek(offset))
            return scan;
        const QByteArray header = file.read(512);
        if (header.size() < 512)
            return scan;
        if (header.count('\0') == 512) {
            scan.complete = true;
            return scan;
        }
        auto field = [&](int at, int length) {
            const QByteArray bytes = header.mid(at, length);
            const qsizetype nul = bytes.indexOf('\0');
            return nul < 0 ? bytes : bytes.left(nul);
        };
        QByteArray name = field(0, 100);
        if (const QByteArray prefix = field(345, 155); header.mid(257, 5) == "ustar" && !prefix.isEmpty())
            name = prefix + '/' + name;
        if (name == "toc.dat")
            scan.hasToc = true;
        else if (name.endsWith("/toc.dat") && scan.nestedToc.isEmpty())
            scan.nestedToc = QString::fromUtf8(name);
        qint64 size = 0;
        if (static_cast<unsigned char>(header[124]) & 0x80) { // base-256, for members of 8 GB and more
            for (int i = 125; i < 136; ++i)
                size = (size << 8) | static_cast<unsigned char>(header[i]);
        } else {
            bool ok = false;
            size = field(124, 12).trimmed().toLongLong(&ok, 8);
            if (!ok)
                return scan;
        }
        offset += 512 + (size + 511) / 512 * 512;
        if (offset > fileSize)
            return scan;
    }
    return scan;
}

std::unique_ptr<PgConnection> connectForAdministration(const Staging& staging, const QString& database)
{
    auto admin = staging.connect(QString());
    if (admin->exec(u"SELECT current_database() = $1"_s, { database }).toBool(0, 0))
        throw Error(
            u"cannot restore a dump into staging database \"%1\": pgreconcile administers the staging "
            "server through that database"_s.arg(database),
            u"choose another database name"_s);
    const auto templ
        = admin->exec(u"SELECT datistemplate FROM pg_database WHERE datname = $1"_s, { database });
    if (templ.rowCount() > 0 && templ.toBool(0, 0))
        throw Error(
            u"cannot restore a dump into staging database \"%1\": it is a template database"_s.arg(database),
            u"choose another database name"_s);
    return admin;
}

void dropDatabaseQuietly(const Staging& staging, const QString& database) noexcept
{
    try {
        auto admin = staging.connect(QString());
        admin->exec(u"DROP DATABASE IF EXISTS %1 WITH (FORCE)"_s.arg(admin->quoteName(database)));
    } catch (const std::exception& e) {
        qWarning("could not drop the half-restored staging database \"%s\": %s", qUtf8Printable(database),
            e.what());
    }
}

} // namespace

QByteArray filterPlainDump(QByteArrayView dump, qsizetype chunkSize, bool* complete)
{
    PlainDumpFilter filter(u"(in memory)"_s);
    QByteArray out;
    const qsizetype step = std::max<qsizetype>(chunkSize, 1);
    for (qsizetype at = 0; at < dump.size(); at += step)
        filter.feed(dump.sliced(at, std::min(step, dump.size() - at)), out);
    filter.finish(out);
    if (complete)
        *complete = filter.isComplete();
    return out;
}

DumpRestorer::Format DumpRestorer::detect(const QString& path)
{
    const QFileInfo info(path);
    if (path.isEmpty() || !info.exists())
        throw Error(u"dump file \"%1\" does not exist"_s.arg(path), u"check the path; "_s + kMakeDumpHint);
    if (info.isDir()) {
        const QString toc = QDir(path).filePath(u"toc.dat"_s);
        if (!QFileInfo::exists(toc))
            throw Error(
                u"folder \"%1\" is not a pg_dump directory-format dump: it holds no toc.dat"_s.arg(path),
                u"give the folder made by \"pg_dump -Fd -f FOLDER\", or a dump file; "_s + kMakeDumpHint);
        if (!readHead(toc, 5).startsWith("PGDMP"))
            throw Error(
                u"folder \"%1\" is not a readable pg_dump directory-format dump: its toc.dat is damaged"_s
                    .arg(path),
                kRemakeDumpHint);
        return Format::Directory;
    }
    const QByteArray head = readHead(path, 64 * 1024);
    if (head.isEmpty())
        throw Error(u"dump file \"%1\" is empty"_s.arg(path), kRemakeDumpHint);
    if (head.startsWith("PGDMP"))
        return Format::Custom;
    if (head.size() >= 512 && head.mid(257, 5) == "ustar") {
        const TarScan scan = scanTar(path);
        if (scan.hasToc)
            return Format::Tar;
        if (!scan.nestedToc.isEmpty())
            throw Error(
                u"\"%1\" is a tar archive of a directory-format dump (it holds %2), not a pg_dump tar-format "
                "dump"_s.arg(path, scan.nestedToc),
                u"extract it (tar -xf) and give the folder that holds toc.dat"_s);
        throw Error(
            u"\"%1\" is a tar archive but not a pg_dump tar-format dump: it holds no toc.dat"_s.arg(path),
            kMakeDumpHint);
    }
    if (head.startsWith("\x1f\x8b") || head.startsWith("\x28\xb5\x2f\xfd")
        || head.startsWith("\x04\x22\x4d\x18"))
        throw Error(u"dump file \"%1\" is compressed (gzip, zstd or lz4)"_s.arg(path),
            u"decompress it first (gunzip, unzstd or unlz4), or make the dump in custom format with "
            "pg_dump -Fc, which compresses by itself"_s);
    const QByteArray start = head.left(4096);
    if (start.contains("-- PostgreSQL database cluster dump"))
        throw Error(
            u"\"%1\" is a pg_dumpall output (a whole cluster), not a dump of one database"_s.arg(path),
            u"dump the one database to compare with pg_dump, e.g. \"pg_dump -Fc -f FILE DATABASE\""_s);
    if (start.contains("-- PostgreSQL database dump"))
        return Format::Plain;
    throw Error(
        u"\"%1\" is not a pg_dump output: it is neither an archive (custom, directory or tar format) nor "
        "an SQL script written by pg_dump"_s.arg(path),
        kMakeDumpHint);
}

QString DumpRestorer::formatName(Format format)
{
    switch (format) {
    case Format::Custom:
        return u"custom"_s;
    case Format::Directory:
        return u"directory"_s;
    case Format::Tar:
        return u"tar"_s;
    case Format::Plain:
        return u"plain SQL"_s;
    }
    return {};
}

DumpRestorer::DumpRestorer(const Staging& staging, PgBinaries binaries)
    : m_staging(staging)
    , m_binaries(std::move(binaries))
{ }

void DumpRestorer::restore(const QString& dumpPath, const QString& database, const std::atomic<bool>* cancel,
    const std::function<void(const QString&)>& progress)
{
    const Format format = detect(dumpPath);
    if (database.isEmpty())
        throw Error(
            u"no staging database named to restore \"%1\" into"_s.arg(dumpPath), u"name a database"_s);
    const bool plain = format == Format::Plain;
    const QString tool = plain ? u"psql"_s : u"pg_restore"_s;
    const QString program = m_binaries.program(tool);
    const QString installHint
        = u"install the PostgreSQL client tools (\"sudo apt-get install postgresql-client\" "
          "on Debian or Ubuntu), or set PGRECONCILE_PG_BINDIR to the folder that holds them"_s;
    if (program.isEmpty())
        throw Error(u"%1 not found: it is needed to restore \"%2\""_s.arg(tool, dumpPath), installHint);
    const QString absolutePath = QFileInfo(dumpPath).absoluteFilePath();
    if (format == Format::Tar && !scanTar(absolutePath).complete)
        throw Error(
            u"dump file \"%1\" (tar format) is cut short: its last member or the end of the archive is "
            "missing"_s.arg(dumpPath),
            kRemakeDumpHint);
    if (isCancelled(cancel))
        throw Cancelled();

    try {
        auto admin = connectForAdministration(m_staging, database);
        const QString quoted = admin->quoteName(database);
        admin->exec(u"DROP DATABASE IF EXISTS %1 WITH (FORCE)"_s.arg(quoted));
        admin->exec(u"CREATE DATABASE %1 TEMPLATE template0 ENCODING 'UTF8'"_s.arg(quoted));
    } catch (const Error& error) {
        throw error.withContext(u"restoring \"%1\""_s.arg(dumpPath));
    }

    try {
        QStringList arguments;
        if (plain) {
            arguments
                = { u"--no-psqlrc"_s, u"--quiet"_s, u"--set=ON_ERROR_STOP=1"_s, u"--single-transaction"_s,
                      u"--dbname"_s, m_staging.connectionString(database), u"--file=-"_s };
        } else {
            arguments = { u"--verbose"_s, u"--exit-on-error"_s, u"--no-owner"_s, u"--no-privileges"_s,
                u"--no-tablespaces"_s, u"--no-security-labels"_s, u"--no-publications"_s,
                u"--no-subscriptions"_s };
            if (format == Format::Custom)
                arguments << u"--format=custom"_s << u"--jobs=2"_s;
            else if (format == Format::Directory)
                arguments << u"--format=directory"_s << u"--jobs=2"_s;
            else
                arguments << u"--format=tar"_s << u"--single-transaction"_s;
            arguments << u"--dbname"_s << m_staging.connectionString(database) << absolutePath;
        }

        QFile input(absolutePath);
        if (plain && !input.open(QIODevice::ReadOnly))
            throw Error(u"cannot read dump file \"%1\": %2"_s.arg(dumpPath, input.errorString()),
                u"check that the file is readable by the user running pgreconcile"_s);
        PlainDumpFilter filter(dumpPath);
        bool inputDone = !plain;
        ToolLog log(QFileInfo(dumpPath).fileName());
        auto report = [&](const QString& line) {
            if (progress && !line.isEmpty())
                progress(line);
        };

        QProcess process;
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.insert(u"LC_ALL"_s, u"C"_s); // untranslated messages: they are read and quoted
        process.setProcessEnvironment(environment);
        process.setStandardOutputFile(QProcess::nullDevice());
        process.setReadChannel(QProcess::StandardError);
#ifdef Q_OS_LINUX
        // If pgreconcile dies, the tool goes too instead of loading on unseen (it runs synchronously
        // on this thread, so the thread outlives it).
        const pid_t parent = ::getpid();
        process.setChildProcessModifier([parent] {
            ::prctl(PR_SET_PDEATHSIG, SIGTERM);
            if (::getppid() != parent)
                ::_exit(1);
        });
#endif
        process.start(program, arguments);
        if (!process.waitForStarted(kStartTimeoutMs))
            throw Error(
                u"cannot run %1 to restore \"%2\": %3"_s.arg(program, dumpPath, process.errorString()),
                installHint);
        if (!plain)
            process.closeWriteChannel();

        auto readErrors = [&] {
            while (process.canReadLine())
                report(log.add(QString::fromUtf8(process.readLine())));
        };
        // psql reads the dump through the filter; the pipe is kept a few megabytes ahead of it.
        auto feed = [&] {
            while (!inputDone && process.bytesToWrite() < kWriteBuffer) {
                const QByteArray chunk = input.read(kReadChunk);
                QByteArray out;
                if (chunk.isEmpty()) {
                    if (input.error() != QFileDevice::NoError)
                        throw Error(u"cannot read dump file \"%1\": %2"_s.arg(dumpPath, input.errorString()),
                            kRemakeDumpHint);
                    filter.finish(out);
                    if (!filter.isComplete())
                        throw Error(
                            u"dump file \"%1\" ends before pg_dump's closing line \"-- PostgreSQL database "
                            "dump complete\": it was cut short"_s.arg(dumpPath),
                            kRemakeDumpHint);
                    process.write(out);
                    process.closeWriteChannel(); // psql commits at the end of its input
                    inputDone = true;
                    break;
                }
                filter.feed(chunk, out);
                if (!out.isEmpty())
                    process.write(out);
                const QStringList tables = filter.takeStartedTables();
                for (const QString& table : tables)
                    report(u"processing data for table "_s + table);
            }
        };

        try {
            const QDeadlineTimer deadline(kTimeLimit);
            for (;;) {
                if (isCancelled(cancel))
                    throw Cancelled();
                if (process.state() == QProcess::Running)
                    feed();
                process.waitForFinished(kPollMs);
                readErrors();
                if (process.state() == QProcess::NotRunning)
                    break;
                if (deadline.hasExpired())
                    throw Error(u"%1 did not finish restoring \"%2\" within %3 hours"_s.arg(tool, dumpPath)
                                    .arg(std::chrono::duration_cast<std::chrono::hours>(kTimeLimit).count()),
                        u"look for a lock or a stuck server in the staging server's log, then restore "
                        "again"_s);
            }
        } catch (...) {
            stopProcess(process);
            throw;
        }
        readErrors();
        report(log.add(QString::fromUtf8(process.readAll())));

        const bool failed = process.exitStatus() != QProcess::NormalExit || process.exitCode() != 0;
        if (failed || !inputDone) {
            QStringList quote = log.quote();
            if (quote.isEmpty())
                quote.append(process.exitStatus() == QProcess::NormalExit
                        ? u"%1 exited with code %2"_s.arg(tool).arg(process.exitCode())
                        : u"%1 crashed"_s.arg(tool));
            QString text = quote.join(u'\n');
            if (text.contains(u"worker process died unexpectedly"_s)) {
                // A parallel worker's own error can be lost; read the whole archive in one process to
                // tell a damaged dump from a failure of the server.
                QProcess check;
                check.setProcessChannelMode(QProcess::MergedChannels);
                check.start(program, { u"-f"_s, u"/dev/null"_s, dumpPath });
                if (check.waitForFinished(600000) && check.exitCode() != 0)
                    text += u'\n' + QString::fromUtf8(check.readAll()).trimmed().section(u'\n', 0, 2);
            }
            throw Error(u"cannot restore \"%1\" (%2 format) into staging database \"%3\":\n%4"_s.arg(
                            dumpPath, formatName(format), database, text),
                hintFor(text, format, filter.sawDrop(), program));
        }
    } catch (...) {
        dropDatabaseQuietly(m_staging, database);
        throw;
    }
}

} // namespace pgr
