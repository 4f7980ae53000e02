// SPDX-License-Identifier: GPL-3.0-or-later
#include "error.h"
#include "pgbinaries.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QTest>
#include <sys/stat.h>

using namespace Qt::Literals::StringLiterals;
using pgr::ClientCredentials;
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

    // A client program gets its connection without the password, which goes to a 0600 passfile
    // (escaped as libpq reads it) that is gone with the credentials; it never prompts.
    void aPasswordLeavesTheCommandLineForAPassfile()
    {
        QStringList arguments = { u"-f"_s, u"out.dump"_s, u"-d"_s,
            uR"(host=db.example port=5433 dbname=shop user=app password='se:cr\\et\'x')"_s,
            u"--dbname=postgresql://app:pw2@db/x"_s };
        QProcessEnvironment environment;
        environment.insert(u"PGPASSWORD"_s, u"other"_s);
        QString passfile;
        {
            const ClientCredentials credentials(arguments, environment);
            QVERIFY(credentials.hasPassword());
            QVERIFY2(!arguments.join(u' ').contains(u"se:cr"_s) && !arguments.join(u' ').contains(u"pw2"_s),
                qPrintable(arguments.join(u' ')));
            QCOMPARE(arguments.first(), u"--no-password"_s);
            QVERIFY2(arguments.at(4).contains(u"host='db.example'"_s), qPrintable(arguments.at(4)));
            QVERIFY(!environment.contains(u"PGPASSWORD"_s));
            QCOMPARE(environment.value(u"PGCONNECT_TIMEOUT"_s), u"10"_s);
            passfile = environment.value(u"PGPASSFILE"_s);
            QFile file(passfile);
            QVERIFY(file.open(QIODevice::ReadOnly));
            QCOMPARE(file.readAll(),
                QByteArray(R"(*:*:*:*:se\:cr\\et'x)"
                           "\n"));
            struct stat info
            {
            };
            QCOMPARE(::stat(passfile.toLocal8Bit().constData(), &info), 0);
            QCOMPARE(info.st_mode & 0777, 0600u);
        }
        QVERIFY2(!QFile::exists(passfile), qPrintable(passfile));
    }

    void withoutAPasswordNoPassfileIsMade()
    {
        QStringList arguments = { u"--dbname"_s, u"host=/tmp dbname=x"_s };
        QProcessEnvironment environment;
        environment.insert(u"PGPASSWORD"_s, u"from-the-user"_s);
        const ClientCredentials credentials(arguments, environment);
        QVERIFY(!credentials.hasPassword());
        QCOMPARE(arguments, (QStringList { u"--no-password"_s, u"--dbname"_s, u"host=/tmp dbname=x"_s }));
        QVERIFY(!environment.contains(u"PGPASSFILE"_s));
        QCOMPARE(
            environment.value(u"PGPASSWORD"_s), u"from-the-user"_s); // the user's own way, as for the load
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
