"""Compiles the catalogs for the browser: for each language and each page bundle, the wordings of
the texts that the bundle's code says (`t("…")`, `N_("…")`, `tn("…", "…", n)` in web/static), as a
script that hands them to the page (`<lang>/<bundle>.js`). Which source modules a bundle holds,
esbuild's metafile says (`dist/meta.json`). A text with a plural carries its forms by CLDR plural
category, which the browser's `Intl.PluralRules` names for a number.

Run at build time (`make`), after esbuild: `python -m i18n.browser web/static/dist/messages`.
"""

from __future__ import annotations

import gettext
import json
import sys
from pathlib import Path

from babel import Locale
from babel.messages.extract import extract_from_file
from babel.messages.pofile import read_po

from i18n import CATALOGS, HERE, keyed

ROOT = Path(__file__).resolve().parent.parent
STATIC = ROOT / "web" / "static"
KEYWORDS = {"t": None, "N_": None, "tn": (1, 2), "pt": ((1, "c"), 2)}


Text = str | tuple[str, str]


def texts_of(source: Path) -> set[Text]:
    """The German texts a module says (a text with a context keyed as the catalogs key it); a
    text with a plural as (singular, plural)."""
    found = extract_from_file("javascript", str(source), keywords=KEYWORDS)
    return {
        keyed(text, context) if isinstance(text, str) else (text[0], text[1])
        for _line, text, _comments, context in found
    }


def bundles(dist: Path) -> dict[str, set[Text]]:
    """Each page bundle's name and the texts its modules say, its shared chunks' included."""
    meta = json.loads((dist / "meta.json").read_text(encoding="utf-8"))
    outputs = meta["outputs"]

    def sources(output: str, seen: set[str]) -> set[str]:
        if output in seen:
            return set()
        seen.add(output)
        found = set(outputs[output]["inputs"])
        for imported in outputs[output].get("imports", []):
            if imported.get("kind") == "import-statement" and imported["path"] in outputs:
                found |= sources(imported["path"], seen)
        return found

    made = {}
    for output, info in outputs.items():
        if info.get("entryPoint") and output.endswith(".js"):
            modules = [ROOT / path for path in sources(output, set()) if path.startswith("web/static/")]
            made[Path(output).stem] = set().union(*(texts_of(path) for path in modules))
    return made


def plural_forms(lang: str) -> dict[str, dict[str, str]]:
    """Each text with a plural, by its German singular: its forms by CLDR category."""
    with (HERE / lang / "LC_MESSAGES" / "messages.po").open("rb") as file:
        catalog = read_po(file)
    form_of = gettext.c2py(catalog.plural_expr)
    category_of = Locale.parse(lang).plural_form
    # Which gettext form each CLDR category takes, read off the numbers that show it.
    index = {category_of(n): form_of(n) for n in range(0, 1000)}
    forms: dict[str, dict[str, str]] = {}
    for m in catalog:
        if isinstance(m.id, tuple) and isinstance(m.string, (tuple, list)) and all(m.string):
            forms[m.id[0]] = {category: m.string[form] for category, form in index.items()}
    return forms


def script(lang: str, wordings: dict[str, object]) -> str:
    """Adds `wordings` to what the page has of `lang` (a page may load several bundles)."""
    body = json.dumps(wordings, ensure_ascii=False, separators=(",", ":"))
    return f"Object.assign((globalThis.termineMessages ??= {{}})[{json.dumps(lang)}] ??= {{}}, {body});\n"


def write(target: Path) -> None:
    forms_of = {lang: plural_forms(lang) for lang in CATALOGS}
    for name, texts in bundles(target.parent).items():
        plain = {text for text in texts if isinstance(text, str)}
        with_plural = {text[0] for text in texts if isinstance(text, tuple)}
        for lang, catalog in CATALOGS.items():
            wordings: dict[str, object] = {text: catalog[text] for text in sorted(plain) if text in catalog}
            forms = forms_of[lang]
            wordings |= {text: forms[text] for text in sorted(with_plural) if text in forms}
            (target / lang).mkdir(parents=True, exist_ok=True)
            (target / lang / f"{name}.js").write_text(script(lang, wordings), encoding="utf-8")


if __name__ == "__main__":
    write(Path(sys.argv[1]))
