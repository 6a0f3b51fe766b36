"""The customer database: records, groups, proposals, newsletters, and the CSV import's report."""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Field,
    PlainSerializer,
    RootModel,
    Tag,
    WithJsonSchema,
)
from pydantic_core import PydanticCustomError

from contract.appointments import Appointment, AttendanceSummary
from contract.customer_fields import (
    CustomerFields,
    NewCustomer,
)
from contract.enums import ConsentSource
from contract.fields import (
    Body,
    Code,
    Id,
    Moment,
    Query,
    Shape,
)
from mail.messages import breaks_line

#: The most groups one customer may be in.
MOST_GROUPS = 50
GROUP_NAME_LIMIT = 60
MOST_PER_PAGE = 200
MOST_PAST = 200
SUBJECT_LIMIT = 200
LETTER_LIMIT = 20_000
_DIGITS = re.compile(r"[0-9]{1,9}")


#: A day as an answer shows it, YYYY-MM-DD.
ShownDay = Annotated[
    date,
    PlainSerializer(lambda value: value.isoformat(), return_type=str),
    WithJsonSchema({"type": "string", "format": "date"}),
]


def _group_name(value: str) -> str:
    name = " ".join(value.split()) if not breaks_line(value.strip()) else ""
    if not name or len(name) > GROUP_NAME_LIMIT or "," in name:
        raise PydanticCustomError("invalid_group_name", "must have 1 to 60 characters and no comma")
    return name


#: A group's name: 1 to 60 characters on one line, spaces squeezed, without commas (CSV files list
#: a customer's groups comma-separated).
GroupName = Annotated[str, Field(examples=["VIP"]), AfterValidator(_group_name), Code("invalid_group_name")]


def _ascii_number(value: Any) -> Any:
    """Query numbers are ASCII digits: int() also reads "١٢" and "+2", and fails on "²"."""
    if isinstance(value, str) and not _DIGITS.fullmatch(value):
        raise PydanticCustomError("invalid_field", "must be a whole number written in digits 0-9")
    return value


def _flag(value: Any) -> Any:
    return value not in ("0", "false", "") if isinstance(value, str) else value


QueryNumber = Annotated[int, BeforeValidator(_ascii_number)]
#: A query switch: "0", "false" or nothing is off, anything else on.
QueryFlag = Annotated[bool, BeforeValidator(_flag)]


def _group_kind(value: Any) -> str | None:
    """ "id" for a group's id, "name" for `{name}` from JSON or a `NamedGroup` made in code."""
    if isinstance(value, str):
        return "id"
    return "name" if isinstance(value, dict | NamedGroup) else None


class NamedGroup(Body):
    """A group by its name: made if the business has none of that name (ignoring case)."""

    name: GroupName


#: A group a record is put in: a group's id, or `{name}` for one reused by name or made.
GroupChoice = Annotated[
    Annotated[Id, Tag("id")] | Annotated[NamedGroup, Tag("name")], Discriminator(_group_kind)
]
Groups = Annotated[list[GroupChoice], Field(max_length=MOST_GROUPS)]


class NewRecord(NewCustomer):
    """A record made at the desk."""

    groups: Groups | None = None
    newsletter: bool = Field(
        default=False,
        description="consent given on paper at the desk: recorded with source desk, counted once the "
        "customer confirms the link mailed to them",
    )


class RecordChange(CustomerFields):
    """The fields to change; a field left out stays as it is, null or "" empties it. A changed name
    becomes the business's own (`name_private`)."""

    groups: Groups | None = Field(default=None, description="the record's groups from now on; null for none")
    newsletter: bool = Field(
        default=False,
        description="left out, unchanged; true records consent (source desk), false withdraws it",
    )


class CustomerSearch(Query):
    q: str = Field(default="", description="every word must occur in a name, the e-mail or the phone")
    group: list[str] = Field(default=[], description="customers in any of these groups")
    page: QueryNumber = Field(default=1, ge=1, le=1_000_000)
    per_page: QueryNumber = Field(default=50, ge=1, le=MOST_PER_PAGE)


class HistoryPage(Query):
    past_limit: QueryNumber = Field(default=50, ge=1, le=MOST_PAST)
    past_before: str | None = Field(default=None, description="the past_next of an earlier answer")


class GroupRef(Shape):
    id: str
    name: str


class NewsletterConsent(Shape):
    """A record's newsletter consent: when and where given, when its double opt-in link was opened,
    and when it was withdrawn (then no newsletters reach the customer)."""

    given_at: Moment
    source: ConsentSource
    confirmed_at: Moment | None
    withdrawn_at: Moment | None


