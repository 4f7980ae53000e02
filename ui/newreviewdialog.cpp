// SPDX-License-Identifier: GPL-3.0-or-later
#include "newreviewdialog.h"

#include "catalog.h"
#include "conninfo.h"
#include "dumprestore.h"
#include "error.h"
#include "errorbox.h"
#include "pgbinaries.h"
#include "pgconnection.h"
#include "pipelinejob.h"
#include "project.h"
#include "settings.h"
#include "sidecheck.h"
#include "staging.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDirIterator>
#include <QFileDialog>
#include <QFileInfo>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QIntValidator>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QProcess>
#include <QProgressBar>
#include <QPushButton>
#include <QStackedWidget>
#include <QStyle>
#include <QTimer>
#include <QVBoxLayout>

using namespace Qt::Literals::StringLiterals;

namespace pgr::ui {

namespace {

QString kindKey(NewReviewDialog::Kind kind)
{
    switch (kind) {
    case NewReviewDialog::Kind::Connection:
        return u"connection"_s;
    case NewReviewDialog::Kind::Server:
        return u"server"_s;
    case NewReviewDialog::Kind::Dump:
        return u"dump"_s;
    }
    return {};
}

QString settingsKey(Side side, const QString& field)
{
    return u"newReview/"_s + sideName(side) + u'/' + field;
}

// A connection string as it may be remembered: as typed unless it holds a password.
QString storableConnection(const QString& text)
{
    if (!SideCheck::isConnectionString(text))
        return text;
    try {
        const ConnectionInfo info = ConnectionInfo::parse(text);
        return info.hasPassword() ? info.toStorableString() : text;
    } catch (const Error&) {
        return {}; // what does not parse cannot be told free of a password
    }
}

QLabel* explanation(const QString& text)
{
    auto* label = new QLabel(text);
    label->setWordWrap(true);
    label->setForegroundRole(QPalette::PlaceholderText);
    return label;
}

QLineEdit* lineEdit(const QString& objectName, const QString& placeholder, const QString& toolTip)
{
    auto* edit = new QLineEdit;
    edit->setObjectName(objectName);
    edit->setPlaceholderText(placeholder);
    edit->setToolTip(toolTip);
    edit->setClearButtonEnabled(true);
    return edit;
}

QWidget* page(QLayout* layout)
{
    auto* widget = new QWidget;
    layout->setContentsMargins(0, 0, 0, 0);
    widget->setLayout(layout);
    return widget;
}

} // namespace

NewReviewDialog::NewReviewDialog(std::shared_ptr<Staging> staging, QWidget* parent)
    : QDialog(parent)
    , m_staging(std::move(staging))
{
    setObjectName(u"newReviewDialog"_s);
    setWindowTitle(tr("New Review"));
    QGridLayout* nameRow = createNameRow();
    QGroupBox* base = createSide(Side::Base, tr("&Base (optional)"),
        tr("The snapshot taken at cut-over, the common ancestor of both sides. Leave it empty for a two-way "
           "review."));
    QGroupBox* source = createSide(Side::Source, tr("&Source"),
        tr("The side whose changes you carry over: the old database that kept receiving writes."));
    QGroupBox* target = createSide(
        Side::Target, tr("&Target"), tr("The side the merge script will run on: the new database."));

    createProgressPanel();
    QHBoxLayout* message = createMessage();
    QDialogButtonBox* buttons = createButtons();
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(nameRow);
    layout->addSpacing(layout->spacing());
    layout->addWidget(base);
    layout->addWidget(source);
    layout->addWidget(target);
    layout->addWidget(m_progressPanel);
    layout->addLayout(message);
    layout->addStretch(1);
    layout->addWidget(m_blocker);
    layout->addWidget(buttons);

    setTabOrder();
    loadSettings();
    updateState();
    resize(std::max(sizeHint().width(), fontMetrics().averageCharWidth() * 112), sizeHint().height());
    m_name->setFocus();
}

QGridLayout* NewReviewDialog::createNameRow()
{
    m_name = lineEdit(u"projectName"_s, tr("e.g. orders-2026-11"),
        tr("The review project's name: 1 to 40 lowercase letters, digits, '_' or '-'. Its state lives in the "
           "staging database pgreconcile_<name>."));
    m_name->setClearButtonEnabled(false);
    m_nameStatus = new QLabel;
    m_nameStatus->setObjectName(u"projectNameStatus"_s);
    m_nameStatus->setWordWrap(true);
    m_reloadExisting = new QCheckBox(tr("Load into it: replace its sides (its decisions are kept)"));
    m_reloadExisting->setObjectName(u"reloadExisting"_s);
    m_reloadExisting->setToolTip(tr("Sides left empty here keep the copy the review has"));
    m_nameStatus->hide();
    m_reloadExisting->hide();
    m_nameCheck = new QTimer(this);
    m_nameCheck->setSingleShot(true);
    m_nameCheck->setInterval(300);
    connect(m_nameCheck, &QTimer::timeout, this, &NewReviewDialog::checkProjectName);
    connect(m_name, &QLineEdit::textChanged, this, &NewReviewDialog::projectNameEdited);
    connect(m_reloadExisting, &QCheckBox::toggled, this, &NewReviewDialog::updateState);

    auto* nameRow = new QGridLayout;
    auto* nameLabel = new QLabel(tr("Review &name:"));
    nameLabel->setBuddy(m_name);
    nameRow->addWidget(nameLabel, 0, 0);
    nameRow->addWidget(m_name, 0, 1);
    nameRow->addWidget(m_nameStatus, 1, 1);
    nameRow->addWidget(m_reloadExisting, 2, 1);
    nameRow->setColumnStretch(1, 1);

    return nameRow;
}

void NewReviewDialog::createProgressPanel()
{
    m_overallText = new QLabel;
    m_overallText->setObjectName(u"overallText"_s);
    m_overall = new QProgressBar;
    m_overall->setObjectName(u"overallProgress"_s);
    m_overall->setRange(0, 1000);
    m_overall->setTextVisible(false);
    m_tablesText = new QLabel;
    m_tablesText->setObjectName(u"tableText"_s);
    m_tables = new QProgressBar;
    m_tables->setObjectName(u"tableProgress"_s);
    m_tables->setTextVisible(false);
    m_progressPanel = new QWidget;
    m_progressPanel->setObjectName(u"progressPanel"_s);
    auto* progress = new QVBoxLayout(m_progressPanel);
    progress->setContentsMargins(0, 0, 0, 0);
    progress->addWidget(m_overallText);
    progress->addWidget(m_overall);
    progress->addWidget(m_tablesText);
    progress->addWidget(m_tables);
    m_progressPanel->hide();
}

QHBoxLayout* NewReviewDialog::createMessage()
{
    m_messageIcon = new QLabel;
    m_message = new QLabel;
    m_message->setObjectName(u"messageLabel"_s);
    m_message->setWordWrap(true);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto* message = new QHBoxLayout;
    message->addWidget(m_messageIcon, 0, Qt::AlignTop);
    message->addWidget(m_message, 1);
    m_messageIcon->hide();
    m_message->hide();

    return message;
}

QDialogButtonBox* NewReviewDialog::createButtons()
{
    m_blocker = new QLabel;
    m_blocker->setObjectName(u"blockerLabel"_s);
    m_blocker->setWordWrap(true);

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
    m_ok = buttons->button(QDialogButtonBox::Ok);
    m_ok->setObjectName(u"okButton"_s);
    m_ok->setText(tr("&Load and Compare"));
    m_ok->setToolTip(tr("Create the review, load its sides into staging and compare them"));
    m_ok->setDefault(true);
    m_cancel = buttons->button(QDialogButtonBox::Cancel);
    m_cancel->setObjectName(u"cancelButton"_s);
    m_cancel->setAutoDefault(false);
    connect(m_ok, &QPushButton::clicked, this, &NewReviewDialog::start);
    connect(m_cancel, &QPushButton::clicked, this, &NewReviewDialog::reject);

    return buttons;
}

// Top to bottom, left to right, as the fields read.
void NewReviewDialog::setTabOrder()
{
    QList<QWidget*> order { m_name, m_reloadExisting };
    for (const Side side : kAllSides) {
        const SideWidgets& w = widgets(side);
        order << w.kind << w.connection << w.host << w.port << w.database << w.user << w.dump << w.dumpFile
              << w.dumpFolder << w.schema << w.password << w.test;
    }
    order << m_ok << m_cancel;
    for (qsizetype i = 1; i < order.size(); ++i)
        QWidget::setTabOrder(order[i - 1], order[i]);
}

// The jobs stop as their trackers go; nothing waits for them.
NewReviewDialog::~NewReviewDialog() = default;

QGroupBox* NewReviewDialog::createSide(Side side, const QString& title, const QString& text)
{
    SideWidgets& w = widgets(side);
    w.tests = std::make_unique<JobTracker>(this);
    w.box = new QGroupBox(title);
    w.box->setObjectName(sideName(side) + u"Box"_s);
    createSideFields(side);
    createSideExtras(side);
    layOutSide(side, text);
    connectSide(side);
    showSideResult(side, TestState::NotRun, {});
    return w.box;
}

void NewReviewDialog::createSideFields(Side side)
{
    SideWidgets& w = widgets(side);
    const QString prefix = sideName(side);
    w.kind = new QComboBox;
    w.kind->setObjectName(prefix + u"Kind"_s);
    w.kind->addItem(tr("Connection string"));
    w.kind->addItem(tr("Server"));
    w.kind->addItem(tr("Dump file"));
    w.kind->setToolTip(tr("How this side is given: a libpq connection string (or the name of a database in "
                          "staging), a server's host, port, database and user, or a pg_dump output"));

    w.connection = lineEdit(prefix + u"Connection"_s,
        tr("postgresql://user@host:5432/shop, host=… dbname=…, or a database in staging"),
        tr("A libpq URI or key=value string, or the name of a database of the staging server. Passwords come "
           "from ~/.pgpass, PGPASSFILE or a service file; one written here is used but never stored."));
    w.host = lineEdit(prefix + u"Host"_s, tr("default"),
        tr("Host name, IP address or socket folder; empty: libpq's default (PGHOST, else the local socket)"));
    w.port = lineEdit(prefix + u"Port"_s, u"5432"_s, tr("Port; empty: libpq's default (PGPORT, else 5432)"));
    w.port->setValidator(new QIntValidator(1, 65535, w.port));
    w.port->setClearButtonEnabled(false);
    w.port->setMaximumWidth(fontMetrics().averageCharWidth() * 9);
    w.database = lineEdit(prefix + u"Database"_s, tr("required"), tr("The database to compare"));
    w.user = lineEdit(
        prefix + u"User"_s, tr("default"), tr("User name; empty: libpq's default (PGUSER, else your login)"));
    w.dump = lineEdit(prefix + u"Dump"_s,
        tr("pg_dump file (custom, tar or plain SQL) or directory-format folder"),
        tr("A pg_dump output: it is restored into a scratch database of staging, then loaded"));
    w.dumpFile = new QPushButton(tr("File…"));
    w.dumpFile->setObjectName(prefix + u"DumpFile"_s);
    w.dumpFile->setToolTip(tr("Choose a pg_dump file (custom, tar or plain SQL format)"));
    w.dumpFolder = new QPushButton(tr("Folder…"));
    w.dumpFolder->setObjectName(prefix + u"DumpFolder"_s);
    w.dumpFolder->setToolTip(tr("Choose the folder of a directory-format dump (pg_dump -Fd)"));
}

// The schema, the password (shown when a server asks for one), Test and its result.
void NewReviewDialog::createSideExtras(Side side)
{
    SideWidgets& w = widgets(side);
    const QString prefix = sideName(side);
    w.schema = lineEdit(prefix + u"Schema"_s, tr("all schemas"),
        tr("Take only this schema, standing for the whole side (as --%1-schema in the command line). Its "
           "tables "
           "are matched under the target's schema, else public.")
            .arg(prefix));
    w.passwordLabel = new QLabel(tr("Password:"));
    w.password = lineEdit(prefix + u"Password"_s, tr("not stored"),
        tr("Used for the test and the load only: kept in memory while this dialog is open and never written "
           "anywhere. ~/.pgpass keeps it for good."));
    w.password->setEchoMode(QLineEdit::Password);
    w.passwordLabel->setBuddy(w.password);
    w.passwordLabel->hide();
    w.password->hide();

    w.test = new QPushButton(tr("Test"));
    w.test->setObjectName(prefix + u"Test"_s);
    w.test->setAutoDefault(false);
    w.test->setToolTip(
        tr("Connect and count the tables, or read the dump's table of contents, without loading "
           "anything"));
    for (QPushButton* button : { w.dumpFile, w.dumpFolder })
        button->setAutoDefault(false);

    w.resultIcon = new QLabel;
    w.resultIcon->setObjectName(prefix + u"ResultIcon"_s);
    const int icon = style()->pixelMetric(QStyle::PM_SmallIconSize, nullptr, this);
    w.resultIcon->setFixedSize(icon, icon);
    w.result = new QLabel;
    w.result->setObjectName(prefix + u"Result"_s);
    w.result->setWordWrap(true);
    w.result->setTextInteractionFlags(Qt::TextSelectableByMouse);
}

// One page per kind of side: connection string, server fields, dump.
QStackedWidget* NewReviewDialog::createSidePages(Side side)
{
    SideWidgets& w = widgets(side);
    auto* connectionPage = new QHBoxLayout;
    connectionPage->addWidget(w.connection);
    auto* serverPage = new QHBoxLayout;
    const auto addField = [&](const QString& label, QLineEdit* edit, int stretch) {
        auto* name = new QLabel(label);
        name->setBuddy(edit);
        serverPage->addWidget(name);
        serverPage->addWidget(edit, stretch);
    };
    addField(tr("Host:"), w.host, 3);
    addField(tr("Port:"), w.port, 0);
    addField(tr("Database:"), w.database, 2);
    addField(tr("User:"), w.user, 2);
    auto* dumpPage = new QHBoxLayout;
    dumpPage->addWidget(w.dump, 1);
    dumpPage->addWidget(w.dumpFile);
    dumpPage->addWidget(w.dumpFolder);
    w.pages = new QStackedWidget;
    w.pages->addWidget(page(connectionPage));
    w.pages->addWidget(page(serverPage));
    w.pages->addWidget(page(dumpPage));
    // Only the shown page counts for the height.
    w.pages->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Maximum);

