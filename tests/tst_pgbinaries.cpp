// SPDX-License-Identifier: GPL-3.0-or-later
#include "error.h"
#include "pgbinaries.h"

#include <QFileInfo>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::Literals::StringLiterals;
using pgr::PgBinaries;

class TestPgBinaries : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void findsTheInstalledServer()
    {
        const PgBinaries binaries = PgBinaries::locate();
        QVERIFY(QFileInfo(binaries.bindir() + u"/initdb"_s).isExecutable());
        QVERIFY2(binaries.majorVersion() >= 12, qPrintable(QString::number(binaries.majorVersion())));
        QVERIFY(QFileInfo(binaries.program(u"psql"_s)).isExecutable());
    }

    void aBareMachineGetsAnInstallHint()
    {
        QTemporaryDir empty;
        try {
            PgBinaries::locateIn({ empty.path() });
            QFAIL("found server programs in an empty folder");
        } catch (const pgr::Error& error) {
            QVERIFY2(error.message().contains(empty.path()), qPrintable(error.message()));
            QVERIFY2(error.hint().contains(u"apt-get install postgresql"_s), qPrintable(error.hint()));
            QVERIFY(error.hint().contains(u"--staging"_s));
        }
    }

    void aWrongOverrideIsNamed()
    {
        QTemporaryDir empty;
        qputenv("PGRECONCILE_PG_BINDIR", empty.path().toLocal8Bit());
        auto restore = qScopeGuard([] { qunsetenv("PGRECONCILE_PG_BINDIR"); });
        try {
            PgBinaries::locate();
            QFAIL("accepted a PGRECONCILE_PG_BINDIR without server programs");
        } catch (const pgr::Error& error) {
            QVERIFY2(error.message().contains(u"PGRECONCILE_PG_BINDIR"_s), qPrintable(error.message()));
        }
    }
};

QTEST_GUILESS_MAIN(TestPgBinaries)
#include "tst_pgbinaries.moc"
