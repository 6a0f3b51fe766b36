"""The customer database through the staff API: list and search, records with their history,
groups, proposals from customers' own profile changes, CSV export and import, newsletters."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from actions import (
    customer_csv,
    customer_erasure,
    customer_groups,
    customer_history,
    customer_search,
    customers,
    history,
    newsletter,
    proposals,
)
from actions.context import Deps
from actions.errors import BadInput
from contract.customers import (
    Customer,
    CustomerPage,
    CustomerSearch,
    CustomerView,
    Decision,
    GroupList,
    GroupRef,
    HistoryPage,
    ImportAnswer,
    Imported,
    ImportPreview,
    ImportQuery,
    NamedGroup,
    NewLetter,
    NewRecord,
    Newsletters,
    PreviewedLetter,
    Proposals,
    RecordChange,
    RejectedRow,
    SentLetter,
)
from contract.enums import Right
from contract.fields import Created
from contract.history import History
from web import i18n
from web.api.edge import Api, answer
from web.auth import staff_user

api = Api()

#: What a record's fields may be refused with, besides the edge's own codes.
RECORD_ERRORS = (
    "invalid_customer",
    "invalid_email",
    "invalid_birth_date",
    "invalid_group_name",
    "invalid_line",
)


def _deps(request: Request) -> Deps:
    deps: Deps = request.app.state.deps
    return deps


@api.operation(
    "GET",
    "/customers",
    "Search the customer list as the desk types: best matches first, a page at a time",
    query=CustomerSearch,
    answer=CustomerPage,
    right=Right.CUSTOMERS,
)
async def customer_list(request: Request, query: CustomerSearch) -> CustomerPage:
    user = await staff_user(request)
    wanted = customer_search.Search(
        text=query.q[:200],
        group_ids=tuple(dict.fromkeys(query.group)),
        page=query.page,
        per_page=query.per_page,
    )
    return await customer_search.search(_deps(request), user.tenant_id, wanted)


@api.operation(
    "POST",
    "/customers",
    "Add a record, with its groups chosen by id or made by name",
    body=NewRecord,
    status=201,
    answer=Created,
    errors={400: RECORD_ERRORS},
    right=Right.CUSTOMERS,
)
async def add_customer(request: Request, body: NewRecord) -> Created:
    user = await staff_user(request)
    return Created(id=await customers.create(_deps(request), user.tenant_id, body))


@api.operation(
    "GET",
    "/customers/export.csv",
    "Every record as a CSV file that German Excel opens",
    media="text/csv",
    right=Right.EXPORT,
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


def _rejected(request: Request, parsed: customer_csv.Parsed) -> list[RejectedRow]:
    lang = i18n.language(request)
    return [
        RejectedRow(
            line=item.line,
            code=item.error.code,
            field=item.error.extra.get("field"),
            reason=i18n.message(item.error, lang),
        )
        for item in parsed.rejected
    ]


@api.operation(
    "POST",
    "/customers/import",
    "Import records from a CSV file, or with dry_run preview what an import would do",
    query=ImportQuery,
    body_media="text/csv",
    answer=ImportAnswer,
    errors={
        400: ("csv_too_large", "csv_encoding", "csv_columns", "csv_format", "csv_too_many_rows"),
        413: ("too_large",),
    },
    description=(
        "The request body is the CSV file itself (`Content-Type: text/csv`, UTF-8, at most 5 MB): "
        "`,` or `;` between cells, a first line naming the columns in German or English. Rows it "
        "cannot take are reported with their line and reason while the others go in."
    ),
    right=Right.CUSTOMERS,
)
async def import_csv(request: Request, query: ImportQuery) -> ImportAnswer:
    user = await staff_user(request)
    raw = await _upload(request)
    if query.dry_run:
        parsed, preview = await customer_csv.preview(_deps(request), user.tenant_id, raw)
        shown = ImportPreview(
            columns=parsed.columns,
            preview=preview,
            accepted=len(parsed.rows),
            rejected=_rejected(request, parsed),
        )
        return ImportAnswer(shown)
    parsed = await customer_csv.import_rows(_deps(request), user.tenant_id, raw)
    return ImportAnswer(Imported(imported=len(parsed.rows), rejected=_rejected(request, parsed)))


@api.operation(
    "GET",
    "/customers/{customer_id}",
    "A record with its upcoming appointments, a page of its past ones and its open proposal",
    query=HistoryPage,
    answer=CustomerView,
    right=Right.CUSTOMERS,
)
async def customer_detail(request: Request, query: HistoryPage) -> CustomerView:
    user = await staff_user(request)
    return await customer_history.detail(
        _deps(request),
        user.tenant_id,
        request.path_params["customer_id"],
        past_limit=query.past_limit,
        past_before=query.past_before or None,
    )


@api.operation(
    "GET",
    "/customers/{customer_id}/history",
    "Who created, changed or took a proposal into a record, and when; oldest first",
    answer=History,
    right=Right.CUSTOMERS,
)
async def record_history(request: Request) -> History:
    user = await staff_user(request)
    return await history.customer_history(_deps(request), user.tenant_id, request.path_params["customer_id"])


@api.operation(
    "PATCH",
    "/customers/{customer_id}",
    "Change the fields given; a changed name becomes the business's own",
    body=RecordChange,
    answer=Customer,
    errors={400: RECORD_ERRORS},
    right=Right.CUSTOMERS,
)
async def change_customer(request: Request, body: RecordChange) -> Customer:
    user = await staff_user(request)
    return await customers.update_record(
        _deps(request), user.tenant_id, request.path_params["customer_id"], body
    )


@api.operation(
    "DELETE",
    "/customers/{customer_id}",
    "Erase a customer on request; their past appointments stay without personal data",
    status=204,
    errors={409: ("customer_has_upcoming",)},
    right=Right.CUSTOMERS,
)
async def erase_customer(request: Request) -> None:
    user = await staff_user(request)
    await customer_erasure.erase(_deps(request), user.tenant_id, request.path_params["customer_id"])


@api.operation(
    "POST",
    "/customers/{customer_id}/proposal",
    "Take the fields named in take from the open proposal, ignore the rest and close it",
    body=Decision,
    answer=Customer,
    errors={400: ("not_proposed",)},
    right=Right.CUSTOMERS,
)
async def decide_proposal(request: Request, body: Decision) -> Customer:
    user = await staff_user(request)
    return await proposals.decide(
        _deps(request), user.tenant_id, request.path_params["customer_id"], body.take
    )


@api.operation(
    "GET", "/customer-proposals", "Every open proposal, newest first", answer=Proposals, right=Right.CUSTOMERS
)
async def proposal_list(request: Request) -> Proposals:
    user = await staff_user(request)
    return Proposals(proposals=await proposals.listed(_deps(request), user.tenant_id))


@api.operation(
    "GET",
    "/customer-groups",
    "Every group with its number of customers, by name",
    answer=GroupList,
    right=Right.CUSTOMERS,
)
async def group_list(request: Request) -> GroupList:
    user = await staff_user(request)
    return GroupList(groups=await customer_groups.listed(_deps(request), user.tenant_id))


@api.operation(
    "POST",
    "/customer-groups",
    "Add a group; a name exists once per business, ignoring case",
    body=NamedGroup,
    status=201,
    answer=GroupRef,
    errors={400: ("invalid_group_name",), 409: ("group_exists",)},
    right=Right.CUSTOMERS,
)
async def add_group(request: Request, body: NamedGroup) -> GroupRef:
    user = await staff_user(request)
    return await customer_groups.add(_deps(request), user.tenant_id, body)


@api.operation(
    "PATCH",
    "/customer-groups/{group_id}",
    "Rename a group",
    body=NamedGroup,
    answer=GroupRef,
    errors={400: ("invalid_group_name",), 409: ("group_exists",)},
    right=Right.CUSTOMERS,
)
async def rename_group(request: Request, body: NamedGroup) -> GroupRef:
    user = await staff_user(request)
    return await customer_groups.rename(_deps(request), user.tenant_id, request.path_params["group_id"], body)


@api.operation(
    "DELETE",
    "/customer-groups/{group_id}",
    "Delete a group; its customers stay, without it",
    status=204,
    right=Right.CUSTOMERS,
)
async def remove_group(request: Request) -> None:
    user = await staff_user(request)
    await customer_groups.remove(_deps(request), user.tenant_id, request.path_params["group_id"])


@api.operation(
    "GET", "/newsletters", "What the business sent, newest first", answer=Newsletters, right=Right.EXPORT
)
async def newsletter_list(request: Request) -> Newsletters:
    user = await staff_user(request)
    deps = _deps(request)
    sent = await newsletter.listed(deps, user.tenant_id)
    return Newsletters(newsletters=sent, consented=await newsletter.consented(deps, user.tenant_id))


@api.operation(
    "POST",
    "/newsletters",
    "Send a newsletter to groups: one mail per customer who has an address and confirmed consent",
    body=NewLetter,
    status=202,
    answer=SentLetter,
    also={200: PreviewedLetter},
    errors={400: ("invalid_subject", "invalid_body", "no_recipients")},
    description=(
        "With `dry_run: true` nothing is sent: the answer is 200 `{recipients, preview}`, the "
        "preview (`{to, subject, text}`, or null without recipients) the mail as the first "
        "recipient reads it."
    ),
    right=Right.EXPORT,
)
async def send_newsletter(request: Request, body: NewLetter) -> SentLetter | Response:
    user = await staff_user(request)
    if body.dry_run:
        previewed = await newsletter.preview(_deps(request), user.tenant_id, body)
        return answer(previewed)
    return await newsletter.send(_deps(request), user.tenant_id, user.user_id, body)