    return w.pages;
}

void NewReviewDialog::layOutSide(Side side, const QString& text)
{
    SideWidgets& w = widgets(side);
    createSidePages(side);
    auto* fromLabel = new QLabel(tr("From:"));
    fromLabel->setBuddy(w.kind);
    auto* schemaLabel = new QLabel(tr("Schema:"));
    schemaLabel->setBuddy(w.schema);
    auto* extras = new QHBoxLayout;
    extras->addWidget(w.schema, 2);
    extras->addSpacing(fontMetrics().averageCharWidth() * 2);
    extras->addWidget(w.passwordLabel);
    extras->addWidget(w.password, 3);
    extras->addStretch(1);
    auto* result = new QHBoxLayout;
    result->addWidget(w.resultIcon, 0, Qt::AlignTop);
    result->addWidget(w.result, 1);

    auto* grid = new QGridLayout(w.box);
    grid->addWidget(explanation(text), 0, 0, 1, 4);
    grid->addWidget(fromLabel, 1, 0);
    grid->addWidget(w.kind, 1, 1);
    grid->addWidget(w.pages, 1, 2);
    grid->addWidget(w.test, 1, 3);
    grid->addWidget(schemaLabel, 2, 0);
    grid->addLayout(extras, 2, 1, 1, 2);
    grid->addLayout(result, 3, 1, 1, 3);
    grid->setColumnStretch(2, 1);
}

