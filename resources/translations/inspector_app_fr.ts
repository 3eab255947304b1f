<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr_FR">
<context>
    <name>Actions</name>
    <message>
        <source>&amp;Decision</source>
        <translation>&amp;Décision</translation>
    </message>
    <message>
        <source>Suspect category</source>
        <translation>Catégorie de suspicion</translation>
    </message>
    <message>
        <source>C&amp;ues</source>
        <translation>&amp;Indices</translation>
    </message>
    <message>
        <source>&amp;Image</source>
        <translation>I&amp;mage</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Vue</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Langue (Language)</translation>
    </message>
    <message>
        <source>&amp;Station</source>
        <translation>&amp;Poste</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Aide</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>Libre</translation>
    </message>
    <message>
        <source>Suspect…</source>
        <translation>Suspect…</translation>
    </message>
    <message>
        <source>Refer to manual search</source>
        <translation>Fouille manuelle</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Annuler</translation>
    </message>
    <message>
        <source>Undo last decision</source>
        <translation>Annuler la dernière décision</translation>
    </message>
    <message>
        <source>Continue after a TIP test</source>
        <translation>Continuer après un test TIP</translation>
    </message>
    <message>
        <source>Parcel ID</source>
        <translation>N° de colis</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Remarque</translation>
    </message>
    <message>
        <source>Origin country</source>
        <translation>Pays d&apos;origine</translation>
    </message>
    <message>
        <source>Destination country</source>
        <translation>Pays de destination</translation>
    </message>
    <message>
        <source>Alarms first / arrival order</source>
        <translation>Alarmes d&apos;abord / ordre d&apos;arrivée</translation>
    </message>
    <message>
        <source>Show / hide cues</source>
        <translation>Afficher / masquer les indices</translation>
    </message>
    <message>
        <source>Next cue</source>
        <translation>Indice suivant</translation>
    </message>
    <message>
        <source>Previous cue</source>
        <translation>Indice précédent</translation>
    </message>
    <message>
        <source>Confirm cue</source>
        <translation>Confirmer l&apos;indice</translation>
    </message>
    <message>
        <source>Reject cue</source>
        <translation>Rejeter l&apos;indice</translation>
    </message>
    <message>
        <source>Cue opacity</source>
        <translation>Opacité des indices</translation>
    </message>
    <message>
        <source>Show / hide the scanner&apos;s own alarms</source>
        <translation>Afficher/masquer les alarmes du scanner</translation>
    </message>
    <message>
        <source>Draw a missed item</source>
        <translation>Marquer un objet manqué</translation>
    </message>
    <message>
        <source>Remove last drawn item</source>
        <translation>Supprimer le dernier marquage</translation>
    </message>
    <message>
        <source>Standard image</source>
        <translation>Image standard</translation>
    </message>
    <message>
        <source>Fit to window</source>
        <translation>Ajuster à la fenêtre</translation>
    </message>
    <message>
        <source>Actual size</source>
        <translation>Taille réelle</translation>
    </message>
    <message>
        <source>Zoom in</source>
        <translation>Zoom avant</translation>
    </message>
    <message>
        <source>Zoom out</source>
        <translation>Zoom arrière</translation>
    </message>
    <message>
        <source>Larger text</source>
        <translation>Texte plus grand</translation>
    </message>
    <message>
        <source>Smaller text</source>
        <translation>Texte plus petit</translation>
    </message>
    <message>
        <source>Light / dark theme</source>
        <translation>Thème clair / sombre</translation>
    </message>
    <message>
        <source>Load another model…</source>
        <translation>Charger un autre modèle…</translation>
    </message>
    <message>
        <source>Station settings…</source>
        <translation>Réglages du poste…</translation>
    </message>
    <message>
        <source>Lock / switch user</source>
        <translation>Verrouiller / changer d&apos;utilisateur</translation>
    </message>
    <message>
        <source>Change my password…</source>
        <translation>Changer mon mot de passe…</translation>
    </message>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>Raccourcis clavier</translation>
    </message>
</context>
<context>
    <name>App</name>
    <message>
        <source>Settings not saved: {error}</source>
        <translation>Réglages non enregistrés : {error}</translation>
    </message>
    <message>
        <source>Only a supervisor may start the station with another model or threshold ({error}).</source>
        <translation>Seul un superviseur peut démarrer le poste avec un autre modèle ou seuil ({error}).</translation>
    </message>
    <message>
        <source>Unexpected error: {error}</source>
        <translation>Erreur inattendue : {error}</translation>
    </message>
