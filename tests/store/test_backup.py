"""Backups as the operator makes them (`python server.py admin backup|restore`) on SQLite and
PostgreSQL: a backup taken while a writer runs is one consistent snapshot, and a restore brings
back exactly what the backup held."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select, update

from store.schema import locations, tenants
from testkit.app import InProcess, in_process, settings_for
from testkit.flows import Business, sign_up
from testkit.services import postgres_database
from testkit.sockets import desk_booking
from tests.api.test_customer_self_service import in_days
from tests.api.test_operator_commands import operator


@pytest.fixture(params=["sqlite", "postgresql"])
async def fresh_url(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[str]:
    """A database of the test's own: a restore replaces all of it."""
    if request.param == "sqlite":
        (tmp_path / "live").mkdir()
        yield f"sqlite:///{tmp_path / 'live' / 'termine.db'}"
        return
    async with postgres_database() as url:
        yield url


async def seen(app: InProcess, biz: Business) -> dict[str, Any]:
    """What the business's staff see of their data."""
    week = await app.client.get(
        "/api/v1/appointments",
        params={"from": in_days(0).date().isoformat(), "to": in_days(10).date().isoformat()},
        headers=biz.auth,
    )
    people = await app.client.get("/api/v1/customers", headers=biz.auth)
    assert week.status_code == 200 and people.status_code == 200
    return {"appointments": week.json(), "customers": people.json()}


async def renaming(app: InProcess, biz: Business, stop: asyncio.Event) -> int:
    """Writes the business's and its location's name to the same counter in each transaction, as
    fast as it can: a copy that is not one snapshot shows two different numbers."""
    count = 0
    while not stop.is_set():
        count += 1
        async with app.deps.store.write() as conn:
            await conn.execute(update(tenants).where(tenants.c.id == biz.tenant_id).values(name=f"n{count}"))
            await conn.execute(
                update(locations).where(locations.c.id == biz.location_id).values(name=f"n{count}")
            )
        await asyncio.sleep(0)
    return count


async def test_backup_under_writes_then_restore_brings_back_that_state(
    fresh_url: str, tmp_path: Path
) -> None:
    backup_file = tmp_path / "backups" / "termine.backup"
    backup_file.parent.mkdir()
    settings = settings_for(fresh_url)
    async with in_process(settings) as app:
        biz = await sign_up(app.client)
        kept = await desk_booking(app.client, biz, in_days(2, 9))
        assert kept.status_code == 201, kept.text
        before = await seen(app, biz)

        stop = asyncio.Event()
        writer = asyncio.create_task(renaming(app, biz, stop))
        await asyncio.sleep(0.1)
        status, out = await operator(fresh_url, tmp_path, "backup", str(backup_file))
        stop.set()
        writes = await writer
        assert status == 0, out
        assert "backed up" in out and str(backup_file) in out and "password" not in out
        assert writes > 1

        # Changes after the backup: a booking, a cancellation, a new customer.
        assert (await desk_booking(app.client, biz, in_days(3, 9))).status_code == 201
        cancelled = await app.client.post(
            f"/api/v1/appointments/{kept.json()['id']}/cancel", json={}, headers=biz.auth
        )
        assert cancelled.status_code == 200
        added = {"first_name": "Nach", "last_name": "Sicherung"}
        assert (await app.client.post("/api/v1/customers", json=added, headers=biz.auth)).status_code == 201
        assert await seen(app, biz) != before

        # Without --yes nothing changes, and the operator is told what would happen.
        status, out = await operator(fresh_url, tmp_path, "restore", str(backup_file))
        assert status == 1
        assert "replaces everything" in out and "--yes" in out and "Nothing was changed" in out
        assert (await seen(app, biz))["customers"] != before["customers"]

    status, out = await operator(fresh_url, tmp_path, "restore", str(backup_file), "--yes")
    assert status == 0, out
    async with in_process(settings) as app:
        assert await seen(app, biz) == before
        async with app.deps.store.read() as conn:
            name: str = (
                await conn.execute(select(tenants.c.name).where(tenants.c.id == biz.tenant_id))
            ).scalar_one()
            place: str = (
                await conn.execute(select(locations.c.name).where(locations.c.id == biz.location_id))
            ).scalar_one()
        # One snapshot: both names from the same transaction of the writer.
        assert name == place and name.startswith("n"), (name, place)
        assert (await app.client.get("/readyz")).status_code == 200


async def test_restore_refuses_what_is_no_backup_of_this_database(fresh_url: str, tmp_path: Path) -> None:
    async with in_process(settings_for(fresh_url)):
        pass
    status, out = await operator(fresh_url, tmp_path, "restore", str(tmp_path / "missing.backup"), "--yes")
    assert status == 1 and "no backup file" in out
    stray = tmp_path / "notes.txt"
    stray.write_text("not a backup")
    status, out = await operator(fresh_url, tmp_path, "restore", str(stray), "--yes")
    assert status == 1 and "is no" in out
