// The booking page's live connection to the business's public room: free times that someone else
// takes or gives back, and changes to the business's hours, settings, services or closures.
// After a lost connection the page loads both again, since events sent meanwhile are gone.

import { connectLive } from "../kit/live.js";
import { refreshOffer } from "./choices.js";
import { slug, state } from "./state.js";
import { refreshSlots } from "./times.js";

/**
 * What a booking page hears of a change to the free times: never who, only when and what.
 * @typedef {{location_id?: string, staff_id?: string, start?: string, end?: string, state?: "held" | "booked" | "free"}} SlotChange
 */

export function startLive() {
  connectLive({
    auth: { slug },
    events: {
      /** @param {SlotChange | null} change */
      "slots.changed": (change) => {
        // The customer's own hold makes its slot disappear for everyone else; leave them in peace.
        if (state.hold && change && change.start === state.hold.start && change.state === "held") return;
        refreshSlots();
      },
      "availability.changed": () => {
        refreshSlots({ changed: true });
        refreshOffer();
      },
    },
    onBack: () => {
      refreshSlots();
      refreshOffer();
    },
  });
}
