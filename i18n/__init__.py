"""The wordings of the product's German texts in the other languages, from gettext catalogs.

German is the source language: templates, mails and server messages write German, and each
`<lang>/LC_MESSAGES/messages.po` beside this file words those texts (the msgids) in its language.
`make messages` extracts the texts from the sources and updates every catalog; adding a language
is adding its catalog.
"""

from __future__ import annotations

import gettext
from collections.abc import Callable
from pathlib import Path

from babel.messages.pofile import read_po

HERE = Path(__file__).parent
DEFAULT = "de"


def _catalogs() -> tuple[dict[str, dict[str, str]], dict[str, Plurals]]:
    """Each catalog's translated texts (German msgid to wording) and plural texts, by language."""
    texts, plurals = {}, {}
    for path in sorted(HERE.glob("*/LC_MESSAGES/messages.po")):
        with path.open("rb") as file:
            catalog = read_po(file)
        lang = catalog.locale_identifier or path.parts[-3]
        texts[lang] = {
            keyed(m.id, m.context): m.string
            for m in catalog
            if isinstance(m.id, str) and m.id and isinstance(m.string, str) and m.string and not m.fuzzy
        }
        forms: dict[tuple[str, str], tuple[str, ...]] = {}
        for m in catalog:
            if not isinstance(m.id, tuple) or not isinstance(m.string, (tuple, list)) or m.fuzzy:
                continue
            if all(m.string):
                forms[(m.id[0], m.id[1])] = tuple(m.string)
        plurals[lang] = Plurals(gettext.c2py(catalog.plural_expr), forms)
    return texts, plurals


def keyed(text: str, context: str | None) -> str:
    """A text's key in a catalog: the text, after its context and gettext's separator if it has
    one (the same German word may need two wordings, e.g. "Termin" as a booking step)."""
    return f"{context}\x04{text}" if context else text


class Plurals:
    """A catalog's texts with a plural: which form a number takes, and the forms by German pair."""

    def __init__(self, form_of: Callable[[int], int], forms: dict[tuple[str, str], tuple[str, ...]]):
        self.form_of = form_of
        self.forms = forms


CATALOGS, PLURALS = _catalogs()
LANGUAGES = (DEFAULT, *CATALOGS)
#: The English catalog, which the tests and the pages' language checks read most.
EN: dict[str, str] = CATALOGS.get("en", {})


def N_(text: str) -> str:  # noqa: N802 - gettext's name for a text marked but worded later
    """Marks `text` for the catalogs where it is worded later, by `translate`."""
    return text


def translate(lang: str, text: str, **values: object) -> str:
    """`text` (German) in `lang`; a text the catalog lacks stays German.

    `{name}` placeholders are filled from `values`.
    """
    wording = CATALOGS.get(lang, {}).get(text, text)
    return wording.format(**values) if values else wording


def plural_wording(lang: str, singular: str, plural: str, n: int) -> str:
    """The form of `singular`/`plural` (German) that `n` takes in `lang`, placeholders unfilled."""
    table = PLURALS.get(lang)
    forms = table.forms.get((singular, plural)) if table else None
    if table and forms:
        return forms[min(table.form_of(n), len(forms) - 1)]
    return singular if n == 1 else plural


def translate_plural(lang: str, singular: str, plural: str, n: int, **values: object) -> str:
    """`plural_wording` with `{n}` and the other placeholders filled in."""
    return plural_wording(lang, singular, plural, n).format(n=n, **values)
