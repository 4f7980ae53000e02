// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "loader.h"
#include "project.h"
#include "testsupport.h"

#include <memory>

namespace pgr::test {

// Three fresh databases in the test cluster standing for base, source and target: run the same
// setup on all three, then each side's own changes, then load them into a new project.
class Sides
{
public:
    explicit Sides(const QString& prefix);
    void onAll(const QString& sql);
    void onBase(const QString& sql);
    void onSource(const QString& sql);
    void onTarget(const QString& sql);
    // Loads base (unless twoWay), source and target into a new project named after the prefix.
    std::unique_ptr<Project> load(bool twoWay = false);
    QString database(Side side) const;

private:
    QString m_prefix;
    QString m_base, m_source, m_target;
};

} // namespace pgr::test
