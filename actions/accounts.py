"""Customer accounts, one for every business: registration, e-mail verification and log-in."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta
from typing import Any

from sqlalchemy import and_, insert, select, update

from actions.business import check_email, check_password_rule
from actions.context import Deps
from actions.errors import BadInput, Forbidden, Gone, NotFound, Unauthorised
from actions.passwords import check_password, hash_password
from mail.messages import render
from mail.outbox import enqueue
from store.queries import new_id, one
from store.schema import account_tokens, customer_accounts

VERIFY_VALID = timedelta(hours=48)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _name(data: dict[str, Any], key: str) -> str:
    value = data.get(key)
    if not isinstance(value, str) or not value.strip() or len(value) > 100:
        raise BadInput("invalid_name", f"Please give your {key.replace('_', ' ')}.", field=key)
    return value.strip()


async def register(deps: Deps, data: dict[str, Any]) -> None:
    """Creates an unverified account and mails the verification link; says nothing of existing ones."""
    email = check_email(str(data.get("email", "")))
    password = check_password_rule(str(data.get("password", "")))
    first, last = _name(data, "first_name"), _name(data, "last_name")
    phone = data.get("phone") or ""
    if not isinstance(phone, str) or len(phone) > 50:
        raise BadInput("invalid_phone", "The phone number is too long.", field="phone")
    language = data.get("language", "de")
    if language not in ("de", "en"):
        raise BadInput("invalid_language", "language is 'de' or 'en'.", field="language")
    password_hash = await hash_password(password)
    now = deps.clock()
    async with deps.store.write() as conn:
        existing = await one(conn, select(customer_accounts).where(customer_accounts.c.email == email))
        if existing and existing["verified_at"] is not None:
            return  # already verified: they can log in or reset their password
        if existing:
            account_id = existing["id"]
            await conn.execute(
                update(customer_accounts)
                .where(customer_accounts.c.id == account_id)
                .values(
                    password_hash=password_hash,
                    first_name=first,
                    last_name=last,
                    phone=phone.strip(),
                )
            )
        else:
            account_id = new_id()
            await conn.execute(
                insert(customer_accounts).values(
                    id=account_id,
                    email=email,
                    password_hash=password_hash,
                    first_name=first,
                    last_name=last,
                    phone=phone.strip(),
                    language=language,
                    created_at=now,
                )
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
            first_name=first,
            link=link,
            valid_hours=int(VERIFY_VALID.total_seconds() // 3600),
        )
        await enqueue(conn, message, now=now)
    await deps.notify([], mail=True)


async def verify(deps: Deps, token: str) -> None:
    """Marks the account verified; a link works once and for a limited time."""
    now = deps.clock()
    async with deps.store.write() as conn:
        row = await one(
            conn,
            select(account_tokens).where(
                and_(
                    account_tokens.c.token_hash == token_hash(token),
                    account_tokens.c.purpose == "verify",
                )
            ),
        )
        if row is None:
            raise NotFound("The verification link", "This verification link is not valid.")
        if row["used_at"] is not None:
            raise Gone("token_used", "This link was already used. You can log in.")
        if row["expires_at"] <= now:
            raise Gone("token_expired", "This link has expired. Register again to get a new one.")
        await conn.execute(
            update(account_tokens).where(account_tokens.c.token_hash == row["token_hash"]).values(used_at=now)
        )
        await conn.execute(
            update(customer_accounts)
            .where(
                and_(
                    customer_accounts.c.id == row["account_id"],
                    customer_accounts.c.verified_at.is_(None),
                )
            )
            .values(verified_at=now)
        )


async def token_state(deps: Deps, token: str) -> str:
    """What the verification page should offer: "ask", "used", "expired" or "unknown"."""
    async with deps.store.read() as conn:
        row = await one(conn, select(account_tokens).where(account_tokens.c.token_hash == token_hash(token)))
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
