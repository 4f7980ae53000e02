// SPDX-License-Identifier: GPL-3.0-or-later
#include "exportdialog.h"

#include "dryrun.h"
#include "errorbox.h"
#include "interruptedwork.h"
#include "privatefile.h"
#include "project.h"
#include "review.h"
#include "staging.h"
#include "theme.h"
#include "triggerspanel.h"
#include "verifyreport.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDateTime>
#include <QDialogButtonBox>
#include <QDir>
#include <QEvent>
#include <QFileDialog>
#include <QFontDatabase>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QProgressBar>
#include <QPushButton>
#include <QSaveFile>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QTimer>
#include <QTreeWidget>
#include <QVBoxLayout>
#include <Qsci/qscilexersql.h>
#include <Qsci/qsciscintilla.h>

namespace pgr::ui {

namespace {

// Keeps the first limit bytes written to it and counts the rest: the preview of a script of
// any size in bounded memory.
class HeadDevice final : public QIODevice
{
public:
    explicit HeadDevice(qint64 limit)
        : m_limit(limit)
    {
        open(QIODevice::WriteOnly);
    }
    bool isSequential() const override { return true; }
    QByteArray head;
    qint64 total = 0;

protected:
    qint64 readData(char*, qint64) override { return -1; }
    qint64 writeData(const char* data, qint64 length) override
    {
        const qint64 keep = std::min(length, m_limit - qint64(head.size()));
        if (keep > 0)
            head.append(data, keep);
        total += length;
        return length;
    }

private:
    qint64 m_limit;
};

} // namespace

struct ExportDialog::PreviewResult
{
    QString blocker; // when set, nothing was written
    QByteArray head;
    qint64 bytes = 0;
    ScriptWriter::Summary summary;
};

namespace {

bool sameOptions(const ScriptWriter::Options& a, const ScriptWriter::Options& b)
{
    return a.format == b.format && a.batchSize == b.batchSize && a.disableTriggers == b.disableTriggers
        && a.lockTimeout == b.lockTimeout && a.writtenBy == b.writtenBy;
}

// Stand-ins for the verdict colours: coloured() puts in those of the palette when the verdict is
// shown, and again when the palette changes.
constexpr auto kPassColour = "pgr-pass-colour";
constexpr auto kFailColour = "pgr-fail-colour";

QString verdictHtml(const char* colour, const QString& verdict, const QString& rest)
{
    return QStringLiteral("<span style='color:%1; font-weight:bold'>%2</span> %3")
        .arg(QLatin1String(colour), verdict.toHtmlEscaped(), rest);
}

// At most lines lines of text, and says so when some were left out.
QString firstLines(const QString& text, int lines)
{
    const QStringList all = text.split(u'\n');
    if (all.size() <= lines)
        return text;
    return all.mid(0, lines).join(u'\n') + u'\n'
        + (all.size() - lines == 1 ? ExportDialog::tr("… (1 more line)")
                                   : ExportDialog::tr("… (%1 more lines)").arg(all.size() - lines));
}

// The failed verdict's first line: decided changes not as reviewed, and rows no decision writes
// that changed anyway (the whole-state check), each said apart.
QString collateralHead(qint64 notAsReviewed, qint64 inPlace, qint64 collateral)
{
    QStringList parts;
    if (notAsReviewed > 0)
        parts.append(notAsReviewed == 1
                ? ExportDialog::tr("1 change is not as reviewed on the copy (%1 in place)").arg(inPlace)
                : ExportDialog::tr("%1 changes are not as reviewed on the copy (%2 in place)")
                      .arg(notAsReviewed)
                      .arg(inPlace));
    if (collateral > 0)
        parts.append(collateral == 1
                ? ExportDialog::tr("1 row no decision writes changed on the copy")
                : ExportDialog::tr("%1 rows no decision writes changed on the copy").arg(collateral));
    return parts.join(QStringLiteral("; ")) + QLatin1Char(':');
}

} // namespace

ExportDialog::ExportDialog(std::shared_ptr<Staging> staging, const QString& project, QWidget* parent)
    : QDialog(parent)
    , m_staging(std::move(staging))
    , m_project(project)
{
    setObjectName(QStringLiteral("exportDialog"));
    setWindowTitle(tr("Export Merge Script — %1").arg(project));
    createPreview();
    createLabels();
    createDryRunPanel();
    createTriggersBox();
    auto* sidePanel = new QWidget;
    sidePanel->setFixedWidth(sidePanel->fontMetrics().averageCharWidth() * 54);
    auto* side = new QVBoxLayout(sidePanel);
    side->setContentsMargins(0, 0, 0, 0);
    side->addLayout(createOptions());
    side->addSpacing(12);
    side->addWidget(m_approval);
    side->addWidget(m_summary);
    side->addStretch(1);

    auto* body = new QHBoxLayout;
    body->addWidget(m_preview, 1);
    body->addWidget(sidePanel);

    QDialogButtonBox* buttons = createButtons();
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_blockerLabel);
    layout->addLayout(body, 1);
    layout->addWidget(m_dryRunBusy);
    layout->addWidget(m_dryRunResult);
    layout->addWidget(m_triggersBox);
    layout->addWidget(m_status);
    layout->addWidget(buttons);

