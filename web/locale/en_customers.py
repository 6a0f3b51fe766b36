"""English for the desk's customer pages: the list, one customer's record, the customer form, import
and newsletters (their live parts speak from customers.js, customer.js and the modules they use)."""

EN = {
    "Bereiche": "Sections",
    "Kunden": "Customers",
    "Alle Kunden": "All customers",
    "Neuer Kunde": "New customer",
    "Exportieren": "Export",
    "Importieren": "Import",
    "Kunden suchen": "Search customers",
    "Name, E-Mail oder Telefon": "Name, email or phone",
    "Nach Gruppen filtern": "Filter by group",
    "Kontakt": "Contact",
    "Seiten": "Pages",
    "Offene Vorschläge": "Open proposals",
    "Kunden haben ihre Daten im eigenen Konto geändert. Nichts wird ohne Sie überschrieben: Übernehmen "
    "Sie die Änderungen oder ignorieren Sie sie.": (
        "Customers changed their details in their own account. Nothing is overwritten without you: take "
        "the changes or ignore them."
    ),
    "Keine offenen Vorschläge.": "No open proposals.",
    # the customer form
    "Vorname": "First name",
    "Nachname": "Last name",
    "E-Mail": "Email",
    "Telefon": "Phone",
    "Straße und Hausnummer": "Street and number",
    "PLZ": "Postcode",
    "Ort": "City",
    "Geburtsdatum": "Date of birth",
    "Gruppen": "Groups",
    "Gewählte Gruppen": "Chosen groups",
    "Gruppe wählen oder neu eingeben": "Choose a group or type a new one",
    "Enter übernimmt die Gruppe; einen neuen Namen legt Enter als neue Gruppe an.": (
        "Enter adds the group; for a new name, Enter creates a new group."
    ),
    "Notiz": "Note",
    # newsletters
    "Newsletter": "Newsletter",
    "Newsletter schreiben": "Write a newsletter",
    "An Kunden in den Gruppen": "To customers in the groups",
    "Noch keine Gruppen. Ordnen Sie Kunden im Kundenformular Gruppen zu.": (
        "No groups yet. Put customers into groups in the customer form."
    ),
    "Betreff": "Subject",
    "Text": "Text",
    "Die Anrede mit dem Vornamen und ein Link zum Abmelden kommen von selbst dazu.": (
        "A greeting with the first name and an unsubscribe link are added by themselves."
    ),
    "Vorschau": "Preview",
    "Senden …": "Send …",
    "Wählen Sie Gruppen, schreiben Sie Betreff und Text und klicken Sie auf „Vorschau“: Sie sehen, wie "
    "viele Kunden den Newsletter erhalten und wie er beim ersten ankommt.": (
        "Choose groups, write a subject and text, and click “Preview”: you'll see how many customers "
        "get the newsletter and how it reaches the first of them."
    ),
    "An": "To",
    "Verschickt": "Sent",
    "Noch kein Newsletter verschickt.": "No newsletter sent yet.",
    # import
    "Kunden importieren": "Import customers",
    "Eine CSV-Datei mit einer Kopfzeile, z. B. aus Excel („CSV UTF-8“). Erkannte Spalten: Vorname, "
    "Nachname, E-Mail, Telefon, Straße, PLZ, Ort, Geburtsdatum, Gruppen, Notiz.": (
        "A CSV file with a header line, e.g. from Excel (“CSV UTF-8”). Columns recognised: first name, "
        "last name, email, phone, street, postcode, city, date of birth, groups, note."
    ),
    "CSV-Datei": "CSV file",
    "Diese Zeilen werden nicht übernommen": "These lines won't be imported",
    "Andere Datei wählen": "Choose another file",
    # one customer's record
    "Bearbeiten": "Edit",
    "Löschen": "Delete",
    "Nichts wird ohne Sie überschrieben. Haken Sie an, was Sie übernehmen möchten; der Rest wird "
    "ignoriert.": "Nothing is overwritten without you. Tick what you'd like to take; the rest is ignored.",
    "Feld": "Field",
    "Bisher": "Current",
    "Neu": "Proposed",
    "Übernehmen": "Take",
    "Alle ignorieren": "Ignore all",
    "Daten": "Details",
    "Termine": "Appointments",
    "Anstehend": "Upcoming",
    "Vergangen": "Past",
    "Keine anstehenden Termine.": "No upcoming appointments.",
    "Noch keine vergangenen Termine.": "No past appointments yet.",
    "Ältere Termine laden": "Load older appointments",
}
