"""Search in the customer list as the desk types: every typed word must occur in a name, the
e-mail or the phone (a phone number also as bare digits), best matches first, a page at a time.

Best matches are customers whose first or last name has a word beginning with every typed word
("mül an" finds "Anna Müller" before "Bernd Müller, anna@…"); then the rest, each part by last
name and first name. The database reads one covering index over the folded search keys
(`store/customer_keys.py`) in name order, which is already the order within each rank: nothing is
sorted, a small result comes in one pass and a big one stops early. On PostgreSQL a pg_trgm index
finds words of three letters or more.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, case, false, func, literal, not_, or_, select
from sqlalchemy.ext.asyncio import AsyncConnection

from actions.context import Deps
from actions.customers import load_customers
from contract.customers import CustomerPage
from store.customer_keys import name_words, query_terms
from store.queries import is_id
from store.schema import customer_group_members, customers

MOST_TERMS = 8
#: How many hits in name order the first read takes: a result this small needs no count of its own.
FIRST_READ = 2000


@dataclass(frozen=True)
class Search:
    """What the list asks for: typed text, groups (any of them), and the page."""

    text: str = ""
    group_ids: tuple[str, ...] = ()
    page: int = 1
    per_page: int = 50

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.per_page


def _escape_like(term: str) -> str:
    return term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _contains(text: ColumnElement[str], term: str) -> ColumnElement[bool]:
    """`term` occurs in `text` (folded both). LIKE is the fastest test on either database, and
    PostgreSQL's trigram index serves it from three letters on.

    The pattern is written into the statement rather than bound: PostgreSQL plans a prepared
    statement once for any pattern after a few runs, and that plan cannot use the trigram index.
    """
    pattern = literal(f"%{_escape_like(term)}%", literal_execute=True)
    return text.like(pattern, escape="\\")


def _begins_a_word(name: ColumnElement[str], words: str) -> ColumnElement[bool]:
    pattern = _escape_like(words)
    return or_(name.like(f"{pattern}%", escape="\\"), name.like(f"% {pattern}%", escape="\\"))


def _conditions(search: Search) -> tuple[ColumnElement[bool], ColumnElement[bool]]:
    """(what every hit meets, what a best match meets besides)."""
    terms = [term for term in query_terms(search.text) if term][:MOST_TERMS]
    base = and_(customers.c.deleted_at.is_(None), *[_contains(customers.c.search_text, t) for t in terms])
    if search.group_ids:
        # Something that cannot be an id matches no group (and never reaches the database).
        known = [group_id for group_id in search.group_ids if is_id(group_id)]
        members = select(customer_group_members.c.customer_id).where(
            customer_group_members.c.group_id.in_(known)
        )
        base = and_(base, customers.c.id.in_(members))
    starts = [_begins_a_word(customers.c.search_name, name_words(t)) for t in terms if name_words(t)]
    return base, and_(*starts) if terms and len(starts) == len(terms) else false()


def _hits(tenant_id: str, where: ColumnElement[bool], *columns: Any) -> Select[Any]:
    """Hits in name order. SQLite, which keeps no statistics, is told to read the covering index
    rather than the (tenant, account) one."""
    return (
        select(customers.c.id, *columns)
        .where(and_(customers.c.tenant_id == tenant_id, where))
        .with_hint(customers, "INDEXED BY ix_customers_search", dialect_name="sqlite")
        .order_by(customers.c.search_name, customers.c.id)
    )


def _from_first(
    first: list[tuple[str, bool]], best_total: int, total: int, search: Search
) -> list[str] | None:
    """The page, if the first hits in name order hold all of it: they begin both the best matches
    and the others, each in name order."""
    best = [customer_id for customer_id, is_best in first if is_best]
    others = [customer_id for customer_id, is_best in first if not is_best]
    page = []
    for place in range(search.offset, min(search.offset + search.per_page, total)):
        part, index = (best, place) if place < best_total else (others, place - best_total)
        if index >= len(part):
            return None
        page.append(part[index])
    return page


async def _page_by_rank(
    conn: AsyncConnection,
    tenant_id: str,
    search: Search,
    base: ColumnElement[bool],
    best: ColumnElement[bool],
    best_total: int,
) -> list[str]:
    """The page read rank by rank, each in index order, so that a big result stops early."""
    ids: list[str] = []
    if search.offset < best_total:
        query = _hits(tenant_id, and_(base, best)).offset(search.offset).limit(search.per_page)
        ids += (await conn.execute(query)).scalars()
    missing = search.per_page - len(ids)
    if missing > 0:
        skip = max(0, search.offset - best_total)
        query = _hits(tenant_id, and_(base, not_(best))).offset(skip).limit(missing)
        ids += (await conn.execute(query)).scalars()
    return ids


async def _page_ids(
    conn: AsyncConnection,
    tenant_id: str,
    search: Search,
    base: ColumnElement[bool],
    best: ColumnElement[bool],
) -> tuple[int, list[str]]:
    """The total of hits and the ids on the page asked for, best matches first.

    The first FIRST_READ hits in name order come in one read, which for most typed words is the
    whole result. Only a bigger result is counted apart, and its page read from the first hits or,
    further on, rank by rank.
    """
    is_best = case((best, True), else_=False)
    read = await conn.execute(_hits(tenant_id, base, is_best).limit(FIRST_READ + 1))
    first = [(row[0], bool(row[1])) for row in read]
    if len(first) <= FIRST_READ:
        ranked = [customer_id for customer_id, top in first if top] + [c for c, top in first if not top]
        return len(first), ranked[search.offset : search.offset + search.per_page]
    counted = await conn.execute(
        select(func.count(), func.coalesce(func.sum(case((best, 1), else_=0)), 0))
        .where(and_(customers.c.tenant_id == tenant_id, base))
        .with_hint(customers, "INDEXED BY ix_customers_search", dialect_name="sqlite")
    )
    total, best_total = (int(n) for n in counted.one())
    page = _from_first(first, best_total, total, search)
    if page is None:
        page = await _page_by_rank(conn, tenant_id, search, base, best, best_total)
    return total, page


async def search(deps: Deps, tenant_id: str, wanted: Search) -> CustomerPage:
    """A page of the list, and of the calendar's completion."""
    base, best = _conditions(wanted)
    async with deps.store.read() as conn:
        total, ids = await _page_ids(conn, tenant_id, wanted, base, best)
        found = await load_customers(conn, tenant_id, ids)
    return CustomerPage(customers=found, total=total, page=wanted.page, per_page=wanted.per_page)
