// A session's device reads as browser and system a person recognises, not the user agent.
import assert from "node:assert/strict";
import { test } from "node:test";

import { deviceName } from "../static/settings/device.js";

const CHROME_LINUX =
  "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36";
const EDGE_WINDOWS =
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36 Edg/124.0.2478.51";
const SAFARI_IPHONE =
  "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1";
const FIREFOX_ANDROID = "Mozilla/5.0 (Android 14; Mobile; rv:125.0) Gecko/125.0 Firefox/125.0";

test("a browser and its system are named as people know them", () => {
  assert.equal(deviceName(CHROME_LINUX), "Chrome auf Linux");
  assert.equal(deviceName(EDGE_WINDOWS), "Edge auf Windows");
  assert.equal(deviceName(SAFARI_IPHONE), "Safari auf iPhone");
  assert.equal(deviceName(FIREFOX_ANDROID), "Firefox auf Android");
});

test("a program that names itself otherwise keeps its own name, and none is unknown", () => {
  assert.equal(deviceName("python-httpx/0.27.0"), "python-httpx/0.27.0");
  assert.equal(deviceName(""), "Unbekanntes Gerät");
});
