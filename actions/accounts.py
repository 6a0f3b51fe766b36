"""Customer accounts, one for every business: registration, e-mail verification, log-in, password
reset and the customer's own profile."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Mapping
from dataclasses import asdict, dataclass, replace
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, insert, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from actions.business import check_password_rule
from actions.context import Deps, Work
from actions.errors import Forbidden, Gone, NotFound, Unauthorised
from actions.passwords import check_password, hash_password
from actions.proposals import propose_profile_changes
from contract.accounts import NewAccount, Profile, ProfileChange
from contract.enums import Language
from mail.messages import render
from mail.outbox import enqueue
from store.queries import new_id, one
from store.schema import account_tokens, customer_accounts

VERIFY_VALID = timedelta(hours=48)
RESET_VALID = timedelta(hours=1)


@dataclass(frozen=True, slots=True)
class Account:
    """A customer's account, the same for every business they book with."""

    id: str
    email: str
    password_hash: str
    first_name: str
    last_name: str
    phone: str
    language: Language
    verified_at: datetime | None
    created_at: datetime

    @classmethod
    def from_mapping(cls, mapping: Mapping[str, Any]) -> Account:
        return cls(**{**mapping, "language": Language(mapping["language"])})

    @property
    def name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    def fields(self) -> dict[str, Any]:
        """The account as the customer database's proposals read it, field by field."""
        return asdict(self)

    def profile(self) -> Profile:
        return Profile(
            email=self.email,
            first_name=self.first_name,
            last_name=self.last_name,
            phone=self.phone,
            language=self.language,
        )


async def _account_where(conn: AsyncConnection, condition: Any) -> Account | None:
    row = await one(conn, select(customer_accounts).where(condition))
    return Account.from_mapping(row) if row else None


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


