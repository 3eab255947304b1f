<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="nl_NL">
<context>
    <name>Actions</name>
    <message>
        <source>&amp;Decision</source>
        <translation>&amp;Beslissing</translation>
    </message>
    <message>
        <source>Suspect category</source>
        <translation>Categorie verdenking</translation>
    </message>
    <message>
        <source>C&amp;ues</source>
        <translation>&amp;Aanwijzingen</translation>
    </message>
    <message>
        <source>&amp;Image</source>
        <translation>Beel&amp;d</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Weergave</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Taal (Language)</translation>
    </message>
    <message>
        <source>&amp;Station</source>
        <translation>&amp;Station</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Help</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>Vrijgeven</translation>
    </message>
    <message>
        <source>Suspect…</source>
        <translation>Verdacht…</translation>
    </message>
    <message>
        <source>Refer to manual search</source>
        <translation>Naar handmatige controle</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Annuleren</translation>
    </message>
    <message>
        <source>Undo last decision</source>
        <translation>Laatste beslissing ongedaan maken</translation>
    </message>
    <message>
        <source>Continue after a TIP test</source>
        <translation>Verder na een TIP-test</translation>
    </message>
    <message>
        <source>Parcel ID</source>
        <translation>Pakket-ID</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Opmerking</translation>
    </message>
    <message>
        <source>Origin country</source>
        <translation>Land van herkomst</translation>
    </message>
    <message>
        <source>Destination country</source>
        <translation>Land van bestemming</translation>
    </message>
    <message>
        <source>Alarms first / arrival order</source>
        <translation>Alarmen eerst / volgorde van aankomst</translation>
    </message>
    <message>
        <source>Show / hide cues</source>
        <translation>Aanwijzingen tonen / verbergen</translation>
    </message>
    <message>
        <source>Next cue</source>
        <translation>Volgende aanwijzing</translation>
    </message>
    <message>
        <source>Previous cue</source>
        <translation>Vorige aanwijzing</translation>
    </message>
    <message>
        <source>Confirm cue</source>
        <translation>Aanwijzing bevestigen</translation>
    </message>
    <message>
        <source>Reject cue</source>
        <translation>Aanwijzing afwijzen</translation>
    </message>
    <message>
        <source>Cue opacity</source>
        <translation>Dekking van aanwijzingen</translation>
    </message>
    <message>
        <source>Show / hide the scanner&apos;s own alarms</source>
        <translation>Eigen alarmen van de scanner tonen/verbergen</translation>
    </message>
    <message>
        <source>Draw a missed item</source>
        <translation>Gemist voorwerp intekenen</translation>
    </message>
    <message>
        <source>Remove last drawn item</source>
        <translation>Laatst ingetekende verwijderen</translation>
    </message>
    <message>
        <source>Standard image</source>
        <translation>Standaardbeeld</translation>
    </message>
    <message>
        <source>Fit to window</source>
        <translation>Aanpassen aan venster</translation>
    </message>
    <message>
        <source>Actual size</source>
        <translation>Werkelijke grootte</translation>
    </message>
    <message>
        <source>Zoom in</source>
        <translation>Inzoomen</translation>
    </message>
    <message>
        <source>Zoom out</source>
        <translation>Uitzoomen</translation>
    </message>
    <message>
        <source>Larger text</source>
        <translation>Grotere tekst</translation>
    </message>
    <message>
        <source>Smaller text</source>
        <translation>Kleinere tekst</translation>
    </message>
    <message>
        <source>Light / dark theme</source>
        <translation>Licht / donker thema</translation>
    </message>
    <message>
        <source>Load another model…</source>
        <translation>Ander model laden…</translation>
    </message>
    <message>
        <source>Station settings…</source>
        <translation>Stationsinstellingen…</translation>
    </message>
    <message>
        <source>Lock / switch user</source>
        <translation>Vergrendelen / gebruiker wisselen</translation>
    </message>
    <message>
        <source>Change my password…</source>
        <translation>Mijn wachtwoord wijzigen…</translation>
    </message>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>Sneltoetsen</translation>
    </message>
</context>
<context>
    <name>App</name>
    <message>
        <source>Settings not saved: {error}</source>
        <translation>Instellingen niet opgeslagen: {error}</translation>
    </message>
    <message>
        <source>Only a supervisor may start the station with another model or threshold ({error}).</source>
        <translation>Alleen een supervisor mag het station starten met een ander model of een andere drempel ({error}).</translation>
    </message>
    <message>
        <source>Unexpected error: {error}</source>
        <translation>Onverwachte fout: {error}</translation>
    </message>
