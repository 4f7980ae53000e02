// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "staging.h"

#include <QMainWindow>

#include <memory>

class QStackedWidget;

namespace pgr::ui {

class WelcomeView;

class MainWindow final : public QMainWindow
{
    Q_OBJECT
public:
    struct Options
    {
        Staging::Choice staging;
        bool openDemo = false; // build and open the demo as soon as staging is up
    };

    explicit MainWindow(Options options, QWidget* parent = nullptr);
    ~MainWindow() override;

    WelcomeView* welcomeView() const { return m_welcome; }
    // Staging once it is up, else nullptr (it starts in the background).
    Staging* staging() const { return m_staging.get(); }

Q_SIGNALS:
    void stagingReady();
    void demoReady();

protected:
    void closeEvent(QCloseEvent* event) override;

private:
    void createMenus();
    void startStaging();
    void openDemo();
    void newReview();
    void showAbout();

    Options m_options;
    std::shared_ptr<Staging> m_staging;
    QStackedWidget* m_pages = nullptr;
    WelcomeView* m_welcome = nullptr;
    bool m_demoPending = false;
};

} // namespace pgr::ui
