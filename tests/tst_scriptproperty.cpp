// SPDX-License-Identifier: GPL-3.0-or-later
// Property test of the merge script: random tables (random column types, odd identifiers, nasty
// values), random changes on each side, random decisions; export, apply with psql to a copy of the
// target, and compare every row with what an oracle computes on its own, in C++, from the three
// sides' rows: source unchanged → target's row; target unchanged → source's; both the same → that;
// both changed, different columns → merged; conflicts → the decision taken.
// PGRECONCILE_PROPERTY_CASES sets how many cases (tables) run; each case has its own seed.
#include "decisions.h"
#include "differ.h"
#include "pgbinaries.h"
#include "pgconnection.h"
#include "scriptwriter.h"
#include "sides.h"
#include "staging.h"
#include "verifier.h"

#include <QFile>
#include <QHash>
#include <QProcess>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::Literals::StringLiterals;
using namespace pgr;
using pgr::test::Sides;
using pgr::test::TestCluster;

namespace {

struct ColumnType
{
    QString sql;
    // A literal for value number n (different n, different value); nasty ones among them.
    std::function<QString(QRandomGenerator&)> value;
};

QString quoted(const QString& text)
{
    QString escaped = text;
    escaped.replace(u'\'', u"''"_s);
    return u"E'"_s + escaped.replace(u'\\', u"\\\\"_s) + u'\'';
}

QString nastyText(QRandomGenerator& random)
{
    static const QStringList pieces
        = { u"plain"_s, u"it's"_s, u"back\\slash"_s, u"new\nline"_s, u"tab\there"_s, u"emoji 😀"_s,
              u"ünïcödé"_s, u""_s, u"  spaces  "_s, u"%1 %2"_s, u"\"quoted\""_s, u"NULL"_s, u"semi;colon"_s };
    return pieces.at(random.bounded(int(pieces.size()))) + QString::number(random.bounded(1000));
}

const QList<ColumnType>& columnTypes()
{
    static const QList<ColumnType> types = {
        { u"integer"_s,
            [](QRandomGenerator& r) -> QString {
                return QString::number(int(r.bounded(2000000)) - 1000000);
            } },
        { u"bigint"_s,
            [](QRandomGenerator& r) -> QString {
                return QString::number(9007199254740993LL + r.bounded(1000));
            } },
        { u"numeric(20,6)"_s,
            [](QRandomGenerator& r) -> QString {
                return u"%1.%2"_s.arg(r.bounded(100000000)).arg(r.bounded(1000000), 6, 10, QChar(u'0'));
            } },
        { u"text"_s, [](QRandomGenerator& r) -> QString { return quoted(nastyText(r)); } },
        { u"jsonb"_s,
            [](QRandomGenerator& r) -> QString {
                return quoted(u"{\"k\": %1, \"s\": \"%2\", \"a\": [1, 2.50]}"_s.arg(r.bounded(100))
                                  .arg(r.bounded(100)))
                    + u"::jsonb"_s;
            } },
        { u"json"_s,
            [](QRandomGenerator& r) -> QString {
                return quoted(u"{\"k\":  %1}"_s.arg(r.bounded(100))) + u"::json"_s;
            } },
        { u"boolean"_s,
            [](QRandomGenerator& r) -> QString { return r.bounded(2) ? u"true"_s : u"false"_s; } },
        { u"timestamptz"_s,
            [](QRandomGenerator& r) -> QString {
                return quoted(u"2026-%1-%2 %3:00:00+00"_s.arg(1 + r.bounded(12))
                                  .arg(1 + r.bounded(28))
                                  .arg(r.bounded(24)))
                    + u"::timestamptz"_s;
            } },
        { u"date"_s,
            [](QRandomGenerator& r) -> QString {
                return quoted(u"2025-%1-%2"_s.arg(1 + r.bounded(12)).arg(1 + r.bounded(28))) + u"::date"_s;
            } },
        { u"bytea"_s,
            [](QRandomGenerator& r) -> QString {
                return u"'\\x%1'::bytea"_s.arg(r.bounded(0x1000000), 6, 16, QChar(u'0'));
            } },
        { u"text[]"_s,
            [](QRandomGenerator& r) -> QString {
                return u"ARRAY[%1, NULL, 'b']::text[]"_s.arg(quoted(nastyText(r)));
            } },
        { u"integer[]"_s,
            [](QRandomGenerator& r) -> QString { return u"'{%1,2,3}'::integer[]"_s.arg(r.bounded(100)); } },
        { u"point"_s,
            [](QRandomGenerator& r) -> QString {
                return u"point(%1, %2.5)"_s.arg(r.bounded(100)).arg(r.bounded(100));
            } },
        { u"uuid"_s,
            [](QRandomGenerator& r) -> QString {
                return u"'a0eebc99-9c0b-4ef8-bb6d-%1'::uuid"_s.arg(r.bounded(1000000), 12, 10, QChar(u'0'));
            } },
        { u"mood"_s,
            [](QRandomGenerator& r) -> QString {
                return r.bounded(2) ? u"'happy'::mood"_s : u"'it''s odd'::mood"_s;
            } },
        { u"depth"_s, [](QRandomGenerator& r) -> QString { return u"%1.25::depth"_s.arg(r.bounded(1000)); } },
    };
    return types;
}

const QStringList kOddNames = { u"select"_s, u"Mixed Case"_s, u"with \"quote\""_s, u"ünï"_s, u"rate %2"_s,
    u"a;b"_s, u"order"_s, u"x y z"_s, u"back\\slash"_s, u"it's"_s };

struct Rows
{
    QHash<qint64, QStringList> byKey; // id → column texts ("\x01" for NULL)
};

const QString kNull = QStringLiteral("\x01NULL");

Rows readRows(PgConnection& db, const QString& table, const QStringList& columns)
{
    QStringList texts;
    for (const QString& column : columns)
        texts.append(u"coalesce(%1::text, E'\\x01NULL')"_s.arg(db.quoteName(column)));
    const PgResult result = db.exec(u"SELECT id, %1 FROM %2"_s.arg(texts.join(u", "_s), db.quoteName(table)));
    Rows rows;
    for (int row = 0; row < result.rowCount(); ++row) {
        QStringList values;
        for (int c = 0; c < columns.size(); ++c)
            values.append(result.text(row, 1 + c));
        rows.byKey.insert(result.toInt64(row, 0), values);
    }
    return rows;
}

} // namespace

