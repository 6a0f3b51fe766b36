"""Migration 0025 on a database with a business and a customer who received newsletters before:
the record has no consent from then on, so newsletters stop; the business counts as verified, since
its booking page was live already."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import insert, select

from store import Store
from store.schema import customers, tenants
from testkit.services import postgres_database
from tests.store.test_staff_accounts_migration import _upgrade


@pytest.fixture(params=["sqlite", "postgresql"])
async def old_store(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Store]:
    if request.param == "sqlite":
        store = Store(f"sqlite:///{tmp_path / 'old.db'}")
        yield store
        await store.close()
        return
    async with postgres_database("termine_consent_migration") as url:
        store = Store(url)
        yield store
        await store.close()


async def test_existing_records_lose_newsletters_and_existing_businesses_stay_live(old_store: Store) -> None:
    async with old_store.engine.connect() as conn:
        await conn.run_sync(_upgrade, "0020")
        await conn.commit()
    now = datetime(2026, 1, 5, 9, tzinfo=UTC)
    async with old_store.write() as conn:
        await conn.execute(
            insert(tenants).values(
                id="t" * 32, slug="alt", name="Alt", timezone="Europe/Vienna", created_at=now
            )
        )
        await conn.execute(
            insert(customers).values(
                id="c" * 32,
                tenant_id="t" * 32,
                first_name="A",
                last_name="K",
                email="a@example.at",
                created_at=now,
            )
        )

    await old_store.migrate()

    async with old_store.read() as conn:
        row = (
            await conn.execute(
                select(
                    customers.c.newsletter_consent_at,
                    customers.c.newsletter_consent_source,
                    customers.c.newsletter_confirmed_at,
                )
            )
        ).one()
        verified: datetime = (await conn.execute(select(tenants.c.owner_verified_at))).scalar_one()
    assert tuple(row) == (None, None, None)
    assert verified == now
