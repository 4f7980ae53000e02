<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>SideCheck</name>
    <message>
        <location filename="../core/load/sidecheck.cpp" line="66"/>
        <source>Type the password in the field that appeared: it is used for the test and the load only and never stored. Or put it in ~/.pgpass (chmod 600), PGPASSFILE or a service file.</source>
        <translation>Geben Sie das Passwort in das eingeblendete Feld ein: Es dient nur dem Test und dem Laden und wird nie gespeichert. Oder hinterlegen Sie es in ~/.pgpass (chmod 600), PGPASSFILE oder einer Service-Datei.</translation>
    </message>
    <message>
        <location filename="../core/load/sidecheck.cpp" line="78"/>
        <source>pg_restore not found: it is needed to load &quot;%1&quot;</source>
        <translation>pg_restore nicht gefunden: Es wird zum Laden von „%1“ gebraucht</translation>
    </message>
    <message>
        <location filename="../core/load/sidecheck.cpp" line="79"/>
        <source>install the PostgreSQL client tools, or set PGRECONCILE_PG_BINDIR to the folder that holds them</source>
        <translation>installieren Sie die PostgreSQL-Client-Werkzeuge oder setzen Sie PGRECONCILE_PG_BINDIR auf ihren Ordner</translation>
    </message>
    <message>
        <location filename="../core/load/sidecheck.cpp" line="86"/>
        <source>pg_restore --list did not finish reading &quot;%1&quot; within a minute</source>
        <translation>pg_restore --list hat „%1“ nicht innerhalb einer Minute gelesen</translation>
    </message>
    <message>
        <location filename="../core/load/sidecheck.cpp" line="90"/>
        <source>pg_restore cannot read &quot;%1&quot;: %2</source>
        <translation>pg_restore kann „%1“ nicht lesen: %2</translation>
    </message>
    <message>
        <location filename="../core/load/sidecheck.cpp" line="91"/>
        <source>make the dump again with pg_dump, with a pg_restore at least as new as that pg_dump</source>
        <translation>erstellen Sie den Dump neu mit pg_dump, mit einem pg_restore, das mindestens so neu ist wie dieses pg_dump</translation>
    </message>
    <message>
        <location filename="../core/load/sidecheck.cpp" line="107"/>
        <source>&quot;%1&quot; cannot be read by this user</source>
        <translation>„%1“ ist für diesen Benutzer nicht lesbar</translation>
    </message>
    <message>
        <location filename="../core/load/sidecheck.cpp" line="107"/>
        <source>check its permissions</source>
        <translation>prüfen Sie die Zugriffsrechte</translation>
    </message>
    <message>
        <location filename="../core/load/sidecheck.cpp" line="112"/>
        <source>pg_dump output in %1 format, %2; psql restores it.</source>
        <translation>pg_dump-Ausgabe im Format %1, %2; psql stellt sie wieder her.</translation>
    </message>
    <message>
        <location filename="../core/load/sidecheck.cpp" line="117"/>
        <source>pg_dump output in %1 format, %2, but it holds no table data.</source>
        <translation>pg_dump-Ausgabe im Format %1, %2, aber ohne Tabellendaten.</translation>
    </message>
    <message>
        <location filename="../core/load/sidecheck.cpp" line="118"/>
        <source>pg_dump output in %1 format, %2, but it holds no table data in schema &quot;%3&quot;.</source>
        <translation>pg_dump-Ausgabe im Format %1, %2, aber ohne Tabellendaten im Schema „%3“.</translation>
    </message>
    <message>
        <location filename="../core/load/sidecheck.cpp" line="121"/>
        <source>pg_dump output in %1 format, %2, 1 table with data.</source>
        <translation>pg_dump-Ausgabe im Format %1, %2, 1 Tabelle mit Daten.</translation>
    </message>
    <message>
        <location filename="../core/load/sidecheck.cpp" line="122"/>
        <source>pg_dump output in %1 format, %2, %3 tables with data.</source>
        <translation>pg_dump-Ausgabe im Format %1, %2, %3 Tabellen mit Daten.</translation>
    </message>
    <message>
        <location filename="../core/load/sidecheck.cpp" line="145"/>
        <source>PostgreSQL %1, database %2 (%3) as %4</source>
        <translation>PostgreSQL %1, Datenbank %2 (%3) als %4</translation>
    </message>
    <message>
        <location filename="../core/load/sidecheck.cpp" line="151"/>
        <source>%1: there are no tables to compare.
Check that it is the right database and that the user can read its tables.</source>
        <translation>%1: Es gibt keine Tabellen zu vergleichen.
Prüfen Sie, ob es die richtige Datenbank ist und der Benutzer ihre Tabellen lesen darf.</translation>
    </message>
    <message>
        <location filename="../core/load/sidecheck.cpp" line="155"/>
        <source>%1: schema &quot;%2&quot; has no tables to compare.
Check the schema name and that the user can read its tables.</source>
        <translation>%1: Das Schema „%2“ hat keine Tabellen zu vergleichen.
Prüfen Sie den Schemanamen und ob der Benutzer seine Tabellen lesen darf.</translation>
    </message>
    <message>
        <location filename="../core/load/sidecheck.cpp" line="166"/>
        <source>%1: 1 table, about %2 rows.</source>
        <translation>%1: 1 Tabelle, etwa %2 Zeilen.</translation>
    </message>
    <message>
        <location filename="../core/load/sidecheck.cpp" line="167"/>
        <source>%1: %2 tables, about %3 rows.</source>
        <translation>%1: %2 Tabellen, etwa %3 Zeilen.</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <location filename="../app/gui/main.cpp" line="35"/>
        <source>Reconcile two diverged PostgreSQL databases.</source>
        <translation>Gleicht zwei auseinandergelaufene PostgreSQL-Datenbanken ab.</translation>
    </message>
    <message>
        <location filename="../app/gui/main.cpp" line="38"/>
        <source>Open the built-in demo right away.</source>
        <translation>Die eingebaute Demo sofort öffnen.</translation>
    </message>
    <message>
        <location filename="../app/gui/main.cpp" line="40"/>
        <source>libpq URI of an existing staging server.</source>
        <translation>libpq-URI eines vorhandenen Staging-Servers.</translation>
    </message>
    <message>
        <location filename="../app/gui/main.cpp" line="42"/>
        <source>Folder of the embedded staging cluster.</source>
        <translation>Ordner des eingebetteten Staging-Clusters.</translation>
    </message>
</context>
<context>
    <name>pgr::ui::ChangeListModel</name>
    <message>
        <location filename="../ui/changelistmodel.cpp" line="54"/>
        <source>take source</source>
        <translation>Quelle übernehmen</translation>
    </message>
    <message>
        <location filename="../ui/changelistmodel.cpp" line="56"/>
        <source>keep target</source>
        <translation>Ziel behalten</translation>
    </message>
    <message>
        <location filename="../ui/changelistmodel.cpp" line="58"/>
        <source>edited row</source>
        <translation>bearbeitete Zeile</translation>
    </message>
    <message>
        <location filename="../ui/changelistmodel.cpp" line="60"/>
        <source>merged row</source>
        <translation>zusammengeführte Zeile</translation>
    </message>
    <message>
        <location filename="../ui/changelistmodel.cpp" line="62"/>
        <source>re-key</source>
        <translation>neuer Schlüssel</translation>
    </message>
    <message>
        <location filename="../ui/changelistmodel.cpp" line="64"/>
        <source>mapped onto target&apos;s row</source>
        <translation>auf die Zeile des Ziels abgebildet</translation>
    </message>
    <message>
        <location filename="../ui/changelistmodel.cpp" line="72"/>
        <source>undecided</source>
        <translation>unentschieden</translation>
    </message>
    <message>
        <location filename="../ui/changelistmodel.cpp" line="74"/>
        <source>nothing to decide</source>
        <translation>nichts zu entscheiden</translation>
    </message>
    <message>
        <location filename="../ui/changelistmodel.cpp" line="76"/>
        <source>%1 (default)</source>
        <translation>%1 (Vorgabe)</translation>
    </message>
    <message>
        <location filename="../ui/changelistmodel.cpp" line="83"/>
        <source>Flagged for a look: it references %1 %2 through %3, an id collision that is not re-keyed: as it is, it would attach to the target&apos;s row of that key. Re-key the parent, or decide this row.</source>
        <translation>Zum Ansehen markiert: Sie verweist über %3 auf %1 %2, eine ID-Kollision ohne neuen Schlüssel: So wie sie ist, hinge sie an der Zeile des Ziels mit diesem Schlüssel. Vergeben Sie dem Elternteil einen neuen Schlüssel oder entscheiden Sie diese Zeile.</translation>
    </message>
    <message>
        <location filename="../ui/changelistmodel.cpp" line="87"/>
        <source>Flagged for a look: merged row by default, both sides changed different columns. Check the result; Accept Merge confirms it.</source>
        <translation>Zum Ansehen markiert: zusammengeführte Zeile nach Vorgabe, beide Seiten haben verschiedene Spalten geändert. Prüfen Sie das Ergebnis; „Zusammenführung annehmen“ bestätigt es.</translation>
    </message>
    <message>
        <location filename="../ui/changelistmodel.cpp" line="258"/>
        <source>loading…</source>
        <translation>wird geladen…</translation>
    </message>
    <message>
        <location filename="../ui/changelistmodel.cpp" line="295"/>
        <source>%1 (×%2)</source>
        <translation>%1 (×%2)</translation>
    </message>
    <message>
        <location filename="../ui/changelistmodel.cpp" line="311"/>
        <source>%1 %2: key %3 — %4</source>
        <translation>%1 %2: Schlüssel %3 — %4</translation>
    </message>
    <message>
        <location filename="../ui/changelistmodel.cpp" line="327"/>
        <source>Flagged for a look: column merges left to their default, rows that would attach to an id collision not re-keyed</source>
        <translation>Zum Ansehen markiert: Spaltenzusammenführungen nach Vorgabe, Zeilen, die an einer ID-Kollision ohne neuen Schlüssel hängen würden</translation>
    </message>
    <message>
        <location filename="../ui/changelistmodel.cpp" line="337"/>
        <source>Key</source>
        <translation>Schlüssel</translation>
    </message>
    <message>
        <location filename="../ui/changelistmodel.cpp" line="339"/>
        <source>Decision</source>
        <translation>Entscheidung</translation>
    </message>
    <message>
        <location filename="../ui/changelistmodel.cpp" line="341"/>
        <source>Class</source>
        <translation>Klasse</translation>
    </message>
    <message>
        <location filename="../ui/changelistmodel.cpp" line="343"/>
        <source>Kind</source>
        <translation>Art</translation>
    </message>
    <message>
        <location filename="../ui/changelistmodel.cpp" line="345"/>
        <source>Source changed</source>
        <translation>In Quelle geändert</translation>
    </message>
    <message>
        <location filename="../ui/changelistmodel.cpp" line="347"/>
        <source>Target changed</source>
        <translation>Im Ziel geändert</translation>
    </message>
</context>
<context>
    <name>pgr::ui::ErrorBox</name>
    <message>
        <location filename="../ui/errorbox.cpp" line="16"/>
        <source>Hint: %1</source>
        <translation>Hinweis: %1</translation>
    </message>
    <message>
        <location filename="../ui/errorbox.cpp" line="18"/>
        <source>SQLSTATE %1</source>
        <translation>SQLSTATE %1</translation>
    </message>