void NewReviewDialog::connectSide(Side side)
{
    SideWidgets& w = widgets(side);
    connect(w.kind, &QComboBox::currentIndexChanged, this, [this, side](int index) {
        SideWidgets& w = widgets(side);
        w.pages->setCurrentIndex(index);
        if (Kind(index) == Kind::Dump) {
            w.passwordLabel->hide();
            w.password->hide();
        }
        sideEdited(side);
    });
    for (QLineEdit* edit : { w.connection, w.host, w.port, w.database, w.user, w.dump, w.schema, w.password })
        connect(edit, &QLineEdit::textChanged, this, [this, side] { sideEdited(side); });
    connect(w.test, &QPushButton::clicked, this, [this, side] { testSide(side); });
    connect(w.dumpFile, &QPushButton::clicked, this, [this, side] { chooseDump(side, false); });
    connect(w.dumpFolder, &QPushButton::clicked, this, [this, side] { chooseDump(side, true); });
}

QString NewReviewDialog::projectName() const { return m_name->text().trimmed(); }

NewReviewDialog::Kind NewReviewDialog::kind(Side side) const
{
    return Kind(widgets(side).kind->currentIndex());
}

void NewReviewDialog::setKind(Side side, Kind kind) { widgets(side).kind->setCurrentIndex(int(kind)); }

