// SPDX-License-Identifier: GPL-3.0-or-later
#include "exportdialog.h"

#include "background.h"
#include "project.h"
#include "staging.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFontDatabase>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>
#include <QSaveFile>
#include <QSpinBox>
#include <QTimer>
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

struct PreviewResult
{
    QByteArray head;
    qint64 bytes = 0;
    ScriptWriter::Summary summary;
};

} // namespace

ExportDialog::ExportDialog(std::shared_ptr<Staging> staging, const QString& project, QWidget* parent)
    : QDialog(parent)
    , m_staging(std::move(staging))
    , m_project(project)
{
    setObjectName(QStringLiteral("exportDialog"));
    setWindowTitle(tr("Export Merge Script — %1").arg(project));

    m_preview = new QsciScintilla;
    m_preview->setObjectName(QStringLiteral("scriptPreview"));
    auto* lexer = new QsciLexerSQL(m_preview);
    const QFont mono = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    lexer->setDefaultFont(mono);
    lexer->setFont(mono);
    if (palette().color(QPalette::Base).lightness() < 128) {
        lexer->setDefaultPaper(palette().color(QPalette::Base));
        lexer->setPaper(palette().color(QPalette::Base));
        lexer->setDefaultColor(palette().color(QPalette::Text));
    }
    m_preview->setLexer(lexer);
    m_preview->setUtf8(true);
    m_preview->setReadOnly(true);
    m_preview->setMarginLineNumbers(0, true);
    m_preview->setMarginWidth(0, QStringLiteral("000000"));
    m_preview->setWrapMode(QsciScintilla::WrapNone);

    const ScriptWriter::Options defaults;
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

    auto* options = new QFormLayout;
    options->addRow(tr("Rows per statement:"), m_batchSize);
    options->addRow(tr("Lock timeout:"), m_lockTimeout);
    options->addRow(tr("Triggers:"), m_disableTriggers);

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

    auto* sidePanel = new QWidget;
    sidePanel->setFixedWidth(sidePanel->fontMetrics().averageCharWidth() * 54);
    auto* side = new QVBoxLayout(sidePanel);
    side->setContentsMargins(0, 0, 0, 0);
    side->addLayout(options);
    side->addSpacing(12);
    side->addWidget(m_approval);
    side->addWidget(m_summary);
    side->addStretch(1);

    auto* body = new QHBoxLayout;
    body->addWidget(m_preview, 1);
    body->addWidget(sidePanel);

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
    m_dryRun->setToolTip(tr("Dry run: not available yet. It will apply the script to a copy of the target in "
                            "staging and show what it changed."));
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(body, 1);
    layout->addWidget(m_status);
    layout->addWidget(buttons);

    m_regenerateDelay = new QTimer(this);
    m_regenerateDelay->setSingleShot(true);
    m_regenerateDelay->setInterval(400);
    connect(m_regenerateDelay, &QTimer::timeout, this, &ExportDialog::regenerate);
    connect(m_batchSize, &QSpinBox::valueChanged, m_regenerateDelay, qOverload<>(&QTimer::start));
    connect(m_lockTimeout, &QLineEdit::textChanged, m_regenerateDelay, qOverload<>(&QTimer::start));
    connect(m_disableTriggers, &QCheckBox::toggled, this, &ExportDialog::regenerate);

    m_lastDir = QDir::homePath();
    resize(1100, 720);
    regenerate();
}

ExportDialog::~ExportDialog()
{
    if (m_cancel)
        *m_cancel = true; // a preview still being written stops; its result is dropped
}

ScriptWriter::Options ExportDialog::options() const
{
    ScriptWriter::Options options;
    options.batchSize = m_batchSize->value();
    options.disableTriggers = m_disableTriggers->isChecked();
    options.lockTimeout = m_lockTimeout->text().trimmed();
    return options;
}

void ExportDialog::setBusy(bool busy) { m_save->setEnabled(!busy); }

