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
}
