<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>Actions</name>
    <message>
        <source>&amp;Decision</source>
        <translation>&amp;Entscheidung</translation>
    </message>
    <message>
        <source>Suspect category</source>
        <translation>Verdachtskategorie</translation>
    </message>
    <message>
        <source>C&amp;ues</source>
        <translation>Hi&amp;nweise</translation>
    </message>
    <message>
        <source>&amp;Image</source>
        <translation>&amp;Bild</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Sprache (Language)</translation>
    </message>
    <message>
        <source>&amp;Station</source>
        <translation>&amp;Station</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>Freigeben</translation>
    </message>
    <message>
        <source>Suspect…</source>
        <translation>Verdächtig…</translation>
    </message>
    <message>
        <source>Refer to manual search</source>
        <translation>Zur manuellen Kontrolle</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Undo last decision</source>
        <translation>Letzte Entscheidung zurücknehmen</translation>
    </message>
    <message>
        <source>Continue after a TIP test</source>
        <translation>Weiter nach einem TIP-Test</translation>
    </message>
    <message>
        <source>Parcel ID</source>
        <translation>Paket-ID</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Notiz</translation>
    </message>
    <message>
        <source>Origin country</source>
        <translation>Herkunftsland</translation>
    </message>
    <message>
        <source>Destination country</source>
        <translation>Zielland</translation>
    </message>
    <message>
        <source>Alarms first / arrival order</source>
        <translation>Alarme zuerst / Eingangsreihenfolge</translation>
    </message>
    <message>
        <source>Show / hide cues</source>
        <translation>Hinweise ein-/ausblenden</translation>
    </message>
    <message>
        <source>Next cue</source>
        <translation>Nächster Hinweis</translation>
    </message>
    <message>
        <source>Previous cue</source>
        <translation>Vorheriger Hinweis</translation>
    </message>
    <message>
        <source>Confirm cue</source>
        <translation>Hinweis bestätigen</translation>
    </message>
    <message>
        <source>Reject cue</source>
        <translation>Hinweis verwerfen</translation>
    </message>
    <message>
        <source>Cue opacity</source>
        <translation>Deckkraft der Hinweise</translation>
    </message>
    <message>
        <source>Show / hide the scanner&apos;s own alarms</source>
        <translation>Eigene Alarme des Scanners ein/aus</translation>
    </message>
    <message>
        <source>Draw a missed item</source>
        <translation>Übersehenen Gegenstand einzeichnen</translation>
    </message>
    <message>
        <source>Remove last drawn item</source>
        <translation>Letzte Einzeichnung entfernen</translation>
    </message>
    <message>
        <source>Standard image</source>
        <translation>Standardbild</translation>
    </message>
    <message>
        <source>Fit to window</source>
        <translation>An Fenster anpassen</translation>
    </message>
    <message>
        <source>Actual size</source>
        <translation>Originalgröße</translation>
    </message>
    <message>
        <source>Zoom in</source>
        <translation>Vergrößern</translation>
    </message>
    <message>
        <source>Zoom out</source>
        <translation>Verkleinern</translation>
    </message>
    <message>
        <source>Larger text</source>
        <translation>Größere Schrift</translation>
    </message>
    <message>
        <source>Smaller text</source>
        <translation>Kleinere Schrift</translation>
    </message>
    <message>
        <source>Light / dark theme</source>
        <translation>Helles / dunkles Design</translation>
    </message>
    <message>
        <source>Load another model…</source>
        <translation>Anderes Modell laden…</translation>
    </message>
    <message>
        <source>Station settings…</source>
        <translation>Stationseinstellungen…</translation>
    </message>
    <message>
        <source>Lock / switch user</source>
        <translation>Sperren / Benutzer wechseln</translation>
    </message>
    <message>
        <source>Change my password…</source>
        <translation>Mein Passwort ändern…</translation>
    </message>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>Tastenkürzel</translation>
    </message>
</context>
<context>
    <name>App</name>
    <message>
        <source>Settings not saved: {error}</source>
        <translation>Einstellungen nicht gespeichert: {error}</translation>
    </message>
    <message>
        <source>Only a supervisor may start the station with another model or threshold ({error}).</source>
        <translation>Nur eine Aufsicht darf die Station mit einem anderen Modell oder Schwellenwert starten ({error}).</translation>
    </message>
    <message>
        <source>Unexpected error: {error}</source>
        <translation>Unerwarteter Fehler: {error}</translation>
    </message>
</context>
<context>
    <name>ArchiveSearch</name>
    <message>
        <source>Archive search</source>
        <translation>Archivsuche</translation>
    </message>
    <message>
        <source>any part of the ID</source>
        <translation>beliebiger Teil der ID</translation>
    </message>
    <message>
        <source>Decided between</source>
        <translation>Entschieden zwischen</translation>
    </message>
    <message>
        <source>Any category</source>
        <translation>Jede Kategorie</translation>
    </message>
    <message>
        <source>Any decision</source>
        <translation>Jede Entscheidung</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>Suchen</translation>
    </message>
    <message>
        <source>Decided at</source>
        <translation>Entschieden am</translation>
    </message>
    <message>
        <source>Parcel ID</source>
        <translation>Paket-ID</translation>
    </message>
    <message>
        <source>Lane</source>
        <translation>Spur</translation>
    </message>
    <message>
        <source>Decision</source>
        <translation>Entscheidung</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>Kategorie</translation>
    </message>
    <message>
        <source>Inspector</source>
        <translation>Prüfer</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Modell</translation>
    </message>
    <message>
        <source>Cues</source>
        <translation>Hinweise</translation>
    </message>
    <message>
        <source>Case dossier…</source>
        <translation>Falldossier…</translation>
    </message>
    <message>
        <source>Not possible: {reason}</source>
        <translation>Nicht möglich: {reason}</translation>
    </message>
    <message>
        <source>Any lane</source>
        <translation>Jede Spur</translation>
    </message>
    <message>
        <source>Any inspector</source>
        <translation>Jeder Prüfer</translation>
    </message>
    <message>
        <source>Any model</source>
        <translation>Jedes Modell</translation>
    </message>
    <message>
        <source>The last day must not be before the first.</source>
        <translation>Der letzte Tag darf nicht vor dem ersten liegen.</translation>
    </message>
    <message>
        <source>Searching…</source>
        <translation>Wird gesucht…</translation>
    </message>
    <message numerus="yes">
        <source>%n decision(s) found, newest first.</source>
        <translation>
            <numerusform>%n Entscheidung gefunden, neueste zuerst.</numerusform>
            <numerusform>%n Entscheidungen gefunden, neueste zuerst.</numerusform>
        </translation>
    </message>
    <message>
        <source>Opening…</source>
        <translation>Wird geöffnet…</translation>
    </message>
    <message>
        <source>Decision {id}: {verdict} ({category}) by {inspector} at {time} · parcel {parcel} · model {model} · evidence SHA-256 checked</source>
        <translation>Entscheidung {id}: {verdict} ({category}) von {inspector} am {time} · Paket {parcel} · Modell {model} · SHA-256 des Beweisbilds geprüft</translation>
    </message>
    <message>
        <source>Save the case dossier as</source>
        <translation>Falldossier speichern unter</translation>
    </message>
    <message>
        <source>PDF files (*.pdf)</source>
        <translation>PDF-Dateien (*.pdf)</translation>
    </message>
    <message>
        <source>Writing the case dossier…</source>
        <translation>Falldossier wird geschrieben…</translation>
    </message>
    <message>
        <source>Case dossier saved: {path}</source>
        <translation>Falldossier gespeichert: {path}</translation>
    </message>
