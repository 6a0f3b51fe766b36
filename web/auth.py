"""Who is asking: staff bearer tokens or the session cookie (with CSRF), customer bearer tokens."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
from dataclasses import dataclass
from datetime import datetime
from http.cookies import SimpleCookie
from typing import Any

import itsdangerous
from sqlalchemy import and_, select
from starlette.background import BackgroundTask
from starlette.requests import Request

from actions import staff_sessions
from actions.accounts import Account, verified_account
from actions.errors import Forbidden, NotFound, Unauthorised
from contract.enums import PersonStatus, Right
from contract.rights import rights_of
from store import Store
from store.queries import one
from store.schema import staff, tenants, users
from store.schema import staff_sessions as sessions

TOKEN_AGE = 60 * 60 * 24 * 30
#: How long after the password the code from the app may follow.
CHALLENGE_AGE = 5 * 60
SESSION_AGE = 60 * 60 * 24 * 14
SESSION_COOKIE = "session"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


@dataclass(frozen=True)
class StaffUser:
    user_id: str
    tenant_id: str
    role: str
    name: str
    email: str
    #: The person's own calendar, if they have one.
    staff_id: str | None
    session_id: str
    rights: frozenset[Right] = frozenset()
    #: The business requires two-factor log-in and the person has not set it up yet: until they
    #: do, they reach only their own account and the set-up.
    two_factor_due: bool = False

    def may(self, right: Right) -> bool:
        return right in self.rights

    def require(self, right: Right) -> None:
        """Refuses, with the right's own message in the person's language, what they may not do."""
        if right not in self.rights:
            raise Forbidden(f"needs_{right.value}", NEEDS[right])

    def sees(self, staff_id: str | None) -> bool:
        """Whether the person sees who and what a calendar's appointments are: their own, or every
        calendar with the right to work in colleagues' calendars."""
        return self.may(Right.BOOK_OTHERS) or (staff_id is not None and staff_id == self.staff_id)

    def require_calendar(self, staff_id: str | None) -> None:
        """Refuses booking, moving or cancelling in a colleague's calendar without the right."""
        if not self.sees(staff_id):
            self.require(Right.BOOK_OTHERS)

    def require_hours(self, staff_id: str | None) -> None:
        """Refuses setting a calendar's hours or closures without the right for it: one's own with
        OWN_HOURS, a colleague's with OTHERS_HOURS, the whole business's with SETTINGS."""
        if staff_id is None:
            self.require(Right.SETTINGS)
        elif staff_id == self.staff_id and self.may(Right.OWN_HOURS):
            return
        else:
            self.require(Right.OTHERS_HOURS if staff_id != self.staff_id else Right.OWN_HOURS)


#: Why a person may not do something: the right it takes, in words the person acts on.
NEEDS: dict[Right, str] = {
    Right.BOOK_OTHERS: "You may only book, move and cancel in your own calendar.",
    Right.OWN_HOURS: "You may not change your own bookable hours.",
    Right.OTHERS_HOURS: "You may not change the hours of your colleagues' calendars.",
    Right.SETTINGS: "You may not change the business's settings.",
    Right.CUSTOMERS: "You may not see the customer database.",
    Right.EXPORT: "You may not export customers or send newsletters.",
    Right.TEAM: "You may not manage the team.",
    Right.LICENCES: "Only the owner may change the licences.",
}


@dataclass(frozen=True)
class StaffClaim:
    """What a genuine, fresh staff token says: whose it is and which session it belongs to."""

    user_id: str
    session_id: str


class Tokens:
    """Signed, expiring bearer tokens for staff and for customers, kept apart by salt."""

    def __init__(self, secret: str) -> None:
        self._staff = itsdangerous.URLSafeTimedSerializer(secret, salt="staff-token")
        self._customer = itsdangerous.URLSafeTimedSerializer(secret, salt="customer-token")
        self._session = itsdangerous.TimestampSigner(secret)
        self._challenge = itsdangerous.URLSafeTimedSerializer(secret, salt="staff-two-factor")

    def staff_token(self, user_id: str, session_id: str) -> str:
        """A staff log-in; it holds as long as the session it names (staff_sessions) is alive."""
        return self._staff.dumps({"u": user_id, "s": session_id})

    def challenge(self, user_id: str, now: datetime) -> str:
        """Says that the password of this account was right; with the code from the app it logs in
        until CHALLENGE_AGE seconds after `now`."""
        return self._challenge.dumps({"u": user_id, "e": now.timestamp() + CHALLENGE_AGE})

    def challenged(self, challenge: str, now: datetime) -> str | None:
        """The account whose password a genuine challenge vouches for, until it runs out."""
        try:
            data = self._challenge.loads(challenge)
        except itsdangerous.BadData:
            return None
        if not isinstance(data, dict):
            return None
        user_id, until = data.get("u"), data.get("e")
        fresh = isinstance(until, float | int) and now.timestamp() < until
        return user_id if isinstance(user_id, str) and fresh else None

    def customer_token(self, account: Account) -> str:
        """A customer's log-in, bound to their password: setting a new one ends every other log-in."""
        return self._customer.dumps({"a": account.id, "p": password_stamp(account)})

    def staff_claim(self, token: str) -> StaffClaim | None:
        user_id = _load(self._staff, token, "u")
        session_id = _load(self._staff, token, "s")
        return StaffClaim(user_id, session_id) if user_id and session_id else None

    def customer_claim(self, token: str) -> tuple[str, str] | None:
        """The account id and password stamp a customer token carries, if it is genuine and fresh."""
        try:
            data = self._customer.loads(token, max_age=TOKEN_AGE)
        except itsdangerous.BadData:
            return None
        claim = (data.get("a"), data.get("p")) if isinstance(data, dict) else (None, None)
        return claim if all(isinstance(part, str) and part for part in claim) else None  # type: ignore[return-value]

    def session_from_cookie(self, cookie_header: str) -> dict[str, Any]:
        """Reads Starlette's session cookie outside a request (for Socket.IO handshakes)."""
        cookie: SimpleCookie = SimpleCookie()
        try:
            cookie.load(cookie_header)
            raw = cookie[SESSION_COOKIE].value.encode()
            data = self._session.unsign(raw, max_age=SESSION_AGE)
            session = json.loads(base64.b64decode(data))
        except (KeyError, itsdangerous.BadSignature, ValueError):
            return {}
        return session if isinstance(session, dict) else {}


