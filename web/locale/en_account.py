"""English for the business's account pages: log-in and sign-up."""

EN = {
    "Anmelden": "Log in",
    "Konto": "Account",
    "Registrieren": "Sign up",
    "Willkommen zurück. Melden Sie sich an, um Ihren Kalender zu öffnen.": (
        "Welcome back. Log in to open your calendar."
    ),
    "E-Mail-Adresse": "Email address",
    "Passwort": "Password",
    "Noch kein Konto?": "No account yet?",
    "Betrieb registrieren": "Register your business",
    "Betrieb anlegen": "Set up your business",
    "In einer Minute zum eigenen Kalender und Buchungslink.": (
        "Your own calendar and booking link in a minute."
    ),
    "Name des Betriebs": "Business name",
    "z. B. Physiotherapie Huber": "e.g. Huber Physiotherapy",
    "Buchungslink": "Booking link",
    "Kleinbuchstaben, Ziffern und Bindestriche. Der Link lässt sich später nicht selbst ändern.": (
        "Lowercase letters, digits and hyphens. You can't change the link yourself later."
    ),
    "Zeitzone": "Time zone",
    "Konto anlegen": "Create account",
    "Schon registriert?": "Already registered?",
}
