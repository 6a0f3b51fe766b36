"""Error messages in the reader's language: German first, English when the request asks for it.

Use-cases raise errors with a stable code and an English message for developers (the error's
`detail`); a person reads the wording of its code (and field, where the field changes the
sentence) from the catalogs of `i18n/`, in German or in any language that has a catalog.
"""

from __future__ import annotations

from starlette.requests import Request

from actions.errors import ActionError, NotFound
from i18n import N_, translate

FIELDS = {
    "email": N_("E-Mail-Adresse"),
    "password": N_("Passwort"),
    "first_name": N_("Vorname"),
    "last_name": N_("Nachname"),
    "phone": N_("Telefonnummer"),
    "business_name": N_("Name des Unternehmens"),
    "slug": N_("Buchungslink"),
    "timezone": N_("Zeitzone"),
    "start": N_("Beginn"),
    "end": N_("Ende"),
    "from": N_("Von"),
    "to": N_("Bis"),
    "note": N_("Notiz"),
    "name": N_("Name"),
    "code": N_("Sicherheitscode"),
    "staff_id": N_("Kalender"),
    "staff_ids": N_("Kalender"),
    "color": N_("Farbe"),
    "address": N_("Adresse"),
    "location_id": N_("Standort"),
    "service_id": N_("Leistung"),
    "customer_id": N_("Kunde"),
    "duration_minutes": N_("Dauer"),
    "kind": N_("Art"),
    "confirm": N_("Bestätigung"),
    "message": N_("Nachricht"),
    "password_repeat": N_("Passwort-Wiederholung"),
    "language": N_("Sprache"),
    "current_password": N_("Bisheriges Passwort"),
    "new_password": N_("Neues Passwort"),
    "token": N_("Link"),
    "street": N_("Straße"),
    "postal_code": N_("PLZ"),
    "city": N_("Ort"),
    "birth_date": N_("Geburtsdatum"),
    "groups": N_("Gruppen"),
    "group_ids": N_("Gruppen"),
    "newsletter": N_("Newsletter"),
    "take": N_("Übernehmen"),
    "subject": N_("Betreff"),
    "body": N_("Text"),
    "page": N_("Seite"),
    "per_page": N_("Einträge pro Seite"),
    "past_limit": N_("Anzahl vergangener Termine"),
    "past_before": N_("Weitere vergangene Termine"),
    "dry_run": N_("Vorschau"),
    "website": N_("Website"),
    "imprint_url": N_("Impressum"),
    "preset": N_("Vorlage"),
    "rights": N_("Rechte"),
    "calendar": N_("Kalender"),
    "privacy_url": N_("Datenschutzerklärung"),
    "privacy_text": N_("Datenschutzerklärung (Text)"),
}

THINGS = {
    "The business": N_("Das Unternehmen"),
    "The service": N_("Die Leistung"),
    "The location": N_("Der Standort"),
    "The calendar": N_("Der Kalender"),
    "The feed": N_("Das Kalender-Abo"),
    "A calendar in staff_ids": N_("Ein Kalender in staff_ids"),
    "The customer": N_("Der Kunde"),
    "The appointment": N_("Der Termin"),
    "The hold": N_("Die Reservierung"),
    "The closure": N_("Die Abwesenheit"),
    "The account": N_("Das Kundenkonto"),
    "The verification link": N_("Der Bestätigungslink"),
    "The dev mailbox": N_("Das Entwicklungs-Postfach"),
    "The reset link": N_("Der Link zum Zurücksetzen des Passworts"),
    "The session": N_("Die Anmeldung"),
    "The person": N_("Die Person"),
    "The invitation": N_("Die Einladung"),
    "The logo": N_("Das Logo"),
    "The cancellation link": N_("Der Absage-Link"),
    "The group": N_("Die Gruppe"),
    "The proposal": N_("Der Änderungsvorschlag"),
    "The unsubscribe link": N_("Der Abmelde-Link"),
    "The invoice": N_("Die Rechnung"),
    "The holiday": N_("Der Feiertag"),
    "The confirmation link": N_("Der Bestätigungslink"),
}