</context>
<context>
    <name>AuditViewer</name>
    <message>
        <source>Audit log</source>
        <translation>Audit-Protokoll</translation>
    </message>
    <message>
        <source>every user</source>
        <translation>alle Benutzer</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>Anzeigen</translation>
    </message>
    <message>
        <source>Verify the chain</source>
        <translation>Kette prüfen</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Zeit</translation>
    </message>
    <message>
        <source>User</source>
        <translation>Benutzer</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Aktion</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>Details</translation>
    </message>
    <message numerus="yes">
        <source>%n entries shown, newest first.</source>
        <translation>
            <numerusform>%n Eintrag angezeigt, neueste zuerst.</numerusform>
            <numerusform>%n Einträge angezeigt, neueste zuerst.</numerusform>
        </translation>
    </message>
    <message>
        <source>Checking the chain…</source>
        <translation>Kette wird geprüft…</translation>
    </message>
    <message>
        <source>The audit chain is intact ({count} entries).</source>
        <translation>Die Audit-Kette ist intakt ({count} Einträge).</translation>
    </message>
    <message>
        <source>The audit log was changed after it was written: {reason}</source>
        <translation>Das Audit-Protokoll wurde nach dem Schreiben geändert: {reason}</translation>
    </message>
</context>
<context>
    <name>CueController</name>
    <message>
        <source>Drag over the missed item to mark it as &apos;{label}&apos; (B to stop drawing).</source>
        <translation>Über den übersehenen Gegenstand ziehen, um ihn als „{label}“ zu markieren (B zum Beenden).</translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message>
        <source>Export shift log</source>
        <translation>Schichtprotokoll exportieren</translation>
    </message>
    <message>
        <source>PDF report</source>
        <translation>PDF-Bericht</translation>
    </message>
    <message>
        <source>Excel workbook (XLSX)</source>
        <translation>Excel-Arbeitsmappe (XLSX)</translation>
    </message>
    <message>
        <source>CSV table</source>
        <translation>CSV-Tabelle</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Durchsuchen…</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>Exportieren</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>From</source>
        <translation>Von</translation>
    </message>
    <message>
        <source>To (not included)</source>
        <translation>Bis (ausschließlich)</translation>
    </message>
    <message>
        <source>Lane</source>
        <translation>Spur</translation>
    </message>
    <message>
        <source>Inspector</source>
        <translation>Prüfer</translation>
    </message>
    <message>
        <source>Format</source>
        <translation>Format</translation>
    </message>
    <message>
        <source>Save as</source>
        <translation>Speichern unter</translation>
    </message>
    <message>
        <source>All lanes</source>
        <translation>Alle Spuren</translation>
    </message>
    <message>
        <source>All inspectors</source>
        <translation>Alle Prüfer</translation>
    </message>
    <message>
        <source>Save the shift log as</source>
        <translation>Schichtprotokoll speichern unter</translation>
    </message>
    <message>
        <source>{format} files (*.{suffix})</source>
        <translation>{format}-Dateien (*.{suffix})</translation>
    </message>
    <message>
        <source>The end of the period must be later than its start.</source>
        <translation>Das Ende des Zeitraums muss nach seinem Beginn liegen.</translation>
    </message>
    <message>
        <source>Choose a file to save the shift log in.</source>
        <translation>Wählen Sie eine Datei für das Schichtprotokoll.</translation>
    </message>
    <message>
        <source>Exporting…</source>
        <translation>Wird exportiert…</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Schließen</translation>
    </message>
    <message>
        <source>Saved {path}: {decided} decisions, {flagged} flagged.</source>
        <translation>Gespeichert {path}: {decided} Entscheidungen, {flagged} beanstandet.</translation>
    </message>
    <message>
        <source>Not exported: {reason}</source>
        <translation>Nicht exportiert: {reason}</translation>
    </message>
    <message>
        <source>Export cancelled; no file was written.</source>
        <translation>Export abgebrochen; es wurde keine Datei geschrieben.</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>Wird abgebrochen…</translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <source>idle</source>
        <translation>Inaktivität</translation>
    </message>
    <message>
        <source>switch user</source>
        <translation>Benutzerwechsel</translation>
    </message>
    <message>
        <source>locked by hand</source>
        <translation>manuell gesperrt</translation>
    </message>
    <message>
        <source>Inspector — {title}</source>
        <translation>Inspector — {title}</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>Bee&amp;nden</translation>
    </message>
    <message>
        <source>&amp;User name</source>
        <translation>&amp;Benutzername</translation>
    </message>
    <message>
        <source>&amp;Password</source>
        <translation>&amp;Passwort</translation>
    </message>
    <message>
        <source>&amp;Repeat password</source>
        <translation>Passwort &amp;wiederholen</translation>
    </message>
    <message>
        <source>DEMO MODE — the demo account&apos;s decisions are marked as demo</source>
        <translation>DEMOMODUS — Entscheidungen des Demokontos werden als Demo gekennzeichnet</translation>
    </message>
    <message>
        <source>Use &amp;demo account</source>
        <translation>&amp;Demokonto verwenden</translation>
    </message>
    <message>
        <source>No password; only available in demo mode</source>
        <translation>Ohne Passwort; nur im Demomodus verfügbar</translation>
    </message>
    <message>
        <source>Create the administrator</source>
        <translation>Administrator anlegen</translation>
    </message>
    <message>
        <source>First start on this station. Create the administrator account; it adds inspectors and supervisors later. Passwords need at least {count} characters.</source>
        <translation>Erster Start dieser Station. Legen Sie das Administratorkonto an; damit werden später Prüfer und Vorgesetzte hinzugefügt. Passwörter brauchen mindestens {count} Zeichen.</translation>
    </message>
    <message>
        <source>Create &amp;&amp; sign in</source>
        <translation>Anlegen &amp;&amp; anmelden</translation>
    </message>
    <message>
        <source>Locked ({reason}). {user} can continue with their password; another user signing in takes over the station.</source>
        <translation>Gesperrt ({reason}). {user} kann mit dem eigenen Passwort weiterarbeiten; wer sich anders anmeldet, übernimmt die Station.</translation>
    </message>
    <message>
        <source>Locked. {user} can continue with their password; another user signing in takes over the station.</source>
        <translation>Gesperrt. {user} kann mit dem eigenen Passwort weiterarbeiten; wer sich anders anmeldet, übernimmt die Station.</translation>
    </message>
    <message>
        <source>Station locked</source>
        <translation>Station gesperrt</translation>
    </message>
    <message>
        <source>&amp;Unlock</source>
        <translation>&amp;Entsperren</translation>
    </message>
    <message>
        <source>Sign in</source>
        <translation>Anmelden</translation>
    </message>
    <message>
        <source>X-ray parcel screening station. Enter your user name and password.</source>
        <translation>Röntgenstation für die Paketkontrolle. Geben Sie Benutzername und Passwort ein.</translation>
    </message>
    <message>
        <source>&amp;Sign in</source>
        <translation>&amp;Anmelden</translation>
    </message>
    <message>
        <source>enter your user name</source>
        <translation>Benutzername eingeben</translation>
    </message>
    <message>
        <source>enter your password</source>
        <translation>Passwort eingeben</translation>
    </message>
    <message>
        <source>the two passwords do not match</source>
        <translation>die beiden Passwörter stimmen nicht überein</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Inspector — X-ray parcel screening</source>
        <translation>Inspector — Röntgenkontrolle von Paketen</translation>
    </message>
    <message>
        <source>Only a supervisor or an administrator can change the model.</source>
        <translation>Nur Vorgesetzte oder Administratoren können das Modell wechseln.</translation>
    </message>
    <message>
        <source>Load a detection model</source>
        <translation>Erkennungsmodell laden</translation>
    </message>
    <message>
        <source>ONNX models (*.onnx)</source>
        <translation>ONNX-Modelle (*.onnx)</translation>
    </message>
    <message>
        <source>Queue order: {order}</source>
        <translation>Reihenfolge: {order}</translation>
    </message>
    <message>
        <source>alarms first</source>
        <translation>Alarme zuerst</translation>
    </message>
    <message>
        <source>arrival order</source>
        <translation>Eingangsreihenfolge</translation>
    </message>
    <message>
        <source>Ctrl+Z undoes the last decision ({seconds} s)</source>
        <translation>Strg+Z nimmt die letzte Entscheidung zurück ({seconds} s)</translation>
    </message>
    <message>
        <source>Queue ({order}) — {waiting} waiting for you, {screening} being screened</source>
        <translation>Warteschlange ({order}) — {waiting} warten auf Sie, {screening} in Prüfung</translation>
    </message>
