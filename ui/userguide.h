// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDialog>
#include <QTextBrowser>

// Help > User Guide: docs/user-guide.md (the incident from first report to verified production)
// and the docs it links to, shown from the application's resources, so the guide the window shows
// is the one built with it, on any machine and without a browser. Links to the web open outside.
namespace pgr::ui {

class GuideBrowser : public QTextBrowser
{
    Q_OBJECT
public:
    explicit GuideBrowser(QWidget* parent = nullptr);

    // The guide's own address: the resources' copy of docs/user-guide.md.
    static QUrl guideUrl();

protected:
    void resizeEvent(QResizeEvent* event) override;

private:
    // Screenshots are taken at their full size; they are shown no wider than the page, whatever
    // the window's width.
    void fitImagesToPage();
};

class UserGuideWindow : public QDialog
{
    Q_OBJECT
public:
    explicit UserGuideWindow(QWidget* parent = nullptr);
    GuideBrowser* browser() const { return m_browser; }

private:
    GuideBrowser* m_browser;
};

} // namespace pgr::ui
