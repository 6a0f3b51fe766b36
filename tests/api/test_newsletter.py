"""Newsletters to groups: a preview, one mail per customer through the outbox, and an unsubscribe
link in each that works only by its page's button."""

from __future__ import annotations

import re
from typing import Any

import pytest

from testkit.app import InProcess
from testkit.flows import Business, sign_up

LINK = re.compile(r"http://testserver(/unsubscribe/[A-Za-z0-9_.\-]+)")
CONFIRM = re.compile(r"http://testserver(/newsletter/confirm/[A-Za-z0-9_.\-]+)")


async def add(app: InProcess, biz: Business, first: str, email: str = "", **fields: Any) -> str:
    """A record made at the desk with consent on paper (unless `newsletter=False`), which the
    customer confirmed by the mailed link where there is an address."""
    body = {"first_name": first, "last_name": "Kunde", "email": email, "newsletter": True, **fields}
    response = await app.client.post("/api/v1/customers", json=body, headers=biz.auth)
    assert response.status_code == 201, response.text
    if body["newsletter"] and email:
        await confirm_consent(app, email)
    return str(response.json()["id"])


async def confirm_consent(app: InProcess, email: str) -> None:
    """Opens the newsletter's double opt-in link mailed to `email` and presses its button."""
    mails = [m for m in await app.outbox_to(email) if m["kind"] == "newsletter_consent"]
    match = CONFIRM.search(mails[-1]["body"])
    assert match, mails[-1]["body"]
    page = await app.client.get(match.group(1))
    assert page.status_code == 200 and 'data-state="ask"' in page.text, page.text
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert csrf
    done = await app.client.post(match.group(1), data={"csrf_token": csrf.group(1)})
    assert done.status_code == 200 and 'data-state="done"' in done.text


async def group(app: InProcess, biz: Business, name: str) -> str:
    response = await app.client.post("/api/v1/customer-groups", json={"name": name}, headers=biz.auth)
    return str(response.json()["id"])


async def newsletter(app: InProcess, biz: Business, groups: list[str], **extra: Any) -> Any:
    body = {
        "subject": "Neu: Abendtermine",
        "body": "Ab März auch bis 20 Uhr.",
        "group_ids": groups,
        **extra,
    }
    return await app.client.post("/api/v1/newsletters", json=body, headers=biz.auth)


async def letters_to(app: InProcess, email: str) -> list[dict[str, Any]]:
    return [m for m in await app.outbox_to(email) if m["kind"] == "newsletter"]


def unsubscribe_path(mail: dict[str, Any]) -> str:
    match = LINK.search(mail["body"])
    assert match, mail["body"]
    return match.group(1)


async def test_a_newsletter_reaches_each_subscribed_customer_with_an_address_once(app: InProcess) -> None:
    biz = await sign_up(app.client)
    vip, kasse = await group(app, biz, "VIP"), await group(app, biz, "Kasse")
    tag = biz.slug
    await add(app, biz, "Anna", f"anna-{tag}@example.at", groups=[vip, kasse])
    await add(app, biz, "Bernd", groups=[vip])
    await add(app, biz, "Clara", f"clara-{tag}@example.at", groups=[vip], newsletter=False)
    dora = await add(app, biz, "Dora", f"dora-{tag}@example.at", groups=[vip])
    await add(app, biz, "Eva", f"eva-{tag}@example.at", groups=[kasse])
    await add(app, biz, "Fritz", f"fritz-{tag}@example.at")
    assert (await app.client.delete(f"/api/v1/customers/{dora}", headers=biz.auth)).status_code == 204

    preview = await newsletter(app, biz, [vip, kasse], dry_run=True)
    assert preview.status_code == 200, preview.text
    shown = preview.json()
    assert shown["recipients"] == 2
    assert (shown["preview"]["to"], shown["preview"]["subject"]) == (
        f"anna-{tag}@example.at",
        "Neu: Abendtermine",
    )
    assert shown["preview"]["text"].startswith("Hallo Anna,\n\nAb März auch bis 20 Uhr.\n")
    assert "/unsubscribe/" in shown["preview"]["text"]
    assert await letters_to(app, f"anna-{tag}@example.at") == []
    assert (await app.client.get("/api/v1/newsletters", headers=biz.auth)).json()["newsletters"] == []

    sent = await newsletter(app, biz, [vip, kasse])
    assert sent.status_code == 202, sent.text
    assert sent.json()["recipients"] == 2
    anna = await letters_to(app, f"anna-{tag}@example.at")
    eva = await letters_to(app, f"eva-{tag}@example.at")
    assert [(m["kind"], m["subject"]) for m in anna + eva] == [("newsletter", "Neu: Abendtermine")] * 2
    assert unsubscribe_path(anna[0]) != unsubscribe_path(eva[0])
    for skipped in ("clara", "dora", "fritz"):
        assert await letters_to(app, f"{skipped}-{tag}@example.at") == []
    listed = (await app.client.get("/api/v1/newsletters", headers=biz.auth)).json()["newsletters"]
    assert [(n["id"], n["subject"], n["recipients"], n["group_ids"]) for n in listed] == [
        (sent.json()["id"], "Neu: Abendtermine", 2, [vip, kasse])
    ]