</context>
<context>
    <name>PasswordChange</name>
    <message>
        <source>The DEMO account has no password to change.</source>
        <translation>Das DEMO-Konto hat kein Passwort, das sich ändern ließe.</translation>
    </message>
    <message>
        <source>This account cannot change its password here.</source>
        <translation>Dieses Konto kann sein Passwort hier nicht ändern.</translation>
    </message>
    <message>
        <source>Your password has been changed.</source>
        <translation>Ihr Passwort wurde geändert.</translation>
    </message>
</context>
<context>
    <name>PasswordDialog</name>
    <message>
        <source>Change my password</source>
        <translation>Mein Passwort ändern</translation>
    </message>
    <message>
        <source>Change the password of {user}</source>
        <translation>Passwort von {user} ändern</translation>
    </message>
    <message>
        <source>The new password needs at least {count} characters and must not be your user name.</source>
        <translation>Das neue Passwort braucht mindestens {count} Zeichen und darf nicht Ihr Benutzername sein.</translation>
    </message>
    <message>
        <source>A wrong current password counts as a failed sign-in: after {failures} in a row, your account is locked for {minutes} minutes.</source>
        <translation>Ein falsches aktuelles Passwort zählt als fehlgeschlagene Anmeldung: nach {failures} Fehlversuchen in Folge wird Ihr Konto für {minutes} Minuten gesperrt.</translation>
    </message>
    <message>
        <source>C&amp;urrent password</source>
        <translation>&amp;Aktuelles Passwort</translation>
    </message>
    <message>
        <source>&amp;New password</source>
        <translation>&amp;Neues Passwort</translation>
    </message>
    <message>
        <source>&amp;Repeat new password</source>
        <translation>Neues Passwort &amp;wiederholen</translation>
    </message>
    <message>
        <source>Change &amp;password</source>
        <translation>Passwort ä&amp;ndern</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>The new password is too short: it needs at least {count} characters.</source>
        <translation>Das neue Passwort ist zu kurz: es braucht mindestens {count} Zeichen.</translation>
    </message>
    <message>
        <source>The new password is too long: at most {count} characters.</source>
        <translation>Das neue Passwort ist zu lang: höchstens {count} Zeichen.</translation>
    </message>
    <message>
        <source>The new password must not be your user name.</source>
        <translation>Das neue Passwort darf nicht Ihr Benutzername sein.</translation>
    </message>
    <message>
        <source>The new password must not be only spaces.</source>
        <translation>Das neue Passwort darf nicht nur aus Leerzeichen bestehen.</translation>
    </message>
    <message>
        <source>The new password is not accepted: {reason}</source>
        <translation>Das neue Passwort wird nicht angenommen: {reason}</translation>
    </message>
    <message>
        <source>The current password is wrong. Your password was not changed.</source>
        <translation>Das aktuelle Passwort ist falsch. Ihr Passwort wurde nicht geändert.</translation>
    </message>
    <message>
        <source>Wrong current password too many times: your account is locked until {time}. Your password was not changed.</source>
        <translation>Zu oft ein falsches aktuelles Passwort: Ihr Konto ist bis {time} gesperrt. Ihr Passwort wurde nicht geändert.</translation>
    </message>
    <message>
        <source>Your account is locked until {time}: try again after that. Your password was not changed.</source>
        <translation>Ihr Konto ist bis {time} gesperrt: versuchen Sie es danach erneut. Ihr Passwort wurde nicht geändert.</translation>
    </message>
    <message>
        <source>Your account is disabled: ask an administrator.</source>
        <translation>Ihr Konto ist deaktiviert: wenden Sie sich an einen Administrator.</translation>
    </message>
    <message>
        <source>Your password was not changed: {reason}</source>
        <translation>Ihr Passwort wurde nicht geändert: {reason}</translation>
    </message>
    <message>
        <source>Enter your current password.</source>
        <translation>Geben Sie Ihr aktuelles Passwort ein.</translation>
    </message>
    <message>
        <source>Enter the new password.</source>
        <translation>Geben Sie das neue Passwort ein.</translation>
    </message>
    <message>
        <source>The two new passwords do not match: type the new one again.</source>
        <translation>Die beiden neuen Passwörter stimmen nicht überein: geben Sie das neue erneut ein.</translation>
    </message>
    <message>
        <source>Changing your password…</source>
        <translation>Passwort wird geändert…</translation>
    </message>
