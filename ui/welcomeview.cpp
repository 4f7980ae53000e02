// SPDX-License-Identifier: GPL-3.0-or-later
#include "welcomeview.h"

#include "theme.h"

#include <QEvent>
#include <QFrame>
#include <QGridLayout>
#include <QIconEngine>
#include <QLabel>
#include <QListWidget>
#include <QPainter>
#include <QPushButton>
#include <QStyle>
#include <QVBoxLayout>

namespace pgr::ui {

namespace {

QLabel* heading(const QString& text, qreal scale)
{
    auto* label = new QLabel(text);
    QFont font = label->font();
    font.setPointSizeF(font.pointSizeF() * scale);
    font.setBold(true);
    label->setFont(font);
    return label;
}

QLabel* explanation(const QString& text)
{
    auto* label = new QLabel(text);
    label->setWordWrap(true);
    label->setForegroundRole(QPalette::PlaceholderText);
    return label;
}

// A play triangle in the button's text colour: the style's own is black, lost on a dark button.
// Drawn at each size asked for, so it stays sharp at any scale.
class PlayIconEngine final : public QIconEngine
{
public:
    explicit PlayIconEngine(const QColor& colour)
        : m_colour(colour)
    { }
    void paint(QPainter* painter, const QRect& rect, QIcon::Mode mode, QIcon::State) override
    {
        QColor colour = m_colour;
        if (mode == QIcon::Disabled)
            colour.setAlphaF(0.4f);
        const QRectF box = QRectF(rect).adjusted(
            rect.width() * 0.22, rect.height() * 0.18, -rect.width() * 0.18, -rect.height() * 0.18);
        painter->save();
        painter->setRenderHint(QPainter::Antialiasing);
        painter->setPen(Qt::NoPen);
        painter->setBrush(colour);
        painter->drawPolygon(
            QPolygonF({ box.topLeft(), QPointF(box.right(), box.center().y()), box.bottomLeft() }));
        painter->restore();
    }
    QPixmap pixmap(const QSize& size, QIcon::Mode mode, QIcon::State state) override
    {
        return scaledPixmap(size, mode, state, 1.0);
    }
    QPixmap scaledPixmap(const QSize& size, QIcon::Mode mode, QIcon::State state, qreal scale) override
    {
        QPixmap pixmap(size * scale);
        pixmap.fill(Qt::transparent);
        QPainter painter(&pixmap);
        paint(&painter, QRect(QPoint(0, 0), pixmap.size()), mode, state);
        painter.end();
        pixmap.setDevicePixelRatio(scale);
        return pixmap;
    }
    QIconEngine* clone() const override { return new PlayIconEngine(m_colour); }

private:
    QColor m_colour;
};

} // namespace

WelcomeView::WelcomeView(QWidget* parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("welcomeView"));

    m_newReview = new QPushButton(style()->standardIcon(QStyle::SP_FileDialogNewFolder), tr("New review…"));
    m_newReview->setObjectName(QStringLiteral("newReviewButton"));
    m_newReview->setToolTip(
        tr("Compare a source and a target database, optionally against their common base"));
    m_openDemo = new QPushButton(tr("Open demo"));
    m_openDemo->setObjectName(QStringLiteral("openDemoButton"));
    m_openDemo->setDefault(true);
    m_openDemo->setToolTip(tr("Build the demo databases in staging and open them for review"));
    for (QPushButton* button : { m_newReview, m_openDemo })
        button->setMinimumHeight(button->sizeHint().height() * 3 / 2);

    m_recent = new QListWidget;
    m_recent->setObjectName(QStringLiteral("recentProjects"));
    m_recent->setToolTip(tr("Double-click a review to resume it where you left off"));
    connect(m_recent, &QListWidget::itemActivated, this,
        [this](QListWidgetItem* item) { Q_EMIT projectRequested(item->data(Qt::UserRole).toString()); });

    m_status = new QLabel;
    m_status->setObjectName(QStringLiteral("statusLabel"));
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto* start = new QVBoxLayout;
    start->addWidget(heading(tr("Start"), 1.2));
    start->addWidget(m_newReview);
    start->addWidget(
        explanation(tr("Name the base (the snapshot taken at cut-over, optional), the source whose "
                       "changes you carry over, and the target the merge script will run on.")));
    start->addSpacing(12);
    start->addWidget(m_openDemo);
    start->addWidget(
        explanation(tr("A geotechnical lab's database that diverged after a migration: customers, "
                       "projects, boreholes, samples and lab results, with every kind of change and "
                       "conflict, including an id collision.")));
    start->addStretch();

    auto* recent = new QVBoxLayout;
    recent->addWidget(heading(tr("Recent reviews"), 1.2));
    recent->addWidget(m_recent);

    auto* columns = new QGridLayout;
    columns->setHorizontalSpacing(32);
    columns->addLayout(start, 0, 0);
    columns->addLayout(recent, 0, 1);
    columns->setColumnStretch(0, 2);
    columns->setColumnStretch(1, 3);

    auto* line = new QFrame;
    line->setFrameShape(QFrame::HLine);
    line->setFrameShadow(QFrame::Sunken);

    auto* page = new QVBoxLayout(this);
    page->setContentsMargins(48, 36, 48, 24);
    page->addWidget(heading(QStringLiteral("pgreconcile"), 2.0));
    page->addWidget(
        explanation(tr("Reconcile two PostgreSQL databases that diverged, row by row, and export the "
                       "reviewed result as one transactional SQL script.")));
    page->addSpacing(24);
    page->addLayout(columns, 1);
    page->addWidget(line);
    page->addWidget(m_status);

    connect(m_newReview, &QPushButton::clicked, this, &WelcomeView::newReviewRequested);
    connect(m_openDemo, &QPushButton::clicked, this, &WelcomeView::demoRequested);
    setRecentProjects({});
    applyPalette();
}

void WelcomeView::setRecentProjects(const QStringList& projects)
{
    m_recent->clear();
    for (const QString& project : projects) {
        auto* item = new QListWidgetItem(project, m_recent);
        item->setData(Qt::UserRole, project);
    }
    if (projects.isEmpty()) {
        auto* item
            = new QListWidgetItem(tr("No reviews yet. Open the demo to see how a review goes."), m_recent);
        item->setFlags(Qt::NoItemFlags);
    }
}

void WelcomeView::setStatus(const QString& text, bool isError)
{
    m_status->setText(text);
    m_statusIsError = isError;
    applyPalette();
}

// The colours taken from the palette: an error in a red that reads on its Window, anything else in
// its WindowText; the demo button's icon in its ButtonText.
void WelcomeView::applyPalette()
{
    m_openDemo->setIcon(QIcon(new PlayIconEngine(palette().color(QPalette::ButtonText))));
    QPalette colours = palette();
    if (m_statusIsError)
        colours.setColor(QPalette::WindowText, theme::errorText(colours));
    m_status->setPalette(colours);
}

void WelcomeView::changeEvent(QEvent* event)
{
    QWidget::changeEvent(event);
    if (theme::isPaletteChange(event) && m_status)
        applyPalette();
}

void WelcomeView::setBusy(bool busy)
{
    m_newReview->setEnabled(!busy);
    m_openDemo->setEnabled(!busy);
}

} // namespace pgr::ui
