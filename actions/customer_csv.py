"""Customers out to a CSV file that German Excel opens, and in from one, with a preview first.

Export writes UTF-8 with a byte order mark, `;` between cells and a header of field names. Import
reads `,` or `;` files with German or English headers; a row it cannot take is reported with its
line and reason while the others go in, all in one transaction. A row whose e-mail address the
business already has (or an earlier row had) is reported, not doubled.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from pydantic import ValidationError
from sqlalchemy import and_, insert, select
from sqlalchemy.ext.asyncio import AsyncConnection

from actions import customer_groups
from actions import customers as records
from actions.context import Deps, Work
from actions.errors import ActionError, BadInput
from actions.history import CUSTOMER, record_all
from contract.customers import Column, NamedGroup, PreviewRow
from contract.events import CustomersImported
from contract.history import Action
from realtime.events import Event
from store.customer_keys import fold
from store.queries import new_id
from store.schema import customer_group_members, customers
from store.schema import customer_groups as groups_table

COLUMNS = (
    "first_name",
    "last_name",
    "email",
    "phone",
    "street",
    "postal_code",
    "city",
    "birth_date",
    "groups",
    "note",
)
MOST_BYTES = 5 * 1024 * 1024
MOST_ROWS = 20_000
PREVIEW_ROWS = 20
#: TT.MM.JJJJ as German Excel writes a date, in ASCII digits (int() would also read "١٢" or choke on "²").
_GERMAN_DATE = re.compile(r"([0-9]{1,2})\.([0-9]{1,2})\.([0-9]{4})")
#: Header names as people write them, folded and without spaces, dashes or underscores.
HEADERS = {
    **{name.replace("_", ""): name for name in COLUMNS},
    "vorname": "first_name",
    "firstname": "first_name",
    "nachname": "last_name",
    "familienname": "last_name",
    "lastname": "last_name",
    "surname": "last_name",
    "mail": "email",
    "emailadresse": "email",
    "telefon": "phone",
    "telefonnummer": "phone",
    "tel": "phone",
    "mobil": "phone",
    "strasse": "street",
    "adresse": "street",
    "plz": "postal_code",
    "postleitzahl": "postal_code",
    "zip": "postal_code",
    "ort": "city",
    "stadt": "city",
    "wohnort": "city",
    "geburtsdatum": "birth_date",
    "geburtstag": "birth_date",
    "birthday": "birth_date",
    "gruppen": "groups",
    "gruppe": "groups",
    "group": "groups",
    "notiz": "note",
    "notizen": "note",
    "bemerkung": "note",
    "anmerkung": "note",
    "notes": "note",
}
#: Excel runs a cell that starts like this as a formula; such cells get a leading apostrophe.
FORMULA_START = ("=", "@", "\t", "\r")


@dataclass(frozen=True)
class Rejected:
    line: int
    error: ActionError


@dataclass(frozen=True)
class Accepted:
    """A row that can go in: its line, the record's columns, and the names of its groups."""

    line: int
    values: dict[str, Any]
    groups: list[str]


@dataclass
class Parsed:
    columns: list[Column]
    rows: list[Accepted] = field(default_factory=list)
    rejected: list[Rejected] = field(default_factory=list)


def _safe_cell(value: str) -> str:
    risky = value.startswith(FORMULA_START) or (value[:1] in "+-" and value[1:2] not in "0123456789 ")
    return f"'{value}" if value and risky else value


def _unsafe_cell(value: str) -> str:
    """Undoes _safe_cell, so an exported file imports as it was."""
    if value.startswith("'") and (value[1:].startswith(FORMULA_START) or value[1:2] in ("+", "-")):
        return value[1:]
    return value


async def export(deps: Deps, tenant_id: str) -> str:
    """The business's customers as CSV text (with its byte order mark), by name."""
    async with deps.store.read() as conn:
        rows = await conn.execute(
            select(customers)
            .where(and_(customers.c.tenant_id == tenant_id, customers.c.deleted_at.is_(None)))
            .order_by(customers.c.search_name, customers.c.id)
        )
        found = [dict(r._mapping) for r in rows]
        memberships = await conn.execute(
            select(customer_group_members.c.customer_id, groups_table.c.name)
            .select_from(
                customer_group_members.join(
                    groups_table, groups_table.c.id == customer_group_members.c.group_id
                )
            )
            .where(groups_table.c.tenant_id == tenant_id)
            .order_by(groups_table.c.name_key)
        )
        names: dict[str, list[str]] = {}
        for customer_id, name in memberships:
            names.setdefault(str(customer_id), []).append(str(name))
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for row in found:
        cells = {
            **row,
            "birth_date": row["birth_date"].isoformat() if row["birth_date"] else "",
            "groups": ", ".join(names.get(row["id"], [])),
        }
        writer.writerow([_safe_cell(str(cells[column])) for column in COLUMNS])
    return "\ufeff" + out.getvalue()


def _text(raw: bytes) -> str:
    if len(raw) > MOST_BYTES:
        raise BadInput("csv_too_large", "The file is larger than 5 MB. Please split it.")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise BadInput(
            "csv_encoding",
            "The file is not UTF-8 text. In Excel, save it as 'CSV UTF-8 (comma delimited)'.",
        ) from error


def _delimiter(text: str) -> str:
    header = text.split("\n", 1)[0]
    return ";" if header.count(";") >= header.count(",") else ","


