// Prices as people write them: shown with Intl in the page's language ("45,00 €", "€45.00"), and
// read back from what a person types in either way ("45", "45,5", "1.234,50", "1,234.50").
// Pure: the locale is an argument; unit-tested in web/tests/.

/**
 * A price in cents of `currency`, written for `locale`; empty for none.
 * @param {number | null | undefined} cents
 * @param {string} currency  "EUR" or "CHF".
 * @param {string} locale  An Intl locale, e.g. "de-DE".
 */
export function formatPrice(cents, currency, locale) {
  if (cents === null || cents === undefined) return "";
  return new Intl.NumberFormat(locale, { style: "currency", currency }).format(cents / 100);
}

/**
 * The amount typed into a price field as whole cents: null when it is empty (no price), NaN when
 * it is no amount of at most two decimals. The last "," or "." followed by one or two digits is the
 * decimal mark; other marks group thousands.
 * @param {string} text
 * @returns {number | null}
 */
export function parsePrice(text) {
  const plain = text.replace(/[\s\u00a0\u202f€]|CHF|EUR|Fr\./gi, "");
  if (!plain) return null;
  const match = /^(\d{1,3}(?:[.,' ]?\d{3})*|\d+)(?:[.,](\d{1,2}))?$/.exec(plain);
  if (!match) return NaN;
  const whole = Number(match[1].replace(/[.,']/g, ""));
  const fraction = Number((match[2] || "0").padEnd(2, "0"));
  return whole * 100 + fraction;
}

/**
 * A price in cents as the field shows it for editing: "45,00" or "45.00", without the currency.
 * @param {number | null | undefined} cents
 * @param {string} locale
 */
export function priceFieldText(cents, locale) {
  if (cents === null || cents === undefined) return "";
  return new Intl.NumberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2, useGrouping: false }).format(cents / 100);
}
