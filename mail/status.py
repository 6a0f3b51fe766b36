"""How mail delivery stands, for the desk's settings page and the start-up log: how it leaves, what
waits, and what could not be delivered."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Literal, cast

from sqlalchemy import and_, func, select

from contract import enums
from contract.business import MailState, UndeliveredMail
from mail.sender import MailSender
from store import Store
from store.schema import outbox

if TYPE_CHECKING:
    from actions.context import Deps

Delivery = Literal["smtp", "dev_mailbox", "off"]
#: How many undelivered messages the settings page lists, newest first.
SHOWN = 50


@dataclass(frozen=True)
class Undelivered:
    id: str
    to: str
    subject: str
    error: str
    attempts: int
    created_at: datetime

    def answer(self) -> UndeliveredMail:
        return UndeliveredMail(
            id=self.id,
            to=self.to,
            subject=self.subject,
            error=self.error,
            attempts=self.attempts,
            created_at=self.created_at,
        )


@dataclass(frozen=True)
class MailStatus:
    delivery: Delivery
    #: Why the SMTP server cannot be reached right now, or None when it answers (or is not used).
    unreachable: str | None
    waiting: int
    undelivered: list[Undelivered]

    def answer(self) -> MailState:
        """As the API shows it: whether the SMTP server answers rather than why it does not."""
        return MailState(
            delivery=self.delivery,
            smtp_reachable=None if self.delivery != "smtp" else self.unreachable is None,
            waiting=self.waiting,
            undelivered=[item.answer() for item in self.undelivered],
        )


async def waiting(store: Store, tenant_id: str | None = None) -> int:
    """Messages not yet delivered and still to be tried: of one business, or all of them."""
    where = outbox.c.status == enums.MailStatus.PENDING
    if tenant_id is not None:
        where = and_(where, outbox.c.tenant_id == tenant_id)
    async with store.read() as conn:
        return int((await conn.execute(select(func.count()).select_from(outbox).where(where))).scalar_one())


async def mail_status(deps: Deps, sender: MailSender, tenant_id: str) -> MailStatus:
    """What one business should know of its mail: how it leaves, what waits and what was given up."""
    delivery = cast(Delivery, deps.settings.mail_delivery)
    async with deps.store.read() as conn:
        rows = await conn.execute(
            select(outbox)
            .where(and_(outbox.c.tenant_id == tenant_id, outbox.c.status == enums.MailStatus.DEAD))
            .order_by(outbox.c.created_at.desc())
            .limit(SHOWN)
        )
        dead = [Undelivered(r.id, r.to_addr, r.subject, r.last_error, r.attempts, r.created_at) for r in rows]
    return MailStatus(delivery, sender.unreachable, await waiting(deps.store, tenant_id), dead)
