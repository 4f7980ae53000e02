// SPDX-License-Identifier: GPL-3.0-or-later
// pgreconcile: the review window.
#include "mainwindow.h"
#include "pgconnection.h"
#include "pgreconcile-config.h"
#include "settings.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QIcon>
#include <QLibraryInfo>
#include <QLocale>
#include <QTranslator>

using namespace Qt::Literals::StringLiterals;

int main(int argc, char* argv[])
{
    QApplication app(argc, argv);
    QApplication::setApplicationName(u"pgreconcile"_s);
    QApplication::setApplicationDisplayName(u"pgreconcile"_s);
    QApplication::setApplicationVersion(QString::fromLatin1(PGRECONCILE_VERSION));
    QApplication::setDesktopFileName(QString::fromLatin1(PGRECONCILE_APP_ID));
    QApplication::setWindowIcon(QIcon(u":/pgreconcile/icons/pgreconcile.svg"_s));

    QTranslator qtTranslator;
    if (qtTranslator.load(QLocale(), u"qtbase"_s, u"_"_s, QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QApplication::installTranslator(&qtTranslator);
    QTranslator translator;
    if (translator.load(QLocale(), u"pgreconcile"_s, u"_"_s, u":/i18n"_s))
        QApplication::installTranslator(&translator);

    QCommandLineParser parser;
    parser.setApplicationDescription(
        QApplication::translate("main", "Reconcile two diverged PostgreSQL databases."));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addOption({ u"demo"_s, QApplication::translate("main", "Open the built-in demo right away.") });
    parser.addOption({ u"staging"_s,
        QApplication::translate("main", "libpq URI of an existing staging server."), u"URI"_s });
    parser.addOption({ u"staging-folder"_s,
        QApplication::translate("main", "Folder of the embedded staging cluster."), u"DIR"_s });
    parser.process(app);

    const pgr::Settings settings;
    // A server that accepts and never answers ends a connect after this long (10 s unless set).
    pgr::PgConnection::setConnectTimeout(settings.connectTimeout());
    pgr::ui::MainWindow::Options options;
    options.staging.uri = parser.isSet(u"staging"_s) ? parser.value(u"staging"_s) : settings.stagingUri();
    options.staging.folder
        = parser.isSet(u"staging-folder"_s) ? parser.value(u"staging-folder"_s) : settings.stagingFolder();
    options.openDemo = parser.isSet(u"demo"_s);

    pgr::ui::MainWindow window(options);
    window.show();
    return app.exec();
}