bool NewReviewDialog::isSideEmpty(Side side) const
{
    const SideWidgets& w = widgets(side);
    switch (kind(side)) {
    case Kind::Connection:
        return w.connection->text().trimmed().isEmpty();
    case Kind::Server:
        return w.host->text().trimmed().isEmpty() && w.port->text().trimmed().isEmpty()
            && w.database->text().trimmed().isEmpty() && w.user->text().trimmed().isEmpty();
    case Kind::Dump:
        return w.dump->text().trimmed().isEmpty();
    }
    return true;
}

SideSource NewReviewDialog::sideSource(Side side) const
{
    const SideWidgets& w = widgets(side);
    SideSource source;
    source.schema = w.schema->text().trimmed();
    // As the command line does: one-schema sides are matched under the target's schema.
    if (const QString targetSchema = widgets(Side::Target).schema->text().trimmed(); !targetSchema.isEmpty())
        source.logicalSchema = targetSchema;
    const QString password = w.password->text();
    ConnectionInfo info;
    switch (kind(side)) {
    case Kind::Connection: {
        const QString text = w.connection->text().trimmed();
        if (!SideCheck::isConnectionString(text)) {
            source.kind = SideSource::Kind::Staging;
            source.text = text;
            return source;
        }
        info = ConnectionInfo::parse(text);
        break;
    }
    case Kind::Server: {
        const auto set = [&info](const char16_t* keyword, const QLineEdit* edit) {
            if (const QString value = edit->text().trimmed(); !value.isEmpty())
                info.setValue(QString::fromUtf16(keyword), value);
        };
        set(u"host", w.host);
        set(u"port", w.port);
        set(u"dbname", w.database);
        set(u"user", w.user);
        break;
    }
    case Kind::Dump:
        source.kind = SideSource::Kind::Dump;
        source.text = w.dump->text().trimmed();
        return source;
    }
    if (!password.isEmpty())
        info.setValue(u"password"_s, password);
    source.kind = SideSource::Kind::Uri;
    source.text = info.toConnectionString();
    return source;
}