</context>
<context>
    <name>pgr::ui::ExportDialog</name>
    <message>
        <location filename="../ui/exportdialog.cpp" line="109"/>
        <source>… (1 more line)</source>
        <translation>… (1 weitere Zeile)</translation>
    </message>
    <message>
        <location filename="../ui/exportdialog.cpp" line="110"/>
        <source>… (%1 more lines)</source>
        <translation>… (%1 weitere Zeilen)</translation>
    </message>
    <message>
        <location filename="../ui/exportdialog.cpp" line="120"/>
        <source>1 change is not as reviewed on the copy (%1 in place)</source>
        <translation>1 Änderung ist auf der Kopie nicht wie geprüft (%1 vorhanden)</translation>
    </message>
    <message>
        <location filename="../ui/exportdialog.cpp" line="121"/>
        <source>%1 changes are not as reviewed on the copy (%2 in place)</source>
        <translation>%1 Änderungen sind auf der Kopie nicht wie geprüft (%2 vorhanden)</translation>
    </message>
    <message>
        <location filename="../ui/exportdialog.cpp" line="126"/>
        <source>1 row no decision writes changed on the copy</source>
        <translation>1 Zeile, die keine Entscheidung schreibt, hat sich auf der Kopie geändert</translation>
    </message>
    <message>
        <location filename="../ui/exportdialog.cpp" line="127"/>
        <source>%1 rows no decision writes changed on the copy</source>
        <translation>%1 Zeilen, die keine Entscheidung schreibt, haben sich auf der Kopie geändert</translation>
    </message>
    <message>
        <location filename="../ui/exportdialog.cpp" line="139"/>
        <source>Export Merge Script — %1</source>
        <translation>Merge-Skript exportieren — %1</translation>
    </message>
    <message>
        <location filename="../ui/exportdialog.cpp" line="198"/>
        <source>COPY blocks (fastest)</source>
        <translation>COPY-Blöcke (am schnellsten)</translation>
    </message>
    <message>
        <location filename="../ui/exportdialog.cpp" line="199"/>
        <source>VALUES statements</source>
        <translation>VALUES-Anweisungen</translation>
    </message>
    <message>
        <location filename="../ui/exportdialog.cpp" line="202"/>
        <source>COPY blocks: each table&apos;s rows travel as one COPY block and each operation is one guarded statement; apply the script with psql. VALUES: batches of multi-row statements, slower, plain SQL for tools other than psql.</source>
        <translation>COPY-Blöcke: Die Zeilen jeder Tabelle kommen als ein COPY-Block, und jede Operation ist eine abgesicherte Anweisung; das Skript mit psql anwenden. VALUES: Stapel mehrzeiliger Anweisungen, langsamer, reines SQL für andere Werkzeuge als psql.</translation>
    </message>
    <message>
        <location filename="../ui/exportdialog.cpp" line="209"/>
        <source>Rows per INSERT, UPDATE or DELETE statement</source>
        <translation>Zeilen je INSERT-, UPDATE- oder DELETE-Anweisung</translation>
    </message>
    <message>
        <location filename="../ui/exportdialog.cpp" line="210"/>
        <source>Disable while applying</source>
        <translation>Beim Anwenden abschalten</translation>
    </message>
    <message>
        <location filename="../ui/exportdialog.cpp" line="214"/>
        <source>SET session_replication_role = replica, where the role applying the script may</source>
        <translation>SET session_replication_role = replica, sofern die Rolle, die das Skript anwendet, das darf</translation>
    </message>
    <message>
        <location filename="../ui/exportdialog.cpp" line="218"/>
        <source>How long the script waits for a lock before it gives up and rolls back (e.g. 10s, 1min)</source>
        <translation>Wie lange das Skript auf eine Sperre wartet, bevor es aufgibt und zurückrollt (z. B. 10s, 1min)</translation>
    </message>
    <message>
        <location filename="../ui/exportdialog.cpp" line="221"/>
        <source>Format:</source>
        <translation>Format:</translation>
    </message>
    <message>
        <location filename="../ui/exportdialog.cpp" line="222"/>
        <source>Rows per statement:</source>
        <translation>Zeilen je Anweisung:</translation>
    </message>
    <message>
        <location filename="../ui/exportdialog.cpp" line="223"/>
        <source>Lock timeout:</source>
        <translation>Sperr-Timeout:</translation>
    </message>
    <message>
        <location filename="../ui/exportdialog.cpp" line="224"/>
        <source>Triggers:</source>
        <translation>Trigger:</translation>
    </message>
    <message>
        <location filename="../ui/exportdialog.cpp" line="257"/>
        <source>Cancel Dry Run</source>
        <translation>Probelauf abbrechen</translation>
    </message>
    <message>
        <location filename="../ui/exportdialog.cpp" line="290"/>
        <source>&lt;b&gt;The target&apos;s own triggers&lt;/b&gt; fired by the script. Accept those whose effects belong in the merge; the dry run then runs again.</source>
        <translation>&lt;b&gt;Die eigenen Trigger des Ziels&lt;/b&gt;, die das Skript auslöst. Nehmen Sie die an, deren Wirkung in die Zusammenführung gehört; der Probelauf läuft dann erneut.</translation>
    </message>
    <message>
        <location filename="../ui/exportdialog.cpp" line="307"/>
        <source>&amp;Save…</source>
        <translation>&amp;Speichern…</translation>
    </message>
    <message>
        <location filename="../ui/exportdialog.cpp" line="313"/>
        <location filename="../ui/exportdialog.cpp" line="625"/>
        <source>Dry Run</source>
        <translation>Probelauf</translation>
    </message>
    <message>
        <location filename="../ui/exportdialog.cpp" line="358"/>
        <source>Export is not possible yet: %1</source>
        <translation>Export noch nicht möglich: %1</translation>
    </message>
    <message>
        <location filename="../ui/exportdialog.cpp" line="364"/>
        <source>Apply the script with psql to a fresh copy of the target in staging and check that every decision is in place; the target itself is only read</source>
        <translation>Das Skript mit psql auf eine frische Kopie des Ziels im Staging anwenden und prüfen, dass jede Entscheidung umgesetzt ist; das Ziel selbst wird nur gelesen</translation>
    </message>
    <message>
        <location filename="../ui/exportdialog.cpp" line="367"/>
        <source>Write the script to a file. Careful: the last dry run of this script failed.</source>
        <translation>Das Skript in eine Datei schreiben. Vorsicht: Der letzte Probelauf dieses Skripts ist fehlgeschlagen.</translation>
    </message>
    <message>
        <location filename="../ui/exportdialog.cpp" line="368"/>
        <source>Write the script to a file</source>
        <translation>Das Skript in eine Datei schreiben</translation>
    </message>
    <message>
        <location filename="../ui/exportdialog.cpp" line="376"/>
        <source>Writing the script preview…</source>
        <translation>Die Vorschau des Skripts wird geschrieben…</translation>
    </message>
    <message>
        <location filename="../ui/exportdialog.cpp" line="397"/>
        <source>The script could not be written: %1</source>
        <translation>Das Skript konnte nicht geschrieben werden: %1</translation>
    </message>
    <message>
        <location filename="../ui/exportdialog.cpp" line="411"/>
        <source>Export is not possible yet:</source>
        <translation>Export noch nicht möglich:</translation>
    </message>
    <message>
        <location filename="../ui/exportdialog.cpp" line="413"/>
        <source>Decide them in the review window (Ctrl+Down goes to the next undecided conflict), then export again.</source>
        <translation>Entscheiden Sie sie im Abgleichsfenster (Strg+Unten springt zum nächsten unentschiedenen Konflikt) und exportieren Sie dann erneut.</translation>
    </message>
    <message>
        <location filename="../ui/exportdialog.cpp" line="420"/>
        <source>Nothing written: Save and Dry Run need every change decided.</source>
        <translation>Nichts geschrieben: Speichern und Probelauf setzen voraus, dass jede Änderung entschieden ist.</translation>
    </message>
    <message>
        <location filename="../ui/exportdialog.cpp" line="429"/>
        <source>The script is %1; the preview shows its first %2. Save writes all of it.</source>
        <translation>Das Skript ist %1 groß; die Vorschau zeigt die ersten %2. Speichern schreibt es vollständig.</translation>
    </message>
    <message>
        <location filename="../ui/exportdialog.cpp" line="431"/>
        <source>The script is %1.</source>
        <translation>Das Skript ist %1 groß.</translation>
    </message>
    <message>
        <location filename="../ui/exportdialog.cpp" line="434"/>
        <source>&lt;b&gt;Draft&lt;/b&gt;: the decisions are not approved. Approve them with &lt;tt&gt;pgreconcile-cli approve&lt;/tt&gt; before applying the script in production.</source>
        <translation>&lt;b&gt;Entwurf&lt;/b&gt;: Die Entscheidungen sind nicht freigegeben. Geben Sie sie mit &lt;tt&gt;pgreconcile-cli approve&lt;/tt&gt; frei, bevor Sie das Skript in der Produktion anwenden.</translation>
    </message>
    <message>
        <location filename="../ui/exportdialog.cpp" line="436"/>
        <source>&lt;b&gt;Approved&lt;/b&gt; by %1.</source>
        <translation>&lt;b&gt;Freigegeben&lt;/b&gt; von %1.</translation>
    </message>
    <message>
        <location filename="../ui/exportdialog.cpp" line="438"/>
        <source>1 row changes</source>
        <translation>1 Zeile ändert sich</translation>
    </message>
    <message>
        <location filename="../ui/exportdialog.cpp" line="438"/>
        <source>%1 rows change</source>
        <translation>%1 Zeilen ändern sich</translation>
    </message>
    <message>
        <location filename="../ui/exportdialog.cpp" line="444"/>
        <source>Checksum of the decisions: %1</source>
        <translation>Prüfsumme der Entscheidungen: %1</translation>
    </message>
    <message>
        <location filename="../ui/exportdialog.cpp" line="455"/>
        <source>Save Merge Script</source>
        <translation>Merge-Skript speichern</translation>
    </message>
    <message>
        <location filename="../ui/exportdialog.cpp" line="456"/>
        <source>%1-merge.sql</source>
        <translation>%1-merge.sql</translation>
    </message>
    <message>
        <location filename="../ui/exportdialog.cpp" line="457"/>
        <source>SQL scripts (*.sql);;All files (*)</source>
        <translation>SQL-Skripte (*.sql);;Alle Dateien (*)</translation>
    </message>
    <message>
        <location filename="../ui/exportdialog.cpp" line="468"/>
        <source>Saving to %1…</source>
        <translation>Wird in %1 gespeichert…</translation>
    </message>
    <message>
        <location filename="../ui/exportdialog.cpp" line="477"/>
        <location filename="../ui/exportdialog.cpp" line="483"/>
        <location filename="../ui/exportdialog.cpp" line="568"/>
        <location filename="../ui/exportdialog.cpp" line="572"/>
        <source>cannot write %1: %2</source>
        <translation>%1 kann nicht geschrieben werden: %2</translation>
    </message>
    <message>
        <location filename="../ui/exportdialog.cpp" line="478"/>
        <source>choose a folder you can write to</source>
        <translation>wählen Sie einen Ordner, in den Sie schreiben dürfen</translation>
    </message>
    <message>
        <location filename="../ui/exportdialog.cpp" line="484"/>
        <source>check the free space and the folder&apos;s permissions</source>
        <translation>prüfen Sie den freien Platz und die Rechte des Ordners</translation>
    </message>
    <message>
        <location filename="../ui/exportdialog.cpp" line="491"/>
        <source>Not saved: %1</source>
        <translation>Nicht gespeichert: %1</translation>
    </message>
    <message>
        <location filename="../ui/exportdialog.cpp" line="496"/>
        <source>Saved %1 to %2.</source>
        <translation>%1 in %2 gespeichert.</translation>
    </message>
    <message>
        <location filename="../ui/exportdialog.cpp" line="499"/>
        <source>%1 The last dry run of this script failed: read its result before applying it.</source>
        <translation>%1 Der letzte Probelauf dieses Skripts ist fehlgeschlagen: Lesen Sie sein Ergebnis, bevor Sie es anwenden.</translation>
    </message>
    <message>
        <location filename="../ui/exportdialog.cpp" line="510"/>
        <source>%1 (%2:%3)</source>
        <translation>%1 (%2:%3)</translation>
    </message>
    <message>
        <location filename="../ui/exportdialog.cpp" line="541"/>
        <source>check the free space and permissions of the temporary folder (TMPDIR)</source>
        <translation>prüfen Sie den freien Platz und die Rechte des temporären Ordners (TMPDIR)</translation>
    </message>
    <message>
        <location filename="../ui/exportdialog.cpp" line="587"/>
        <source>Dry run: writing the script…</source>
        <translation>Probelauf: Das Skript wird geschrieben…</translation>
    </message>
    <message>
        <location filename="../ui/exportdialog.cpp" line="605"/>
        <location filename="../ui/exportdialog.cpp" line="643"/>
        <location filename="../ui/exportdialog.cpp" line="709"/>
        <source>Dry run failed:</source>
        <translation>Probelauf fehlgeschlagen:</translation>
    </message>
    <message>
        <location filename="../ui/exportdialog.cpp" line="539"/>
        <source>cannot create a temporary folder in %1: %2</source>
        <translation>in %1 kann kein temporärer Ordner angelegt werden: %2</translation>
    </message>
    <message>
        <location filename="../ui/exportdialog.cpp" line="600"/>
        <source>Dry run cancelled: nothing was checked.</source>
        <translation>Probelauf abgebrochen: Nichts wurde geprüft.</translation>
    </message>
    <message>
        <location filename="../ui/exportdialog.cpp" line="569"/>
        <location filename="../ui/exportdialog.cpp" line="573"/>
        <source>check the free space in the temporary folder</source>
        <translation>prüfen Sie den freien Platz im temporären Ordner</translation>
    </message>
    <message>
        <location filename="../ui/exportdialog.cpp" line="546"/>
        <source>Dry run: applying the script with psql to a fresh copy of the target, then verifying the copy…</source>
        <translation>Probelauf: Das Skript wird mit psql auf eine frische Kopie des Ziels angewandt, dann wird die Kopie geprüft…</translation>
    </message>
    <message>
        <location filename="../ui/exportdialog.cpp" line="618"/>
        <source>Target&apos;s Password</source>
        <translation>Passwort des Ziels</translation>
    </message>
    <message>
        <location filename="../ui/exportdialog.cpp" line="620"/>
        <source>%1