</context>
<context>
    <name>QueueList</name>
    <message>
        <source>screening…</source>
        <translation>Prüfung…</translation>
    </message>
    <message numerus="yes">
        <source>%n cue(s)</source>
        <translation>
            <numerusform>%n Hinweis</numerusform>
            <numerusform>%n Hinweise</numerusform>
        </translation>
    </message>
    <message>
        <source>no cue</source>
        <translation>kein Hinweis</translation>
    </message>
</context>
<context>
    <name>ReviewPanel</name>
    <message>
        <source>Waiting for the first scan…</source>
        <translation>Warten auf den ersten Scan…</translation>
    </message>
    <message>
        <source>Tab selects a cue · A confirms · X rejects · Space shows/hides</source>
        <translation>Tab wählt einen Hinweis · A bestätigt · X verwirft · Leertaste ein/aus</translation>
    </message>
    <message>
        <source>Detector cues</source>
        <translation>Hinweise des Detektors</translation>
    </message>
    <message>
        <source>Parcel</source>
        <translation>Paket</translation>
    </message>
    <message>
        <source>scan the barcode (P or F12)</source>
        <translation>Barcode (P oder F12)</translation>
    </message>
    <message>
        <source>optional (F2)</source>
        <translation>optional (F2)</translation>
    </message>
    <message>
        <source>&amp;Parcel ID</source>
        <translation>&amp;Paket-ID</translation>
    </message>
    <message>
        <source>From</source>
        <translation>Herkunft</translation>
    </message>
    <message>
        <source>To</source>
        <translation>Ziel</translation>
    </message>
    <message>
        <source>&amp;Note</source>
        <translation>N&amp;otiz</translation>
    </message>
    <message>
        <source>Dra&amp;w (B) as</source>
        <translation>Zei&amp;chnen (B) als</translation>
    </message>
    <message>
        <source>Decision</source>
        <translation>Entscheidung</translation>
    </message>
    <message>
        <source>Clear  [C]</source>
        <translation>Freigeben  [C]</translation>
    </message>
    <message>
        <source>Suspect…  [S]</source>
        <translation>Verdächtig…  [S]</translation>
    </message>
    <message>
        <source>Refer to manual search  [R]</source>
        <translation>Zur manuellen Kontrolle  [R]</translation>
    </message>
    <message>
        <source>Suspect: choose a category (Esc to cancel)</source>
        <translation>Verdachtskategorie wählen (Esc: Abbruch)</translation>
    </message>
    <message>
        <source>TIP test: a projected {threat} was in this image. You flagged it: HIT.</source>
        <translation>TIP-Test: In diesem Bild war ein eingeblendeter Gegenstand ({threat}). Sie haben ihn gemeldet: TREFFER.</translation>
    </message>
    <message>
        <source>TIP test: a projected {threat} was in this image (outlined). You cleared it: MISS. Look at the outlined area.</source>
        <translation>TIP-Test: In diesem Bild war ein eingeblendeter Gegenstand ({threat}, umrandet). Sie haben freigegeben: VERFEHLT. Sehen Sie sich den umrandeten Bereich an.</translation>
    </message>
    <message>
        <source>Press Enter for the real parcel.</source>
        <translation>Eingabetaste für das echte Paket.</translation>
    </message>
