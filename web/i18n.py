"""Error messages in the reader's language: German first, English when the request asks for it.

Use-cases raise errors with a stable code and an English message; this module words them in
German, by code (and field, where the field changes the sentence).
"""

from __future__ import annotations

from starlette.requests import Request

from actions.errors import ActionError, NotFound

FIELDS = {
    "email": "E-Mail-Adresse",
    "password": "Passwort",
    "first_name": "Vorname",
    "last_name": "Nachname",
    "phone": "Telefonnummer",
    "business_name": "Name des Unternehmens",
    "slug": "Buchungslink",
    "timezone": "Zeitzone",
    "start": "Beginn",
    "end": "Ende",
    "from": "Von",
    "to": "Bis",
    "note": "Notiz",
    "name": "Name",
    "code": "Sicherheitscode",
    "staff_id": "Kalender",
    "location_id": "Standort",
    "service_id": "Leistung",
    "customer_id": "Kunde",
    "duration_minutes": "Dauer",
    "kind": "Art",
    "confirm": "Bestätigung",
    "message": "Nachricht",
    "password_repeat": "Passwort-Wiederholung",
    "language": "Sprache",
    "current_password": "Bisheriges Passwort",
    "new_password": "Neues Passwort",
    "token": "Link",
    "street": "Straße",
    "postal_code": "PLZ",
    "city": "Ort",
    "birth_date": "Geburtsdatum",
    "groups": "Gruppen",
    "group_ids": "Gruppen",
    "newsletter": "Newsletter",
    "take": "Übernehmen",
    "subject": "Betreff",
    "body": "Text",
    "page": "Seite",
    "per_page": "Einträge pro Seite",
    "past_limit": "Anzahl vergangener Termine",
    "past_before": "Weitere vergangene Termine",
    "dry_run": "Vorschau",
}

THINGS = {
    "The business": "Das Unternehmen",
    "The service": "Die Leistung",
    "The location": "Der Standort",
    "The calendar": "Der Kalender",
    "A calendar in staff_ids": "Ein Kalender in staff_ids",
    "The customer": "Der Kunde",
    "The appointment": "Der Termin",
    "The hold": "Die Reservierung",
    "The closure": "Die Abwesenheit",
    "The account": "Das Kundenkonto",
    "The verification link": "Der Bestätigungslink",
    "The dev mailbox": "Das Entwicklungs-Postfach",
    "The reset link": "Der Link zum Zurücksetzen des Passworts",
    "The cancellation link": "Der Absage-Link",
    "The group": "Die Gruppe",
    "The proposal": "Der Änderungsvorschlag",
    "The unsubscribe link": "Der Abmelde-Link",
}

