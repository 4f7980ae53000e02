// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>
#include <QStringView>
#include <optional>
#include <span>
#include <type_traits>

namespace pgr {

// An enum's values with the one name each that is stored, printed and typed (a change's class,
// a kind of work, a dump format): the enum's home specialises reportNames with its table, and
// these functions convert both ways. In core/pg, below every stage that names things so.

// Constrains the generic functions below to enums (differ.cpp has a reportName of its own).
template<class E>
concept VocabularyEnum = std::is_enum_v<E>;

template<class E>
struct ReportName
{
    E value;
    QStringView name;
};

// Every value of E with its report name, in declaration order.
template<class E>
std::span<const ReportName<E>> reportNames();

template<VocabularyEnum E>
QString reportName(E value)
{
    for (const ReportName<E>& entry : reportNames<E>()) {
        if (entry.value == value)
            return entry.name.toString();
    }
    return {};
}

// An empty value gives an empty name (an undecided change's action, a two-way change's kind).
template<VocabularyEnum E>
QString reportName(const std::optional<E>& value)
{
    return value ? reportName(*value) : QString();
}

// nullopt for a name that is not one of E's.
template<class E>
std::optional<E> fromReportName(QStringView name)
{
    for (const ReportName<E>& entry : reportNames<E>()) {
        if (entry.name == name)
            return entry.value;
    }
    return std::nullopt;
}

[[noreturn]] void throwUnknownStoredName(QStringView name);

// A name read from the project database, whose CHECK constraints hold only E's names: converted
// once, where the row is read. Throws pgr::Error for another (a project of a newer release).
template<class E>
E storedValue(QStringView name)
{
    if (const std::optional<E> value = fromReportName<E>(name))
        return *value;
    throwUnknownStoredName(name);
}

// The same for a column that may be NULL or empty (a two-way change's kind, an undecided action).
template<class E>
std::optional<E> storedOptional(QStringView name)
{
    if (name.isEmpty())
        return std::nullopt;
    return storedValue<E>(name);
}

// Every report name of E, for messages ("the classes are: …").
template<class E>
QString reportNameList(QStringView separator = u", ")
{
    QString list;
    for (const ReportName<E>& entry : reportNames<E>())
        list += (list.isEmpty() ? QString() : separator.toString()) + entry.name.toString();
    return list;
}

} // namespace pgr
