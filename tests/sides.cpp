// SPDX-License-Identifier: GPL-3.0-or-later
#include "sides.h"

#include "staging.h"

using namespace Qt::Literals::StringLiterals;

namespace pgr::test {

Sides::Sides(const QString& prefix)
    : m_prefix(prefix)
{
    auto& cluster = TestCluster::instance();
    m_base = cluster.createDatabase(prefix + u"_base"_s);
    m_source = cluster.createDatabase(prefix + u"_source"_s);
    m_target = cluster.createDatabase(prefix + u"_target"_s);
}

void Sides::onAll(const QString& sql)
{
    onBase(sql);
    onSource(sql);
    onTarget(sql);
}

void Sides::onBase(const QString& sql) { TestCluster::instance().staging().connect(m_base)->exec(sql); }

void Sides::onSource(const QString& sql) { TestCluster::instance().staging().connect(m_source)->exec(sql); }

void Sides::onTarget(const QString& sql) { TestCluster::instance().staging().connect(m_target)->exec(sql); }

QString Sides::database(Side side) const
{
    return side == Side::Base ? m_base : side == Side::Source ? m_source : m_target;
}

std::unique_ptr<Project> Sides::load(bool twoWay)
{
    auto& staging = TestCluster::instance().staging();
    const QString name = m_prefix.toLower().replace(u'_', u'-');
    if (Project::exists(staging, name))
        Project::drop(staging, name);
    auto project = Project::create(staging, name, u"tester"_s);
    Loader loader(*project);
    for (const Side side : kAllSides) {
        if (side == Side::Base && twoWay)
            continue;
        loader.load(side, SideSource::interpret(database(side)));
    }
    return project;
}

} // namespace pgr::test
