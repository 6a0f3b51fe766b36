"""English wordings of the UI's German texts; the German text is the key, like a gettext msgid.

Each page area keeps its English in a module `en_<area>.py` of this package (`EN = {"Termin":
"Appointment", ...}`). All of them are merged at import, so a page can bring its texts without
touching a file that every page shares.
"""

from __future__ import annotations

import importlib
import pkgutil

LANGUAGES = ("de", "en")
DEFAULT = "de"


def _catalogs() -> dict[str, dict[str, str]]:
    """Every `en_*` module's `EN`, by module name."""
    found = {}
    for module in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if module.name.startswith("en_"):
            found[module.name] = importlib.import_module(f"{__name__}.{module.name}").EN
    return found


CATALOGS = _catalogs()
EN: dict[str, str] = {german: english for c in CATALOGS.values() for german, english in c.items()}


def translate(lang: str, text: str, **values: object) -> str:
    """`text` (German) in `lang`: the English wording for "en", the German otherwise.

    `{name}` placeholders are filled from `values`; a text without English stays German.
    """
    wording = EN.get(text, text) if lang == "en" else text
    return wording.format(**values) if values else wording
