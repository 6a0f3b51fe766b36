"""Every error a person can meet has its words in every language, from the catalogs."""

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


def test_every_raised_code_has_words() -> None:
    codes = set(RAISED.findall(sources()))
    assert codes, "the pattern found no errors at all"
    assert sorted(codes - set(i18n.MESSAGES)) == []


def test_every_missing_thing_has_a_german_name() -> None:
    things = set(NOT_FOUND.findall(sources()))
    assert things
    assert sorted(things - set(i18n.THINGS)) == []


@pytest.mark.parametrize(
    ("error", "german", "english"),
    [
        pytest.param(
            NotFound("The service"),
            "Die Leistung wurde nicht gefunden.",
            "The service was not found.",
            id="not-found",
        ),
        pytest.param(
            BadInput("missing_field", "start is required.", field="start"),
            "Beginn fehlt.",
            "Start is missing.",
            id="field",
        ),
        pytest.param(
            Conflict("slot_taken", "taken"),
            "Diese Zeit ist bereits vergeben. Bitte wählen Sie eine andere.",
            "This time is already taken. Please choose another.",
            id="plain",
        ),
        pytest.param(
            BadInput("something_new", "Plain English."), "Plain English.", "Plain English.", id="fallback"
        ),
    ],
)
def test_messages_follow_the_language(error: BadInput, german: str, english: str) -> None:
    assert i18n.message(error, "de") == german
    assert i18n.message(error, "en") == english
    # A language without a catalog reads German, as a page does.
    assert i18n.message(error, "fr") == german