</context>
<context>
    <name>ArchiveSearch</name>
    <message>
        <source>Archive search</source>
        <translation>Archief doorzoeken</translation>
    </message>
    <message>
        <source>any part of the ID</source>
        <translation>elk deel van de ID</translation>
    </message>
    <message>
        <source>Decided between</source>
        <translation>Beslist tussen</translation>
    </message>
    <message>
        <source>Any category</source>
        <translation>Elke categorie</translation>
    </message>
    <message>
        <source>Any decision</source>
        <translation>Elke beslissing</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>Zoeken</translation>
    </message>
    <message>
        <source>Decided at</source>
        <translation>Beslist op</translation>
    </message>
    <message>
        <source>Parcel ID</source>
        <translation>Pakket-ID</translation>
    </message>
    <message>
        <source>Lane</source>
        <translation>Baan</translation>
    </message>
    <message>
        <source>Decision</source>
        <translation>Beslissing</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>Categorie</translation>
    </message>
    <message>
        <source>Inspector</source>
        <translation>Inspecteur</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Model</translation>
    </message>
    <message>
        <source>Cues</source>
        <translation>Aanwijzingen</translation>
    </message>
    <message>
        <source>Case dossier…</source>
        <translation>Zaakdossier…</translation>
    </message>
    <message>
        <source>Not possible: {reason}</source>
        <translation>Niet mogelijk: {reason}</translation>
    </message>
    <message>
        <source>Any lane</source>
        <translation>Elke baan</translation>
    </message>
    <message>
        <source>Any inspector</source>
        <translation>Elke inspecteur</translation>
    </message>
    <message>
        <source>Any model</source>
        <translation>Elk model</translation>
    </message>
    <message>
        <source>The last day must not be before the first.</source>
        <translation>De laatste dag mag niet voor de eerste liggen.</translation>
    </message>
    <message>
        <source>Searching…</source>
        <translation>Bezig met zoeken…</translation>
    </message>
    <message numerus="yes">
        <source>%n decision(s) found, newest first.</source>
        <translation>
            <numerusform>%n beslissing gevonden, nieuwste eerst.</numerusform>
            <numerusform>%n beslissingen gevonden, nieuwste eerst.</numerusform>
        </translation>
    </message>
    <message>
        <source>Opening…</source>
        <translation>Bezig met openen…</translation>
    </message>
    <message>
        <source>Decision {id}: {verdict} ({category}) by {inspector} at {time} · parcel {parcel} · model {model} · evidence SHA-256 checked</source>
        <translation>Beslissing {id}: {verdict} ({category}) door {inspector} op {time} · pakket {parcel} · model {model} · SHA-256 van het bewijs gecontroleerd</translation>
    </message>
    <message>
        <source>Save the case dossier as</source>
        <translation>Zaakdossier opslaan als</translation>
    </message>
    <message>
        <source>PDF files (*.pdf)</source>
        <translation>PDF-bestanden (*.pdf)</translation>
    </message>
    <message>
        <source>Writing the case dossier…</source>
        <translation>Zaakdossier wordt geschreven…</translation>
    </message>
    <message>
        <source>Case dossier saved: {path}</source>
        <translation>Zaakdossier opgeslagen: {path}</translation>
    </message>
</context>
<context>
    <name>AuditViewer</name>
    <message>
        <source>Audit log</source>
        <translation>Auditlogboek</translation>
    </message>
    <message>
        <source>every user</source>
        <translation>alle gebruikers</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>Tonen</translation>
    </message>
    <message>
        <source>Verify the chain</source>
        <translation>Keten controleren</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Tijd</translation>
    </message>
    <message>
        <source>User</source>
        <translation>Gebruiker</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Actie</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>Details</translation>
    </message>
    <message numerus="yes">
        <source>%n entries shown, newest first.</source>
        <translation>
            <numerusform>%n regel getoond, nieuwste eerst.</numerusform>
            <numerusform>%n regels getoond, nieuwste eerst.</numerusform>
        </translation>
    </message>
    <message>
        <source>Checking the chain…</source>
        <translation>Keten wordt gecontroleerd…</translation>
    </message>
    <message>
        <source>The audit chain is intact ({count} entries).</source>
        <translation>De auditketen is intact ({count} regels).</translation>
    </message>
    <message>
        <source>The audit log was changed after it was written: {reason}</source>
        <translation>Het auditlogboek is na het schrijven gewijzigd: {reason}</translation>
    </message>
