"""Customer accounts, one for every business: registration, e-mail verification, log-in, password
reset and the customer's own profile."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, insert, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from actions.business import check_email, check_password_rule
from actions.context import Deps
from actions.errors import BadInput, Forbidden, Gone, NotFound, Unauthorised
from actions.passwords import check_password, hash_password
from actions.proposals import propose_profile_changes
from actions.text import single_line
from mail.messages import render
from mail.outbox import enqueue
from store.queries import new_id, one
from store.schema import account_tokens, customer_accounts

VERIFY_VALID = timedelta(hours=48)
RESET_VALID = timedelta(hours=1)
LANGUAGES = ("de", "en")


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _name(data: dict[str, Any], key: str) -> str:
    value = data.get(key)
    if not isinstance(value, str) or not value.strip() or len(value) > 100:
        raise BadInput("invalid_name", f"Please give your {key.replace('_', ' ')}.", field=key)
    return single_line(value.strip(), key)


@dataclass(frozen=True)
class Registration:
    """A registration as checked, before anything of it is looked up or written."""

    email: str
    password: str
    first_name: str
    last_name: str
    phone: str
    language: str


def check_registration(data: dict[str, Any]) -> Registration:
    """The registration in `data`, or BadInput; reads nothing, so its answer says nothing of accounts."""
    email = check_email(str(data.get("email", "")))
    password = check_password_rule(str(data.get("password", "")))
    first, last = _name(data, "first_name"), _name(data, "last_name")
    phone = data.get("phone") or ""
    if not isinstance(phone, str) or len(phone) > 50:
        raise BadInput("invalid_phone", "The phone number is too long.", field="phone")
    single_line(phone, "phone")
    language = data.get("language", "de")
    if language not in LANGUAGES:
        raise BadInput("invalid_language", "language is 'de' or 'en'.", field="language")
    return Registration(email, password, first, last, phone.strip(), language)


async def register(deps: Deps, registration: Registration) -> None:
    """Creates an unverified account and mails the verification link; an address that is verified
    already gets nothing (its owner can log in or reset the password).

    Callers run this after answering, so that its duration tells nothing of existing accounts.
    """
    email, first, last = registration.email, registration.first_name, registration.last_name
    language = registration.language
    password_hash = await hash_password(registration.password)
    now = deps.clock()
    async with deps.store.write() as conn:
        existing = await one(conn, select(customer_accounts).where(customer_accounts.c.email == email))
        if existing and existing["verified_at"] is not None:
            return
        profile = {
            "password_hash": password_hash,
            "first_name": first,
            "last_name": last,
            "phone": registration.phone,
            "language": language,
        }
        if existing:
            account_id = existing["id"]
            await conn.execute(
                update(customer_accounts).where(customer_accounts.c.id == account_id).values(**profile)
            )
        else:
            account_id = new_id()
            await conn.execute(
                insert(customer_accounts).values(id=account_id, email=email, created_at=now, **profile)
            )
        token = secrets.token_urlsafe(32)
        await conn.execute(
            insert(account_tokens).values(
                token_hash=token_hash(token),
                account_id=account_id,
                purpose="verify",
                expires_at=now + VERIFY_VALID,
            )
        )
        link = f"{deps.settings.public_url}/verify/{token}"
        message = render(
            "verify_account",
            email,
            language=language,
            first_name=first,
            link=link,
            valid_hours=int(VERIFY_VALID.total_seconds() // 3600),
        )
        await enqueue(conn, message, now=now)
    await deps.notify([], mail=True)


async def _use_token(
    conn: AsyncConnection, token: str, purpose: str, now: datetime, what: str, *, used: str, expired: str
) -> dict[str, Any]:
    """Marks a mailed token used and returns it; a token works once and for a limited time."""
    row = await one(
        conn,
        select(account_tokens).where(
            and_(account_tokens.c.token_hash == token_hash(token), account_tokens.c.purpose == purpose)
        ),
    )
    if row is None:
        raise NotFound(what, f"This {what.removeprefix('The ')} is not valid.")
    if row["used_at"] is not None:
        raise Gone("token_used", used)
    if row["expires_at"] <= now:
        raise Gone("token_expired", expired)
    done = await conn.execute(
        update(account_tokens)
        .where(and_(account_tokens.c.token_hash == row["token_hash"], account_tokens.c.used_at.is_(None)))
        .values(used_at=now)
    )
    if done.rowcount != 1:
        raise Gone("token_used", used)
    return row


async def _mark_verified(conn: AsyncConnection, account_id: str, now: datetime) -> None:
    await conn.execute(
        update(customer_accounts)
        .where(and_(customer_accounts.c.id == account_id, customer_accounts.c.verified_at.is_(None)))
        .values(verified_at=now)
    )


async def verify(deps: Deps, token: str) -> None:
    """Marks the account verified; a link works once and for a limited time."""
    now = deps.clock()
    async with deps.store.write() as conn:
        row = await _use_token(
            conn,
            token,
            "verify",
            now,
            "The verification link",
            used="This link was already used. You can log in.",
            expired="This link has expired. Register again to get a new one.",
        )
        await _mark_verified(conn, row["account_id"], now)


async def request_reset(deps: Deps, email: str) -> None:
    """Mails a one-hour, single-use link to set a new password where the account exists.

    Callers run this after answering, so that its duration tells nothing of whether it does.
    """
    address = email.strip().lower()
    now = deps.clock()
    async with deps.store.write() as conn:
        account = await one(conn, select(customer_accounts).where(customer_accounts.c.email == address))
        if account is None:
            return
        token = secrets.token_urlsafe(32)
        await conn.execute(
            insert(account_tokens).values(
                token_hash=token_hash(token),
                account_id=account["id"],
                purpose="reset",
                expires_at=now + RESET_VALID,
            )
        )
        message = render(
            "password_reset",
            account["email"],
            language=account["language"],
            first_name=account["first_name"],
            link=f"{deps.settings.public_url}/account/reset/{token}"
            + ("?lang=en" if account["language"] == "en" else ""),
            valid_minutes=int(RESET_VALID.total_seconds() // 60),
        )
        await enqueue(conn, message, now=now)
    await deps.notify([], mail=True)


async def reset_password(deps: Deps, token: str, password: str) -> None:
    """Sets the new password from a reset link; it also verifies the address, which the mail reached."""
    password = check_password_rule(password)
    password_hash = await hash_password(password)
    now = deps.clock()
    async with deps.store.write() as conn:
        row = await _use_token(
            conn,
            token,
            "reset",
            now,
            "The reset link",
            used="This link was already used. Ask for a new one if you still need it.",
            expired="This link has expired. Please ask for a new one.",
        )
        await conn.execute(
            update(customer_accounts)
            .where(customer_accounts.c.id == row["account_id"])
            .values(password_hash=password_hash)
        )
        await _mark_verified(conn, row["account_id"], now)
        # Any other reset link still out there is void now.
        await conn.execute(
            update(account_tokens)
            .where(
                and_(
                    account_tokens.c.account_id == row["account_id"],
                    account_tokens.c.purpose == "reset",
                    account_tokens.c.used_at.is_(None),
                )
            )
            .values(used_at=now)
        )


async def change_password(deps: Deps, account: dict[str, Any], *, current: str, new: str) -> dict[str, Any]:
    """Sets a new password for a logged-in customer, who must give the current one again.

    Returns the account as it is now; log-ins made with the old password no longer count.
    """
    try:
        check_password_rule(new)
    except BadInput as error:
        raise BadInput(error.code, error.message, field="new_password") from error
    if not await check_password(account["password_hash"], current):
        raise Forbidden("wrong_password", "The current password is not right.", field="current_password")
    password_hash = await hash_password(new)
    async with deps.store.write() as conn:
        await conn.execute(
            update(customer_accounts)
            .where(customer_accounts.c.id == account["id"])
            .values(password_hash=password_hash)
        )
    return {**account, "password_hash": password_hash}


def profile_view(account: dict[str, Any]) -> dict[str, Any]:
    return {key: account[key] for key in ("email", "first_name", "last_name", "phone", "language")}


async def update_profile(deps: Deps, account_id: str, changes: dict[str, Any]) -> dict[str, Any]:
    """Changes any of first name, last name, phone and language; the address stays."""
    values: dict[str, Any] = {}
    for key, value in changes.items():
        if key in ("first_name", "last_name"):
            values[key] = _name(changes, key)
        elif key == "phone":
            if not isinstance(value, str) or len(value.strip()) > 50:
                raise BadInput("invalid_phone", "The phone number is too long.", field="phone")
            values[key] = single_line(value.strip(), key)
        elif key == "language":
            if value not in LANGUAGES:
                raise BadInput("invalid_language", "language is 'de' or 'en'.", field="language")
            values[key] = value
        else:
            raise BadInput("unknown_field", f"{key!r} cannot be changed here.", field=key)
    async with deps.store.write() as conn:
        before = await one(conn, select(customer_accounts).where(customer_accounts.c.id == account_id))
        if before is None:
            raise NotFound("The account")
        if values:
            await conn.execute(
                update(customer_accounts).where(customer_accounts.c.id == account_id).values(**values)
            )
        account = {**before, **values}
        # The businesses that keep a record of this customer see the change and decide on it.
        events = await propose_profile_changes(conn, before, account, deps.clock())
    await deps.notify(events)
    return profile_view(account)


async def token_state(deps: Deps, token: str, purpose: str = "verify") -> str:
    """What a mailed link's page should offer: "ask", "used", "expired" or "unknown"."""
    async with deps.store.read() as conn:
        row = await one(
            conn,
            select(account_tokens).where(
                and_(account_tokens.c.token_hash == token_hash(token), account_tokens.c.purpose == purpose)
            ),
        )
    if row is None:
        return "unknown"
    if row["used_at"] is not None:
        return "used"
    if row["expires_at"] <= deps.clock():
        return "expired"
    return "ask"


async def login(deps: Deps, *, email: str, password: str) -> dict[str, Any]:
    async with deps.store.read() as conn:
        account = await one(
            conn,
            select(customer_accounts).where(customer_accounts.c.email == email.strip().lower()),
        )
    if not await check_password(account["password_hash"] if account else None, password) or not account:
        raise Unauthorised("bad_credentials", "E-mail or password is wrong.")
    if account["verified_at"] is None:
        raise Forbidden("email_unverified", "Please open the link in the mail we sent you first.")
    return account


async def account_by_id(deps: Deps, account_id: str) -> dict[str, Any] | None:
    async with deps.store.read() as conn:
        return await one(conn, select(customer_accounts).where(customer_accounts.c.id == account_id))