class Customer(Shape):
    """The customer `C` of the API."""

    id: str
    first_name: str
    last_name: str
    email: str
    phone: str
    street: str
    postal_code: str
    city: str
    note: str
    birth_date: ShownDay | None
    groups: list[GroupRef]
    account_linked: bool
    has_proposal: bool
    newsletter: bool = Field(
        description="whether newsletters reach the customer: consent confirmed, not withdrawn"
    )
    newsletter_consent: NewsletterConsent | None = Field(
        default=None, description="the consent as recorded; null when none was ever given"
    )
    name_private: bool = Field(description="the business keeps a name of its own for the customer")
    created_at: Moment


class CustomerPage(Shape):
    customers: list[Customer]
    total: int
    page: int
    per_page: int


class ProposedValue(Shape):
    current: str
    proposed: str


class Proposal(Shape):
    """The proposal `P`: changes a customer made to their own account, for the business to take
    into its record field by field or ignore."""

    customer_id: str
    customer_name: str
    name_private: bool
    changes: dict[str, ProposedValue]
    created_at: Moment


class Proposals(Shape):
    proposals: list[Proposal]


class Decision(Body):
    """The fields to take from the open proposal; the others are ignored and the proposal closes."""

    # Left out, it is refused as a wrong value (`invalid_field`), as it always was; the document
    # still says it is required.
    model_config = ConfigDict(**Body.model_config, json_schema_extra={"required": ["take"]})

    take: list[str] = Field(default=None, validate_default=True)


class CustomerView(Shape):
    """A record with its appointments: all upcoming ones, then the past a page at a time."""

    customer: Customer
    upcoming: list[Appointment]
    past: list[Appointment]
    past_total: int
    past_next: str | None = Field(description="past_before for the next page; null on the last")
    proposal: Proposal | None
    attendance: AttendanceSummary = Field(
        default_factory=lambda: AttendanceSummary(attended=0, no_show=0, no_shows=[]),
        description="how often the customer came and did not come, with the appointments missed",
    )


class Group(Shape):
    id: str
    name: str
    customers: int = Field(description="how many customers are in it")


class GroupList(Shape):
    groups: list[Group]


class ImportQuery(Query):
    dry_run: QueryFlag = Field(default=False, description="1: only show what an import would do")


class Column(Shape):
    header: str
    field: str | None = Field(description="the record's field it fills; null for a column left out")


class RejectedRow(Shape):
    line: int
    code: str
    field: str | None
    reason: str


class PreviewRow(Shape):
    """A row as it would go in."""

    line: int
    first_name: str
    last_name: str
    email: str
    phone: str
    street: str
    postal_code: str
    city: str
    note: str
    birth_date: ShownDay | None
    groups: list[str]


class ImportPreview(Shape):
    columns: list[Column]
    preview: list[PreviewRow] = Field(description="the first 20 rows that would go in")
    accepted: int
    rejected: list[RejectedRow]


class Imported(Shape):
    imported: int
    rejected: list[RejectedRow]


class ImportAnswer(RootModel[ImportPreview | Imported]):
    """A preview with `dry_run`, else what went in."""


def _subject(value: str) -> str:
    if not value.strip() or breaks_line(value):
        raise PydanticCustomError("invalid_subject", "must be one line of 1 to 200 characters")
    return value.strip()


def _letter(value: str) -> str:
    if not value.strip():
        raise PydanticCustomError("invalid_body", "must have 1 to 20,000 characters")
    return value.strip()


class NewLetter(Body):
    subject: Annotated[
        str, Field(max_length=SUBJECT_LIMIT), AfterValidator(_subject), Code("invalid_subject")
    ]
    body: Annotated[str, Field(max_length=LETTER_LIMIT), AfterValidator(_letter), Code("invalid_body")]
    group_ids: list[Id] = Field(min_length=1, description="customers in any of these groups receive it")
    dry_run: bool = Field(default=False, description="true: only the preview, answered with 200")


class LetterPreview(Shape):
    to: str
    subject: str
    text: str


class PreviewedLetter(Shape):
    recipients: int
    preview: LetterPreview | None = Field(description="the mail as the first recipient reads it")


class SentLetter(Shape):
    id: str
    recipients: int


class Newsletter(Shape):
    id: str
    subject: str
    body: str
    group_ids: list[str]
    recipients: int
    sent_at: Moment


class Newsletters(Shape):
    newsletters: list[Newsletter]
    consented: int = Field(
        default=0, description="customers with an address whose newsletter consent is confirmed and stands"
    )
