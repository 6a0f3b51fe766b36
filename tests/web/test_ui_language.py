"""Every text a person reads has English: what the gettext catalogs are made from (templates,
mails, server messages) and the JS modules' `DE`/`EN`."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg

from i18n import CATALOGS, PLURALS, translate

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = ROOT / "web" / "templates"
STATIC = ROOT / "web" / "static"
CALLS = re.compile(r"""\b_\(\s*(?:"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)')""")

# Reads a module's `const DE = {...};` and `const EN = {...};` (each ends at the first "\n};") and
# prints where the English differs in shape from the German: a missing or extra key, another kind
# of value, a function with other parameters, a list of another length.
COMPARE_JS = r"""
const fs = require("fs");
const vm = require("vm");
const source = fs.readFileSync(process.argv[1], "utf8");
function literal(name) {
  const start = source.indexOf(`const ${name} = {`);
  const end = source.indexOf("\n};", start);
  return vm.runInNewContext("(" + source.slice(start + `const ${name} = `.length, end + 2) + ")");
}
const texts = { de: literal("DE"), en: literal("EN") };
const problems = [];
const kind = (v) => (Array.isArray(v) ? "array" : typeof v);
function compare(de, en, path) {
  for (const key of new Set([...Object.keys(de), ...Object.keys(en)])) {
    const where = path ? `${path}.${key}` : key;
    if (!(key in en)) { problems.push(`${where}: no English`); continue; }
    if (!(key in de)) { problems.push(`${where}: English only`); continue; }
    const [a, b] = [de[key], en[key]];
    if (kind(a) !== kind(b)) problems.push(`${where}: ${kind(a)} in German, ${kind(b)} in English`);
    else if (kind(a) === "function" && a.length !== b.length) problems.push(`${where}: other parameters`);
    else if (kind(a) === "array" && a.length !== b.length) problems.push(`${where}: other length`);
    else if (kind(a) === "string" && !b.trim() !== !a.trim()) problems.push(`${where}: empty`);
    else if (kind(a) === "object") compare(a, b, where);
  }
}
compare(texts.de, texts.en, "");
process.stdout.write(JSON.stringify(problems));
"""


def template_texts() -> dict[str, set[str]]:
    """Each template's `_("…")` texts."""
    found = {}
    for path in sorted(TEMPLATES.glob("*.html")):
        calls = CALLS.findall(path.read_text())
        found[path.name] = {double or single for double, single in calls}
    return found


def text_modules() -> list[Path]:
    return sorted(
        p for p in STATIC.rglob("*.js") if "dist" not in p.parts and "const DE = {" in p.read_text()
    )


def source_directory(path: str) -> bool:
    name = Path(path).name
    return not name.startswith((".", "_")) and name not in {"node_modules", "dist"}


def extracted() -> dict[str | tuple[str, str], str]:
    """Every text the catalogs are made from (as `make messages` finds them), with where it is."""
    with (ROOT / "babel.cfg").open() as config:
        method_map, options_map = parse_mapping_cfg(config)
    keywords = {**DEFAULT_KEYWORDS, "translate": (2,), "N_": None, "t": None, "tn": (1, 2)}
    found: dict[str | tuple[str, str], str] = {}
    for filename, _line, text, _comments, _context in extract_from_dir(
        ROOT, method_map, options_map, keywords=keywords, directory_filter=source_directory
    ):
        found.setdefault(text if isinstance(text, str) else (text[0], text[1]), filename)
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


def test_every_module_with_texts_keeps_them_in_both_languages() -> None:
    """German-only text tables (`const TEXT = {`) are gone; each `DE` has its `EN`."""
    modules = [p for p in STATIC.rglob("*.js") if "dist" not in p.parts]
    german_only = [p.name for p in modules if "const TEXT = {" in p.read_text()]
    assert german_only == []
    assert [p.name for p in text_modules() if "const EN = {" not in p.read_text()] == []
    assert text_modules(), "the pattern found no text tables at all"


@pytest.mark.parametrize("module", text_modules(), ids=lambda p: p.relative_to(STATIC).as_posix())
def test_english_texts_match_the_german_ones(module: Path) -> None:
    result = subprocess.run(
        ["node", "-e", COMPARE_JS, str(module)], capture_output=True, text=True, check=True
    )
    assert json.loads(result.stdout) == []
