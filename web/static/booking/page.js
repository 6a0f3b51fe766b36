// The customer's booking page: location → service → day and time → log-in or registration →
// security code → confirmation. Free times follow the server live; a time someone else takes
// fades out with a note; when the business changes its hours, settings, services or closures the
// page follows at once (`availability.changed`). Works in a third-party iframe: the customer's token lives in
// sessionStorage and goes out as a Bearer header, never as a cookie.
//
// This entry wires the steps' modules together and says the page's frame (its title and the
// progress's label) anew when the language changes in place.

import { customerToken } from "../kit/customer-session.js";
import { t } from "../kit/i18n.js";
import { chooseTime, goOn, renderAccount } from "./account.js";
import { renderLocation, renderService } from "./choices.js";
import { renderDone } from "./done.js";
import { reportHeightWhenEmbedded } from "./embed.js";
import { renderCode, restoreHold } from "./hold.js";
import { followAccountLanguage, onLanguageChange, startLanguageSwitch } from "./language.js";
import { startLive } from "./live.js";
import { logOut, renderMine, showMine } from "./mine.js";
import { renderPerson } from "./persons.js";
import { renderSeries, whenSeriesChosen } from "./series.js";
import { business, locations, useZone } from "./state.js";
import { defineAccountActions, defineSteps, go, render, renderProgress } from "./steps.js";
import { renderTime, whenChosen } from "./times.js";

defineSteps({
  location: renderLocation,
  service: renderService,
  person: renderPerson,
  time: renderTime,
  series: renderSeries,
  account: renderAccount,
  code: renderCode,
  done: renderDone,
  mine: renderMine,
});
defineAccountActions({ mine: showMine, logOut });
whenChosen(chooseTime);
whenSeriesChosen(goOn);

onLanguageChange(() => {
  useZone(); // the dates and times in the new language
  document.title = t("Termin buchen") + " – " + business.name;
  document.querySelector(".progress")?.setAttribute("aria-label", t("Fortschritt"));
  renderProgress();
  render();
});

// The account page's "Verschieben" leads here with `?mine=1`: the customer's appointments first.
const wantsMine = new URLSearchParams(window.location.search).has("mine") && customerToken();
if (!restoreHold()) {
  if (wantsMine) showMine();
  else go(locations.length > 1 ? "location" : "service", { focus: false });
}
startLive();
startLanguageSwitch();
followAccountLanguage();
reportHeightWhenEmbedded();
