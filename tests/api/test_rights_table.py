"""Every staff operation of the route table, called by a person of every preset (and one with no
rights at all): refused with a 403 naming the right exactly when the person lacks it, otherwise
never refused for rights. Writes in a colleague's calendar are what the calendar rights guard."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest

from contract.enums import Preset, Right
from contract.rights import PRESETS
from server import APIS
from testkit.app import InProcess
from testkit.flows import Business, join_team, sign_up
from web.api.edge import STAFF, Operation

#: Operations whose right depends on the calendar the request names; the table calls them with a
#: colleague's calendar (the owner's), so they take the right to work in colleagues' calendars.
FOR_A_COLLEAGUES_CALENDAR: dict[tuple[str, str], Right] = {
    ("POST", "/appointments"): Right.BOOK_OTHERS,
    ("PATCH", "/appointments/{appointment_id}"): Right.BOOK_OTHERS,
    ("POST", "/appointments/{appointment_id}/cancel"): Right.BOOK_OTHERS,
    ("POST", "/appointments/{appointment_id}/accept"): Right.BOOK_OTHERS,
    ("POST", "/appointments/{appointment_id}/decline"): Right.BOOK_OTHERS,
    ("PUT", "/staff/{staff_id}/hours"): Right.OTHERS_HOURS,
    ("POST", "/closures"): Right.OTHERS_HOURS,
    ("DELETE", "/closures/{closure_id}"): Right.OTHERS_HOURS,
    ("GET", "/appointments/{appointment_id}/history"): Right.BOOK_OTHERS,
    ("POST", "/feeds"): Right.BOOK_OTHERS,
    ("PUT", "/appointments/{appointment_id}/attendance"): Right.BOOK_OTHERS,
    ("POST", "/series/preview"): Right.BOOK_OTHERS,
    ("POST", "/series"): Right.BOOK_OTHERS,
    ("POST", "/appointments/{appointment_id}/following/move"): Right.BOOK_OTHERS,
    ("POST", "/appointments/{appointment_id}/following/cancel"): Right.BOOK_OTHERS,
}

#: What every person of the team may do: read the set-up and the calendars, and their own account.
EVERYONE = {
    ("GET", "/me"),
    ("GET", "/locations"),
    ("GET", "/services"),
    ("GET", "/staff"),
    ("GET", "/settings"),
    ("GET", "/company"),
    ("GET", "/mail-status"),
    ("GET", "/appointments"),
    ("GET", "/closures"),
    ("POST", "/logout"),
    ("POST", "/password"),
    ("GET", "/sessions"),
    ("DELETE", "/sessions/{session_id}"),
    ("POST", "/sessions/end-others"),
    ("GET", "/two-factor"),
    ("POST", "/two-factor/setup"),
    ("POST", "/two-factor"),
    ("POST", "/two-factor/off"),
    ("GET", "/feeds"),
    ("GET", "/me/notifications"),
    ("PUT", "/me/notifications"),
    ("POST", "/feeds/{feed_id}/renew"),
    ("DELETE", "/feeds/{feed_id}"),
    ("GET", "/holidays"),
    ("GET", "/holidays/places"),
    ("GET", "/setup"),
    ("GET", "/booking-link/qr.png"),
    ("GET", "/booking-link/qr.svg"),
    ("GET", "/booking-link/card.pdf"),
    ("GET", "/booking-link/poster.pdf"),
}

#: The person's own account last, and log-out at the very end: they end what the table runs on.
LAST = [("POST", "/sessions/end-others"), ("POST", "/password"), ("POST", "/logout")]

#: Who calls: each preset, and a member given no right at all. Providers and the bare member have a
#: calendar of their own; reception and practice management work without one.
SUBJECTS: dict[str, tuple[str, list[str] | None, str | None]] = {
    "bare": ("provider", [], "new"),
    "provider": ("provider", None, "new"),
    "reception": ("reception", None, None),
    "management": ("management", None, None),
    "owner": ("owner", None, None),
}

_hours = itertools.count()


def staff_operations() -> list[Operation]:
    operations = [op for api in APIS for op in api.operations if op.security == STAFF]
    order = {key: index for index, key in enumerate(LAST)}
    return sorted(operations, key=lambda op: order.get((op.method, op.path), -1))


def needs(op: Operation) -> Right | None:
    return op.right or FOR_A_COLLEAGUES_CALENDAR.get((op.method, op.path))


def test_every_staff_operation_is_in_the_table() -> None:
    """A new operation must say what it takes: a right, a calendar's right, or nothing beyond log-in."""
    unlisted = [
        (op.method, op.path)
        for op in staff_operations()
        if op.right is None
        and (op.method, op.path) not in FOR_A_COLLEAGUES_CALENDAR | dict.fromkeys(EVERYONE)
    ]
    assert unlisted == []
    assert not any(op.right for op in staff_operations() if (op.method, op.path) in EVERYONE)


