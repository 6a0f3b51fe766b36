"""English for the page that unsubscribes a customer from a business's newsletters."""

EN = {
    "Vom Newsletter abmelden": "Unsubscribe from the newsletter",
    "Möchten Sie keine Nachrichten mehr von {business} erhalten? "
    "Ein Klick genügt; Ihre Termine bleiben davon unberührt.": (
        "Would you like to receive no more messages from {business}? "
        "One click is enough; your appointments stay as they are."
    ),
    "Keine Newsletter mehr erhalten": "Receive no more newsletters",
    "Sie sind abgemeldet": "You are unsubscribed",
    "{business} schickt Ihnen keine Newsletter mehr. Nachrichten zu Ihren Terminen erhalten Sie weiterhin.": (
        "{business} will send you no more newsletters. You will still get messages about your appointments."
    ),
}
