// SPDX-License-Identifier: GPL-3.0-or-later
// decide, review, approve and history: the review from the command line, over core's Decisions
// and Review. Each decide call is one user action, committed before the command prints it.
#include "cli.h"
#include "decisions.h"
#include "error.h"
#include "interruptedwork.h"
#include "options.h"
#include "progress.h"
#include "project.h"
#include "rekey.h"
#include "relations.h"
#include "review.h"
#include "selection.h"
#include "staging.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QMap>
#include <optional>

using namespace Qt::Literals::StringLiterals;

namespace pgr::cli {

namespace {

void printVoided(const DecisionOutcome& outcome)
{
    if (!outcome.voidedApproval.isEmpty())
        out() << "Note: " << outcome.voidedApproval << ". Approve again once the review is done." << Qt::endl;
    if (!outcome.orphans.isEmpty())
        out() << "Check: these rows would point at parents the merge leaves absent: "
              << outcome.orphans.join(u"; "_s)
              << ". Export is refused until they are decided again (a row and its parent both kept, or both "
                 "taken "
                 "from the source)."
              << Qt::endl;
}

// A JSON string literal; keys and rows from PostgreSQL are inserted as they are, never re-parsed
// (a number would go through a double).
QString jsonString(const QString& text)
{
    const QByteArray array = QJsonDocument(QJsonArray { text }).toJson(QJsonDocument::Compact);
    return QString::fromUtf8(array.mid(1, array.size() - 2));
}

QString when(const QDateTime& at) { return at.toString(u"yyyy-MM-dd HH:mm:ss"_s); }

// What a related row is to the change.
QString relationText(Relation relation)
{
    switch (relation) {
    case Relation::Dependent:
        return u"still points at it (deleted with it when the source is taken)"_s;
    case Relation::MissingParent:
        return u"its parent, deleted on the target (brought back when the source is taken)"_s;
    case Relation::CascadedOnSource:
        return u"deleted with it by cascade on the source (follows its decision)"_s;
    case Relation::CascadedOnTarget:
        return u"deleted with it by cascade on the target (follows its decision)"_s;
    case Relation::CollidingRow:
        return u"the target's row with the same values in this unique constraint"_s;
    case Relation::SameUniqueValues:
        return u"the target's own row under this key has the same values in this unique constraint: "
               "the same row on both sides (re-keyed, it would fail on the constraint)"_s;
    case Relation::CollidingId:
        break;
    }
    return u"the target's row inserted since the base with the same id from this sequence (taken as is, "
           "both rows keep the id)"_s;
}

// The rows a conflict of foreign keys involves, under the change: what a decision takes along.
void printRelated(const QList<Relations::Related>& related)
{
    for (const Relations::Related& row : related) {
        out() << "      " << QString(row.depth - 1, u' ') << row.table << ' ' << row.key << ": "
              << relationText(row.relation) << " [" << row.constraintName << "; "
              << (row.state ? reportName(*row.state) : u"no change"_s)
              << (row.action ? u' ' + reportName(*row.action) : QString()) << ']' << Qt::endl;
    }
}

void addDecideOptions(QCommandLineParser& parser)
{
    parser.setApplicationDescription(
        u"Records a decision, committed at once: for one change (--table, --key) or in bulk (--all), or "
        u"undoes and "
        "redoes the latest ones. Examples:\n"
        "  decide --project P --table public.samples --key '[42]' --take source --note 'lab confirmed'\n"
        "  decide --project P --table samples --key '[42]' --edit '{\"id\": 42, ...}'\n"
        "  decide --project P --all --class conflict --kind insert_insert --rekey\n"
        "  decide --project P --table customers --key '[900]' --map-onto-target --note 'same customer as "
        "811'\n"
        "  decide --project P --all --class conflict --kind update_delete --table samples --take target\n"
        "  decide --project P --all --table customers --filter 'country = PL' --take source\n"
        "  decide --project P --undo"_s);
    addProjectOptions(parser);
    parser.addOptions({
        { u"table"_s, u"The table, e.g. public.samples (repeatable with --all)."_s, u"T"_s },
        { u"key"_s, u"The change's key as a JSON array of the key values, e.g. [42] or [\"S-1\", 2]."_s,
            u"JSON"_s },
        { u"class"_s,
            u"The change class (with --all: only changes of this class; alone: picks one of two changes of a "
            "keyless table's row)."_s,
            u"C"_s },
        { u"take"_s, u"Take the source's row, or keep the target's."_s, u"source|target"_s },
        { u"merge"_s, u"Accept the merged row of a column_merge."_s },
        { u"edit"_s, u"A hand-edited row: a JSON object with every column."_s, u"JSON"_s },
        { u"rekey"_s,
            u"Insert the source row of an insert_insert collision under a fresh key from target's sequence "
            u"(of an "
            "id_collision: a fresh value of its sequence-fed key column, the other key columns kept)."_s },
        { u"map-onto-target"_s,
            u"A unique_collision's source row is the target's row it collides with: not inserted; the source "
            "rows that reference it are carried over pointing at the target's row."_s },
        { u"note"_s, u"A note kept with the decision."_s, u"TEXT"_s },
        { u"by"_s, u"Who decides (default: the reviewer name from the settings, else the OS user)."_s,
            u"NAME"_s },
        { u"all"_s, u"Bulk: every change that matches --table, --class, --kind and the filters."_s },
        { u"kind"_s,
            u"With --all: only changes of this kind (insert, update, delete, update_update, update_delete, "
            "delete_update, insert_insert, delete_referenced, parent_missing, unique_collision, id_collision)."_s,
            u"K"_s },
        { u"where"_s,
            u"With --all: only changes whose source or target row has COLUMN = VALUE (by its text); "
            "<>, <, <=, > and >= work too (ordered by the column's type)."_s,
            u"COLUMN=VALUE"_s },
        { u"key-from"_s, u"With --all: only keys from this one on (inclusive)."_s, u"JSON"_s },
        { u"key-to"_s, u"With --all: only keys up to this one (inclusive)."_s, u"JSON"_s },
        { u"search"_s,
            u"With --all: only changes whose source or target row contains TEXT (any column, any case)."_s,
            u"TEXT"_s },
        { u"filter"_s,
            u"With --all: the window's filter: free text, COLUMN = VALUE (or <>, <, <=, >, >=), or a key "
            "range FROM..TO, e.g. '[10]..[20]' (repeatable; all must hold)."_s,
            u"TEXT"_s },
        { u"include-defaults"_s,
            u"With --all: also decide the changes that follow their class's default (source_only, "
            "column_merge); by default only undecided changes are decided."_s },
        { QStringList { u"include-decided"_s, u"redecide"_s },
            u"With --all: also overwrite the defaults and what was decided before."_s },
        { u"preview"_s, u"With --all: only count the changes the bulk decision would touch."_s },
        { u"undo"_s, u"Undo the latest decision (a bulk decision is undone whole)."_s },
        { u"redo"_s, u"Redo what the latest undo took back."_s },
    });
}

// What a decide call does, read from its options before anything is opened.
struct DecideRequest
{
    enum class Mode
    {
        One,
        Bulk,
        UndoOrRedo,
    };
    Mode mode = Mode::One;
    Action action = Action::TakeSource;
    Selection selection; // Bulk
};

// The one action the options name; nothing (after saying why) for none, several or a bad --take.
// --undo and --redo name no action of their own (TakeSource stands in).
std::optional<Action> chosenAction(const QCommandLineParser& parser)
{
    static const QStringList kOptions
        = { u"take"_s, u"merge"_s, u"edit"_s, u"rekey"_s, u"map-onto-target"_s, u"undo"_s, u"redo"_s };
    static const QHash<QString, Action> kActions
        = { { u"merge"_s, Action::Merge }, { u"edit"_s, Action::Edit }, { u"rekey"_s, Action::Rekey },
              { u"map-onto-target"_s, Action::MapOntoTarget } };
    QStringList given;
    for (const QString& option : kOptions) {
        if (parser.isSet(option))
            given.append(option);
    }
    if (given.size() != 1) {
        err() << "pgreconcile-cli decide: give exactly one of --take, --merge, --edit, --rekey, "
                 "--map-onto-target, --undo, --redo"
              << (given.isEmpty() ? QString() : u" (not --"_s + given.join(u" and --"_s) + u')') << Qt::endl;
        return std::nullopt;
    }
    if (given.first() != u"take"_s)
        return kActions.value(given.first(), Action::TakeSource);
    const QString side = parser.value(u"take"_s);
    if (side != u"source"_s && side != u"target"_s) {
        err() << "pgreconcile-cli decide: --take takes source or target, not \"" << side << '"' << Qt::endl;
        return std::nullopt;
    }
    return side == u"source"_s ? Action::TakeSource : Action::KeepTarget;
}

// The changes --all decides, from --table, --class, --kind, the filters and the scope options.
std::optional<Selection> bulkSelection(const QCommandLineParser& parser, Action action)
{
    if (action == Action::Edit) {
        err() << "pgreconcile-cli decide: --edit is for one change; drop --all" << Qt::endl;
        return std::nullopt;
    }
    if (parser.isSet(u"key"_s)) {
        err() << "pgreconcile-cli decide: --key names one change; with --all use --key-from and --key-to"
              << Qt::endl;
        return std::nullopt;
    }
    Selection selection;
    selection.tables = parser.values(u"table"_s);
    selection.changeClass = changeClassNamed(parser.value(u"class"_s));
    selection.kind = changeKindNamed(parser.value(u"kind"_s));
    if (parser.isSet(u"where"_s)) {
        const QString where = parser.value(u"where"_s);
        const std::optional<FilterTerm> term = FilterTerm::parse(where);
        if (!term || term->type != FilterTerm::Type::Compare) {
            err() << "pgreconcile-cli decide: --where takes COLUMN=VALUE (or <>, <, <=, >, >=), not \""
                  << where << '"' << Qt::endl;
            return std::nullopt;
        }
        selection.terms.append(*term);
    }
    if (parser.isSet(u"key-from"_s) || parser.isSet(u"key-to"_s))
        selection.terms.append(FilterTerm::keyRange(parser.value(u"key-from"_s), parser.value(u"key-to"_s)));
    if (parser.isSet(u"search"_s))
        selection.terms.append(FilterTerm::text(parser.value(u"search"_s)));
    for (const QString& filter : parser.values(u"filter"_s))
        selection.filter(filter);
    if (parser.isSet(u"redecide"_s) || parser.isSet(u"include-decided"_s))
        selection.scope = Selection::Scope::Everything;
    else if (parser.isSet(u"include-defaults"_s))
        selection.scope = Selection::Scope::UndecidedAndDefaults;
    return selection;
}

// Reads and checks the options; nothing (after saying why) for a usage error.
std::optional<DecideRequest> decideRequest(const QCommandLineParser& parser)
{
    const std::optional<Action> action = chosenAction(parser);
    if (!action)
        return std::nullopt;
    DecideRequest request;
    request.action = *action;
    if (parser.isSet(u"undo"_s) || parser.isSet(u"redo"_s)) {
        request.mode = DecideRequest::Mode::UndoOrRedo;
    } else if (parser.isSet(u"all"_s)) {
        request.mode = DecideRequest::Mode::Bulk;
        const std::optional<Selection> selection = bulkSelection(parser, *action);
        if (!selection)
            return std::nullopt;
        request.selection = *selection;
    } else if (!parser.isSet(u"table"_s) || !parser.isSet(u"key"_s)) {
        err() << "pgreconcile-cli decide: give --table T and --key JSON (or --all for a bulk decision)"
              << Qt::endl;
        return std::nullopt;
    } else if (parser.values(u"table"_s).size() > 1) {
        err() << "pgreconcile-cli decide: one --table for one change" << Qt::endl;
        return std::nullopt;
    }
    return request;
}

int undoOrRedo(Decisions& decisions, bool undo)
{
    const DecisionOutcome outcome = undo ? decisions.undo() : decisions.redo();
    out() << (undo ? "Undid" : "Redid") << " batch " << outcome.batchId << " (" << outcome.decided
          << (outcome.decided == 1 ? " decision)." : " decisions).") << Qt::endl;
    printVoided(outcome);
    return 0;
}

// Prints how many changes the bulk decision takes, and how many of the selection it leaves as they
// are (so that a count smaller than the list is no surprise); returns the first.
qint64 previewBulk(Decisions& decisions, const Selection& selection, Action action)
{
    const qint64 count = decisions.preview(selection, action);
    out() << "Preview: " << count << (count == 1 ? " change" : " changes") << " to decide "
          << actionName(action) << '.' << Qt::endl;
    if (selection.scope == Selection::Scope::Everything)
        return count;
    Selection everything = selection;
    everything.scope = Selection::Scope::Everything;
    if (const qint64 left = decisions.preview(everything, action) - count; left > 0)
        out() << "Left as they are: " << left << (left == 1 ? " change" : " changes")
              << " of the selection that follow their default or were decided before ("
              << (selection.scope == Selection::Scope::Undecided ? "--include-defaults, " : "")
              << "--include-decided to overwrite them)." << Qt::endl;
    return count;
}

int decideInBulk(
    Decisions& decisions, const Selection& selection, Action action, const QString& note, bool previewOnly)
{
    const qint64 count = previewBulk(decisions, selection, action);
    if (previewOnly)
        return 0;
    // The count just shown is the count decided, or nothing is.
    const DecisionOutcome outcome = decisions.bulk(selection, action, note, count);
    for (const QString& skipped : outcome.skipped)
        out() << "Skipped " << skipped << Qt::endl;
    for (const QString& followed : outcome.followed)
        out() << "Moved with their re-keyed parents (insert_insert of child rows): " << followed << Qt::endl;
    if (outcome.followers > 0)
        out() << outcome.followers << " of them follow the decided rows (dependents, parents, cascades)."
              << Qt::endl;
    out() << "Decided " << outcome.decided << (outcome.decided == 1 ? " change" : " changes") << ": "
          << actionName(action) << " (batch " << outcome.batchId << ", by " << decisions.reviewer() << ")."
          << Qt::endl;
    printVoided(outcome);
    return 0;
}

// The carried-over source rows that move with a re-keyed row.
void printRekeyFollowers(
    Project& project, const ProjectTables& tables, const ProjectTable& table, const QString& key)
{
    const QList<Rekey::Follower> followers = Rekey(project.connection(), tables).followers(table, key);
    if (followers.isEmpty())
        out() << "No carried-over source rows reference it." << Qt::endl;
    else
        out() << "Rows that move with it (" << followers.size() << "):" << Qt::endl;
    for (const Rekey::Follower& follower : followers)
        out() << QString(follower.depth * 2, u' ') << follower.table << ' ' << follower.key << " via "
              << follower.foreignKey << " → " << follower.parentTable << ' ' << follower.parentKey
              << Qt::endl;
}

int decideOne(Project& project, Decisions& decisions, const QCommandLineParser& parser, Action action)
{
    const QString table = parser.value(u"table"_s);
    const QString key = parser.value(u"key"_s);
    const QString note = parser.value(u"note"_s);
    const DecisionOutcome outcome = action == Action::Edit
        ? decisions.edit(table, key, parser.value(u"edit"_s), note)
        : decisions.decide(table, key, action, note, parser.value(u"class"_s));
    const ProjectTables tables = ProjectTables::read(project.connection());
    const ProjectTable& projectTable = tables.find(table);
    const ChangeId change = decisions.change(projectTable, key, parser.value(u"class"_s));
    out() << "Decided " << change.table << ' ' << change.key << " (" << reportName(change.changeClass)
          << (change.kind ? u' ' + reportName(*change.kind) : QString()) << "): " << actionName(action)
          << " by " << decisions.reviewer() << '.' << Qt::endl;
    if (outcome.followers > 0)
        out() << outcome.followers << (outcome.followers == 1 ? " row follows it" : " rows follow it")
              << ", each with a decision of its own (\"pgreconcile-cli history\" lists them)." << Qt::endl;
    for (const QString& followed : outcome.followed)
        out() << "Moved with it (insert_insert of child rows): " << followed << Qt::endl;
    if (action == Action::Rekey)
        printRekeyFollowers(project, tables, projectTable, change.key);
    printVoided(outcome);
    return 0;
}

} // namespace

int decideCommand(const QStringList& arguments)
{
    QCommandLineParser parser;
    addDecideOptions(parser);
    QString name;
    if (!parseProjectCommand(parser, arguments, name))
        return 2;
    const std::optional<DecideRequest> request = decideRequest(parser);
    if (!request)
        return 2;

    auto staging = openStaging(parser);
    auto project = openProject(*staging, name);
    // A decision is one transaction: killed, it leaves nothing, but the user is told it was not saved.
    RunningWork work(*project, WorkKind::Decide, {}, u"deciding (%1)"_s.arg(arguments.join(u' ').left(200)),
        u"Nothing of it was saved (a decision is saved whole or not at all): run it again."_s);
    auto finished = qScopeGuard([&] {
        try {
            if (std::uncaught_exceptions() == 0)
                work.finished();
        } catch (const Error&) {
            // Its connection is gone: the next open says so.
        }
    });
    Decisions decisions(*project, parser.value(u"by"_s));
    switch (request->mode) {
    case DecideRequest::Mode::UndoOrRedo:
        return undoOrRedo(decisions, parser.isSet(u"undo"_s));
    case DecideRequest::Mode::Bulk:
        return decideInBulk(decisions, request->selection, request->action, parser.value(u"note"_s),
            parser.isSet(u"preview"_s));
    case DecideRequest::Mode::One:
        break;
    }
    return decideOne(*project, decisions, parser, request->action);
}

int reviewCommand(const QStringList& arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(u"Prints where the review stands: per table what is decided, undecided "
                                     u"and flagged, the approval, and "
                                     "whether the merge script can be exported."_s);
    addProjectOptions(parser);
    parser.addOptions({
        { u"list"_s, u"Also list the undecided changes and the flagged ones (at most --limit each)."_s },
        { u"limit"_s, u"How many changes --list prints, 1 to 1000000 (default 50)."_s, u"N"_s },
    });
    QString name;
    int limit = 50;
    if (!parseProjectCommand(parser, arguments, name)
        || !intOption(parser, "review", u"limit"_s, 1, 1000000, limit))
        return 2;
    auto staging = openStaging(parser);
    auto project = openProject(*staging, name);
    Review review(*project);
    const ReviewState state = review.state();
    int width = 24;
    for (const TableReviewState& table : state.tables)
        width = std::max(width, int(table.table.size()) + 2);
    auto row = [&](const TableReviewState& table) {
        out() << table.table.leftJustified(width) << QString::number(table.decided).leftJustified(10)
              << QString::number(table.byDefault).leftJustified(12)
              << QString::number(table.undecided).leftJustified(11)
              << QString::number(table.flagged).leftJustified(9) << table.noDecision << '\n';
    };
    out() << u"table"_s.leftJustified(width) << u"decided"_s.leftJustified(10)
          << u"by default"_s.leftJustified(12) << u"undecided"_s.leftJustified(11)
          << u"flagged"_s.leftJustified(9) << "no decision needed\n";
    for (const TableReviewState& table : state.tables)
        row(table);
    row(state.total);
    out() << '\n'
          << "Project " << name << ": " << state.total.decided + state.total.byDefault << " decided ("
          << state.total.byDefault << " by default), " << state.total.undecided << " undecided, "
          << state.total.flagged << " flagged for a look." << Qt::endl;
    const QString blocker = review.exportBlocker();
    out() << (blocker.isEmpty() ? u"Ready to export."_s : u"Not ready to export: "_s + blocker + u'.')
          << Qt::endl;
    if (const auto next = review.nextUndecided())
        out() << "Next undecided: " << next->table << ' ' << next->key << " ("
              << reportName(next->changeClass) << (next->kind ? u' ' + reportName(*next->kind) : QString())
              << ')' << Qt::endl;
    if (const auto approval = review.approval()) {
        if (approval->valid)
            out() << "Approved by " << approval->by << " on " << when(approval->at) << " UTC (checksum "
                  << approval->checksum << ')'
                  << (approval->note.isEmpty() ? QString() : u": "_s + approval->note) << '.' << Qt::endl;
        else
            out() << "The approval by " << approval->by << " on " << when(approval->at) << " UTC is "
                  << approval->whyInvalid << '.' << Qt::endl;
    } else {
        out() << "Not approved yet." << Qt::endl;
    }
    if (parser.isSet(u"list"_s)) {
        const QList<ChangeId> undecided = review.undecided(limit);
        if (!undecided.isEmpty())
            out() << "\nUndecided:" << Qt::endl;
        Relations relations(project->connection());
        for (const ChangeId& change : undecided) {
            out() << "  " << change.table << ' ' << change.key << " (" << reportName(change.changeClass)
                  << (change.kind ? u' ' + reportName(*change.kind) : QString()) << ')' << Qt::endl;
            printRelated(relations.relatedTo(change.tableId, change.key));
        }
        const QList<Flag> flags = review.flags();
        if (!flags.isEmpty())
            out() << "\nFlagged:" << Qt::endl;
        for (const Flag& flag : flags.mid(0, limit))
            out() << "  " << flag.change.table << ' ' << flag.change.key << ": " << flag.reason << Qt::endl;
    }
    return 0;
}

int approveCommand(const QStringList& arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        u"Approves the review once nothing is undecided; any later decision voids the approval."_s);
    addProjectOptions(parser);
    parser.addOptions({
        { u"by"_s, u"Who approves."_s, u"NAME"_s },
        { u"note"_s, u"A note kept with the approval."_s, u"TEXT"_s },
    });
    QString name;
    if (!parseProjectCommand(parser, arguments, name))
        return 2;
    if (parser.value(u"by"_s).isEmpty()) {
        err() << "pgreconcile-cli approve: give --by NAME, the approver" << Qt::endl;
        return 2;
    }
    auto staging = openStaging(parser);
    auto project = openProject(*staging, name);
    const Approval approval = Review(*project).approve(parser.value(u"by"_s), parser.value(u"note"_s));
    out() << "Approved by " << approval.by << " on " << when(approval.at)
          << " UTC; checksum of the decisions: " << approval.checksum << '.' << Qt::endl;
    return 0;
}

