// The opening hours, a week per location: online bookings fall inside them. A calendar without
// hours of its own follows them, so a save re-renders the team's weeks too.

import { staffApi } from "../kit/api.js";
import { byId, h } from "../kit/dom.js";
import { HoursEditor } from "../kit/hours-editor.js";
import { t } from "../kit/i18n.js";
import { activeLocations, setupChanged } from "./state.js";

/** @param {import("./state.js").Location} location */
function locationBlock(location) {
  const editor = new HoursEditor({
    key: `location:${location.id}`,
    label: t("Öffnungszeiten {name}", { name: location.name }),
    hours: location.opening_hours,
    save: (weekly) => staffApi("PATCH", `/api/v1/locations/${encodeURIComponent(location.id)}`, { opening_hours: weekly }),
    onSaved: (weekly) => {
      location.opening_hours = weekly;
      setupChanged(); // the templates of calendars without own hours follow the opening hours
    },
  });
  return h("div", { class: "location-block", dataset: { locationId: String(location.id) } },
    activeLocations().length > 1 || location.address
      ? h("div", { class: "block-head" },
        h("h3", {}, location.name),
        location.address ? h("p", { class: "block-sub" }, location.address) : null)
      : null,
    editor.el);
}

export function renderLocations() {
  const container = byId("location-hours");
  const shown = activeLocations();
  if (!shown.length) {
    container.replaceChildren(h("p", { class: "empty-note" }, t("Es gibt noch keinen Standort.")));
    return;
  }
  container.replaceChildren(...shown.map(locationBlock));
}