QString NewReviewDialog::storableDescription(Side side) const
{
    const SideWidgets& w = widgets(side);
    switch (kind(side)) {
    case Kind::Connection:
        return storableConnection(w.connection->text().trimmed());
    case Kind::Server:
        return ConnectionInfo::parse(sideSource(side).text).toStorableString();
    case Kind::Dump:
        return w.dump->text().trimmed();
    }
    return {};
}

void NewReviewDialog::sideEdited(Side side)
{
    SideWidgets& w = widgets(side);
    w.tests->dropAll(); // a test still running tested what was there before
    showSideResult(side, TestState::NotRun, {});
    updateState();
}

void NewReviewDialog::showSideResult(Side side, TestState state, const QString& text)
{
    SideWidgets& w = widgets(side);
    w.testState = state;
    QStyle::StandardPixmap icon = QStyle::SP_CustomBase;
    switch (state) {
    case TestState::NotRun:
        w.result->setText(tr("Not tested yet."));
        w.result->setForegroundRole(QPalette::PlaceholderText);
        break;
    case TestState::Running:
        w.result->setText(tr("Testing…"));
        w.result->setForegroundRole(QPalette::PlaceholderText);
        icon = QStyle::SP_BrowserReload;
        break;
    case TestState::Passed:
    case TestState::Failed:
        w.result->setText(text);
        w.result->setForegroundRole(QPalette::WindowText);
        icon = state == TestState::Passed ? QStyle::SP_DialogApplyButton : QStyle::SP_MessageBoxCritical;
        break;
    }
    if (icon == QStyle::SP_CustomBase) {
        w.resultIcon->clear();
    } else {
        const int size = w.resultIcon->width();
        w.resultIcon->setPixmap(
            style()->standardIcon(icon, nullptr, this).pixmap(QSize(size, size), devicePixelRatioF()));
    }
    w.test->setEnabled(state != TestState::Running);
}

void NewReviewDialog::showPasswordField(Side side)
{
    SideWidgets& w = widgets(side);
    if (kind(side) == Kind::Dump)
        return;
    w.passwordLabel->show();
    w.password->show();
    w.password->setFocus();
}

