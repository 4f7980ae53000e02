// SPDX-License-Identifier: GPL-3.0-or-later
#include "concurrentsummary.h"

#include "pgconnection.h"
#include "project.h"
#include "review.h"

using namespace Qt::Literals::StringLiterals;

namespace pgr::script {

ConcurrentSummary::ConcurrentSummary(const Project& project, PgConnection& db)
{
    const QString snapshot = db.exec(u"SELECT pg_export_snapshot()"_s).text(0, 0);
    m_db = project.connect();
    m_result = std::async(std::launch::async, [db = m_db.get(), snapshot] {
        PgTransaction tx(*db, u"ISOLATION LEVEL REPEATABLE READ, READ ONLY"_s);
        db->exec(u"SET TRANSACTION SNAPSHOT "_s + db->quoteLiteral(snapshot));
        DecisionsSummary summary;
        summary.checksum = Review::checksumOver(*db);
        BulkRead bulk(*db);
        const PgResult counts = db->exec(
            u"SELECT t.schema_name || '.' || t.table_name, r.action, count(*) FROM "
            u"pgreconcile.review_all r "
            "JOIN pgreconcile.tables t USING (table_id) WHERE r.action IS NOT NULL GROUP BY 1, 2 ORDER BY 1, 2"_s);
        for (int row = 0; row < counts.rowCount(); ++row)
            summary.counts.append(
                u"%1 %2: %3"_s.arg(counts.text(row, 0), counts.text(row, 1), counts.text(row, 2)));
        return summary;
    });
}

ConcurrentSummary::~ConcurrentSummary()
{
    if (!m_result.valid())
        return;
    // The export failed or was cancelled: stop the query rather than wait for it.
    m_db->cancel();
    m_result.wait();
}

} // namespace pgr::script