async def register(deps: Deps, new: NewAccount) -> None:
    """Creates an unverified account and mails the verification link. An address with a verified
    account gets a note instead, with a link to set a new password: its owner learns that the
    account exists, and nobody else does.

    Callers run this after answering, so that its duration tells nothing of existing accounts.
    """
    password_hash = await hash_password(new.password)
    now = deps.clock()
    async with deps.work() as work:
        conn = work.conn
        existing = await _account_where(conn, customer_accounts.c.email == new.email)
        if existing and existing.verified_at is not None:
            await _mail_reset_link(deps, work, existing, "account_exists")
            return
        profile = {
            "password_hash": password_hash,
            "first_name": new.first_name,
            "last_name": new.last_name,
            "phone": new.phone or "",
            "language": new.language,
        }
        if existing:
            account_id = existing.id
            await conn.execute(
                update(customer_accounts).where(customer_accounts.c.id == account_id).values(**profile)
            )
        else:
            account_id = new_id()
            await conn.execute(
                insert(customer_accounts).values(id=account_id, email=new.email, created_at=now, **profile)
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
        message = render(
            "verify_account",
            new.email,
            language=new.language,
            first_name=new.first_name,
            link=f"{deps.settings.public_url}/verify/{token}",
            valid_hours=int(VERIFY_VALID.total_seconds() // 3600),
        )
        await enqueue(conn, message, now=now)
        work.mailed()


async def _use_token(
    conn: AsyncConnection, token: str, purpose: str, now: datetime, what: str, *, used: str, expired: str
) -> str:
    """Marks a mailed token used and returns its account's id; a token works once and for a
    limited time."""
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
    return str(row["account_id"])


async def _mark_verified(conn: AsyncConnection, account_id: str, now: datetime) -> None:
    await conn.execute(
        update(customer_accounts)
        .where(and_(customer_accounts.c.id == account_id, customer_accounts.c.verified_at.is_(None)))
        .values(verified_at=now)
    )


async def verify(deps: Deps, token: str) -> None:
    """Marks the account verified; a link works once and for a limited time."""
    now = deps.clock()
    async with deps.work() as work:
        account_id = await _use_token(
            work.conn,
            token,
            "verify",
            now,
            "The verification link",
            used="This link was already used. You can log in.",
            expired="This link has expired. Register again to get a new one.",
        )
        await _mark_verified(work.conn, account_id, now)


async def request_reset(deps: Deps, email: str) -> None:
    """Mails a one-hour, single-use link to set a new password where the account exists.

    Callers run this after answering, so that its duration tells nothing of whether it does.
    """
    async with deps.work() as work:
        account = await _account_where(work.conn, customer_accounts.c.email == email.strip().lower())
        if account is None:
            return
        await _mail_reset_link(deps, work, account, "password_reset")


async def _mail_reset_link(deps: Deps, work: Work, account: Account, kind: str) -> None:
    """Mails the mail `kind` with a one-hour, single-use link to set a new password."""
    now = deps.clock()
    token = secrets.token_urlsafe(32)
    await work.conn.execute(
        insert(account_tokens).values(
            token_hash=token_hash(token),
            account_id=account.id,
            purpose="reset",
            expires_at=now + RESET_VALID,
        )
    )
    message = render(
        kind,
        account.email,
        language=account.language,
        first_name=account.first_name,
        link=f"{deps.settings.public_url}/account/reset/{token}"
        + ("?lang=en" if account.language == Language.EN else ""),
        valid_minutes=int(RESET_VALID.total_seconds() // 60),
    )
    await enqueue(work.conn, message, now=now)
    work.mailed()


async def reset_password(deps: Deps, token: str, password: str) -> None:
    """Sets the new password from a reset link; it also verifies the address, which the mail reached.

    The password rule is checked here too, for the link's own page, whose form no model reads.
    """
    password = check_password_rule(password)
    password_hash = await hash_password(password)
    now = deps.clock()
    async with deps.work() as work:
        conn = work.conn
        account_id = await _use_token(
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
            .where(customer_accounts.c.id == account_id)
            .values(password_hash=password_hash)
        )
        await _mark_verified(conn, account_id, now)
        # Any other reset link still out there is void now.
        await conn.execute(
            update(account_tokens)
            .where(
                and_(
                    account_tokens.c.account_id == account_id,
                    account_tokens.c.purpose == "reset",
                    account_tokens.c.used_at.is_(None),
                )
            )
            .values(used_at=now)
        )


async def change_password(deps: Deps, account: Account, *, current: str, new: str) -> Account:
    """Sets a new password for a logged-in customer, who must give the current one again.

    Returns the account as it is now; log-ins made with the old password no longer count.
    """
    if not await check_password(account.password_hash, current):
        raise Forbidden("wrong_password", "The current password is not right.", field="current_password")
    password_hash = await hash_password(new)
    async with deps.work() as work:
        await work.conn.execute(
            update(customer_accounts)
            .where(customer_accounts.c.id == account.id)
            .values(password_hash=password_hash)
        )
    return replace(account, password_hash=password_hash)


async def update_profile(deps: Deps, account_id: str, changes: ProfileChange) -> Profile:
    """Changes any of first name, last name, phone and language; the address stays."""
    values = changes.model_dump(exclude_none=True)
    async with deps.work() as work:
        before = await _account_where(work.conn, customer_accounts.c.id == account_id)
        if before is None:
            raise NotFound("The account")
        if values:
            await work.conn.execute(
                update(customer_accounts).where(customer_accounts.c.id == account_id).values(**values)
            )
        after = replace(before, **values)
        # The businesses that keep a record of this customer see the change and decide on it.
        work.emit_all(await propose_profile_changes(work.conn, before.fields(), after.fields(), deps.clock()))
    return after.profile()


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


async def login(deps: Deps, *, email: str, password: str) -> Account:
    async with deps.store.read() as conn:
        account = await _account_where(conn, customer_accounts.c.email == email.strip().lower())
    if not await check_password(account.password_hash if account else None, password) or not account:
        raise Unauthorised("bad_credentials", "E-mail or password is wrong.")
    if account.verified_at is None:
        raise Forbidden("email_unverified", "Please open the link in the mail we sent you first.")
    return account


async def verified_account(deps: Deps, account_id: str) -> Account:
    """The account a customer's token names, once its address is verified."""
    async with deps.store.read() as conn:
        account = await _account_where(conn, customer_accounts.c.id == account_id)
    if account is None:
        raise NotFound("The account")
    if account.verified_at is None:
        raise Forbidden("email_unverified", "Please open the link in the mail we sent you first.")
    return account