</context>
<context>
    <name>ArchiveSearch</name>
    <message>
        <source>Archive search</source>
        <translation>Recherche dans les archives</translation>
    </message>
    <message>
        <source>any part of the ID</source>
        <translation>toute partie de l&apos;identifiant</translation>
    </message>
    <message>
        <source>Decided between</source>
        <translation>Décidé entre</translation>
    </message>
    <message>
        <source>Any category</source>
        <translation>Toute catégorie</translation>
    </message>
    <message>
        <source>Any decision</source>
        <translation>Toute décision</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>Rechercher</translation>
    </message>
    <message>
        <source>Decided at</source>
        <translation>Décidé le</translation>
    </message>
    <message>
        <source>Parcel ID</source>
        <translation>N° de colis</translation>
    </message>
    <message>
        <source>Lane</source>
        <translation>Voie</translation>
    </message>
    <message>
        <source>Decision</source>
        <translation>Décision</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>Catégorie</translation>
    </message>
    <message>
        <source>Inspector</source>
        <translation>Inspecteur</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Modèle</translation>
    </message>
    <message>
        <source>Cues</source>
        <translation>Indices</translation>
    </message>
    <message>
        <source>Case dossier…</source>
        <translation>Dossier de l&apos;affaire…</translation>
    </message>
    <message>
        <source>Not possible: {reason}</source>
        <translation>Impossible : {reason}</translation>
    </message>
    <message>
        <source>Any lane</source>
        <translation>Toute voie</translation>
    </message>
    <message>
        <source>Any inspector</source>
        <translation>Tout inspecteur</translation>
    </message>
    <message>
        <source>Any model</source>
        <translation>Tout modèle</translation>
    </message>
    <message>
        <source>The last day must not be before the first.</source>
        <translation>Le dernier jour ne peut pas précéder le premier.</translation>
    </message>
    <message>
        <source>Searching…</source>
        <translation>Recherche…</translation>
    </message>
    <message numerus="yes">
        <source>%n decision(s) found, newest first.</source>
        <translation>
            <numerusform>%n décision trouvée, la plus récente en premier.</numerusform>
            <numerusform>%n décisions trouvées, les plus récentes en premier.</numerusform>
        </translation>
    </message>
    <message>
        <source>Opening…</source>
        <translation>Ouverture…</translation>
    </message>
    <message>
        <source>Decision {id}: {verdict} ({category}) by {inspector} at {time} · parcel {parcel} · model {model} · evidence SHA-256 checked</source>
        <translation>Décision {id} : {verdict} ({category}) par {inspector} le {time} · colis {parcel} · modèle {model} · SHA-256 de la preuve vérifié</translation>
    </message>
    <message>
        <source>Save the case dossier as</source>
        <translation>Enregistrer le dossier de l&apos;affaire sous</translation>
    </message>
    <message>
        <source>PDF files (*.pdf)</source>
        <translation>Fichiers PDF (*.pdf)</translation>
    </message>
    <message>
        <source>Writing the case dossier…</source>
        <translation>Rédaction du dossier de l&apos;affaire…</translation>
    </message>
    <message>
        <source>Case dossier saved: {path}</source>
        <translation>Dossier de l&apos;affaire enregistré : {path}</translation>
    </message>
</context>
<context>
    <name>AuditViewer</name>
    <message>
        <source>Audit log</source>
        <translation>Journal d&apos;audit</translation>
    </message>
    <message>
        <source>every user</source>
        <translation>tous les utilisateurs</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>Afficher</translation>
    </message>
    <message>
        <source>Verify the chain</source>
        <translation>Vérifier la chaîne</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Heure</translation>
    </message>
    <message>
        <source>User</source>
        <translation>Utilisateur</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Action</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>Détails</translation>
    </message>
    <message numerus="yes">
        <source>%n entries shown, newest first.</source>
        <translation>
            <numerusform>%n entrée affichée, la plus récente en premier.</numerusform>
            <numerusform>%n entrées affichées, les plus récentes en premier.</numerusform>
        </translation>
    </message>
    <message>
        <source>Checking the chain…</source>
        <translation>Vérification de la chaîne…</translation>
    </message>
    <message>
        <source>The audit chain is intact ({count} entries).</source>
        <translation>La chaîne d&apos;audit est intacte ({count} entrées).</translation>
    </message>
    <message>
        <source>The audit log was changed after it was written: {reason}</source>
        <translation>Le journal d&apos;audit a été modifié après son écriture : {reason}</translation>
    </message>
