// SPDX-License-Identifier: GPL-3.0-or-later
// The review's vocabulary without a server: every value has one name that reads back as it, and
// the names are those the project database stores (its CHECK constraints and decision_state,
// read from core/staging/sql), so that a class or kind added on one side only fails here.
#include "vocabulary.h"

#include <QFile>
#include <QRegularExpression>
#include <QSet>
#include <QTest>

using namespace Qt::Literals::StringLiterals;
using namespace pgr;

namespace {

QString projectSql(const QString& file)
{
    QFile sql(QStringLiteral(PGRECONCILE_SOURCE_DIR "/core/staging/sql/") + file);
    if (!sql.open(QIODevice::ReadOnly))
        qFatal("cannot read %s", qPrintable(sql.fileName()));
    return QString::fromUtf8(sql.readAll());
}

// The quoted names of the last match of pattern's first group in file (the upgrade script
// redefines a constraint: its last definition is the one in force).
QSet<QString> storedNames(const QString& file, const QString& pattern)
{
    QString group;
    QRegularExpressionMatchIterator matches = QRegularExpression(pattern).globalMatch(projectSql(file));
    while (matches.hasNext())
        group = matches.next().captured(1);
    if (group.isEmpty())
        qFatal("%s holds no %s", qPrintable(file), qPrintable(pattern));
    QSet<QString> names;
    QRegularExpressionMatchIterator quoted = QRegularExpression(u"'([a-z_]+)'"_s).globalMatch(group);
    while (quoted.hasNext())
        names.insert(quoted.next().captured(1));
    return names;
}

template<class E>
QSet<QString> cppNames()
{
    QSet<QString> names;
    for (const ReportName<E>& entry : reportNames<E>())
        names.insert(entry.name.toString());
    return names;
}

template<class E>
void checkRoundTrip(int count)
{
    QCOMPARE(int(reportNames<E>().size()), count);
    QSet<QString> seen;
    for (int i = 0; i < count; ++i) {
        const E value = E(i);
        const QString name = reportName(value);
        QVERIFY2(!name.isEmpty(), qPrintable(u"enumerator %1 has no name"_s.arg(i)));
        QVERIFY2(!seen.contains(name), qPrintable(u"%1 named twice"_s.arg(name)));
        seen.insert(name);
        QCOMPARE(fromReportName<E>(name), std::optional<E>(value));
    }
    QCOMPARE(fromReportName<E>(u"no_such_name"), std::nullopt);
    QCOMPARE(fromReportName<E>(u""), std::nullopt);
    QCOMPARE(reportName(std::optional<E>()), QString());
}

} // namespace

class TestVocabulary : public QObject
{
    Q_OBJECT

private slots:
    void roundTrips()
    {
        checkRoundTrip<ChangeClass>(int(ChangeClass::Differs) + 1);
        checkRoundTrip<ChangeKind>(int(ChangeKind::IdCollision) + 1);
        checkRoundTrip<DecisionState>(int(DecisionState::Undecided) + 1);
        checkRoundTrip<Action>(int(Action::MapOntoTarget) + 1);
        checkRoundTrip<Relation>(int(Relation::CollidingId) + 1);
    }

    void namesAreCaseSensitive() { QCOMPARE(fromReportName<ChangeClass>(u"Conflict"), std::nullopt); }

    void classesAsStored()
    {
        QCOMPARE(cppNames<ChangeClass>(),
            storedNames(u"project_schema.sql"_s,
                u"change_class\\s+text NOT NULL CHECK \\(change_class IN \\(([^)]*)\\)"_s));
    }

    void kindsAsStored()
    {
        QCOMPARE(cppNames<ChangeKind>(),
            storedNames(u"project_upgrade.sql"_s, u"changes_kind_check CHECK \\(kind IN \\(([^)]*)\\)"_s));
    }

    void actionsAsStored()
    {
        QCOMPARE(cppNames<Action>(),
            storedNames(
                u"project_upgrade.sql"_s, u"decisions_action_check\\s+CHECK \\(action IN \\(([^)]*)\\)"_s));
    }

    void relationsAsStored()
    {
        QCOMPARE(cppNames<Relation>(),
            storedNames(
                u"project_upgrade.sql"_s, u"related_relation_check CHECK \\(relation IN \\(([^)]*)\\)"_s));
    }

    void statesAsStored()
    {
        // Every THEN and ELSE text of pgreconcile.decision_state.
        const QString function = u"FUNCTION pgreconcile.decision_state\\(.*?\\$\\$(.*?)\\$\\$"_s;
        const QString body = [&] {
            QRegularExpression re(function, QRegularExpression::DotMatchesEverythingOption);
            return re.match(projectSql(u"project_views.sql"_s)).captured(1);
        }();
        QVERIFY(!body.isEmpty());
        QSet<QString> stored;
        QRegularExpressionMatchIterator results
            = QRegularExpression(u"(?:THEN|ELSE) '([a-z_]+)'"_s).globalMatch(body);
        while (results.hasNext())
            stored.insert(results.next().captured(1));
        QCOMPARE(cppNames<DecisionState>(), stored);
    }
};

QTEST_GUILESS_MAIN(TestVocabulary)
#include "tst_vocabulary.moc"
