// SPDX-License-Identifier: GPL-3.0-or-later
#include "conninfo.h"
#include "error.h"

#include <QTest>

using namespace Qt::Literals::StringLiterals;
using pgr::ConnectionInfo;

class TestConnectionInfo : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void parsesUrisAndKeywords_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("display");
        QTest::newRow("uri") << u"postgresql://alice:secret@db.example:6543/shop"_s
                             << u"alice@db.example:6543/shop"_s;
        QTest::newRow("keywords") << u"host=db.example dbname=shop user=bob"_s << u"bob@db.example/shop"_s;
        QTest::newRow("socket") << u"postgresql:///shop?host=/run/postgresql"_s << u"/run/postgresql/shop"_s;
        QTest::newRow("service") << u"service=prod"_s << u"service prod/(default database)"_s;
    }
    void parsesUrisAndKeywords()
    {
        QFETCH(QString, text);
        QFETCH(QString, display);
        const auto info = ConnectionInfo::parse(text);
        QCOMPARE(info.toDisplayString(), display);
        QVERIFY(!info.toDisplayString().contains(u"secret"_s));
    }

    void storableFormDropsThePassword()
    {
        const auto info = ConnectionInfo::parse(u"postgresql://alice:s3cr%27et@db.example/shop"_s);
        QVERIFY(info.hasPassword());
        QCOMPARE(info.value(u"password"_s), u"s3cr'et"_s);
        QVERIFY(info.toConnectionString().contains(u"password='s3cr\\'et'"_s));
        QVERIFY(!info.toStorableString().contains(u"s3cr"_s));
        // The storable form is itself a valid description of the same server.
        const auto reread = ConnectionInfo::parse(info.toStorableString());
        QCOMPARE(reread.value(u"host"_s), u"db.example"_s);
        QCOMPARE(reread.database(), u"shop"_s);
    }

    void switchesDatabaseKeepingTheRest()
    {
        const auto info = ConnectionInfo::parse(u"host=h port=5433 dbname=a"_s).withDatabase(u"it's b"_s);
        const auto reread = ConnectionInfo::parse(info.toConnectionString());
        QCOMPARE(reread.database(), u"it's b"_s);
        QCOMPARE(reread.value(u"port"_s), u"5433"_s);
    }

    void malformedTextIsAClearError()
    {
        try {
            ConnectionInfo::parse(u"host=h bogus_keyword=1"_s);
            QFAIL("a malformed connection description was accepted");
        } catch (const pgr::Error& error) {
            QVERIFY2(error.message().contains(u"bogus_keyword"_s), qPrintable(error.message()));
            QVERIFY(!error.hint().isEmpty());
        }
    }
};

QTEST_GUILESS_MAIN(TestConnectionInfo)
#include "tst_conninfo.moc"