</context>
<context>
    <name>CueController</name>
    <message>
        <source>Drag over the missed item to mark it as &apos;{label}&apos; (B to stop drawing).</source>
        <translation>Faites glisser sur l&apos;objet manqué pour le marquer comme « {label} » (B pour arrêter).</translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message>
        <source>Export shift log</source>
        <translation>Exporter le journal de vacation</translation>
    </message>
    <message>
        <source>PDF report</source>
        <translation>Rapport PDF</translation>
    </message>
    <message>
        <source>Excel workbook (XLSX)</source>
        <translation>Classeur Excel (XLSX)</translation>
    </message>
    <message>
        <source>CSV table</source>
        <translation>Tableau CSV</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Parcourir…</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>Exporter</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Annuler</translation>
    </message>
    <message>
        <source>From</source>
        <translation>Du</translation>
    </message>
    <message>
        <source>To (not included)</source>
        <translation>Au (non inclus)</translation>
    </message>
    <message>
        <source>Lane</source>
        <translation>Voie</translation>
    </message>
    <message>
        <source>Inspector</source>
        <translation>Inspecteur</translation>
    </message>
    <message>
        <source>Format</source>
        <translation>Format</translation>
    </message>
    <message>
        <source>Save as</source>
        <translation>Enregistrer sous</translation>
    </message>
    <message>
        <source>All lanes</source>
        <translation>Toutes les voies</translation>
    </message>
    <message>
        <source>All inspectors</source>
        <translation>Tous les inspecteurs</translation>
    </message>
    <message>
        <source>Save the shift log as</source>
        <translation>Enregistrer le journal de vacation sous</translation>
    </message>
    <message>
        <source>{format} files (*.{suffix})</source>
        <translation>Fichiers {format} (*.{suffix})</translation>
    </message>
    <message>
        <source>The end of the period must be later than its start.</source>
        <translation>La fin de la période doit être postérieure à son début.</translation>
    </message>
    <message>
        <source>Choose a file to save the shift log in.</source>
        <translation>Choisissez un fichier où enregistrer le journal de vacation.</translation>
    </message>
    <message>
        <source>Exporting…</source>
        <translation>Exportation…</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Fermer</translation>
    </message>
    <message>
        <source>Saved {path}: {decided} decisions, {flagged} flagged.</source>
        <translation>Enregistré {path} : {decided} décisions, {flagged} signalées.</translation>
    </message>
    <message>
        <source>Not exported: {reason}</source>
        <translation>Non exporté : {reason}</translation>
    </message>
    <message>
        <source>Export cancelled; no file was written.</source>
        <translation>Exportation annulée ; aucun fichier n&apos;a été écrit.</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>Annulation…</translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <source>idle</source>
        <translation>inactivité</translation>
    </message>
    <message>
        <source>switch user</source>
        <translation>changement d&apos;utilisateur</translation>
    </message>
    <message>
        <source>locked by hand</source>
        <translation>verrouillage manuel</translation>
    </message>
    <message>
        <source>Inspector — {title}</source>
        <translation>Inspector — {title}</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Quitter</translation>
    </message>
    <message>
        <source>&amp;User name</source>
        <translation>Nom d&apos;&amp;utilisateur</translation>
    </message>
    <message>
        <source>&amp;Password</source>
        <translation>&amp;Mot de passe</translation>
    </message>
    <message>
        <source>&amp;Repeat password</source>
        <translation>&amp;Répéter le mot de passe</translation>
    </message>
    <message>
        <source>DEMO MODE — the demo account&apos;s decisions are marked as demo</source>
        <translation>MODE DÉMO — les décisions du compte de démonstration sont marquées comme démo</translation>
    </message>
    <message>
        <source>Use &amp;demo account</source>
        <translation>Compte de &amp;démonstration</translation>
    </message>
    <message>
        <source>No password; only available in demo mode</source>
        <translation>Sans mot de passe ; uniquement en mode démo</translation>
    </message>
    <message>
        <source>Create the administrator</source>
        <translation>Créer l&apos;administrateur</translation>
    </message>
    <message>
        <source>First start on this station. Create the administrator account; it adds inspectors and supervisors later. Passwords need at least {count} characters.</source>
        <translation>Premier démarrage de ce poste. Créez le compte administrateur ; il ajoutera ensuite les inspecteurs et les superviseurs. Les mots de passe comptent au moins {count} caractères.</translation>
    </message>
    <message>
        <source>Create &amp;&amp; sign in</source>
        <translation>Créer &amp;&amp; se connecter</translation>
    </message>
    <message>
        <source>Locked ({reason}). {user} can continue with their password; another user signing in takes over the station.</source>
        <translation>Verrouillé ({reason}). {user} peut reprendre avec son mot de passe ; un autre utilisateur qui se connecte prend le poste.</translation>
    </message>
    <message>
        <source>Locked. {user} can continue with their password; another user signing in takes over the station.</source>
        <translation>Verrouillé. {user} peut reprendre avec son mot de passe ; un autre utilisateur qui se connecte prend le poste.</translation>
    </message>
    <message>
        <source>Station locked</source>
        <translation>Poste verrouillé</translation>
    </message>
    <message>
        <source>&amp;Unlock</source>
        <translation>Dé&amp;verrouiller</translation>
    </message>
    <message>
        <source>Sign in</source>
        <translation>Connexion</translation>
    </message>
    <message>
        <source>X-ray parcel screening station. Enter your user name and password.</source>
        <translation>Poste de contrôle radioscopique des colis. Saisissez votre nom d&apos;utilisateur et votre mot de passe.</translation>
    </message>
    <message>
        <source>&amp;Sign in</source>
        <translation>Se &amp;connecter</translation>
    </message>
    <message>
        <source>enter your user name</source>
        <translation>saisissez votre nom d&apos;utilisateur</translation>
    </message>
    <message>
        <source>enter your password</source>
        <translation>saisissez votre mot de passe</translation>
    </message>
    <message>
        <source>the two passwords do not match</source>
        <translation>les deux mots de passe ne correspondent pas</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Inspector — X-ray parcel screening</source>
        <translation>Inspector — contrôle radioscopique des colis</translation>
    </message>
    <message>
        <source>Only a supervisor or an administrator can change the model.</source>
        <translation>Seul un superviseur ou un administrateur peut changer de modèle.</translation>
    </message>
    <message>
        <source>Load a detection model</source>
        <translation>Charger un modèle de détection</translation>
    </message>
    <message>
        <source>ONNX models (*.onnx)</source>
        <translation>Modèles ONNX (*.onnx)</translation>
    </message>
    <message>
        <source>Queue order: {order}</source>
        <translation>Ordre de la file : {order}</translation>
    </message>
    <message>
        <source>alarms first</source>
        <translation>alarmes d&apos;abord</translation>
    </message>
    <message>
        <source>arrival order</source>
        <translation>ordre d&apos;arrivée</translation>
    </message>
    <message>
        <source>Ctrl+Z undoes the last decision ({seconds} s)</source>
        <translation>Ctrl+Z annule la dernière décision ({seconds} s)</translation>
    </message>
    <message>
        <source>Queue ({order}) — {waiting} waiting for you, {screening} being screened</source>
        <translation>File d&apos;attente ({order}) — {waiting} à examiner, {screening} en cours d&apos;analyse</translation>
    </message>
</context>
<context>
    <name>PasswordChange</name>
    <message>
        <source>The DEMO account has no password to change.</source>
        <translation>Le compte DEMO n’a pas de mot de passe à changer.</translation>
    </message>
    <message>
        <source>This account cannot change its password here.</source>
        <translation>Ce compte ne peut pas changer son mot de passe ici.</translation>
    </message>
    <message>
        <source>Your password has been changed.</source>
        <translation>Votre mot de passe a été changé.</translation>
    </message>
