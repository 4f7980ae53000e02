// SPDX-License-Identifier: GPL-3.0-or-later
#include "scriptheader.h"

#include "scriptquoter.h"

using namespace Qt::Literals::StringLiterals;

namespace pgr::script {

namespace {

QString headerLine(const QString& text)
{
    QString line = text;
    line.replace(u'\n', u' ');
    return u"-- "_s + line + u'\n';
}

} // namespace

QString ScriptHeader::text() const
{
    QString header = u"-- pgreconcile merge script\n"_s;
    header += headerLine(u"project:   "_s + project);
    for (const Side& side : sides) {
        header += headerLine(u"%1 %2 (%3%4), loaded %5"_s.arg(QString(side.side + u':').leftJustified(10),
            side.origin, side.originKind,
            side.originSchema.isEmpty() ? QString() : u", schema "_s + side.originSchema, side.loadedAt));
    }
    header += headerLine(
        u"written:   %1 by %2 with pgreconcile"_s.arg(writtenAt.toString(Qt::ISODate), writtenBy));
    header += headerLine(u"decisions: md5 %1"_s.arg(checksum));
    header += headerLine(approvedBy.isEmpty() ? u"approval:  DRAFT (not approved)"_s
                                              : u"approval:  approved by "_s + approvedBy);
    if (!acceptedTriggers.isEmpty())
        header += headerLine(u"triggers:  the target's own, effects accepted by the reviewers: "_s
            + acceptedTriggers.join(u", "_s));
    header += u"-- decisions per table:\n"_s;
    for (const QString& count : decisionCounts)
        header += headerLine(u"  "_s + count);
    header += copyFormat
        ? u"-- Apply with psql (its COPY data blocks need it): psql -v ON_ERROR_STOP=1 -f THIS_FILE \"TARGET URI\"\n"_s
        : u"-- Apply with: psql -v ON_ERROR_STOP=1 -f THIS_FILE \"TARGET URI\"\n"_s;
    header
        += u"-- It changes the target in one transaction or not at all: a row changed on the target since the\n"_s
           u"-- review fails the script, naming the table, the key and what changed.\n\n"_s;
    return header;
}

QByteArray ScriptPreamble::text(const ScriptQuoter& quote) const
{
    // psql stops at the first error even when the user forgot -v ON_ERROR_STOP=1 (the COPY format
    // needs psql anyway; the VALUES format stays free of psql's commands). The script's text is
    // UTF-8 whatever the applying client's locale.
    QByteArray preamble = copyFormat ? "\\set ON_ERROR_STOP on\n" : "";
    preamble += "SET client_encoding = 'UTF8';\nBEGIN;\n";
    preamble += "SET LOCAL lock_timeout = " + quote.literal(lockTimeout.toUtf8()) + ";\n";
    if (copyFormat) {
        // Each statement joins a whole table's rows: with the default 4MB the hash joins spill to
        // disk (a million updates: 15 s instead of 10 s). For this transaction only.
        preamble += "SET LOCAL work_mem = '128MB';\n";
    }
    if (disableTriggers)
        preamble += "SET LOCAL session_replication_role = replica; -- triggers off (needs superuser)\n";
    if (deferConstraints)
        preamble += "SET CONSTRAINTS ALL DEFERRED; -- foreign keys on a cycle, checked at COMMIT\n";
    preamble += "CREATE FUNCTION pg_temp.pgr_expect(touched bigint, expected bigint, operation text, tbl "
                "text, missing text)\n"
                "RETURNS void LANGUAGE plpgsql AS $pgr$\n"
                "BEGIN\n"
                "  IF touched <> expected THEN\n"
                "    RAISE EXCEPTION 'pgreconcile: % of % row(s) to % in % are no longer as reviewed', "
                "expected - touched, expected, operation, tbl\n"
                "      USING DETAIL = format('keys: %s', coalesce(missing, '(unknown)')),\n"
                "            HINT = 'The target changed since the review. Nothing was applied. Reload the "
                "target, diff again and review those rows.';\n"
                "  END IF;\n"
                "END $pgr$;\n";
    // No cascade, SET NULL or SET DEFAULT may touch a row that is not a decided change.
    preamble += "CREATE FUNCTION pg_temp.pgr_no_dependents(tbl text, child text, fk text, what text, "
                "dependents text)\n"
                "RETURNS void LANGUAGE plpgsql AS $pgr$\n"
                "BEGIN\n"
                "  IF dependents IS NOT NULL THEN\n"
                "    RAISE EXCEPTION 'pgreconcile: deleting rows of % would % rows of % that no decision "
                "touches (foreign key %)', tbl, what, child, fk\n"
                "      USING DETAIL = format('rows of %s: %s', child, dependents),\n"
                "            HINT = 'Nothing was applied. Those rows point at rows the review deletes: diff "
                "again and decide them with their parent, or keep the parent.';\n"
                "  END IF;\n"
                "END $pgr$;\n";
    preamble += freshKeys;
    return preamble + '\n';
}

} // namespace pgr::script