The dry run copies the live target with pg_dump. Its password stays in this window&apos;s memory and is never stored.

Password:</source>
        <translation>%1

Der Probelauf kopiert das laufende Ziel mit pg_dump. Sein Passwort bleibt im Speicher dieses Fensters und wird nie gespeichert.

Passwort:</translation>
    </message>
    <message>
        <location filename="../ui/exportdialog.cpp" line="622"/>
        <source>The target asks for a password.</source>
        <translation>Das Ziel verlangt ein Passwort.</translation>
    </message>
    <message>
        <location filename="../ui/exportdialog.cpp" line="623"/>
        <source>The target refused that password.</source>
        <translation>Das Ziel hat dieses Passwort abgelehnt.</translation>
    </message>
    <message>
        <location filename="../ui/exportdialog.cpp" line="639"/>
        <source>Copy: %1.</source>
        <translation>Kopie: %1.</translation>
    </message>
    <message>
        <location filename="../ui/exportdialog.cpp" line="641"/>
        <source>(psql printed nothing)</source>
        <translation>(psql hat nichts ausgegeben)</translation>
    </message>
    <message>
        <location filename="../ui/exportdialog.cpp" line="644"/>
        <source>psql stopped with an error and rolled the script back on the copy.</source>
        <translation>psql brach mit einem Fehler ab und rollte das Skript auf der Kopie zurück.</translation>
    </message>
    <message>
        <location filename="../ui/exportdialog.cpp" line="649"/>
        <source>psql failed: %1</source>
        <translation>psql fehlgeschlagen: %1</translation>
    </message>
    <message>
        <location filename="../ui/exportdialog.cpp" line="657"/>
        <source>1 change not checked: %1.</source>
        <translation>1 Änderung nicht geprüft: %1.</translation>
    </message>
    <message>
        <location filename="../ui/exportdialog.cpp" line="658"/>
        <source>%1 changes not checked, e.g. %2.</source>
        <translation>%1 Änderungen nicht geprüft, z. B. %2.</translation>
    </message>
    <message>
        <location filename="../ui/exportdialog.cpp" line="673"/>
        <source>1 change in place</source>
        <translation>1 Änderung umgesetzt</translation>
    </message>
    <message>
        <location filename="../ui/exportdialog.cpp" line="673"/>
        <source>%1 changes in place</source>
        <translation>%1 Änderungen umgesetzt</translation>
    </message>
    <message>
        <location filename="../ui/exportdialog.cpp" line="675"/>
        <source>; every other row unchanged (%1 compared)</source>
        <translation>; jede andere Zeile unverändert (%1 verglichen)</translation>
    </message>
    <message>
        <location filename="../ui/exportdialog.cpp" line="676"/>
        <source>; the %1 other differences are all the doing of accepted triggers (%2)</source>
        <translation>; die %1 übrigen Unterschiede stammen alle von angenommenen Triggern (%2)</translation>
    </message>
    <message>
        <location filename="../ui/exportdialog.cpp" line="681"/>
        <source>Dry run passed:</source>
        <translation>Probelauf bestanden:</translation>
    </message>
    <message>
        <location filename="../ui/exportdialog.cpp" line="696"/>
        <source>… and %1 more</source>
        <translation>… und %1 weitere</translation>
    </message>
    <message>
        <location filename="../ui/exportdialog.cpp" line="700"/>
        <source>With the target&apos;s triggers off the script gives exactly the reviewed state: these differences are the doing of %1 not accepted yet. Accept them below if they belong in the merge.</source>
        <translation>Mit abgeschalteten Triggern des Ziels ergibt das Skript genau den geprüften Stand: Diese Unterschiede stammen von %1, noch nicht angenommen. Nehmen Sie sie unten an, wenn sie in die Zusammenführung gehören.</translation>
    </message>
    <message>
        <location filename="../ui/exportdialog.cpp" line="727"/>
        <source>Cancelling the dry run…</source>
        <translation>Der Probelauf wird abgebrochen…</translation>
    </message>
    <message>
        <location filename="../ui/exportdialog.cpp" line="752"/>
        <source>This dry run was for other options; run it again to check the script as it would be saved now.</source>
        <translation>Dieser Probelauf galt anderen Optionen; starten Sie ihn erneut, um das Skript so zu prüfen, wie es jetzt gespeichert würde.</translation>
    </message>
</context>
<context>
    <name>pgr::ui::MainWindow</name>
    <message>
        <location filename="../ui/mainwindow.cpp" line="82"/>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="83"/>
        <source>&amp;New Review…</source>
        <translation>&amp;Neuer Abgleich…</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="85"/>
        <source>Open &amp;Demo</source>
        <translation>&amp;Demo öffnen</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="88"/>
        <source>&amp;Export Merge Script…</source>
        <translation>Merge-Skript &amp;exportieren…</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="91"/>
        <source>Export Merge Script…</source>
        <comment>toolbar</comment>
        <translation>Exportieren…</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="92"/>
        <source>open a review first</source>
        <translation>öffnen Sie zuerst einen Abgleich</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="94"/>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="99"/>
        <source>&amp;Decide</source>
        <translation>&amp;Entscheiden</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="114"/>
        <source>Decide</source>
        <translation>Entscheiden</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="132"/>
        <source>&amp;Review</source>
        <translation>&amp;Abgleich</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="133"/>
        <source>&amp;Triggers…</source>
        <translation>&amp;Trigger…</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="136"/>
        <source>The target&apos;s own triggers the merge script fires, as the last dry run found them: accept or revoke their effects by name</source>
        <translation>Die eigenen Trigger des Ziels, die das Merge-Skript auslöst, wie der letzte Probelauf sie fand: ihre Wirkung namentlich annehmen oder zurücknehmen</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="140"/>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="141"/>
        <source>&amp;User Guide</source>
        <translation>&amp;Benutzerhandbuch</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="144"/>
        <source>The incident from first report to verified production, step by step</source>
        <translation>Der Vorfall von der ersten Meldung bis zur geprüften Produktion, Schritt für Schritt</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="146"/>
        <source>&amp;About pgreconcile</source>
        <translation>Ü&amp;ber pgreconcile</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="152"/>
        <location filename="../ui/mainwindow.cpp" line="153"/>
        <source>Starting the staging server…</source>
        <translation>Der Staging-Server wird gestartet…</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="160"/>
        <source>The staging server is not available: %1</source>
        <translation>Der Staging-Server ist nicht verfügbar: %1</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="161"/>
        <source>No staging server</source>
        <translation>Kein Staging-Server</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="165"/>
        <source>Staging: %1</source>
        <translation>Staging: %1</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="184"/>
        <source>Preparing the demo databases in staging…</source>
        <translation>Die Demo-Datenbanken werden im Staging vorbereitet…</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="193"/>
        <source>The demo could not be prepared: %1</source>
        <translation>Die Demo konnte nicht vorbereitet werden: %1</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="209"/>
        <source>%1 (%2 rows)</source>
        <translation>%1 (%2 Zeilen)</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="211"/>
        <source>%1 the demo databases: %2.</source>
        <translation>Demo-Datenbanken %1: %2.</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="212"/>
        <source>Reused</source>
        <translation>wiederverwendet</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="212"/>
        <source>Created</source>
        <translation>angelegt</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="224"/>
        <source>Opening the review &quot;%1&quot;…</source>
        <translation>Der Abgleich „%1“ wird geöffnet…</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="225"/>
        <source>%1 — pgreconcile</source>
        <translation>%1 — pgreconcile</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="259"/>
        <source>Cancelled: the review keeps what was loaded and compared before.</source>
        <translation>Abgebrochen: Der Abgleich behält, was zuvor geladen und verglichen wurde.</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="260"/>
        <source>The review could not be prepared: %1</source>
        <translation>Der Abgleich konnte nicht vorbereitet werden: %1</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="273"/>
        <source>The review could not be opened</source>
        <translation>Der Abgleich konnte nicht geöffnet werden</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="280"/>
        <source>Interrupted work in &quot;%1&quot;</source>
        <translation>Unterbrochene Arbeit in „%1“</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="281"/>
        <source>Work on this review did not finish. What it left behind has been removed; the review shows the state before it.</source>
        <translation>Eine Arbeit an diesem Abgleich wurde nicht beendet. Was sie zurückgelassen hat, wurde entfernt; der Abgleich zeigt den Stand davor.</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="289"/>
        <source>Interrupted work found in %1: see the message</source>
        <translation>Unterbrochene Arbeit in %1 gefunden: siehe die Meldung</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="311"/>
        <source>%1: %2 tables, %3 conflicts</source>
        <translation>%1: %2 Tabellen, %3 Konflikte</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="321"/>
        <source>Write the merge script of this review</source>
        <translation>Das Merge-Skript dieses Abgleichs schreiben</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="322"/>
        <source>Export is not possible yet: %1</source>
        <translation>Export noch nicht möglich: %1</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="323"/>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="372"/>
        <source>The staging server is still starting; the New Review dialog opens when it is up.</source>
        <translation>Der Staging-Server startet noch; der Dialog „Neuer Abgleich“ öffnet sich, sobald er läuft.</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="378"/>
        <source>A review is being prepared: wait until it opens, or cancel it first.</source>
        <translation>Ein Abgleich wird vorbereitet: Warten Sie, bis er sich öffnet, oder brechen Sie ihn zuerst ab.</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="403"/>
        <source>About pgreconcile</source>
        <translation>Über pgreconcile</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="404"/>
        <source>&lt;h3&gt;pgreconcile %1&lt;/h3&gt;&lt;p&gt;Reconciles two PostgreSQL databases that diverged, row by row, and exports the reviewed result as one transactional SQL script.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;pgreconcile %1&lt;/h3&gt;&lt;p&gt;Gleicht zwei auseinandergelaufene PostgreSQL-Datenbanken Zeile für Zeile ab und exportiert das geprüfte Ergebnis als ein transaktionales SQL-Skript.&lt;/p&gt;</translation>
    </message>