</context>
<context>
    <name>ScanPresenter</name>
    <message>
        <source>No scan waiting.</source>
        <translation>Kein Scan wartet.</translation>
    </message>
    <message>
        <source>Waiting for the first scan…</source>
        <translation>Warten auf den ersten Scan…</translation>
    </message>
    <message>
        <source>{source} · received {time}</source>
        <translation>{source} · eingegangen um {time}</translation>
    </message>
    <message>
        <source>Lane {lane}</source>
        <translation>Spur {lane}</translation>
    </message>
    <message>
        <source>File {name}</source>
        <translation>Datei {name}</translation>
    </message>
    <message>
        <source>Scanner {id}</source>
        <translation>Scanner {id}</translation>
    </message>
    <message>
        <source>No detector cue — look at the whole scan.</source>
        <translation>Kein Hinweis des Detektors — den ganzen Scan ansehen.</translation>
    </message>
    <message numerus="yes">
        <source>%n cue(s) hidden — look first, then Space to show them.</source>
        <translation>
            <numerusform>%n Hinweis ausgeblendet — erst selbst schauen, dann Leertaste zum Einblenden.</numerusform>
            <numerusform>%n Hinweise ausgeblendet — erst selbst schauen, dann Leertaste zum Einblenden.</numerusform>
        </translation>
    </message>
    <message>
        <source>Scanner: {label}</source>
        <translation>Scanner: {label}</translation>
    </message>
    <message>
        <source> (alarm)</source>
        <translation> (Alarm)</translation>
    </message>
</context>
<context>
    <name>SetAsidePanel</name>
    <message>
        <source>lane {lane}</source>
        <translation>Spur {lane}</translation>
    </message>
    <message>
        <source>Scan {scan}</source>
        <translation>Scan {scan}</translation>
    </message>
    <message>
        <source>Acknowledge</source>
        <translation>Bestätigen</translation>
    </message>
    <message>
        <source>Acknowledge all</source>
        <translation>Alle bestätigen</translation>
    </message>
    <message numerus="yes">
        <source>Set aside — not screened (%n)</source>
        <translation>
            <numerusform>Zurückgestellt — nicht geprüft (%n)</numerusform>
            <numerusform>Zurückgestellt — nicht geprüft (%n)</numerusform>
        </translation>
    </message>
    <message>
        <source>Lane {lane}: {text}</source>
        <translation>Spur {lane}: {text}</translation>
    </message>
</context>
<context>
    <name>ShortcutSheet</name>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>Tastenkürzel</translation>
    </message>
    <message>
        <source>Keys are the same in every language.</source>
        <translation>Die Tasten sind in jeder Sprache gleich.</translation>
    </message>
    <message>
        <source>Menu</source>
        <translation>Menü</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Aktion</translation>
    </message>
    <message>
        <source>Keys (all languages)</source>
        <translation>Tasten (alle Sprachen)</translation>
    </message>
</context>
<context>
    <name>StationEvents</name>
    <message>
        <source>Saved: {scan} — {verdict}. Ctrl+Z to undo.</source>
        <translation>Gespeichert: {scan} — {verdict}. Strg+Z zum Zurücknehmen.</translation>
    </message>
    <message>
        <source>The decision on {scan} was NOT saved ({error}). Please decide again.</source>
        <translation>Die Entscheidung zu {scan} wurde NICHT gespeichert ({error}). Bitte erneut entscheiden.</translation>
    </message>
    <message>
        <source>Undone: {scan} is back for review.</source>
        <translation>Zurückgenommen: {scan} ist wieder zur Prüfung da.</translation>
    </message>
    <message>
        <source>Nothing to undo (only the last decision, briefly).</source>
        <translation>Nichts zurückzunehmen (nur die letzte Entscheidung, kurz danach).</translation>
    </message>
    <message>
        <source>The decision could not be undone ({error}).</source>
        <translation>Die Entscheidung konnte nicht zurückgenommen werden ({error}).</translation>
    </message>
    <message>
        <source>The TIP answer could not be saved ({error}).</source>
        <translation>Die Antwort auf den TIP-Test konnte nicht gespeichert werden ({error}).</translation>
    </message>
    <message>
        <source>The detection model could not be loaded: {error}</source>
        <translation>Das Erkennungsmodell konnte nicht geladen werden: {error}</translation>
    </message>
    <message>
        <source>Scans are not being screened.</source>
        <translation>Scans werden nicht geprüft.</translation>
    </message>
    <message>
        <source>Now screening with {name} {version}.</source>
        <translation>Prüfung jetzt mit {name} {version}.</translation>
    </message>
    <message>
        <source>The new model was refused: {reason}. The current model stays in use.</source>
        <translation>Das neue Modell wurde abgelehnt: {reason}. Das bisherige Modell bleibt in Gebrauch.</translation>
    </message>
    <message numerus="yes">
        <source>%n scan(s) from an earlier session had no decision: they are back in the queue.</source>
        <translation>
            <numerusform>%n Scan aus einer früheren Sitzung war ohne Entscheidung: Er ist wieder in der Warteschlange.</numerusform>
            <numerusform>%n Scans aus einer früheren Sitzung waren ohne Entscheidung: Sie sind wieder in der Warteschlange.</numerusform>
        </translation>
    </message>
    <message>
        <source>A scan could not be read and was set aside: {reason}</source>
        <translation>Ein Scan war nicht lesbar und wurde zurückgestellt: {reason}</translation>
    </message>
    <message>
        <source>Acknowledging {scan} was not saved ({error}).</source>
        <translation>Die Bestätigung von {scan} wurde nicht gespeichert ({error}).</translation>
    </message>
    <message>
        <source>Lane {lane}: {text}</source>
        <translation>Spur {lane}: {text}</translation>
    </message>
    <message>
        <source>Scan {scan} could not be stored or screened: {error}</source>
        <translation>Scan {scan} konnte nicht gespeichert oder geprüft werden: {error}</translation>
    </message>
    <message>
        <source>The {feed} feed stopped: {error}</source>
        <translation>Der Bildeingang „{feed}“ ist ausgefallen: {error}</translation>
    </message>
