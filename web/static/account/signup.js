// Sign-up: suggests the booking link from the business name until the person edits it.

/** @type {Record<string, string>} */
const UMLAUTS = { ä: "ae", ö: "oe", ü: "ue", ß: "ss" };

/**
 * The booking link's last part for a business name: "Café Müller" → "cafe-mueller".
 * @param {string} text
 */
function slugify(text) {
  return text
    .toLowerCase()
    .replace(/[äöüß]/g, (c) => UMLAUTS[c])
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 60)
    .replace(/-+$/g, "");
}

const nameInput = document.getElementById("f-business_name");
const slugInput = document.getElementById("f-slug");

if (nameInput instanceof HTMLInputElement && slugInput instanceof HTMLInputElement) {
  let edited = slugInput.value !== "" && slugInput.value !== slugify(nameInput.value);
  nameInput.addEventListener("input", () => {
    if (!edited) slugInput.value = slugify(nameInput.value);
  });
  slugInput.addEventListener("input", () => {
    edited = slugInput.value !== "";
    const cleaned = slugInput.value.toLowerCase().replace(/[^a-z0-9-]/g, "-");
    if (cleaned !== slugInput.value) slugInput.value = cleaned;
  });
}