</context>
<context>
    <name>pgr::ui::NewReviewDialog</name>
    <message>
        <location filename="../ui/newreviewdialog.cpp" line="108"/>
        <source>New Review</source>
        <translation>Neuer Abgleich</translation>
    </message>
    <message>
        <location filename="../ui/newreviewdialog.cpp" line="142"/>
        <source>e.g. orders-2026-11</source>
        <translation>z. B. orders-2026-11</translation>
    </message>
    <message>
        <location filename="../ui/newreviewdialog.cpp" line="143"/>
        <source>The review project&apos;s name: 1 to 40 lowercase letters, digits, &apos;_&apos; or &apos;-&apos;. Its state lives in the staging database pgreconcile_&lt;name&gt;.</source>
        <translation>Name des Abgleichs: 1 bis 40 Kleinbuchstaben, Ziffern, &apos;_&apos; oder &apos;-&apos;. Sein Stand liegt in der Staging-Datenbank pgreconcile_&lt;name&gt;.</translation>
    </message>
    <message>
        <location filename="../ui/newreviewdialog.cpp" line="149"/>
        <source>Load into it: replace its sides (its decisions are kept)</source>
        <translation>Hinein laden: seine Seiten ersetzen (seine Entscheidungen bleiben)</translation>
    </message>
    <message>
        <location filename="../ui/newreviewdialog.cpp" line="151"/>
        <source>Sides left empty here keep the copy the review has</source>
        <translation>Hier leer gelassene Seiten behalten die Kopie, die der Abgleich hat</translation>
    </message>
    <message>
        <location filename="../ui/newreviewdialog.cpp" line="162"/>
        <source>Review &amp;name:</source>
        <translation>&amp;Name des Abgleichs:</translation>
    </message>
    <message>
        <location filename="../ui/newreviewdialog.cpp" line="110"/>
        <source>&amp;Base (optional)</source>
        <translation>&amp;Basis (optional)</translation>
    </message>
    <message>
        <location filename="../ui/newreviewdialog.cpp" line="111"/>
        <source>The snapshot taken at cut-over, the common ancestor of both sides. Leave it empty for a two-way review.</source>
        <translation>Der Schnappschuss vom Umstieg, der gemeinsame Vorfahr beider Seiten. Leer lassen für einen Zwei-Wege-Abgleich.</translation>
    </message>
    <message>
        <location filename="../ui/newreviewdialog.cpp" line="113"/>
        <source>&amp;Source</source>
        <translation>&amp;Quelle</translation>
    </message>
    <message>
        <location filename="../ui/newreviewdialog.cpp" line="114"/>
        <source>The side whose changes you carry over: the old database that kept receiving writes.</source>
        <translation>Die Seite, deren Änderungen Sie übernehmen: die alte Datenbank, die weiter beschrieben wurde.</translation>
    </message>
    <message>
        <location filename="../ui/newreviewdialog.cpp" line="116"/>
        <source>&amp;Target</source>
        <translation>&amp;Ziel</translation>
    </message>
    <message>
        <location filename="../ui/newreviewdialog.cpp" line="116"/>
        <source>The side the merge script will run on: the new database.</source>
        <translation>Die Seite, auf der das Merge-Skript laufen wird: die neue Datenbank.</translation>
    </message>
    <message>
        <location filename="../ui/newreviewdialog.cpp" line="222"/>
        <source>&amp;Load and Compare</source>
        <translation>&amp;Laden und vergleichen</translation>
    </message>
    <message>
        <location filename="../ui/newreviewdialog.cpp" line="223"/>
        <source>Create the review, load its sides into staging and compare them</source>
        <translation>Den Abgleich anlegen, seine Seiten ins Staging laden und vergleichen</translation>
    </message>
    <message>
        <location filename="../ui/newreviewdialog.cpp" line="271"/>
        <source>Connection string</source>
        <translation>Verbindungszeichenkette</translation>
    </message>
    <message>
        <location filename="../ui/newreviewdialog.cpp" line="272"/>
        <source>Server</source>
        <translation>Server</translation>
    </message>
    <message>
        <location filename="../ui/newreviewdialog.cpp" line="273"/>
        <source>Dump file</source>
        <translation>Dump-Datei</translation>
    </message>
    <message>
        <location filename="../ui/newreviewdialog.cpp" line="274"/>
        <source>How this side is given: a libpq connection string (or the name of a database in staging), a server&apos;s host, port, database and user, or a pg_dump output</source>
        <translation>Wie diese Seite angegeben wird: als libpq-Verbindungszeichenkette (oder Name einer Datenbank im Staging), als Host, Port, Datenbank und Benutzer eines Servers oder als pg_dump-Ausgabe</translation>
    </message>
    <message>
        <location filename="../ui/newreviewdialog.cpp" line="278"/>
        <source>postgresql://user@host:5432/shop, host=… dbname=…, or a database in staging</source>
        <translation>postgresql://user@host:5432/shop, host=… dbname=… oder eine Datenbank im Staging</translation>
    </message>
    <message>
        <location filename="../ui/newreviewdialog.cpp" line="279"/>
        <source>A libpq URI or key=value string, or the name of a database of the staging server. Passwords come from ~/.pgpass, PGPASSFILE or a service file; one written here is used but never stored.</source>
        <translation>Eine libpq-URI oder key=value-Zeichenkette oder der Name einer Datenbank des Staging-Servers. Passwörter kommen aus ~/.pgpass, PGPASSFILE oder einer Service-Datei; ein hier eingetragenes wird benutzt, aber nie gespeichert.</translation>
    </message>
    <message>
        <location filename="../ui/newreviewdialog.cpp" line="281"/>
        <location filename="../ui/newreviewdialog.cpp" line="289"/>
        <source>default</source>
        <translation>Vorgabe</translation>
    </message>
    <message>
        <location filename="../ui/newreviewdialog.cpp" line="282"/>
        <source>Host name, IP address or socket folder; empty: libpq&apos;s default (PGHOST, else the local socket)</source>
        <translation>Hostname, IP-Adresse oder Socket-Ordner; leer: Vorgabe von libpq (PGHOST, sonst der lokale Socket)</translation>
    </message>
    <message>
        <location filename="../ui/newreviewdialog.cpp" line="283"/>
        <source>Port; empty: libpq&apos;s default (PGPORT, else 5432)</source>
        <translation>Port; leer: Vorgabe von libpq (PGPORT, sonst 5432)</translation>
    </message>
    <message>
        <location filename="../ui/newreviewdialog.cpp" line="287"/>
        <source>required</source>
        <translation>erforderlich</translation>
    </message>
    <message>
        <location filename="../ui/newreviewdialog.cpp" line="287"/>
        <source>The database to compare</source>
        <translation>Die zu vergleichende Datenbank</translation>
    </message>
    <message>
        <location filename="../ui/newreviewdialog.cpp" line="289"/>
        <source>User name; empty: libpq&apos;s default (PGUSER, else your login)</source>
        <translation>Benutzername; leer: Vorgabe von libpq (PGUSER, sonst Ihr Login)</translation>
    </message>
    <message>
        <location filename="../ui/newreviewdialog.cpp" line="291"/>
        <source>pg_dump file (custom, tar or plain SQL) or directory-format folder</source>
        <translation>pg_dump-Datei (custom, tar oder reines SQL) oder Ordner im directory-Format</translation>
    </message>
    <message>
        <location filename="../ui/newreviewdialog.cpp" line="292"/>
        <source>A pg_dump output: it is restored into a scratch database of staging, then loaded</source>
        <translation>Eine pg_dump-Ausgabe: Sie wird in eine Hilfsdatenbank des Staging wiederhergestellt und dann geladen</translation>
    </message>
    <message>
        <location filename="../ui/newreviewdialog.cpp" line="293"/>
        <source>File…</source>
        <translation>Datei…</translation>
    </message>
    <message>
        <location filename="../ui/newreviewdialog.cpp" line="295"/>
        <source>Choose a pg_dump file (custom, tar or plain SQL format)</source>
        <translation>Eine pg_dump-Datei wählen (Format custom, tar oder reines SQL)</translation>
    </message>
    <message>
        <location filename="../ui/newreviewdialog.cpp" line="296"/>
        <source>Folder…</source>
        <translation>Ordner…</translation>
    </message>
    <message>
        <location filename="../ui/newreviewdialog.cpp" line="298"/>
        <source>Choose the folder of a directory-format dump (pg_dump -Fd)</source>
        <translation>Den Ordner eines Dumps im directory-Format wählen (pg_dump -Fd)</translation>
    </message>
    <message>
        <location filename="../ui/newreviewdialog.cpp" line="352"/>
        <source>Host:</source>
        <translation>Host:</translation>
    </message>
    <message>
        <location filename="../ui/newreviewdialog.cpp" line="353"/>
        <source>Port:</source>
        <translation>Port:</translation>
    </message>
    <message>
        <location filename="../ui/newreviewdialog.cpp" line="354"/>
        <source>Database:</source>
        <translation>Datenbank:</translation>
    </message>
    <message>
        <location filename="../ui/newreviewdialog.cpp" line="355"/>
        <source>User:</source>
        <translation>Benutzer:</translation>
    </message>
    <message>
        <location filename="../ui/newreviewdialog.cpp" line="306"/>
        <source>all schemas</source>
        <translation>alle Schemas</translation>
    </message>
    <message>
        <location filename="../ui/newreviewdialog.cpp" line="307"/>
        <source>Take only this schema, standing for the whole side (as --%1-schema in the command line). Its tables are matched under the target&apos;s schema, else public.</source>
        <translation>Nur dieses Schema nehmen, stellvertretend für die ganze Seite (wie --%1-schema auf der Kommandozeile). Seine Tabellen werden dem Schema des Ziels zugeordnet, sonst public.</translation>
    </message>
    <message>
        <location filename="../ui/newreviewdialog.cpp" line="311"/>
        <source>Password:</source>
        <translation>Passwort:</translation>
    </message>
    <message>
        <location filename="../ui/newreviewdialog.cpp" line="312"/>
        <source>not stored</source>
        <translation>wird nicht gespeichert</translation>
    </message>
    <message>
        <location filename="../ui/newreviewdialog.cpp" line="313"/>
        <source>Used for the test and the load only: kept in memory while this dialog is open and never written anywhere. ~/.pgpass keeps it for good.</source>
        <translation>Nur für den Test und das Laden: im Speicher gehalten, solange dieser Dialog offen ist, und nirgends geschrieben. In ~/.pgpass bleibt es dauerhaft.</translation>
    </message>
    <message>
        <location filename="../ui/newreviewdialog.cpp" line="320"/>
        <source>Test</source>
        <translation>Testen</translation>
    </message>
    <message>
        <location filename="../ui/newreviewdialog.cpp" line="324"/>
        <source>Connect and count the tables, or read the dump&apos;s table of contents, without loading anything</source>
        <translation>Verbinden und die Tabellen zählen oder das Inhaltsverzeichnis des Dumps lesen, ohne etwas zu laden</translation>
    </message>
    <message>
        <location filename="../ui/newreviewdialog.cpp" line="374"/>
        <source>From:</source>
        <translation>Aus:</translation>
    </message>
    <message>
        <location filename="../ui/newreviewdialog.cpp" line="376"/>
        <source>Schema:</source>
        <translation>Schema:</translation>
    </message>
    <message>
        <location filename="../ui/newreviewdialog.cpp" line="516"/>
        <source>Not tested yet.</source>
        <translation>Noch nicht getestet.</translation>
    </message>
    <message>
        <location filename="../ui/newreviewdialog.cpp" line="520"/>
        <source>Testing…</source>
        <translation>Wird getestet…</translation>
    </message>
    <message>
        <location filename="../ui/newreviewdialog.cpp" line="556"/>
        <source>Nothing to test: give a connection string, a server or a dump file.</source>
        <translation>Nichts zu testen: Geben Sie eine Verbindungszeichenkette, einen Server oder eine Dump-Datei an.</translation>
    </message>
    <message>
        <location filename="../ui/newreviewdialog.cpp" line="618"/>
        <source>Give the source: a connection string, a server or a dump file.</source>
        <translation>Geben Sie die Quelle an: eine Verbindungszeichenkette, einen Server oder eine Dump-Datei.</translation>
    </message>
    <message>
        <location filename="../ui/newreviewdialog.cpp" line="620"/>
        <source>Give the target: a connection string, a server or a dump file.</source>
        <translation>Geben Sie das Ziel an: eine Verbindungszeichenkette, einen Server oder eine Dump-Datei.</translation>
    </message>
    <message>
        <location filename="../ui/newreviewdialog.cpp" line="631"/>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <location filename="../ui/newreviewdialog.cpp" line="637"/>
        <source>%1: give the database&apos;s name.</source>
        <translation>%1: Geben Sie den Namen der Datenbank an.</translation>
    </message>
    <message>
        <location filename="../ui/newreviewdialog.cpp" line="641"/>
        <source>%1: there is no file or folder &quot;%2&quot;.</source>
        <translation>%1: Es gibt keine Datei und keinen Ordner „%2“.</translation>
    </message>
    <message>
        <location filename="../ui/newreviewdialog.cpp" line="652"/>
        <source>A review named &quot;%1&quot; exists already in staging.</source>
        <translation>Ein Abgleich namens „%1“ existiert bereits im Staging.</translation>
    </message>
    <message>
        <location filename="../ui/newreviewdialog.cpp" line="658"/>
        <source>Name the review.</source>
        <translation>Benennen Sie den Abgleich.</translation>
    </message>
    <message>
        <location filename="../ui/newreviewdialog.cpp" line="663"/>
        <source>%1: %2.</source>
        <translation>%1: %2.</translation>
    </message>
    <message>
        <location filename="../ui/newreviewdialog.cpp" line="667"/>
        <source>A review named &quot;%1&quot; exists already: choose another name, or tick &quot;Load into it&quot;.</source>
        <translation>Ein Abgleich namens „%1“ existiert bereits: Wählen Sie einen anderen Namen oder kreuzen Sie „Hinein laden“ an.</translation>
    </message>
    <message>
        <location filename="../ui/newreviewdialog.cpp" line="692"/>
        <source>Tables: waiting for the first side</source>
        <translation>Tabellen: Warten auf die erste Seite</translation>
    </message>
    <message>
        <location filename="../ui/newreviewdialog.cpp" line="714"/>
        <source>Comparing: %1 of %2 tables compared</source>
        <translation>Vergleich: %1 von %2 Tabellen verglichen</translation>
    </message>
    <message>
        <location filename="../ui/newreviewdialog.cpp" line="715"/>
        <source>Comparing: %1 of %2 tables compared, last %3</source>
        <translation>Vergleich: %1 von %2 Tabellen verglichen, zuletzt %3</translation>
    </message>
    <message>
        <location filename="../ui/newreviewdialog.cpp" line="717"/>
        <source>base</source>
        <translation>Basis</translation>
    </message>
    <message>
        <location filename="../ui/newreviewdialog.cpp" line="718"/>
        <source>source</source>
        <translation>Quelle</translation>
    </message>
    <message>
        <location filename="../ui/newreviewdialog.cpp" line="719"/>
        <source>target</source>
        <translation>Ziel</translation>
    </message>
    <message>
        <location filename="../ui/newreviewdialog.cpp" line="721"/>
        <source>Loading the %1: %2 of %3 tables copied</source>
        <translation>Laden (%1): %2 von %3 Tabellen kopiert</translation>
    </message>
    <message>
        <location filename="../ui/newreviewdialog.cpp" line="722"/>
        <source>Loading the %1: %2 of %3 tables copied, copying %4</source>
        <translation>Laden (%1): %2 von %3 Tabellen kopiert, kopiere %4</translation>
    </message>
    <message>
        <location filename="../ui/newreviewdialog.cpp" line="763"/>
        <source>Creating the review &quot;%1&quot;…</source>
        <translation>Der Abgleich „%1“ wird angelegt…</translation>
    </message>
    <message>
        <location filename="../ui/newreviewdialog.cpp" line="771"/>
        <source>A review named &quot;%1&quot; exists already.</source>
        <translation>Ein Abgleich namens „%1“ existiert bereits.</translation>
    </message>
    <message>
        <location filename="../ui/newreviewdialog.cpp" line="772"/>
        <source>Choose another name, or tick &quot;Load into it&quot; to replace its sides.</source>
        <translation>Wählen Sie einen anderen Namen oder kreuzen Sie „Hinein laden“ an, um seine Seiten zu ersetzen.</translation>
    </message>
    <message>
        <location filename="../ui/newreviewdialog.cpp" line="821"/>
        <source>Cancelling…</source>
        <translation>Wird abgebrochen…</translation>
    </message>
    <message>
        <location filename="../ui/newreviewdialog.cpp" line="833"/>
        <source>Cancelled. Each side of the review is either loaded completely or as it was before; &quot;Load and Compare&quot; runs it again.</source>
        <translation>Abgebrochen. Jede Seite des Abgleichs ist entweder vollständig geladen oder wie zuvor; „Laden und vergleichen“ startet erneut.</translation>
    </message>
    <message>
        <location filename="../ui/newreviewdialog.cpp" line="838"/>
        <source>The review could not be prepared.
