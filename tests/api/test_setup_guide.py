"""The guided set-up: each step done as the data shows it (or as marked by hand), a trade's
starter set, and the booking link's QR code, card and poster: who may download them, and what."""

from __future__ import annotations

import io
import secrets
from typing import Any

import httpx
import pypdf

from testkit.app import InProcess
from testkit.flows import join_team, sign_up, verify_owner
from testkit.images import png


async def _fresh(client: httpx.AsyncClient) -> tuple[str, dict[str, str], dict[str, str]]:
    """A business just signed up: nothing set up beyond what sign-up makes."""
    slug = f"new-{secrets.token_hex(4)}"
    made = await client.post(
        "/api/v1/signup",
        json={
            "business_name": "Physio Müller",
            "slug": slug,
            "email": f"{slug}@owner.example",
            "password": "correct horse battery",
            "timezone": "Europe/Vienna",
        },
    )
    assert made.status_code == 201, made.text
    return slug, made.json(), {"Authorization": f"Bearer {made.json()['token']}"}


def _done(answer: httpx.Response) -> dict[str, bool]:
    assert answer.status_code == 200, answer.text
    return {step["key"]: step["done"] for step in answer.json()["steps"]}


async def test_the_checklist_follows_the_data_until_the_business_is_bookable(app: InProcess) -> None:
    slug, made, auth = await _fresh(app.client)
    first = await app.client.get("/api/v1/setup", headers=auth)
    assert _done(first) == {
        "verified": False,
        "company": False,
        "opening_hours": True,
        "services": False,
        "calendars": False,
        "booking_mode": False,
        "share": False,
    }
    assert first.json()["bookable"] is False and first.json()["complete"] is False
    assert first.json()["booking_url"].endswith(f"/book/{slug}")

    added = await app.client.post(
        "/api/v1/setup/starter-services", json={"trade": "physiotherapy"}, headers=auth
    )
    assert added.status_code == 201, added.text
    listed = (await app.client.get("/api/v1/services", headers=auth)).json()
    names = [s["name"] for s in (listed["services"] if isinstance(listed, dict) else listed)]
    assert "Physiotherapie" in names and "Lymphdrainage" in names
    english = await app.client.post(
        "/api/v1/setup/starter-services",
        json={"trade": "hairdresser"},
        headers={**auth, "Accept-Language": "en"},
    )
    assert english.status_code == 201 and len(english.json()["service_ids"]) == 4
    listed = (await app.client.get("/api/v1/services", headers=auth)).json()
    names = [s["name"] for s in (listed["services"] if isinstance(listed, dict) else listed)]
    assert "Men's haircut" in names
    after = await app.client.get("/api/v1/setup", headers=auth)
    assert _done(after)["services"] and _done(after)["calendars"]
    assert after.json()["bookable"] is False  # not before the owner's address is confirmed
    await verify_owner(app.client, f"{slug}@owner.example")
    after = await app.client.get("/api/v1/setup", headers=auth)
    assert _done(after)["verified"] and after.json()["bookable"] is True
    public = (await app.client.get(f"/api/v1/public/{slug}")).json()
    assert {s["name"] for s in public["services"]} >= {"Physiotherapie"}

    # a calendar whose hours hold no time is not bookable
    emptied = await app.client.put(
        f"/api/v1/staff/{made['staff_id']}/hours",
        json={"location_id": made["location_id"], "weekly": {}},
        headers=auth,
    )
    assert emptied.status_code == 200, emptied.text
    assert not _done(await app.client.get("/api/v1/setup", headers=auth))["calendars"]
    await app.client.put(
        f"/api/v1/staff/{made['staff_id']}/hours",
        json={"location_id": made["location_id"], "weekly": {"tue": [["09:00", "12:00"]]}},
        headers=auth,
    )

    changed = await app.client.patch("/api/v1/company", json={"phone": "+43 1 234"}, headers=auth)
    assert changed.status_code == 200, changed.text
    for step in ("booking_mode", "share"):
        marked = await app.client.post("/api/v1/setup/marks", json={"step": step}, headers=auth)
        assert _done(marked)[step]
    final = await app.client.get("/api/v1/setup", headers=auth)
    assert all(_done(final).values()) and final.json()["complete"] is True

    undone = await app.client.post("/api/v1/setup/marks", json={"step": "share", "done": False}, headers=auth)
    assert not _done(undone)["share"] and undone.json()["complete"] is False


