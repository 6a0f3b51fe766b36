"""Who is asking: staff bearer tokens or the session cookie (with CSRF), customer bearer tokens."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
from dataclasses import dataclass
from http.cookies import SimpleCookie
from typing import Any

import itsdangerous
from sqlalchemy import select
from starlette.requests import Request

from actions.context import Deps
from actions.errors import Forbidden, Unauthorised
from actions.holds import verified_account
from store.queries import one
from store.schema import staff, users

TOKEN_AGE = 60 * 60 * 24 * 30
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
    staff_id: str | None


class Tokens:
    """Signed, expiring bearer tokens for staff and for customers, kept apart by salt."""

    def __init__(self, secret: str) -> None:
        self._staff = itsdangerous.URLSafeTimedSerializer(secret, salt="staff-token")
        self._customer = itsdangerous.URLSafeTimedSerializer(secret, salt="customer-token")
        self._session = itsdangerous.TimestampSigner(secret)

    def staff_token(self, user_id: str) -> str:
        return self._staff.dumps({"u": user_id})

    def customer_token(self, account: dict[str, Any]) -> str:
        """A customer's log-in, bound to their password: setting a new one ends every other log-in."""
        return self._customer.dumps({"a": account["id"], "p": password_stamp(account)})

    def staff_user_id(self, token: str) -> str | None:
        return _load(self._staff, token, "u")

    def customer_claim(self, token: str) -> tuple[str, str] | None:
        """The account id and password stamp a customer token carries, if it is genuine and fresh."""
        account_id = _load(self._customer, token, "a")
        stamp = _load(self._customer, token, "p")
        return (account_id, stamp) if account_id and stamp else None

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


async def load_staff(deps: Deps, user_id: str) -> StaffUser | None:
    async with deps.store.read() as conn:
        user = await one(conn, select(users).where(users.c.id == user_id))
        if user is None:
            return None
        own = await one(conn, select(staff.c.id).where(staff.c.user_id == user_id))
    return StaffUser(
        user_id=user["id"],
        tenant_id=user["tenant_id"],
        role=user["role"],
        name=user["name"],
        email=user["email"],
        staff_id=own["id"] if own else None,
    )


async def staff_user(request: Request) -> StaffUser:
    """The signed-in staff member, from a bearer token or from the session cookie plus CSRF header."""
    deps: Deps = request.app.state.deps
    tokens: Tokens = request.app.state.tokens
    token = bearer(request)
    if token is None:
        token = request.session.get("staff_token")
        if token and request.method not in SAFE_METHODS:
            check_csrf(request, request.headers.get("x-csrf-token"))
    user_id = tokens.staff_user_id(token) if isinstance(token, str) else None
    user = await load_staff(deps, user_id) if user_id else None
    if user is None:
        raise Unauthorised("unauthorised", "Please log in.")
    return user


def password_stamp(account: dict[str, Any]) -> str:
    """A short digest of the account's password hash; it changes whenever the password does."""
    return hashlib.sha256(account["password_hash"].encode()).hexdigest()[:16]


async def customer_account(request: Request) -> dict[str, Any]:
    """The verified customer account whose bearer token came with the request."""
    tokens: Tokens = request.app.state.tokens
    token = bearer(request)
    claim = tokens.customer_claim(token) if token else None
    if claim is None:
        raise Unauthorised("unauthorised", "Please log in with your customer account.")
    account_id, stamp = claim
    account = await verified_account(request.app.state.deps, account_id)
    if not hmac.compare_digest(stamp, password_stamp(account)):
        raise Unauthorised("unauthorised", "Please log in with your customer account.")
    return account
