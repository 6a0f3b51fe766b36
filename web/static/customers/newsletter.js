// A newsletter to customers in one or more groups: write it, see how many get it and how it reaches
// the first of them, then send it after a confirmation. Below, what was sent before.

import { staffApi } from "../kit/api.js";
import { h } from "../kit/dom.js";
import { locale, pick } from "../kit/lang.js";
import { busy } from "../kit/busy.js";
import { confirmAction } from "../kit/confirm.js";
import { apiMessage, showError } from "../kit/errors.js";
import { toast } from "../kit/toast.js";

const DE = {
  members: (n) => (n === 1 ? "1 Kunde" : `${n} Kunden`),
  recipients: (n) => (n === 1 ? "Geht an 1 Kunden. So kommt er an:" : `Geht an ${n} Kunden. So kommt er beim ersten an:`),
  noRecipients: "In diesen Gruppen hat niemand eine E-Mail-Adresse, die Newsletter erhalten möchte.",
  confirmTitle: "Newsletter senden?",
  confirmText: (subject, n) => [`„${subject}“ geht an ${n === 1 ? "1 Kunden" : `${n} Kunden`}.`, "Ein verschickter Newsletter lässt sich nicht zurückholen."],
  confirmOk: (n) => (n === 1 ? "An 1 Kunden senden" : `An ${n} Kunden senden`),
  sent: (n) => (n === 1 ? "Newsletter an 1 Kunden verschickt" : `Newsletter an ${n} Kunden verschickt`),
  sentMeta: (when, n) => `${when} · an ${n === 1 ? "1 Kunden" : `${n} Kunden`}`,
};

const EN = {
  members: (n) => (n === 1 ? "1 customer" : `${n} customers`),
  recipients: (n) => (n === 1 ? "Goes to 1 customer. This is how it arrives:" : `Goes to ${n} customers. This is how the first one gets it:`),
  noRecipients: "Nobody in these groups has an email address that wants newsletters.",
  confirmTitle: "Send newsletter?",
  confirmText: (subject, n) => [`“${subject}” goes to ${n === 1 ? "1 customer" : `${n} customers`}.`, "A newsletter that has been sent can't be called back."],
  confirmOk: (n) => (n === 1 ? "Send to 1 customer" : `Send to ${n} customers`),
  sent: (n) => (n === 1 ? "Newsletter sent to 1 customer" : `Newsletter sent to ${n} customers`),
  sentMeta: (when, n) => `${when} · to ${n === 1 ? "1 customer" : `${n} customers`}`,
};

const TEXT = pick({ de: DE, en: EN });
const FIELDS = ["group_ids", "subject", "body"];

const $ = (id) => document.getElementById(id);

export class NewsletterPanel {
  constructor() {
    this.form = $("newsletter-form");
    this.groups = [];
    this.sent = null;
    this.when = new Intl.DateTimeFormat(locale(), { dateStyle: "medium", timeStyle: "short" });
    this.form.addEventListener("submit", (e) => {
      e.preventDefault();
      this.send();
    });
    $("nl-preview-button").addEventListener("click", () => this.preview());
    this.form.addEventListener("input", () => this.hidePreview());
  }

  /** The business's groups as checkboxes; the ticked ones stay ticked. */
  setGroups(groups) {
    this.groups = groups;
    const ticked = new Set(this.groupIds());
    $("nl-no-groups").hidden = groups.length > 0;
    $("nl-groups").replaceChildren(...groups.map((g) => h("label", { class: "check" },
      h("input", { type: "checkbox", name: "group_ids", value: g.id, checked: ticked.has(g.id) }),
      h("span", {}, g.name), h("span", { class: "hint" }, TEXT.members(g.customers)))));
    if (this.sent) this.renderSent();
  }

  groupIds() {
    return [...this.form.querySelectorAll('input[name="group_ids"]:checked')].map((input) => input.value);
  }

  letter(dryRun) {
    return { subject: $("nl-subject").value.trim(), body: $("nl-body").value, group_ids: this.groupIds(), dry_run: dryRun };
  }

  /** The trial run: `{recipients, preview}` shown beside the form, or null after an error. */
  async preview() {
    const button = $("nl-preview-button");
    busy(button, true);
    try {
      const answer = await this.post(true);
      if (answer) this.showPreview(answer);
      return answer;
    } finally {
      busy(button, false);
    }
  }

  async post(dryRun) {
    this.clearErrors();
    try {
      return await staffApi("POST", "/api/v1/newsletters", this.letter(dryRun));
    } catch (err) {
      const message = apiMessage(err);
      const field = err.details.field;
      if (FIELDS.includes(field)) {
        showError($(`nl-${field}-error`), message, field === "group_ids" ? null : $(`nl-${field}`));
        (field === "group_ids" ? this.form.querySelector('input[name="group_ids"]') : $(`nl-${field}`))?.focus();
      } else {
        showError($("nl-error"), message);
      }
      return null;
    }
  }

  showPreview({ recipients, preview }) {
    $("nl-preview-empty").hidden = true;
    $("nl-preview-body").hidden = false;
    $("nl-recipients").textContent = recipients ? TEXT.recipients(recipients) : TEXT.noRecipients;
    $("nl-mail").hidden = !preview;
    if (!preview) return;
    $("nl-mail-to").textContent = preview.to;
    $("nl-mail-subject").textContent = preview.subject;
    $("nl-mail-text").textContent = preview.text;
  }

  hidePreview() {
    $("nl-preview-empty").hidden = false;
    $("nl-preview-body").hidden = true;
  }

  /** Sends after the trial run found recipients and the person confirmed their number. */
  async send() {
    const trial = await this.preview();
    if (!trial) return;
    if (!trial.recipients) {
      showError($("nl-group_ids-error"), TEXT.noRecipients);
      return;
    }
    const letter = this.letter(false);
    confirmAction({
      title: TEXT.confirmTitle,
      text: TEXT.confirmText(letter.subject, trial.recipients),
      ok: TEXT.confirmOk(trial.recipients),
      act: async () => {
        const sent = await staffApi("POST", "/api/v1/newsletters", letter);
        toast(TEXT.sent(sent.recipients));
        $("nl-subject").value = "";
        $("nl-body").value = "";
        this.hidePreview();
        this.load();
      },
    });
  }

  clearErrors() {
    for (const field of FIELDS) {
      showError($(`nl-${field}-error`), "", field === "group_ids" ? null : $(`nl-${field}`));
    }
    showError($("nl-error"), "");
  }

  /** What was sent before, newest first. */
  async load() {
    try {
      this.sent = (await staffApi("GET", "/api/v1/newsletters")).newsletters;
      this.renderSent();
    } catch (err) {
      $("sent-list").replaceChildren(h("li", { class: "alert alert-error" }, apiMessage(err)));
    }
  }

  renderSent() {
    $("sent-empty").hidden = this.sent.length > 0;
    $("sent-list").replaceChildren(...this.sent.map((n) => this.sentItem(n)));
  }

  sentItem(n) {
    const names = n.group_ids.map((id) => this.groups.find((g) => g.id === id)?.name).filter(Boolean);
    return h("li", { class: "sent-item" },
      h("span", { class: "sent-subject" }, n.subject),
      h("span", { class: "hint" }, TEXT.sentMeta(this.when.format(new Date(n.sent_at)), n.recipients)),
      h("span", { class: "sent-groups" }, names.map((name) => h("span", { class: "group-chip" }, name))));
  }
}
