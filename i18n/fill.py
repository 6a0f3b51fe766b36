"""Writes a batch of wordings into a catalog: `python -m i18n.fill en wordings.json`, where the
JSON file maps German texts to their wording. Texts the catalog does not hold yet (run
`make messages` first) are refused, so that nothing lands beside the sources' texts.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po

HERE = Path(__file__).parent


def fill(lang: str, wordings: dict[str, str]) -> list[str]:
    """Sets each wording; returns the German texts the catalog lacks."""
    path = HERE / lang / "LC_MESSAGES" / "messages.po"
    with path.open("rb") as file:
        catalog = read_po(file)
    unknown = [text for text in wordings if text not in catalog]
    for text, wording in wordings.items():
        if text in catalog:
            catalog[text].string = wording
    with path.open("wb") as file:
        write_po(file, catalog, sort_output=True, width=100)
    return unknown


if __name__ == "__main__":
    missing = fill(sys.argv[1], json.loads(Path(sys.argv[2]).read_text(encoding="utf-8")))
    if missing:
        sys.exit("not in the catalog (run `make messages`): " + "; ".join(missing))