</context>
<context>
    <name>StationSettingsDialog</name>
    <message>
        <source>Station settings</source>
        <translation>Stationseinstellungen</translation>
    </message>
    <message>
        <source>Review</source>
        <translation>Prüfung</translation>
    </message>
    <message>
        <source>Show cues only after the first look (Space)</source>
        <translation>Hinweise erst nach dem ersten Blick zeigen (Leertaste)</translation>
    </message>
    <message>
        <source>Parcels with cues first in the queue</source>
        <translation>Pakete mit Hinweisen zuerst in der Warteschlange</translation>
    </message>
    <message>
        <source>Undo window</source>
        <translation>Rückgängig-Zeitfenster</translation>
    </message>
    <message>
        <source>Threat Image Projection (TIP)</source>
        <translation>Threat Image Projection (TIP)</translation>
    </message>
    <message>
        <source>Project test threats into live scans</source>
        <translation>Testbedrohungen in laufende Aufnahmen einblenden</translation>
    </message>
    <message>
        <source>Share of scans</source>
        <translation>Anteil der Aufnahmen</translation>
    </message>
    <message>
        <source>Threats</source>
        <translation>Bedrohungen</translation>
    </message>
    <message>
        <source>Evidence images</source>
        <translation>Beweisbilder</translation>
    </message>
    <message>
        <source>Cleared parcels: remove after</source>
        <translation>Freigegebene Pakete: entfernen nach</translation>
    </message>
    <message>
        <source>Flagged parcels: remove after</source>
        <translation>Beanstandete Pakete: entfernen nach</translation>
    </message>
    <message>
        <source>Undecided and set-aside scans are always kept; flagged parcels&apos; images go only once the hub has them. The log keeps every image&apos;s SHA-256, and each removal is recorded. Applies from the next start.</source>
        <translation>Unentschiedene und zurückgestellte Scans bleiben immer erhalten; Bilder beanstandeter Pakete werden erst entfernt, wenn der Hub sie hat. Das Protokoll behält den SHA-256 jedes Bildes, und jede Entfernung wird aufgezeichnet. Gilt ab dem nächsten Start.</translation>
    </message>
    <message>
        <source>Greyed-out settings need a supervisor or administrator.</source>
        <translation>Ausgegraute Einstellungen erfordern Vorgesetzte oder Administratoren.</translation>
    </message>
    <message>
        <source> days</source>
        <translation> Tage</translation>
    </message>
    <message>
        <source>keep every image</source>
        <translation>alle Bilder behalten</translation>
    </message>
    <message>
        <source>Choose at least one threat for TIP, or turn TIP off.</source>
        <translation>Mindestens eine Bedrohung für TIP wählen oder TIP ausschalten.</translation>
    </message>
</context>
<context>
    <name>StationStatusBar</name>
    <message>
        <source>standard</source>
        <translation>Standard</translation>
    </message>
    <message>
        <source>View: {function}</source>
        <translation>Ansicht: {function}</translation>
    </message>
    <message>
        <source>Feed: {name}</source>
        <translation>Eingang: {name}</translation>
    </message>
    <message>
        <source>Upload: off (local only)</source>
        <translation>Upload: aus (nur lokal)</translation>
    </message>
    <message>
        <source>Upload: {count} waiting — {trouble} since {time}</source>
        <translation>Upload: {count} wartend — {trouble} seit {time}</translation>
    </message>
    <message>
        <source>Upload: {count} waiting</source>
        <translation>Upload: {count} wartend</translation>
    </message>
    <message>
        <source>Upload: up to date</source>
        <translation>Upload: aktuell</translation>
    </message>
    <message>
        <source>{count} refused</source>
        <translation>{count} abgelehnt</translation>
    </message>
    <message>
        <source>Demo station: its records are never uploaded.</source>
        <translation>Demo-Station: ihre Datensätze werden nie hochgeladen.</translation>
    </message>
    <message>
        <source>The upload settings cannot be used, so nothing is uploaded: {detail}</source>
        <translation>Die Upload-Einstellungen sind unbrauchbar, daher wird nichts hochgeladen: {detail}</translation>
    </message>
    <message>
        <source>This station is not enrolled with a hub: every record stays in its log and waits in its outbox. Enrol with: inspector-app upload enrol</source>
        <translation>Diese Station ist bei keinem Hub angemeldet: jeder Datensatz bleibt im Protokoll und wartet im Postausgang. Anmelden mit: inspector-app upload enrol</translation>
    </message>
    <message>
        <source>hub unreachable</source>
        <translation>Hub nicht erreichbar</translation>
    </message>
    <message>
        <source>hub unavailable</source>
        <translation>Hub nicht verfügbar</translation>
    </message>
    <message>
        <source>hub does not accept this station</source>
        <translation>Hub akzeptiert diese Station nicht</translation>
    </message>
    <message>
        <source>hub refused the upload</source>
        <translation>Hub hat den Upload abgelehnt</translation>
    </message>
    <message>
        <source>upload failed at this station</source>
        <translation>Upload an dieser Station fehlgeschlagen</translation>
    </message>
    <message>
        <source>Hub: {hub}</source>
        <translation>Hub: {hub}</translation>
    </message>
    <message>
        <source>Waiting: {records} record(s), {images} evidence image(s)</source>
        <translation>Wartend: {records} Datensatz/Datensätze, {images} Beweisbild(er)</translation>
    </message>
    <message>
        <source>Last upload: {time}</source>
        <translation>Letzter Upload: {time}</translation>
    </message>
    <message>
        <source>Problem: {detail}</source>
        <translation>Problem: {detail}</translation>
    </message>
    <message>
        <source>{count} record(s) refused by the hub are set aside; see: inspector-app upload status</source>
        <translation>{count} vom Hub abgelehnte(r) Datensatz/Datensätze zurückgestellt; siehe: inspector-app upload status</translation>
    </message>
    <message>
        <source>Model: {name} {version} ({sha})</source>
        <translation>Modell: {name} {version} ({sha})</translation>
    </message>
    <message>
        <source>Model: NOT LOADED</source>
        <translation>Modell: NICHT GELADEN</translation>
    </message>
    <message>
        <source>Model: loading…</source>
        <translation>Modell: wird geladen…</translation>
    </message>
    <message>
        <source>Not evaluated on this scanner</source>
        <translation>Auf diesem Scanner nicht evaluiert</translation>
    </message>
    <message>
        <source>The model&apos;s accuracy was measured on its own test scans, not on this scanner&apos;s.</source>
        <translation>Die Genauigkeit des Modells wurde an seinen eigenen Testbildern gemessen, nicht an denen dieses Scanners.</translation>
    </message>
    <message>
        <source>⚠ Scans unlike the model&apos;s training — not evaluated here</source>
        <translation>⚠ Bilder anders als das Training des Modells — hier nicht evaluiert</translation>
    </message>
    <message>
        <source>Recent scans look different from them (distance {distance:.1f}): expect missed threats and false cues.</source>
        <translation>Die letzten Bilder weichen davon ab (Abstand {distance:.1f}): mit übersehenen Bedrohungen und Fehlalarmen rechnen.</translation>
    </message>
    <message>
        <source>Recent scans look like them (distance {distance:.1f}).</source>
        <translation>Die letzten Bilder ähneln ihnen (Abstand {distance:.1f}).</translation>
    </message>
    <message>
        <source>Screening stopped: log check failed</source>
        <translation>Prüfung gestoppt: Protokollprüfung fehlgeschlagen</translation>
    </message>
    <message>
        <source>The decision log did not verify at start; an administrator must look.</source>
        <translation>Das Entscheidungsprotokoll hat die Prüfung beim Start nicht bestanden; ein Administrator muss es ansehen.</translation>
    </message>
    <message>
        <source>Model: checking {name}…</source>
        <translation>Modell: {name} wird geprüft…</translation>
    </message>
    <message>
        <source>Backlog: {count}</source>
        <translation>Rückstand: {count}</translation>
    </message>
    <message>
        <source>Inspector: {name} · {count} decided</source>
        <translation>Prüfer: {name} · {count} entschieden</translation>
    </message>