    connectOptions();
    m_dryRunJobs.setProgressHandler([this](int, const QString& stage) { showDryRunBusy(stage); });
    m_lastDir = QDir::homePath();
    resize(1100, 720);
    updateButtons();
    regenerate();
}

// The script's first part, as SQL with line numbers.
void ExportDialog::createPreview()
{
    m_preview = new QsciScintilla;
    m_preview->setObjectName(QStringLiteral("scriptPreview"));
    auto* lexer = new QsciLexerSQL(m_preview);
    const QFont mono = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    lexer->setDefaultFont(mono);
    lexer->setFont(mono);
    m_preview->setLexer(lexer);
    m_preview->setUtf8(true);
    m_preview->setReadOnly(true);
    m_preview->setMarginLineNumbers(0, true);
    applyPalette();
    m_preview->setWrapMode(QsciScintilla::WrapNone);
}

QFormLayout* ExportDialog::createOptions()
{
    const ScriptWriter::Options defaults;
    m_format = new QComboBox;
    m_format->setObjectName(QStringLiteral("format"));
    m_format->addItem(tr("COPY blocks (fastest)"), QVariant::fromValue(int(ScriptWriter::Format::Copy)));
    m_format->addItem(tr("VALUES statements"), QVariant::fromValue(int(ScriptWriter::Format::Values)));
    m_format->setCurrentIndex(m_format->findData(int(defaults.format)));
    m_format->setToolTip(
        tr("COPY blocks: each table's rows travel as one COPY block and each operation is one guarded "
           "statement; apply the script with psql. VALUES: batches of multi-row statements, slower, "
           "plain SQL for tools other than psql."));
    m_batchSize = new QSpinBox;
    m_batchSize->setObjectName(QStringLiteral("batchSize"));
    m_batchSize->setRange(1, 100000);
    m_batchSize->setValue(defaults.batchSize);
    m_batchSize->setToolTip(tr("Rows per INSERT, UPDATE or DELETE statement"));
    m_disableTriggers = new QCheckBox(tr("Disable while applying"));
    m_disableTriggers->setObjectName(QStringLiteral("disableTriggers"));
    m_disableTriggers->setChecked(defaults.disableTriggers);
    m_disableTriggers->setToolTip(
        tr("SET session_replication_role = replica, where the role applying the script may"));
    m_lockTimeout = new QLineEdit(defaults.lockTimeout);
    m_lockTimeout->setObjectName(QStringLiteral("lockTimeout"));
    m_lockTimeout->setToolTip(
        tr("How long the script waits for a lock before it gives up and rolls back (e.g. 10s, 1min)"));

    auto* form = new QFormLayout;
    form->addRow(tr("Format:"), m_format);
    form->addRow(tr("Rows per statement:"), m_batchSize);
    form->addRow(tr("Lock timeout:"), m_lockTimeout);
    form->addRow(tr("Triggers:"), m_disableTriggers);

    return form;
}

