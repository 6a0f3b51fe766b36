// Following the set-up without a reload: when the settings change (hours, step, weekend, services,
// calendars, locations), on this device or another, the calendar fetches the set-up again and
// takes it over; the date, the view and the scroll stay, and the events are fetched anew.

import { staffApi } from "../kit/api.js";
import { debounce } from "../kit/dom.js";
import { forgetDrawn } from "./drawing.js";
import { calendar, followSetup } from "./grid.js";
import { replaceSetup } from "./setup.js";
import { renderLocationFilter } from "./topbar.js";

const SETUP_DELAY_MS = 200; // settings.changed often comes in bursts (a form saves field by field)

/**
 * @param {{refillForm: () => void}} options  `refillForm()`: the new-entry dialog's lists follow.
 * @returns {{reload: () => Promise<void>, follow: (() => void) & {cancel: () => void}}}  `reload()`
 *   at once; `follow()` for `settings.changed`, once a burst of them is over.
 */
export function setupFollower({ refillForm }) {
  let run = 0; // the newest reload; an older answer that arrives late is dropped

  async function reload() {
    const mine = ++run;
    try {
      const [me, staffAnswer, serviceAnswer, locationAnswer] = await Promise.all([
        staffApi("GET", "/api/v1/me"),
        staffApi("GET", "/api/v1/staff"),
        staffApi("GET", "/api/v1/services"),
        staffApi("GET", "/api/v1/locations"),
      ]);
      if (mine !== run) return; // a newer reload is under way and will refetch the events
      forgetDrawn(); // names and colours of services and calendars may have changed
      replaceSetup({
        business: me.business || {},
        staff: staffAnswer.staff || [],
        services: serviceAnswer.services || [],
        locations: locationAnswer.locations || [],
      });
      renderLocationFilter();
      followSetup();
      refillForm();
    } catch (err) {
      if (mine !== run) return;
      // The page keeps what it has; the refetch below shows a notice when the server is away.
      console.warn("The calendar's set-up could not be loaded again:", err);
    }
    calendar().refetchEvents();
  }

  return { reload, follow: debounce(reload, SETUP_DELAY_MS) };
}
