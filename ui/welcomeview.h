// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QWidget>

class QLabel;
class QListWidget;
class QPushButton;

namespace pgr::ui {

// The first thing a user sees: start a new review, open the demo, or resume a recent review.
class WelcomeView final : public QWidget
{
    Q_OBJECT
public:
    explicit WelcomeView(QWidget* parent = nullptr);

    void setRecentProjects(const QStringList& projects);
    // One line under the buttons: staging state, demo progress, or an error.
    void setStatus(const QString& text, bool isError = false);
    void setBusy(bool busy);

Q_SIGNALS:
    void newReviewRequested();
    void demoRequested();
    void projectRequested(const QString& project);

protected:
    void changeEvent(QEvent* event) override;

private:
    void applyPalette();

    QPushButton* m_newReview = nullptr;
    QPushButton* m_openDemo = nullptr;
    QListWidget* m_recent = nullptr;
    QLabel* m_status = nullptr;
    bool m_statusIsError = false;
};

} // namespace pgr::ui
