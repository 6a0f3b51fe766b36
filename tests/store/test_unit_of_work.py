"""The unit of work: events and mail queued in a write leave after its commit, whatever the order
of the lines, and never after a rollback; a use-case inside another shares its unit of work."""

from __future__ import annotations

import pytest
from sqlalchemy import select, update

from actions.context import Deps
from contract.events import Nothing
from realtime.events import Event
from store.schema import services, tenants
from testkit.app import InProcess
from testkit.flows import sign_up
from testkit.stand_ins import Heard


class Nudged:
    def __init__(self) -> None:
        self.times = 0

    def wake(self) -> None:
        self.times += 1


def _settings_changed(tenant_id: str) -> Event:
    return Event(tenant_id, "settings.changed", Nothing())


async def _name(deps: Deps, tenant_id: str) -> str:
    async with deps.store.read() as conn:
        return str((await conn.execute(select(tenants.c.name).where(tenants.c.id == tenant_id))).scalar_one())


async def test_a_rolled_back_write_sends_nothing(app: InProcess, heard: Heard) -> None:
    biz = await sign_up(app.client)
    heard.events.clear()  # what signing up sent
    nudged = Nudged()
    app.deps.mail = nudged
    before = await _name(app.deps, biz.tenant_id)
    with pytest.raises(RuntimeError):
        async with app.deps.work() as work:
            work.emit(_settings_changed(biz.tenant_id))
            work.mailed()
            await work.conn.execute(
                update(tenants).where(tenants.c.id == biz.tenant_id).values(name="Anders")
            )
            raise RuntimeError("something after the queuing fails")
    assert heard.events == []
    assert nudged.times == 0
    assert await _name(app.deps, biz.tenant_id) == before


async def test_events_leave_only_after_the_commit(app: InProcess, heard: Heard) -> None:
    biz = await sign_up(app.client)
    heard.events.clear()  # what signing up sent
    nudged = Nudged()
    app.deps.mail = nudged
    async with app.deps.work() as work:
        work.emit(_settings_changed(biz.tenant_id))  # queued before the write it tells of
        work.mailed()
        await work.conn.execute(update(tenants).where(tenants.c.id == biz.tenant_id).values(name="Anders"))
        assert heard.events == []
        assert nudged.times == 0
    assert heard.names() == ["settings.changed"]
    assert nudged.times == 1
    assert await _name(app.deps, biz.tenant_id) == "Anders"


async def test_a_unit_of_work_inside_another_commits_and_sends_with_the_outer(
    app: InProcess, heard: Heard
) -> None:
    biz = await sign_up(app.client)
    heard.events.clear()  # what signing up sent
    with pytest.raises(RuntimeError):
        async with app.deps.work() as outer:
            async with app.deps.work() as inner:
                assert inner is outer
                inner.emit(_settings_changed(biz.tenant_id))
                await inner.conn.execute(
                    update(services).where(services.c.id == biz.service_id).values(name="Innen")
                )
            assert heard.events == []  # the inner block ended, the outer has not committed
            raise RuntimeError("the outer use-case fails after the inner one")
    assert heard.events == []
    async with app.deps.store.read() as conn:
        name: str = (
            await conn.execute(select(services.c.name).where(services.c.id == biz.service_id))
        ).scalar_one()
    assert name != "Innen"