void ExportDialog::createLabels()
{
    m_approval = new QLabel;
    m_approval->setObjectName(QStringLiteral("approvalLabel"));
    m_approval->setWordWrap(true);
    m_summary = new QLabel;
    m_summary->setObjectName(QStringLiteral("summaryLabel"));
    m_summary->setWordWrap(true);
    m_status = new QLabel;
    m_status->setObjectName(QStringLiteral("exportStatus"));
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_blockerLabel = new QLabel;
    m_blockerLabel->setObjectName(QStringLiteral("blockerLabel"));
    m_blockerLabel->setWordWrap(true);
    m_blockerLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_blockerLabel->hide();
}

void ExportDialog::createDryRunPanel()
{
    m_dryRunProgress = new QProgressBar;
    m_dryRunProgress->setObjectName(QStringLiteral("dryRunProgress"));
    m_dryRunProgress->setRange(0, 0); // how long psql takes is not known: a busy indicator
    m_dryRunProgress->setTextVisible(false);
    m_dryRunProgress->setMaximumWidth(160);
    m_dryRunStage = new QLabel;
    m_dryRunStage->setObjectName(QStringLiteral("dryRunStage"));
    m_dryRunCancelButton = new QPushButton(tr("Cancel Dry Run"));
    m_dryRunCancelButton->setObjectName(QStringLiteral("dryRunCancelButton"));
    connect(m_dryRunCancelButton, &QPushButton::clicked, this, &ExportDialog::cancelDryRun);
    m_dryRunBusy = new QWidget;
    auto* busy = new QHBoxLayout(m_dryRunBusy);
    busy->setContentsMargins(0, 0, 0, 0);
    busy->addWidget(m_dryRunProgress);
    busy->addWidget(m_dryRunStage, 1);
    busy->addWidget(m_dryRunCancelButton);
    m_dryRunBusy->hide();
    m_dryRunClock = new QTimer(this);
    m_dryRunClock->setInterval(1000);
    m_dryRunResult = new QLabel;
    m_dryRunResult->setObjectName(QStringLiteral("dryRunResult"));
    m_dryRunResult->setWordWrap(true);
    m_dryRunResult->setTextFormat(Qt::RichText);
    m_dryRunResult->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_dryRunResult->setFrameShape(QFrame::StyledPanel);
    m_dryRunResult->setMargin(6);
    m_dryRunResult->hide();
}

void ExportDialog::createTriggersBox()
{
    m_triggers = new TriggersPanel(m_staging, m_project);
    // Accepting changes the script's header and the verdict: write both again.
    connect(m_triggers, &TriggersPanel::acceptanceChanged, this, [this](const QString& error) {
        if (!error.isEmpty())
            return;
        m_dryRunWhenPreviewReady = true;
        regenerate();
    });
    auto* triggersTitle
        = new QLabel(tr("<b>The target's own triggers</b> fired by the script. Accept those whose "
                        "effects belong in the merge; the dry run then runs again."));
    triggersTitle->setWordWrap(true);
    m_triggersBox = new QWidget;
    m_triggersBox->setObjectName(QStringLiteral("dryRunTriggers"));
    auto* triggersLayout = new QVBoxLayout(m_triggersBox);
    triggersLayout->setContentsMargins(0, 0, 0, 0);
    triggersLayout->addWidget(triggersTitle);
    triggersLayout->addWidget(m_triggers);
    // A few triggers at most, usually: the preview keeps the room.
    m_triggers->list()->setMaximumHeight(fontMetrics().height() * 8);
    m_triggersBox->hide();
}

QDialogButtonBox* ExportDialog::createButtons()
{
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close);
    m_save = buttons->addButton(tr("&Save…"), QDialogButtonBox::AcceptRole);
    m_save->setObjectName(QStringLiteral("saveButton"));
    m_save->setEnabled(false);
    // Disconnected from accept(): saving runs in the background and the dialog stays open.
    disconnect(buttons, &QDialogButtonBox::accepted, this, nullptr);
    connect(m_save, &QPushButton::clicked, this, &ExportDialog::save);
    m_dryRun = buttons->addButton(tr("Dry Run"), QDialogButtonBox::ActionRole);
    m_dryRun->setObjectName(QStringLiteral("dryRunButton"));
    m_dryRun->setEnabled(false);
    connect(m_dryRun, &QPushButton::clicked, this, &ExportDialog::startDryRun);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    return buttons;
}