void NewReviewDialog::testSide(Side side)
{
    SideWidgets& w = widgets(side);
    if (isSideEmpty(side)) {
        showSideResult(side, TestState::Failed,
            tr("Nothing to test: give a connection string, a server or a dump file."));
        Q_EMIT sideTested(sideName(side), false, w.result->text());
        return;
    }
    SideSource source;
    try {
        source = sideSource(side);
    } catch (const Error& error) {
        showSideResult(side, TestState::Failed, errorText(error));
        Q_EMIT sideTested(sideName(side), false, w.result->text());
        return;
    }
    showSideResult(side, TestState::Running, {});
    std::shared_ptr<Staging> staging = m_staging;
    // Edited or tested again meanwhile, its result is dropped.
    w.tests->start(
        [staging, source, side](const JobControl&) { return SideCheck::check(*staging, source, side); },
        [this, side](Outcome<SideCheck::Result> outcome) {
            const SideCheck::Result result = outcome.value
                ? *outcome.value
                : SideCheck::Result { false, false, errorText(*outcome.error) };
            if (result.needsPassword)
                showPasswordField(side);
            showSideResult(side, result.ok ? TestState::Passed : TestState::Failed, result.text);
            Q_EMIT sideTested(sideName(side), result.ok, result.text);
        });
}

NewReviewDialog::TestState NewReviewDialog::testState(Side side) const { return widgets(side).testState; }

void NewReviewDialog::projectNameEdited()
{
    m_nameJobs.dropAll();
    m_existingName.clear();
    m_reloadExisting->setChecked(false);
    m_nameCheck->start();
    updateState();
}

void NewReviewDialog::checkProjectName()
{
    const QString name = projectName();
    try {
        Project::checkName(name);
    } catch (const Error&) {
        return; // the blocker says why
    }
    std::shared_ptr<Staging> staging = m_staging;
    m_nameJobs.start([staging, name](const JobControl&) { return Project::exists(*staging, name); },
        [this, name](Outcome<bool> outcome) {
            m_existingName = outcome.value && *outcome.value ? name : QString();
            updateState();
        });
}

QString NewReviewDialog::sideBlocker(Side side) const
{
    if (isSideEmpty(side)) {
        switch (side) {
        case Side::Base:
            return {};
        case Side::Source:
            return tr("Give the source: a connection string, a server or a dump file.");
        case Side::Target:
            return tr("Give the target: a connection string, a server or a dump file.");
        }
    }
    const SideWidgets& w = widgets(side);
    const QString title = w.box->title().remove(u'&');
    switch (kind(side)) {
    case Kind::Connection:
        if (const QString text = w.connection->text().trimmed(); SideCheck::isConnectionString(text)) {
            try {
                ConnectionInfo::parse(text);
            } catch (const Error& error) {
                return tr("%1: %2").arg(title, error.message());
            }
        }
        break;
    case Kind::Server:
        if (w.database->text().trimmed().isEmpty())
            return tr("%1: give the database's name.").arg(title);
        break;
    case Kind::Dump:
        if (const QString path = w.dump->text().trimmed(); !QFileInfo::exists(path))
            return tr("%1: there is no file or folder \"%2\".").arg(title, path);
        break;
    }
    return {};
}

void NewReviewDialog::updateState()
{
    const QString name = projectName();
    const bool exists = !name.isEmpty() && name == m_existingName && name != m_ownProject;
    m_nameStatus->setText(
        exists ? tr("A review named \"%1\" exists already in staging.").arg(name) : QString());
    m_nameStatus->setVisible(exists);
    m_reloadExisting->setVisible(exists);

    QString blocker;
    if (name.isEmpty()) {
        blocker = tr("Name the review.");
    } else {
        try {
            Project::checkName(name);
        } catch (const Error& error) {
            blocker = tr("%1: %2.").arg(error.message(), error.hint());
        }
    }
    if (blocker.isEmpty() && exists && !m_reloadExisting->isChecked())
        blocker = tr("A review named \"%1\" exists already: choose another name, or tick \"Load into it\".")
                      .arg(name);
    for (const Side side : { Side::Source, Side::Target, Side::Base }) {
        if (blocker.isEmpty())
            blocker = sideBlocker(side);
    }
    m_blockerText = blocker;
    m_blocker->setText(blocker);
    m_blocker->setVisible(!blocker.isEmpty());
    m_ok->setEnabled(blocker.isEmpty() && !m_running);
}

