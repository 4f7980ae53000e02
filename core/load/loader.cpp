// SPDX-License-Identifier: GPL-3.0-or-later
#include "loader.h"

#include "conninfo.h"
#include "dumprestore.h"
#include "error.h"
#include "interruptedwork.h"
#include "jsontext.h"
#include "pgbinaries.h"
#include "pgconnection.h"
#include "project.h"
#include "settings.h"
#include "staging.h"

#include <QCryptographicHash>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QThread>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

using namespace Qt::Literals::StringLiterals;

namespace pgr {

namespace {

constexpr qint64 kProgressEveryRows = 65536;

QString quotedColumnList(const PgConnection& connection, const TableInfo& table, bool withTypes)
{
    QStringList parts;
    for (const ColumnInfo& column : table.columns) {
        if (column.generated)
            continue;
        parts.append(withTypes ? connection.quoteName(column.name) + u' ' + column.stagedType
                               : connection.quoteName(column.name));
    }
    return parts.join(u", "_s);
}

} // namespace

SideSource SideSource::interpret(const QString& text, const QString& schema)
{
    SideSource source;
    source.text = text;
    source.schema = schema;
    if (text.contains(u"://"_s) || text.contains(u'='))
        source.kind = Kind::Uri;
    else if (QFileInfo::exists(text))
        source.kind = Kind::Dump;
    else
        source.kind = Kind::Staging;
    return source;
}

QString SideSource::description() const
{
    switch (kind) {
    case Kind::Uri:
        return ConnectionInfo::parse(text).toDisplayString();
    case Kind::Dump:
        return QFileInfo(text).absoluteFilePath();
    case Kind::Staging:
        return text;
    }
    return text;
}

template<>
std::span<const ReportName<SideSource::Kind>> reportNames<SideSource::Kind>()
{
    static constexpr ReportName<SideSource::Kind> names[] = {
        { SideSource::Kind::Uri, u"uri" },
        { SideSource::Kind::Dump, u"dump" },
        { SideSource::Kind::Staging, u"staging" },
    };
    return names;
}

QString SideSource::kindName() const { return reportName(kind); }

Loader::Loader(Project& project, const std::atomic<bool>* cancel, ProgressFunction progress)
    : m_project(project)
    , m_cancel(cancel)
    , m_progress(std::move(progress))
{ }

namespace {

QString originLabelOf(Side side, const SideSource& source)
{
    return u"%1 database (%2)"_s.arg(sideName(side), source.description());
}

// The tables of the catalog the connection's role cannot read (a column it may not read counts).
void refuseUnreadable(
    PgConnection& origin, const SideCatalog& catalog, const QString& originLabel, const QString& onlySchema)
{
    QJsonArray tables;
    for (const TableInfo& table : catalog.tables)
        tables.append(QJsonObject { { u"s"_s, table.schema }, { u"t"_s, table.name } });
    const PgResult unreadable = origin.exec(
        u"SELECT format('%I.%I', s, t), quote_ident(current_user) FROM jsonb_to_recordset($1::jsonb) AS x(s "
        u"text, t text) "
        "WHERE NOT has_table_privilege(format('%I.%I', s, t), 'SELECT') AND EXISTS (SELECT 1 FROM "
        "pg_attribute a "
        "  WHERE a.attrelid = format('%I.%I', s, t)::regclass AND a.attnum > 0 AND NOT a.attisdropped "
        "  AND NOT has_column_privilege(a.attrelid, a.attnum, 'SELECT')) ORDER BY 1"_s,
        { QString::fromUtf8(QJsonDocument(tables).toJson(QJsonDocument::Compact)) });
    if (unreadable.rowCount() == 0)
        return;
    QStringList names;
    for (int row = 0; row < unreadable.rowCount(); ++row)
        names.append(unreadable.text(row, 0));
    const QString role = unreadable.text(0, 1);
    throw Error(u"the role %1 of the %2 may not read %3 %4: nothing was loaded"_s.arg(
                    role, originLabel, names.size() == 1 ? u"table"_s : u"tables"_s, names.join(u", "_s)),
        u"grant it as the tables' owner: GRANT SELECT ON %1 TO %2; or load with a role that can read them%3"_s
            .arg(names.join(u", "_s), role,
                onlySchema.isEmpty()
                    ? u", or only the schema that holds the tables to compare (--source-schema and the like)"_s
                    : QString()));
}

} // namespace

void Loader::checkReadable(Side side, const SideSource& source)
{
    if (source.kind != SideSource::Kind::Uri)
        return;
    const QString originLabel = originLabelOf(side, source);
    PgConnection origin(ConnectionInfo::parse(source.text).toConnectionString(), originLabel);
    refuseUnreadable(origin, readCatalog(origin, source.schema), originLabel, source.schema);
}

QString Loader::stagedName(const QString& schema, const QString& table)
{
    // "schema.table" where that names one pair only: the schema has no dot (the name splits at its
    // first one) and neither has a '~' (the mark of the shortened names below). A project made
    // before keeps the names of all its tables but these.
    const QString name = schema + u'.' + table;
    const bool plain = !schema.contains(u'.') && !name.contains(u'~');
    if (plain && name.toUtf8().size() <= 63)
        return name;
    // Else shortened, with a hash of the pair: of the name as before for a long plain one (8 hex
    // digits), of the schema's length and both names for the others (16), so that public."x.y"
    // and "public.x".y differ. The digits after the last '~' tell the three kinds apart.
    const QByteArray pair = plain
        ? name.toUtf8()
        : QByteArray::number(schema.toUtf8().size()) + ':' + schema.toUtf8() + table.toUtf8();
    const int digits = plain ? 8 : 16;
    const QString hash
        = QString::fromLatin1(QCryptographicHash::hash(pair, QCryptographicHash::Sha1).toHex().left(digits));
    QString shortened = name;
    while (shortened.toUtf8().size() > 63 - digits - 1)
        shortened.chop(1);
    return shortened + u'~' + hash;
}

void Loader::checkCancel() const
{
    if (m_cancel && m_cancel->load())
        throw Cancelled();
}

Loader::Result Loader::load(Side side, const SideSource& source)
{
    const QString label = sideName(side);
    RunningWork work(m_project, WorkKind::Load, label,
        u"loading the %1 from %2"_s.arg(label, source.description()),
        u"Load the %1 again; until then the project keeps the %1 it had before (none if this was its first load)."_s
            .arg(label));
    m_work = &work;
    auto forget = qScopeGuard([&] { m_work = nullptr; });
    const Result result = loadSide(side, source);
    work.finished();
    return result;
}

void Loader::reportPhase(Side side, const QString& message) const
{
    if (!m_progress)
        return;
    LoadProgress progress;
    progress.side = side;
    progress.message = message;
    m_progress(progress);
}

Loader::Result Loader::loadSide(Side side, const SideSource& source)
{
    const QString label = sideName(side);
    switch (source.kind) {
    case SideSource::Kind::Uri:
        return copyFrom(side, source, ConnectionInfo::parse(source.text).toConnectionString());
    case SideSource::Kind::Staging: {
        const Staging& staging = m_project.staging();
        if (!databaseExists(*staging.connect(u"postgres"_s), source.text))
            throw Error(
                u"the %1 \"%2\" is neither a libpq URI, nor a dump file or folder, nor a database in %3"_s
                    .arg(label, source.text, staging.description()),
                u"give a URI such as postgresql://user@host/db, the path of a pg_dump file, or the name of a "
                "database in staging (pgreconcile-cli demo makes demo_base, demo_source and demo_target)"_s);
        return copyFrom(side, source, staging.connectionString(source.text));
    }
    case SideSource::Kind::Dump:
        return loadDump(side, source);
    }
    return {};
}

// A dump is restored into a scratch database of staging, then loaded like any database.
Loader::Result Loader::loadDump(Side side, const SideSource& source)
{
    const QString scratch = u"pgrscratch_%1_%2"_s.arg(m_project.name(), sideName(side));
    m_work->willLeave(u"database"_s, scratch);
    DumpRestorer restorer(m_project.staging(), PgBinaries::locate());
    reportPhase(side, u"restoring %1"_s.arg(source.description()));
    restorer.restore(source.text, scratch, m_cancel, [&](const QString& line) { reportPhase(side, line); });
    auto dropScratch = qScopeGuard([&] {
        try {
            dropDatabase(*m_project.staging().connect(u"postgres"_s), scratch);
        } catch (const Error&) { }
    });
    return copyFrom(side, source, m_project.staging().connectionString(scratch));
}

namespace {

// One consistent snapshot of the whole side, shared with the workers: its id, or an empty string
// where the origin cannot export one (e.g. an old standby: one connection then).
QString beginSnapshot(PgConnection& origin)
{
    origin.begin(u"ISOLATION LEVEL REPEATABLE READ, READ ONLY"_s);
    try {
        origin.exec(u"SAVEPOINT export_snapshot"_s);
        const QString snapshot = origin.exec(u"SELECT pg_export_snapshot()"_s).text(0, 0);
        origin.exec(u"RELEASE SAVEPOINT export_snapshot"_s);
        return snapshot;
    } catch (const Error&) {
        origin.exec(u"ROLLBACK TO SAVEPOINT export_snapshot"_s);
        return {};
    }
}

// The copies of one side's tables, shared by the workers: which table is next, the progress, and
// the first error (which stops the others).
class TableCopies
{
public:
    TableCopies(Project& project, QList<TableInfo>& tables, QString loadingSchema, QString onlySchema,
        LoadProgress progress, const Loader::ProgressFunction& report, const std::atomic<bool>* cancel)
        : m_project(project)
        , m_tables(tables)
        , m_loadingSchema(std::move(loadingSchema))
        , m_onlySchema(std::move(onlySchema))
        , m_progress(std::move(progress))
        , m_report(report)
        , m_cancel(cancel)
    { }