// Options that change the script write its preview again (typing: once it pauses).
void ExportDialog::connectOptions()
{
    m_regenerateDelay = new QTimer(this);
    m_regenerateDelay->setSingleShot(true);
    m_regenerateDelay->setInterval(400);
    connect(m_regenerateDelay, &QTimer::timeout, this, &ExportDialog::regenerate);
    connect(m_format, &QComboBox::currentIndexChanged, this, [this] {
        m_batchSize->setEnabled(this->options().format == ScriptWriter::Format::Values);
        regenerate();
    });
    m_batchSize->setEnabled(options().format == ScriptWriter::Format::Values);
    connect(m_batchSize, &QSpinBox::valueChanged, m_regenerateDelay, qOverload<>(&QTimer::start));
    connect(m_lockTimeout, &QLineEdit::textChanged, m_regenerateDelay, qOverload<>(&QTimer::start));
    connect(m_disableTriggers, &QCheckBox::toggled, this, &ExportDialog::regenerate);
}

// A preview or dry run still under way stops as its tracker goes; its result is dropped.
ExportDialog::~ExportDialog() = default;

ScriptWriter::Options ExportDialog::options() const
{
    ScriptWriter::Options options;
    options.format = ScriptWriter::Format(m_format->currentData().toInt());
    options.batchSize = m_batchSize->value();
    options.disableTriggers = m_disableTriggers->isChecked();
    options.lockTimeout = m_lockTimeout->text().trimmed();
    return options;
}

void ExportDialog::updateButtons()
{
    const bool ready = m_previewReady && m_blocker.isEmpty();
    m_save->setEnabled(ready && !m_saving);
    m_dryRun->setEnabled(ready && m_dryRunState != DryRunState::Running);
    if (!m_blocker.isEmpty()) {
        const QString why = tr("Export is not possible yet: %1").arg(m_blocker);
        m_save->setToolTip(why);
        m_dryRun->setToolTip(why);
        return;
    }
    m_dryRun->setToolTip(
        tr("Apply the script with psql to a fresh copy of the target in staging and check that "
           "every decision is in place; the target itself is only read"));
    m_save->setToolTip(m_dryRunState == DryRunState::Failed
            ? tr("Write the script to a file. Careful: the last dry run of this script failed.")
            : tr("Write the script to a file"));
}

void ExportDialog::regenerate()
{
    m_previewReady = false;
    updateButtons();
    updateDryRunStaleness();
    m_status->setText(tr("Writing the script preview…"));
    std::shared_ptr<Staging> staging = m_staging;
    const QString project = m_project;
    const ScriptWriter::Options options = this->options();
    // A preview of older options still being written is dropped.
    m_previewJobs.start(
        [staging, project, options](const JobControl& control) {
            auto opened = Project::open(*staging, project);
            PreviewResult result;
            result.blocker = Review(*opened).exportBlocker();
            if (!result.blocker.isEmpty())
                return result;
            HeadDevice out(kPreviewLimit);
            result.summary = ScriptWriter(*opened, options, control.flag()).write(out);
            result.head = std::move(out.head);
            result.bytes = out.total;
            return result;
        },
        [this](Outcome<PreviewResult> outcome) {
            if (!outcome.value) {
                m_preview->setText(QString());
                m_status->setText(tr("The script could not be written: %1").arg(errorText(*outcome.error)));
                updateButtons();
                Q_EMIT previewFailed(outcome.errorText());
                return;
            }
            showPreview(*outcome.value);
        });
}