void ExportDialog::regenerate()
{
    if (m_cancel)
        *m_cancel = true;
    m_cancel = std::make_shared<std::atomic<bool>>(false);
    const quint64 generation = ++m_generation;
    setBusy(true);
    m_status->setText(tr("Writing the script preview…"));
    std::shared_ptr<Staging> staging = m_staging;
    const QString project = m_project;
    const ScriptWriter::Options options = this->options();
    std::shared_ptr<std::atomic<bool>> cancel = m_cancel;
    runInBackground<PreviewResult>(
        this,
        [staging, project, options, cancel] {
            auto opened = Project::open(*staging, project);
            HeadDevice out(kPreviewLimit);
            PreviewResult result;
            result.summary = ScriptWriter(*opened, options, cancel.get()).write(out);
            result.head = std::move(out.head);
            result.bytes = out.total;
            return result;
        },
        [this, generation](Outcome<PreviewResult> outcome) {
            if (generation != m_generation)
                return; // the options changed meanwhile
            if (!outcome.value) {
                m_preview->setText(QString());
                m_status->setText(tr("The script could not be written: %1").arg(outcome.error));
                m_save->setEnabled(false);
                Q_EMIT previewFailed(outcome.error);
                return;
            }
            const PreviewResult& result = *outcome.value;
            m_preview->setText(QString::fromUtf8(result.head));
            const QLocale locale;
            m_status->setText(result.bytes > result.head.size()
                    ? tr("The script is %1; the preview shows its first %2. Save writes all of it.")
                          .arg(locale.formattedDataSize(result.bytes),
                              locale.formattedDataSize(result.head.size()))
                    : tr("The script is %1.").arg(locale.formattedDataSize(result.bytes)));
            const ScriptWriter::Summary& summary = result.summary;
            m_approval->setText(summary.approvedBy.isEmpty()
                    ? tr("<b>Draft</b>: the decisions are not approved. Approve them with "
                         "<tt>pgreconcile-cli approve</tt> before applying the script in production.")
                    : tr("<b>Approved</b> by %1.").arg(summary.approvedBy.toHtmlEscaped()));
            QString html
                = QStringLiteral("<p><b>%1</b></p><table cellspacing=2>")
                      .arg(summary.rows == 1 ? tr("1 row changes") : tr("%1 rows change").arg(summary.rows));
            for (auto it = summary.statements.cbegin(); it != summary.statements.cend(); ++it)
                html += QStringLiteral("<tr><td>%1</td><td align=right>&nbsp;%2</td></tr>")
                            .arg(it.key().toHtmlEscaped())
                            .arg(it.value());
            html += QStringLiteral("</table><p>%1</p>")
                        .arg(tr("Checksum of the decisions: %1").arg(summary.checksum.left(12)));
            m_summary->setText(html);
            m_save->setEnabled(true);
            Q_EMIT previewReady();
        });
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
    setBusy(true);
    m_status->setText(tr("Saving to %1…").arg(QDir::toNativeSeparators(path)));
    std::shared_ptr<Staging> staging = m_staging;
    const QString project = m_project;
    const ScriptWriter::Options options = this->options();
    runInBackground<qint64>(
        this,
        [staging, project, options, path] {
            auto opened = Project::open(*staging, project);
            QSaveFile file(path);
            if (!file.open(QIODevice::WriteOnly))
                throw Error(tr("cannot write %1: %2").arg(QDir::toNativeSeparators(path), file.errorString()),
                    tr("choose a folder you can write to"));
            const ScriptWriter::Summary summary = ScriptWriter(*opened, options).write(file);
            // QSaveFile renames into place only here: a failure before leaves any old file as it was.
            if (!file.commit())
                throw Error(tr("cannot write %1: %2").arg(QDir::toNativeSeparators(path), file.errorString()),
                    tr("check the free space and the folder's permissions"));
            return summary.bytes;
        },
        [this, path](Outcome<qint64> outcome) {
            setBusy(false);
            if (!outcome.value) {
                m_status->setText(tr("Not saved: %1").arg(outcome.error));
                Q_EMIT saved(path, outcome.error);
                return;
            }
            m_status->setText(
                tr("Saved %1 to %2.")
                    .arg(QLocale().formattedDataSize(*outcome.value), QDir::toNativeSeparators(path)));
            Q_EMIT saved(path, QString());
        });
}

} // namespace pgr::ui
