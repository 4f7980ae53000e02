// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "mainwindow.h"
#include "testsupport.h"

namespace pgr::test {

// The main window's options in a GUI test: the test binary's own cluster, not durable.
inline ui::MainWindow::Options windowOptions()
{
    ui::MainWindow::Options options;
    options.staging.folder = TestCluster::instance().folder();
    options.staging.durable = false;
    return options;
}

} // namespace pgr::test