</context>
<context>
    <name>PasswordDialog</name>
    <message>
        <source>Change my password</source>
        <translation>Changer mon mot de passe</translation>
    </message>
    <message>
        <source>Change the password of {user}</source>
        <translation>Changer le mot de passe de {user}</translation>
    </message>
    <message>
        <source>The new password needs at least {count} characters and must not be your user name.</source>
        <translation>Le nouveau mot de passe doit compter au moins {count} caractères et ne pas être votre nom d’utilisateur.</translation>
    </message>
    <message>
        <source>A wrong current password counts as a failed sign-in: after {failures} in a row, your account is locked for {minutes} minutes.</source>
        <translation>Un mot de passe actuel erroné compte comme une connexion échouée : après {failures} d’affilée, votre compte est bloqué pendant {minutes} minutes.</translation>
    </message>
    <message>
        <source>C&amp;urrent password</source>
        <translation>Mot de passe &amp;actuel</translation>
    </message>
    <message>
        <source>&amp;New password</source>
        <translation>&amp;Nouveau mot de passe</translation>
    </message>
    <message>
        <source>&amp;Repeat new password</source>
        <translation>&amp;Répéter le nouveau mot de passe</translation>
    </message>
    <message>
        <source>Change &amp;password</source>
        <translation>&amp;Changer le mot de passe</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Annuler</translation>
    </message>
    <message>
        <source>The new password is too short: it needs at least {count} characters.</source>
        <translation>Le nouveau mot de passe est trop court : il lui faut au moins {count} caractères.</translation>
    </message>
    <message>
        <source>The new password is too long: at most {count} characters.</source>
        <translation>Le nouveau mot de passe est trop long : {count} caractères au plus.</translation>
    </message>
    <message>
        <source>The new password must not be your user name.</source>
        <translation>Le nouveau mot de passe ne doit pas être votre nom d’utilisateur.</translation>
    </message>
    <message>
        <source>The new password must not be only spaces.</source>
        <translation>Le nouveau mot de passe ne doit pas être composé uniquement d’espaces.</translation>
    </message>
    <message>
        <source>The new password is not accepted: {reason}</source>
        <translation>Le nouveau mot de passe n’est pas accepté : {reason}</translation>
    </message>
    <message>
        <source>The current password is wrong. Your password was not changed.</source>
        <translation>Le mot de passe actuel est erroné. Votre mot de passe n’a pas été changé.</translation>
    </message>
    <message>
        <source>Wrong current password too many times: your account is locked until {time}. Your password was not changed.</source>
        <translation>Mot de passe actuel erroné trop de fois : votre compte est bloqué jusqu’à {time}. Votre mot de passe n’a pas été changé.</translation>
    </message>
    <message>
        <source>Your account is locked until {time}: try again after that. Your password was not changed.</source>
        <translation>Votre compte est bloqué jusqu’à {time} : réessayez ensuite. Votre mot de passe n’a pas été changé.</translation>
    </message>
    <message>
        <source>Your account is disabled: ask an administrator.</source>
        <translation>Votre compte est désactivé : adressez-vous à un administrateur.</translation>
    </message>
    <message>
        <source>Your password was not changed: {reason}</source>
        <translation>Votre mot de passe n’a pas été changé : {reason}</translation>
    </message>
    <message>
        <source>Enter your current password.</source>
        <translation>Saisissez votre mot de passe actuel.</translation>
    </message>
    <message>
        <source>Enter the new password.</source>
        <translation>Saisissez le nouveau mot de passe.</translation>
    </message>
    <message>
        <source>The two new passwords do not match: type the new one again.</source>
        <translation>Les deux nouveaux mots de passe ne correspondent pas : saisissez à nouveau le nouveau.</translation>
    </message>
    <message>
        <source>Changing your password…</source>
        <translation>Changement du mot de passe…</translation>
    </message>
</context>
<context>
    <name>QueueList</name>
    <message>
        <source>screening…</source>
        <translation>analyse…</translation>
    </message>
    <message numerus="yes">
        <source>%n cue(s)</source>
        <translation>
            <numerusform>%n indice</numerusform>
            <numerusform>%n indices</numerusform>
        </translation>
    </message>
    <message>
        <source>no cue</source>
        <translation>aucun indice</translation>
    </message>
</context>
<context>
    <name>ReviewPanel</name>
    <message>
        <source>Waiting for the first scan…</source>
        <translation>En attente de la première image…</translation>
    </message>
    <message>
        <source>Tab selects a cue · A confirms · X rejects · Space shows/hides</source>
        <translation>Tab choisit un indice · A confirme · X rejette · Espace affiche/masque</translation>
    </message>
    <message>
        <source>Detector cues</source>
        <translation>Indices du détecteur</translation>
    </message>
    <message>
        <source>Parcel</source>
        <translation>Colis</translation>
    </message>
    <message>
        <source>scan the barcode (P or F12)</source>
        <translation>code-barres (P ou F12)</translation>
    </message>
    <message>
        <source>optional (F2)</source>
        <translation>facultatif (F2)</translation>
    </message>
    <message>
        <source>&amp;Parcel ID</source>
        <translation>N° de &amp;colis</translation>
    </message>
    <message>
        <source>From</source>
        <translation>Origine</translation>
    </message>
    <message>
        <source>To</source>
        <translation>Destination</translation>
    </message>
    <message>
        <source>&amp;Note</source>
        <translation>&amp;Remarque</translation>
    </message>
    <message>
        <source>Dra&amp;w (B) as</source>
        <translation>Dessi&amp;ner (B) comme</translation>
    </message>
    <message>
        <source>Decision</source>
        <translation>Décision</translation>
    </message>
    <message>
        <source>Clear  [C]</source>
        <translation>Libre  [C]</translation>
    </message>
    <message>
        <source>Suspect…  [S]</source>
        <translation>Suspect…  [S]</translation>
    </message>
    <message>
        <source>Refer to manual search  [R]</source>
        <translation>Fouille manuelle  [R]</translation>
    </message>
    <message>
        <source>Suspect: choose a category (Esc to cancel)</source>
        <translation>Catégorie de suspicion (Échap : annuler)</translation>
    </message>
    <message>
        <source>TIP test: a projected {threat} was in this image. You flagged it: HIT.</source>
        <translation>Test TIP : un objet projeté ({threat}) figurait dans cette image. Vous l&apos;avez signalé : DÉTECTÉ.</translation>
    </message>
    <message>
        <source>TIP test: a projected {threat} was in this image (outlined). You cleared it: MISS. Look at the outlined area.</source>
        <translation>Test TIP : un objet projeté ({threat}) figurait dans cette image (encadré). Vous l&apos;avez libérée : MANQUÉ. Examinez la zone encadrée.</translation>
    </message>
    <message>
        <source>Press Enter for the real parcel.</source>
        <translation>Appuyez sur Entrée pour le colis réel.</translation>
    </message>
