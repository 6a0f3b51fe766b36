// The record's "Verlauf": who created and changed it, and when, oldest first. It is loaded with
// the record, so a change made here or elsewhere shows at once.

import { staffApi } from "../kit/api.js";
import { byId } from "../kit/dom.js";
import { historyList } from "../kit/history-lines.js";
import * as T from "../kit/time.js";

/** @typedef {import("../kit/history-lines.js").HistoryEntry} HistoryEntry */

export class RecordLog {
  /**
   * @param {string} customerId
   * @param {string} timezone  The business's.
   */
  constructor(customerId, timezone) {
    this.url = `/api/v1/customers/${encodeURIComponent(customerId)}/history`;
    this.fmt = T.formatters(timezone);
    this.section = byId("record-log");
    this.lines = byId("record-log-lines");
    this.asked = 0;
  }

  /** Loads the lines anew; a load overtaken by a later one shows nothing. */
  async load() {
    const number = ++this.asked;
    try {
      /** @type {{entries: HistoryEntry[]}} */
      const answer = await staffApi("GET", this.url);
      if (number !== this.asked) return;
      this.lines.replaceChildren(historyList(answer.entries, this.fmt));
      this.section.hidden = answer.entries.length === 0;
    } catch {
      // An erased record says so elsewhere on the page; without its lines the record still reads.
      if (number === this.asked) this.section.hidden = true;
    }
  }
}
