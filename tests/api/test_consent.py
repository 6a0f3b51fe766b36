"""Newsletter consent: only confirmed consent receives newsletters (double opt-in), the desk records
consent on paper, the booking page's customer gives it online, the unsubscribe link withdraws it,
and the migration leaves existing records without consent."""

from __future__ import annotations

import re
from typing import Any

from testkit.app import InProcess
from testkit.flows import Business, code_for, customer, sign_up
from tests.api.test_newsletter import (
    CONFIRM,
    add,
    confirm_consent,
    group,
    letters_to,
    newsletter,
    unsubscribe_path,
)


async def record(app: InProcess, biz: Business, customer_id: str) -> dict[str, Any]:
    response = await app.client.get(f"/api/v1/customers/{customer_id}", headers=biz.auth)
    assert response.status_code == 200, response.text
    return dict(response.json()["customer"])


async def test_desk_consent_counts_only_once_the_customer_confirms_the_mailed_link(app: InProcess) -> None:
    biz = await sign_up(app.client)
    vip = await group(app, biz, "VIP")
    email = f"paula-{biz.slug}@example.at"
    paula = await add(app, biz, "Paula", email, groups=[vip], newsletter=False)
    assert (await record(app, biz, paula))["newsletter_consent"] is None
    assert [m["kind"] for m in await app.outbox_to(email)] == []

    changed = await app.client.patch(
        f"/api/v1/customers/{paula}", json={"newsletter": True}, headers=biz.auth
    )
    assert changed.status_code == 200, changed.text
    shown = changed.json()
    assert shown["newsletter"] is False
    assert shown["newsletter_consent"]["source"] == "desk"
    assert shown["newsletter_consent"]["confirmed_at"] is None
    (opt_in,) = await app.outbox_to(email)
    assert opt_in["kind"] == "newsletter_consent" and "/newsletter/confirm/" in opt_in["body"]
    refused = await newsletter(app, biz, [vip])
    assert refused.status_code == 400 and refused.json()["error"]["code"] == "no_recipients"
    listed = (await app.client.get("/api/v1/newsletters", headers=biz.auth)).json()
    assert listed["consented"] == 0

    await confirm_consent(app, email)
    confirmed = await record(app, biz, paula)
    assert confirmed["newsletter"] is True
    assert confirmed["newsletter_consent"]["confirmed_at"] is not None
    assert (await app.client.get("/api/v1/newsletters", headers=biz.auth)).json()["consented"] == 1
    sent = await newsletter(app, biz, [vip])
    assert sent.status_code == 202 and sent.json()["recipients"] == 1
    assert len(await letters_to(app, email)) == 1


async def test_withdrawal_is_recorded_and_new_consent_needs_a_new_confirmation(app: InProcess) -> None:
    biz = await sign_up(app.client)
    vip = await group(app, biz, "VIP")
    email = f"rita-{biz.slug}@example.at"
    rita = await add(app, biz, "Rita", email, groups=[vip])
    old_link = CONFIRM.search(
        [m for m in await app.outbox_to(email) if m["kind"] == "newsletter_consent"][0]["body"]
    )
    assert old_link
    await newsletter(app, biz, [vip])
    path = unsubscribe_path((await letters_to(app, email))[0])
    page = await app.client.get(path)
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert csrf
    assert (await app.client.post(path, data={"csrf_token": csrf.group(1)})).status_code == 200

    withdrawn = await record(app, biz, rita)
    assert withdrawn["newsletter"] is False
    assert withdrawn["newsletter_consent"]["withdrawn_at"] is not None
    # The old opt-in link cannot bring the consent back.
    assert (await app.client.get(old_link.group(1))).status_code == 404
    assert (await newsletter(app, biz, [vip])).json()["error"]["code"] == "no_recipients"

    again = await app.client.patch(f"/api/v1/customers/{rita}", json={"newsletter": True}, headers=biz.auth)
    assert again.json()["newsletter"] is False and again.json()["newsletter_consent"]["withdrawn_at"] is None
    await confirm_consent(app, email)
    assert (await record(app, biz, rita))["newsletter"] is True


async def test_a_customer_ticks_the_newsletter_on_the_booking_page_and_confirms(app: InProcess) -> None:
    biz = await sign_up(app.client)
    email, token = await customer(app.client, "Nora")
    bearer = {"Authorization": f"Bearer {token}"}
    before = await app.client.post(f"/api/v1/public/{biz.slug}/newsletter", headers=bearer)
    assert before.status_code == 404  # no record there before the first booking
    slots = await app.client.get(
        f"/api/v1/public/{biz.slug}/slots",
        params={"service_id": biz.service_id, "location_id": biz.location_id},
    )
    start = slots.json()["slots"][0]["start"]
    held = await app.client.post(
        f"/api/v1/public/{biz.slug}/holds",
        json={"service_id": biz.service_id, "location_id": biz.location_id, "start": start},
        headers=bearer,
    )
    assert held.status_code == 201, held.text
    code = await code_for(app.client, email)
    confirmed = await app.client.post(
        f"/api/v1/public/holds/{held.json()['id']}/confirm", json={"code": code}, headers=bearer
    )
    assert confirmed.status_code == 200, confirmed.text
    ticked = await app.client.post(f"/api/v1/public/{biz.slug}/newsletter", headers=bearer)
    assert ticked.status_code == 202, ticked.text
    found = (await app.client.get("/api/v1/customers", params={"q": "Nora"}, headers=biz.auth)).json()
    (nora,) = found["customers"]
    assert nora["newsletter_consent"]["source"] == "booking_page"
    assert nora["newsletter"] is False
    await confirm_consent(app, email)
    assert (await record(app, biz, nora["id"]))["newsletter"] is True
    assert (await app.client.post(f"/api/v1/public/{biz.slug}/newsletter")).status_code == 401
