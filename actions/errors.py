"""Failures a person can act on, each with an HTTP status and a stable code."""

from __future__ import annotations

from typing import Any


class ActionError(Exception):
    status = 400

    def __init__(self, code: str, message: str, **extra: Any) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.extra = extra


class BadInput(ActionError):
    status = 400


class Unauthorised(ActionError):
    status = 401


class Forbidden(ActionError):
    status = 403


class NotFound(ActionError):
    status = 404

    def __init__(self, what: str, message: str | None = None) -> None:
        super().__init__("not_found", message or f"{what} was not found.")
        self.what = what


class Conflict(ActionError):
    status = 409


class Gone(ActionError):
    status = 410


class WrongCode(ActionError):
    status = 422


class TooLarge(ActionError):
    status = 413


class TooMany(ActionError):
    status = 429


class Unavailable(ActionError):
    """Something the product relies on (the database, a row another writer holds) cannot answer now;
    trying again in a moment will do."""

    status = 503
