"""The customer database through the staff API: list and search, records with their history,
groups, proposals from customers' own profile changes, CSV export and import, newsletters."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from actions import (
    customer_csv,
    customer_erasure,
    customer_groups,
    customer_history,
    customer_search,
    customers,
    newsletter,
    proposals,
)
from actions.context import Deps
from actions.errors import BadInput
from web import i18n, parse
from web.api.edge import Api
from web.auth import staff_user

api = Api()


def _deps(request: Request) -> Deps:
    return request.app.state.deps


def _search(request: Request) -> customer_search.Search:
    query = request.query_params
    return customer_search.Search(
        text=query.get("q", "")[:200],
        group_ids=tuple(dict.fromkeys(query.getlist("group"))),
        page=parse.query_number(query, "page", default=1, low=1, high=1_000_000),
        per_page=parse.query_number(query, "per_page", default=50, low=1, high=customer_search.MOST_PER_PAGE),
    )


async def customer_list(request: Request) -> Response:
    user = await staff_user(request)
    if request.method == "GET":
        return JSONResponse(await customer_search.search(_deps(request), user.tenant_id, _search(request)))
    body = await parse.json_body(request)
    customer_id = await customers.create(_deps(request), user.tenant_id, body)
    return JSONResponse({"id": customer_id}, status_code=201)


async def customer_item(request: Request) -> Response:
    user = await staff_user(request)
    deps = _deps(request)
    customer_id = request.path_params["customer_id"]
    if request.method == "DELETE":
        await customer_erasure.erase(deps, user.tenant_id, customer_id)
        return Response(status_code=204)
    if request.method == "PATCH":
        body = await parse.json_body(request)
        return JSONResponse(await customers.update_record(deps, user.tenant_id, customer_id, body))
    shown = await customer_history.detail(
        deps,
        user.tenant_id,
        customer_id,
        past_limit=parse.query_number(
            request.query_params, "past_limit", default=50, low=1, high=customer_history.MOST_PAST
        ),
        past_before=request.query_params.get("past_before") or None,
    )
    return JSONResponse(shown)


async def proposal_decision(request: Request) -> Response:
    user = await staff_user(request)
    body = await parse.json_body(request)
    decided = await proposals.decide(
        _deps(request), user.tenant_id, request.path_params["customer_id"], body.get("take")
    )
    return JSONResponse(decided)


async def proposal_list(request: Request) -> Response:
    user = await staff_user(request)
    return JSONResponse({"proposals": await proposals.listed(_deps(request), user.tenant_id)})


async def group_list(request: Request) -> Response:
    user = await staff_user(request)
    if request.method == "GET":
        return JSONResponse({"groups": await customer_groups.listed(_deps(request), user.tenant_id)})
    body = await parse.json_body(request)
    made = await customer_groups.add(_deps(request), user.tenant_id, body.get("name"))
    return JSONResponse(made, status_code=201)


async def group_item(request: Request) -> Response:
    user = await staff_user(request)
    group_id = request.path_params["group_id"]
    if request.method == "DELETE":
        await customer_groups.remove(_deps(request), user.tenant_id, group_id)
        return Response(status_code=204)
    body = await parse.json_body(request)
    return JSONResponse(
        await customer_groups.rename(_deps(request), user.tenant_id, group_id, body.get("name"))
    )


async def export_csv(request: Request) -> Response:
    user = await staff_user(request)
    text = await customer_csv.export(_deps(request), user.tenant_id)
    return Response(
        text.encode(),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="kunden.csv"'},
    )


async def _upload(request: Request) -> bytes:
    """The request body, refused as soon as it grows past the import's limit."""
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > customer_csv.MOST_BYTES:
            raise BadInput("csv_too_large", "The file is larger than 5 MB. Please split it.")
        chunks.append(chunk)
    return b"".join(chunks)


def _rejected(request: Request, parsed: customer_csv.Parsed) -> list[dict[str, Any]]:
    lang = i18n.language(request)
    return [
        {
            "line": item.line,
            "code": item.error.code,
            "field": item.error.extra.get("field"),
            "reason": i18n.message(item.error, lang),
        }
        for item in parsed.rejected
    ]


async def import_csv(request: Request) -> Response:
    user = await staff_user(request)
    raw = await _upload(request)
    if request.query_params.get("dry_run", "0") not in ("0", "false", ""):
        parsed, preview = await customer_csv.preview(_deps(request), user.tenant_id, raw)
        return JSONResponse(
            {
                "columns": parsed.columns,
                "preview": preview,
                "accepted": len(parsed.rows),
                "rejected": _rejected(request, parsed),
            }
        )
    parsed = await customer_csv.import_rows(_deps(request), user.tenant_id, raw)
    return JSONResponse({"imported": len(parsed.rows), "rejected": _rejected(request, parsed)})


async def newsletter_list(request: Request) -> Response:
    user = await staff_user(request)
    deps = _deps(request)
    if request.method == "GET":
        return JSONResponse({"newsletters": await newsletter.listed(deps, user.tenant_id)})
    body = await parse.json_body(request)
    dry_run = body.get("dry_run", False)
    if not isinstance(dry_run, bool):
        raise BadInput("invalid_field", "dry_run is true or false.", field="dry_run")
    sent = await newsletter.send(deps, user.tenant_id, user.user_id, body, dry_run=dry_run)
    return JSONResponse(sent, status_code=200 if dry_run else 202)


routes = [
    Route("/customers", customer_list, methods=["GET", "POST"]),
    Route("/customers/export.csv", export_csv, methods=["GET"]),
    Route("/customers/import", import_csv, methods=["POST"]),
    Route("/customers/{customer_id}", customer_item, methods=["GET", "PATCH", "DELETE"]),
    Route("/customers/{customer_id}/proposal", proposal_decision, methods=["POST"]),
    Route("/customer-proposals", proposal_list, methods=["GET"]),
    Route("/customer-groups", group_list, methods=["GET", "POST"]),
    Route("/customer-groups/{group_id}", group_item, methods=["PATCH", "DELETE"]),
    Route("/newsletters", newsletter_list, methods=["GET", "POST"]),
]
