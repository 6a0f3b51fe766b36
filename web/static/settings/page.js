// The business's settings on one page: booking rules, the calendar week, opening hours per
// location, services, each staff calendar's bookable hours, and the embed code. Every control saves
// on its own (a quiet "Gespeichert" / "Saved" toast) or shows the server's message next to it.

import { startBookingRules } from "./booking-rules.js";
import { startCompany } from "./company.js";
import { startEmbed } from "./embed.js";
import { startFeeds } from "./feeds.js";
import { startHolidays } from "./holidays.js";
import { startNotifications } from "./notifications.js";
import { renderPlaces, startPlaces } from "./locations.js";
import { renderLocations } from "./opening-hours.js";
import { startSectionNav } from "./section-nav.js";
import { startServiceDialog } from "./service-dialog.js";
import { renderServices, startServices } from "./services.js";
import { startPeople } from "./people.js";
import { may } from "./state.js";
import { renderTeam, startTeam } from "./team.js";
import "../tour/start.js";

// The page has only the sections the person may use (settings.html leaves out the others).
if (may("settings")) {
  startBookingRules();
  startCompany();
  startServiceDialog();
  startServices();
  startEmbed();
  startHolidays();
  startPlaces();
  renderLocations();
  renderPlaces();
  renderServices();
}
if (document.getElementById("team-list")) {
  startTeam();
  renderTeam();
}
if (may("team")) startPeople();
startFeeds();
startNotifications();
startSectionNav();
