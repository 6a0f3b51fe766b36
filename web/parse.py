"""Reading request input before any model sees it: a body that is no JSON object, nests too deep or
holds text that is no valid Unicode or a NUL is a 400, and so is such a form; the models of
`contract/` check the rest."""

from __future__ import annotations

import json
from collections import deque
from typing import Any

from starlette.datastructures import FormData
from starlette.requests import Request

from actions.errors import BadInput
from web import textcheck

#: No body of this API nests deeper; a limit keeps every walk over a body shallow.
MAX_DEPTH = 32
_TOO_DEEP = f"The request body is nested more than {MAX_DEPTH} levels deep."


async def json_body(request: Request) -> dict[str, Any]:
    raw = await request.body()  # no larger than `web.bodylimit` lets through
    if not raw:  # no body at all: an operation whose fields are all optional takes it as {}
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