</context>
<context>
    <name>ScanPresenter</name>
    <message>
        <source>No scan waiting.</source>
        <translation>Aucune image en attente.</translation>
    </message>
    <message>
        <source>Waiting for the first scan…</source>
        <translation>En attente de la première image…</translation>
    </message>
    <message>
        <source>{source} · received {time}</source>
        <translation>{source} · reçue à {time}</translation>
    </message>
    <message>
        <source>Lane {lane}</source>
        <translation>Voie {lane}</translation>
    </message>
    <message>
        <source>File {name}</source>
        <translation>Fichier {name}</translation>
    </message>
    <message>
        <source>Scanner {id}</source>
        <translation>Scanner {id}</translation>
    </message>
    <message>
        <source>No detector cue — look at the whole scan.</source>
        <translation>Aucun indice du détecteur — examinez toute l&apos;image.</translation>
    </message>
    <message numerus="yes">
        <source>%n cue(s) hidden — look first, then Space to show them.</source>
        <translation>
            <numerusform>%n indice masqué — regardez d&apos;abord, puis Espace pour l&apos;afficher.</numerusform>
            <numerusform>%n indices masqués — regardez d&apos;abord, puis Espace pour les afficher.</numerusform>
        </translation>
    </message>
    <message>
        <source>Scanner: {label}</source>
        <translation>Scanner : {label}</translation>
    </message>
    <message>
        <source> (alarm)</source>
        <translation> (alarme)</translation>
    </message>
</context>
<context>
    <name>SetAsidePanel</name>
    <message>
        <source>lane {lane}</source>
        <translation>voie {lane}</translation>
    </message>
    <message>
        <source>Scan {scan}</source>
        <translation>Scan {scan}</translation>
    </message>
    <message>
        <source>Acknowledge</source>
        <translation>Acquitter</translation>
    </message>
    <message>
        <source>Acknowledge all</source>
        <translation>Tout acquitter</translation>
    </message>
    <message numerus="yes">
        <source>Set aside — not screened (%n)</source>
        <translation>
            <numerusform>Mis de côté — non analysé (%n)</numerusform>
            <numerusform>Mis de côté — non analysés (%n)</numerusform>
        </translation>
    </message>
    <message>
        <source>Lane {lane}: {text}</source>
        <translation>Voie {lane} : {text}</translation>
    </message>
</context>
<context>
    <name>ShortcutSheet</name>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>Raccourcis clavier</translation>
    </message>
    <message>
        <source>Keys are the same in every language.</source>
        <translation>Les touches sont les mêmes dans toutes les langues.</translation>
    </message>
    <message>
        <source>Menu</source>
        <translation>Menu</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Action</translation>
    </message>
    <message>
        <source>Keys (all languages)</source>
        <translation>Touches (toutes langues)</translation>
    </message>
</context>
<context>
    <name>StationEvents</name>
    <message>
        <source>Saved: {scan} — {verdict}. Ctrl+Z to undo.</source>
        <translation>Enregistré : {scan} — {verdict}. Ctrl+Z pour annuler.</translation>
    </message>
    <message>
        <source>The decision on {scan} was NOT saved ({error}). Please decide again.</source>
        <translation>La décision sur {scan} n&apos;a PAS été enregistrée ({error}). Veuillez décider à nouveau.</translation>
    </message>
    <message>
        <source>Undone: {scan} is back for review.</source>
        <translation>Annulé : {scan} est de nouveau à examiner.</translation>
    </message>
    <message>
        <source>Nothing to undo (only the last decision, briefly).</source>
        <translation>Rien à annuler (seule la dernière décision, peu de temps après).</translation>
    </message>
    <message>
        <source>The decision could not be undone ({error}).</source>
        <translation>La décision n&apos;a pas pu être annulée ({error}).</translation>
    </message>
    <message>
        <source>The TIP answer could not be saved ({error}).</source>
        <translation>La réponse au test TIP n&apos;a pas pu être enregistrée ({error}).</translation>
    </message>
    <message>
        <source>The detection model could not be loaded: {error}</source>
        <translation>Le modèle de détection n&apos;a pas pu être chargé : {error}</translation>
    </message>
    <message>
        <source>Scans are not being screened.</source>
        <translation>Les images ne sont pas analysées.</translation>
    </message>
    <message>
        <source>Now screening with {name} {version}.</source>
        <translation>Contrôle désormais avec {name} {version}.</translation>
    </message>
    <message>
        <source>The new model was refused: {reason}. The current model stays in use.</source>
        <translation>Le nouveau modèle a été refusé : {reason}. Le modèle actuel reste utilisé.</translation>
    </message>
    <message numerus="yes">
        <source>%n scan(s) from an earlier session had no decision: they are back in the queue.</source>
        <translation>
            <numerusform>%n image d&apos;une session précédente était sans décision : elle est de retour dans la file d&apos;attente.</numerusform>
            <numerusform>%n images d&apos;une session précédente étaient sans décision : elles sont de retour dans la file d&apos;attente.</numerusform>
        </translation>
    </message>
    <message>
        <source>A scan could not be read and was set aside: {reason}</source>
        <translation>Une image n&apos;a pas pu être lue et a été mise de côté : {reason}</translation>
    </message>
    <message>
        <source>Acknowledging {scan} was not saved ({error}).</source>
        <translation>L&apos;acquittement de {scan} n&apos;a pas été enregistré ({error}).</translation>
    </message>
    <message>
        <source>Lane {lane}: {text}</source>
        <translation>Voie {lane} : {text}</translation>
    </message>
    <message>
        <source>Scan {scan} could not be stored or screened: {error}</source>
        <translation>L&apos;image {scan} n&apos;a pas pu être enregistrée ou analysée : {error}</translation>
    </message>
    <message>
        <source>The {feed} feed stopped: {error}</source>
        <translation>L&apos;arrivée d&apos;images « {feed} » s&apos;est arrêtée : {error}</translation>
    </message>
