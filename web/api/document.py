"""The OpenAPI 3.1 document of the declared operations (`web.api.edge`) and of the live events:
every schema generated from the models, every error the common error body with its codes."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Literal

from pydantic import BaseModel
from pydantic.json_schema import models_json_schema
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from contract.events import EVENTS, MEANINGS, PUBLIC_EVENTS
from web.api.edge import STAFF, Api, ErrorBody, Operation

#: Error codes any operation may answer with, by status, besides its own.
COMMON_ERRORS: dict[int, tuple[str, ...]] = {
    429: ("too_many_requests",),
    503: ("busy", "unavailable"),
}
_BODY_ERRORS = ("invalid_json", "invalid_text", "missing_field", "invalid_field", "unknown_field")
_DESCRIPTIONS = {
    200: "OK",
    201: "Created",
    202: "Accepted",
    204: "No content",
    400: "The request is not what the operation takes",
    401: "Not logged in",
    403: "Not allowed",
    404: "Not found",
    409: "In conflict with what is stored",
    410: "No longer there",
    413: "Too large",
    422: "Wrong code",
    429: "Too many tries",
    503: "Briefly unavailable; try again",
}


def document(api: Api, *, title: str, version: str, server: str) -> dict[str, Any]:
    """The OpenAPI 3.1 document of `api`, every schema generated from the models."""
    keyed: list[tuple[tuple[str, str], type[BaseModel], Literal["validation", "serialization"]]] = []
    for op in api.operations:
        for model, mode in ((op.body, "validation"), (op.query, "validation"), (op.answer, "serialization")):
            if model is not None:
                keyed.append(((model.__name__, mode), model, mode))  # type: ignore[arg-type]
        for model in op.also.values():
            keyed.append(((model.__name__, "serialization"), model, "serialization"))
    for name, model in api.extra_schemas.items():
        keyed.append(((name, "serialization"), model, "serialization"))
    keyed.append((("ErrorBody", "serialization"), ErrorBody, "serialization"))
    refs, top = models_json_schema(
        [(model, mode) for _, model, mode in keyed], ref_template="#/components/schemas/{model}"
    )
    schemas: dict[str, Any] = dict(top.get("$defs", {}))
    ref_of = {key: refs[(model, mode)] for key, model, mode in keyed}

    paths: dict[str, dict[str, Any]] = {}
    for op in api.operations:
        paths.setdefault(op.path, {})[op.method.lower()] = _operation(op, ref_of, schemas)
    events: dict[str, Any] = {}
    for name in api.extra_schemas:
        component = f"event.{name}"
        schemas[component] = {
            "title": name,
            "description": api.event_notes.get(name, ""),
            "allOf": [ref_of[(name, "serialization")]],
        }
        events[name] = {
            "room": api.event_rooms.get(name, "staff"),
            "payload": {"$ref": f"#/components/schemas/{component}"},
        }
    return {
        "openapi": "3.1.0",
        "info": {"title": title, "version": version},
        "servers": [{"url": server}],
        "paths": paths,
        "components": {
            "securitySchemes": {
                "bearer": {"type": "http", "scheme": "bearer"},
                "session": {"type": "apiKey", "in": "cookie", "name": "session"},
            },
            "schemas": schemas,
        },
        **({"x-socket-events": events} if events else {}),
    }


def document_route(apis: Sequence[Api]) -> Route:
    """`GET /openapi.json`: the document of these APIs' operations and of the live events, made once,
    when first asked for: generating every schema takes longer than the rest of the app's start."""
    whole = Api(
        [op for api in apis for op in api.operations],
        extra_schemas=dict(EVENTS),
        event_rooms={name: "public" if name in PUBLIC_EVENTS else "staff" for name in EVENTS},
        event_notes=MEANINGS,
    )
    made: list[dict[str, Any]] = []

    async def openapi(request: Request) -> Response:
        if not made:
            made.append(document(whole, title="Termine API", version="1", server="/api/v1"))
        return JSONResponse(made[0])

    return Route("/openapi.json", openapi, methods=["GET"])


