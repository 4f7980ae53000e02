// SPDX-License-Identifier: GPL-3.0-or-later
#include "settings.h"

#include <QStandardPaths>
#include <pwd.h>
#include <unistd.h>

using namespace Qt::Literals::StringLiterals;

namespace pgr {

namespace {

struct Default
{
    const char* key;
    QVariant value;
};

const Default kDefaults[] = {
    { "review/reviewer", QString() }, // empty: the OS user
    { "staging/uri", QString() }, { "staging/folder", QString() }, { "recent/projects", QStringList() },
    { "connection/timeout", 10 }, // seconds; PgConnection::kDefaultConnectTimeout
};

constexpr int kMaxRecentProjects = 10;

} // namespace

QString Settings::filePath()
{
    const QString chosen = qEnvironmentVariable("PGRECONCILE_SETTINGS");
    if (!chosen.isEmpty())
        return chosen;
    return QStandardPaths::writableLocation(QStandardPaths::GenericConfigLocation)
        + u"/pgreconcile/pgreconcile.ini"_s;
}

Settings::Settings()
    : m_settings(filePath(), QSettings::IniFormat)
{ }

QVariant Settings::value(const char* key) const
{
    for (const Default& entry : kDefaults) {
        if (qstrcmp(entry.key, key) == 0)
            return m_settings.value(QString::fromLatin1(key), entry.value);
    }
    Q_UNREACHABLE();
    return {};
}

QString Settings::operatingSystemUser()
{
    if (const passwd* self = ::getpwuid(::geteuid()))
        return QString::fromLocal8Bit(self->pw_name);
    return qEnvironmentVariable("USER", u"unknown"_s);
}

QString Settings::reviewerName() const
{
    const QString name = value("review/reviewer").toString();
    return name.isEmpty() ? operatingSystemUser() : name;
}

void Settings::setReviewerName(const QString& name) { m_settings.setValue(u"review/reviewer"_s, name); }

QString Settings::stagingUri() const { return value("staging/uri").toString(); }

void Settings::setStagingUri(const QString& uri) { m_settings.setValue(u"staging/uri"_s, uri); }

QString Settings::stagingFolder() const { return value("staging/folder").toString(); }

void Settings::setStagingFolder(const QString& folder) { m_settings.setValue(u"staging/folder"_s, folder); }

int Settings::connectTimeout() const
{
    const int seconds = value("connection/timeout").toInt();
    return seconds > 0 ? seconds : 10;
}

void Settings::setConnectTimeout(int seconds) { m_settings.setValue(u"connection/timeout"_s, seconds); }

QStringList Settings::recentProjects() const { return value("recent/projects").toStringList(); }

void Settings::addRecentProject(const QString& project)
{
    QStringList projects = recentProjects();
    projects.removeAll(project);
    projects.prepend(project);
    m_settings.setValue(u"recent/projects"_s, projects.mid(0, kMaxRecentProjects));
}

QVariant Settings::uiValue(const QString& key) const { return m_settings.value(u"ui/"_s + key); }

void Settings::setUiValue(const QString& key, const QVariant& value)
{
    m_settings.setValue(u"ui/"_s + key, value);
}

} // namespace pgr