void ExportDialog::showPreview(const PreviewResult& result)
{
    m_blocker = result.blocker;
    m_blockerLabel->setVisible(!m_blocker.isEmpty());
    if (!m_blocker.isEmpty()) {
        m_blockerHtml = verdictHtml(kFailColour, tr("Export is not possible yet:"), m_blocker.toHtmlEscaped())
            + QStringLiteral("<br>")
            + tr("Decide them in the review window (Ctrl+Down goes to the next undecided conflict), "
                 "then export again.")
                  .toHtmlEscaped();
        m_blockerLabel->setText(coloured(m_blockerHtml));
        m_preview->setText(QString());
        m_summary->clear();
        m_approval->clear();
        m_status->setText(tr("Nothing written: Save and Dry Run need every change decided."));
        m_dryRunWhenPreviewReady = false;
        updateButtons();
        Q_EMIT exportBlocked(m_blocker);
        return;
    }
    m_preview->setText(QString::fromUtf8(result.head));
    const QLocale locale;
    m_status->setText(result.bytes > result.head.size()
            ? tr("The script is %1; the preview shows its first %2. Save writes all of it.")
                  .arg(locale.formattedDataSize(result.bytes), locale.formattedDataSize(result.head.size()))
            : tr("The script is %1.").arg(locale.formattedDataSize(result.bytes)));
    const ScriptWriter::Summary& summary = result.summary;
    m_approval->setText(summary.approvedBy.isEmpty()
            ? tr("<b>Draft</b>: the decisions are not approved. Approve them with "
                 "<tt>pgreconcile-cli approve</tt> before applying the script in production.")
            : tr("<b>Approved</b> by %1.").arg(summary.approvedBy.toHtmlEscaped()));
    QString html = QStringLiteral("<p><b>%1</b></p><table cellspacing=2>")
                       .arg(summary.rows == 1 ? tr("1 row changes") : tr("%1 rows change").arg(summary.rows));
    for (auto it = summary.statements.cbegin(); it != summary.statements.cend(); ++it)
        html += QStringLiteral("<tr><td>%1</td><td align=right>&nbsp;%2</td></tr>")
                    .arg(it.key().toHtmlEscaped())
                    .arg(it.value());
    html += QStringLiteral("</table><p>%1</p>")
                .arg(tr("Checksum of the decisions: %1").arg(summary.checksum.left(12)));
    m_summary->setText(html);
    m_previewReady = true;
    updateButtons();
    Q_EMIT previewReady();
    if (std::exchange(m_dryRunWhenPreviewReady, false))
        startDryRun();
}

void ExportDialog::save()
{
    const QString path = QFileDialog::getSaveFileName(this, tr("Save Merge Script"),
        QDir(m_lastDir).filePath(tr("%1-merge.sql").arg(m_project)),
        tr("SQL scripts (*.sql);;All files (*)"));
    if (path.isEmpty())
        return;
    m_lastDir = QFileInfo(path).absolutePath();
    saveTo(path);
}

void ExportDialog::saveTo(const QString& path)
{
    m_saving = true;
    updateButtons();
    m_status->setText(tr("Saving to %1…").arg(QDir::toNativeSeparators(path)));
    std::shared_ptr<Staging> staging = m_staging;
    const QString project = m_project;
    const ScriptWriter::Options options = this->options();
    m_saveJobs.start(
        [staging, project, options, path](const JobControl&) {
            auto opened = Project::open(*staging, project);
            QSaveFile file(path);
            if (!openPrivately(file))
                throw Error(tr("cannot write %1: %2").arg(QDir::toNativeSeparators(path), file.errorString()),
                    tr("choose a folder you can write to"));
            ScriptWriter(*opened, options).write(file);
            const qint64 bytes = file.size();
            // QSaveFile renames into place only here: a failure before leaves any old file as it was.
            if (!file.commit())
                throw Error(tr("cannot write %1: %2").arg(QDir::toNativeSeparators(path), file.errorString()),
                    tr("check the free space and the folder's permissions"));
            return bytes;
        },
        [this, path](Outcome<qint64> outcome) {
            m_saving = false;
            updateButtons();
            if (!outcome.value) {
                m_status->setText(tr("Not saved: %1").arg(errorText(*outcome.error)));
                Q_EMIT saved(path, outcome.errorText());
                return;
            }
            const QString text
                = tr("Saved %1 to %2.")
                      .arg(QLocale().formattedDataSize(*outcome.value), QDir::toNativeSeparators(path));
            m_status->setText(m_dryRunState == DryRunState::Failed
                    ? tr("%1 The last dry run of this script failed: read its result before applying it.")
                          .arg(text)
                    : text);
            Q_EMIT saved(path, QString());
        });
}

