// SPDX-License-Identifier: GPL-3.0-or-later
// The JSON that pgreconcile reads itself (core/pg/jsontext.cpp): lists of names — key columns,
// changed columns — as JSON arrays of strings. Any bytes must be read without a crash, and a
// list written must read back as the same list.
//
// A hand-edited row (decide --edit, the window's edit) is not parsed here: Decisions::edit hands
// the text to PostgreSQL as a bind parameter ($1::jsonb), whose own jsonb parser and the
// column types' input functions judge it. The key range ends of a filter are checked as JSON
// by FilterTerm::parse (fuzz_keys).

#include "jsontext.h"
#include "pgparser.h"

#include <cstdint>

namespace {

// The adapters: the one place the functions are named.
QStringList readStrings(const QByteArray& json) { return pgr::stringsFromJson(json); }
QString writeStrings(const QStringList& strings) { return pgr::jsonFromStrings(strings); }

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    const QByteArray json(reinterpret_cast<const char*>(data), qsizetype(size));
    const QStringList read = readStrings(json);
    const QString written = writeStrings(read);
    if (readStrings(written.toUtf8()) != read)
        fuzz::fail("a list of names does not read back as written",
            "input: " + json + "\nwritten: " + written.toUtf8());
    // The input's own split into strings, written and read again, is the same list too.
    const QStringList pieces = QString::fromUtf8(json).split(u',');
    if (readStrings(writeStrings(pieces).toUtf8()) != pieces)
        fuzz::fail("a list of names does not read back as written", "input: " + json);
    return 0;
}
