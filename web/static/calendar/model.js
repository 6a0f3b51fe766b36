// What the staff calendar shows of the appointments, kept in step by live events: the rules that
// make a calendar that applied a stream of events equal one loaded afresh. Pure: no page, no
// calendar component; unit-tested in web/tests/.

/**
 * What the rules read of an appointment (the page's appointments carry more).
 * @typedef {{id: string | number, status: string, location_id: string | number}} Shown
 */

/**
 * A live change as it arrived: `at` (ms since the epoch) and the appointment, whole.
 * @template {Shown} [A=Shown]
 * @typedef {{at: number, a: A}} JournalEntry
 */

/**
 * Whether the calendar shows `a`: not cancelled or released, and at the chosen location (if any).
 * @param {Shown} a
 * @param {string} [locationFilter]
 */
export function isShown(a, locationFilter = "") {
  if (a.status === "cancelled" || a.status === "released") return false;
  return !locationFilter || String(a.location_id) === locationFilter;
}

/**
 * Puts the newest version of an appointment into `shown` (id → appointment), or takes it out when
 * the calendar no longer shows it; returns whether it is shown now. Every event carries the whole
 * appointment, so the last one applied is the truth.
 * @template {Shown} A
 * @param {Map<string, A>} shown
 * @param {A} a
 * @param {string} [locationFilter]
 */
export function applyChange(shown, a, locationFilter = "") {
  const id = String(a.id);
  shown.delete(id);
  if (!isShown(a, locationFilter)) return false;
  shown.set(id, a);
  return true;
}

/**
 * The appointments a fetch answered with, with the live changes that arrived since it started
 * (`journal`: `{at, a}`, oldest first) laid over them, since those are newer than its answer; only
 * the ones the calendar shows, by id.
 * @template {Shown} A
 * @param {A[]} fetched
 * @param {JournalEntry<A>[]} journal
 * @param {number} started
 * @param {string} [locationFilter]
 * @returns {Map<string, A>}
 */
export function afterFetch(fetched, journal, started, locationFilter = "") {
  const byId = new Map(fetched.map((a) => [String(a.id), a]));
  for (const { at, a } of journal) {
    if (at >= started) byId.set(String(a.id), a);
  }
  /** @type {Map<string, A>} */
  const shown = new Map();
  for (const a of byId.values()) applyChange(shown, a, locationFilter);
  return shown;
}