void ExportDialog::showDryRunBusy(const QString& text)
{
    m_dryRunStage->setProperty("pgrStage", text);
    const qint64 seconds = (QDateTime::currentMSecsSinceEpoch() - m_dryRunStarted) / 1000;
    m_dryRunStage->setText(tr("%1 (%2:%3)")
                               .arg(text, QString::number(seconds / 60),
                                   QStringLiteral("%1").arg(seconds % 60, 2, 10, QLatin1Char('0'))));
}

void ExportDialog::startDryRun()
{
    if (m_dryRunState == DryRunState::Running || !m_previewReady || !m_blocker.isEmpty())
        return;
    showDryRunStarted();
    std::shared_ptr<Staging> staging = m_staging;
    const QString project = m_project;
    const ScriptWriter::Options options = m_dryRunOptions;
    const QString password = m_targetPassword;
    // Two steps, and the dialog says which one runs: the script into a temporary folder, then
    // DryRun (a copy of the target, psql, the verification).
    m_dryRunJobs.start(
        [staging, project, options, password](const JobControl& control) {
            auto opened = Project::open(*staging, project);
            // Registered before the folder holds anything: a window killed meanwhile leaves no
            // script behind once the project is opened again.
            // In English, as every record of work: the CLI reports it too.
            RunningWork work(*opened, WorkKind::Export, {},
                QStringLiteral("writing the script for a dry run"),
                QStringLiteral("Run the dry run again from the export dialog; nothing was applied."));
            DryRunResult result;
            {
                QTemporaryDir dir(QDir::tempPath() + QStringLiteral("/pgreconcile-dryrun-XXXXXX"));
                if (!dir.isValid())
                    throw Error(tr("cannot create a temporary folder in %1: %2")
                                    .arg(QDir::toNativeSeparators(QDir::tempPath()), dir.errorString()),
                        tr("check the free space and permissions of the temporary folder (TMPDIR)"));
                work.willLeave(QStringLiteral("folder"), dir.path());
                const QString path = dir.filePath(QStringLiteral("merge.sql"));
                writeScriptFile(*opened, options, path, control);
                control.progress(0,
                    tr("Dry run: applying the script with psql to a fresh copy of the target, then "
                       "verifying the copy…"));
                DryRun dryRun(*opened, control.flag());
                dryRun.setTargetPassword(password);
                result = dryRun.run(path);
            }
            work.finished();
            return result;
        },
        [this](Outcome<DryRunResult> outcome) {
            if (outcome.value)
                showDryRunResult(*outcome.value);
            else
                showDryRunError(*outcome.error);
        });
}

void ExportDialog::writeScriptFile(
    Project& project, const ScriptWriter::Options& options, const QString& path, const JobControl& control)
{
    QFile file(path);
    if (!openPrivately(file))
        throw Error(tr("cannot write %1: %2").arg(QDir::toNativeSeparators(path), file.errorString()),
            tr("check the free space in the temporary folder"));
    ScriptWriter(project, options, control.flag()).write(file);
    if (!file.flush())
        throw Error(tr("cannot write %1: %2").arg(QDir::toNativeSeparators(path), file.errorString()),
            tr("check the free space in the temporary folder"));
    if (control.isCancelled())
        throw Cancelled();
}

void ExportDialog::showDryRunStarted()
{
    m_dryRunState = DryRunState::Running;
    m_dryRunOptions = options();
    m_dryRunStarted = QDateTime::currentMSecsSinceEpoch();
    m_dryRunResult->hide();
    m_dryRunCancelButton->setEnabled(true);
    m_dryRunBusy->show();
    m_triggersBox->setEnabled(false); // an acceptance meanwhile would not be checked by this run
    showDryRunBusy(tr("Dry run: writing the script…"));
    disconnect(m_dryRunClock, &QTimer::timeout, this, nullptr);
    connect(m_dryRunClock, &QTimer::timeout, this,
        [this] { showDryRunBusy(m_dryRunStage->property("pgrStage").toString()); });
    m_dryRunClock->start();
    updateButtons();
}

