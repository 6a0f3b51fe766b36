"""Migration 0007 on a database with businesses in it: staff keep their accounts, and an address
may then have an account in each of several businesses."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from alembic import command
from alembic.config import Config
from sqlalchemy import Connection, func, insert, select
from sqlalchemy.exc import IntegrityError

from store import Store
from store.engine import MIGRATIONS
from store.schema import staff, tenants, users
from testkit.services import postgres_database


def _upgrade(conn: Connection, revision: str) -> None:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = conn
    command.upgrade(config, revision)


@pytest.fixture(params=["sqlite", "postgresql"])
async def old_store(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Store]:
    """A store migrated to 0006, with one business, its owner and the owner's calendar."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'old.db'}"
        store = Store(url)
        yield store
        await store.close()
        return
    async with postgres_database("termine_migration") as url:
        store = Store(url)
        yield store
        await store.close()


def tenant(key: str, now: datetime) -> dict[str, object]:
    return {"id": key * 32, "slug": f"biz-{key}", "name": key, "timezone": "Europe/Vienna", "created_at": now}


def owner(key: str, tenant_key: str, now: datetime) -> dict[str, object]:
    return {
        "id": key * 32,
        "tenant_id": tenant_key * 32,
        "email": "anna@example.at",
        "password_hash": "x",
        "name": "anna",
        "role": "owner",
        "created_at": now,
    }


async def test_staff_keep_their_accounts_and_an_address_may_serve_several_businesses(
    old_store: Store,
) -> None:
    async with old_store.engine.connect() as conn:
        await conn.run_sync(_upgrade, "0006")
        await conn.commit()
    now = datetime.now(UTC)
    async with old_store.write() as conn:
        await conn.execute(insert(tenants).values(tenant("a", now)))
        await conn.execute(insert(users).values(owner("u", "a", now)))
        await conn.execute(
            insert(staff).values(id="s" * 32, tenant_id="a" * 32, user_id="u" * 32, name="A", created_at=now)
        )

    await old_store.migrate()

    async with old_store.write() as conn:
        assert (await conn.execute(select(staff.c.user_id))).scalars().all() == ["u" * 32]
        await conn.execute(insert(tenants).values(tenant("b", now)))
        await conn.execute(insert(users).values(owner("v", "b", now)))
        count = select(func.count()).select_from(users).where(users.c.email == "anna@example.at")
        assert (await conn.execute(count)).scalar_one() == 2
    with pytest.raises(IntegrityError):
        async with old_store.write() as conn:
            await conn.execute(insert(users).values(owner("w", "b", now)))
