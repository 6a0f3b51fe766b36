"""English for what every page shares: the frame, the language switch, the error page."""

EN = {
    "Sprache": "Language",
    "(optional)": "(optional)",
    "Fehler": "Error",
    "Fehler {status}": "Error {status}",
    "Zur Startseite": "Go to the home page",
    "Seite nicht gefunden": "Page not found",
    "Kein Zugriff": "Access denied",
    "Bitte anmelden": "Please log in",
    "Unter dieser Adresse gibt es nichts.": "There is nothing at this address.",
    "Auf unserer Seite ist etwas schiefgegangen. Es wurde nichts geändert; "
    "bitte versuchen Sie es noch einmal.": "Something went wrong on our side. Nothing was changed; "
    "please try again.",
}
