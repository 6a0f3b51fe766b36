// The tour of each staff page: the real controls it points at, in the order a new person meets
// them. A step marked `optional` belongs to a control that not everyone sees (it needs a right, or
// shows only while there is something to show); the others are on the page for everyone.

import { t } from "../kit/i18n.js";

/**
 * @typedef {object} Stop
 * @property {string} element  A CSS selector of the control.
 * @property {string} title
 * @property {string} text
 * @property {boolean} [optional]
 */

/** The last stop of every tour: where it starts again, and the help. */
function again() {
  return {
    element: "#tour-button",
    title: t("Hilfe und Tour"),
    text: t("Hier starten Sie diese Tour jederzeit neu. Antworten auf häufige Fragen finden Sie in der <a href=\"/help\">Hilfe</a>."),
  };
}

/** @type {Record<string, () => Stop[]>} */
export const TOURS = {
  calendar: () => [
    { element: "#create-button", title: t("Neuer Eintrag"), text: t("Trägt einen Termin, eine Krankheit, einen Urlaub oder eine Pause ein. Schneller geht es mit einem Klick auf eine freie Zeit im Kalender.") },
    { element: "#today-button", title: t("Heute"), text: t("Springt zurück zum heutigen Tag; die Pfeile daneben blättern tage- oder wochenweise.") },
    { element: "#view-switch", title: t("Ansicht"), text: t("Tag, Woche, Monat oder eine Liste der Termine.") },
    { element: "#calendar", title: t("Der Kalender"), text: t("Eine Spalte je Kalender. Termine lassen sich mit der Maus verschieben; ein Klick öffnet sie. Online-Buchungen erscheinen sofort, ohne neu zu laden.") },
    { element: "#requests-anchor", title: t("Terminanfragen"), text: t("Online-Anfragen, die auf Ihre Zusage warten."), optional: true },
    { element: "#booking-link-button", title: t("Buchungslink"), text: t("Ihr Link zur Online-Buchung zum Kopieren, der Code für Ihre Website, QR-Code und Karten zum Ausdrucken.") },
    { element: "#setup-link", title: t("Einrichtung"), text: t("Die Schritte, bis Kunden online buchen können, und was noch offen ist."), optional: true },
    { element: "#customers-link", title: t("Kunden"), text: t("Die Kundendatenbank: Suche, Gruppen, Notizen und Termine je Kunde."), optional: true },
    { element: "#settings-link", title: t("Einstellungen"), text: t("Leistungen, Öffnungszeiten, Kalender, Buchungsart und mehr.") },
    again(),
  ],
  customers: () => [
    { element: "#customer-search", title: t("Suchen"), text: t("Findet Kunden nach Name, E-Mail oder Telefon, schon während Sie tippen.") },
    { element: "#group-filter", title: t("Gruppen"), text: t("Zeigt nur die Kunden bestimmter Gruppen."), optional: true },
    { element: "#new-customer", title: t("Neuer Kunde"), text: t("Legt einen Kunden von Hand an. Wer online bucht, kommt von selbst hinzu.") },
    { element: "#import-button", title: t("Importieren"), text: t("Übernimmt Ihre bisherige Kundenliste aus einer CSV-Datei, z. B. aus Excel.") },
    { element: "#export-button", title: t("Exportieren"), text: t("Alle Kunden als CSV-Datei."), optional: true },
    { element: "#customer-tabs", title: t("Vorschläge und Newsletter"), text: t("Änderungen, die Kunden an ihren Daten vorschlagen, und Newsletter an Kunden, die zugestimmt haben.") },
    again(),
  ],
  customer: () => [
    { element: "#customer-name", title: t("Der Kunde"), text: t("Name und Kontaktdaten; hier sehen Sie alles, was zu diesem Kunden gehört.") },
    { element: "#edit-customer", title: t("Bearbeiten"), text: t("Ändert Name, Kontaktdaten und Gruppen.") },
    { element: "#customer-facts", title: t("Daten"), text: t("Kontaktdaten, Gruppen und ob der Kunde ein Online-Konto hat.") },
    { element: "#note-edit", title: t("Notiz"), text: t("Eine allgemeine Notiz, nur für Ihr Team sichtbar.") },
    { element: "#tab-upcoming", title: t("Termine"), text: t("Kommende und vergangene Termine mit ihren Notizen.") },
    { element: "#delete-customer", title: t("Löschen"), text: t("Löscht den Kunden und seine Daten, wenn er es verlangt."), optional: true },
    again(),
  ],
  settings: () => [
    { element: ".settings-nav", title: t("Bereiche"), text: t("Alle Bereiche der Einstellungen; ein Klick springt hin.") },
    { element: "#unternehmen", title: t("Unternehmen"), text: t("Adresse, Telefon, E-Mail und Logo für die Buchungsseite und die E-Mails."), optional: true },
    { element: "#buchung", title: t("Buchung"), text: t("Direktbuchung oder Terminanfrage, Vorlauf, wie weit im Voraus und bis wann Kunden absagen können."), optional: true },
    { element: "#oeffnungszeiten", title: t("Öffnungszeiten"), text: t("Online gebucht wird nur innerhalb dieser Zeiten."), optional: true },
    { element: "#leistungen", title: t("Leistungen"), text: t("Was Kunden buchen können, mit Dauer, Farbe und welchen Kalendern."), optional: true },
    { element: "#team", title: t("Zeiten der Kalender"), text: t("Wann jeder Kalender buchbar ist, je Standort."), optional: true },
    { element: "#einbinden", title: t("Einbinden"), text: t("Der Code für Ihre Website und die Websites, die die Buchung zeigen dürfen."), optional: true },
    { element: "#passwort", title: t("Ihr Konto"), text: t("Passwort, angemeldete Geräte und Zwei-Faktor-Anmeldung.") },
    again(),
  ],
  setup: () => [
    { element: ".setup-steps", title: t("Einrichtung"), text: t("Jeder Schritt zeigt, ob er erledigt ist; die Schritte mit Stern braucht die Online-Buchung.") },
    { element: ".starter-sets", title: t("Startpakete"), text: t("Legt die üblichen Leistungen Ihrer Branche an; danach passen Sie sie in den Einstellungen an.") },
    { element: "#setup-downloads", title: t("QR-Code und Karten"), text: t("Ihr Buchungslink als QR-Code, als Karte für die Theke und als Plakat.") },
    again(),
  ],
};

/**
 * Which tour this page has, from its body's classes (a customer's record is a customers page with
 * the record in it); null on a page without one.
 * @param {Document} doc
 * @returns {string | null}
 */
export function pageOf(doc) {
  const has = (/** @type {string} */ name) => doc.body.classList.contains(name);
  if (has("calendar-page")) return "calendar";
  if (has("setup-page")) return "setup";
  if (has("customers-page")) return doc.getElementById("customer-main") ? "customer" : "customers";
  if (has("settings-page")) return "settings";
  return null;
}