    // Copies tables with one worker per origin connection (all in the same snapshot), the first
    // on the calling thread; rethrows the first error.
    void run(PgConnection& origin, const std::vector<std::unique_ptr<PgConnection>>& moreOrigins);

private:
    void work(PgConnection& from);
    void copyTable(PgConnection& from, PgConnection& into, TableInfo& table);
    qint64 copyRows(PgConnection& from, PgCopyIn& writer, const TableInfo& table);
    void tableStarted(const TableInfo& table);
    void tableDone(qint64 rows);

    Project& m_project;
    QList<TableInfo>& m_tables;
    const QString m_loadingSchema;
    const QString m_onlySchema;
    std::mutex m_progressMutex;
    LoadProgress m_progress;
    const Loader::ProgressFunction& m_report;
    const std::atomic<bool>* m_cancel;
    std::atomic<int> m_nextTable { 0 };
    std::atomic<bool> m_failed { false };
    std::exception_ptr m_firstError;
};

void TableCopies::run(PgConnection& origin, const std::vector<std::unique_ptr<PgConnection>>& moreOrigins)
{
    std::vector<std::thread> threads;
    for (const auto& connection : moreOrigins)
        threads.emplace_back([this, from = connection.get()] { work(*from); });
    work(origin);
    for (std::thread& thread : threads)
        thread.join();
    if (m_firstError)
        std::rethrow_exception(m_firstError);
}

void TableCopies::work(PgConnection& from)
{
    try {
        auto into = m_project.connect();
        while (!m_failed) {
            const int index = m_nextTable++;
            if (index >= m_tables.size())
                return;
            copyTable(from, *into, m_tables[index]);
        }
    } catch (...) {
        std::lock_guard lock(m_progressMutex);
        if (!m_firstError)
            m_firstError = std::current_exception();
        m_failed = true;
    }
}

void TableCopies::copyTable(PgConnection& from, PgConnection& into, TableInfo& table)
{
    const QString staged = into.quoteName(m_loadingSchema) + u'.'
        + into.quoteName(Loader::stagedName(table.schema, table.name));
    tableStarted(table);
    PgTransaction tx(into);
    into.exec(u"CREATE TABLE %1 (%2)"_s.arg(staged, quotedColumnList(into, table, true)));
    PgCopyIn writer(into, staged + u" ("_s + quotedColumnList(into, table, false) + u')');
    const qint64 rows = copyRows(from, writer, table);
    writer.finish();
    if (!table.primaryKey.isEmpty())
        into.exec(u"ALTER TABLE %1 ADD PRIMARY KEY (%2)"_s.arg(staged, into.quoteNames(table.primaryKey)));
    into.exec(u"ANALYZE "_s + staged);
    tx.commit();
    table.estimatedRows = rows; // from here on: the exact count
    tableDone(rows);
}

qint64 TableCopies::copyRows(PgConnection& from, PgCopyIn& writer, const TableInfo& table)
{
    // On a side loaded from one schema, the table is read where it really lives.
    const QString originTable = from.quoteName(m_onlySchema.isEmpty() ? table.schema : m_onlySchema) + u'.'
        + from.quoteName(table.name);
    qint64 rows = 0;
    from.copyOut(u"(SELECT %1 FROM %2)"_s.arg(quotedColumnList(from, table, false), originTable),
        [&](const std::string& row) {
            writer.writeRow(row);
            if (++rows % kProgressEveryRows != 0)
                return;
            if (m_failed || (m_cancel && m_cancel->load()))
                throw Cancelled();
            std::lock_guard lock(m_progressMutex);
            m_progress.rowsDone += kProgressEveryRows;
            if (m_report)
                m_report(m_progress);
        });
    return rows;
}

void TableCopies::tableStarted(const TableInfo& table)
{
    std::lock_guard lock(m_progressMutex);
    m_progress.table = table.schema + u'.' + table.name;
    if (m_report)
        m_report(m_progress);
}

void TableCopies::tableDone(qint64 rows)
{
    std::lock_guard lock(m_progressMutex);
    m_progress.rowsDone += rows % kProgressEveryRows; // the rest was counted while it was copied
    ++m_progress.tablesDone;
    m_progress.table.clear();
    if (m_report)
        m_report(m_progress);
}

} // namespace

SideCatalog Loader::readSideCatalog(
    PgConnection& origin, Side side, const SideSource& source, const QString& originLabel) const
{
    reportPhase(side, u"reading the catalog of %1"_s.arg(source.description()));
    SideCatalog catalog = readCatalog(origin, source.schema);
    if (catalog.tables.isEmpty())
        throw Error(u"the %1 has no tables to compare"_s.arg(originLabel),
            u"check that it is the right database and that your user can read its tables"_s);
    refuseUnreadable(origin, catalog, originLabel, source.schema);
    if (!source.schema.isEmpty()) {
        for (TableInfo& table : catalog.tables)
            table.schema = source.logicalSchema; // matched as if it lived where the target has it
    }
    return catalog;
}

// Connections for the workers beyond the first, each in the snapshot of the first; none without
// a snapshot to share.
std::vector<std::unique_ptr<PgConnection>> Loader::workerOrigins(
    const QString& connectionString, const QString& originLabel, const QString& snapshot, int tables) const
{
    int workers = m_parallelism > 0 ? m_parallelism : std::clamp(QThread::idealThreadCount(), 1, 8);
    if (snapshot.isEmpty())
        workers = 1;
    workers = std::min(workers, tables);
    std::vector<std::unique_ptr<PgConnection>> origins;
    for (int worker = 1; worker < workers; ++worker) {
        auto connection = std::make_unique<PgConnection>(connectionString, originLabel);
        connection->begin(u"ISOLATION LEVEL REPEATABLE READ, READ ONLY"_s);
        connection->exec(u"SET TRANSACTION SNAPSHOT "_s + connection->quoteLiteral(snapshot));
        origins.push_back(std::move(connection));
    }
    return origins;
}

Loader::Result Loader::copyFrom(Side side, const SideSource& source, const QString& connectionString)
{
    QElapsedTimer timer;
    timer.start();
    const QString originLabel = originLabelOf(side, source);
    PgConnection origin(connectionString, originLabel);
    const QString snapshot = beginSnapshot(origin);
    SideCatalog catalog = readSideCatalog(origin, side, source, originLabel);

    const QString loadingSchema = sideName(side) + u"_loading"_s;
    m_work->willLeave(u"schema"_s, loadingSchema);
    PgConnection& project = m_project.connection();
    project.exec(
        u"DROP SCHEMA IF EXISTS %1 CASCADE; CREATE SCHEMA %1"_s.arg(project.quoteName(loadingSchema)));

    Result result;
    result.tables = int(catalog.tables.size());
    LoadProgress progress;
    progress.side = side;
    progress.tablesTotal = result.tables;
    for (const TableInfo& table : std::as_const(catalog.tables))
        progress.rowsEstimated += table.estimatedRows;
    TableCopies copies(
        m_project, catalog.tables, loadingSchema, source.schema, progress, m_progress, m_cancel);
    copies.run(origin, workerOrigins(connectionString, originLabel, snapshot, result.tables));
    checkCancel();

    for (const TableInfo& table : std::as_const(catalog.tables))
        result.rows += table.estimatedRows;
    result.seconds = double(timer.elapsed()) / 1000.0;
    store(side, source, catalog, loadingSchema, result);
    origin.rollback(); // read-only: nothing to keep
    return result;
}

void Loader::store(Side side, const SideSource& source, const SideCatalog& catalog,
    const QString& loadingSchema, const Result& result)
{
    PgConnection& db = m_project.connection();
    const QString name = sideName(side);
    PgTransaction tx(db);
    // The new copy replaces the old one in one step; earlier diff results are stale from now on.
    db.exec(u"DROP SCHEMA IF EXISTS %1 CASCADE"_s.arg(db.quoteName(name)));
    db.exec(u"ALTER SCHEMA %1 RENAME TO %2"_s.arg(db.quoteName(loadingSchema), db.quoteName(name)));
    db.exec(u"DELETE FROM pgreconcile.sides WHERE side = $1"_s, { name });
    db.exec(u"INSERT INTO pgreconcile.sides (side, origin_kind, origin, origin_schema, server_version, "
            u"loaded_by, "
            "table_count, row_count) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)"_s,
        { name, source.kindName(),
            source.kind == SideSource::Kind::Uri ? ConnectionInfo::parse(source.text).toStorableString()
                                                 : source.description(),
            SqlParam::nullIfEmpty(source.schema), catalog.serverVersion, Settings().reviewerName(),
            result.tables, result.rows });
    for (const TableInfo& table : catalog.tables)
        storeTable(db, name, source, table);
    for (const SequenceInfo& sequence : catalog.sequences) {
        db.exec(
            u"INSERT INTO pgreconcile.sequences (side, sequence_name, last_value, is_called, increment_by) "
            "VALUES ($1, $2, $3::numeric, $4, $5)"_s,
            { name, sequence.name, SqlParam::nullIfEmpty(sequence.lastValue), !sequence.lastValue.isEmpty(),
                sequence.increment });
    }
    // Tables that no side has any more go; results of the previous diff are stale.
    db.exec(u"DELETE FROM pgreconcile.tables t WHERE NOT EXISTS (SELECT 1 FROM pgreconcile.side_tables s "
            "WHERE s.table_id = t.table_id)"_s);
    db.exec(u"DELETE FROM pgreconcile.changes; DELETE FROM pgreconcile.table_diffs"_s);
    tx.commit();
}

// One table of the side's catalog in the project's tables (pgreconcile.tables, side_tables,
// columns, foreign_keys).
void Loader::storeTable(
    PgConnection& db, const QString& side, const SideSource& source, const TableInfo& table)
{
    const QString staged = stagedName(table.schema, table.name);
    renameStagedElsewhere(db, side, table, staged);
    const QString tableId
        = db.exec(
                u"INSERT INTO pgreconcile.tables (schema_name, table_name, staged_name) VALUES ($1, $2, $3) "
                "ON CONFLICT (schema_name, table_name) DO UPDATE SET staged_name = EXCLUDED.staged_name "
                "RETURNING table_id"_s,
                { table.schema, table.name, staged })
              .text(0, 0);
    QJsonArray uniqueKeys;
    for (const UniqueKeyInfo& key : table.uniqueKeys)
        uniqueKeys.append(QJsonObject {
            { u"name"_s, key.name }, { u"columns"_s, QJsonArray::fromStringList(key.columns) } });
    db.exec(u"INSERT INTO pgreconcile.side_tables (table_id, side, origin_schema, primary_key, "
            u"primary_key_name, "
            "unique_keys, row_count) VALUES ($1, $2, $3, (SELECT array_agg(x) FROM "
            "jsonb_array_elements_text($4::jsonb) x), "
            "$5, $6::jsonb, $7)"_s,
        { tableId, side, source.schema.isEmpty() ? table.schema : source.schema,
            table.primaryKey.isEmpty() ? SqlParam(std::nullopt) : SqlParam(jsonFromStrings(table.primaryKey)),
            SqlParam::nullIfEmpty(table.primaryKeyName),
            QString::fromUtf8(QJsonDocument(uniqueKeys).toJson(QJsonDocument::Compact)),
            table.estimatedRows });
    for (const ColumnInfo& column : table.columns) {
        db.exec(u"INSERT INTO pgreconcile.columns (table_id, side, ordinal, column_name, type_name, "
                u"staged_type, "
                "not_null, default_expr, identity, generated, sequence_name) "
                "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)"_s,
            { tableId, side, column.ordinal, column.name, column.typeName,
                column.generated ? SqlParam(std::nullopt) : SqlParam(column.stagedType), column.notNull,
                SqlParam::nullIfEmpty(column.defaultExpr), column.identity, column.generated,
                SqlParam::nullIfEmpty(column.sequence) });
    }
    for (const ForeignKeyInfo& key : table.foreignKeys) {
        db.exec(u"INSERT INTO pgreconcile.foreign_keys (table_id, side, name, columns, ref_schema, "
                u"ref_table, "
                "ref_columns, is_deferrable, is_deferred, on_delete, on_update) VALUES ($1, $2, $3, "
                "(SELECT array_agg(x) FROM jsonb_array_elements_text($4::jsonb) x), $5, $6, "
                "(SELECT array_agg(x) FROM jsonb_array_elements_text($7::jsonb) x), $8, $9, $10, $11)"_s,
            { tableId, side, key.name, jsonFromStrings(key.columns),
                source.schema.isEmpty() ? key.refSchema : source.logicalSchema, key.refTable,
                jsonFromStrings(key.refColumns), key.deferrable, key.deferred, key.onDelete, key.onUpdate });
    }
}

// A table staged under another name by an older release is renamed on the other sides.
void Loader::renameStagedElsewhere(
    PgConnection& db, const QString& side, const TableInfo& table, const QString& staged)
{
    const PgResult before
        = db.exec(u"SELECT staged_name FROM pgreconcile.tables WHERE schema_name = $1 AND table_name = $2"_s,
            { table.schema, table.name });
    if (before.rowCount() != 1 || before.text(0, 0) == staged)
        return;
    for (const QString& other : { u"base"_s, u"source"_s, u"target"_s }) {
        if (other != side)
            db.exec(u"ALTER TABLE IF EXISTS %1.%2 RENAME TO %3"_s.arg(
                db.quoteName(other), db.quoteName(before.text(0, 0)), db.quoteName(staged)));
    }
}

} // namespace pgr
