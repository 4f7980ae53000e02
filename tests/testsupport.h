// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "staging.h"

#include <QJsonObject>
#include <QString>
#include <QTemporaryDir>
#include <memory>

namespace pgr::test {

// A throwaway staging cluster in a temporary folder, made by the product's own StagingCluster
// (not durable: fsync off). One per test binary; removed at exit.
class TestCluster
{
public:
    static TestCluster& instance();
    Staging& staging() { return *m_staging; }
    const QString& folder() const { return m_folder; }
    // A fresh, empty database with a unique name.
    QString createDatabase(const QString& prefix = QStringLiteral("t"));
    // A fresh copy of database named name (dropped first if it exists), as a template copy.
    QString copyDatabase(const QString& database, const QString& name);

private:
    TestCluster();
    QTemporaryDir m_dir;
    QString m_folder;
    std::unique_ptr<Staging> m_staging;
    int m_databases = 0;
};

// A folder made for a cluster of its own (so that the server user can reach it when running as root).
QString makeClusterFolder(QTemporaryDir& parent, const QString& name);

QJsonObject readJson(const QString& pathInTestData);

// How a diff report's "tables" (Differ::report) differs from the counts the demo was built to
// produce (demo_expected.json, mode "three_way" or "two_way"): empty when every count is as built.
QString demoCountsMismatch(const QJsonObject& reportTables, const QString& mode);

} // namespace pgr::test