void ExportDialog::showDryRunError(const Error& error)
{
    // Once cancel was asked for, whatever stopped the run is the cancellation.
    if (error.isCancellation() || m_dryRunJobs.cancelRequested()) {
        finishDryRun(
            DryRunState::Cancelled, tr("Dry run cancelled: nothing was checked.").toHtmlEscaped(), {});
        return;
    }
    const QString text = errorText(error);
    finishDryRun(DryRunState::Failed,
        verdictHtml(kFailColour, tr("Dry run failed:"),
            QStringLiteral("<span style='white-space:pre-wrap'>%1</span>")
                .arg(firstLines(text, 12).toHtmlEscaped())),
        text);
    if (DryRun::needsTargetPassword(error))
        askTargetPassword(error);
}

void ExportDialog::askTargetPassword(const Error& error)
{
    auto* ask = new QInputDialog(this);
    ask->setObjectName(QStringLiteral("targetPasswordDialog"));
    ask->setAttribute(Qt::WA_DeleteOnClose);
    ask->setWindowTitle(tr("Target's Password"));
    ask->setLabelText(
        tr("%1\n\nThe dry run copies the live target with pg_dump. Its password stays in this window's "
           "memory and is never stored.\n\nPassword:")
            .arg(m_targetPassword.isEmpty() ? tr("The target asks for a password.")
                                            : tr("The target refused that password.")));
    ask->setTextEchoMode(QLineEdit::Password);
    ask->setOkButtonText(tr("Dry Run"));
    ask->setToolTip(error.message());
    connect(ask, &QInputDialog::textValueSelected, this, [this](const QString& password) {
        if (password.isEmpty())
            return;
        m_targetPassword = password;
        startDryRun();
    });
    ask->open();
}

void ExportDialog::showDryRunResult(const DryRunResult& dry)
{
    showTriggers(dry.triggersExplain);
    const QString copy = tr("Copy: %1.").arg(dry.copiedFrom).toHtmlEscaped();
    if (!dry.applied) {
        const QString output = dry.psqlOutput.isEmpty() ? tr("(psql printed nothing)") : dry.psqlOutput;
        finishDryRun(DryRunState::Failed,
            verdictHtml(kFailColour, tr("Dry run failed:"),
                tr("psql stopped with an error and rolled the script back on the copy.").toHtmlEscaped()
                    + QStringLiteral("<br><span style='white-space:pre-wrap; "
                                     "font-family:monospace'>%1</span><br>")
                          .arg(firstLines(output, 12).toHtmlEscaped())
                    + copy),
            tr("psql failed: %1").arg(output));
        return;
    }
    const VerifyReport report(dry.verify);
    // Verify checks every kind of change; what it could not is said with its reason.
    const qint64 notChecked = report.notChecked();
    const QString unchecked = notChecked == 0 ? QString()
                                              : QLatin1Char(' ')
            + (notChecked == 1 ? tr("1 change not checked: %1.").arg(report.whyNotChecked().value(0))
                               : tr("%1 changes not checked, e.g. %2.")
                                     .arg(QString::number(notChecked), report.whyNotChecked().value(0)));
    if (dry.passed())
        showDryRunPassed(dry, report, unchecked, copy);
    else
        showDryRunMismatches(dry, report, copy);
}

void ExportDialog::showDryRunPassed(
    const DryRunResult& dry, const VerifyReport& report, const QString& unchecked, const QString& copy)
{
    QStringList triggers;
    for (const TargetTriggers::Finding& finding : dry.triggers)
        triggers.append(finding.name);
    const qint64 inPlace = report.inPlace();
    const QString passed = (inPlace == 1 ? tr("1 change in place") : tr("%1 changes in place").arg(inPlace))
        + (dry.verify.problems() == 0
                ? tr("; every other row unchanged (%1 compared)").arg(dry.verify.unchanged())
                : tr("; the %1 other differences are all the doing "
                     "of accepted triggers (%2)")
                      .arg(dry.verify.problems())
                      .arg(triggers.join(QStringLiteral(", "))));
    finishDryRun(DryRunState::Passed,
        verdictHtml(kPassColour, tr("Dry run passed:"),
            QString(passed + QLatin1Char('.') + unchecked).toHtmlEscaped() + QLatin1Char(' ') + copy),
        passed);
}