MESSAGES = {
    "bad_credentials": N_("E-Mail-Adresse oder Passwort ist falsch."),
    "unauthorised": N_("Bitte melden Sie sich an."),
    "email_unverified": N_("Bitte öffnen Sie zuerst den Link in der E-Mail, die wir Ihnen geschickt haben."),
    "csrf_failed": N_(
        "Das Formular ist abgelaufen. Bitte laden Sie die Seite neu und versuchen Sie es noch einmal."
    ),
    "too_many_requests": N_(
        "Zu viele Versuche. Bitte warten Sie etwas und versuchen Sie es dann noch einmal."
    ),
    "slot_taken": N_("Diese Zeit ist bereits vergeben. Bitte wählen Sie eine andere."),
    "not_bookable": N_("Diese Zeit kann nicht online gebucht werden. Bitte wählen Sie eine andere."),
    "in_past": N_("Diese Zeit liegt in der Vergangenheit."),
    "hold_released": N_("Die Reservierung ist abgelaufen. Bitte wählen Sie erneut eine Zeit."),
    "wrong_code": N_("Dieser Code stimmt nicht."),
    "invalid_code": N_("Der Sicherheitscode hat 6 Ziffern."),
    "already_confirmed": N_("Diese Buchung ist bereits bestätigt; sagen Sie sie bei Bedarf ab."),
    "token_used": N_("Dieser Link wurde bereits verwendet."),
    "token_expired": N_("Dieser Link ist abgelaufen. Bitte fordern Sie einen neuen an."),
    "slug_taken": N_("Dieser Buchungslink ist bereits vergeben."),
    "invalid_slug": N_("Der Buchungslink darf a–z, 0–9 und Bindestriche enthalten, 3 bis 64 Zeichen."),
    "invalid_email": N_("Bitte geben Sie eine gültige E-Mail-Adresse an."),
    "weak_password": N_("Das Passwort braucht mindestens 8 Zeichen."),
    "invalid_timezone": N_("Diese Zeitzone gibt es nicht."),
    "invalid_name": N_("Bitte geben Sie einen Namen an."),
    "invalid_phone": N_("Die Telefonnummer ist zu lang."),
    "invalid_customer": N_(
        "Bitte geben Sie Vor- und Nachname des Kunden an oder wählen Sie einen bestehenden Kunden."
    ),
    "invalid_duration": N_("Eine Leistung dauert 5 Minuten bis 24 Stunden."),
    "invalid_buffer": N_("Eine Pufferzeit dauert 0 bis 240 Minuten."),
    "invalid_color": N_("Eine Farbe wird als #rrggbb angegeben."),
    "invalid_hours": N_(
        "Die Zeiten sind nicht gültig: Jeder Bereich muss enden, nachdem er beginnt, "
        "und Bereiche eines Tages dürfen sich nicht überschneiden."
    ),
    "invalid_setting": N_("Dieser Wert ist für diese Einstellung nicht erlaubt."),
    "invalid_json": N_("Die Anfrage ist kein gültiges JSON-Objekt."),
    "too_large": N_("Die Anfrage ist zu groß."),
    "invalid_text": N_(
        "Der Text enthält ein unzulässiges Zeichen: ein Steuerzeichen (NUL) oder kein gültiges Unicode."
    ),
    "invalid_time": N_(
        "Bitte geben Sie eine Zeit nach ISO 8601 mit UTC-Versatz an, an einem Tag zwischen 1900 und 2200."
    ),
    "invalid_date": N_("Bitte geben Sie ein Datum zwischen 1900 und 2200 als JJJJ-MM-TT an."),
    "invalid_range": N_("Dieser Zeitraum ist nicht gültig."),
    "missing_field": N_("{field} fehlt."),
    "invalid_field": N_("{field} hat nicht die erwartete Form."),
    "conflicts": N_("In diesem Zeitraum liegen Termine. Bitte bestätigen Sie, dass sie abgesagt werden."),
    "not_requested": N_("Dieser Termin ist keine offene Anfrage."),
    "appointment_changed": N_("Dieser Termin wurde gerade geändert. Bitte laden Sie die Ansicht neu."),
    "not_movable": N_("Dieser Termin kann nicht mehr verschoben werden."),
    "service_not_offered": N_(
        "Dieser Kalender bietet diese Leistung nicht an. Wählen Sie einen anderen Kalender "
        "oder ordnen Sie ihm die Leistung in den Einstellungen zu."
    ),
    "has_appointments": N_("Hier liegen noch Termine. Verschieben oder sagen Sie sie zuerst ab."),
    "last_location": N_("Mindestens ein Standort muss in Betrieb bleiben."),
    "last_calendar": N_("Mindestens ein Kalender muss in Betrieb bleiben."),
    "invalid_order": N_("Bitte nennen Sie jeden Kalender in Betrieb genau einmal."),
    "invalid_kind": N_("Die Art ist Krankheit (sick), Urlaub (vacation) oder Pause (pause)."),
    "invalid_language": N_("Die Sprache ist de oder en."),
    "unknown_setting": N_("Diese Einstellung gibt es nicht."),
    "invalid_origin": N_(
        "Bitte geben Sie jede Website als Adresse mit http:// oder https:// an, "
        "ohne Pfad, z. B. https://praxis-example.at."
    ),
    "unknown_field": N_("Dieses Feld kann hier nicht geändert werden."),
    "invalid_url": N_("{field}: Bitte geben Sie eine Webadresse mit https:// oder http:// an."),
    "passwords_differ": N_("Die beiden Passwörter stimmen nicht überein."),
    "login_expired": N_("Die Anmeldung hat zu lange gedauert. Bitte geben Sie Ihr Passwort noch einmal ein."),
    "two_factor_on": N_("Die Anmeldung mit Code ist schon eingeschaltet."),
    "invalid_secret": N_("Bitte beginnen Sie die Einrichtung noch einmal."),
    "already_in_team": N_("Jemand mit dieser E-Mail-Adresse gehört schon zum Team."),
    "not_invited": N_("Diese Person ist schon dem Team beigetreten; deaktivieren Sie sie stattdessen."),
    "not_joined": N_("Diese Person ist noch nicht beigetreten; ziehen Sie die Einladung stattdessen zurück."),
    "own_account": N_("Ihre eigenen Rechte und Ihren Zugang ändert jemand anderes, der das Team verwaltet."),
    "owner_fixed": N_("Der Inhaber hat immer alle Rechte und kann nicht deaktiviert werden."),
    "calendar_taken": N_("Mit diesem Kalender arbeitet schon jemand anderes."),
    "invalid_feed": N_("Ein Kalender-Abo zeigt einen Kalender oder Ihre eigenen Termine."),
    "invalid_right": N_("Die Lizenzen kann nur der Inhaber ändern; dieses Recht lässt sich nicht vergeben."),
    "wrong_password": N_("Das bisherige Passwort stimmt nicht."),
    "already_cancelled": N_("Dieser Termin ist bereits abgesagt."),
    "appointment_past": N_("Dieser Termin hat bereits begonnen."),
    "cancel_too_late": N_("Für eine Online-Absage ist es zu spät. Bitte rufen Sie das Unternehmen an."),
    "invalid_birth_date": N_(
        "Bitte geben Sie das Geburtsdatum als JJJJ-MM-TT (in einer CSV-Datei auch "
        "TT.MM.JJJJ) an; es liegt in der Vergangenheit."
    ),
    "invalid_group_name": N_("Ein Gruppenname hat 1 bis 60 Zeichen und kein Komma."),
    "group_exists": N_("Eine Gruppe mit diesem Namen gibt es bereits."),
    "customer_has_upcoming": N_(
        "Dieser Kunde hat noch anstehende Termine. Bitte sagen Sie diese zuerst ab "
        "und löschen Sie den Kunden dann."
    ),
    "not_proposed": N_("Dieses Feld gehört nicht zu den vorgeschlagenen Änderungen."),
    "duplicate_email": N_("Einen Kunden mit dieser E-Mail-Adresse gibt es bereits."),
    "csv_too_large": N_("Die Datei ist größer als 5 MB. Bitte teilen Sie sie auf."),
    "csv_too_many_rows": N_("Die Datei hat mehr als 20.000 Zeilen. Bitte teilen Sie sie auf."),
    "csv_encoding": N_(
        "Die Datei ist nicht UTF-8-kodiert. Bitte speichern Sie sie in Excel als "
        "„CSV UTF-8 (durch Trennzeichen getrennt)“ und laden Sie sie erneut hoch."
    ),
    "csv_columns": N_(
        "Keine Spalte enthält einen Namen. Die erste Zeile benennt die Spalten: Vorname, "
        "Nachname, E-Mail, Telefon, Straße, PLZ, Ort, Geburtsdatum, Gruppen, Notiz."
    ),
    "csv_format": N_("Die Datei lässt sich nicht als CSV lesen. Bitte prüfen Sie die Anführungszeichen."),
    "busy": N_("Gerade ändert jemand anderes diesen Eintrag. Bitte versuchen Sie es gleich noch einmal."),
    "unavailable": N_("Der Dienst ist kurz nicht erreichbar. Bitte versuchen Sie es gleich noch einmal."),
    "invalid_line": N_("{field} ist eine Zeile ohne Zeilenumbrüche und Steuerzeichen."),
    "invalid_subject": N_("Der Betreff ist eine Zeile mit 1 bis 200 Zeichen."),
    "invalid_body": N_("Der Text hat 1 bis 20.000 Zeichen."),
    "two_factor_first": N_("Bitte richten Sie die Zwei-Faktor-Anmeldung zuerst für sich selbst ein."),
    "two_factor_due": N_(
        "Ihr Unternehmen verlangt die Zwei-Faktor-Anmeldung. Bitte richten Sie sie zuerst in den "
        "Einstellungen ein."
    ),
    "invalid_image": N_("Ein Logo ist ein PNG-, JPEG- oder WebP-Bild."),
    "invalid_photo": N_("Ein Foto ist ein PNG-, JPEG- oder WebP-Bild."),
    "not_offered": N_("Diese Person bietet diese Leistung nicht an. Bitte wählen Sie eine andere."),
    "staff_required": N_("Bitte wählen Sie, bei wem Sie buchen möchten."),
    "invalid_price": N_("Ein Preis ist ein Betrag von 0 bis 1.000.000 mit höchstens zwei Nachkommastellen."),
    "not_marked_by_hand": N_("Dieser Schritt ist erledigt, sobald die Daten es zeigen."),
    "needs_book_others": N_("Sie dürfen nur in Ihrem eigenen Kalender buchen, verschieben und absagen."),
    "needs_own_hours": N_("Sie dürfen Ihre buchbaren Zeiten nicht selbst ändern."),
    "needs_others_hours": N_("Sie dürfen die Zeiten der Kalender Ihrer Kollegen nicht ändern."),
    "needs_settings": N_("Sie dürfen die Einstellungen des Unternehmens nicht ändern."),
    "needs_customers": N_("Sie dürfen die Kundendatenbank nicht sehen."),
    "needs_export": N_("Sie dürfen keine Kunden exportieren und keine Newsletter senden."),
    "needs_team": N_("Sie dürfen das Team nicht verwalten."),
    "needs_licences": N_("Nur der Inhaber kann die Lizenzen ändern."),
    "licence_limit:calendars": N_(
        "Ihre Lizenz umfasst {allowed} Kalender in Betrieb. Unter Einstellungen → Lizenz bucht der "
        "Inhaber einen weiteren Kalender dazu (in der Kennenlernversion: Umstieg auf die "
        "Basisversion); oder deaktivieren Sie zuerst einen anderen Kalender."
    ),
    "licence_limit:locations": N_(
        "Ihre Lizenz umfasst {allowed} Standort(e) in Betrieb. Unter Einstellungen → Lizenz bucht der "
        "Inhaber einen weiteren Standort dazu (in der Kennenlernversion: Umstieg auf die "
        "Basisversion); oder deaktivieren Sie zuerst einen anderen Standort."
    ),
    "licence_limit:online_bookings": N_(
        "Dieses Unternehmen kann in diesem Monat keine weiteren Online-Buchungen annehmen. Bitte "
        "wenden Sie sich direkt an das Unternehmen."
    ),
    "licence_limit:trial_ended": N_(
        "Dieses Unternehmen kann derzeit keine Online-Buchungen annehmen. Bitte wenden Sie sich "
        "direkt an das Unternehmen."
    ),
    "licence_limit:downgrade": N_(
        "Das passt nicht in die gewählte Lizenz: Deaktivieren Sie zuerst {calendars_over} Kalender "
        "und {locations_over} Standort(e) (siehe Liste)."
    ),
    "business_locked": N_("Dieses Unternehmen ist derzeit gesperrt. Bitte wenden Sie sich an den Betreiber."),
    "not_trial": N_("Die Basisversion ist bereits gebucht."),
    "needs_base": N_("Zusatzpakete gibt es zur Basisversion. Bitte steigen Sie zuerst um."),
    "no_recipients": N_(
        "In diesen Gruppen hat niemand eine E-Mail-Adresse, der Nachrichten erhalten möchte."
    ),
    "invalid_length": N_("Ein Termin dauert 5 Minuten bis 24 Stunden, in Schritten von 5 Minuten."),
    "buffer_conflict": N_(
        "Die Pufferzeit der Leistung überschneidet sich mit einem anderen Eintrag. "
        "Wählen Sie eine andere Zeit oder buchen Sie trotzdem."
    ),
    "not_attendable": N_("Erschienen oder nicht erschienen lässt sich nur bei gebuchten Terminen vermerken."),
    "not_started": N_("Dieser Termin hat noch nicht begonnen."),
    "has_upcoming": N_(
        "Sie haben noch bevorstehende Termine. Bitte sagen Sie diese zuerst ab, dann löschen Sie Ihr Konto."
    ),
    "business_unverified": N_("Diese Seite ist noch nicht freigeschaltet."),
    "already_verified": N_("Die E-Mail-Adresse ist bereits bestätigt."),
    "invalid_repeat": N_(
        "Diese Wiederholung ergibt keine Serie. Bitte prüfen Sie Wochen, Wochentage und Ende."
    ),
    "invalid_days": N_("Geben Sie die Tage als ganze Zahl von 1 bis 3650 an."),
    "too_many_dates": N_("Eine Serie hat höchstens 52 Termine."),
    "overlapping_starts": N_("Zwei der gewählten Termine überschneiden sich."),
    "not_in_series": N_("Dieser Termin gehört zu keiner Serie."),
    "invalid_series_online": N_("Eine Serie online hat 2 bis 12 Termine; 0 schaltet sie aus."),
    "series_not_offered": N_("Diese Leistung kann online nicht als Serie gebucht werden."),
    "series_too_long": N_(
        "Diese Leistung kann online als Serie mit höchstens {most} Terminen gebucht werden."
    ),
}


def language(request: Request) -> str:
    """'en' when the request prefers English, else 'de'."""
    header = request.headers.get("accept-language", "")
    first = header.split(",")[0].strip().lower()
    return "en" if first.startswith("en") else "de"


def message(error: ActionError, lang: str) -> str:
    """The sentence a person reads for `error`, in `lang`; codes without one keep their detail."""
    if isinstance(error, NotFound):
        thing = THINGS.get(error.what)
        if thing is None:
            return error.message
        return translate(lang, N_("{thing} wurde nicht gefunden."), thing=translate(lang, thing))
    # A code whose wording depends on which limit it names has one per `limit` ("code:limit").
    template = MESSAGES.get(f"{error.code}:{error.extra.get('limit')}") or MESSAGES.get(error.code)
    if template is None:
        return error.message
    field = str(error.extra.get("field", ""))
    named = translate(lang, FIELDS[field]) if field in FIELDS else field or translate(lang, N_("Ein Feld"))
    numbers = {key: value for key, value in error.extra.items() if isinstance(value, int)}
    return translate(lang, template, field=named, **numbers)