def _columns(header: list[str]) -> list[Column]:
    columns: list[Column] = []
    taken: set[str] = set()
    for name in header:
        key = "".join(c for c in fold(name) if c.isalnum())
        found = HEADERS.get(key)
        columns.append(Column(header=name, field=found if found not in taken else None))
        if found:
            taken.add(found)
    if not taken & {"first_name", "last_name"}:
        raise BadInput(
            "csv_columns",
            "No column holds a name. The first line names the columns: Vorname (first_name), "
            "Nachname (last_name), E-Mail, Telefon, Straße, PLZ, Ort, Geburtsdatum, Gruppen, Notiz.",
        )
    return columns


def _birth_date(value: str) -> str:
    """TT.MM.JJJJ as YYYY-MM-DD; anything else as it is, for the record's own check."""
    match = _GERMAN_DATE.fullmatch(value.strip())
    if match:
        return f"{match[3]}-{int(match[2]):02d}-{int(match[1]):02d}"
    return value.strip()


def _group_name(name: str) -> str:
    try:
        return NamedGroup(name=name).name
    except ValidationError:
        raise BadInput(
            "invalid_group_name", "A group name has 1 to 60 characters and no comma.", field="name"
        ) from None


def _row(cells: dict[str, str], today: date) -> tuple[dict[str, Any], list[str]]:
    data: dict[str, Any] = {key: value for key, value in cells.items() if key in records.TEXT_FIELDS}
    data["birth_date"] = _birth_date(cells.get("birth_date", ""))
    values = records.clean_new_customer(data, today)
    wanted = [_group_name(name) for name in (n.strip() for n in cells.get("groups", "").split(",")) if name]
    unique = {customer_groups.name_key(name): name for name in reversed(wanted)}
    return values, list(reversed(unique.values()))


def parse(raw: bytes, today: date, known_emails: set[str]) -> Parsed:
    """Reads a CSV upload: its columns, the rows that can go in, and the rejected ones with reasons."""
    text = _text(raw)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    try:
        header = next(reader, None)
        if header is None:
            raise BadInput("csv_columns", "The file is empty.")
        parsed = Parsed(_columns(header))
        seen = set(known_emails)
        for cells in reader:
            if not any(cell.strip() for cell in cells):
                continue
            if len(parsed.rows) + len(parsed.rejected) >= MOST_ROWS:
                raise BadInput(
                    "csv_too_many_rows", f"The file has more than {MOST_ROWS} rows. Please split it."
                )
            named = {
                column.field: _unsafe_cell(cell)
                for column, cell in zip(parsed.columns, cells, strict=False)
                if column.field
            }
            try:
                values, group_names = _row(named, today)
                if values["email"] and values["email"] in seen:
                    raise BadInput(
                        "duplicate_email",
                        "A customer with this e-mail address exists already.",
                        field="email",
                    )
            except ActionError as error:
                parsed.rejected.append(Rejected(reader.line_num, error))
                continue
            seen.add(values["email"])
            parsed.rows.append(Accepted(reader.line_num, values, group_names))
    except csv.Error as error:
        raise BadInput(
            "csv_format", f"The file is not readable as CSV near line {reader.line_num}."
        ) from error
    return parsed


async def _known_emails(conn: AsyncConnection, tenant_id: str) -> set[str]:
    rows = await conn.execute(
        select(customers.c.email).where(
            and_(
                customers.c.tenant_id == tenant_id, customers.c.deleted_at.is_(None), customers.c.email != ""
            )
        )
    )
    return set(rows.scalars())


def preview_row(row: Accepted) -> PreviewRow:
    return PreviewRow(line=row.line, **row.values, groups=row.groups)


async def preview(deps: Deps, tenant_id: str, raw: bytes) -> tuple[Parsed, list[PreviewRow]]:
    """What an import would do, without doing it: the parse and its first rows as they would go in."""
    async with deps.store.read() as conn:
        known = await _known_emails(conn, tenant_id)
    parsed = parse(raw, deps.clock().date(), known)
    return parsed, [preview_row(row) for row in parsed.rows[:PREVIEW_ROWS]]


async def import_rows(deps: Deps, tenant_id: str, raw: bytes) -> Parsed:
    """Imports every acceptable row in one transaction; returns the parse with the rejected rows."""
    now = deps.clock()
    async with deps.work() as work:
        parsed = parse(raw, now.date(), await _known_emails(work.conn, tenant_id))
        await _insert(work, tenant_id, parsed, now)
        if parsed.rows:
            work.emit(Event(tenant_id, "customers.imported", CustomersImported(imported=len(parsed.rows))))
    return parsed


async def _insert(work: Work, tenant_id: str, parsed: Parsed, now: datetime) -> None:
    conn = work.conn
    group_ids: dict[str, str] = {}
    for name in {name for row in parsed.rows for name in row.groups}:
        group_ids[name] = await customer_groups.group_named(conn, tenant_id, name, now)
    made = []
    members = []
    for row in parsed.rows:
        customer_id = new_id()
        made.append(
            {"id": customer_id, "tenant_id": tenant_id, "created_at": now, **records.with_keys(row.values)}
        )
        members += [{"group_id": group_ids[name], "customer_id": customer_id} for name in row.groups]
    if made:
        await conn.execute(insert(customers), made)
        await record_all(work, tenant_id, CUSTOMER, [row["id"] for row in made], Action.CREATED)
    if members:
        await conn.execute(insert(customer_group_members), members)