void ExportDialog::showDryRunMismatches(
    const DryRunResult& dry, const VerifyReport& report, const QString& copy)
{
    const qint64 problems = dry.verify.problems();
    const QStringList shown = report.mismatches().mid(0, kMismatchesShown);
    QString list;
    for (const QString& line : shown)
        list += QStringLiteral("<br>&nbsp;&nbsp;%1").arg(line.toHtmlEscaped());
    if (problems > shown.size())
        list += QStringLiteral("<br>&nbsp;&nbsp;")
            + tr("… and %1 more").arg(problems - shown.size()).toHtmlEscaped();
    const QString head = collateralHead(report.notAsReviewed(), report.inPlace(), dry.verify.collateral());
    // Differences the target's triggers explain can be accepted by name, below.
    const QString byTriggers = dry.triggersExplain ? QStringLiteral("<br>")
            + tr("With the target's triggers off the script gives exactly the reviewed "
                 "state: these "
                 "differences are the doing of %1 not accepted yet. Accept them below if "
                 "they belong "
                 "in the merge.")
                  .arg(dry.unacceptedTriggers().join(QStringLiteral(", ")))
                  .toHtmlEscaped()
                                                   : QString();
    finishDryRun(DryRunState::Failed,
        verdictHtml(kFailColour, tr("Dry run failed:"), head.toHtmlEscaped()) + list + byTriggers
            + QStringLiteral("<br>") + copy,
        head + QLatin1Char(' ') + shown.join(QStringLiteral("; ")));
}

void ExportDialog::showTriggers(bool explainDifferences)
{
    m_triggersBox->setVisible(explainDifferences);
    if (explainDifferences)
        m_triggers->reload();
}

void ExportDialog::cancelDryRun()
{
    if (m_dryRunState != DryRunState::Running)
        return;
    m_dryRunJobs.cancel();
    m_dryRunCancelButton->setEnabled(false);
    showDryRunBusy(tr("Cancelling the dry run…"));
}

void ExportDialog::finishDryRun(DryRunState state, const QString& html, const QString& summary)
{
    m_dryRunClock->stop();
    m_dryRunBusy->hide();
    m_triggersBox->setEnabled(true);
    m_dryRunState = state;
    m_dryRunHtml = html;
    updateDryRunStaleness();
    m_dryRunResult->show();
    updateButtons();
    if (state == DryRunState::Passed || state == DryRunState::Failed)
        Q_EMIT dryRunFinished(state == DryRunState::Passed, summary);
}

// A verdict belongs to the options it ran with: once they change, it says so.
void ExportDialog::updateDryRunStaleness()
{
    if (m_dryRunState == DryRunState::NotRun || m_dryRunState == DryRunState::Running)
        return;
    QString html = m_dryRunHtml;
    if (!sameOptions(m_dryRunOptions, options()))
        html += QStringLiteral("<br><i>%1</i>")
                    .arg(tr(
                        "This dry run was for other options; run it again to check the script as it would be "
                        "saved now.")
                             .toHtmlEscaped());
    m_dryRunResult->setText(coloured(html));
}

QString ExportDialog::coloured(const QString& html) const
{
    return QString(html)
        .replace(QLatin1String(kPassColour), theme::passText(palette()).name())
        .replace(QLatin1String(kFailColour), theme::errorText(palette()).name());
}

void ExportDialog::applyPalette()
{
    theme::styleEditor(m_preview, palette());
    // Wide enough for six digits in the margin's font, at any scale.
    m_preview->setMarginWidth(0, QStringLiteral("000000"));
}

void ExportDialog::changeEvent(QEvent* event)
{
    QDialog::changeEvent(event);
    if (!theme::isPaletteChange(event))
        return;
    applyPalette();
    if (!m_blockerHtml.isEmpty())
        m_blockerLabel->setText(coloured(m_blockerHtml));
    updateDryRunStaleness();
}

} // namespace pgr::ui
