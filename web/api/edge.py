"""The JSON edge of /api/v1: each operation declares its body, query, answer and errors as models;
the edge validates the request against them, calls the handler with the parsed models, writes the
answer; `web.api.document` generates the OpenAPI document from the same declarations.

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
from pydantic_core import ErrorDetails
from starlette.background import BackgroundTask
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from actions import history
from actions.errors import BadInput, Forbidden
from contract.enums import Right
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
    #: The right a staff person needs beyond being signed in; None: every person of the team.
    right: Right | None = None
    #: Open to a person whose business requires two-factor log-in before they have set it up: their
    #: own account, and the set-up itself.
    before_two_factor: bool = False

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
        right: Right | None = None,
        before_two_factor: bool = False,
    ) -> Callable[[Handler], Handler]:
        """Declares an operation. `body_media` other than JSON without a `body` model is a body the
        handler reads itself (a CSV file); `also` names answers of other statuses the handler may
        give as a `Response` of its own (a preview's 200 beside a send's 202). `right` is what a
        staff person needs for it, checked before anything else is read; rights that depend on the
        calendar a request names are checked by the handler."""

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
                    right,
                    before_two_factor,
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
    actor = history.SYSTEM
    if op.security == STAFF:
        user = await staff_user(request)
        if user.two_factor_due and not op.before_two_factor:
            raise Forbidden(
                "two_factor_due", "Your business requires two-factor log-in: please set it up first."
            )
        if op.right is not None:
            user.require(op.right)
        actor = history.staff_member(user.user_id, user.name)
    elif op.security == CUSTOMER:
        actor = history.customer((await customer_account(request)).id)
    kwargs: dict[str, Any] = {}
    if op.body is not None:
        kwargs["body"] = await read_body(request, op.body)
    if op.query is not None:
        kwargs["query"] = read_query(request, op.query)
    with history.acting(actor):  # what the handler writes is written by whoever called
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
