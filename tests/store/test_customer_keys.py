"""The folded keys that customer search reads, and records that existed before them."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from alembic import command
from alembic.config import Config
from sqlalchemy import Connection, insert

from actions.customer_search import Search, search
from store import Store
from store.customer_keys import fold, name_words, query_terms, search_name, search_text
from store.engine import MIGRATIONS
from store.schema import customers, tenants
from testkit.app import in_process, settings_for
from testkit.services import postgres_database


@pytest.mark.parametrize(
    ("typed", "folded"),
    [
        pytest.param("Müller", "muller", id="umlaut"),
        pytest.param("ÜBEL", "ubel", id="capital-umlaut"),
        pytest.param("Straße", "strasse", id="sharp-s"),
        pytest.param("Łukasz Dvořák", "łukasz dvorak", id="other-letters"),
        pytest.param("José", "jose", id="accent"),
    ],
)
def test_folding_ignores_case_and_accents(typed: str, folded: str) -> None:
    assert fold(typed) == folded


def test_names_become_words_for_sorting_and_word_starts() -> None:
    assert name_words("Anna-Lena O'Brien") == "anna lena o brien"
    assert search_name("Anna", "von Müller") == "von muller  anna"
    # Two spaces keep the last name first: "van" sorts before "van Berg" whatever the first names.
    assert search_name("Zora", "van") < search_name("Anna", "van Berg")
    assert search_text("Anna", "Müller", "Anna@Example.at", "0171-234 567") == (
        "muller anna anna@example.at 0171-234 567 0171234567"
    )


@pytest.mark.parametrize(
    ("query", "terms"),
    [
        pytest.param("Mül  An", ["mul", "an"], id="words"),
        pytest.param("0171 23", ["17123"], id="phone-with-space"),
        pytest.param("0049 171", ["49171"], id="international-prefix"),
        pytest.param("+43 (664) 12-3", ["43664123"], id="phone-punctuation"),
        pytest.param("007", ["007"], id="short-number"),
        pytest.param("0000", ["0000"], id="zeros"),
        pytest.param("anna 1980", ["anna", "1980"], id="words-with-digits"),
        pytest.param("   ", [], id="blank"),
    ],
)
def test_a_typed_query_becomes_terms(query: str, terms: list[str]) -> None:
    assert query_terms(query) == terms


def _upgrade(conn: Connection, revision: str) -> None:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = conn
    command.upgrade(config, revision)


async def _migrate(url: str, revision: str) -> None:
    store = Store(url)
    async with store.engine.connect() as conn:
        await conn.run_sync(_upgrade, revision)
        await conn.commit()
    await store.close()


@pytest.fixture(params=["sqlite", "postgresql"])
async def fresh_url(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'old.db'}"
        return
    async with postgres_database("termine_migration") as url:
        yield url


async def test_records_from_before_the_customer_database_are_found(fresh_url: str) -> None:
    await _migrate(fresh_url, "0004")
    store = Store(fresh_url)
    now = datetime.now(UTC)
    async with store.write() as conn:
        await conn.execute(
            insert(tenants).values(
                id="t" * 32, slug="alt", name="Alt", timezone="Europe/Vienna", created_at=now
            )
        )
        await conn.execute(
            insert(customers).values(
                id="c" * 32,
                tenant_id="t" * 32,
                first_name="Jürgen",
                last_name="Müller",
                email="j@example.at",
                phone="0664 12",
                created_at=now,
            )
        )
    await store.close()
    async with in_process(settings_for(fresh_url)) as app:
        for typed in ("mül", "JURGEN", "066412"):
            found = await search(app.deps, "t" * 32, Search(text=typed))
            assert [c.id for c in found.customers] == ["c" * 32], typed
            # no consent is on record for it, so it receives no newsletter (migration 0025)
            assert found.customers[0].groups == [] and found.customers[0].newsletter is False