class TestScriptProperty : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void randomTablesRoundTrip_data()
    {
        QTest::addColumn<quint32>("seed");
        const int cases = qEnvironmentVariableIntValue("PGRECONCILE_PROPERTY_CASES") > 0
            ? qEnvironmentVariableIntValue("PGRECONCILE_PROPERTY_CASES")
            : 200;
        for (int i = 0; i < cases; ++i)
            QTest::addRow("seed %d", 1000 + i) << quint32(1000 + i);
    }

    void randomTablesRoundTrip()
    {
        QFETCH(quint32, seed);
        QRandomGenerator random(seed);
        // A random table: integer key, 2 to 6 columns of random types with odd names.
        QStringList names, definitions, types;
        const int columnCount = 2 + random.bounded(5);
        QList<int> typeOf;
        for (int c = 0; c < columnCount; ++c) {
            const int type = random.bounded(int(columnTypes().size()));
            typeOf.append(type);
            names.append(kOddNames.at((int(seed) + c) % kOddNames.size()) + QString::number(c));
        }
        const QString table = u"T %1 \"odd\""_s.arg(seed);
        auto& staging = TestCluster::instance().staging();
        auto quoting = staging.connect(u"postgres"_s);
        for (int c = 0; c < columnCount; ++c)
            definitions.append(quoting->quoteName(names[c]) + u' ' + columnTypes()[typeOf[c]].sql);
        const QString qtable = quoting->quoteName(table);
        auto valueFor = [&](int c) {
            return random.bounded(8) == 0 ? u"NULL"_s : columnTypes()[typeOf[c]].value(random);
        };
        QString setup
            = u"CREATE TYPE mood AS ENUM ('happy', 'it''s odd'); CREATE DOMAIN depth AS numeric(8,2);"
              "CREATE TABLE %1 (id integer PRIMARY KEY, %2);"_s.arg(qtable, definitions.join(u", "_s));
        const int baseRows = 20;
        for (int id = 1; id <= baseRows; ++id) {
            QStringList values;
            for (int c = 0; c < columnCount; ++c)
                values.append(valueFor(c));
            setup += u"INSERT INTO %1 VALUES (%2, %3);"_s.arg(
                qtable, QString::number(id), values.join(u", "_s));
        }
        // Each side: updates of random columns, deletes, inserts (some under the same new ids).
        auto changes = [&]() {
            QString sql;
            for (int i = 0; i < 8; ++i) {
                const int id = 1 + random.bounded(baseRows);
                switch (random.bounded(4)) {
                case 0:
                    sql += u"DELETE FROM %1 WHERE id = %2;"_s.arg(qtable, QString::number(id));
                    break;
                case 1: {
                    QStringList values;
                    for (int c = 0; c < columnCount; ++c)
                        values.append(valueFor(c));
                    sql += u"INSERT INTO %1 VALUES (%2, %3) ON CONFLICT DO NOTHING;"_s.arg(
                        qtable, QString::number(baseRows + 1 + random.bounded(4)), values.join(u", "_s));
                    break;
                }
                default: {
                    const int c = random.bounded(columnCount);
                    sql += u"UPDATE %1 SET %2 = %3 WHERE id = %4;"_s.arg(
                        qtable, quoting->quoteName(names[c]), valueFor(c), QString::number(id));
                }
                }
            }
            return sql;
        };
        Sides sides(u"prop%1"_s.arg(seed));
        sides.onAll(setup);
        sides.onSource(changes());
        sides.onTarget(changes());
        auto project = sides.load();
        Differ(*project, {}).run();

        // Decide every conflict at random; the rest keeps its default.
        Decisions decisions(*project, u"property"_s);
        QHash<qint64, bool> takeSource;
        const PgResult conflicts = project->connection().exec(
            u"SELECT (key ->> 0)::bigint, key::text FROM pgreconcile.changes WHERE change_class = 'conflict'"_s);
        for (int row = 0; row < conflicts.rowCount(); ++row) {
            const bool source = random.bounded(2) == 0;
            takeSource.insert(conflicts.toInt64(row, 0), source);
            decisions.decide(u"public."_s + table, conflicts.text(row, 1),
                source ? Action::TakeSource : Action::KeepTarget);
        }

        // The oracle, from the three sides' rows as PostgreSQL renders them.
        // (Connections closed right away: the target is copied as a template below.)
        const Rows b = readRows(*staging.connect(sides.database(Side::Base)), table, names);
        const Rows s = readRows(*staging.connect(sides.database(Side::Source)), table, names);
        const Rows t = readRows(*staging.connect(sides.database(Side::Target)), table, names);
        QHash<qint64, QStringList> expected;
        QSet<qint64> keys;
        for (const Rows* side : { &b, &s, &t }) {
            for (auto it = side->byKey.cbegin(); it != side->byKey.cend(); ++it)
                keys.insert(it.key());
        }
        for (const qint64 key : std::as_const(keys)) {
            const auto bRow = b.byKey.constFind(key), sRow = s.byKey.constFind(key),
                       tRow = t.byKey.constFind(key);
            const bool hb = bRow != b.byKey.cend(), hs = sRow != s.byKey.cend(), ht = tRow != t.byKey.cend();
            auto same = [](bool h1, const QStringList* r1, bool h2, const QStringList* r2) {
                return h1 == h2 && (!h1 || *r1 == *r2);
            };
            const QStringList* pb = hb ? &*bRow : nullptr;
            const QStringList* ps = hs ? &*sRow : nullptr;
            const QStringList* pt = ht ? &*tRow : nullptr;
            std::optional<QStringList> final;
            if (same(hs, ps, hb, pb)
                || same(hs, ps, ht, pt)) { // source unchanged, or both alike: target stays
                if (ht)
                    final = *pt;
            } else if (same(ht, pt, hb, pb)) { // only the source changed: take it
                if (hs)
                    final = *ps;
            } else if (hb && hs && ht) {
                QSet<int> sourceChanged, targetChanged;
                for (int c = 0; c < columnCount; ++c) {
                    if ((*ps)[c] != (*pb)[c])
                        sourceChanged.insert(c);
                    if ((*pt)[c] != (*pb)[c])
                        targetChanged.insert(c);
                }
                if (!sourceChanged.intersects(targetChanged)) { // column merge
                    QStringList merged = *pt;
                    for (const int c : std::as_const(sourceChanged))
                        merged[c] = (*ps)[c];
                    final = merged;
                } else if (takeSource.value(key)) {
                    final = *ps;
                } else {
                    final = *pt;
                }
            } else if (takeSource.value(key)) { // update/delete, delete/update, insert/insert
                if (hs)
                    final = *ps;
            } else if (ht) {
                final = *pt;
            }
            if (final)
                expected.insert(key, *final);
        }

        // Export, apply with psql to a copy of the target, compare.
        QTemporaryDir dir;
        const QString script = dir.filePath(u"merge.sql"_s);
        QFile file(script);
        QVERIFY(file.open(QIODevice::WriteOnly));
        ScriptWriter::Options options;
        // Both formats, the same oracle: COPY blocks applied set-wise, and VALUES batches.
        options.format = seed % 2 ? ScriptWriter::Format::Values : ScriptWriter::Format::Copy;
        options.batchSize = 1 + random.bounded(5);
        ScriptWriter(*project, options).write(file);
        file.close();
        const QString copy = u"prop_applied_%1"_s.arg(seed);
        quoting->exec(u"DROP DATABASE IF EXISTS %1 WITH (FORCE)"_s.arg(quoting->quoteName(copy)));
        quoting->exec(u"CREATE DATABASE %1 TEMPLATE %2"_s.arg(
            quoting->quoteName(copy), quoting->quoteName(sides.database(Side::Target))));
        QProcess psql;
        psql.setProcessChannelMode(QProcess::MergedChannels);
        psql.start(PgBinaries::locate().program(u"psql"_s),
            { u"-X"_s, u"-q"_s, u"-v"_s, u"ON_ERROR_STOP=1"_s, u"-f"_s, script, u"-d"_s,
                staging.connectionString(copy) });
        QVERIFY(psql.waitForFinished(60000));
        QVERIFY2(psql.exitCode() == 0, qPrintable(QString::fromUtf8(psql.readAll())));
        auto applied = staging.connect(copy);
        const Rows result = readRows(*applied, table, names);
        QCOMPARE(result.byKey.size(), expected.size());
        for (auto it = expected.cbegin(); it != expected.cend(); ++it) {
            QVERIFY2(result.byKey.contains(it.key()), qPrintable(u"row %1 missing"_s.arg(it.key())));
            QCOMPARE(result.byKey.value(it.key()), it.value());
        }
        // Verify agrees: every decided change checked and in place.
        const VerifyResult verified = Verifier(*project).verify(staging.connectionString(copy));
        for (const VerifyTable& verifiedTable : verified.tables) {
            QVERIFY2(verifiedTable.missing + verifiedTable.differs + verifiedTable.stillPresent == 0,
                qPrintable(verifiedTable.problems.join(u"; "_s)));
            QVERIFY2(
                verifiedTable.notChecked == 0, qPrintable(verifiedTable.notCheckedReasons.join(u"; "_s)));
        }
        // Tidy up: this test makes many databases.
        applied.reset();
        for (const QString& database : { copy, sides.database(Side::Base), sides.database(Side::Source),
                 sides.database(Side::Target), project->database() }) {
            if (database == project->database())
                project.reset();
            quoting->exec(u"DROP DATABASE IF EXISTS %1 WITH (FORCE)"_s.arg(quoting->quoteName(database)));
        }
    }
};

QTEST_GUILESS_MAIN(TestScriptProperty)
#include "tst_scriptproperty.moc"