%1</source>
        <translation>Der Abgleich konnte nicht vorbereitet werden.
%1</translation>
    </message>
    <message>
        <location filename="../ui/newreviewdialog.cpp" line="864"/>
        <source>Choose a directory-format dump folder</source>
        <translation>Einen Dump-Ordner im directory-Format wählen</translation>
    </message>
    <message>
        <location filename="../ui/newreviewdialog.cpp" line="865"/>
        <source>Choose a pg_dump file</source>
        <translation>Eine pg_dump-Datei wählen</translation>
    </message>
    <message>
        <location filename="../ui/newreviewdialog.cpp" line="866"/>
        <source>pg_dump outputs (*.dump *.backup *.custom *.tar *.sql);;All files (*)</source>
        <translation>pg_dump-Ausgaben (*.dump *.backup *.custom *.tar *.sql);;Alle Dateien (*)</translation>
    </message>
</context>
<context>
    <name>pgr::ui::PipelineJob</name>
    <message>
        <location filename="../ui/pipelinejob.cpp" line="91"/>
        <source>Loading the %1: %2 (%3 of %4 tables)</source>
        <translation>Laden (%1): %2 (%3 von %4 Tabellen)</translation>
    </message>
    <message>
        <location filename="../ui/pipelinejob.cpp" line="97"/>
        <source>Comparing the tables…</source>
        <translation>Die Tabellen werden verglichen…</translation>
    </message>
    <message>
        <location filename="../ui/pipelinejob.cpp" line="101"/>
        <source>Compared %1 (%2 of %3 tables)</source>
        <translation>%1 verglichen (%2 von %3 Tabellen)</translation>
    </message>
    <message>
        <location filename="../ui/pipelinejob.cpp" line="130"/>
        <source>Done</source>
        <translation>Fertig</translation>
    </message>
</context>
<context>
    <name>pgr::ui::ReviewView</name>
    <message>
        <location filename="../ui/reviewview.cpp" line="40"/>
        <source>none</source>
        <translation>keine</translation>
    </message>
    <message>
        <location filename="../ui/reviewview.cpp" line="49"/>
        <location filename="../ui/reviewview.cpp" line="860"/>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <location filename="../ui/reviewview.cpp" line="141"/>
        <location filename="../ui/reviewview.cpp" line="237"/>
        <source>%1, %2</source>
        <translation>%1, %2</translation>
    </message>
    <message>
        <location filename="../ui/reviewview.cpp" line="239"/>
        <source>%1, matching &quot;%2&quot;</source>
        <translation>%1, passend zu „%2“</translation>
    </message>
    <message>
        <location filename="../ui/reviewview.cpp" line="250"/>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <location filename="../ui/reviewview.cpp" line="273"/>
        <source>Take &amp;Source</source>
        <translation>&amp;Quelle übernehmen</translation>
    </message>
    <message>
        <location filename="../ui/reviewview.cpp" line="273"/>
        <location filename="../ui/reviewview.cpp" line="400"/>
        <source>Take the source&apos;s row</source>
        <translation>Die Zeile der Quelle übernehmen</translation>
    </message>
    <message>
        <location filename="../ui/reviewview.cpp" line="275"/>
        <source>Keep &amp;Target</source>
        <translation>&amp;Ziel behalten</translation>
    </message>
    <message>
        <location filename="../ui/reviewview.cpp" line="275"/>
        <source>Keep the target&apos;s row as it is</source>
        <translation>Die Zeile des Ziels so lassen, wie sie ist</translation>
    </message>
    <message>
        <location filename="../ui/reviewview.cpp" line="277"/>
        <source>Accept &amp;Merge</source>
        <translation>Zusammenführung &amp;annehmen</translation>
    </message>
    <message>
        <location filename="../ui/reviewview.cpp" line="277"/>
        <source>Accept the merged row of a column merge</source>
        <translation>Die zusammengeführte Zeile einer Spaltenzusammenführung annehmen</translation>
    </message>
    <message>
        <location filename="../ui/reviewview.cpp" line="279"/>
        <source>&amp;Re-key</source>
        <translation>Neuer &amp;Schlüssel</translation>
    </message>
    <message>
        <location filename="../ui/reviewview.cpp" line="279"/>
        <location filename="../ui/reviewview.cpp" line="423"/>
        <source>Insert the source&apos;s row under a fresh key</source>
        <translation>Die Zeile der Quelle unter einem neuen Schlüssel einfügen</translation>
    </message>
    <message>
        <location filename="../ui/reviewview.cpp" line="281"/>
        <source>Ma&amp;p onto Target&apos;s Row</source>
        <translation>Auf die Zeile des Ziels a&amp;bbilden</translation>
    </message>
    <message>
        <location filename="../ui/reviewview.cpp" line="282"/>
        <location filename="../ui/reviewview.cpp" line="404"/>
        <source>The source&apos;s row is the target&apos;s row it collides with: carry over the rows that reference it, pointing there</source>
        <translation>Die Zeile der Quelle ist die Zeile des Ziels, mit der sie kollidiert: die Zeilen, die auf sie verweisen, werden übernommen und verweisen dorthin</translation>
    </message>
    <message>
        <location filename="../ui/reviewview.cpp" line="285"/>
        <source>&amp;Edit Row</source>
        <translation>Zeile &amp;bearbeiten</translation>
    </message>
    <message>
        <location filename="../ui/reviewview.cpp" line="285"/>
        <source>Edit the result row by hand</source>
        <translation>Die Ergebniszeile von Hand bearbeiten</translation>
    </message>
    <message>
        <location filename="../ui/reviewview.cpp" line="287"/>
        <source>&amp;Apply Edit</source>
        <translation>Bearbeitung an&amp;wenden</translation>
    </message>
    <message>
        <location filename="../ui/reviewview.cpp" line="287"/>
        <source>Store the edited row (PostgreSQL checks it first)</source>
        <translation>Die bearbeitete Zeile speichern (PostgreSQL prüft sie vorher)</translation>
    </message>
    <message>
        <location filename="../ui/reviewview.cpp" line="289"/>
        <source>Cancel Edit</source>
        <translation>Bearbeitung abbrechen</translation>
    </message>
    <message>
        <location filename="../ui/reviewview.cpp" line="289"/>
        <source>Leave the edit without storing it</source>
        <translation>Die Bearbeitung verlassen, ohne sie zu speichern</translation>
    </message>
    <message>
        <location filename="../ui/reviewview.cpp" line="291"/>
        <source>&amp;Next Change</source>
        <translation>&amp;Nächste Änderung</translation>
    </message>
    <message>
        <location filename="../ui/reviewview.cpp" line="291"/>
        <source>Go to the next change in the list</source>
        <translation>Zur nächsten Änderung der Liste gehen</translation>
    </message>
    <message>
        <location filename="../ui/reviewview.cpp" line="293"/>
        <source>&amp;Previous Change</source>
        <translation>&amp;Vorherige Änderung</translation>
    </message>
    <message>
        <location filename="../ui/reviewview.cpp" line="293"/>
        <source>Go to the previous change in the list</source>
        <translation>Zur vorherigen Änderung der Liste gehen</translation>
    </message>
    <message>
        <location filename="../ui/reviewview.cpp" line="295"/>
        <source>Next &amp;Undecided Conflict</source>
        <translation>Nächster &amp;unentschiedener Konflikt</translation>
    </message>
    <message>
        <location filename="../ui/reviewview.cpp" line="295"/>
        <source>Go to the next undecided conflict, in any table</source>
        <translation>Zum nächsten unentschiedenen Konflikt gehen, in jeder Tabelle</translation>
    </message>
    <message>
        <location filename="../ui/reviewview.cpp" line="297"/>
        <source>Previous Undecided &amp;Conflict</source>
        <translation>Vorheriger unentschiedener &amp;Konflikt</translation>
    </message>
    <message>
        <location filename="../ui/reviewview.cpp" line="298"/>
        <source>Go to the previous undecided conflict, in any table</source>
        <translation>Zum vorherigen unentschiedenen Konflikt gehen, in jeder Tabelle</translation>
    </message>
    <message>
        <location filename="../ui/reviewview.cpp" line="300"/>
        <source>&amp;Undo Decision</source>
        <translation>Entscheidung &amp;rückgängig</translation>
    </message>
    <message>
        <location filename="../ui/reviewview.cpp" line="300"/>
        <source>Undo the latest decision (a bulk decision as a whole)</source>
        <translation>Die letzte Entscheidung rückgängig machen (eine Sammelentscheidung als Ganzes)</translation>
    </message>
    <message>
        <location filename="../ui/reviewview.cpp" line="302"/>
        <source>Re&amp;do Decision</source>
        <translation>Entscheidung wie&amp;derholen</translation>
    </message>
    <message>
        <location filename="../ui/reviewview.cpp" line="302"/>
        <source>Redo the decision undone last</source>
        <translation>Die zuletzt rückgängig gemachte Entscheidung wiederholen</translation>
    </message>
    <message>
        <location filename="../ui/reviewview.cpp" line="304"/>
        <source>A&amp;uto-Advance</source>
        <translation>Automatisch wei&amp;tergehen</translation>
    </message>
    <message>
        <location filename="../ui/reviewview.cpp" line="304"/>
        <source>After a decision, go to the next undecided conflict</source>
        <translation>Nach einer Entscheidung zum nächsten unentschiedenen Konflikt gehen</translation>
    </message>
    <message>
        <location filename="../ui/reviewview.cpp" line="331"/>
        <source>Previous Undecided Conflict</source>
        <comment>toolbar</comment>
        <translation>Vorheriger Konflikt</translation>
    </message>
    <message>
        <location filename="../ui/reviewview.cpp" line="332"/>
        <source>Next Undecided Conflict</source>
        <comment>toolbar</comment>
        <translation>Nächster Konflikt</translation>
    </message>
    <message>
        <location filename="../ui/reviewview.cpp" line="333"/>
        <source>Undo Decision</source>
        <comment>toolbar</comment>
        <translation>Rückgängig</translation>
    </message>
    <message>
        <location filename="../ui/reviewview.cpp" line="334"/>
        <source>Redo Decision</source>
        <comment>toolbar</comment>
        <translation>Wiederholen</translation>
    </message>
    <message>
        <location filename="../ui/reviewview.cpp" line="335"/>
        <source>Auto-Advance</source>
        <comment>toolbar</comment>
        <translation>Automatisch weiter</translation>
    </message>
    <message>
        <location filename="../ui/reviewview.cpp" line="418"/>
        <source>Re-key: checking whether this table&apos;s keys can be re-keyed…</source>
        <translation>Neuer Schlüssel: Es wird geprüft, ob die Schlüssel dieser Tabelle neu vergeben werden können…</translation>
    </message>
    <message>
        <location filename="../ui/reviewview.cpp" line="420"/>
        <source>Re-key is not possible here: %1</source>
        <translation>Ein neuer Schlüssel ist hier nicht möglich: %1</translation>
    </message>
    <message>
        <location filename="../ui/reviewview.cpp" line="482"/>
        <source>%1: refused, nothing stored (the reason is under the rows)</source>
        <translation>%1: abgelehnt, nichts gespeichert (der Grund steht unter den Zeilen)</translation>
    </message>
    <message>
        <location filename="../ui/reviewview.cpp" line="483"/>
        <source>%1: refused: %2</source>
        <translation>%1: abgelehnt: %2</translation>
    </message>
    <message>
        <location filename="../ui/reviewview.cpp" line="489"/>
        <source>%1: 1 change decided</source>
        <translation>%1: 1 Änderung entschieden</translation>
    </message>
    <message>
        <location filename="../ui/reviewview.cpp" line="490"/>
        <source>%1: %2 changes decided</source>
        <translation>%1: %2 Änderungen entschieden</translation>
    </message>
    <message>
        <location filename="../ui/reviewview.cpp" line="492"/>
        <source>; skipped: %1</source>
        <translation>; übersprungen: %1</translation>
    </message>
    <message>
        <location filename="../ui/reviewview.cpp" line="494"/>
        <source>; %1</source>
        <translation>; %1</translation>
    </message>
    <message>
        <location filename="../ui/reviewview.cpp" line="518"/>
        <source>%1 %2: %3</source>
        <translation>%1 %2: %3</translation>
    </message>
    <message>
        <location filename="../ui/reviewview.cpp" line="542"/>
        <source>Edit the row as JSON. %1 stores it once PostgreSQL accepts it; %2 cancels.</source>
        <translation>Bearbeiten Sie die Zeile als JSON. %1 speichert sie, sobald PostgreSQL sie annimmt; %2 bricht ab.</translation>
    </message>
    <message>
        <location filename="../ui/reviewview.cpp" line="557"/>
        <source>%1 %2: edited row</source>
        <translation>%1 %2: bearbeitete Zeile</translation>
    </message>
    <message>
        <location filename="../ui/reviewview.cpp" line="561"/>
        <source>Not stored: %1</source>
        <translation>Nicht gespeichert: %1</translation>
    </message>
    <message>
        <location filename="../ui/reviewview.cpp" line="574"/>
        <source>Redo</source>
        <translation>Wiederholen</translation>
    </message>
    <message>
        <location filename="../ui/reviewview.cpp" line="574"/>
        <source>Undo</source>
        <translation>Rückgängig</translation>
    </message>
    <message>
        <location filename="../ui/reviewview.cpp" line="630"/>
        <source>No undecided conflicts left.</source>
        <translation>Keine unentschiedenen Konflikte mehr.</translation>
    </message>
    <message>
        <location filename="../ui/reviewview.cpp" line="677"/>
        <source>%1 %2 is hidden by the filter.</source>
        <translation>%1 %2 ist durch den Filter ausgeblendet.</translation>
    </message>
    <message>
        <location filename="../ui/reviewview.cpp" line="692"/>
        <source>Take Source for All Undecided Here…</source>
        <translation>Quelle für alle unentschiedenen hier übernehmen…</translation>
    </message>
    <message>
        <location filename="../ui/reviewview.cpp" line="695"/>
        <source>Keep Target for All Undecided Here…</source>
        <translation>Ziel für alle unentschiedenen hier behalten…</translation>
    </message>
    <message>
        <location filename="../ui/reviewview.cpp" line="702"/>
        <source>Take Source for All Here, Overwriting Defaults and Decisions…</source>
        <translation>Quelle für alle hier übernehmen, Vorgaben und Entscheidungen überschreiben…</translation>
    </message>
    <message>
        <location filename="../ui/reviewview.cpp" line="705"/>
        <source>Keep Target for All Here, Overwriting Defaults and Decisions…</source>
        <translation>Ziel für alle hier behalten, Vorgaben und Entscheidungen überschreiben…</translation>
    </message>
    <message>
        <location filename="../ui/reviewview.cpp" line="728"/>
        <source>Nothing to decide</source>
        <translation>Nichts zu entscheiden</translation>
    </message>
    <message>
        <location filename="../ui/reviewview.cpp" line="730"/>
        <source>No undecided change in %1.</source>
        <translation>Keine unentschiedene Änderung in %1.</translation>
    </message>
    <message>
        <location filename="../ui/reviewview.cpp" line="729"/>
        <source>No change to decide in %1.</source>
        <translation>Keine Änderung zu entscheiden in %1.</translation>
    </message>
    <message>
        <location filename="../ui/reviewview.cpp" line="734"/>
        <source>%1 for %2 change(s) in %3, overwriting their defaults and earlier decisions?</source>
        <translation>%1 für %2 Änderung(en) in %3, ihre Vorgaben und früheren Entscheidungen überschreibend?</translation>
    </message>
    <message>
        <location filename="../ui/reviewview.cpp" line="740"/>
        <source>Decide in bulk</source>
        <translation>Sammelentscheidung</translation>
    </message>
    <message>
        <location filename="../ui/reviewview.cpp" line="738"/>
        <source>%1 for the 1 undecided change in %2?</source>
        <translation>%1 für die 1 unentschiedene Änderung in %2?</translation>
    </message>
    <message>
        <location filename="../ui/reviewview.cpp" line="164"/>
        <source>Filter: text, column = value, column &gt; value, or keys [10]..[20]</source>
        <translation>Filter: Text, Spalte = Wert, Spalte &gt; Wert oder Schlüssel [10]..[20]</translation>
    </message>
    <message>
        <location filename="../ui/reviewview.cpp" line="165"/>
        <source>Text: changes whose key, source row or target row contains it (any case); &quot;in quotes&quot; for text with = &lt; &gt;.