</context>
<context>
    <name>CueController</name>
    <message>
        <source>Drag over the missed item to mark it as &apos;{label}&apos; (B to stop drawing).</source>
        <translation>Sleep over het gemiste voorwerp om het als „{label}” te markeren (B om te stoppen).</translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message>
        <source>Export shift log</source>
        <translation>Dienstlogboek exporteren</translation>
    </message>
    <message>
        <source>PDF report</source>
        <translation>PDF-rapport</translation>
    </message>
    <message>
        <source>Excel workbook (XLSX)</source>
        <translation>Excel-werkmap (XLSX)</translation>
    </message>
    <message>
        <source>CSV table</source>
        <translation>CSV-tabel</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Bladeren…</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>Exporteren</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Annuleren</translation>
    </message>
    <message>
        <source>From</source>
        <translation>Van</translation>
    </message>
    <message>
        <source>To (not included)</source>
        <translation>Tot (niet inbegrepen)</translation>
    </message>
    <message>
        <source>Lane</source>
        <translation>Baan</translation>
    </message>
    <message>
        <source>Inspector</source>
        <translation>Inspecteur</translation>
    </message>
    <message>
        <source>Format</source>
        <translation>Formaat</translation>
    </message>
    <message>
        <source>Save as</source>
        <translation>Opslaan als</translation>
    </message>
    <message>
        <source>All lanes</source>
        <translation>Alle banen</translation>
    </message>
    <message>
        <source>All inspectors</source>
        <translation>Alle inspecteurs</translation>
    </message>
    <message>
        <source>Save the shift log as</source>
        <translation>Dienstlogboek opslaan als</translation>
    </message>
    <message>
        <source>{format} files (*.{suffix})</source>
        <translation>{format}-bestanden (*.{suffix})</translation>
    </message>
    <message>
        <source>The end of the period must be later than its start.</source>
        <translation>Het einde van de periode moet na het begin liggen.</translation>
    </message>
    <message>
        <source>Choose a file to save the shift log in.</source>
        <translation>Kies een bestand om het dienstlogboek in op te slaan.</translation>
    </message>
    <message>
        <source>Exporting…</source>
        <translation>Bezig met exporteren…</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Sluiten</translation>
    </message>
    <message>
        <source>Saved {path}: {decided} decisions, {flagged} flagged.</source>
        <translation>Opgeslagen {path}: {decided} beslissingen, {flagged} gemarkeerd.</translation>
    </message>
    <message>
        <source>Not exported: {reason}</source>
        <translation>Niet geëxporteerd: {reason}</translation>
    </message>
    <message>
        <source>Export cancelled; no file was written.</source>
        <translation>Export geannuleerd; er is geen bestand geschreven.</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>Bezig met annuleren…</translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <source>idle</source>
        <translation>inactiviteit</translation>
    </message>
    <message>
        <source>switch user</source>
        <translation>gebruikerswissel</translation>
    </message>
    <message>
        <source>locked by hand</source>
        <translation>handmatig vergrendeld</translation>
    </message>
    <message>
        <source>Inspector — {title}</source>
        <translation>Inspector — {title}</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Afsluiten</translation>
    </message>
    <message>
        <source>&amp;User name</source>
        <translation>&amp;Gebruikersnaam</translation>
    </message>
    <message>
        <source>&amp;Password</source>
        <translation>&amp;Wachtwoord</translation>
    </message>
    <message>
        <source>&amp;Repeat password</source>
        <translation>Wachtwoord &amp;herhalen</translation>
    </message>
    <message>
        <source>DEMO MODE — the demo account&apos;s decisions are marked as demo</source>
        <translation>DEMOMODUS — de beslissingen van het demo-account worden als demo gemarkeerd</translation>
    </message>
    <message>
        <source>Use &amp;demo account</source>
        <translation>&amp;Demo-account gebruiken</translation>
    </message>
    <message>
        <source>No password; only available in demo mode</source>
        <translation>Zonder wachtwoord; alleen in demomodus</translation>
    </message>
    <message>
        <source>Create the administrator</source>
        <translation>Beheerder aanmaken</translation>
    </message>
    <message>
        <source>First start on this station. Create the administrator account; it adds inspectors and supervisors later. Passwords need at least {count} characters.</source>
        <translation>Eerste start van dit station. Maak het beheerdersaccount aan; daarmee worden later inspecteurs en supervisors toegevoegd. Wachtwoorden hebben minstens {count} tekens.</translation>
    </message>
    <message>
        <source>Create &amp;&amp; sign in</source>
        <translation>Aanmaken &amp;&amp; aanmelden</translation>
    </message>
    <message>
        <source>Locked ({reason}). {user} can continue with their password; another user signing in takes over the station.</source>
        <translation>Vergrendeld ({reason}). {user} kan verdergaan met het eigen wachtwoord; een andere gebruiker die zich aanmeldt, neemt het station over.</translation>
    </message>
    <message>
        <source>Locked. {user} can continue with their password; another user signing in takes over the station.</source>
        <translation>Vergrendeld. {user} kan verdergaan met het eigen wachtwoord; een andere gebruiker die zich aanmeldt, neemt het station over.</translation>
    </message>
    <message>
        <source>Station locked</source>
        <translation>Station vergrendeld</translation>
    </message>
    <message>
        <source>&amp;Unlock</source>
        <translation>&amp;Ontgrendelen</translation>
    </message>
    <message>
        <source>Sign in</source>
        <translation>Aanmelden</translation>
    </message>
    <message>
        <source>X-ray parcel screening station. Enter your user name and password.</source>
        <translation>Röntgenstation voor pakketcontrole. Voer uw gebruikersnaam en wachtwoord in.</translation>
    </message>
    <message>
        <source>&amp;Sign in</source>
        <translation>Aan&amp;melden</translation>
    </message>
    <message>
        <source>enter your user name</source>
        <translation>voer uw gebruikersnaam in</translation>
    </message>
    <message>
        <source>enter your password</source>
        <translation>voer uw wachtwoord in</translation>
    </message>
    <message>
        <source>the two passwords do not match</source>
        <translation>de twee wachtwoorden komen niet overeen</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Inspector — X-ray parcel screening</source>
        <translation>Inspector — röntgencontrole van pakketten</translation>
    </message>
    <message>
        <source>Only a supervisor or an administrator can change the model.</source>
        <translation>Alleen een supervisor of beheerder kan het model wijzigen.</translation>
    </message>
    <message>
        <source>Load a detection model</source>
        <translation>Detectiemodel laden</translation>
    </message>
    <message>
        <source>ONNX models (*.onnx)</source>
        <translation>ONNX-modellen (*.onnx)</translation>
    </message>
    <message>
        <source>Queue order: {order}</source>
        <translation>Volgorde wachtrij: {order}</translation>
    </message>
    <message>
        <source>alarms first</source>
        <translation>alarmen eerst</translation>
    </message>
    <message>
        <source>arrival order</source>
        <translation>volgorde van aankomst</translation>
    </message>
    <message>
        <source>Ctrl+Z undoes the last decision ({seconds} s)</source>
        <translation>Ctrl+Z maakt de laatste beslissing ongedaan ({seconds} s)</translation>
    </message>
    <message>
        <source>Queue ({order}) — {waiting} waiting for you, {screening} being screened</source>
        <translation>Wachtrij ({order}) — {waiting} wachtend op u, {screening} in controle</translation>
    </message>
</context>
<context>
    <name>PasswordChange</name>
    <message>
        <source>The DEMO account has no password to change.</source>
        <translation>Het DEMO-account heeft geen wachtwoord om te wijzigen.</translation>
    </message>
    <message>
        <source>This account cannot change its password here.</source>
        <translation>Dit account kan zijn wachtwoord hier niet wijzigen.</translation>
    </message>
    <message>
        <source>Your password has been changed.</source>
        <translation>Uw wachtwoord is gewijzigd.</translation>
    </message>