void NewReviewDialog::setRunning(bool running)
{
    m_running = running;
    m_name->setEnabled(!running);
    m_reloadExisting->setEnabled(!running);
    for (const SideWidgets& w : m_sides)
        w.box->setEnabled(!running);
    m_progressPanel->setVisible(running);
    if (running) {
        m_overall->setValue(0);
        m_overallText->clear();
        m_tables->setRange(0, 1);
        m_tables->setValue(0);
        m_tablesText->setText(tr("Tables: waiting for the first side"));
        m_messageIcon->hide();
        m_message->hide();
    }
    updateState();
}

void NewReviewDialog::showProgress(int permille, const QString& text)
{
    m_overall->setValue(permille);
    m_overallText->setText(text);
}

void NewReviewDialog::showTableProgress(
    const QString& step, const QString& table, int tablesDone, int tablesTotal)
{
    m_tables->setRange(0, std::max(1, tablesTotal));
    m_tables->setValue(tablesDone);
    const QString done = QString::number(tablesDone);
    const QString total = QString::number(tablesTotal);
    QString text;
    if (step == u"diff"_s)
        text = table.isEmpty() ? tr("Comparing: %1 of %2 tables compared").arg(done, total)
                               : tr("Comparing: %1 of %2 tables compared, last %3").arg(done, total, table);
    else {
        const QString side = step == u"base"_s ? tr("base")
            : step == u"source"_s              ? tr("source")
                                               : tr("target");
        text = table.isEmpty()
            ? tr("Loading the %1: %2 of %3 tables copied").arg(side, done, total)
            : tr("Loading the %1: %2 of %3 tables copied, copying %4").arg(side, done, total, table);
    }
    m_tablesText->setText(text);
}

void NewReviewDialog::showMessage(const QString& text, bool isError)
{
    const int size = style()->pixelMetric(QStyle::PM_SmallIconSize, nullptr, this);
    const QIcon icon = style()->standardIcon(
        isError ? QStyle::SP_MessageBoxCritical : QStyle::SP_MessageBoxInformation, nullptr, this);
    m_messageIcon->setPixmap(icon.pixmap(QSize(size, size), devicePixelRatioF()));
    m_message->setText(text);
    m_messageIcon->show();
    m_message->show();
}

void NewReviewDialog::start()
{
    if (m_running)
        return;
    updateState();
    if (!m_blockerText.isEmpty()) {
        m_blocker->setVisible(true);
        return;
    }
    QList<SideToLoad> sources;
    try {
        for (const Side side : kAllSides) {
            if (!isSideEmpty(side))
                sources.append({ side, sideSource(side) });
        }
    } catch (const Error& error) {
        showMessage(errorText(error), true);
        return;
    }
    saveSettings();
    const QString name = projectName();
    const bool mayExist = name == m_ownProject || (name == m_existingName && m_reloadExisting->isChecked());
    const QString reviewer = Settings().reviewerName();
    m_cancelRequested = false;
    setRunning(true);
    showProgress(0, tr("Creating the review \"%1\"…").arg(name));

    // The project is created first (a failed run leaves it to retry into), then PipelineJob loads and diffs.
    std::shared_ptr<Staging> staging = m_staging;
    m_runJobs.start(
        [staging, name, reviewer, mayExist](const JobControl&) {
            if (Project::exists(*staging, name)) {
                if (!mayExist)
                    throw Error(tr("A review named \"%1\" exists already.").arg(name),
                        tr("Choose another name, or tick \"Load into it\" to replace its sides."));
                return false;
            }
            Project::create(*staging, name, reviewer);
            return true;
        },
        [this, name, reviewer, sources](Outcome<bool> outcome) {
            if (!outcome.value) {
                finishRun(name, outcome.error);
                return;
            }
            if (*outcome.value)
                m_ownProject = name; // from now on the retry of this dialog
            if (m_cancelRequested)
                finishRun(name, Cancelled());
            else
                loadAndDiff(name, reviewer, sources);
        });
}

