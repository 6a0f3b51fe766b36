"""English for the booking page's frame (its steps speak from book.js)."""

EN = {
    "Termin buchen": "Book an appointment",
    "Fortschritt": "Progress",
    "Für die Online-Buchung wird JavaScript benötigt. Bitte aktivieren Sie es oder rufen Sie uns an.": (
        "Online booking needs JavaScript. Please turn it on, or give us a call."
    ),
}
