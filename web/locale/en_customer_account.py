"""English for the customer's account page (its forms speak from account.js)."""

EN = {
    "Ihr Kundenkonto": "Your customer account",
    "Ein Konto für alle Betriebe, bei denen Sie online buchen.": (
        "One account for every business you book with online."
    ),
    "Zurück zur Buchung bei {business}": "Back to booking with {business}",
    "Für Ihr Kundenkonto wird JavaScript benötigt. Bitte aktivieren Sie es.": (
        "Your customer account needs JavaScript. Please turn it on."
    ),
}