GERMAN = {
    "bad_credentials": "E-Mail-Adresse oder Passwort ist falsch.",
    "unauthorised": "Bitte melden Sie sich an.",
    "email_unverified": "Bitte öffnen Sie zuerst den Link in der E-Mail, die wir Ihnen geschickt haben.",
    "csrf_failed": "Das Formular ist abgelaufen. "
    "Bitte laden Sie die Seite neu und versuchen Sie es noch einmal.",
    "too_many_requests": "Zu viele Versuche. Bitte warten Sie etwas und versuchen Sie es dann noch einmal.",
    "slot_taken": "Diese Zeit ist bereits vergeben. Bitte wählen Sie eine andere.",
    "not_bookable": "Diese Zeit kann nicht online gebucht werden. Bitte wählen Sie eine andere.",
    "in_past": "Diese Zeit liegt in der Vergangenheit.",
    "hold_released": "Die Reservierung ist abgelaufen. Bitte wählen Sie erneut eine Zeit.",
    "wrong_code": "Dieser Code stimmt nicht.",
    "invalid_code": "Der Sicherheitscode hat 6 Ziffern.",
    "already_confirmed": "Diese Buchung ist bereits bestätigt; sagen Sie sie bei Bedarf ab.",
    "token_used": "Dieser Link wurde bereits verwendet.",
    "token_expired": "Dieser Link ist abgelaufen. Bitte fordern Sie einen neuen an.",
    "slug_taken": "Dieser Buchungslink ist bereits vergeben.",
    "invalid_slug": "Der Buchungslink darf a–z, 0–9 und Bindestriche enthalten, 3 bis 64 Zeichen.",
    "invalid_email": "Bitte geben Sie eine gültige E-Mail-Adresse an.",
    "weak_password": "Das Passwort braucht mindestens 8 Zeichen.",
    "invalid_timezone": "Diese Zeitzone gibt es nicht.",
    "invalid_name": "Bitte geben Sie einen Namen an.",
    "invalid_phone": "Die Telefonnummer ist zu lang.",
    "invalid_customer": "Bitte geben Sie Vor- und Nachname des Kunden an "
    "oder wählen Sie einen bestehenden Kunden.",
    "invalid_duration": "Eine Leistung dauert 5 Minuten bis 24 Stunden.",
    "invalid_buffer": "Eine Pufferzeit dauert 0 bis 240 Minuten.",
    "invalid_color": "Eine Farbe wird als #rrggbb angegeben.",
    "invalid_hours": "Die Zeiten sind nicht gültig: Jeder Bereich muss enden, nachdem er beginnt, "
    "und Bereiche eines Tages dürfen sich nicht überschneiden.",
    "invalid_setting": "Dieser Wert ist für diese Einstellung nicht erlaubt.",
    "invalid_json": "Die Anfrage ist kein gültiges JSON-Objekt.",
    "too_large": "Die Anfrage ist zu groß.",
    "invalid_text": "Der Text enthält ein unzulässiges Zeichen: ein Steuerzeichen (NUL) "
    "oder kein gültiges Unicode.",
    "invalid_time": "Bitte geben Sie eine Zeit nach ISO 8601 mit UTC-Versatz an, "
    "an einem Tag zwischen 1900 und 2200.",
    "invalid_date": "Bitte geben Sie ein Datum zwischen 1900 und 2200 als JJJJ-MM-TT an.",
    "invalid_range": "Dieser Zeitraum ist nicht gültig.",
    "missing_field": "{field} fehlt.",
    "invalid_field": "{field} hat nicht die erwartete Form.",
    "conflicts": "In diesem Zeitraum liegen Termine. Bitte bestätigen Sie, dass sie abgesagt werden.",
    "not_requested": "Dieser Termin ist keine offene Anfrage.",
    "appointment_changed": "Dieser Termin wurde gerade geändert. Bitte laden Sie die Ansicht neu.",
    "not_movable": "Dieser Termin kann nicht mehr verschoben werden.",
    "invalid_kind": "Die Art ist Krankheit (sick), Urlaub (vacation) oder Pause (pause).",
    "invalid_language": "Die Sprache ist de oder en.",
    "unknown_setting": "Diese Einstellung gibt es nicht.",
    "invalid_origin": "Bitte geben Sie jede Website als Adresse mit http:// oder https:// an, "
    "ohne Pfad, z. B. https://praxis-example.at.",
    "unknown_field": "Dieses Feld kann hier nicht geändert werden.",
    "passwords_differ": "Die beiden Passwörter stimmen nicht überein.",
    "wrong_password": "Das bisherige Passwort stimmt nicht.",
    "already_cancelled": "Dieser Termin ist bereits abgesagt.",
    "appointment_past": "Dieser Termin hat bereits begonnen.",
    "cancel_too_late": "Für eine Online-Absage ist es zu spät. Bitte rufen Sie das Unternehmen an.",
    "invalid_birth_date": "Bitte geben Sie das Geburtsdatum als JJJJ-MM-TT (in einer CSV-Datei auch "
    "TT.MM.JJJJ) an; es liegt in der Vergangenheit.",
    "invalid_group_name": "Ein Gruppenname hat 1 bis 60 Zeichen und kein Komma.",
    "group_exists": "Eine Gruppe mit diesem Namen gibt es bereits.",
    "customer_has_upcoming": "Dieser Kunde hat noch anstehende Termine. Bitte sagen Sie diese zuerst ab "
    "und löschen Sie den Kunden dann.",
    "not_proposed": "Dieses Feld gehört nicht zu den vorgeschlagenen Änderungen.",
    "duplicate_email": "Einen Kunden mit dieser E-Mail-Adresse gibt es bereits.",
    "csv_too_large": "Die Datei ist größer als 5 MB. Bitte teilen Sie sie auf.",
    "csv_too_many_rows": "Die Datei hat mehr als 20.000 Zeilen. Bitte teilen Sie sie auf.",
    "csv_encoding": "Die Datei ist nicht UTF-8-kodiert. Bitte speichern Sie sie in Excel als "
    "„CSV UTF-8 (durch Trennzeichen getrennt)“ und laden Sie sie erneut hoch.",
    "csv_columns": "Keine Spalte enthält einen Namen. Die erste Zeile benennt die Spalten: Vorname, "
    "Nachname, E-Mail, Telefon, Straße, PLZ, Ort, Geburtsdatum, Gruppen, Notiz.",
    "csv_format": "Die Datei lässt sich nicht als CSV lesen. Bitte prüfen Sie die Anführungszeichen.",
    "busy": "Gerade ändert jemand anderes diesen Eintrag. Bitte versuchen Sie es gleich noch einmal.",
    "unavailable": "Der Dienst ist kurz nicht erreichbar. Bitte versuchen Sie es gleich noch einmal.",
    "invalid_line": "{field} ist eine Zeile ohne Zeilenumbrüche und Steuerzeichen.",
    "invalid_subject": "Der Betreff ist eine Zeile mit 1 bis 200 Zeichen.",
    "invalid_body": "Der Text hat 1 bis 20.000 Zeichen.",
    "no_recipients": "In diesen Gruppen hat niemand eine E-Mail-Adresse, der Nachrichten erhalten möchte.",
}


def language(request: Request) -> str:
    """'en' when the request prefers English, else 'de'."""
    header = request.headers.get("accept-language", "")
    first = header.split(",")[0].strip().lower()
    return "en" if first.startswith("en") else "de"


def message(error: ActionError, lang: str) -> str:
    if lang == "en":
        return error.message
    if isinstance(error, NotFound):
        thing = THINGS.get(error.what)
        return f"{thing} wurde nicht gefunden." if thing else error.message
    template = GERMAN.get(error.code)
    if template is None:
        return error.message
    field = str(error.extra.get("field", ""))
    return template.format(field=FIELDS.get(field, field or "Ein Feld"))