async def _world(client: httpx.AsyncClient, biz: Business) -> dict[str, str]:
    """One of everything a path can name, all of it the owner's: its calendar, an appointment in
    it, a closure of it, a customer and group, and an invited person."""
    start = datetime.now(UTC).replace(microsecond=0) + timedelta(days=2, hours=next(_hours))
    booked = await client.post(
        "/api/v1/appointments",
        json={
            "staff_id": biz.staff_id,
            "location_id": biz.location_id,
            "service_id": biz.service_id,
            "start": start.isoformat(),
            "new_customer": {"first_name": "Eva", "last_name": "Berger"},
            "note": "Knie links",
        },
        headers=biz.auth,
    )
    assert booked.status_code == 201, booked.text
    day = (start + timedelta(days=20)).date().isoformat()
    closed = await client.post(
        "/api/v1/closures",
        json={"kind": "vacation", "staff_id": biz.staff_id, "start": day, "end": day},
        headers=biz.auth,
    )
    assert closed.status_code == 201, closed.text
    group = await client.post("/api/v1/customer-groups", json={"name": "Stammkunden"}, headers=biz.auth)
    assert group.status_code == 201, group.text
    invited = await client.post(
        "/api/v1/team/invitations", json={"email": "someone@team.example"}, headers=biz.auth
    )
    assert invited.status_code == 201, invited.text
    return {
        "location_id": biz.location_id,
        "service_id": biz.service_id,
        "staff_id": biz.staff_id,
        "appointment_id": booked.json()["id"],
        "customer_id": booked.json()["customer_id"],
        "closure_id": closed.json()["id"],
        "group_id": group.json()["id"],
        "user_id": invited.json()["user_id"],
        "session_id": "0" * 32,
        "feed_id": "0" * 32,
        "day": "2027-01-06",
        "invoice_id": "0" * 32,
    }


def _body(op: Operation, world: dict[str, str], biz: Business) -> dict[str, Any] | None:
    """A body the operation's model takes, so that checks behind the model are reached too."""
    start = datetime.now(UTC).replace(microsecond=0) + timedelta(days=3, hours=next(_hours))
    day = (start + timedelta(days=30)).date().isoformat()
    bodies: dict[tuple[str, str], dict[str, Any]] = {
        ("POST", "/appointments"): {
            "staff_id": world["staff_id"],
            "location_id": biz.location_id,
            "service_id": biz.service_id,
            "start": start.isoformat(),
            "new_customer": {"first_name": "Ida", "last_name": "Huber"},
        },
        ("PATCH", "/appointments/{appointment_id}"): {"note": "changed"},
        ("PUT", "/staff/{staff_id}/hours"): {
            "location_id": biz.location_id,
            "weekly": {"mon": [["08:00", "12:00"]]},
        },
        ("POST", "/closures"): {"kind": "sick", "staff_id": world["staff_id"], "start": day, "end": day},
        ("POST", "/password"): {"current_password": "not the password", "new_password": "another long one"},
        ("PATCH", "/team/{user_id}"): {"preset": "reception"},
        ("PUT", "/two-factor/required"): {"required": False},
        ("PUT", "/me/notifications"): {
            "online_bookings": True,
            "requests": False,
            "cancellations": False,
            "agenda_hour": 7,
        },
        # the full feed of a colleague's calendar
        ("POST", "/feeds"): {"kind": "calendar", "staff_id": world["staff_id"]},
        ("PUT", "/holidays/{day}"): {"open": True},
        ("PUT", "/appointments/{appointment_id}/attendance"): {"attendance": None},
        ("POST", "/series/preview"): {
            "staff_id": world["staff_id"],
            "location_id": biz.location_id,
            "service_id": biz.service_id,
            "start": start.isoformat(),
            "repeat": {"count": 2},
        },
        ("POST", "/series"): {
            "staff_id": world["staff_id"],
            "location_id": biz.location_id,
            "service_id": biz.service_id,
            "start": start.isoformat(),
            "repeat": {"count": 1},
            "starts": [start.isoformat()],
            "new_customer": {"first_name": "Ida", "last_name": "Serie"},
        },
        ("POST", "/appointments/{appointment_id}/following/move"): {"start": start.isoformat()},
    }
    if (op.method, op.path) in bodies:
        return bodies[(op.method, op.path)]
    return {} if op.body is not None else None


