// SPDX-License-Identifier: GPL-3.0-or-later
// The check a plain SQL dump passes through before psql reads it (PlainDumpChecker in
// core/load/dumpcheck.cpp: core/load/dumplexer.cpp cuts it, libpg_query judges each statement). Dumps are
// untrusted input: any bytes must be lexed, or refused with pgr::Error, without a crash or a hang; the result
// must not depend on how the file is split into reads; no line may be added, since psql's error messages
// quote line numbers of the file. (Its output is not a dump again: pg_dump's header comment is blanked.)
//
// What this cannot see: psql lexes the filtered text again, and tracks standard_conforming_strings
// as the server reports it, which the server's own code can change where no lexer sees it
// (set_config() at the top level, in a DO block, or in a function that a CHECK constraint, a
// default or an index calls). corpus/dumplexer/desync-*.sql are such dumps: a lexer that reads
// strings as standard (this one, or PostgreSQL's parser) takes their "\!" line for part of a
// string; psql 15.18 runs it as a shell command. desync-check-function.sql holds only statements
// pg_dump writes. psql's restricted mode (DumpRestorer starts psql with "\restrict KEY", KEY
// unknown to the dump) stops it, whatever the lexers think: tst_dumprestore restores them.

#include "dumpcheck.h"
#include "error.h"

#include <QByteArray>
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

namespace {

struct Lexed
{
    QByteArray out; // what psql reads
    bool complete = false; // pg_dump's closing line seen
    bool refused = false; // pgr::Error
};

// The adapter: the one place the lexer's API is named.
Lexed lex(QByteArrayView dump, qsizetype chunkSize)
{
    Lexed lexed;
    try {
        pgr::PlainDumpChecker checker(QStringLiteral("fuzz"));
        const qsizetype step = std::max<qsizetype>(chunkSize, 1);
        for (qsizetype at = 0; at < dump.size(); at += step)
            checker.feed(dump.sliced(at, std::min(step, dump.size() - at)), lexed.out);
        checker.finish(lexed.out);
        lexed.complete = checker.isComplete();
    } catch (const pgr::Error&) {
        lexed.refused = true;
        lexed.out.clear(); // what was passed on before the refusal depends on the reads; psql never runs it
    }
    return lexed;
}

[[noreturn]] void fail(const char* what, QByteArrayView dump)
{
    std::fprintf(
        stderr, "\nFUZZ FAILURE: %s\n%.*s\n", what, int(std::min<qsizetype>(dump.size(), 2000)), dump.data());
    std::abort();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    if (size < 1)
        return 0;
    // The first byte picks a read size: a line, a quote or a COPY block may span reads.
    const qsizetype chunk = 1 + data[0] % 32;
    const QByteArrayView dump(reinterpret_cast<const char*>(data + 1), qsizetype(size - 1));
    const Lexed whole = lex(dump, dump.size() + 1);
    const Lexed split = lex(dump, chunk);
    if (whole.refused != split.refused || whole.out != split.out || whole.complete != split.complete)
        fail("the lexer's result depends on how the dump is read", dump);
    if (whole.refused)
        return 0;
    // Every piece keeps its line (skipped ones become blank lines); what follows the last
    // statement (pg_dump's closing comment) is not passed on, so the output may end early.
    if (whole.out.count('\n') > dump.count('\n'))
        fail("the check added lines to the dump (psql's line numbers would be off)", dump);
    return 0;
}
