// A newsletter to customers in one or more groups: write it, see how many get it and how it reaches
// the first of them, then send it after a confirmation. Below, what was sent before.

import { ApiError, staffApi } from "../kit/api.js";
import { whileBusy } from "../kit/busy.js";
import { confirmAction } from "../kit/confirm.js";
import { byId, h } from "../kit/dom.js";
import { apiMessage, showError } from "../kit/errors.js";
import { t, tn } from "../kit/i18n.js";
import { locale } from "../kit/lang.js";
import { toast } from "../kit/toast.js";

/**
 * @typedef {import("./types.js").Group} Group
 * @typedef {{subject: string, body: string, group_ids: string[], dry_run: boolean}} Letter
 * @typedef {{to: string, subject: string, text: string}} Mail  How the letter reaches one customer.
 * @typedef {{recipients: number, preview: Mail | null}} Trial  The trial run's answer.
 * @typedef {{subject: string, sent_at: string, recipients: number, group_ids: string[]}} Sent
 */

const FIELDS = ["group_ids", "subject", "body"];

/** Why a newsletter to the groups chosen would reach nobody. */
function noRecipients() {
  return t("In diesen Gruppen hat niemand eine bestätigte Einwilligung in den Newsletter.");
}

export class NewsletterPanel {
  constructor() {
    this.form = byId("newsletter-form", HTMLFormElement);
    this.subject = byId("nl-subject", HTMLInputElement);
    this.body = byId("nl-body", HTMLTextAreaElement);
    /** @type {Group[]} */
    this.groups = [];
    /** @type {Sent[] | null} what was sent before, once loaded */
    this.sent = null;
    this.when = new Intl.DateTimeFormat(locale(), { dateStyle: "medium", timeStyle: "short" });
    this.form.addEventListener("submit", (e) => {
      e.preventDefault();
      this.send();
    });
    byId("nl-preview-button").addEventListener("click", () => this.preview());
    this.form.addEventListener("input", () => this.hidePreview());
  }

  /**
   * The business's groups as checkboxes; the ticked ones stay ticked.
   * @param {Group[]} groups
   */
  setGroups(groups) {
    this.groups = groups;
    const ticked = new Set(this.groupIds());
    byId("nl-no-groups").hidden = groups.length > 0;
    byId("nl-groups").replaceChildren(...groups.map((g) => h("label", { class: "check" },
      h("input", { type: "checkbox", name: "group_ids", value: g.id, checked: ticked.has(g.id) }),
      h("span", {}, g.name), h("span", { class: "hint" }, tn("1 Kunde", "{n} Kunden", g.customers)))));
    if (this.sent) this.renderSent();
  }

  /** @returns {string[]} */
  groupIds() {
    return [...this.form.querySelectorAll('input[name="group_ids"]:checked')]
      .filter((input) => input instanceof HTMLInputElement).map((input) => input.value);
  }

  /**
   * @param {boolean} dryRun
   * @returns {Letter}
   */
  letter(dryRun) {
    return { subject: this.subject.value.trim(), body: this.body.value, group_ids: this.groupIds(), dry_run: dryRun };
  }

  /**
   * The trial run: `{recipients, preview}` shown beside the form, or null after an error.
   * @returns {Promise<Trial | null>}
   */
  async preview() {
    return whileBusy(byId("nl-preview-button", HTMLButtonElement), async () => {
      const answer = await this.post(true);
      if (answer) this.showPreview(answer);
      return answer;
    });
  }

  /**
   * @param {boolean} dryRun
   * @returns {Promise<Trial | null>}
   */
  async post(dryRun) {
    this.clearErrors();
    try {
      return await staffApi("POST", "/api/v1/newsletters", this.letter(dryRun));
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      const field = err.details.field;
      if (field && FIELDS.includes(field)) {
        const control = field === "group_ids" ? null : byId(`nl-${field}`);
        showError(byId(`nl-${field}-error`), err.message, control);
        (control || this.form.querySelector('input[name="group_ids"]'))?.focus();
      } else {
        showError(byId("nl-error"), err.message);
      }
      return null;
    }
  }

  /** @param {Trial} trial */
  showPreview({ recipients, preview }) {
    byId("nl-preview-empty").hidden = true;
    byId("nl-preview-body").hidden = false;
    byId("nl-recipients").textContent = recipients
      ? tn("Geht an 1 Kunden. So kommt er an:", "Geht an {n} Kunden. So kommt er beim ersten an:", recipients)
      : noRecipients();
    byId("nl-mail").hidden = !preview;
    if (!preview) return;
    byId("nl-mail-to").textContent = preview.to;
    byId("nl-mail-subject").textContent = preview.subject;
    byId("nl-mail-text").textContent = preview.text;
  }

  hidePreview() {
    byId("nl-preview-empty").hidden = false;
    byId("nl-preview-body").hidden = true;
  }

  /** Sends after the trial run found recipients and the person confirmed their number. */
  async send() {
    const trial = await this.preview();
    if (!trial) return;
    if (!trial.recipients) {
      showError(byId("nl-group_ids-error"), noRecipients());
      return;
    }
    const letter = this.letter(false);
    confirmAction({
      title: t("Newsletter senden?"),
      text: [
        tn("„{subject}“ geht an 1 Kunden.", "„{subject}“ geht an {n} Kunden.", trial.recipients, { subject: letter.subject }),
        t("Ein verschickter Newsletter lässt sich nicht zurückholen."),
      ],
      ok: tn("An 1 Kunden senden", "An {n} Kunden senden", trial.recipients),
      act: async () => {
        /** @type {Trial} */
        const sent = await staffApi("POST", "/api/v1/newsletters", letter);
        toast(tn("Newsletter an 1 Kunden verschickt", "Newsletter an {n} Kunden verschickt", sent.recipients));
        this.subject.value = "";
        this.body.value = "";
        this.hidePreview();
        this.load();
      },
    });
  }

  clearErrors() {
    for (const field of FIELDS) {
      showError(byId(`nl-${field}-error`), "", field === "group_ids" ? null : byId(`nl-${field}`));
    }
    showError(byId("nl-error"), "");
  }

  /** What was sent before, newest first. */
  async load() {
    try {
      const answer = await staffApi("GET", "/api/v1/newsletters");
      this.sent = answer.newsletters;
      byId("nl-consented").textContent = tn(
        "1 Kunde hat in den Newsletter eingewilligt und die Einwilligung per E-Mail bestätigt. Nur solche Kunden erhalten Newsletter.",
        "{n} Kunden haben in den Newsletter eingewilligt und die Einwilligung per E-Mail bestätigt. Nur solche Kunden erhalten Newsletter.",
        Number(answer.consented ?? 0));
      this.renderSent();
    } catch (err) {
      byId("sent-list").replaceChildren(h("li", { class: "alert alert-error" }, apiMessage(err)));
    }
  }

  renderSent() {
    const sent = this.sent || [];
    byId("sent-empty").hidden = sent.length > 0;
    byId("sent-list").replaceChildren(...sent.map((n) => this.sentItem(n)));
  }

  /** @param {Sent} n */
  sentItem(n) {
    const names = n.group_ids.map((id) => this.groups.find((g) => g.id === id)?.name).filter(Boolean);
    return h("li", { class: "sent-item" },
      h("span", { class: "sent-subject" }, n.subject),
      h("span", { class: "hint" }, tn("{when} · an 1 Kunden", "{when} · an {n} Kunden", n.recipients, { when: this.when.format(new Date(n.sent_at)) })),
      h("span", { class: "sent-groups" }, names.map((name) => h("span", { class: "group-chip" }, name))));
  }
}
