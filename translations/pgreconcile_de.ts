<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>main</name>
    <message>
        <location filename="../app/gui/main.cpp" line="31"/>
        <source>Reconcile two diverged PostgreSQL databases.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/gui/main.cpp" line="34"/>
        <source>Open the built-in demo right away.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/gui/main.cpp" line="35"/>
        <source>libpq URI of an existing staging server.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/gui/main.cpp" line="36"/>
        <source>Folder of the embedded staging cluster.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>pgr::ui::MainWindow</name>
    <message>
        <location filename="../ui/mainwindow.cpp" line="47"/>
        <source>&amp;File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="48"/>
        <source>&amp;New Review…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="50"/>
        <source>Open &amp;Demo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="53"/>
        <source>&amp;Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="55"/>
        <source>&amp;Help</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="56"/>
        <source>&amp;About pgreconcile</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="62"/>
        <location filename="../ui/mainwindow.cpp" line="63"/>
        <source>Starting the staging server…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="70"/>
        <source>The staging server is not available: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="71"/>
        <source>No staging server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="75"/>
        <source>Staging: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="92"/>
        <source>Preparing the demo databases in staging…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="99"/>
        <source>The demo could not be prepared: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="107"/>
        <source>%1 (%2 rows)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="109"/>
        <source>%1 the demo databases: %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="110"/>
        <source>Reused</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="110"/>
        <source>Created</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="117"/>
        <source>New review</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="118"/>
        <source>Loading your own databases from the window is not available yet; use &quot;pgreconcile-cli load&quot; for now.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="124"/>
        <source>About pgreconcile</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="125"/>
        <source>&lt;h3&gt;pgreconcile %1&lt;/h3&gt;&lt;p&gt;Reconciles two PostgreSQL databases that diverged, row by row, and exports the reviewed result as one transactional SQL script.&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>pgr::ui::WelcomeView</name>
    <message>
        <location filename="../ui/welcomeview.cpp" line="41"/>
        <source>New review…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/welcomeview.cpp" line="43"/>
        <source>Compare a source and a target database, optionally against their common base</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/welcomeview.cpp" line="44"/>
        <source>Open demo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/welcomeview.cpp" line="47"/>
        <source>Build the demo databases in staging and open them for review</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/welcomeview.cpp" line="53"/>
        <source>Double-click a review to resume it where you left off</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/welcomeview.cpp" line="63"/>
        <source>Start</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/welcomeview.cpp" line="65"/>
        <source>Name the base (the snapshot taken at cut-over, optional), the source whose changes you carry over, and the target the merge script will run on.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/welcomeview.cpp" line="69"/>
        <source>A geotechnical lab&apos;s database that diverged after a migration: customers, projects, boreholes, samples and lab results, with every kind of change and conflict, including an id collision.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/welcomeview.cpp" line="75"/>
        <source>Recent reviews</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/welcomeview.cpp" line="92"/>
        <source>Reconcile two PostgreSQL databases that diverged, row by row, and export the reviewed result as one transactional SQL script.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/welcomeview.cpp" line="112"/>
        <source>No reviews yet. Open the demo to see how a review goes.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
