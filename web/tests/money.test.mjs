// Prices shown and read back (web/static/kit/money.js), without a browser.
import assert from "node:assert/strict";
import { test } from "node:test";

import { formatPrice, parsePrice, priceFieldText } from "../static/kit/money.js";

const plain = (text) => text.replace(/[\u00a0\u202f]/g, " ");

test("a price is written the way each language writes money", () => {
  assert.equal(plain(formatPrice(4500, "EUR", "de-DE")), "45,00 €");
  assert.equal(formatPrice(4500, "EUR", "en-GB"), "€45.00");
  assert.equal(plain(formatPrice(123450, "CHF", "de-DE")), "1.234,50 CHF");
  assert.equal(formatPrice(0, "EUR", "en-GB"), "€0.00");
  assert.equal(formatPrice(null, "EUR", "de-DE"), "");
});

test("a typed amount is read in either way of writing it", () => {
  assert.equal(parsePrice("45"), 4500);
  assert.equal(parsePrice("45,5"), 4550);
  assert.equal(parsePrice("45.50"), 4550);
  assert.equal(parsePrice(" 45,00 € "), 4500);
  assert.equal(parsePrice("1.234,50"), 123450);
  assert.equal(parsePrice("1,234.50"), 123450);
  assert.equal(parsePrice("CHF 12"), 1200);
  assert.equal(parsePrice("0"), 0);
  assert.equal(parsePrice(""), null);
  assert.equal(parsePrice("   "), null);
});

test("what is no amount of at most two decimals is NaN", () => {
  for (const text of ["-5", "4,5555", "abc", "1,2,3", "45,", ".5"]) {
    assert.ok(Number.isNaN(parsePrice(text)), text);
  }
});

test("the field shows the price for editing without the currency", () => {
  assert.equal(priceFieldText(4500, "de-DE"), "45,00");
  assert.equal(priceFieldText(123450, "en-GB"), "1234.50");
  assert.equal(priceFieldText(null, "de-DE"), "");
});
