"""English for the home page."""

EN = {
    "Online-Terminkalender für Praxen und Salons": "Online appointment calendar for practices and salons",
    "Kostenlos starten": "Start for free",
    "Demo-Buchung ansehen": "See a demo booking",
    "Ein Kalender für Empfang, Team und Online‑Buchung.": (
        "One calendar for the front desk, the team and online booking."
    ),
    "Für Physiotherapie- und Therapiepraxen, Salons und Studios: Der Empfang trägt Anrufe ein, "
    "Ihre Kundinnen und Kunden buchen freie Zeiten online – und alle sehen jede Änderung in "
    "derselben Sekunde. Doppelbuchungen gibt es nicht.": (
        "For physiotherapy and therapy practices, salons and studios: the front desk books phone "
        "calls, your clients book free times online – and everyone sees every change within the "
        "same second. No double bookings, ever."
    ),
    "Eigener Buchungslink, auch zum Einbinden in Ihre Website.": (
        "Your own booking link, which you can also embed in your website."
    ),
    "Mo., heute": "Mon, today",
    "Tag · Woche": "Day · Week",
    "gehalten": "held",
    "bis {time}": "until {time}",
    "Physiotherapie": "Physiotherapy",
    "Massage": "Massage",
    "Lymphdrainage": "Lymphatic drainage",
    "Erstbefund": "Initial assessment",
    "Was Termine kann": "What Termine does",
    "Der Kalender für den Empfang": "The calendar for your front desk",
    "Tag und Woche, eine Spalte pro Kalender, Farben nach Leistung. Ein Klick auf eine freie Zeit, "
    "Name tippen, fertig.": (
        "Day and week, a column per calendar, colours by service. Click a free time, type a name, done."
    ),
    "Online buchen, live": "Online booking, live",
    "Freie Zeiten erscheinen und verschwinden sofort. Ein Sicherheitscode per E-Mail macht die "
    "Buchung verbindlich.": (
        "Free times appear and disappear instantly. A security code sent by email confirms the booking."
    ),
    "Nie doppelt gebucht": "Never double-booked",
    "Ob Empfang, Website oder Handy: Jede Zeit kann nur einmal vergeben werden – garantiert.": (
        "Front desk, website or phone: every time can be booked only once – guaranteed."
    ),
    "Terminkalender für kleine Betriebe": "Appointment calendar for small businesses",
}