column = value (or &lt;&gt;): changes whose source or target row has exactly that text in that column.
column &lt; value (&lt;=, &gt;, &gt;=): ordered as the column&apos;s type (numbers, dates).
[10]..[20]: keys from 10 to 20; [10].. or ..[20] for an open end.
The bulk decisions of the list&apos;s menu decide exactly the changes listed.</source>
        <translation>Text: Änderungen, deren Schlüssel, Quell- oder Zielzeile ihn enthält (Groß-/Kleinschreibung egal); „in Anführungszeichen“ für Text mit = &lt; &gt;.
Spalte = Wert (oder &lt;&gt;): Änderungen, deren Quell- oder Zielzeile genau diesen Text in dieser Spalte hat.
Spalte &lt; Wert (&lt;=, &gt;, &gt;=): geordnet nach dem Typ der Spalte (Zahlen, Daten).
[10]..[20]: Schlüssel von 10 bis 20; [10].. oder ..[20] für ein offenes Ende.
Die Sammelentscheidungen im Menü der Liste entscheiden genau die aufgeführten Änderungen.</translation>
    </message>
    <message>
        <location filename="../ui/reviewview.cpp" line="398"/>
        <source>Take Source is not possible here: the target has another row with the same unique values (see the rows below); keep the target, map the row onto the target&apos;s, or edit it</source>
        <translation>Quelle übernehmen ist hier nicht möglich: das Ziel hat eine andere Zeile mit denselben eindeutigen Werten (siehe die Zeilen unten); Ziel behalten, die Zeile auf die des Ziels abbilden oder sie bearbeiten</translation>
    </message>
    <message>
        <location filename="../ui/reviewview.cpp" line="406"/>
        <source>Map onto Target&apos;s Row: only for a unique collision (the same row added on both sides)</source>
        <translation>Auf die Zeile des Ziels abbilden: nur bei einer Eindeutigkeitskollision (dieselbe Zeile auf beiden Seiten hinzugefügt)</translation>
    </message>
    <message>
        <location filename="../ui/reviewview.cpp" line="415"/>
        <source>Re-key: only for an insert/insert or an id collision (both sides inserted the same key, or the same id in it)</source>
        <translation>Neuer Schlüssel: nur bei Einfügen/Einfügen oder einer ID-Kollision (beide Seiten haben denselben Schlüssel oder dieselbe ID darin eingefügt)</translation>
    </message>
    <message>
        <location filename="../ui/reviewview.cpp" line="496"/>
        <source>; check: these rows would point at parents the merge leaves absent: %1</source>
        <translation>; Prüfung: diese Zeilen würden auf Elternzeilen verweisen, die nach dem Zusammenführen fehlen: %1</translation>
    </message>
    <message>
        <location filename="../ui/reviewview.cpp" line="739"/>
        <source>%1 for %2 undecided changes in %3?</source>
        <translation>%1 für %2 unentschiedene Änderungen in %3?</translation>
    </message>
    <message>
        <location filename="../ui/reviewview.cpp" line="747"/>
        <source>%1 for all undecided in %2</source>
        <translation>%1 für alle unentschiedenen in %2</translation>
    </message>
    <message>
        <location filename="../ui/reviewview.cpp" line="746"/>
        <source>%1 for all in %2</source>
        <translation>%1 für alle in %2</translation>
    </message>
    <message>
        <location filename="../ui/reviewview.cpp" line="774"/>
        <source>1 conflict left</source>
        <translation>1 Konflikt offen</translation>
    </message>
    <message>
        <location filename="../ui/reviewview.cpp" line="774"/>
        <source>%1 conflicts left</source>
        <translation>%1 Konflikte offen</translation>
    </message>
    <message>
        <location filename="../ui/reviewview.cpp" line="775"/>
        <source>%1 decided / %2 total, %3</source>
        <translation>%1 entschieden / %2 gesamt, %3</translation>
    </message>
    <message>
        <location filename="../ui/reviewview.cpp" line="780"/>
        <source>, 1 flagged for a look</source>
        <translation>, 1 zum Ansehen markiert</translation>
    </message>
    <message>
        <location filename="../ui/reviewview.cpp" line="781"/>
        <source>, %1 flagged for a look</source>
        <translation>, %1 zum Ansehen markiert</translation>
    </message>
    <message>
        <location filename="../ui/reviewview.cpp" line="799"/>
        <location filename="../ui/reviewview.cpp" line="898"/>
        <source>Select a change to see its rows.</source>
        <translation>Wählen Sie eine Änderung, um ihre Zeilen zu sehen.</translation>
    </message>
    <message>
        <location filename="../ui/reviewview.cpp" line="800"/>
        <source>Review &quot;%1&quot;</source>
        <translation>Abgleich „%1“</translation>
    </message>
    <message>
        <location filename="../ui/reviewview.cpp" line="801"/>
        <source>Select a table on the left to see how it was compared.</source>
        <translation>Wählen Sie links eine Tabelle, um zu sehen, wie sie verglichen wurde.</translation>
    </message>
    <message>
        <location filename="../ui/reviewview.cpp" line="816"/>
        <source>%1 tables, %2 changes, %3 conflicts to decide. Select a table to see how it was compared.</source>
        <translation>%1 Tabellen, %2 Änderungen, %3 Konflikte zu entscheiden. Wählen Sie eine Tabelle, um zu sehen, wie sie verglichen wurde.</translation>
    </message>
    <message>
        <location filename="../ui/reviewview.cpp" line="854"/>
        <source>Comparison</source>
        <translation>Vergleich</translation>
    </message>
    <message>
        <location filename="../ui/reviewview.cpp" line="855"/>
        <source>not compared: %1</source>
        <translation>nicht verglichen: %1</translation>
    </message>
    <message>
        <location filename="../ui/reviewview.cpp" line="856"/>
        <source>three-way (base, source, target)</source>
        <translation>Drei-Wege (Basis, Quelle, Ziel)</translation>
    </message>
    <message>
        <location filename="../ui/reviewview.cpp" line="857"/>
        <source>two-way (source, target)</source>
        <translation>Zwei-Wege (Quelle, Ziel)</translation>
    </message>
    <message>
        <location filename="../ui/reviewview.cpp" line="858"/>
        <source>Key</source>
        <translation>Schlüssel</translation>
    </message>
    <message>
        <location filename="../ui/reviewview.cpp" line="859"/>
        <source>none: rows compared as a multiset</source>
        <translation>keiner: Zeilen als Multimenge verglichen</translation>
    </message>
    <message>
        <location filename="../ui/reviewview.cpp" line="861"/>
        <source>Compared columns</source>
        <translation>Verglichene Spalten</translation>
    </message>
    <message>
        <location filename="../ui/reviewview.cpp" line="863"/>
        <source>Compared by text</source>
        <translation>Als Text verglichen</translation>
    </message>
    <message>
        <location filename="../ui/reviewview.cpp" line="865"/>
        <source>Ignored</source>
        <translation>Ignoriert</translation>
    </message>
    <message>
        <location filename="../ui/reviewview.cpp" line="875"/>
        <source>Schema drift</source>
        <translation>Schemaabweichung</translation>
    </message>
