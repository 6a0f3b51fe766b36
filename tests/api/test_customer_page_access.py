"""The desk's customer pages: only for a signed-in desk, and only its own business's records."""

from __future__ import annotations

import re

import pytest

from testkit.app import InProcess
from testkit.flows import sign_up


async def sign_in_by_form(app: InProcess, slug: str) -> None:
    """Logs the owner of `slug` in through the log-in form, as a browser does (session cookie)."""
    form = await app.client.get("/login")
    token = re.search(r'name="csrf_token" value="([^"]+)"', form.text)
    assert token
    answer = await app.client.post(
        "/login",
        data={"email": f"{slug}@owner.example", "password": "correct horse battery", "csrf_token": token[1]},
    )
    assert answer.status_code == 303


@pytest.mark.parametrize(
    "path", [pytest.param("/customers", id="list"), pytest.param("/customers/x", id="record")]
)
async def test_the_customer_pages_ask_to_log_in_first(app: InProcess, path: str) -> None:
    answer = await app.client.get(path)
    assert answer.status_code == 303 and answer.headers["location"] == "/login"


async def test_a_desk_sees_its_own_records_and_no_one_elses(app: InProcess) -> None:
    ours = await sign_up(app.client)
    theirs = await sign_up(app.client)
    made = await app.client.post(
        "/api/v1/customers", json={"first_name": "Anna", "last_name": "Müller"}, headers=ours.auth
    )
    foreign = await app.client.post(
        "/api/v1/customers", json={"first_name": "Fremd", "last_name": "Kunde"}, headers=theirs.auth
    )
    await sign_in_by_form(app, ours.slug)

    listing = await app.client.get("/customers")
    assert listing.status_code == 200 and "/static/dist/customers.js" in listing.text
    record = await app.client.get(f"/customers/{made.json()['id']}")
    assert record.status_code == 200
    assert "<title>Anna Müller – Kunden" in record.text
    for unknown in (foreign.json()["id"], "no-such-customer"):
        answer = await app.client.get(f"/customers/{unknown}")
        assert answer.status_code == 404 and "text/html" in answer.headers["content-type"]
        assert "Fremd" not in answer.text
