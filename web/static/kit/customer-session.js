// The customer's log-in on the booking and account pages: a bearer token in sessionStorage, never
// a cookie, so the pages work in a third-party iframe too.

// The keys of the customer's log-in and of a hold waiting for its code.
export const STORE = { token: "booking.token", email: "booking.email", hold: "booking.hold" };

// Where an embed blocks storage (third-party iframes with third-party cookies blocked), the page
// keeps the values in memory for its lifetime.
const memory = new Map();

export const storage = {
  get(key) {
    try {
      const value = sessionStorage.getItem(key);
      if (value !== null) return value;
    } catch { /* blocked: fall back to memory */ }
    return memory.has(key) ? memory.get(key) : null;
  },
  set(key, value) {
    if (value === null || value === undefined) memory.delete(key);
    else memory.set(key, value);
    try {
      if (value === null || value === undefined) sessionStorage.removeItem(key);
      else sessionStorage.setItem(key, value);
    } catch { /* blocked: memory only */ }
  },
};