</context>
<context>
    <name>pgr::ui::RowView</name>
    <message>
        <location filename="../ui/rowview.cpp" line="24"/>
        <source>Base</source>
        <translation>Basis</translation>
    </message>
    <message>
        <location filename="../ui/rowview.cpp" line="24"/>
        <source>Source</source>
        <translation>Quelle</translation>
    </message>
    <message>
        <location filename="../ui/rowview.cpp" line="24"/>
        <source>Target</source>
        <translation>Ziel</translation>
    </message>
    <message>
        <location filename="../ui/rowview.cpp" line="24"/>
        <location filename="../ui/rowview.cpp" line="129"/>
        <location filename="../ui/rowview.cpp" line="175"/>
        <source>Result</source>
        <translation>Ergebnis</translation>
    </message>
    <message>
        <location filename="../ui/rowview.cpp" line="59"/>
        <source>What the merge script will leave in the target</source>
        <translation>Was das Merge-Skript im Ziel hinterlassen wird</translation>
    </message>
    <message>
        <location filename="../ui/rowview.cpp" line="96"/>
        <source>Select a change to see its rows.</source>
        <translation>Wählen Sie eine Änderung, um ihre Zeilen zu sehen.</translation>
    </message>
    <message>
        <location filename="../ui/rowview.cpp" line="137"/>
        <source>// no row on this side</source>
        <translation>// keine Zeile auf dieser Seite</translation>
    </message>
    <message>
        <location filename="../ui/rowview.cpp" line="184"/>
        <source>// undecided: take source, keep target,
// edit or re-key (Decide menu)</source>
        <translation>// unentschieden: Quelle übernehmen, Ziel behalten,
// bearbeiten oder neuer Schlüssel (Menü Entscheiden)</translation>
    </message>
    <message>
        <location filename="../ui/rowview.cpp" line="185"/>
        <source>Result: undecided</source>
        <translation>Ergebnis: unentschieden</translation>
    </message>
    <message>
        <location filename="../ui/rowview.cpp" line="189"/>
        <location filename="../ui/rowview.cpp" line="192"/>
        <source>// no row: stays absent from the target</source>
        <translation>// keine Zeile: fehlt weiterhin im Ziel</translation>
    </message>
    <message>
        <location filename="../ui/rowview.cpp" line="190"/>
        <source>Result: target as it is</source>
        <translation>Ergebnis: Ziel wie es ist</translation>
    </message>
    <message>
        <location filename="../ui/rowview.cpp" line="193"/>
        <source>Result: keep target</source>
        <translation>Ergebnis: Ziel behalten</translation>
    </message>
    <message>
        <location filename="../ui/rowview.cpp" line="196"/>
        <source>Result: edited row</source>
        <translation>Ergebnis: bearbeitete Zeile</translation>
    </message>
    <message>
        <location filename="../ui/rowview.cpp" line="199"/>
        <source>Result: merged row</source>
        <translation>Ergebnis: zusammengeführte Zeile</translation>
    </message>
    <message>
        <location filename="../ui/rowview.cpp" line="206"/>
        <source>// mapped onto the target&apos;s
// row %1: not inserted; the
// source rows that reference
// it point there
</source>
        <translation>// auf die Zeile %1 des Ziels
// abgebildet: nicht eingefügt;
// die Zeilen der Quelle, die auf
// sie verweisen, zeigen dorthin
</translation>
    </message>
    <message>
        <location filename="../ui/rowview.cpp" line="210"/>
        <source>// the target keeps its own row of this key
</source>
        <translation>// das Ziel behält seine eigene Zeile dieses Schlüssels
</translation>
    </message>
    <message>
        <location filename="../ui/rowview.cpp" line="211"/>
        <source>Result: mapped onto the target&apos;s row</source>
        <translation>Ergebnis: auf die Zeile des Ziels abgebildet</translation>
    </message>
    <message>
        <location filename="../ui/rowview.cpp" line="213"/>
        <source>// moves with its re-keyed parent: inserted under the parent&apos;s new key;
// the target keeps its own row of this key
</source>
        <translation>// zieht mit seinem Elternteil unter neuem Schlüssel um: eingefügt unter dessen neuem Schlüssel;
// das Ziel behält seine eigene Zeile dieses Schlüssels
</translation>
    </message>
    <message>
        <location filename="../ui/rowview.cpp" line="216"/>
        <source>Result: moves with its parent</source>
        <translation>Ergebnis: zieht mit dem Elternteil um</translation>
    </message>
    <message>
        <location filename="../ui/rowview.cpp" line="218"/>
        <source>// re-keyed: inserted with a fresh id from the target&apos;s sequence
// (the other key columns kept); the target keeps its row with this id
</source>
        <translation>// neuer Schlüssel: mit einer frischen ID aus der Sequenz des Ziels eingefügt
// (die anderen Schlüsselspalten bleiben); das Ziel behält seine Zeile mit dieser ID
</translation>
    </message>
    <message>
        <location filename="../ui/rowview.cpp" line="223"/>
        <source>// re-keyed: inserted under a fresh key from the target&apos;s sequence;
// the target keeps its own row of this key
</source>
        <translation>// neuer Schlüssel: eingefügt unter einem frischen Schlüssel aus der Sequenz des Ziels;
// das Ziel behält seine eigene Zeile mit diesem Schlüssel
</translation>
    </message>
    <message>
        <location filename="../ui/rowview.cpp" line="221"/>
        <location filename="../ui/rowview.cpp" line="226"/>
        <source>Result: re-keyed</source>
        <translation>Ergebnis: neuer Schlüssel</translation>
    </message>
    <message>
        <location filename="../ui/rowview.cpp" line="228"/>
        <source>// deleted from the target</source>
        <translation>// aus dem Ziel gelöscht</translation>
    </message>
    <message>
        <location filename="../ui/rowview.cpp" line="229"/>
        <source>Result: take source</source>
        <translation>Ergebnis: Quelle übernehmen</translation>
    </message>
    <message>
        <location filename="../ui/rowview.cpp" line="232"/>
        <source> (default)</source>
        <translation> (Vorgabe)</translation>
    </message>
    <message>
        <location filename="../ui/rowview.cpp" line="247"/>
        <source>still points at this row: deleted with it if the source is taken</source>
        <translation>verweist noch auf diese Zeile: wird mit ihr gelöscht, wenn die Quelle übernommen wird</translation>
    </message>
    <message>
        <location filename="../ui/rowview.cpp" line="249"/>
        <source>its parent, deleted on the target: brought back if the source is taken</source>
        <translation>ihr Elternteil, auf dem Ziel gelöscht: wird zurückgeholt, wenn die Quelle übernommen wird</translation>
    </message>
    <message>
        <location filename="../ui/rowview.cpp" line="251"/>
        <source>deleted with it by cascade on the source: follows its decision</source>
        <translation>in der Quelle per Kaskade mit ihr gelöscht: folgt ihrer Entscheidung</translation>
    </message>
    <message>
        <location filename="../ui/rowview.cpp" line="253"/>
        <source>deleted with it by cascade on the target: follows its decision</source>
        <translation>im Ziel per Kaskade mit ihr gelöscht: folgt ihrer Entscheidung</translation>
    </message>
    <message>
        <location filename="../ui/rowview.cpp" line="255"/>
        <source>the target&apos;s row inserted since the base with the same id from this sequence: taken as is, both rows keep the id</source>
        <translation>die seit der Basis eingefügte Zeile des Ziels mit derselben ID aus dieser Sequenz: so übernommen, behalten beide Zeilen die ID</translation>
    </message>
    <message>
        <location filename="../ui/rowview.cpp" line="259"/>
        <source>the target&apos;s own row of this key, with the same values in this unique constraint: the same row on both sides</source>
        <translation>die eigene Zeile des Ziels unter diesem Schlüssel, mit denselben Werten in dieser Eindeutigkeitsbedingung: dieselbe Zeile auf beiden Seiten</translation>
    </message>
    <message>
        <location filename="../ui/rowview.cpp" line="261"/>
        <source>the target&apos;s row with the same values in this unique constraint</source>
        <translation>die Zeile des Ziels mit denselben Werten in dieser Eindeutigkeitsbedingung</translation>
    </message>
    <message>
        <location filename="../ui/rowview.cpp" line="262"/>
        <source>no change</source>
        <translation>keine Änderung</translation>
    </message>
    <message>
        <location filename="../ui/rowview.cpp" line="270"/>
        <source>&lt;b&gt;Rows this change takes along (%1)&lt;/b&gt;&lt;br&gt;</source>
        <translation>&lt;b&gt;Zeilen, die diese Änderung mitnimmt (%1)&lt;/b&gt;&lt;br&gt;</translation>
    </message>
    <message>
        <location filename="../ui/rowview.cpp" line="286"/>
        <source>Result: editing</source>
        <translation>Ergebnis: in Bearbeitung</translation>
    </message>
