"""Compiles the catalogs for the browser: for each language, the wordings of the texts that the
browser code says (`t("…")`, `N_("…")`, `tn("…", "…", n)` in web/static), as a script that hands
them to the pages. A text with a plural carries its forms by CLDR plural category, which the
browser's `Intl.PluralRules` names for a number.

Run at build time (`make`): `python -m i18n.browser web/static/dist/messages`.
"""

from __future__ import annotations

import gettext
import json
import sys
from pathlib import Path

from babel import Locale
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from i18n import CATALOGS, HERE

ROOT = Path(__file__).resolve().parent.parent
STATIC = ROOT / "web" / "static"
KEYWORDS = {"t": None, "N_": None, "tn": (1, 2)}


def browser_texts() -> set[str | tuple[str, str]]:
    """The German texts the browser code says; a text with a plural as (singular, plural)."""
    found = extract_from_dir(
        STATIC,
        [("**.js", "javascript")],
        keywords=KEYWORDS,
        directory_filter=lambda path: Path(path).name not in {"dist", "node_modules"},
    )
    return {text if isinstance(text, str) else (text[0], text[1]) for _f, _l, text, _c, _x in found}


def plural_forms(lang: str) -> dict[str, dict[str, str]]:
    """Each text with a plural, by its German singular: its forms by CLDR category."""
    with (HERE / lang / "LC_MESSAGES" / "messages.po").open("rb") as file:
        catalog = read_po(file)
    form_of = gettext.c2py(catalog.plural_expr)
    category_of = Locale.parse(lang).plural_form
    # Which gettext form each CLDR category takes, read off the numbers that show it.
    index = {category_of(n): form_of(n) for n in range(0, 1000)}
    return {
        m.id[0]: {category: m.string[form] for category, form in index.items()}
        for m in catalog
        if isinstance(m.id, tuple) and not isinstance(m.string, str) and all(m.string)
    }


def write(target: Path) -> None:
    target.mkdir(parents=True, exist_ok=True)
    texts = browser_texts()
    plain = {text for text in texts if isinstance(text, str)}
    with_plural = {text[0] for text in texts if isinstance(text, tuple)}
    for lang, catalog in CATALOGS.items():
        wordings: dict[str, object] = {text: catalog[text] for text in sorted(plain) if text in catalog}
        forms = plural_forms(lang)
        wordings |= {text: forms[text] for text in sorted(with_plural) if text in forms}
        body = json.dumps(wordings, ensure_ascii=False, separators=(",", ":"))
        (target / f"{lang}.js").write_text(
            f"(globalThis.termineMessages ??= {{}})[{json.dumps(lang)}] = {body};\n", encoding="utf-8"
        )


if __name__ == "__main__":
    write(Path(sys.argv[1]))
