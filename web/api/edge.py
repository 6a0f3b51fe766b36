"""The JSON edge of /api/v1: each operation declares its body, query, answer and errors as models;
the edge validates the request against them, calls the handler with the parsed models, writes the
answer, and generates the OpenAPI document from the same declarations.

    @api.operation("POST", "/services", "Add a service", body=NewService, status=201, answer=Created,
                   errors={400: ("invalid_duration",)})
    async def add_service(request: Request, body: NewService) -> Created: ...

A handler may return its answer model, None for a 204, or a Starlette `Response` of its own (a
file, a redirect) whose media type the operation names with `media`.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, TypeVar, get_args

from pydantic import BaseModel, ValidationError
from pydantic.json_schema import models_json_schema
from pydantic_core import ErrorDetails
from starlette.background import BackgroundTask
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from actions.errors import BadInput
from contract.events import EVENTS, MEANINGS, PUBLIC_EVENTS
from contract.fields import Body, Code, Query, Shape
from web import i18n, parse
from web.auth import customer_account, staff_user

Method = Literal["GET", "POST", "PUT", "PATCH", "DELETE"]
Security = list[dict[str, list[str]]]
#: Staff calls: a bearer token from log-in, or the session cookie of the staff pages.
STAFF: Security = [{"bearer": []}, {"session": []}]
#: A customer's calls: the bearer token of the customer's log-in.
CUSTOMER: Security = [{"bearer": []}]
PUBLIC: Security = []
Handler = Callable[..., Awaitable[Any]]
M = TypeVar("M", bound=BaseModel)

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


class ErrorDetail(Shape):
    code: str
    message: str
    detail: str | None = None
    field: str | None = None


class ErrorBody(Shape):
    """Every error of the API; extra fields of an error (`attempts_left`, `retry_after`, …) sit
    inside `error`."""

    error: ErrorDetail


@dataclass(frozen=True)
class Operation:
    method: Method
    path: str
    summary: str
    handler: Handler
    security: Security
    status: int
    answer: type[BaseModel] | None
    body: type[Body] | None
    query: type[Query] | None
    errors: Mapping[int, Sequence[str]]
    media: str
    body_media: str
    description: str | None
    also: Mapping[int, type[BaseModel]]

    @property
    def raw_body(self) -> bool:
        """Whether the handler reads a body of `body_media` itself (a CSV file), without a model."""
        return self.body is None and self.body_media != "application/json"


@dataclass
class Api:
    """The operations of one mounted API, in the order they are declared."""

    operations: list[Operation] = field(default_factory=list)
    #: The live events, each with the model of its payload, its room and what it says: they appear
    #: in the document as a component `event.<name>` each, and under `x-socket-events`.
    extra_schemas: dict[str, type[BaseModel]] = field(default_factory=dict)
    event_rooms: dict[str, str] = field(default_factory=dict)
    event_notes: dict[str, str] = field(default_factory=dict)

    def operation(
        self,
        method: Method,
        path: str,
        summary: str,
        *,
        security: Security = STAFF,
        status: int = 200,
        answer: type[BaseModel] | None = None,
        body: type[Body] | None = None,
        query: type[Query] | None = None,
        errors: Mapping[int, Sequence[str]] | None = None,
        media: str = "application/json",
        body_media: str = "application/json",
        description: str | None = None,
        also: Mapping[int, type[BaseModel]] | None = None,
    ) -> Callable[[Handler], Handler]:
        """Declares an operation. `body_media` other than JSON without a `body` model is a body the
        handler reads itself (a CSV file); `also` names answers of other statuses the handler may
        give as a `Response` of its own (a preview's 200 beside a send's 202)."""

        def register(handler: Handler) -> Handler:
            self.operations.append(
                Operation(
                    method,
                    path,
                    summary,
                    handler,
                    security,
                    status,
                    answer,
                    body,
                    query,
                    errors or {},
                    media,
                    body_media,
                    description,
                    also or {},
                )
            )
            return handler

        return register

    def routes(self) -> list[Route]:
        """One Starlette route per path, dispatching on the method."""
        by_path: dict[str, dict[str, Operation]] = {}
        for op in self.operations:
            by_path.setdefault(op.path, {})[op.method] = op
        return [Route(path, _endpoint(ops), methods=list(ops)) for path, ops in by_path.items()]


def _endpoint(operations: dict[str, Operation]) -> Callable[[Request], Awaitable[Response]]:
    async def endpoint(request: Request) -> Response:
        return await _call(operations[request.method], request)

    return endpoint


async def _call(op: Operation, request: Request) -> Response:
    # Who calls comes first: a stranger learns nothing about the body an operation takes.
    if op.security == STAFF:
        await staff_user(request)
    elif op.security == CUSTOMER:
        await customer_account(request)
    kwargs: dict[str, Any] = {}
    if op.body is not None:
        kwargs["body"] = await read_body(request, op.body)
    if op.query is not None:
        kwargs["query"] = read_query(request, op.query)
    result = await op.handler(request, **kwargs)
    if isinstance(result, Response):
        return result
    if result is None:
        return Response(status_code=op.status if op.status == 204 else 204)
    assert isinstance(result, BaseModel), f"{op.method} {op.path} answered {type(result).__name__}"
    return Response(result.model_dump_json(), status_code=op.status, media_type="application/json")


async def read_body(request: Request, model: type[M]) -> M:
    """The JSON body as `model`; any text `web.parse` refuses, any failure of the model, a 400."""
    await parse.json_body(request)
    raw = await request.body()
    try:
        return model.model_validate_json(raw or b"{}")
    except ValidationError as error:
        raise refusal(error, model) from None


def read_values(model: type[M], values: Mapping[str, Any]) -> M:
    """`values` (a page's form, say) as `model`, or the 400 a JSON body with them would get."""
    try:
        return model.model_validate_json(json.dumps(dict(values)))
    except ValidationError as error:
        raise refusal(error, model) from None


def answer(model: BaseModel, status: int = 200, background: BackgroundTask | None = None) -> Response:
    """An answer model as a response of its own, for a handler that adds to it (a task after it)."""
    return Response(
        model.model_dump_json(), status_code=status, media_type="application/json", background=background
    )


def read_query(request: Request, model: type[M]) -> M:
    """The query as `model`: a field typed as a list takes every value of its name, others the last."""
    values: dict[str, Any] = {}
    for name, info in model.model_fields.items():
        key = info.alias or name
        if key not in request.query_params:
            continue
        many = getattr(info.annotation, "__origin__", None) in (list, tuple)
        values[key] = request.query_params.getlist(key) if many else request.query_params[key]
    try:
        return model.model_validate_json(json.dumps(values))
    except ValidationError as error:
        raise refusal(error, model) from None


def refusal(error: ValidationError, model: type[BaseModel]) -> BadInput:
    """The 400 of the contract for the first failure of a model, naming its field: the code of a
    failing field type of the contract (`invalid_time`, `invalid_line`, …), else the field's own
    `Code` where it has one, else `missing_field`, `unknown_field` or `invalid_field`."""
    first: ErrorDetails = error.errors(include_url=False)[0]
    where = [str(part) for part in first["loc"]]
    name = where[0] if where else None
    path = ".".join(where)
    kind = first["type"]
    if kind == "missing":
        return BadInput("missing_field", f"{path} is required.", field=name)
    if kind == "extra_forbidden":
        unknown = model.unknown_code if issubclass(model, Body) else "unknown_field"
        return BadInput(unknown, f"{path} cannot be given or changed here.", field=name)
    message = first["msg"]
    if kind in i18n.MESSAGES or kind.startswith("invalid_"):  # a code of the contract, said as a predicate
        # what a validator gives as `extra` in its error's context (the origin refused, say) goes along
        given = (first.get("ctx") or {}).get("extra")
        extra = {k: v for k, v in given.items() if k != "field"} if isinstance(given, dict) else {}
        return BadInput(kind, f"{path} {message}." if path else f"{message}.", field=name, **extra)
    info = next((f for n, f in model.model_fields.items() if name in (n, f.alias)), None)
    wrong_type = kind.endswith("_type")
    marked = (
        [c.code for c in _codes(info.metadata, info.annotation) if c.of_type or not wrong_type]
        if info
        else []
    )
    said = f"{path}: {message[0].lower()}{message[1:]}." if path else f"{message}."
    return BadInput(marked[0] if marked else "invalid_field", said, field=name)


def _codes(metadata: Sequence[Any], annotation: Any) -> list[Code]:
    """The `Code` marks of a field, on it or inside its type (`Annotated[str, Code(...)] | None`)."""
    found = [m for m in metadata if isinstance(m, Code)]
    for inner in get_args(annotation):
        found += [m for m in getattr(inner, "__metadata__", ()) if isinstance(m, Code)]
        found += _codes((), inner)
    return found


# The document


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
    """`GET /openapi.json`: the document of these APIs' operations and of the live events, made once."""
    whole = Api(
        [op for api in apis for op in api.operations],
        extra_schemas=dict(EVENTS),
        event_rooms={name: "public" if name in PUBLIC_EVENTS else "staff" for name in EVENTS},
        event_notes=MEANINGS,
    )
    made = document(whole, title="Termine API", version="1", server="/api/v1")

    async def openapi(request: Request) -> Response:
        return JSONResponse(made)

    return Route("/openapi.json", openapi, methods=["GET"])


def _operation(op: Operation, ref_of: dict[tuple[str, str], Any], schemas: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {"summary": op.summary, "operationId": f"{op.method.lower()}{_camel(op.path)}"}
    if op.description:
        out["description"] = op.description
    out["security"] = op.security
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
    if op.raw_body:
        add(400, ("invalid_text",))
    if op.body is not None or op.raw_body:
        add(413, ("too_large",))
    if op.security:
        add(401, ("unauthorised",))
        if STAFF == op.security:
            add(403, ("csrf_failed",))
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