</context>
<context>
    <name>StationSettingsDialog</name>
    <message>
        <source>Station settings</source>
        <translation>Réglages du poste</translation>
    </message>
    <message>
        <source>Review</source>
        <translation>Contrôle</translation>
    </message>
    <message>
        <source>Show cues only after the first look (Space)</source>
        <translation>Indices seulement après le premier regard (Espace)</translation>
    </message>
    <message>
        <source>Parcels with cues first in the queue</source>
        <translation>Colis avec indices en tête de file</translation>
    </message>
    <message>
        <source>Undo window</source>
        <translation>Délai d&apos;annulation</translation>
    </message>
    <message>
        <source>Threat Image Projection (TIP)</source>
        <translation>Projection d&apos;images de menaces (TIP)</translation>
    </message>
    <message>
        <source>Project test threats into live scans</source>
        <translation>Projeter des menaces de test dans les images réelles</translation>
    </message>
    <message>
        <source>Share of scans</source>
        <translation>Part des images</translation>
    </message>
    <message>
        <source>Threats</source>
        <translation>Menaces</translation>
    </message>
    <message>
        <source>Evidence images</source>
        <translation>Images de preuve</translation>
    </message>
    <message>
        <source>Cleared parcels: remove after</source>
        <translation>Colis libérés : supprimer après</translation>
    </message>
    <message>
        <source>Flagged parcels: remove after</source>
        <translation>Colis signalés : supprimer après</translation>
    </message>
    <message>
        <source>Undecided and set-aside scans are always kept; flagged parcels&apos; images go only once the hub has them. The log keeps every image&apos;s SHA-256, and each removal is recorded. Applies from the next start.</source>
        <translation>Les scans non décidés et mis de côté sont toujours conservés ; les images des colis signalés ne sont supprimées qu&apos;une fois reçues par le serveur central. Le journal garde le SHA-256 de chaque image et chaque suppression est enregistrée. S&apos;applique au prochain démarrage.</translation>
    </message>
    <message>
        <source>Greyed-out settings need a supervisor or administrator.</source>
        <translation>Les réglages grisés exigent un superviseur ou un administrateur.</translation>
    </message>
    <message>
        <source> days</source>
        <translation> jours</translation>
    </message>
    <message>
        <source>keep every image</source>
        <translation>conserver toutes les images</translation>
    </message>
    <message>
        <source>Choose at least one threat for TIP, or turn TIP off.</source>
        <translation>Choisissez au moins une menace pour la TIP, ou désactivez la TIP.</translation>
    </message>
</context>
<context>
    <name>StationStatusBar</name>
    <message>
        <source>standard</source>
        <translation>standard</translation>
    </message>
    <message>
        <source>View: {function}</source>
        <translation>Vue : {function}</translation>
    </message>
    <message>
        <source>Feed: {name}</source>
        <translation>Source : {name}</translation>
    </message>
    <message>
        <source>Upload: off (local only)</source>
        <translation>Envoi : désactivé (local uniquement)</translation>
    </message>
    <message>
        <source>Upload: {count} waiting — {trouble} since {time}</source>
        <translation>Envoi : {count} en attente — {trouble} depuis {time}</translation>
    </message>
    <message>
        <source>Upload: {count} waiting</source>
        <translation>Envoi : {count} en attente</translation>
    </message>
    <message>
        <source>Upload: up to date</source>
        <translation>Envoi : à jour</translation>
    </message>
    <message>
        <source>{count} refused</source>
        <translation>{count} refusé(s)</translation>
    </message>
    <message>
        <source>Demo station: its records are never uploaded.</source>
        <translation>Poste de démonstration : ses enregistrements ne sont jamais envoyés.</translation>
    </message>
    <message>
        <source>The upload settings cannot be used, so nothing is uploaded: {detail}</source>
        <translation>Les paramètres d&apos;envoi sont inutilisables, rien n&apos;est envoyé : {detail}</translation>
    </message>
    <message>
        <source>This station is not enrolled with a hub: every record stays in its log and waits in its outbox. Enrol with: inspector-app upload enrol</source>
        <translation>Ce poste n&apos;est inscrit auprès d&apos;aucun hub : chaque enregistrement reste dans son journal et attend dans sa file d&apos;envoi. Inscription : inspector-app upload enrol</translation>
    </message>
    <message>
        <source>hub unreachable</source>
        <translation>hub injoignable</translation>
    </message>
    <message>
        <source>hub unavailable</source>
        <translation>hub indisponible</translation>
    </message>
    <message>
        <source>hub does not accept this station</source>
        <translation>le hub n&apos;accepte pas ce poste</translation>
    </message>
    <message>
        <source>hub refused the upload</source>
        <translation>le hub a refusé l&apos;envoi</translation>
    </message>
    <message>
        <source>upload failed at this station</source>
        <translation>échec de l&apos;envoi sur ce poste</translation>
    </message>
    <message>
        <source>Hub: {hub}</source>
        <translation>Hub : {hub}</translation>
    </message>
    <message>
        <source>Waiting: {records} record(s), {images} evidence image(s)</source>
        <translation>En attente : {records} enregistrement(s), {images} image(s) de preuve</translation>
    </message>
    <message>
        <source>Last upload: {time}</source>
        <translation>Dernier envoi : {time}</translation>
    </message>
    <message>
        <source>Problem: {detail}</source>
        <translation>Problème : {detail}</translation>
    </message>
    <message>
        <source>{count} record(s) refused by the hub are set aside; see: inspector-app upload status</source>
        <translation>{count} enregistrement(s) refusé(s) par le hub mis de côté ; voir : inspector-app upload status</translation>
    </message>
    <message>
        <source>Model: {name} {version} ({sha})</source>
        <translation>Modèle : {name} {version} ({sha})</translation>
    </message>
    <message>
        <source>Model: NOT LOADED</source>
        <translation>Modèle : NON CHARGÉ</translation>
    </message>
    <message>
        <source>Model: loading…</source>
        <translation>Modèle : chargement…</translation>
    </message>
    <message>
        <source>Not evaluated on this scanner</source>
        <translation>Non évalué sur ce scanner</translation>
    </message>
    <message>
        <source>The model&apos;s accuracy was measured on its own test scans, not on this scanner&apos;s.</source>
        <translation>La précision du modèle a été mesurée sur ses propres images de test, pas sur celles de ce scanner.</translation>
    </message>
    <message>
        <source>⚠ Scans unlike the model&apos;s training — not evaluated here</source>
        <translation>⚠ Images différentes de l&apos;entraînement du modèle — non évalué ici</translation>
    </message>
    <message>
        <source>Recent scans look different from them (distance {distance:.1f}): expect missed threats and false cues.</source>
        <translation>Les images récentes en diffèrent (distance {distance:.1f}) : attendez-vous à des menaces manquées et à de fausses alertes.</translation>
    </message>
    <message>
        <source>Recent scans look like them (distance {distance:.1f}).</source>
        <translation>Les images récentes leur ressemblent (distance {distance:.1f}).</translation>
    </message>
    <message>
        <source>Screening stopped: log check failed</source>
        <translation>Contrôle arrêté : échec de la vérification du journal</translation>
    </message>
    <message>
        <source>The decision log did not verify at start; an administrator must look.</source>
        <translation>Le journal des décisions n’a pas passé la vérification au démarrage ; un administrateur doit l’examiner.</translation>
    </message>
    <message>
        <source>Model: checking {name}…</source>
        <translation>Modèle : vérification de {name}…</translation>
    </message>
    <message>
        <source>Backlog: {count}</source>
        <translation>En attente : {count}</translation>
    </message>
    <message>
        <source>Inspector: {name} · {count} decided</source>
        <translation>Inspecteur : {name} · {count} décidés</translation>
    </message>
