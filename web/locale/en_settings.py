"""English for the settings page (its live parts speak from settings.js)."""

EN = {
    "Zum Inhalt springen": "Skip to content",
    "Zurück zum Kalender": "Back to the calendar",
    "Bereiche der Einstellungen": "Settings sections",
    "Unternehmen": "Business",
    "Buchung": "Booking",
    "Öffnungszeiten": "Opening hours",
    "Leistungen": "Services",
    "Team-Kalender": "Team calendars",
    "Online-Buchung einbinden": "Embed online booking",
    "Name": "Name",
    "Name und Buchungslink ändert der Support, weil gedruckte Karten und Websites darauf verweisen.": (
        "Support changes the name and booking link, because printed cards and websites point to them."
    ),
    "Online-Buchungen": "Online bookings",
    "Direktbuchung": "Direct booking",
    "Eine Online-Buchung steht sofort im Kalender und ist verbindlich.": (
        "An online booking goes straight into the calendar and is binding."
    ),
    "Terminanfrage": "Booking request",
    "Jede Online-Buchung wartet, bis Sie sie annehmen oder ablehnen.": (
        "Every online booking waits until you accept or decline it."
    ),
    "Takt der Startzeiten": "Start time interval",
    "alle {n} Minuten": "every {n} minutes",
    "Zu diesen Zeiten beginnen Termine auf der Buchungsseite.": (
        "Appointments on the booking page start at these times."
    ),
    "Mindestvorlauf": "Minimum notice",
    "kein Vorlauf": "no notice",
    "{n} Minuten": "{n} minutes",
    "1 Stunde": "1 hour",
    "{n} Stunden": "{n} hours",
    "So viel Zeit liegt mindestens zwischen Buchung und Termin.": (
        "The least time between booking and appointment."
    ),
    "Buchbar im Voraus": "Bookable in advance",
    "Tage": "days",
    "Wie weit in die Zukunft Kunden online buchen können (1 bis 730).": (
        "How far ahead customers can book online (1 to 730)."
    ),
    "Die Wochenansicht zeigt": "The week view shows",
    "Arbeitswoche": "Working week",
    "Montag bis Freitag": "Monday to Friday",
    "Ganze Woche mit Wochenende": "Full week with the weekend",
    "Montag bis Sonntag": "Monday to Sunday",
    "Kunden buchen online nur innerhalb dieser Zeiten. Im Kalender können Sie auch außerhalb Termine "
    "eintragen.": (
        "Customers book online only within these hours. In the calendar you can also enter "
        "appointments outside them."
    ),
    "Leistung hinzufügen": "Add service",
    "Noch keine Leistungen. Legen Sie die erste an, damit Kunden online buchen können.": (
        "No services yet. Add the first one so customers can book online."
    ),
    "Jeder Kalender ist online buchbar, wo seine Zeiten und die Öffnungszeiten des Standorts "
    "zusammentreffen.": (
        "Each calendar can be booked online where its hours overlap the location's opening hours."
    ),
    "Neuer Kalender": "New calendar",
    "Name, z. B. Lena Maier": "Name, e.g. Lena Maier",
    "Kalender hinzufügen": "Add calendar",
    "Sprache der Buchungsseite": "Booking page language",
    "Automatisch": "Automatic",
    "Automatisch: Englisch für Browser auf Englisch, sonst Deutsch. Kunden können die Sprache auf "
    "der Seite jederzeit wechseln.": (
        "Automatic: English for browsers set to English, German otherwise. Customers can switch "
        "the language on the page at any time."
    ),
    "Für Ihre Website, E-Mails, soziale Netzwerke und gedruckte Karten.": (
        "For your website, emails, social media and printed cards."
    ),
    "Link kopieren": "Copy link",
    "Code zum Einbinden in Ihre Website": "Code to embed in your website",
    "Fügen Sie diesen Code dort in Ihre Seite ein, wo die Buchung erscheinen soll.": (
        "Paste this code into your page where the booking should appear."
    ),
    "Code kopieren": "Copy code",
    "Websites, die die Buchung einbinden dürfen": "Websites allowed to embed the booking page",
    "Nur diese Websites dürfen die Buchungsseite einbinden. Leer: nur diese Seite selbst.": (
        "Only these websites may embed the booking page. Empty: only this site itself."
    ),
    "Eine Adresse pro Zeile, mit http:// oder https://, ohne Pfad (höchstens 20).": (
        "One address per line, with http:// or https://, without a path (at most 20)."
    ),
    "Websites speichern": "Save websites",
    "Dauer": "Duration",
    "Min.": "min",
    "Puffer vorher": "Buffer before",
    "Puffer nachher": "Buffer after",
    "Puffer halten Zeit zum Vorbereiten oder Aufräumen frei; online wird dort nichts gebucht.": (
        "Buffers keep time free to prepare or tidy up; nothing is booked online there."
    ),
    "Farbe im Kalender": "Colour in the calendar",
    "Angeboten von": "Offered by",
    "Online-Terminbuchung": "Online booking",
    "E-Mail-Versand": "E-mail delivery",
    "E-Mails werden nicht versendet.": "No e-mail is being sent.",
    "Auf dem Server ist kein Mail-Server eingerichtet (SMTP_URL). Kunden erhalten weder Sicherheitscodes "
    "noch Bestätigungen, bis er eingerichtet ist.": (
        "The server has no mail server set up (SMTP_URL). Customers receive neither security codes nor "
        "confirmations until it is."
    ),
    "Mehr dazu": "More about this",
    "Der Mail-Server ist gerade nicht erreichbar.": "The mail server cannot be reached right now.",
    "{count} E-Mails warten und werden versendet, sobald er wieder antwortet.": (
        "{count} e-mails are waiting and will be sent as soon as it answers again."
    ),
    "E-Mails an Kunden gehen über den Mail-Server des Betreibers hinaus.": (
        "E-mails to customers go out through the operator's mail server."
    ),
    "Entwicklungsbetrieb: E-Mails werden nicht versendet, sondern im Entwicklungs-Postfach dieses Servers "
    "gezeigt.": "Development mode: e-mails are not sent but shown in this server's development mailbox.",
    "E-Mails werden nicht versendet, bis auf dem Server ein Mail-Server eingerichtet ist.": (
        "No e-mail is sent until a mail server is set up on the server."
    ),
    "Gerade warten {count} E-Mails.": "{count} e-mails are waiting right now.",
    "Nicht zustellbare E-Mails": "Undeliverable e-mails",
    "Diese E-Mails wurden aufgegeben. Prüfen Sie die Adresse und informieren Sie den Kunden auf anderem "
    "Weg.": (
        "These e-mails were given up. Check the address and reach the customer another way."
    ),
    "Erstellt": "Created",
    "An": "To",
    "Betreff": "Subject",
    "Grund": "Reason",
    "Keine unzustellbaren E-Mails.": "No undeliverable e-mails.",
    "Passwort ändern": "Change password",
    "Ihr Passwort für die Anmeldung als {email}. Nach einer Änderung sind Sie auf allen anderen Geräten "
    "abgemeldet.": (
        "Your password for logging in as {email}. Once you change it, you are logged out on every other "
        "device."
    ),
    "Bisheriges Passwort": "Current password",
    "Neues Passwort": "New password",
    "Mindestens 8 Zeichen.": "At least 8 characters.",
    "Neues Passwort wiederholen": "Repeat the new password",
}