async def test_the_unsubscribe_link_works_only_by_its_button(app: InProcess) -> None:
    biz = await sign_up(app.client)
    vip = await group(app, biz, "VIP")
    email = f"anna-{biz.slug}@example.at"
    anna = await add(app, biz, "Anna", email, groups=[vip])
    await newsletter(app, biz, [vip])
    path = unsubscribe_path((await letters_to(app, email))[0])

    page = await app.client.get(path)
    assert page.status_code == 200
    assert 'data-state="ask"' in page.text and biz.slug in page.text
    # A mail scanner opening the link changes nothing.
    record = (await app.client.get(f"/api/v1/customers/{anna}", headers=biz.auth)).json()["customer"]
    assert record["newsletter"] is True
    assert (await app.client.post(path, data={"csrf_token": "forged"})).status_code == 403

    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert token
    done = await app.client.post(path, data={"csrf_token": token.group(1)})
    assert done.status_code == 200
    assert 'data-state="done"' in done.text
    record = (await app.client.get(f"/api/v1/customers/{anna}", headers=biz.auth)).json()["customer"]
    assert record["newsletter"] is False
    assert 'data-state="done"' in (await app.client.get(path)).text
    assert (await app.client.post(path, data={"csrf_token": token.group(1)})).status_code == 200

    again = await newsletter(app, biz, [vip])
    assert again.status_code == 400
    assert again.json()["error"]["code"] == "no_recipients"
    assert len(await letters_to(app, email)) == 1
    english = await app.client.get(path, headers={"Accept-Language": "en"})
    assert "You are unsubscribed" in english.text
    assert (await app.client.get("/unsubscribe/not-a-token")).status_code == 404


async def test_the_mail_programs_one_click_unsubscribe_works_without_the_page(app: InProcess) -> None:
    """RFC 8058: each newsletter names its link in List-Unsubscribe, and a bare POST of
    `List-Unsubscribe=One-Click` to it, without session or form token, unsubscribes."""
    biz = await sign_up(app.client)
    vip = await group(app, biz, "VIP")
    email = f"berta-{biz.slug}@example.at"
    berta = await add(app, biz, "Berta", email, groups=[vip])
    await newsletter(app, biz, [vip])
    (mail,) = await letters_to(app, email)
    path = unsubscribe_path(mail)
    assert mail["headers"] == {
        "List-Unsubscribe": f"<http://testserver{path}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }
    assert (await app.client.post(path, data={"List-Unsubscribe": "Later"})).status_code == 403
    fresh = {"cookie": ""}  # the mail program has no session with us
    clicked = await app.client.post(path, data={"List-Unsubscribe": "One-Click"}, headers=fresh)
    assert clicked.status_code == 200
    record = (await app.client.get(f"/api/v1/customers/{berta}", headers=biz.auth)).json()["customer"]
    assert record["newsletter"] is False


@pytest.mark.parametrize(
    ("change", "status", "code"),
    [
        pytest.param({"subject": ""}, 400, "invalid_subject", id="no-subject"),
        pytest.param({"subject": "Zwei\nZeilen"}, 400, "invalid_subject", id="two-lines"),
        pytest.param({"subject": "x" * 201}, 400, "invalid_subject", id="long-subject"),
        pytest.param({"body": " "}, 400, "invalid_body", id="no-body"),
        pytest.param({"group_ids": []}, 400, "invalid_field", id="no-groups"),
        pytest.param({"group_ids": "VIP"}, 400, "invalid_field", id="groups-text"),
        pytest.param({"group_ids": ["0" * 32]}, 404, "not_found", id="unknown-group"),
        pytest.param({"dry_run": "yes"}, 400, "invalid_field", id="dry-run-text"),
    ],
)
async def test_a_bad_newsletter_is_refused_and_nothing_is_sent(
    app: InProcess, change: dict[str, Any], status: int, code: str
) -> None:
    biz = await sign_up(app.client)
    vip = await group(app, biz, "VIP")
    email = f"anna-{biz.slug}@example.at"
    await add(app, biz, "Anna", email, groups=[vip])
    response = await newsletter(app, biz, [vip], **change)
    assert response.status_code == status, response.text
    assert response.json()["error"]["code"] == code
    assert await letters_to(app, email) == []


async def test_a_newsletter_goes_only_to_the_business_own_groups(app: InProcess) -> None:
    biz = await sign_up(app.client)
    theirs = await sign_up(app.client)
    vip = await group(app, biz, "VIP")
    email = f"anna-{biz.slug}@example.at"
    await add(app, biz, "Anna", email, groups=[vip])
    response = await newsletter(app, theirs, [vip])
    assert response.status_code == 404
    assert await letters_to(app, email) == []
    assert (await app.client.get("/api/v1/newsletters", headers=theirs.auth)).json()["newsletters"] == []