</context>
<context>
    <name>StatisticsView</name>
    <message>
        <source>Statistics</source>
        <translation>Statistik</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>Anzeigen</translation>
    </message>
    <message>
        <source>From</source>
        <translation>Von</translation>
    </message>
    <message>
        <source>to (included)</source>
        <translation>bis (einschließlich)</translation>
    </message>
    <message>
        <source>Parcels decided per day</source>
        <translation>Entschiedene Pakete pro Tag</translation>
    </message>
    <message>
        <source>decided</source>
        <translation>entschieden</translation>
    </message>
    <message>
        <source>flagged</source>
        <translation>beanstandet</translation>
    </message>
    <message>
        <source>Alarm, confirmation and TIP hit rates per day</source>
        <translation>Alarm-, Bestätigungs- und TIP-Trefferquote pro Tag</translation>
    </message>
    <message>
        <source>model alarm rate</source>
        <translation>Alarmquote des Modells</translation>
    </message>
    <message>
        <source>alarms confirmed</source>
        <translation>bestätigte Alarme</translation>
    </message>
    <message>
        <source>TIP hit rate</source>
        <translation>TIP-Trefferquote</translation>
    </message>
    <message>
        <source>Inspector</source>
        <translation>Prüfer</translation>
    </message>
    <message>
        <source>Decided</source>
        <translation>Entschieden</translation>
    </message>
    <message>
        <source>Flag rate</source>
        <translation>Beanstandungsquote</translation>
    </message>
    <message>
        <source>Median decision</source>
        <translation>Mediane Entscheidung</translation>
    </message>
    <message>
        <source>TIP tests</source>
        <translation>TIP-Tests</translation>
    </message>
    <message>
        <source>Median decision time per day</source>
        <translation>Mediane Entscheidungszeit pro Tag</translation>
    </message>
    <message>
        <source>seconds</source>
        <translation>Sekunden</translation>
    </message>
    <message>
        <source>median decision time</source>
        <translation>mediane Entscheidungszeit</translation>
    </message>
    <message>
        <source>Per inspector: TIP hit rate and median decision time</source>
        <translation>Pro Prüfer: TIP-Trefferquote und mediane Entscheidungszeit</translation>
    </message>
    <message>
        <source>Model precision per class (confirmed / judged cues)</source>
        <translation>Modellpräzision pro Klasse (bestätigte / bewertete Hinweise)</translation>
    </message>
    <message>
        <source>no data in this period</source>
        <translation>keine Daten in diesem Zeitraum</translation>
    </message>
    <message>
        <source>The last day must not be before the first.</source>
        <translation>Der letzte Tag darf nicht vor dem ersten liegen.</translation>
    </message>
    <message>
        <source>Statistics not available: {reason}</source>
        <translation>Statistik nicht verfügbar: {reason}</translation>
    </message>
    <message>
        <source>Computing…</source>
        <translation>Wird berechnet…</translation>
    </message>
    <message>
        <source>{decided} decisions ({per_day} a day), {flagged} flagged · model alarm rate {alarm} · alarms confirmed {confirmed} · cues confirmed {cues} · median decision time {median} · TIP hit rate {tip} ({tips} tests)</source>
        <translation>{decided} Entscheidungen ({per_day} pro Tag), {flagged} beanstandet · Alarmquote des Modells {alarm} · bestätigte Alarme {confirmed} · bestätigte Hinweise {cues} · mediane Entscheidungszeit {median} · TIP-Trefferquote {tip} ({tips} Tests)</translation>
    </message>
</context>
<context>
    <name>SupervisorMenu</name>
    <message>
        <source>Supe&amp;rvisor</source>
        <translation>&amp;Leitung</translation>
    </message>
    <message>
        <source>Export shift log…</source>
        <translation>Schichtprotokoll exportieren…</translation>
    </message>
    <message>
        <source>Statistics…</source>
        <translation>Statistik…</translation>
    </message>
    <message>
        <source>Archive search and case dossiers…</source>
        <translation>Archivsuche und Falldossiers…</translation>
    </message>
    <message>
        <source>Audit log…</source>
        <translation>Audit-Protokoll…</translation>
    </message>
    <message>
        <source>Users…</source>
        <translation>Benutzer…</translation>
    </message>
    <message>
        <source>Only a supervisor or an administrator can do this.</source>
        <translation>Nur eine Schichtleitung oder ein Administrator darf das.</translation>
    </message>