</context>
<context>
    <name>PasswordDialog</name>
    <message>
        <source>Change my password</source>
        <translation>Mijn wachtwoord wijzigen</translation>
    </message>
    <message>
        <source>Change the password of {user}</source>
        <translation>Het wachtwoord van {user} wijzigen</translation>
    </message>
    <message>
        <source>The new password needs at least {count} characters and must not be your user name.</source>
        <translation>Het nieuwe wachtwoord moet minstens {count} tekens hebben en mag niet uw gebruikersnaam zijn.</translation>
    </message>
    <message>
        <source>A wrong current password counts as a failed sign-in: after {failures} in a row, your account is locked for {minutes} minutes.</source>
        <translation>Een fout huidig wachtwoord telt als mislukte aanmelding: na {failures} keer achter elkaar wordt uw account {minutes} minuten geblokkeerd.</translation>
    </message>
    <message>
        <source>C&amp;urrent password</source>
        <translation>&amp;Huidig wachtwoord</translation>
    </message>
    <message>
        <source>&amp;New password</source>
        <translation>&amp;Nieuw wachtwoord</translation>
    </message>
    <message>
        <source>&amp;Repeat new password</source>
        <translation>Nieuw wachtwoord &amp;herhalen</translation>
    </message>
    <message>
        <source>Change &amp;password</source>
        <translation>Wachtwoord &amp;wijzigen</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Annuleren</translation>
    </message>
    <message>
        <source>The new password is too short: it needs at least {count} characters.</source>
        <translation>Het nieuwe wachtwoord is te kort: het moet minstens {count} tekens hebben.</translation>
    </message>
    <message>
        <source>The new password is too long: at most {count} characters.</source>
        <translation>Het nieuwe wachtwoord is te lang: hoogstens {count} tekens.</translation>
    </message>
    <message>
        <source>The new password must not be your user name.</source>
        <translation>Het nieuwe wachtwoord mag niet uw gebruikersnaam zijn.</translation>
    </message>
    <message>
        <source>The new password must not be only spaces.</source>
        <translation>Het nieuwe wachtwoord mag niet alleen uit spaties bestaan.</translation>
    </message>
    <message>
        <source>The new password is not accepted: {reason}</source>
        <translation>Het nieuwe wachtwoord wordt niet aanvaard: {reason}</translation>
    </message>
    <message>
        <source>The current password is wrong. Your password was not changed.</source>
        <translation>Het huidige wachtwoord is fout. Uw wachtwoord is niet gewijzigd.</translation>
    </message>
    <message>
        <source>Wrong current password too many times: your account is locked until {time}. Your password was not changed.</source>
        <translation>Te vaak een fout huidig wachtwoord: uw account is geblokkeerd tot {time}. Uw wachtwoord is niet gewijzigd.</translation>
    </message>
    <message>
        <source>Your account is locked until {time}: try again after that. Your password was not changed.</source>
        <translation>Uw account is geblokkeerd tot {time}: probeer het daarna opnieuw. Uw wachtwoord is niet gewijzigd.</translation>
    </message>
    <message>
        <source>Your account is disabled: ask an administrator.</source>
        <translation>Uw account is uitgeschakeld: vraag het aan een beheerder.</translation>
    </message>
    <message>
        <source>Your password was not changed: {reason}</source>
        <translation>Uw wachtwoord is niet gewijzigd: {reason}</translation>
    </message>
    <message>
        <source>Enter your current password.</source>
        <translation>Voer uw huidige wachtwoord in.</translation>
    </message>
    <message>
        <source>Enter the new password.</source>
        <translation>Voer het nieuwe wachtwoord in.</translation>
    </message>
    <message>
        <source>The two new passwords do not match: type the new one again.</source>
        <translation>De twee nieuwe wachtwoorden komen niet overeen: typ het nieuwe opnieuw.</translation>
    </message>
    <message>
        <source>Changing your password…</source>
        <translation>Wachtwoord wordt gewijzigd…</translation>
    </message>
</context>
<context>
    <name>QueueList</name>
    <message>
        <source>screening…</source>
        <translation>controle…</translation>
    </message>
    <message numerus="yes">
        <source>%n cue(s)</source>
        <translation>
            <numerusform>%n aanwijzing</numerusform>
            <numerusform>%n aanwijzingen</numerusform>
        </translation>
    </message>
    <message>
        <source>no cue</source>
        <translation>geen aanwijzing</translation>
    </message>
</context>
<context>
    <name>ReviewPanel</name>
    <message>
        <source>Waiting for the first scan…</source>
        <translation>Wachten op de eerste scan…</translation>
    </message>
    <message>
        <source>Tab selects a cue · A confirms · X rejects · Space shows/hides</source>
        <translation>Tab kiest een aanwijzing · A bevestigt · X wijst af · Spatie toont/verbergt</translation>
    </message>
    <message>
        <source>Detector cues</source>
        <translation>Aanwijzingen van de detector</translation>
    </message>
    <message>
        <source>Parcel</source>
        <translation>Pakket</translation>
    </message>
    <message>
        <source>scan the barcode (P or F12)</source>
        <translation>scan de barcode (P of F12)</translation>
    </message>
    <message>
        <source>optional (F2)</source>
        <translation>optioneel (F2)</translation>
    </message>
    <message>
        <source>&amp;Parcel ID</source>
        <translation>&amp;Pakket-ID</translation>
    </message>
    <message>
        <source>From</source>
        <translation>Van</translation>
    </message>
    <message>
        <source>To</source>
        <translation>Naar</translation>
    </message>
    <message>
        <source>&amp;Note</source>
        <translation>&amp;Opmerking</translation>
    </message>
    <message>
        <source>Dra&amp;w (B) as</source>
        <translation>Tek&amp;enen (B) als</translation>
    </message>
    <message>
        <source>Decision</source>
        <translation>Beslissing</translation>
    </message>
    <message>
        <source>Clear  [C]</source>
        <translation>Vrijgeven  [C]</translation>
    </message>
    <message>
        <source>Suspect…  [S]</source>
        <translation>Verdacht…  [S]</translation>
    </message>
    <message>
        <source>Refer to manual search  [R]</source>
        <translation>Naar handmatige controle  [R]</translation>
    </message>
    <message>
        <source>Suspect: choose a category (Esc to cancel)</source>
        <translation>Verdacht: kies categorie (Esc: annuleren)</translation>
    </message>
    <message>
        <source>TIP test: a projected {threat} was in this image. You flagged it: HIT.</source>
        <translation>TIP-test: er zat een geprojecteerd voorwerp ({threat}) in dit beeld. U hebt het gemeld: GEVONDEN.</translation>
    </message>
    <message>
        <source>TIP test: a projected {threat} was in this image (outlined). You cleared it: MISS. Look at the outlined area.</source>
        <translation>TIP-test: er zat een geprojecteerd voorwerp ({threat}) in dit beeld (omlijnd). U hebt het vrijgegeven: GEMIST. Bekijk het omlijnde gebied.</translation>
    </message>
    <message>
        <source>Press Enter for the real parcel.</source>
        <translation>Druk op Enter voor het echte pakket.</translation>
    </message>
