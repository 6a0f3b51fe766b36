"""Two-factor log-in with an authenticator app (TOTP): a person turns it on by scanning a QR code
and typing a code, gets recovery codes for a lost phone, and from then on logs in with a code after
the password. The owner may require it of everyone in the business."""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import pyotp
import segno
from sqlalchemy import and_, or_, select, update

from actions.context import Deps
from actions.errors import BadInput, Conflict, NotFound, WrongCode
from store.queries import Row, one
from store.schema import tenants, users

ISSUER = "Termine"
RECOVERY_CODES = 10
#: Codes of the time step before and after the current one count too: phones' clocks drift.
DRIFT_STEPS = 1
_SECRET = re.compile(r"^[A-Z2-7]{32}$")


@dataclass(frozen=True)
class Setup:
    """What the person's app needs: the secret, as a link and as a QR code (an inline SVG)."""

    secret: str
    uri: str
    qr_svg: str


@dataclass(frozen=True)
class State:
    enabled: bool
    required: bool
    recovery_codes_left: int


def new_setup(email: str, business: str) -> Setup:
    """A fresh secret for the app, named after the business and the person's address."""
    secret = pyotp.random_base32(32)
    uri = pyotp.TOTP(secret).provisioning_uri(name=email, issuer_name=f"{ISSUER} · {business}")
    qr_svg = segno.make(uri, error="m").svg_inline(scale=4, border=2)
    return Setup(secret, uri, qr_svg)


def _normal(code: str) -> str:
    return "".join(code.split()).replace("-", "").lower()


def _hash(code: str) -> str:
    return hashlib.sha256(_normal(code).encode()).hexdigest()


def matching_step(secret: str, code: str, now: datetime) -> int | None:
    """The time step whose code `code` is, near `now`; None when it is none of them."""
    totp = pyotp.TOTP(secret)
    typed = _normal(code)
    current = totp.timecode(now)
    for step in range(current - DRIFT_STEPS, current + DRIFT_STEPS + 1):
        if hmac.compare_digest(totp.generate_otp(step), typed):
            return step
    return None


def _recovery_codes() -> list[str]:
    return [f"{secrets.token_hex(3)}-{secrets.token_hex(3)}" for _ in range(RECOVERY_CODES)]


async def _user(deps: Deps, user_id: str) -> Row:
    async with deps.store.read() as conn:
        user = await one(conn, select(users).where(users.c.id == user_id))
    if user is None:
        raise NotFound("The account")
    return user


async def state(deps: Deps, user_id: str) -> State:
    """Whether the person logs in with a code, whether their business requires it, and how many
    recovery codes they have left."""
    async with deps.store.read() as conn:
        row = await one(
            conn,
            select(users.c.totp_secret, users.c.recovery_codes, tenants.c.require_two_factor)
            .select_from(users.join(tenants, tenants.c.id == users.c.tenant_id))
            .where(users.c.id == user_id),
        )
    if row is None:
        raise NotFound("The account")
    return State(
        row["totp_secret"] is not None, bool(row["require_two_factor"]), len(row["recovery_codes"] or [])
    )


async def enable(deps: Deps, user_id: str, secret: str, code: str) -> list[str]:
    """Turns two-factor log-in on with the secret of the set-up, once the app shows its code;
    returns the recovery codes, which are shown this once."""
    if not _SECRET.match(secret):
        raise BadInput("invalid_secret", "This is not the secret of a set-up.", field="secret")
    step = matching_step(secret, code, deps.clock())
    if step is None:
        raise WrongCode("wrong_code", "This code is not right.", field="code")
    codes = _recovery_codes()
    async with deps.work() as work:
        done = await work.conn.execute(
            update(users)
            .where(and_(users.c.id == user_id, users.c.totp_secret.is_(None)))
            .values(totp_secret=secret, totp_last_step=step, recovery_codes=[_hash(c) for c in codes])
        )
    if done.rowcount != 1:
        raise Conflict("two_factor_on", "Two-factor log-in is on already.")
    return codes


async def check_code(deps: Deps, user_id: str, code: str) -> None:
    """Takes a code from the person's app, or one of their recovery codes, once; anything else
    is a wrong_code."""
    user = await _user(deps, user_id)
    if user["totp_secret"] is None:
        return
    step = matching_step(user["totp_secret"], code, deps.clock())
    async with deps.work() as work:
        if step is not None:
            # A code works once: a step at or before the last one taken is refused.
            last = users.c.totp_last_step
            done = await work.conn.execute(
                update(users)
                .where(and_(users.c.id == user_id, or_(last.is_(None), last < step)))
                .values(totp_last_step=step)
            )
            if done.rowcount == 1:
                return
        else:
            left: list[Any] = list(user["recovery_codes"] or [])
            hashed = _hash(code)
            if hashed in left:
                left.remove(hashed)
                await work.conn.execute(
                    update(users).where(users.c.id == user_id).values(recovery_codes=left)
                )
                return
    raise WrongCode("wrong_code", "This code is not right.", field="code")


async def disable(deps: Deps, user_id: str, code: str) -> None:
    """Turns two-factor log-in off, with a code from the app or a recovery code."""
    user = await _user(deps, user_id)
    if user["totp_secret"] is None:
        return
    await check_code(deps, user_id, code)
    async with deps.work() as work:
        await work.conn.execute(
            update(users)
            .where(users.c.id == user_id)
            .values(totp_secret=None, totp_last_step=None, recovery_codes=[])
        )


async def require(deps: Deps, user_id: str, required: bool) -> None:
    """Whoever manages the team requires two-factor log-in of everyone in the business, or no
    longer does (the caller checks the right). Only someone who logs in with a code already may
    require it: else the first to be sent to the set-up would be themselves, in the middle of it."""
    user = await _user(deps, user_id)
    if required and user["totp_secret"] is None:
        raise Conflict("two_factor_first", "Set up two-factor log-in for yourself first.")
    async with deps.work() as work:
        await work.conn.execute(
            update(tenants).where(tenants.c.id == user["tenant_id"]).values(require_two_factor=required)
        )