</context>
<context>
    <name>Terms</name>
    <message>
        <source>Drugs</source>
        <translation>Betäubungsmittel</translation>
    </message>
    <message>
        <source>Weapons</source>
        <translation>Waffen</translation>
    </message>
    <message>
        <source>Counterfeit</source>
        <translation>Fälschungen</translation>
    </message>
    <message>
        <source>Wildlife</source>
        <translation>Artenschutz</translation>
    </message>
    <message>
        <source>Medicines</source>
        <translation>Arzneimittel</translation>
    </message>
    <message>
        <source>Currency</source>
        <translation>Bargeld</translation>
    </message>
    <message>
        <source>Excise</source>
        <translation>Verbrauchsteuerwaren</translation>
    </message>
    <message>
        <source>Dangerous goods</source>
        <translation>Gefahrgut</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>Sonstiges</translation>
    </message>
    <message>
        <source>clear</source>
        <translation>freigegeben</translation>
    </message>
    <message>
        <source>suspect</source>
        <translation>verdächtig</translation>
    </message>
    <message>
        <source>refer to manual search</source>
        <translation>zur manuellen Kontrolle</translation>
    </message>
    <message>
        <source>Standard image</source>
        <translation>Standardbild</translation>
    </message>
    <message>
        <source>Grey / colour</source>
        <translation>Grau / Farbe</translation>
    </message>
    <message>
        <source>Inverse</source>
        <translation>Negativ</translation>
    </message>
    <message>
        <source>Organic only</source>
        <translation>Nur organisch</translation>
    </message>
    <message>
        <source>Inorganic only</source>
        <translation>Nur anorganisch</translation>
    </message>
    <message>
        <source>Metal only</source>
        <translation>Nur Metall</translation>
    </message>
    <message>
        <source>High penetration</source>
        <translation>Hohe Durchdringung</translation>
    </message>
    <message>
        <source>Low penetration</source>
        <translation>Niedrige Durchdringung</translation>
    </message>
    <message>
        <source>Edge enhancement</source>
        <translation>Kantenverstärkung</translation>
    </message>
    <message>
        <source>Local contrast</source>
        <translation>Lokaler Kontrast</translation>
    </message>
    <message>
        <source>Lighter (gamma)</source>
        <translation>Heller (Gamma)</translation>
    </message>
    <message>
        <source>Darker (gamma)</source>
        <translation>Dunkler (Gamma)</translation>
    </message>
    <message>
        <source>Density highlight</source>
        <translation>Dichte hervorheben</translation>
    </message>
    <message>
        <source>handgun</source>
        <translation>Faustfeuerwaffe</translation>
    </message>
    <message>
        <source>knife</source>
        <translation>Messer</translation>
    </message>
    <message>
        <source>ammunition</source>
        <translation>Munition</translation>
    </message>
    <message>
        <source>powder_pack</source>
        <translation>Pulverpäckchen</translation>
    </message>
    <message>
        <source>pill_pack</source>
        <translation>Tablettenpackung</translation>
    </message>
    <message>
        <source>liquid_container</source>
        <translation>Flüssigkeitsbehälter</translation>
    </message>
    <message>
        <source>banknote_stack</source>
        <translation>Banknotenbündel</translation>
    </message>
    <message>
        <source>cigarette_carton</source>
        <translation>Zigarettenstange</translation>
    </message>
    <message>
        <source>lithium_battery</source>
        <translation>Lithiumbatterie</translation>
    </message>
    <message>
        <source>wildlife</source>
        <translation>geschützte Art</translation>
    </message>
    <message>
        <source>other</source>
        <translation>Sonstiges</translation>
    </message>
</context>
<context>
    <name>UsersDialog</name>
    <message>
        <source>Users</source>
        <translation>Benutzer</translation>
    </message>
    <message>
        <source>User</source>
        <translation>Benutzer</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>Rolle</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Last sign-in</source>
        <translation>Letzte Anmeldung</translation>
    </message>
    <message>
        <source>Change role</source>
        <translation>Rolle ändern</translation>
    </message>
    <message>
        <source>Disable</source>
        <translation>Sperren</translation>
    </message>
    <message>
        <source>Enable</source>
        <translation>Entsperren</translation>
    </message>
    <message>
        <source>Unlock</source>
        <translation>Freigeben</translation>
    </message>
    <message>
        <source>Reset password</source>
        <translation>Passwort zurücksetzen</translation>
    </message>
    <message>
        <source>Add user</source>
        <translation>Benutzer hinzufügen</translation>
    </message>
    <message>
        <source>Users loaded.</source>
        <translation>Benutzer geladen.</translation>
    </message>
    <message>
        <source>inspector</source>
        <translation>Prüfer</translation>
    </message>
    <message>
        <source>supervisor</source>
        <translation>Schichtleitung</translation>
    </message>
    <message>
        <source>administrator</source>
        <translation>Administrator</translation>
    </message>
    <message>
        <source>Selected user</source>
        <translation>Ausgewählter Benutzer</translation>
    </message>
    <message>
        <source>Access</source>
        <translation>Zugang</translation>
    </message>
    <message>
        <source>New password</source>
        <translation>Neues Passwort</translation>
    </message>
    <message>
        <source>Add a user</source>
        <translation>Einen Benutzer hinzufügen</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Passwort</translation>
    </message>
    <message>
        <source>Saved.</source>
        <translation>Gespeichert.</translation>
    </message>
    <message>
        <source>User {name} added.</source>
        <translation>Benutzer {name} hinzugefügt.</translation>
    </message>
    <message>
        <source>Not done: {reason}</source>
        <translation>Nicht ausgeführt: {reason}</translation>
    </message>
    <message>
        <source>Working…</source>
        <translation>Wird ausgeführt…</translation>
    </message>
    <message>
        <source>disabled</source>
        <translation>gesperrt</translation>
    </message>
    <message>
        <source>locked until {time}</source>
        <translation>gesperrt bis {time}</translation>
    </message>
    <message>
        <source>active</source>
        <translation>aktiv</translation>
    </message>
</context>
</TS>