</context>
<context>
    <name>ScanPresenter</name>
    <message>
        <source>No scan waiting.</source>
        <translation>Geen scan in de wachtrij.</translation>
    </message>
    <message>
        <source>Waiting for the first scan…</source>
        <translation>Wachten op de eerste scan…</translation>
    </message>
    <message>
        <source>{source} · received {time}</source>
        <translation>{source} · ontvangen om {time}</translation>
    </message>
    <message>
        <source>Lane {lane}</source>
        <translation>Baan {lane}</translation>
    </message>
    <message>
        <source>File {name}</source>
        <translation>Bestand {name}</translation>
    </message>
    <message>
        <source>Scanner {id}</source>
        <translation>Scanner {id}</translation>
    </message>
    <message>
        <source>No detector cue — look at the whole scan.</source>
        <translation>Geen aanwijzing van de detector — bekijk de hele scan.</translation>
    </message>
    <message numerus="yes">
        <source>%n cue(s) hidden — look first, then Space to show them.</source>
        <translation>
            <numerusform>%n aanwijzing verborgen — eerst zelf kijken, dan Spatie om te tonen.</numerusform>
            <numerusform>%n aanwijzingen verborgen — eerst zelf kijken, dan Spatie om ze te tonen.</numerusform>
        </translation>
    </message>
    <message>
        <source>Scanner: {label}</source>
        <translation>Scanner: {label}</translation>
    </message>
    <message>
        <source> (alarm)</source>
        <translation> (alarm)</translation>
    </message>
</context>
<context>
    <name>SetAsidePanel</name>
    <message>
        <source>lane {lane}</source>
        <translation>baan {lane}</translation>
    </message>
    <message>
        <source>Scan {scan}</source>
        <translation>Scan {scan}</translation>
    </message>
    <message>
        <source>Acknowledge</source>
        <translation>Bevestigen</translation>
    </message>
    <message>
        <source>Acknowledge all</source>
        <translation>Alles bevestigen</translation>
    </message>
    <message numerus="yes">
        <source>Set aside — not screened (%n)</source>
        <translation>
            <numerusform>Apart gezet — niet gescreend (%n)</numerusform>
            <numerusform>Apart gezet — niet gescreend (%n)</numerusform>
        </translation>
    </message>
    <message>
        <source>Lane {lane}: {text}</source>
        <translation>Baan {lane}: {text}</translation>
    </message>
</context>
<context>
    <name>ShortcutSheet</name>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>Sneltoetsen</translation>
    </message>
    <message>
        <source>Keys are the same in every language.</source>
        <translation>De toetsen zijn in elke taal hetzelfde.</translation>
    </message>
    <message>
        <source>Menu</source>
        <translation>Menu</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Actie</translation>
    </message>
    <message>
        <source>Keys (all languages)</source>
        <translation>Toetsen (alle talen)</translation>
    </message>
</context>
<context>
    <name>StationEvents</name>
    <message>
        <source>Saved: {scan} — {verdict}. Ctrl+Z to undo.</source>
        <translation>Opgeslagen: {scan} — {verdict}. Ctrl+Z om ongedaan te maken.</translation>
    </message>
    <message>
        <source>The decision on {scan} was NOT saved ({error}). Please decide again.</source>
        <translation>De beslissing over {scan} is NIET opgeslagen ({error}). Beslis opnieuw.</translation>
    </message>
    <message>
        <source>Undone: {scan} is back for review.</source>
        <translation>Ongedaan: {scan} staat weer klaar voor beoordeling.</translation>
    </message>
    <message>
        <source>Nothing to undo (only the last decision, briefly).</source>
        <translation>Niets ongedaan te maken (alleen de laatste beslissing, kort daarna).</translation>
    </message>
    <message>
        <source>The decision could not be undone ({error}).</source>
        <translation>De beslissing kon niet ongedaan worden gemaakt ({error}).</translation>
    </message>
    <message>
        <source>The TIP answer could not be saved ({error}).</source>
        <translation>Het antwoord op de TIP-test kon niet worden opgeslagen ({error}).</translation>
    </message>
    <message>
        <source>The detection model could not be loaded: {error}</source>
        <translation>Het detectiemodel kon niet worden geladen: {error}</translation>
    </message>
    <message>
        <source>Scans are not being screened.</source>
        <translation>Scans worden niet gecontroleerd.</translation>
    </message>
    <message>
        <source>Now screening with {name} {version}.</source>
        <translation>Controle nu met {name} {version}.</translation>
    </message>
    <message>
        <source>The new model was refused: {reason}. The current model stays in use.</source>
        <translation>Het nieuwe model is geweigerd: {reason}. Het huidige model blijft in gebruik.</translation>
    </message>
    <message numerus="yes">
        <source>%n scan(s) from an earlier session had no decision: they are back in the queue.</source>
        <translation>
            <numerusform>%n scan uit een eerdere sessie had geen beslissing: hij staat weer in de wachtrij.</numerusform>
            <numerusform>%n scans uit een eerdere sessie hadden geen beslissing: ze staan weer in de wachtrij.</numerusform>
        </translation>
    </message>
    <message>
        <source>A scan could not be read and was set aside: {reason}</source>
        <translation>Een scan kon niet worden gelezen en is apart gezet: {reason}</translation>
    </message>
    <message>
        <source>Acknowledging {scan} was not saved ({error}).</source>
        <translation>De bevestiging van {scan} is niet opgeslagen ({error}).</translation>
    </message>
    <message>
        <source>Lane {lane}: {text}</source>
        <translation>Baan {lane}: {text}</translation>
    </message>
    <message>
        <source>Scan {scan} could not be stored or screened: {error}</source>
        <translation>Scan {scan} kon niet worden opgeslagen of gecontroleerd: {error}</translation>
    </message>
    <message>
        <source>The {feed} feed stopped: {error}</source>
        <translation>De aanvoer „{feed}” is gestopt: {error}</translation>
    </message>
