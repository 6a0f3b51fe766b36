// The customer's log-in on the booking and account pages: a bearer token in sessionStorage, never
// a cookie, so the pages work in a third-party iframe too.

// The keys of the customer's log-in and of a hold waiting for its code.
export const STORE = { token: "booking.token", email: "booking.email", hold: "booking.hold" };

// Where an embed blocks storage (third-party iframes with third-party cookies blocked), the page
// keeps the values in memory for its lifetime.
/** @type {Map<string, string>} */
const memory = new Map();

export const storage = {
  /**
   * @param {string} key
   * @returns {string | null}
   */
  get(key) {
    try {
      const value = sessionStorage.getItem(key);
      if (value !== null) return value;
    } catch { /* blocked: fall back to memory */ }
    return memory.get(key) ?? null;
  },
  /**
   * Stores `value` under `key`; null or undefined forgets it.
   * @param {string} key
   * @param {string | null | undefined} value
   */
  set(key, value) {
    if (value === null || value === undefined) memory.delete(key);
    else memory.set(key, value);
    try {
      if (value === null || value === undefined) sessionStorage.removeItem(key);
      else sessionStorage.setItem(key, value);
    } catch { /* blocked: memory only */ }
  },
};

/** The logged-in customer's bearer token; null when nobody is logged in. */
export function customerToken() {
  return storage.get(STORE.token);
}