@pytest.mark.parametrize("subject", list(SUBJECTS))
async def test_every_operation_refuses_exactly_what_the_preset_lacks(app: InProcess, subject: str) -> None:
    biz = await sign_up(app.client)
    preset, rights, calendar = SUBJECTS[subject]
    if subject == "owner":
        auth, held = biz.auth, frozenset(Right)
    else:
        member = await join_team(app.client, biz, preset=preset, rights=rights, calendar=calendar)
        auth = member.auth
        held = frozenset(Right(r) for r in rights) if rights is not None else PRESETS[Preset(preset)]
    world = await _world(app.client, biz)

    wrong: list[str] = []
    for op in staff_operations():
        path = "/api/v1" + op.path.format(**world)
        body = _body(op, world, biz)
        response = await app.client.request(op.method, path, json=body, headers=auth)
        need = needs(op)
        code = response.json()["error"]["code"] if response.status_code >= 400 and response.content else ""
        refused = response.status_code == 403 and code.startswith("needs_")
        if need is not None and need not in held:
            if not refused or code != f"needs_{need.value}":
                wrong.append(
                    f"{op.method} {op.path}: {response.status_code} {response.text[:120]}, not needs_{need}"
                )
        elif refused or response.status_code >= 500:
            wrong.append(f"{op.method} {op.path}: refused {response.status_code} {response.text[:120]}")
    assert wrong == []


@pytest.mark.parametrize("subject", ["bare", "provider", "reception", "management", "owner"])
async def test_the_desk_pages_open_by_rights(app: InProcess, subject: str) -> None:
    """The calendar and the settings open for everyone; the customer pages only with the customer
    right, else a readable 403 page that says so."""
    biz = await sign_up(app.client)
    preset, rights, calendar = SUBJECTS[subject]
    email = f"{biz.slug}@owner.example"
    if subject != "owner":
        member = await join_team(app.client, biz, preset=preset, rights=rights, calendar=calendar)
        email = member.email
    async with app.other_client() as page:
        form = await page.get("/login")
        csrf = form.text.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
        logged = await page.post(
            "/login", data={"email": email, "password": "correct horse battery", "csrf_token": csrf}
        )
        assert logged.status_code == 303, logged.text
        if subject == "owner":
            held = frozenset(Right)
        else:
            held = frozenset(Right(r) for r in rights) if rights is not None else PRESETS[Preset(preset)]
        for path in ("/calendar", "/settings"):
            shown = await page.get(path)
            assert shown.status_code == 200
            assert ('href="/customers"' in shown.text) == (Right.CUSTOMERS in held)
        customers = await page.get("/customers")
        if Right.CUSTOMERS in held:
            assert customers.status_code == 200
        else:
            assert customers.status_code == 403
            assert "Sie dürfen die Kundendatenbank nicht sehen." in customers.text