</context>
<context>
    <name>StationSettingsDialog</name>
    <message>
        <source>Station settings</source>
        <translation>Stationsinstellingen</translation>
    </message>
    <message>
        <source>Review</source>
        <translation>Controle</translation>
    </message>
    <message>
        <source>Show cues only after the first look (Space)</source>
        <translation>Aanwijzingen pas na de eerste blik (spatie)</translation>
    </message>
    <message>
        <source>Parcels with cues first in the queue</source>
        <translation>Pakketten met aanwijzingen eerst in de wachtrij</translation>
    </message>
    <message>
        <source>Undo window</source>
        <translation>Termijn voor ongedaan maken</translation>
    </message>
    <message>
        <source>Threat Image Projection (TIP)</source>
        <translation>Threat Image Projection (TIP)</translation>
    </message>
    <message>
        <source>Project test threats into live scans</source>
        <translation>Testdreigingen in live-scans projecteren</translation>
    </message>
    <message>
        <source>Share of scans</source>
        <translation>Aandeel van de scans</translation>
    </message>
    <message>
        <source>Threats</source>
        <translation>Dreigingen</translation>
    </message>
    <message>
        <source>Evidence images</source>
        <translation>Bewijsbeelden</translation>
    </message>
    <message>
        <source>Cleared parcels: remove after</source>
        <translation>Vrijgegeven pakketten: verwijderen na</translation>
    </message>
    <message>
        <source>Flagged parcels: remove after</source>
        <translation>Gemarkeerde pakketten: verwijderen na</translation>
    </message>
    <message>
        <source>Undecided and set-aside scans are always kept; flagged parcels&apos; images go only once the hub has them. The log keeps every image&apos;s SHA-256, and each removal is recorded. Applies from the next start.</source>
        <translation>Onbesliste en apart gezette scans blijven altijd bewaard; beelden van gemarkeerde pakketten gaan pas weg als de hub ze heeft. Het log bewaart de SHA-256 van elk beeld en elke verwijdering wordt vastgelegd. Geldt vanaf de volgende start.</translation>
    </message>
    <message>
        <source>Greyed-out settings need a supervisor or administrator.</source>
        <translation>Grijze instellingen vereisen een supervisor of beheerder.</translation>
    </message>
    <message>
        <source> days</source>
        <translation> dagen</translation>
    </message>
    <message>
        <source>keep every image</source>
        <translation>alle beelden bewaren</translation>
    </message>
    <message>
        <source>Choose at least one threat for TIP, or turn TIP off.</source>
        <translation>Kies minstens één dreiging voor TIP, of zet TIP uit.</translation>
    </message>
</context>
<context>
    <name>StationStatusBar</name>
    <message>
        <source>standard</source>
        <translation>standaard</translation>
    </message>
    <message>
        <source>View: {function}</source>
        <translation>Weergave: {function}</translation>
    </message>
    <message>
        <source>Feed: {name}</source>
        <translation>Aanvoer: {name}</translation>
    </message>
    <message>
        <source>Upload: off (local only)</source>
        <translation>Upload: uit (alleen lokaal)</translation>
    </message>
    <message>
        <source>Upload: {count} waiting — {trouble} since {time}</source>
        <translation>Upload: {count} wachtend — {trouble} sinds {time}</translation>
    </message>
    <message>
        <source>Upload: {count} waiting</source>
        <translation>Upload: {count} wachtend</translation>
    </message>
    <message>
        <source>Upload: up to date</source>
        <translation>Upload: bijgewerkt</translation>
    </message>
    <message>
        <source>{count} refused</source>
        <translation>{count} geweigerd</translation>
    </message>
    <message>
        <source>Demo station: its records are never uploaded.</source>
        <translation>Demostation: de gegevens ervan worden nooit geüpload.</translation>
    </message>
    <message>
        <source>The upload settings cannot be used, so nothing is uploaded: {detail}</source>
        <translation>De uploadinstellingen zijn onbruikbaar, dus er wordt niets geüpload: {detail}</translation>
    </message>
    <message>
        <source>This station is not enrolled with a hub: every record stays in its log and waits in its outbox. Enrol with: inspector-app upload enrol</source>
        <translation>Dit station is niet bij een hub aangemeld: elk gegeven blijft in het logboek en wacht in de uitgaande wachtrij. Aanmelden met: inspector-app upload enrol</translation>
    </message>
    <message>
        <source>hub unreachable</source>
        <translation>hub onbereikbaar</translation>
    </message>
    <message>
        <source>hub unavailable</source>
        <translation>hub niet beschikbaar</translation>
    </message>
    <message>
        <source>hub does not accept this station</source>
        <translation>hub accepteert dit station niet</translation>
    </message>
    <message>
        <source>hub refused the upload</source>
        <translation>hub heeft de upload geweigerd</translation>
    </message>
    <message>
        <source>upload failed at this station</source>
        <translation>upload mislukt op dit station</translation>
    </message>
    <message>
        <source>Hub: {hub}</source>
        <translation>Hub: {hub}</translation>
    </message>
    <message>
        <source>Waiting: {records} record(s), {images} evidence image(s)</source>
        <translation>Wachtend: {records} gegeven(s), {images} bewijsbeeld(en)</translation>
    </message>
    <message>
        <source>Last upload: {time}</source>
        <translation>Laatste upload: {time}</translation>
    </message>
    <message>
        <source>Problem: {detail}</source>
        <translation>Probleem: {detail}</translation>
    </message>
    <message>
        <source>{count} record(s) refused by the hub are set aside; see: inspector-app upload status</source>
        <translation>{count} door de hub geweigerde gegeven(s) opzijgezet; zie: inspector-app upload status</translation>
    </message>
    <message>
        <source>Model: {name} {version} ({sha})</source>
        <translation>Model: {name} {version} ({sha})</translation>
    </message>
    <message>
        <source>Model: NOT LOADED</source>
        <translation>Model: NIET GELADEN</translation>
    </message>
    <message>
        <source>Model: loading…</source>
        <translation>Model: laden…</translation>
    </message>
    <message>
        <source>Not evaluated on this scanner</source>
        <translation>Niet geëvalueerd op deze scanner</translation>
    </message>
    <message>
        <source>The model&apos;s accuracy was measured on its own test scans, not on this scanner&apos;s.</source>
        <translation>De nauwkeurigheid van het model is gemeten op zijn eigen testbeelden, niet op die van deze scanner.</translation>
    </message>
    <message>
        <source>⚠ Scans unlike the model&apos;s training — not evaluated here</source>
        <translation>⚠ Beelden anders dan de training van het model — hier niet geëvalueerd</translation>
    </message>
    <message>
        <source>Recent scans look different from them (distance {distance:.1f}): expect missed threats and false cues.</source>
        <translation>Recente beelden wijken ervan af (afstand {distance:.1f}): reken op gemiste dreigingen en valse aanwijzingen.</translation>
    </message>
    <message>
        <source>Recent scans look like them (distance {distance:.1f}).</source>
        <translation>Recente beelden lijken erop (afstand {distance:.1f}).</translation>
    </message>
    <message>
        <source>Screening stopped: log check failed</source>
        <translation>Screening gestopt: logcontrole mislukt</translation>
    </message>
    <message>
        <source>The decision log did not verify at start; an administrator must look.</source>
        <translation>Het beslissingslog slaagde niet voor de controle bij de start; een beheerder moet het bekijken.</translation>
    </message>
    <message>
        <source>Model: checking {name}…</source>
        <translation>Model: {name} wordt gecontroleerd…</translation>
    </message>
    <message>
        <source>Backlog: {count}</source>
        <translation>Achterstand: {count}</translation>
    </message>
    <message>
        <source>Inspector: {name} · {count} decided</source>
        <translation>Inspecteur: {name} · {count} beslist</translation>
    </message>