</context>
<context>
    <name>StatisticsView</name>
    <message>
        <source>Statistics</source>
        <translation>Statistiques</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>Afficher</translation>
    </message>
    <message>
        <source>From</source>
        <translation>Du</translation>
    </message>
    <message>
        <source>to (included)</source>
        <translation>au (inclus)</translation>
    </message>
    <message>
        <source>Parcels decided per day</source>
        <translation>Colis décidés par jour</translation>
    </message>
    <message>
        <source>decided</source>
        <translation>décidés</translation>
    </message>
    <message>
        <source>flagged</source>
        <translation>signalés</translation>
    </message>
    <message>
        <source>Alarm, confirmation and TIP hit rates per day</source>
        <translation>Taux d&apos;alarme, de confirmation et de détection TIP par jour</translation>
    </message>
    <message>
        <source>model alarm rate</source>
        <translation>taux d&apos;alarme du modèle</translation>
    </message>
    <message>
        <source>alarms confirmed</source>
        <translation>alarmes confirmées</translation>
    </message>
    <message>
        <source>TIP hit rate</source>
        <translation>taux de détection TIP</translation>
    </message>
    <message>
        <source>Inspector</source>
        <translation>Inspecteur</translation>
    </message>
    <message>
        <source>Decided</source>
        <translation>Décidés</translation>
    </message>
    <message>
        <source>Flag rate</source>
        <translation>Taux de signalement</translation>
    </message>
    <message>
        <source>Median decision</source>
        <translation>Décision médiane</translation>
    </message>
    <message>
        <source>TIP tests</source>
        <translation>Tests TIP</translation>
    </message>
    <message>
        <source>Median decision time per day</source>
        <translation>Temps de décision médian par jour</translation>
    </message>
    <message>
        <source>seconds</source>
        <translation>secondes</translation>
    </message>
    <message>
        <source>median decision time</source>
        <translation>temps de décision médian</translation>
    </message>
    <message>
        <source>Per inspector: TIP hit rate and median decision time</source>
        <translation>Par inspecteur : taux de détection TIP et temps de décision médian</translation>
    </message>
    <message>
        <source>Model precision per class (confirmed / judged cues)</source>
        <translation>Précision du modèle par classe (indices confirmés / jugés)</translation>
    </message>
    <message>
        <source>no data in this period</source>
        <translation>aucune donnée sur cette période</translation>
    </message>
    <message>
        <source>The last day must not be before the first.</source>
        <translation>Le dernier jour ne peut pas précéder le premier.</translation>
    </message>
    <message>
        <source>Statistics not available: {reason}</source>
        <translation>Statistiques indisponibles : {reason}</translation>
    </message>
    <message>
        <source>Computing…</source>
        <translation>Calcul en cours…</translation>
    </message>
    <message>
        <source>{decided} decisions ({per_day} a day), {flagged} flagged · model alarm rate {alarm} · alarms confirmed {confirmed} · cues confirmed {cues} · median decision time {median} · TIP hit rate {tip} ({tips} tests)</source>
        <translation>{decided} décisions ({per_day} par jour), {flagged} signalées · taux d&apos;alarme du modèle {alarm} · alarmes confirmées {confirmed} · indices confirmés {cues} · temps de décision médian {median} · taux de détection TIP {tip} ({tips} tests)</translation>
    </message>
</context>
<context>
    <name>SupervisorMenu</name>
    <message>
        <source>Supe&amp;rvisor</source>
        <translation>&amp;Superviseur</translation>
    </message>
    <message>
        <source>Export shift log…</source>
        <translation>Exporter le journal de vacation…</translation>
    </message>
    <message>
        <source>Statistics…</source>
        <translation>Statistiques…</translation>
    </message>
    <message>
        <source>Archive search and case dossiers…</source>
        <translation>Recherche dans les archives et dossiers…</translation>
    </message>
    <message>
        <source>Audit log…</source>
        <translation>Journal d&apos;audit…</translation>
    </message>
    <message>
        <source>Users…</source>
        <translation>Utilisateurs…</translation>
    </message>
    <message>
        <source>Only a supervisor or an administrator can do this.</source>
        <translation>Seul un superviseur ou un administrateur peut le faire.</translation>
    </message>