def _operation(op: Operation, ref_of: dict[tuple[str, str], Any], schemas: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {"summary": op.summary, "operationId": f"{op.method.lower()}{_camel(op.path)}"}
    if op.description:
        out["description"] = op.description
    out["security"] = op.security
    if op.right is not None:
        out["x-right"] = op.right.value
    parameters = [
        {"name": name, "in": "path", "required": True, "schema": {"type": "string", "minLength": 1}}
        for name in _path_names(op.path)
    ]
    if op.query is not None:
        query_schema = op.query.model_json_schema(ref_template="#/components/schemas/{model}")
        required = set(query_schema.get("required", []))
        for name, prop in query_schema.get("properties", {}).items():
            many = prop.get("type") == "array"
            param = {"name": name, "in": "query", "required": name in required, "schema": prop}
            if many:
                param |= {"style": "form", "explode": True}
            parameters.append(param)
    if parameters:
        out["parameters"] = parameters
    if op.body is not None:
        out["requestBody"] = {
            # a body whose fields are all optional may be left out; it then reads as {}
            "required": any(field.is_required() for field in op.body.model_fields.values()),
            "content": {op.body_media: {"schema": ref_of[(op.body.__name__, "validation")]}},
        }
    elif op.raw_body:
        out["requestBody"] = {"required": True, "content": {op.body_media: {"schema": {"type": "string"}}}}
    responses: dict[str, Any] = {}
    if op.answer is not None:
        content = {op.media: {"schema": ref_of[(op.answer.__name__, "serialization")]}}
        responses[str(op.status)] = {"description": _DESCRIPTIONS.get(op.status, "OK"), "content": content}
    elif op.media != "application/json":
        responses[str(op.status)] = {
            "description": _DESCRIPTIONS.get(op.status, "OK"),
            "content": {op.media: {"schema": {"type": "string"}}},
        }
    else:
        responses[str(op.status)] = {"description": _DESCRIPTIONS.get(op.status, "OK")}
    for status, model in sorted(op.also.items()):
        content = {"application/json": {"schema": ref_of[(model.__name__, "serialization")]}}
        responses[str(status)] = {"description": _DESCRIPTIONS.get(status, "OK"), "content": content}
    for status, codes in sorted(_errors(op).items()):
        responses[str(status)] = {
            "description": f"{_DESCRIPTIONS.get(status, 'Error')}: " + ", ".join(f"`{c}`" for c in codes),
            "content": {"application/json": {"schema": ref_of[("ErrorBody", "serialization")]}},
            "x-error-codes": list(codes),
        }
    out["responses"] = responses
    return out


def _errors(op: Operation) -> dict[int, list[str]]:
    """Every error status of `op` with its codes: its own, and those the edge adds."""
    errors: dict[int, list[str]] = {}

    def add(status: int, codes: Sequence[str]) -> None:
        known = errors.setdefault(status, [])
        known.extend(code for code in codes if code not in known)

    if op.body is not None or op.query is not None:
        add(400, _BODY_ERRORS)
    if op.raw_body and op.body_media.startswith("text/"):
        add(400, ("invalid_text",))
    if op.body is not None or op.raw_body:
        add(413, ("too_large",))
    if op.security:
        add(401, ("unauthorised",))
        if STAFF == op.security:
            add(403, ("csrf_failed",) if op.before_two_factor else ("csrf_failed", "two_factor_due"))
        if op.right is not None:
            add(403, (f"needs_{op.right.value}",))
    if _path_names(op.path):
        add(404, ("not_found",))
    for status, codes in op.errors.items():
        add(status, codes)
    for status, codes in COMMON_ERRORS.items():
        add(status, codes)
    return errors


def _path_names(path: str) -> list[str]:
    return [part[1:-1].split(":")[0] for part in path.split("/") if part.startswith("{")]


def _camel(path: str) -> str:
    words = [part.strip("{}").split(":")[0] for part in path.split("/") if part]
    return "".join(word.replace("-", "_").replace(".", "_").title().replace("_", "") for word in words)
