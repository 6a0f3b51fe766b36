"""Compiles the catalogs for the browser: for each language, the wordings of the texts that the
browser code says (`t("…")`, `N_("…")` in web/static), as a script that hands them to the pages.

Run at build time (`make`): `python -m i18n.browser web/static/dist/messages`.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from babel.messages.extract import extract_from_dir

from i18n import CATALOGS

ROOT = Path(__file__).resolve().parent.parent
STATIC = ROOT / "web" / "static"
KEYWORDS = {"t": None, "N_": None}


def browser_texts() -> set[str]:
    """The German texts the browser code says."""
    found = extract_from_dir(
        STATIC,
        [("**.js", "javascript")],
        keywords=KEYWORDS,
        directory_filter=lambda path: Path(path).name not in {"dist", "node_modules"},
    )
    return {text for _file, _line, text, _comments, _context in found if isinstance(text, str)}


def write(target: Path) -> None:
    target.mkdir(parents=True, exist_ok=True)
    texts = browser_texts()
    for lang, catalog in CATALOGS.items():
        wordings = {text: catalog[text] for text in sorted(texts) if text in catalog}
        body = json.dumps(wordings, ensure_ascii=False, separators=(",", ":"))
        (target / f"{lang}.js").write_text(
            f"(globalThis.termineMessages ??= {{}})[{json.dumps(lang)}] = {body};\n", encoding="utf-8"
        )


if __name__ == "__main__":
    write(Path(sys.argv[1]))
