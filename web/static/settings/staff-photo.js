// A calendar's photo in the settings: the round picture the booking page shows beside the person's
// name where customers choose who serves them; uploaded as the logo is (PNG, JPEG or WebP up to
// 512 KB), removed again for the initials.

import { ApiError, staffApi } from "../kit/api.js";
import { avatar } from "../kit/avatar.js";
import { busy } from "../kit/busy.js";
import { h } from "../kit/dom.js";
import { showError } from "../kit/errors.js";
import { t } from "../kit/i18n.js";
import { toast } from "../kit/toast.js";

/**
 * The photo of `member`'s calendar with its buttons; `changed` runs once the server took a change.
 * @param {import("./state.js").StaffMember} member
 * @param {() => void} changed
 */
export function photoControl(member, changed) {
  const key = `staff-${member.id}-photo`;
  const error = h("p", { class: "field-error", id: `${key}-error`, role: "alert" });
  const chooser = h("input", { type: "file", id: `${key}-file`, accept: "image/png,image/jpeg,image/webp", hidden: true });
  const choose = h("button", { class: "btn", type: "button", id: `${key}-choose`, "aria-describedby": `${key}-hint ${key}-error` },
    member.photo_url ? t("Anderes Foto wählen") : t("Foto wählen"));
  const remove = member.photo_url
    ? h("button", { class: "btn btn-ghost", type: "button", id: `${key}-remove` }, t("Foto entfernen"))
    : null;
  const url = `/api/v1/staff/${encodeURIComponent(member.id)}/photo`;
  /** @param {File | null} file  @param {HTMLButtonElement} button */
  const send = async (file, button) => {
    showError(error, "");
    busy(button, true);
    try {
      Object.assign(member, file ? await staffApi("PUT", url, file) : await staffApi("DELETE", url));
      toast(file ? t("Foto gespeichert") : t("Foto entfernt"));
      changed();
      document.getElementById(`${key}-choose`)?.focus();
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      showError(error, err.message, choose);
    } finally {
      busy(button, false);
    }
  };
  choose.addEventListener("click", () => chooser.click());
  chooser.addEventListener("change", () => {
    const file = /** @type {HTMLInputElement} */ (chooser).files?.[0];
    if (file) send(file, /** @type {HTMLButtonElement} */ (choose));
    /** @type {HTMLInputElement} */ (chooser).value = "";
  });
  remove?.addEventListener("click", () => send(null, /** @type {HTMLButtonElement} */ (remove)));
  return h("div", { class: "staff-photo field", dataset: { staffPhoto: String(member.id) } },
    h("span", { class: "label" }, t("Foto auf der Buchungsseite")),
    h("div", { class: "inline-form" }, avatar(member.name, member.photo_url, 56), choose, remove, chooser),
    h("p", { class: "hint", id: `${key}-hint` }, t("Optional. PNG, JPEG oder WebP bis 512 KB; ohne Foto zeigen wir die Initialen.")),
    error);
}