</context>
<context>
    <name>Terms</name>
    <message>
        <source>Drugs</source>
        <translation>Stupéfiants</translation>
    </message>
    <message>
        <source>Weapons</source>
        <translation>Armes</translation>
    </message>
    <message>
        <source>Counterfeit</source>
        <translation>Contrefaçons</translation>
    </message>
    <message>
        <source>Wildlife</source>
        <translation>Espèces protégées</translation>
    </message>
    <message>
        <source>Medicines</source>
        <translation>Médicaments</translation>
    </message>
    <message>
        <source>Currency</source>
        <translation>Argent liquide</translation>
    </message>
    <message>
        <source>Excise</source>
        <translation>Accises</translation>
    </message>
    <message>
        <source>Dangerous goods</source>
        <translation>Marchandises dangereuses</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>Autre</translation>
    </message>
    <message>
        <source>clear</source>
        <translation>libre</translation>
    </message>
    <message>
        <source>suspect</source>
        <translation>suspect</translation>
    </message>
    <message>
        <source>refer to manual search</source>
        <translation>fouille manuelle</translation>
    </message>
    <message>
        <source>Standard image</source>
        <translation>Image standard</translation>
    </message>
    <message>
        <source>Grey / colour</source>
        <translation>Gris / couleur</translation>
    </message>
    <message>
        <source>Inverse</source>
        <translation>Négatif</translation>
    </message>
    <message>
        <source>Organic only</source>
        <translation>Organique seul</translation>
    </message>
    <message>
        <source>Inorganic only</source>
        <translation>Inorganique seul</translation>
    </message>
    <message>
        <source>Metal only</source>
        <translation>Métal seul</translation>
    </message>
    <message>
        <source>High penetration</source>
        <translation>Haute pénétration</translation>
    </message>
    <message>
        <source>Low penetration</source>
        <translation>Basse pénétration</translation>
    </message>
    <message>
        <source>Edge enhancement</source>
        <translation>Renforcement des contours</translation>
    </message>
    <message>
        <source>Local contrast</source>
        <translation>Contraste local</translation>
    </message>
    <message>
        <source>Lighter (gamma)</source>
        <translation>Plus clair (gamma)</translation>
    </message>
    <message>
        <source>Darker (gamma)</source>
        <translation>Plus sombre (gamma)</translation>
    </message>
    <message>
        <source>Density highlight</source>
        <translation>Surbrillance de densité</translation>
    </message>
    <message>
        <source>handgun</source>
        <translation>arme de poing</translation>
    </message>
    <message>
        <source>knife</source>
        <translation>couteau</translation>
    </message>
    <message>
        <source>ammunition</source>
        <translation>munitions</translation>
    </message>
    <message>
        <source>powder_pack</source>
        <translation>sachet de poudre</translation>
    </message>
    <message>
        <source>pill_pack</source>
        <translation>lot de comprimés</translation>
    </message>
    <message>
        <source>liquid_container</source>
        <translation>récipient de liquide</translation>
    </message>
    <message>
        <source>banknote_stack</source>
        <translation>liasse de billets</translation>
    </message>
    <message>
        <source>cigarette_carton</source>
        <translation>cartouche de cigarettes</translation>
    </message>
    <message>
        <source>lithium_battery</source>
        <translation>batterie au lithium</translation>
    </message>
    <message>
        <source>wildlife</source>
        <translation>espèce protégée</translation>
    </message>
    <message>
        <source>other</source>
        <translation>autre</translation>
    </message>
</context>
<context>
    <name>UsersDialog</name>
    <message>
        <source>Users</source>
        <translation>Utilisateurs</translation>
    </message>
    <message>
        <source>User</source>
        <translation>Utilisateur</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>Rôle</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>État</translation>
    </message>
    <message>
        <source>Last sign-in</source>
        <translation>Dernière connexion</translation>
    </message>
    <message>
        <source>Change role</source>
        <translation>Changer de rôle</translation>
    </message>
    <message>
        <source>Disable</source>
        <translation>Désactiver</translation>
    </message>
    <message>
        <source>Enable</source>
        <translation>Activer</translation>
    </message>
    <message>
        <source>Unlock</source>
        <translation>Déverrouiller</translation>
    </message>
    <message>
        <source>Reset password</source>
        <translation>Réinitialiser le mot de passe</translation>
    </message>
    <message>
        <source>Add user</source>
        <translation>Ajouter l&apos;utilisateur</translation>
    </message>
    <message>
        <source>Users loaded.</source>
        <translation>Utilisateurs chargés.</translation>
    </message>
    <message>
        <source>inspector</source>
        <translation>inspecteur</translation>
    </message>
    <message>
        <source>supervisor</source>
        <translation>superviseur</translation>
    </message>
    <message>
        <source>administrator</source>
        <translation>administrateur</translation>
    </message>
    <message>
        <source>Selected user</source>
        <translation>Utilisateur sélectionné</translation>
    </message>
    <message>
        <source>Access</source>
        <translation>Accès</translation>
    </message>
    <message>
        <source>New password</source>
        <translation>Nouveau mot de passe</translation>
    </message>
    <message>
        <source>Add a user</source>
        <translation>Ajouter un utilisateur</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Nom</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Mot de passe</translation>
    </message>
    <message>
        <source>Saved.</source>
        <translation>Enregistré.</translation>
    </message>
    <message>
        <source>User {name} added.</source>
        <translation>Utilisateur {name} ajouté.</translation>
    </message>
    <message>
        <source>Not done: {reason}</source>
        <translation>Non effectué : {reason}</translation>
    </message>
    <message>
        <source>Working…</source>
        <translation>En cours…</translation>
    </message>
    <message>
        <source>disabled</source>
        <translation>désactivé</translation>
    </message>
    <message>
        <source>locked until {time}</source>
        <translation>verrouillé jusqu&apos;à {time}</translation>
    </message>
    <message>
        <source>active</source>
        <translation>actif</translation>
    </message>
</context>
</TS>
