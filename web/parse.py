"""Reading request input strictly: a wrong type or shape is a 400 with a field name, never a 500."""

from __future__ import annotations

import json
import re
from collections import deque
from collections.abc import Mapping
from datetime import date, datetime
from typing import Any, TypeVar

from starlette.datastructures import FormData
from starlette.requests import Request

from actions.errors import BadInput
from web import textcheck

T = TypeVar("T")
#: No body of this API nests deeper; a limit keeps every walk over a body shallow.
MAX_DEPTH = 32
_TOO_DEEP = f"The request body is nested more than {MAX_DEPTH} levels deep."
#: The dates a request may name. Outside them lie typing slips and probes, and the ends of Python's
#: calendar, where a day's bounds overflow; inside, both databases store and order every instant alike.
EARLIEST = date(1900, 1, 1)
LATEST = date(2200, 12, 31)
_RANGE = f"from {EARLIEST.isoformat()} to {LATEST.isoformat()}"
#: int() also reads other scripts' digits ("١٢") and fails on some that isdigit() accepts ("²").
_ASCII_NUMBER = re.compile(r"[0-9]{1,9}")


async def json_body(request: Request) -> dict[str, Any]:
    raw = await request.body()  # no larger than `web.bodylimit` lets through
    if not raw.strip():
        return {}
    try:
        body = json.loads(raw)
    except RecursionError as error:
        raise BadInput("invalid_json", _TOO_DEEP) from error
    except (ValueError, UnicodeDecodeError) as error:
        raise BadInput("invalid_json", "The request body is not valid JSON.") from error
    if not isinstance(body, dict):
        raise BadInput("invalid_json", "The request body must be a JSON object.")
    refuse_bad_text(body)
    return body


async def form(request: Request) -> FormData:
    """A page's posted form, refused whole when a name or value is no text `web.textcheck` accepts."""
    if request.headers.get("content-type", "").startswith("application/x-www-form-urlencoded"):
        # Starlette decodes a form leniently (bad bytes become U+FFFD); the raw form is checked first.
        fault = textcheck.encoded_fault(await request.body())
        if fault:
            raise BadInput("invalid_text", fault)
    data = await request.form()
    refuse_bad_text({key: value for key, value in data.multi_items() if isinstance(value, str)})
    return data


def refuse_bad_text(value: Any) -> None:
    """Every key and text in a body must be text `web.textcheck` accepts, nested `MAX_DEPTH` deep at most.

    The walk keeps its own stack, so no body can exhaust Python's.
    """
    pending: deque[tuple[Any, str | None, int]] = deque([(value, None, 0)])
    while pending:
        item, field, depth = pending.popleft()
        if isinstance(item, str):
            fault = textcheck.fault(item)
            if fault:
                raise BadInput("invalid_text", fault, field=field)
        elif isinstance(item, dict | list):
            if depth >= MAX_DEPTH:
                raise BadInput("invalid_json", _TOO_DEEP)
            if isinstance(item, list):
                pending.extend((inner, field, depth + 1) for inner in item)
                continue
            for key, inner in item.items():
                pending.append((key, field, depth + 1))
                pending.append((inner, key if field is None else field, depth + 1))


def text(
    body: dict[str, Any], name: str, *, required: bool = True, default: str = "", limit: int = 5000
) -> str:
    value = body.get(name)
    if value is None:
        if required:
            raise BadInput("missing_field", f"{name} is required.", field=name)
        return default
    if not isinstance(value, str):
        raise BadInput("invalid_field", f"{name} must be text.", field=name)
    if len(value) > limit:
        raise BadInput("invalid_field", f"{name} is longer than {limit} characters.", field=name)
    return value


def integer(body: dict[str, Any], name: str, *, required: bool = True, default: int = 0) -> int:
    value = body.get(name)
    if value is None:
        if required:
            raise BadInput("missing_field", f"{name} is required.", field=name)
        return default
    if isinstance(value, bool) or not isinstance(value, int):
        raise BadInput("invalid_field", f"{name} must be a whole number.", field=name)
    return value


def query_number(query: Mapping[str, str], name: str, *, default: int, low: int, high: int) -> int:
    """A whole number from `low` to `high` in the query, written in ASCII digits; `default` when absent."""
    raw = query.get(name)
    if raw is None:
        return default
    if not _ASCII_NUMBER.fullmatch(raw) or not low <= int(raw) <= high:
        raise BadInput("invalid_field", f"{name} is a whole number from {low} to {high}.", field=name)
    return int(raw)


def identifier(body: dict[str, Any], name: str, *, required: bool = True) -> str | None:
    value = body.get(name)
    if value is None and not required:
        return None
    if value is None:
        raise BadInput("missing_field", f"{name} is required.", field=name)
    if not isinstance(value, str) or not value:
        raise BadInput("invalid_field", f"{name} must be an id (text).", field=name)
    return value


def instant(value: Any, name: str) -> datetime:
    """An ISO 8601 time with its UTC offset, on a day from `EARLIEST` to `LATEST` as written; one
    without an offset is refused as ambiguous."""
    if not isinstance(value, str):
        raise BadInput(
            "missing_field" if value is None else "invalid_time", f"{name} is required.", field=name
        )
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError as error:
        raise BadInput("invalid_time", f"{name} must be an ISO 8601 time with offset.", field=name) from error
    if parsed.tzinfo is None:
        raise BadInput("invalid_time", f"{name} needs its UTC offset, e.g. +01:00.", field=name)
    if not EARLIEST <= parsed.date() <= LATEST:
        raise BadInput("invalid_time", f"{name} must be a time on a day {_RANGE}.", field=name)
    return parsed


def day(value: Any, name: str) -> date:
    """A date YYYY-MM-DD from `EARLIEST` to `LATEST`."""
    if not isinstance(value, str):
        raise BadInput(
            "missing_field" if value is None else "invalid_date", f"{name} is required.", field=name
        )
    try:
        parsed = date.fromisoformat(value)
    except ValueError as error:
        raise BadInput("invalid_date", f"{name} must be a date YYYY-MM-DD.", field=name) from error
    if not EARLIEST <= parsed <= LATEST:
        raise BadInput("invalid_date", f"{name} must be a date {_RANGE}.", field=name)
    return parsed


def day_or_instant(value: Any, name: str) -> date | datetime:
    """A range bound: a plain date means a local day; a time with offset means that instant."""
    if isinstance(value, str) and len(value) == 10:
        return day(value, name)
    return instant(value, name)
