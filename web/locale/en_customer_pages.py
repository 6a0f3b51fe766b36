"""English for the pages a customer opens from a mail: verification, new password, cancellation."""

EN = {
    "E-Mail-Adresse bestätigen": "Confirm your email address",
    "Ein Klick noch: Bestätigen Sie, dass diese E-Mail-Adresse Ihnen gehört. Danach können Sie sich "
    "auf der Buchungsseite anmelden und Termine buchen.": (
        "One more click: confirm that this email address is yours. Then you can log in on the "
        "booking page and book appointments."
    ),
    "Geschafft – Ihre Adresse ist bestätigt": "Done – your address is confirmed",
    "Gehen Sie zurück zur Buchungsseite und melden Sie sich dort mit Ihrer E-Mail-Adresse und Ihrem "
    "Passwort an, um Ihren Termin zu buchen.": (
        "Go back to the booking page and log in there with your email address and password to "
        "book your appointment."
    ),
    "Sie können dieses Fenster jetzt schließen.": "You can close this window now.",
    "Dieser Link wurde schon verwendet": "This link has already been used",
    "Ihre E-Mail-Adresse ist bereits bestätigt. Sie können sich auf der Buchungsseite einfach anmelden.": (
        "Your email address is already confirmed. Just log in on the booking page."
    ),
    "Dieser Link ist abgelaufen": "This link has expired",
    "Aus Sicherheitsgründen gilt ein Bestätigungslink nur eine begrenzte Zeit. Registrieren Sie sich "
    "auf der Buchungsseite bitte noch einmal mit derselben E-Mail-Adresse – Sie erhalten dann einen "
    "neuen Link.": (
        "For security, a confirmation link only works for a limited time. Please register again on "
        "the booking page with the same email address – you'll get a new link."
    ),
    "Neues Passwort": "New password",
    "Neues Passwort festlegen": "Choose a new password",
    "Wählen Sie ein neues Passwort für Ihr Kundenkonto (mindestens 8 Zeichen).": (
        "Choose a new password for your customer account (at least 8 characters)."
    ),
    "Neues Passwort wiederholen": "Repeat the new password",
    "Passwort speichern": "Save password",
    "Ihr neues Passwort ist gespeichert": "Your new password is saved",
    "Melden Sie sich auf der Buchungsseite mit Ihrer E-Mail-Adresse und dem neuen Passwort an.": (
        "Log in on the booking page with your email address and the new password."
    ),
    "Ein Link zum Zurücksetzen gilt nur einmal. Wenn Sie Ihr Passwort noch einmal ändern möchten, "
    "fordern Sie auf der Buchungsseite bitte einen neuen Link an.": (
        "A reset link works only once. If you'd like to change your password again, please request "
        "a new link on the booking page."
    ),
    "Aus Sicherheitsgründen gilt ein Link zum Zurücksetzen nur eine Stunde. Fordern Sie auf der "
    "Buchungsseite bitte einen neuen an.": (
        "For security, a reset link only works for an hour. Please request a new one on the booking page."
    ),
    "Termin absagen": "Cancel appointment",
    "Ihr Termin ist abgesagt": "Your appointment is cancelled",
    "Online-Absage nicht mehr möglich": "Online cancellation is no longer possible",
    "Dieser Termin hat bereits begonnen": "This appointment has already started",
    "Dieser Termin ist bereits abgesagt": "This appointment is already cancelled",
    "Bei": "With",
    "Leistung": "Service",
    "Wann": "When",
    "Wo": "Where",
    "Möchten Sie diesen Termin wirklich absagen? Die Zeit wird danach wieder für andere frei.": (
        "Do you really want to cancel this appointment? The time will then be free for others again."
    ),
    "Sie erhalten eine Bestätigung per E-Mail. Für einen neuen Termin besuchen Sie einfach wieder "
    "die Buchungsseite.": (
        "You'll get a confirmation by email. To book a new appointment, just visit the booking page again."
    ),
    "{business} nimmt Absagen online bis {hours} Stunden vor Beginn an. Bitte rufen Sie {business} "
    "an, wenn Sie den Termin nicht wahrnehmen können.": (
        "{business} accepts online cancellations up to {hours} hours before the start. Please call "
        "{business} if you can't make the appointment."
    ),
    "Ein Termin, der schon begonnen hat, kann nicht mehr abgesagt werden. Bei Fragen wenden Sie sich "
    "bitte an {business}.": (
        "An appointment that has already started can no longer be cancelled. If you have questions, "
        "please contact {business}."
    ),
    "Dieser Link wurde schon verwendet oder der Termin wurde von {business} abgesagt. Sie müssen "
    "nichts weiter tun.": (
        "This link has already been used, or {business} has cancelled the appointment. There's "
        "nothing more you need to do."
    ),
}