</context>
<context>
    <name>StatisticsView</name>
    <message>
        <source>Statistics</source>
        <translation>Statistieken</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>Tonen</translation>
    </message>
    <message>
        <source>From</source>
        <translation>Van</translation>
    </message>
    <message>
        <source>to (included)</source>
        <translation>tot en met</translation>
    </message>
    <message>
        <source>Parcels decided per day</source>
        <translation>Besliste pakketten per dag</translation>
    </message>
    <message>
        <source>decided</source>
        <translation>beslist</translation>
    </message>
    <message>
        <source>flagged</source>
        <translation>gemarkeerd</translation>
    </message>
    <message>
        <source>Alarm, confirmation and TIP hit rates per day</source>
        <translation>Alarm-, bevestigings- en TIP-trefpercentage per dag</translation>
    </message>
    <message>
        <source>model alarm rate</source>
        <translation>alarmpercentage model</translation>
    </message>
    <message>
        <source>alarms confirmed</source>
        <translation>bevestigde alarmen</translation>
    </message>
    <message>
        <source>TIP hit rate</source>
        <translation>TIP-trefpercentage</translation>
    </message>
    <message>
        <source>Inspector</source>
        <translation>Inspecteur</translation>
    </message>
    <message>
        <source>Decided</source>
        <translation>Beslist</translation>
    </message>
    <message>
        <source>Flag rate</source>
        <translation>Markeringspercentage</translation>
    </message>
    <message>
        <source>Median decision</source>
        <translation>Mediane beslissing</translation>
    </message>
    <message>
        <source>TIP tests</source>
        <translation>TIP-tests</translation>
    </message>
    <message>
        <source>Median decision time per day</source>
        <translation>Mediane beslistijd per dag</translation>
    </message>
    <message>
        <source>seconds</source>
        <translation>seconden</translation>
    </message>
    <message>
        <source>median decision time</source>
        <translation>mediane beslistijd</translation>
    </message>
    <message>
        <source>Per inspector: TIP hit rate and median decision time</source>
        <translation>Per inspecteur: TIP-trefpercentage en mediane beslistijd</translation>
    </message>
    <message>
        <source>Model precision per class (confirmed / judged cues)</source>
        <translation>Precisie van het model per klasse (bevestigde / beoordeelde aanwijzingen)</translation>
    </message>
    <message>
        <source>no data in this period</source>
        <translation>geen gegevens in deze periode</translation>
    </message>
    <message>
        <source>The last day must not be before the first.</source>
        <translation>De laatste dag mag niet voor de eerste liggen.</translation>
    </message>
    <message>
        <source>Statistics not available: {reason}</source>
        <translation>Statistieken niet beschikbaar: {reason}</translation>
    </message>
    <message>
        <source>Computing…</source>
        <translation>Bezig met berekenen…</translation>
    </message>
    <message>
        <source>{decided} decisions ({per_day} a day), {flagged} flagged · model alarm rate {alarm} · alarms confirmed {confirmed} · cues confirmed {cues} · median decision time {median} · TIP hit rate {tip} ({tips} tests)</source>
        <translation>{decided} beslissingen ({per_day} per dag), {flagged} gemarkeerd · alarmpercentage model {alarm} · bevestigde alarmen {confirmed} · bevestigde aanwijzingen {cues} · mediane beslistijd {median} · TIP-trefpercentage {tip} ({tips} tests)</translation>
    </message>
</context>
<context>
    <name>SupervisorMenu</name>
    <message>
        <source>Supe&amp;rvisor</source>
        <translation>Supe&amp;rvisor</translation>
    </message>
    <message>
        <source>Export shift log…</source>
        <translation>Dienstlogboek exporteren…</translation>
    </message>
    <message>
        <source>Statistics…</source>
        <translation>Statistieken…</translation>
    </message>
    <message>
        <source>Archive search and case dossiers…</source>
        <translation>Archief en zaakdossiers…</translation>
    </message>
    <message>
        <source>Audit log…</source>
        <translation>Auditlogboek…</translation>
    </message>
    <message>
        <source>Users…</source>
        <translation>Gebruikers…</translation>
    </message>
    <message>
        <source>Only a supervisor or an administrator can do this.</source>
        <translation>Alleen een supervisor of een beheerder mag dit doen.</translation>
    </message>
