"""Every error a person can meet has German words, and English stays available."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from actions.errors import BadInput, Conflict, NotFound
from web import i18n

ROOT = Path(__file__).resolve().parents[2]
ERRORS = "BadInput|Conflict|Gone|WrongCode|TooMany|Forbidden|Unauthorised|ActionError"
RAISED = re.compile(rf"\b(?:{ERRORS})\(\s*\"([a-z_]+)\"", re.S)
NOT_FOUND = re.compile(r"\bNotFound\(\s*\"([^\"]+)\"", re.S)


def sources() -> str:
    files = [*ROOT.glob("actions/*.py"), *ROOT.glob("web/**/*.py")]
    return "\n".join(path.read_text() for path in files)


def test_every_raised_code_has_german_words() -> None:
    codes = set(RAISED.findall(sources()))
    assert codes, "the pattern found no errors at all"
    assert sorted(codes - set(i18n.GERMAN)) == []


def test_every_missing_thing_has_a_german_name() -> None:
    things = set(NOT_FOUND.findall(sources()))
    assert things
    assert sorted(things - set(i18n.THINGS)) == []


@pytest.mark.parametrize(
    ("error", "german"),
    [
        pytest.param(NotFound("The service"), "Die Leistung wurde nicht gefunden.", id="not-found"),
        pytest.param(
            BadInput("missing_field", "start is required.", field="start"), "Beginn fehlt.", id="field"
        ),
        pytest.param(Conflict("slot_taken", "taken"), i18n.GERMAN["slot_taken"], id="plain"),
        pytest.param(BadInput("something_new", "Plain English."), "Plain English.", id="fallback"),
    ],
)
def test_messages_follow_the_language(error: BadInput, german: str) -> None:
    assert i18n.message(error, "de") == german
    assert i18n.message(error, "en") == error.message