async def test_only_hand_marked_steps_are_marked_and_only_by_those_who_change_settings(
    app: InProcess,
) -> None:
    biz = await sign_up(app.client)
    refused = await app.client.post("/api/v1/setup/marks", json={"step": "services"}, headers=biz.auth)
    assert refused.status_code == 400 and refused.json()["error"]["code"] == "not_marked_by_hand"
    unknown = await app.client.post("/api/v1/setup/marks", json={"step": "coffee"}, headers=biz.auth)
    assert unknown.status_code == 400
    trade = await app.client.post(
        "/api/v1/setup/starter-services", json={"trade": "bakery"}, headers=biz.auth
    )
    assert trade.status_code == 400
    member = await join_team(app.client, biz, preset="reception")
    assert (await app.client.get("/api/v1/setup", headers=member.auth)).status_code == 200
    mark = await app.client.post("/api/v1/setup/marks", json={"step": "share"}, headers=member.auth)
    assert mark.status_code == 403 and mark.json()["error"]["code"] == "needs_settings"
    starter = await app.client.post(
        "/api/v1/setup/starter-services", json={"trade": "massage"}, headers=member.auth
    )
    assert starter.status_code == 403


async def test_the_qr_code_card_and_poster_carry_the_booking_link(app: InProcess) -> None:
    slug, _made, auth = await _fresh(app.client)
    logo = await app.client.put(
        "/api/v1/company/logo", content=png(), headers={**auth, "Content-Type": "image/png"}
    )
    assert logo.status_code == 200, logo.text
    image = await app.client.get("/api/v1/booking-link/qr.png", headers=auth)
    assert image.status_code == 200 and image.headers["content-type"] == "image/png"
    assert image.content.startswith(b"\x89PNG") and "attachment" in image.headers["content-disposition"]
    vector = await app.client.get("/api/v1/booking-link/qr.svg", headers=auth)
    assert vector.headers["content-type"].startswith("image/svg+xml") and b"<svg" in vector.content

    for path, width in (("card.pdf", 297.64), ("poster.pdf", 595.28)):
        answer = await app.client.get(f"/api/v1/booking-link/{path}", headers=auth)
        assert answer.status_code == 200 and answer.headers["content-type"] == "application/pdf"
        page = pypdf.PdfReader(io.BytesIO(answer.content)).pages[0]
        assert round(float(page.mediabox.width), 2) == width
        text = page.extract_text()
        assert f"/book/{slug}" in text and "Physio Müller" in text
        links = [a.get_object()["/A"]["/URI"] for a in page.get("/Annots", [])]
        assert any(str(uri).endswith(f"/book/{slug}") for uri in links)
        resources: Any = page["/Resources"]
        pictures = resources.get_object()["/XObject"].get_object()
        assert len(pictures) == 2  # the QR code and the logo


async def test_cards_are_for_the_business_s_own_people(app: InProcess) -> None:
    biz = await sign_up(app.client)
    member = await join_team(app.client, biz, preset="provider", calendar="new")
    assert (await app.client.get("/api/v1/booking-link/card.pdf", headers=member.auth)).status_code == 200
    async with app.other_client() as stranger:
        for path in ("qr.png", "qr.svg", "card.pdf", "poster.pdf"):
            refused = await stranger.get(f"/api/v1/booking-link/{path}")
            assert refused.status_code == 401, path
