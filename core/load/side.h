// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>
#include <array>

namespace pgr {

// The three sides of a review (DESIGN.md): base is optional.
enum class Side
{
    Base,
    Source,
    Target,
};

constexpr std::array<Side, 3> kAllSides = { Side::Base, Side::Source, Side::Target };

inline QString sideName(Side side)
{
    switch (side) {
    case Side::Base:
        return QStringLiteral("base");
    case Side::Source:
        return QStringLiteral("source");
    case Side::Target:
        return QStringLiteral("target");
    }
    return {};
}

} // namespace pgr
