// SPDX-License-Identifier: GPL-3.0-or-later
// render-icon SVG SIZE PNG: the application icon at one size, drawn by Qt's own SVG icon engine (the
// one the window uses), for the icon theme's PNG sizes. Run by the build, never installed.
#include <QGuiApplication>
#include <QIcon>
#include <QPixmap>
#include <cstdio>

int main(int argc, char* argv[])
{
    QGuiApplication app(argc, argv);
    const QStringList arguments = app.arguments();
    if (arguments.size() != 4) {
        std::fputs("usage: render-icon SVG SIZE PNG\n", stderr);
        return 2;
    }
    const int size = arguments.at(2).toInt();
    const QPixmap pixmap = QIcon(arguments.at(1)).pixmap(size, size);
    if (pixmap.isNull() || pixmap.width() != size || !pixmap.save(arguments.at(3), "PNG")) {
        std::fprintf(stderr,
            "render-icon: cannot draw %s at %d pixels (is Qt's SVG icon engine, libqt6svg6, installed?)\n",
            qPrintable(arguments.at(1)), size);
        return 1;
    }
    return 0;
}
