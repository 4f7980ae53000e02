// SPDX-License-Identifier: GPL-3.0-or-later
#include "sidecheck.h"

#include "catalog.h"
#include "conninfo.h"
#include "dumprestore.h"
#include "error.h"
#include "pgbinaries.h"
#include "pgconnection.h"
#include "staging.h"

#include <QDirIterator>
#include <QFileInfo>
#include <QLocale>
#include <QProcess>

using namespace Qt::Literals::StringLiterals;

namespace pgr {

namespace {

// How long a check waits for a server that does not answer, unless the side says otherwise.
constexpr auto kCheckConnectTimeout = "10";

QString firstLine(const QByteArray& output)
{
    const QString text = QString::fromLocal8Bit(output).trimmed();
    return text.section(u'\n', 0, 0).trimmed();
}

qint64 sizeOnDisk(const QFileInfo& info)
{
    if (!info.isDir())
        return info.size();
    qint64 bytes = 0;
    QDirIterator files(info.filePath(), QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (files.hasNext()) {
        files.next();
        bytes += files.fileInfo().size();
    }
    return bytes;
}

} // namespace

bool SideCheck::isConnectionString(const QString& text)
{
    return SideSource::interpret(text).kind == SideSource::Kind::Uri;
}

bool SideCheck::asksForPassword(const QString& errorText)
{
    return errorText.contains(u"no password supplied"_s)
        || errorText.contains(u"password authentication failed"_s);
}

SideCheck::Result SideCheck::check(const Staging& staging, const SideSource& source, Side side)
{
    try {
        return source.kind == SideSource::Kind::Dump ? checkDump(source)
                                                     : checkDatabase(staging, source, side);
    } catch (const Error& error) {
        const bool password = asksForPassword(error.message());
        const QString hint = password
            ? tr("Type the password in the field that appeared: it is used for the test and the load "
                 "only and never stored. Or put it in ~/.pgpass (chmod 600), PGPASSFILE or a "
                 "service file.")
            : error.hint();
        return { false, password, hint.isEmpty() ? error.message() : error.message() + u'\n' + hint };
    }
}

int SideCheck::archiveTablesWithData(const QString& path, const QString& schema)
{
    const QString program = PgBinaries::locate().program(u"pg_restore"_s);
    if (program.isEmpty())
        throw Error(tr("pg_restore not found: it is needed to load \"%1\"").arg(path),
            tr("install the PostgreSQL client tools, or set PGRECONCILE_PG_BINDIR to the folder "
               "that holds them"));
    QProcess process;
    process.start(program, { u"--list"_s, QFileInfo(path).absoluteFilePath() });
    if (!process.waitForFinished(60000)) {
        process.kill();
        process.waitForFinished();
        throw Error(tr("pg_restore --list did not finish reading \"%1\" within a minute").arg(path));
    }
    if (process.exitStatus() != QProcess::NormalExit || process.exitCode() != 0)
        throw Error(
            tr("pg_restore cannot read \"%1\": %2").arg(path, firstLine(process.readAllStandardError())),
            tr("make the dump again with pg_dump, with a pg_restore at least as new as that pg_dump"));
    const QString needle = schema.isEmpty() ? u" TABLE DATA "_s : u" TABLE DATA "_s + schema + u' ';
    int tables = 0;
    for (const QByteArray& line : process.readAllStandardOutput().split('\n')) {
        if (!line.startsWith(';') && QString::fromUtf8(line).contains(needle))
            ++tables;
    }
    return tables;
}

SideCheck::Result SideCheck::checkDump(const SideSource& source)
{
    const QString path = source.text;
    const DumpRestorer::Format format = DumpRestorer::detect(path);
    const QFileInfo info(path);
    if (!info.isReadable())
        throw Error(tr("\"%1\" cannot be read by this user").arg(path), tr("check its permissions"));
    const QString size = QLocale().formattedDataSize(sizeOnDisk(info));
    const QString formatName = DumpRestorer::formatName(format);
    if (format == DumpRestorer::Format::Plain)
        return { true, false,
            tr("pg_dump output in %1 format, %2; psql restores it.").arg(formatName, size) };
    const int tables = archiveTablesWithData(path, source.schema);
    if (tables == 0)
        return { false, false,
            source.schema.isEmpty()
                ? tr("pg_dump output in %1 format, %2, but it holds no table data.").arg(formatName, size)
                : tr("pg_dump output in %1 format, %2, but it holds no table data in schema \"%3\".")
                      .arg(formatName, size, source.schema) };
    return { true, false,
        tables == 1 ? tr("pg_dump output in %1 format, %2, 1 table with data.").arg(formatName, size)
                    : tr("pg_dump output in %1 format, %2, %3 tables with data.")
                          .arg(formatName, size, QString::number(tables)) };
}

SideCheck::Result SideCheck::checkDatabase(const Staging& staging, const SideSource& source, Side side)
{
    QString connectionString;
    if (source.kind == SideSource::Kind::Staging) {
        connectionString = staging.connectionString(source.text);
    } else {
        ConnectionInfo info = ConnectionInfo::parse(source.text);
        if (info.value(u"connect_timeout"_s).isEmpty())
            info.setValue(u"connect_timeout"_s, QString::fromLatin1(kCheckConnectTimeout));
        connectionString = info.toConnectionString();
    }
    PgConnection connection(
        connectionString, u"%1 database (%2)"_s.arg(sideName(side), source.description()));
    connection.begin(u"ISOLATION LEVEL REPEATABLE READ, READ ONLY"_s);
    const SideCatalog catalog = readCatalog(connection, source.schema);
    const PgResult about
        = connection.exec(u"SELECT current_setting('server_version'), "
                          "pg_database_size(current_database()), current_database(), current_user"_s);
    connection.rollback();
    const QString server = tr("PostgreSQL %1, database %2 (%3) as %4")
                               .arg(about.text(0, 0), about.text(0, 2),
                                   QLocale().formattedDataSize(about.toInt64(0, 1)), about.text(0, 3));
    if (catalog.tables.isEmpty()) {
        if (source.schema.isEmpty())
            return { false, false,
                tr("%1: there are no tables to compare.\nCheck that it is the right database and that "
                   "the user can read its tables.")
                    .arg(server) };
        return { false, false,
            tr("%1: schema \"%2\" has no tables to compare.\nCheck the schema name and that the "
               "user can read its tables.")
                .arg(server, source.schema) };
    }
    qint64 rows = 0;
    for (const TableInfo& table : catalog.tables)
        rows += std::max<qint64>(0, table.estimatedRows);
    const QString rowText = QLocale().toString(rows);
    return {
        true, false,
        catalog.tables.size() == 1
            ? tr("%1: 1 table, about %2 rows.").arg(server, rowText)
            : tr("%1: %2 tables, about %3 rows.").arg(server, QString::number(catalog.tables.size()), rowText)
    };
}

} // namespace pgr
