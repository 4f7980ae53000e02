// SPDX-License-Identifier: GPL-3.0-or-later
#include "reportname.h"

#include "error.h"

using namespace Qt::Literals::StringLiterals;

namespace pgr {

void throwUnknownStoredName(QStringView name)
{
    throw Error(u"the review project holds \"%1\", which this release does not know"_s.arg(name),
        u"open the project with the release that made it, or a newer one"_s);
}

} // namespace pgr