namespace {

const char* const kHistoryTypes[] = { "decision", "undo", "redo", "approval" };

QString jsonOrNull(const QString& text) { return text.isEmpty() ? u"null"_s : jsonString(text); }

// One entry of history --json, its JSON texts inserted as they are (see jsonString).
QString historyEntryJson(const HistoryEntry& entry)
{
    QStringList fields {
        u"\"type\": \"%1\""_s.arg(QLatin1StringView(kHistoryTypes[int(entry.type)])),
        u"\"id\": %1"_s.arg(entry.id),
        u"\"by\": "_s + jsonString(entry.by),
        u"\"at\": "_s + jsonString(entry.at.toString(Qt::ISODate)),
    };
    if (entry.type != HistoryEntry::Type::Approval)
        fields.append(u"\"batch\": %1"_s.arg(entry.batchId));
    if (entry.type == HistoryEntry::Type::Decision) {
        fields.append(u"\"table\": "_s + jsonString(entry.table));
        fields.append(u"\"key\": "_s + entry.key);
        fields.append(u"\"class\": "_s + jsonString(reportName(entry.changeClass)));
        fields.append(u"\"kind\": "_s + (entry.kind ? jsonString(reportName(*entry.kind)) : u"null"_s));
        fields.append(u"\"action\": "_s + jsonString(reportName(entry.action)));
        fields.append(u"\"row\": "_s + (entry.editedRow.isEmpty() ? u"null"_s : entry.editedRow));
        fields.append(u"\"origin\": "_s + jsonString(entry.origin));
        fields.append(u"\"undone\": "_s + (entry.undone ? u"true"_s : u"false"_s));
    }
    if (entry.type == HistoryEntry::Type::Approval) {
        fields.append(u"\"checksum\": "_s + jsonString(entry.checksum));
        fields.append(u"\"voided_at\": "_s
            + (entry.voidedAt.isValid() ? jsonString(entry.voidedAt.toString(Qt::ISODate)) : u"null"_s));
        fields.append(u"\"voided_reason\": "_s + jsonOrNull(entry.voidedReason));
    }
    fields.append(u"\"note\": "_s + jsonOrNull(entry.note));
    return u"  {"_s + fields.join(u", "_s) + u'}';
}

void printHistoryJson(const QList<HistoryEntry>& entries, const QString& project)
{
    QStringList items;
    for (const HistoryEntry& entry : entries)
        items.append(historyEntryJson(entry));
    out() << "{\"project\": " << jsonString(project) << ", \"history\": [\n"
          << items.join(u",\n"_s) << (items.isEmpty() ? "" : "\n") << "]}" << Qt::endl;
}

// A bulk decision as one line: how many changes, in which tables. Returns the index of its last entry.
qsizetype printBulkDecision(const QList<HistoryEntry>& entries, qsizetype first)
{
    const HistoryEntry& entry = entries[first];
    QMap<QString, qint64> perTable;
    qsizetype end = first;
    for (; end < entries.size() && entries[end].type == HistoryEntry::Type::Decision
         && entries[end].batchId == entry.batchId;
         ++end)
        ++perTable[entries[end].table];
    QStringList tables;
    for (auto it = perTable.begin(); it != perTable.end(); ++it)
        tables.append(u"%1 %2"_s.arg(it.key(), QString::number(it.value())));
    out() << reportName(entry.action).leftJustified(12) << end - first
          << (end - first == 1 ? " change" : " changes") << " in bulk (" << tables.join(u", "_s)
          << ") [batch " << entry.batchId << ']' << (entry.undone ? " [undone]" : "");
    return end - 1;
}

// The line of one entry after its time and author.
void printHistoryEntry(const HistoryEntry& entry)
{
    switch (entry.type) {
    case HistoryEntry::Type::Decision:
        out() << reportName(entry.action).leftJustified(12) << entry.table << ' ' << entry.key << " ("
              << reportName(entry.changeClass) << (entry.kind ? u' ' + reportName(*entry.kind) : QString())
              << ") [batch " << entry.batchId << ']' << (entry.undone ? " [undone]" : "");
        if (!entry.editedRow.isEmpty())
            out() << " row " << entry.editedRow;
        break;
    case HistoryEntry::Type::Undo:
    case HistoryEntry::Type::Redo:
        out() << (entry.type == HistoryEntry::Type::Undo ? u"undo"_s : u"redo"_s).leftJustified(12)
              << "batch " << entry.batchId;
        break;
    case HistoryEntry::Type::Approval:
        out() << u"approve"_s.leftJustified(12) << "checksum " << entry.checksum;
        if (entry.voidedAt.isValid())
            out() << " [void since " << when(entry.voidedAt) << ": " << entry.voidedReason << ']';
        break;
    }
}

// each: every decision of a bulk decision on a line of its own.
void printHistory(const QList<HistoryEntry>& entries, bool each)
{
    for (qsizetype i = 0; i < entries.size(); ++i) {
        const HistoryEntry& entry = entries[i];
        out() << when(entry.at) << "  " << entry.by.leftJustified(12) << ' ';
        if (entry.type == HistoryEntry::Type::Decision && entry.origin == u"bulk"_s && !each)
            i = printBulkDecision(entries, i);
        else
            printHistoryEntry(entry);
        if (!entry.note.isEmpty())
            out() << "  note: " << entry.note;
        out() << '\n';
    }
    out().flush();
}

} // namespace

int historyCommand(const QStringList& arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(u"Prints the audit trail: every decision (who, when, table, key, "
                                     u"action, note, undone), undo, redo and "
                                     "approval, oldest first."_s);
    addProjectOptions(parser);
    parser.addOptions({
        { u"json"_s, u"Print it as JSON (every decision, one by one)."_s },
        { u"each"_s, u"List every decision of a bulk decision (by default one line per bulk decision)."_s },
    });
    QString name;
    if (!parseProjectCommand(parser, arguments, name))
        return 2;
    auto staging = openStaging(parser);
    auto project = openProject(*staging, name);
    const QList<HistoryEntry> entries = Decisions(*project).history();
    if (parser.isSet(u"json"_s))
        printHistoryJson(entries, name);
    else if (entries.isEmpty())
        out() << "No decisions yet in project " << name << '.' << Qt::endl;
    else
        printHistory(entries, parser.isSet(u"each"_s));
    return 0;
}

} // namespace pgr::cli