def _load(serializer: itsdangerous.URLSafeTimedSerializer, token: str, key: str) -> str | None:
    try:
        data = serializer.loads(token, max_age=TOKEN_AGE)
    except itsdangerous.BadData:
        return None
    value = data.get(key) if isinstance(data, dict) else None
    return value if isinstance(value, str) else None


def bearer(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


def csrf_token(request: Request) -> str:
    """The session's CSRF token, created on first use; pages put it in forms and a meta tag."""
    token = request.session.get("csrf")
    if not isinstance(token, str):
        token = secrets.token_urlsafe(24)
        request.session["csrf"] = token
    return token


def check_csrf(request: Request, supplied: str | None) -> None:
    expected = request.session.get("csrf")
    if not isinstance(expected, str) or not supplied or not hmac.compare_digest(expected, supplied):
        raise Forbidden("csrf_failed", "The form expired. Please reload the page and try again.")


async def load_staff(store: Store, claim: StaffClaim | None) -> StaffUser | None:
    """The person a token claims, in one read, only while the session it names is alive."""
    if claim is None:
        return None
    query = (
        select(users, staff.c.id.label("own_calendar"), tenants.c.require_two_factor)
        .select_from(
            sessions.join(users, users.c.id == sessions.c.user_id)
            .join(tenants, tenants.c.id == users.c.tenant_id)
            .outerjoin(staff, staff.c.user_id == users.c.id)
        )
        .where(
            and_(
                sessions.c.id == claim.session_id,
                sessions.c.user_id == claim.user_id,
                users.c.status == PersonStatus.ACTIVE,
            )
        )
        .limit(1)
    )
    async with store.read() as conn:
        user = await one(conn, query)
    if user is None:
        return None
    return StaffUser(
        user_id=user["id"],
        tenant_id=user["tenant_id"],
        role=user["role"],
        name=user["name"],
        email=user["email"],
        staff_id=user["own_calendar"],
        session_id=claim.session_id,
        rights=rights_of(user["role"], user["rights"] or []),
        two_factor_due=bool(user["require_two_factor"]) and user["totp_secret"] is None,
    )


def staff_claim(request: Request, token: Any) -> StaffClaim | None:
    tokens: Tokens = request.app.state.tokens
    return tokens.staff_claim(token) if isinstance(token, str) else None


async def staff_user(request: Request) -> StaffUser:
    """The signed-in staff member, from a bearer token or from the session cookie plus CSRF header;
    looked up once per request."""
    known: StaffUser | None = getattr(request.state, "staff_user", None)
    if known is not None:
        return known
    token = bearer(request)
    if token is None:
        token = request.session.get("staff_token")
        if token and request.method not in SAFE_METHODS:
            check_csrf(request, request.headers.get("x-csrf-token"))
    user = await load_staff(request.app.state.deps.store, staff_claim(request, token))
    if user is None:
        raise Unauthorised("unauthorised", "Please log in.")
    request.state.staff_user = user
    request.state.tenant_id = user.tenant_id  # for the request's log line
    return user


async def sign_in(request: Request, user_id: str, tenant_id: str) -> str:
    """Starts a staff session and returns its token."""
    device = request.headers.get("user-agent", "")
    session_id = await staff_sessions.start(request.app.state.deps, user_id, tenant_id, device)
    tokens: Tokens = request.app.state.tokens
    return tokens.staff_token(user_id, session_id)


def end_connections(request: Request, session_ids: tuple[str, ...]) -> BackgroundTask:
    """Closes the Socket.IO connections of ended sessions once the answer has left.

    After the answer, so that a page which carries on in a fresh session has its new cookie before
    its live connection is closed and reconnects.
    """
    return BackgroundTask(request.app.state.deps.realtime.end_sessions, session_ids)


def password_stamp(account: Account) -> str:
    """A short digest of the account's password hash; it changes whenever the password does."""
    return hashlib.sha256(account.password_hash.encode()).hexdigest()[:16]


async def customer_account(request: Request) -> Account:
    """The verified customer account whose bearer token came with the request; looked up once per
    request."""
    known: Account | None = getattr(request.state, "customer_account", None)
    if known is not None:
        return known
    tokens: Tokens = request.app.state.tokens
    token = bearer(request)
    claim = tokens.customer_claim(token) if token else None
    if claim is None:
        raise Unauthorised("unauthorised", "Please log in with your customer account.")
    account_id, stamp = claim
    try:
        account = await verified_account(request.app.state.deps, account_id)
    except NotFound:  # the account was deleted since the token was issued
        raise Unauthorised("unauthorised", "Please log in with your customer account.") from None
    if not hmac.compare_digest(stamp, password_stamp(account)):
        raise Unauthorised("unauthorised", "Please log in with your customer account.")
    request.state.customer_account = account
    return account