</context>
<context>
    <name>pgr::ui::TableTreeModel</name>
    <message>
        <location filename="../ui/tabletreemodel.cpp" line="70"/>
        <source>1 conflict</source>
        <translation>1 Konflikt</translation>
    </message>
    <message>
        <location filename="../ui/tabletreemodel.cpp" line="71"/>
        <source>%1 conflicts</source>
        <translation>%1 Konflikte</translation>
    </message>
    <message>
        <location filename="../ui/tabletreemodel.cpp" line="75"/>
        <source>%1, all decided</source>
        <translation>%1, alle entschieden</translation>
    </message>
    <message>
        <location filename="../ui/tabletreemodel.cpp" line="76"/>
        <source>%1, %2 undecided</source>
        <translation>%1, %2 unentschieden</translation>
    </message>
    <message>
        <location filename="../ui/tabletreemodel.cpp" line="95"/>
        <source>Conflicts</source>
        <translation>Konflikte</translation>
    </message>
    <message>
        <location filename="../ui/tabletreemodel.cpp" line="100"/>
        <source>Source changes</source>
        <translation>Quelländerungen</translation>
    </message>
    <message>
        <location filename="../ui/tabletreemodel.cpp" line="101"/>
        <source>Column merges</source>
        <translation>Spalten-Merges</translation>
    </message>
    <message>
        <location filename="../ui/tabletreemodel.cpp" line="101"/>
        <source>both updated, different columns</source>
        <translation>beide geändert, verschiedene Spalten</translation>
    </message>
    <message>
        <location filename="../ui/tabletreemodel.cpp" line="102"/>
        <source>Same change</source>
        <translation>Gleiche Änderung</translation>
    </message>
    <message>
        <location filename="../ui/tabletreemodel.cpp" line="103"/>
        <source>Target only</source>
        <translation>Nur Ziel geändert</translation>
    </message>
    <message>
        <location filename="../ui/tabletreemodel.cpp" line="105"/>
        <source>Only in source</source>
        <translation>Nur in der Quelle</translation>
    </message>
    <message>
        <location filename="../ui/tabletreemodel.cpp" line="106"/>
        <source>Only in target</source>
        <translation>Nur im Ziel</translation>
    </message>
    <message>
        <location filename="../ui/tabletreemodel.cpp" line="107"/>
        <source>Differs</source>
        <translation>Unterschiedlich</translation>
    </message>
    <message>
        <location filename="../ui/tabletreemodel.cpp" line="123"/>
        <source>failed: %1</source>
        <translation>fehlgeschlagen: %1</translation>
    </message>
    <message>
        <location filename="../ui/tabletreemodel.cpp" line="125"/>
        <source>not compared: %1</source>
        <translation>nicht verglichen: %1</translation>
    </message>
    <message>
        <location filename="../ui/tabletreemodel.cpp" line="127"/>
        <source>no key: compared as a multiset</source>
        <translation>kein Schlüssel: als Multimenge verglichen</translation>
    </message>
    <message>
        <location filename="../ui/tabletreemodel.cpp" line="158"/>
        <source>…</source>
        <translation>…</translation>
    </message>
    <message>
        <location filename="../ui/tabletreemodel.cpp" line="160"/>
        <source>Counting the decisions…</source>
        <translation>Die Entscheidungen werden gezählt…</translation>
    </message>
    <message>
        <location filename="../ui/tabletreemodel.cpp" line="172"/>
        <source>—</source>
        <translation>—</translation>
    </message>
    <message>
        <location filename="../ui/tabletreemodel.cpp" line="173"/>
        <source>%1 / %2</source>
        <translation>%1 / %2</translation>
    </message>
    <message>
        <location filename="../ui/tabletreemodel.cpp" line="181"/>
        <source>%1: nothing to decide</source>
        <translation>%1: nichts zu entscheiden</translation>
    </message>
    <message>
        <location filename="../ui/tabletreemodel.cpp" line="182"/>
        <source>%1: %2 of %3 changes decided</source>
        <translation>%1: %2 von %3 Änderungen entschieden</translation>
    </message>
    <message>
        <location filename="../ui/tabletreemodel.cpp" line="185"/>
        <source>%1 by the reviewer</source>
        <translation>%1 durch die prüfende Person</translation>
    </message>
    <message>
        <location filename="../ui/tabletreemodel.cpp" line="187"/>
        <source>%1 by default (source changes, column merges)</source>
        <translation>%1 nach Vorgabe (Änderungen der Quelle, Spaltenzusammenführungen)</translation>
    </message>
    <message>
        <location filename="../ui/tabletreemodel.cpp" line="189"/>
        <source>%1 undecided</source>
        <translation>%1 unentschieden</translation>
    </message>
    <message>
        <location filename="../ui/tabletreemodel.cpp" line="191"/>
        <source>%1 with nothing to decide (target only, same change)</source>
        <translation>%1 ohne Entscheidungsbedarf (nur im Ziel, gleiche Änderung)</translation>
    </message>
    <message>
        <location filename="../ui/tabletreemodel.cpp" line="193"/>
        <location filename="../ui/tabletreemodel.cpp" line="216"/>
        <source>%1 flagged for a look</source>
        <translation>%1 zum Ansehen markiert</translation>
    </message>
    <message>
        <location filename="../ui/tabletreemodel.cpp" line="276"/>
        <source>%1: %2 changes; key %3</source>
        <translation>%1: %2 Änderungen; Schlüssel %3</translation>
    </message>
    <message>
        <location filename="../ui/tabletreemodel.cpp" line="278"/>
        <source>none (multiset)</source>
        <translation>keiner (Multimenge)</translation>
    </message>
    <message>
        <location filename="../ui/tabletreemodel.cpp" line="324"/>
        <source>Changes decided (by the reviewer or by default) / changes that need a decision</source>
        <translation>Entschiedene Änderungen (von Hand oder nach Vorgabe) / Änderungen, die eine Entscheidung brauchen</translation>
    </message>
    <message>
        <location filename="../ui/tabletreemodel.cpp" line="329"/>
        <source>Table</source>
        <translation>Tabelle</translation>
    </message>
    <message>
        <location filename="../ui/tabletreemodel.cpp" line="331"/>
        <source>Changes</source>
        <translation>Änderungen</translation>
    </message>
    <message>
        <location filename="../ui/tabletreemodel.cpp" line="333"/>
        <source>Decided</source>
        <translation>Entschieden</translation>
    </message>
    <message>
        <location filename="../ui/tabletreemodel.cpp" line="335"/>
        <source>Details</source>
        <translation>Details</translation>
    </message>
</context>
<context>
    <name>pgr::ui::TriggersDialog</name>
    <message>
        <location filename="../ui/triggerspanel.cpp" line="206"/>
        <source>Target&apos;s Triggers — %1</source>
        <translation>Trigger des Ziels — %1</translation>
    </message>
    <message>
        <location filename="../ui/triggerspanel.cpp" line="208"/>
        <source>The target&apos;s own triggers that the merge script fires, as the last dry run found them. What they do to the rows (a timestamp, an audit row) is not the script&apos;s doing: a dry run passes only once each trigger that changed something is accepted by name. Run a dry run from File ▸ Export Merge Script… to find them.</source>
        <translation>Die eigenen Trigger des Ziels, die das Merge-Skript auslöst, wie der letzte Probelauf sie fand. Was sie mit den Zeilen tun (ein Zeitstempel, eine Protokollzeile), ist nicht das Werk des Skripts: Ein Probelauf besteht erst, wenn jeder Trigger, der etwas geändert hat, namentlich angenommen ist. Starten Sie einen Probelauf unter Datei ▸ Merge-Skript exportieren…, um sie zu finden.</translation>
    </message>
</context>
<context>
    <name>pgr::ui::TriggersPanel</name>
    <message>
        <location filename="../ui/triggerspanel.cpp" line="23"/>
        <source>nothing the dry run saw</source>
        <translation>nichts, was der Probelauf sah</translation>
    </message>
    <message>
        <location filename="../ui/triggerspanel.cpp" line="28"/>
        <source>accepted by %1</source>
        <translation>angenommen von %1</translation>
    </message>
    <message>
        <location filename="../ui/triggerspanel.cpp" line="29"/>
        <source>not accepted</source>
        <translation>nicht angenommen</translation>
    </message>
    <message>
        <location filename="../ui/triggerspanel.cpp" line="43"/>
        <source>Trigger</source>
        <translation>Trigger</translation>
    </message>
    <message>
        <location filename="../ui/triggerspanel.cpp" line="43"/>
        <source>What it changed in the last dry run</source>
        <translation>Was er im letzten Probelauf geändert hat</translation>
    </message>
    <message>
        <location filename="../ui/triggerspanel.cpp" line="43"/>
        <source>Accepted</source>
        <translation>Angenommen</translation>
    </message>
    <message>
        <location filename="../ui/triggerspanel.cpp" line="64"/>
        <source>&amp;Accept Selected</source>
        <translation>Ausgewählte &amp;annehmen</translation>
    </message>
    <message>
        <location filename="../ui/triggerspanel.cpp" line="67"/>
        <source>Accept what the selected triggers do to the rows, under your reviewer name: a dry run whose only differences are the effects of accepted triggers passes</source>
        <translation>Annehmen, was die ausgewählten Trigger mit den Zeilen tun, unter Ihrem Namen als prüfende Person: Ein Probelauf, dessen einzige Unterschiede die Wirkung angenommener Trigger sind, besteht</translation>
    </message>
    <message>
        <location filename="../ui/triggerspanel.cpp" line="69"/>
        <source>&amp;Revoke Selected</source>
        <translation>Ausgewählte &amp;zurücknehmen</translation>
    </message>
    <message>
        <location filename="../ui/triggerspanel.cpp" line="71"/>
        <source>Take the acceptance of the selected triggers back</source>
        <translation>Die Annahme der ausgewählten Trigger zurücknehmen</translation>
    </message>
    <message>
        <location filename="../ui/triggerspanel.cpp" line="119"/>
        <source>%1
%2
Changed: %3</source>
        <translation>%1
%2
Geändert: %3</translation>
    </message>
    <message>
        <location filename="../ui/triggerspanel.cpp" line="128"/>
        <source>The last dry run found no trigger of the target on the tables the script writes.</source>
        <translation>Der letzte Probelauf fand keinen Trigger des Ziels auf den Tabellen, die das Skript schreibt.</translation>
    </message>
    <message>
        <location filename="../ui/triggerspanel.cpp" line="142"/>
        <source>&lt;b&gt;%1&lt;/b&gt; (%2)&lt;br&gt;&lt;tt&gt;%3&lt;/tt&gt;&lt;br&gt;Changed in the last dry run: %4</source>
        <translation>&lt;b&gt;%1&lt;/b&gt; (%2)&lt;br&gt;&lt;tt&gt;%3&lt;/tt&gt;&lt;br&gt;Im letzten Probelauf geändert: %4</translation>
    </message>
    <message>
        <location filename="../ui/triggerspanel.cpp" line="173"/>
        <source>Accepting %1…</source>
        <translation>%1 wird angenommen…</translation>
    </message>
    <message>
        <location filename="../ui/triggerspanel.cpp" line="174"/>
        <source>Revoking %1…</source>
        <translation>%1 wird zurückgenommen…</translation>
    </message>
    <message>
        <location filename="../ui/triggerspanel.cpp" line="190"/>
        <source>Not stored: %1</source>
        <translation>Nicht gespeichert: %1</translation>
    </message>
    <message>
        <location filename="../ui/triggerspanel.cpp" line="195"/>
        <source>Accepted by %1: %2</source>
        <translation>Angenommen von %1: %2</translation>
    </message>
    <message>
        <location filename="../ui/triggerspanel.cpp" line="196"/>
        <source>Revoked: %1</source>
        <translation>Zurückgenommen: %1</translation>
    </message>
</context>
<context>
    <name>pgr::ui::UserGuideWindow</name>
    <message>
        <location filename="../ui/userguide.cpp" line="67"/>
        <source>pgreconcile User Guide</source>
        <translation>pgreconcile-Benutzerhandbuch</translation>
    </message>
    <message>
        <location filename="../ui/userguide.cpp" line="76"/>
        <source>&amp;Back</source>
        <translation>&amp;Zurück</translation>
    </message>
    <message>
        <location filename="../ui/userguide.cpp" line="77"/>
        <source>&amp;Contents</source>
        <translation>&amp;Inhalt</translation>
    </message>
</context>
<context>
    <name>pgr::ui::WelcomeView</name>
    <message>
        <location filename="../ui/welcomeview.cpp" line="89"/>
        <source>New review…</source>
        <translation>Neuer Abgleich…</translation>
    </message>
    <message>
        <location filename="../ui/welcomeview.cpp" line="92"/>
        <source>Compare a source and a target database, optionally against their common base</source>
        <translation>Eine Quell- und eine Zieldatenbank vergleichen, wahlweise gegen ihre gemeinsame Basis</translation>
    </message>
    <message>
        <location filename="../ui/welcomeview.cpp" line="93"/>
        <source>Open demo</source>
        <translation>Demo öffnen</translation>
    </message>
    <message>
        <location filename="../ui/welcomeview.cpp" line="96"/>
        <source>Build the demo databases in staging and open them for review</source>
        <translation>Die Demo-Datenbanken im Staging aufbauen und zum Abgleich öffnen</translation>
    </message>
    <message>
        <location filename="../ui/welcomeview.cpp" line="102"/>
        <source>Double-click a review to resume it where you left off</source>
        <translation>Doppelklicken Sie einen Abgleich, um dort weiterzumachen, wo Sie aufgehört haben</translation>
    </message>
    <message>
        <location filename="../ui/welcomeview.cpp" line="112"/>
        <source>Start</source>
        <translation>Beginnen</translation>
    </message>
    <message>
        <location filename="../ui/welcomeview.cpp" line="115"/>
        <source>Name the base (the snapshot taken at cut-over, optional), the source whose changes you carry over, and the target the merge script will run on.</source>
        <translation>Nennen Sie die Basis (den Schnappschuss vom Umstieg, optional), die Quelle, deren Änderungen Sie übernehmen, und das Ziel, auf dem das Merge-Skript laufen wird.</translation>
    </message>
    <message>
        <location filename="../ui/welcomeview.cpp" line="120"/>
        <source>A geotechnical lab&apos;s database that diverged after a migration: customers, projects, boreholes, samples and lab results, with every kind of change and conflict, including an id collision.</source>
        <translation>Die Datenbank eines geotechnischen Labors, die nach einer Migration auseinanderlief: Kunden, Projekte, Bohrungen, Proben und Laborergebnisse, mit jeder Art von Änderung und Konflikt, einschließlich einer ID-Kollision.</translation>
    </message>
    <message>
        <location filename="../ui/welcomeview.cpp" line="126"/>
        <source>Recent reviews</source>
        <translation>Letzte Abgleiche</translation>
    </message>
    <message>
        <location filename="../ui/welcomeview.cpp" line="144"/>
        <source>Reconcile two PostgreSQL databases that diverged, row by row, and export the reviewed result as one transactional SQL script.</source>
        <translation>Gleichen Sie zwei auseinandergelaufene PostgreSQL-Datenbanken Zeile für Zeile ab und exportieren Sie das geprüfte Ergebnis als ein transaktionales SQL-Skript.</translation>
    </message>
    <message>
        <location filename="../ui/welcomeview.cpp" line="166"/>
        <source>No reviews yet. Open the demo to see how a review goes.</source>
        <translation>Noch keine Abgleiche. Öffnen Sie die Demo, um zu sehen, wie ein Abgleich abläuft.</translation>
    </message>
</context>
</TS>
