"""Search in the customer list as the desk types: every typed word must occur in a name, the
e-mail or the phone (a phone number also as bare digits), best matches first, a page at a time.

Best matches are customers whose first or last name has a word beginning with every typed word
("mül an" finds "Anna Müller" before "Bernd Müller, anna@…"); then the rest, each part by last
name and first name. The database answers from one covering index over the folded search keys
(`store/customer_keys.py`), in name order, so that a page of a big result stops early and a small
result sorts a few rows; on PostgreSQL a pg_trgm index finds words of three letters or more.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, case, false, func, literal, not_, select
from sqlalchemy.ext.asyncio import AsyncConnection

from actions.context import Deps
from actions.customers import load_views
from store.customer_keys import name_words, query_terms
from store.schema import customer_group_members, customers

MOST_PER_PAGE = 200
MOST_TERMS = 8
#: Up to this many hits are ranked in one sorted query; above it, each rank is read in index order.
SORTED_AT_ONCE = 3000


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


def _contains(dialect: str, text: ColumnElement[str], term: str) -> ColumnElement[bool]:
    """`term` occurs in `text`. PostgreSQL's trigram index serves LIKE for three letters or more; a
    shorter term goes by strpos, which keeps the planner off that index (it cannot help there)."""
    if dialect == "postgresql":
        if len(term) >= 3:
            return text.like(f"%{_escape_like(term)}%", escape="\\")
        return func.strpos(text, term) > 0
    return func.instr(text, term) > 0


def _conditions(dialect: str, search: Search) -> tuple[ColumnElement[bool], ColumnElement[bool]]:
    """(what every hit meets, what a best match meets besides)."""
    terms = [term for term in query_terms(search.text) if term][:MOST_TERMS]
    base = and_(
        customers.c.deleted_at.is_(None), *[_contains(dialect, customers.c.search_text, t) for t in terms]
    )
    if search.group_ids:
        members = select(customer_group_members.c.customer_id).where(
            customer_group_members.c.group_id.in_(search.group_ids)
        )
        base = and_(base, customers.c.id.in_(members))
    if not terms:
        return base, false()
    name = literal(" ") + customers.c.search_name
    starts = [_contains(dialect, name, " " + name_words(t)) for t in terms if name_words(t)]
    return base, and_(*starts) if len(starts) == len(terms) else false()


def _ids(tenant_id: str, where: ColumnElement[bool]) -> Select[Any]:
    return select(customers.c.id).where(and_(customers.c.tenant_id == tenant_id, where))


async def _page_ids(
    conn: AsyncConnection,
    tenant_id: str,
    search: Search,
    base: ColumnElement[bool],
    best: ColumnElement[bool],
) -> tuple[int, list[str]]:
    """The total of hits and the ids on the page asked for, best matches first."""
    counted = await conn.execute(
        select(func.count(), func.coalesce(func.sum(case((best, 1), else_=0)), 0)).where(
            and_(customers.c.tenant_id == tenant_id, base)
        )
    )
    total, best_total = counted.one()
    if total == 0 or search.offset >= total:
        return total, []
    by_name = (customers.c.search_name, customers.c.id)
    if total <= SORTED_AT_ONCE:
        query = _ids(tenant_id, base).order_by(case((best, 0), else_=1), *by_name)
        rows = await conn.execute(query.offset(search.offset).limit(search.per_page))
        return total, list(rows.scalars())
    ids: list[str] = []
    if search.offset < best_total:
        query = _ids(tenant_id, and_(base, best)).order_by(*by_name)
        ids += (await conn.execute(query.offset(search.offset).limit(search.per_page))).scalars()
    missing = search.per_page - len(ids)
    if missing > 0 and best_total < total:
        query = _ids(tenant_id, and_(base, not_(best))).order_by(*by_name)
        skip = max(0, search.offset - best_total)
        ids += (await conn.execute(query.offset(skip).limit(missing))).scalars()
    return total, ids


async def search(deps: Deps, tenant_id: str, wanted: Search) -> dict[str, Any]:
    """`{customers: [C], total, page, per_page}` for the list and the calendar's completion."""
    base, best = _conditions(deps.store.dialect, wanted)
    async with deps.store.read() as conn:
        total, ids = await _page_ids(conn, tenant_id, wanted, base, best)
        found = await load_views(conn, tenant_id, ids)
    return {"customers": found, "total": total, "page": wanted.page, "per_page": wanted.per_page}
