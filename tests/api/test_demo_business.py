"""`--demo` (and `make run`) set up the demo business through the same use-cases as the API: it
must come up whole on both databases, and a second start leaves it as it is."""

from __future__ import annotations

from datetime import timedelta

from actions.demo import EMAIL, PASSWORD, SLUG, ensure_demo
from testkit.app import InProcess


async def test_the_demo_business_comes_up_whole_and_once(app: InProcess) -> None:
    await ensure_demo(app.deps)
    await ensure_demo(app.deps)  # a restart finds it and changes nothing

    public = (await app.client.get(f"/api/v1/public/{SLUG}")).json()
    assert public["name"] == "Physiotherapie Sonnenhof"
    assert [s["name"] for s in public["services"]] == ["Physiotherapie", "Massage", "Erstgespräch"]

    login = await app.client.post("/api/v1/login", json={"email": EMAIL, "password": PASSWORD})
    assert login.status_code == 200, login.text
    auth = {"Authorization": f"Bearer {login.json()['token']}"}
    assert len((await app.client.get("/api/v1/staff", headers=auth)).json()["staff"]) == 2
    settings = (await app.client.get("/api/v1/settings", headers=auth)).json()
    assert (settings["holiday_country"], settings["holiday_region"]) == ("AT", "9")  # Vienna
    found = (await app.client.get("/api/v1/customers", headers=auth)).json()
    assert found["total"] == 5
    groups = (await app.client.get("/api/v1/customer-groups", headers=auth)).json()["groups"]
    assert sorted(g["name"] for g in groups) == ["Sportverein", "Stammkunden"]

    today = app.deps.clock().date()
    week = {"from": today.isoformat(), "to": (today + timedelta(days=10)).isoformat()}
    booked = (await app.client.get("/api/v1/appointments", params=week, headers=auth)).json()["appointments"]
    assert len(booked) >= 4
    assert {a["status"] for a in booked} == {"booked"}

    # The demo holds the base licence (Anna's calendar an add-on): no trial runs out under it.
    licence = (await app.client.get("/api/v1/licence", headers=auth)).json()
    assert licence["plan"] == "base" and licence["extra_calendars"] == 1
    assert public["online_booking"] is True