void NewReviewDialog::loadAndDiff(
    const QString& name, const QString& reviewer, const QList<SideToLoad>& sources)
{
    auto* job = new PipelineJob(m_staging, { name, reviewer, {}, {}, {}, true }, this);
    for (const SideToLoad& source : sources)
        job->setSource(source.side, source.source);
    m_job = job;
    connect(job, &PipelineJob::progress, this, &NewReviewDialog::showProgress);
    connect(job, &PipelineJob::tableProgress, this, &NewReviewDialog::showTableProgress);
    connect(job, &PipelineJob::succeeded, this, [this, job, name] {
        job->deleteLater();
        m_job = nullptr;
        finishRun(name, std::nullopt);
    });
    connect(job, &PipelineJob::failed, this, [this, job, name](const Error& error) {
        job->deleteLater();
        m_job = nullptr;
        finishRun(name, error);
    });
    job->start();
}

void NewReviewDialog::cancel()
{
    if (!m_running)
        return;
    m_cancelRequested = true;
    if (m_job)
        m_job->cancel();
    m_overallText->setText(tr("Cancelling…"));
}

void NewReviewDialog::finishRun(const QString& project, const std::optional<Error>& error)
{
    setRunning(false);
    if (!error) {
        Q_EMIT reviewCreated(project);
        accept();
        return;
    }
    if (error->isCancellation()) {
        showMessage(tr("Cancelled. Each side of the review is either loaded completely or as it was before; "
                       "\"Load and Compare\" runs it again."),
            false);
    } else {
        const QString text = errorText(*error);
        showMessage(tr("The review could not be prepared.\n%1").arg(text), true);
        if (SideCheck::asksForPassword(text)) {
            for (const Side side : kAllSides) {
                if (text.contains(u"cannot connect to "_s + sideName(side) + u" database"_s))
                    showPasswordField(side);
            }
        }
    }
    Q_EMIT runFailed(*error);
}

void NewReviewDialog::reject()
{
    if (m_running) {
        cancel();
        return;
    }
    QDialog::reject();
}

void NewReviewDialog::chooseDump(Side side, bool folder)
{
    SideWidgets& w = widgets(side);
    const QString current = w.dump->text().trimmed();
    const QString start = current.isEmpty() ? QString() : QFileInfo(current).absolutePath();
    const QString path = folder
        ? QFileDialog::getExistingDirectory(this, tr("Choose a directory-format dump folder"), start)
        : QFileDialog::getOpenFileName(this, tr("Choose a pg_dump file"), start,
            tr("pg_dump outputs (*.dump *.backup *.custom *.tar *.sql);;All files (*)"));
    if (!path.isEmpty())
        w.dump->setText(path);
}

void NewReviewDialog::loadSettings()
{
    const Settings settings;
    for (const Side side : kAllSides) {
        SideWidgets& w = widgets(side);
        const QString kind = settings.uiValue(settingsKey(side, u"kind"_s)).toString();
        for (const Kind candidate : { Kind::Connection, Kind::Server, Kind::Dump }) {
            if (kind == kindKey(candidate))
                setKind(side, candidate);
        }
        const QList<QPair<QLineEdit*, QString>> fields = { { w.connection, u"connection"_s },
            { w.host, u"host"_s }, { w.port, u"port"_s }, { w.database, u"database"_s },
            { w.user, u"user"_s }, { w.dump, u"dump"_s }, { w.schema, u"schema"_s } };
        for (const auto& [edit, field] : fields) {
            edit->setText(settings.uiValue(settingsKey(side, field)).toString());
            edit->setCursorPosition(0); // a long URI shows its start
        }
    }
}

void NewReviewDialog::saveSettings() const
{
    // Never a password: the connection string is stored without one, the fields never hold one.
    Settings settings;
    for (const Side side : kAllSides) {
        const SideWidgets& w = widgets(side);
        settings.setUiValue(settingsKey(side, u"kind"_s), kindKey(kind(side)));
        settings.setUiValue(
            settingsKey(side, u"connection"_s), storableConnection(w.connection->text().trimmed()));
        const QList<QPair<QLineEdit*, QString>> fields
            = { { w.host, u"host"_s }, { w.port, u"port"_s }, { w.database, u"database"_s },
                  { w.user, u"user"_s }, { w.dump, u"dump"_s }, { w.schema, u"schema"_s } };
        for (const auto& [edit, field] : fields)
            settings.setUiValue(settingsKey(side, field), edit->text().trimmed());
    }
}

} // namespace pgr::ui
