// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QSettings>
#include <QString>
#include <QStringList>
#include <QVariant>

namespace pgr {

// The one typed facade over QSettings. Every key and its default is listed once, in settings.cpp.
// Tests isolate themselves with QStandardPaths::setTestModeEnabled(true).
class Settings
{
public:
    Settings();

    // The settings file: $PGRECONCILE_SETTINGS when set (a portable setup, or one file per test
    // binary so that tests running at once keep theirs apart), else pgreconcile/pgreconcile.ini
    // in the user's configuration folder.
    static QString filePath();

    // Who is recorded on decisions; defaults to the operating system's user name.
    QString reviewerName() const;
    void setReviewerName(const QString& name);

    // libpq URI of an existing staging server; empty means the embedded cluster.
    QString stagingUri() const;
    void setStagingUri(const QString& uri);

    // Folder of the embedded cluster; empty means StagingCluster::defaultFolder().
    QString stagingFolder() const;
    void setStagingFolder(const QString& folder);

    // Seconds a connection to source, target or staging may take to be made (default 10; a
    // value below 1 reads as the default). --connect-timeout overrides it for one command.
    int connectTimeout() const;
    void setConnectTimeout(int seconds);

    QStringList recentProjects() const;
    void addRecentProject(const QString& project);

    // Free-form values for the UI (window geometry, splitter sizes), under "ui/".
    QVariant uiValue(const QString& key) const;
    void setUiValue(const QString& key, const QVariant& value);

    static QString operatingSystemUser();

private:
    QVariant value(const char* key) const;
    QSettings m_settings;
};

} // namespace pgr
