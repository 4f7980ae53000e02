// SPDX-License-Identifier: GPL-3.0-or-later
#include "guardsql.h"

#include "scriptquoter.h"

using namespace Qt::Literals::StringLiterals;

namespace pgr::script {

QByteArray reviewedRowGuard(
    const Table& table, const ScriptQuoter& quote, const QByteArray& prefix, const QByteArray& suffix)
{
    QByteArrayList now, reviewed;
    for (int i = 0; i < table.columns.size(); ++i) {
        now.append("t." + quote.identifier(table.columns[i].name.toUtf8()) + "::text");
        reviewed.append("v." + prefix + QByteArray::number(i) + suffix);
    }
    return "ROW(" + now.join(", ") + ") IS NOT DISTINCT FROM ROW(" + reviewed.join(", ") + ")";
}

QByteArray sameReviewedKey(const Table& table, const ScriptQuoter& quote, const QByteArray& prefix)
{
    QByteArrayList parts;
    for (const QString& key : table.key) {
        const int i = columnIndex(table, key);
        parts.append("c." + quote.identifier(key.toUtf8()) + " = w." + prefix + QByteArray::number(i)
            + "::" + table.columns[i].type.toUtf8());
    }
    return parts.join(" AND ");
}

QByteArray dependentsCheck(const Table& parent, const Reference& reference, const ScriptQuoter& quote,
    const QByteArray& deleted, const QByteArray& prefix, const QByteArray& childDeleted)
{
    const Table& child = *reference.child;
    QByteArrayList match;
    for (int i = 0; i < reference.key.columns.size() && i < reference.key.refColumns.size(); ++i) {
        const int p = columnIndex(parent, reference.key.refColumns[i]);
        if (p < 0)
            continue;
        match.append("c." + quote.identifier(reference.key.columns[i].toUtf8()) + " = v." + prefix
            + QByteArray::number(p) + "::" + parent.columns[p].type.toUtf8());
    }
    QByteArrayList keyParts;
    for (const QString& key : child.key)
        keyParts.append("c." + quote.identifier(key.toUtf8()));
    const QByteArray label = child.key.isEmpty() ? QByteArray("row_to_json(c)::text")
                                                 : "jsonb_build_array(" + keyParts.join(", ") + ")::text";
    const QByteArray what = reference.key.onDelete == u"c"_s ? "delete"
        : reference.key.onDelete == u"n"_s                   ? "set to NULL"
                                                             : "set to their default";
    return "pg_temp.pgr_no_dependents(" + quote.literal(parent.name.toUtf8()) + ", "
        + quote.literal(child.name.toUtf8()) + ", " + quote.literal(reference.key.name.toUtf8()) + ", '"
        + what + "', (SELECT string_agg(d.k, ', ') FROM (SELECT DISTINCT " + label + " AS k FROM "
        + qualifiedName(child, quote) + " c JOIN " + deleted + " ON " + match.join(" AND ")
        + (childDeleted.isEmpty() ? QByteArray() : " WHERE NOT (" + childDeleted + ")") + " LIMIT 20) d))";
}

} // namespace pgr::script
