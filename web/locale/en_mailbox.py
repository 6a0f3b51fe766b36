"""English for the dev mailbox."""

EN = {
    "Postfach (Entwicklung)": "Mailbox (development)",
    "1 Nachricht": "1 message",
    "{n} Nachrichten": "{n} messages",
    "alle 3 s aktualisieren": "refresh every 3 s",
    "Diese Seite gibt es nur, weil kein {setting} gesetzt ist: Statt E-Mails zu versenden, legt der "
    "Server sie hier ab. Mit einem konfigurierten SMTP-Server verschwindet sie.": (
        "This page exists only because no {setting} is set: instead of sending emails, the server "
        "keeps them here. It disappears once an SMTP server is configured."
    ),
    "An:": "To:",
    "zugestellt": "delivered",
    "wartet": "waiting",
    "fehlgeschlagen": "failed",
    "Noch keine E-Mails. Neue Nachrichten erscheinen hier automatisch.": (
        "No emails yet. New messages appear here automatically."
    ),
}
