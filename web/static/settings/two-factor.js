// "Zwei-Faktor-Anmeldung": turning it on shows a fresh secret as a QR code (and as text), and
// takes effect only once a code from the app confirms it; the recovery codes are then shown this
// once. Turning it off asks a code too. The owner can require it of everyone in the business.

import { ApiError, staffApi } from "../kit/api.js";
import { whileBusy } from "../kit/busy.js";
import { byId } from "../kit/dom.js";
import { apiMessage, showError } from "../kit/errors.js";
import { t, tn } from "../kit/i18n.js";
import { toast } from "../kit/toast.js";

/** @typedef {{enabled: boolean, required: boolean, recovery_codes_left: number}} State */

const stateLine = byId("two-factor-state");
const offPanel = byId("two-factor-off-panel");
const startButton = byId("two-factor-start", HTMLButtonElement);
const setupForm = byId("two-factor-setup", HTMLFormElement);
const qr = byId("two-factor-qr");
const secretText = byId("two-factor-secret");
const codeInput = byId("two-factor-code", HTMLInputElement);
const codeError = byId("two-factor-code-error");
const recovery = byId("two-factor-recovery");
const recoveryList = byId("recovery-codes");
const disableForm = byId("two-factor-disable", HTMLFormElement);
const offInput = byId("two-factor-off-code", HTMLInputElement);
const offError = byId("two-factor-off-code-error");
const due = document.getElementById("two-factor-due");
const requiredBox = /** @type {HTMLInputElement | null} */ (document.getElementById("two-factor-required"));

/** The secret of the set-up under way; the server keeps nothing until a code confirms it. */
let secret = "";

/** @param {State} state */
function show(state) {
  const left = tn(
    "Eingeschaltet. Noch {n} Wiederherstellungscode übrig.",
    "Eingeschaltet. Noch {n} Wiederherstellungscodes übrig.",
    state.recovery_codes_left,
  );
  stateLine.textContent = state.enabled ? left : t("Ausgeschaltet.");
  stateLine.classList.toggle("is-on", state.enabled);
  const settingUp = !setupForm.hidden || !recovery.hidden;
  offPanel.hidden = state.enabled || settingUp;
  disableForm.hidden = !state.enabled || settingUp;
  if (requiredBox) {
    requiredBox.checked = state.required;
    // Requiring it of everyone needs it for oneself first (the server says so too).
    requiredBox.disabled = !state.enabled && !state.required;
    const first = document.getElementById("two-factor-required-first");
    if (first) first.hidden = !requiredBox.disabled;
  }
  if (due && state.enabled) due.hidden = true;
}

async function load() {
  show(await staffApi("GET", "/api/v1/two-factor"));
}

/**
 * Shows the set-up's QR code, an SVG the server drew, as a node of this page.
 * @param {string} svg
 */
function showQr(svg) {
  const drawn = new DOMParser().parseFromString(svg, "image/svg+xml").documentElement;
  drawn.setAttribute("aria-hidden", "true");
  qr.replaceChildren(document.importNode(drawn, true));
}

async function startSetup() {
  await whileBusy(startButton, async () => {
    try {
      const made = await staffApi("POST", "/api/v1/two-factor/setup");
      secret = made.secret;
      showQr(made.qr_svg);
      // In groups of four, as apps show it and people type it.
      secretText.textContent = secret.replace(/(.{4})(?=.)/g, "$1 ");
      codeInput.value = "";
      showError(codeError, "", codeInput);
      offPanel.hidden = true;
      setupForm.hidden = false;
      codeInput.focus();
    } catch (err) {
      toast(apiMessage(err), { error: true });
    }
  });
}

function cancelSetup() {
  secret = "";
  setupForm.hidden = true;
  qr.replaceChildren();
  secretText.textContent = "";
  offPanel.hidden = false;
  startButton.focus();
}

/** @param {SubmitEvent} event */
async function confirmSetup(event) {
  event.preventDefault();
  const code = codeInput.value.replace(/\s/g, "");
  if (!/^\d{6}$/.test(code)) {
    showError(codeError, t("Bitte geben Sie den 6-stelligen Code aus der App ein."), codeInput);
    codeInput.focus();
    return;
  }
  showError(codeError, "", codeInput);
  await whileBusy(byId("two-factor-confirm", HTMLButtonElement), async () => {
    try {
      const { recovery_codes: codes } = await staffApi("POST", "/api/v1/two-factor", { secret, code });
      secret = "";
      setupForm.hidden = true;
      qr.replaceChildren();
      secretText.textContent = "";
      showRecovery(codes);
      toast(t("Zwei-Faktor-Anmeldung ist eingeschaltet."));
      await load();
    } catch (err) {
      if (err instanceof ApiError && err.code === "two_factor_on") {
        cancelSetup();
        await load();
        toast(err.message, { error: true });
        return;
      }
      showError(codeError, apiMessage(err), codeInput);
      codeInput.select();
    }
  });
}

/** @param {string[]} codes */
function showRecovery(codes) {
  recoveryList.replaceChildren(
    ...codes.map((code) => Object.assign(document.createElement("li"), { textContent: code })),
  );
  recovery.hidden = false;
  byId("h-recovery").focus();
}

async function copyRecovery() {
  const codes = [...recoveryList.children].map((item) => item.textContent).join("\n");
  try {
    await navigator.clipboard.writeText(codes);
    toast(t("Codes kopiert."));
  } catch {
    toast(t("Kopieren ging nicht. Bitte schreiben Sie die Codes ab."), { error: true });
  }
}

async function doneWithRecovery() {
  recoveryList.replaceChildren();
  recovery.hidden = true;
  await load();
  offInput.focus();
}

/** @param {SubmitEvent} event */
async function turnOff(event) {
  event.preventDefault();
  const code = offInput.value.trim();
  if (!code) {
    showError(offError, t("Bitte geben Sie einen Code ein."), offInput);
    offInput.focus();
    return;
  }
  showError(offError, "", offInput);
  await whileBusy(byId("two-factor-off", HTMLButtonElement), async () => {
    try {
      await staffApi("POST", "/api/v1/two-factor/off", { code });
      offInput.value = "";
      toast(t("Zwei-Faktor-Anmeldung ist ausgeschaltet."));
      await load();
      startButton.focus();
    } catch (err) {
      showError(offError, apiMessage(err), offInput);
      offInput.select();
    }
  });
}

/** @param {HTMLInputElement} box */
async function require(box) {
  const wanted = box.checked;
  box.disabled = true;
  try {
    show(await staffApi("PUT", "/api/v1/two-factor/required", { required: wanted }));
    toast(wanted
      ? t("Zwei-Faktor-Anmeldung ist jetzt für alle verlangt.")
      : t("Zwei-Faktor-Anmeldung ist nicht mehr für alle verlangt."));
  } catch (err) {
    box.checked = !wanted;
    toast(apiMessage(err), { error: true });
  } finally {
    box.disabled = false;
  }
}

export function startTwoFactor() {
  startButton.addEventListener("click", startSetup);
  byId("two-factor-cancel").addEventListener("click", cancelSetup);
  setupForm.addEventListener("submit", confirmSetup);
  byId("recovery-copy").addEventListener("click", copyRecovery);
  byId("recovery-done").addEventListener("click", doneWithRecovery);
  disableForm.addEventListener("submit", turnOff);
  if (requiredBox) requiredBox.addEventListener("change", () => require(requiredBox));
  load().catch((err) => {
    stateLine.textContent = apiMessage(err);
  });
}