</context>
<context>
    <name>Terms</name>
    <message>
        <source>Drugs</source>
        <translation>Drugs</translation>
    </message>
    <message>
        <source>Weapons</source>
        <translation>Wapens</translation>
    </message>
    <message>
        <source>Counterfeit</source>
        <translation>Namaak</translation>
    </message>
    <message>
        <source>Wildlife</source>
        <translation>Beschermde soorten</translation>
    </message>
    <message>
        <source>Medicines</source>
        <translation>Geneesmiddelen</translation>
    </message>
    <message>
        <source>Currency</source>
        <translation>Contant geld</translation>
    </message>
    <message>
        <source>Excise</source>
        <translation>Accijnsgoederen</translation>
    </message>
    <message>
        <source>Dangerous goods</source>
        <translation>Gevaarlijke goederen</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>Overig</translation>
    </message>
    <message>
        <source>clear</source>
        <translation>vrijgegeven</translation>
    </message>
    <message>
        <source>suspect</source>
        <translation>verdacht</translation>
    </message>
    <message>
        <source>refer to manual search</source>
        <translation>naar handmatige controle</translation>
    </message>
    <message>
        <source>Standard image</source>
        <translation>Standaardbeeld</translation>
    </message>
    <message>
        <source>Grey / colour</source>
        <translation>Grijs / kleur</translation>
    </message>
    <message>
        <source>Inverse</source>
        <translation>Negatief</translation>
    </message>
    <message>
        <source>Organic only</source>
        <translation>Alleen organisch</translation>
    </message>
    <message>
        <source>Inorganic only</source>
        <translation>Alleen anorganisch</translation>
    </message>
    <message>
        <source>Metal only</source>
        <translation>Alleen metaal</translation>
    </message>
    <message>
        <source>High penetration</source>
        <translation>Hoge penetratie</translation>
    </message>
    <message>
        <source>Low penetration</source>
        <translation>Lage penetratie</translation>
    </message>
    <message>
        <source>Edge enhancement</source>
        <translation>Randverscherping</translation>
    </message>
    <message>
        <source>Local contrast</source>
        <translation>Lokaal contrast</translation>
    </message>
    <message>
        <source>Lighter (gamma)</source>
        <translation>Lichter (gamma)</translation>
    </message>
    <message>
        <source>Darker (gamma)</source>
        <translation>Donkerder (gamma)</translation>
    </message>
    <message>
        <source>Density highlight</source>
        <translation>Dichtheid markeren</translation>
    </message>
    <message>
        <source>handgun</source>
        <translation>handvuurwapen</translation>
    </message>
    <message>
        <source>knife</source>
        <translation>mes</translation>
    </message>
    <message>
        <source>ammunition</source>
        <translation>munitie</translation>
    </message>
    <message>
        <source>powder_pack</source>
        <translation>poederpakje</translation>
    </message>
    <message>
        <source>pill_pack</source>
        <translation>pillenverpakking</translation>
    </message>
    <message>
        <source>liquid_container</source>
        <translation>vloeistofhouder</translation>
    </message>
    <message>
        <source>banknote_stack</source>
        <translation>stapel bankbiljetten</translation>
    </message>
    <message>
        <source>cigarette_carton</source>
        <translation>slof sigaretten</translation>
    </message>
    <message>
        <source>lithium_battery</source>
        <translation>lithiumbatterij</translation>
    </message>
    <message>
        <source>wildlife</source>
        <translation>beschermde soort</translation>
    </message>
    <message>
        <source>other</source>
        <translation>overig</translation>
    </message>
</context>
<context>
    <name>UsersDialog</name>
    <message>
        <source>Users</source>
        <translation>Gebruikers</translation>
    </message>
    <message>
        <source>User</source>
        <translation>Gebruiker</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>Rol</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Last sign-in</source>
        <translation>Laatst aangemeld</translation>
    </message>
    <message>
        <source>Change role</source>
        <translation>Rol wijzigen</translation>
    </message>
    <message>
        <source>Disable</source>
        <translation>Uitschakelen</translation>
    </message>
    <message>
        <source>Enable</source>
        <translation>Inschakelen</translation>
    </message>
    <message>
        <source>Unlock</source>
        <translation>Ontgrendelen</translation>
    </message>
    <message>
        <source>Reset password</source>
        <translation>Wachtwoord opnieuw instellen</translation>
    </message>
    <message>
        <source>Add user</source>
        <translation>Gebruiker toevoegen</translation>
    </message>
    <message>
        <source>Users loaded.</source>
        <translation>Gebruikers geladen.</translation>
    </message>
    <message>
        <source>inspector</source>
        <translation>inspecteur</translation>
    </message>
    <message>
        <source>supervisor</source>
        <translation>supervisor</translation>
    </message>
    <message>
        <source>administrator</source>
        <translation>beheerder</translation>
    </message>
    <message>
        <source>Selected user</source>
        <translation>Geselecteerde gebruiker</translation>
    </message>
    <message>
        <source>Access</source>
        <translation>Toegang</translation>
    </message>
    <message>
        <source>New password</source>
        <translation>Nieuw wachtwoord</translation>
    </message>
    <message>
        <source>Add a user</source>
        <translation>Een gebruiker toevoegen</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Naam</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Wachtwoord</translation>
    </message>
    <message>
        <source>Saved.</source>
        <translation>Opgeslagen.</translation>
    </message>
    <message>
        <source>User {name} added.</source>
        <translation>Gebruiker {name} toegevoegd.</translation>
    </message>
    <message>
        <source>Not done: {reason}</source>
        <translation>Niet uitgevoerd: {reason}</translation>
    </message>
    <message>
        <source>Working…</source>
        <translation>Bezig…</translation>
    </message>
    <message>
        <source>disabled</source>
        <translation>uitgeschakeld</translation>
    </message>
    <message>
        <source>locked until {time}</source>
        <translation>vergrendeld tot {time}</translation>
    </message>
    <message>
        <source>active</source>
        <translation>actief</translation>
    </message>
</context>
</TS>
