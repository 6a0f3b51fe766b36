"""Every text a person reads has English: what the gettext catalogs are made from (templates,
mails, server messages) and the JS modules' `DE`/`EN`."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg

from i18n import CATALOGS, PLURALS, keyed, translate

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = ROOT / "web" / "templates"
STATIC = ROOT / "web" / "static"
CALLS = re.compile(r"""\b_\(\s*(?:"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)')""")

# A call of the browser code's `t`, `tn` or `N_` with a German text, as written in the source.
BROWSER_CALLS = re.compile(r'\b(?:t|tn|N_)\(\s*"((?:[^"\\]|\\.)*)"')
# The same for a text with a context: `pt("context", "text")`.
CONTEXT_CALLS = re.compile(r'\bpt\(\s*"((?:[^"\\]|\\.)*)"\s*,\s*"((?:[^"\\]|\\.)*)"')


def template_texts() -> dict[str, set[str]]:
    """Each template's `_("…")` texts."""
    found = {}
    for path in sorted(TEMPLATES.glob("*.html")):
        calls = CALLS.findall(path.read_text())
        found[path.name] = {double or single for double, single in calls}
    return found


def browser_modules() -> list[Path]:
    return sorted(p for p in STATIC.rglob("*.js") if "dist" not in p.parts)


def source_directory(path: str) -> bool:
    name = Path(path).name
    return not name.startswith((".", "_")) and name not in {"node_modules", "dist"}


def extracted() -> dict[str | tuple[str, str], str]:
    """Every text the catalogs are made from (as `make messages` finds them), with where it is."""
    with (ROOT / "babel.cfg").open() as config:
        method_map, options_map = parse_mapping_cfg(config)
    keywords = {
        **DEFAULT_KEYWORDS,
        "translate": (2,),
        "N_": None,
        "t": None,
        "tn": (1, 2),
        "pt": ((1, "c"), 2),
    }
    found: dict[str | tuple[str, str], str] = {}
    for filename, _line, text, _comments, context in extract_from_dir(
        ROOT, method_map, options_map, keywords=keywords, directory_filter=source_directory
    ):
        found.setdefault(keyed(text, context) if isinstance(text, str) else (text[0], text[1]), filename)
    return found


TEXTS = extracted()
PLACEHOLDER = re.compile(r"\{(\w+)\}|%\((\w+)\)s")


def test_extraction_finds_the_texts_of_pages_mails_and_server() -> None:
    places = set(TEXTS.values())
    assert len(TEXTS) > 250
    assert {"calendar.html", "errors.py"} <= {Path(p).name for p in places}


@pytest.mark.parametrize("lang", sorted(CATALOGS))
def test_every_text_is_worded_in_every_catalog(lang: str) -> None:
    worded = set(CATALOGS[lang]) | set(PLURALS[lang].forms)
    missing = {text: where for text, where in TEXTS.items() if text not in worded}
    assert missing == {}
    stale = sorted(map(str, worded - set(TEXTS)))
    assert stale == [], "texts no source uses any more: run `make messages`"


@pytest.mark.parametrize("lang", sorted(CATALOGS))
def test_placeholders_survive_translation(lang: str) -> None:
    differ = {
        text: wording
        for text, wording in CATALOGS[lang].items()
        if set(PLACEHOLDER.findall(text)) != set(PLACEHOLDER.findall(wording))
    }
    assert differ == {}
    assert translate("en", "Fehler {status}", status=404) == "Error 404"
    assert translate("de", "Fehler {status}", status=404) == "Fehler 404"
    assert translate("en", "Ein Text ohne Übersetzung") == "Ein Text ohne Übersetzung"


def test_templates_with_words_wrap_them() -> None:
    """Every page says its words through `_`; the frame (base.html) says only the brand, and the
    toast's words are the script's."""
    bare = [name for name, texts in template_texts().items() if not texts]
    assert bare == ["_toast.html", "base.html"]


def test_the_browser_code_says_its_words_through_the_catalog() -> None:
    """No text tables per language are left in the browser code, and every German text it says
    is found by the extraction: a call inside a template literal's `${…}` would be missed and stay
    German on every page."""
    tables = [p.name for p in browser_modules() if re.search(r"const (DE|EN|TEXTS?) = \{", p.read_text())]
    assert tables == []
    said = {
        json.loads(f'"{text}"'): p.relative_to(STATIC).as_posix()
        for p in browser_modules()
        for text in BROWSER_CALLS.findall(p.read_text())
    } | {
        keyed(json.loads(f'"{text}"'), json.loads(f'"{context}"')): p.relative_to(STATIC).as_posix()
        for p in browser_modules()
        for context, text in CONTEXT_CALLS.findall(p.read_text())
    }
    assert len(said) > 300, "the pattern found hardly any texts"
    found = {text if isinstance(text, str) else text[0] for text in TEXTS} | {
        text[1] for text in TEXTS if isinstance(text, tuple)
    }
    assert {text: where for text, where in said.items() if text not in found} == {}
