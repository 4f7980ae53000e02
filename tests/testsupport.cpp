// SPDX-License-Identifier: GPL-3.0-or-later
#include "testsupport.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QTest>

#include <sys/stat.h>

using namespace Qt::Literals::StringLiterals;

namespace pgr::test {

TestCluster& TestCluster::instance()
{
    static TestCluster cluster;
    return cluster;
}

TestCluster::TestCluster()
    : m_dir(QDir::tempPath() + u"/pgr-test-XXXXXX"_s)
{
    if (!m_dir.isValid())
        qFatal("cannot create a temporary folder for the test cluster");
    m_folder = makeClusterFolder(m_dir, u"staging"_s);
    Staging::Choice choice;
    choice.folder = m_folder;
    choice.durable = false;
    try {
        m_staging = Staging::open(choice);
    } catch (const std::exception& e) {
        qFatal("cannot start the test cluster: %s", e.what());
    }
}

QString TestCluster::createDatabase(const QString& prefix)
{
    const QString name = u"%1_%2"_s.arg(prefix).arg(++m_databases);
    auto admin = m_staging->connect(u"postgres"_s);
    admin->exec(u"DROP DATABASE IF EXISTS %1 WITH (FORCE)"_s.arg(admin->quoteName(name)));
    admin->exec(u"CREATE DATABASE %1"_s.arg(admin->quoteName(name)));
    return name;
}

QString makeClusterFolder(QTemporaryDir& parent, const QString& name)
{
    // QTemporaryDir is 0700 and owned by us; the server user (postgres, when we are root) must
    // be able to pass through it.
    ::chmod(parent.path().toLocal8Bit().constData(), 0711);
    return parent.filePath(name);
}

QJsonObject readJson(const QString& pathInTestData)
{
    QFile file(QStringLiteral(PGRECONCILE_TEST_DATA) + u'/' + pathInTestData);
    if (!file.open(QIODevice::ReadOnly))
        qFatal("cannot read test data %s", qPrintable(file.fileName()));
    return QJsonDocument::fromJson(file.readAll()).object();
}

} // namespace pgr::test
