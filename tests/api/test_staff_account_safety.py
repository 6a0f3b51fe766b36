"""A staff account is safe: a new password by a mailed single-use link, the person's own sessions,
two-factor log-in with an app (which the owner may require), and log-in limits per address."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from datetime import timedelta

import httpx
import pyotp
import pytest

from testkit.app import InProcess, in_process, settings_for
from testkit.flows import Business, join_team, sign_up, wait_for_mail
from testkit.stand_ins import Clock, Heard
from web.auth import Tokens

PASSWORD = "correct horse battery"


@pytest.fixture
async def timed(database_url: str, clock: Clock) -> AsyncIterator[InProcess]:
    """The app on the test's clock, which the test moves forward."""
    async with in_process(settings_for(database_url), clock=clock) as running:
        yield running


def email_of(biz: Business) -> str:
    return f"{biz.slug}@owner.example"


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def session_of(app: InProcess, token: str) -> str:
    claim = Tokens(app.deps.settings.secret_key).staff_claim(token)
    assert claim is not None
    return claim.session_id


async def log_in(client: httpx.AsyncClient, email: str, password: str = PASSWORD) -> httpx.Response:
    return await client.post("/api/v1/login", json={"email": email, "password": password})


def reset_token(body: str) -> str:
    match = re.search(r"http://testserver/login/reset/([A-Za-z0-9_\-]+)", body)
    assert match, body
    return match.group(1)


async def mailed_reset(
    app: InProcess, email: str, count: int = 1, **headers: str
) -> tuple[str, dict[str, str]]:
    asked = await app.client.post("/api/v1/password-reset", json={"email": email}, headers=headers)
    assert asked.status_code == 202 and asked.json() == {"status": "reset_sent"}
    mail = (await wait_for_mail(app.client, email, count=count))[0]
    return reset_token(mail["body"]), mail


async def test_a_reset_link_sets_a_new_password_once_and_ends_every_session(
    timed: InProcess, clock: Clock
) -> None:
    app = timed
    heard = Heard()
    app.deps.realtime = heard  # type: ignore[assignment]
    biz = await sign_up(app.client)
    other = (await log_in(app.client, email_of(biz))).json()["token"]
    nobody = await app.client.post("/api/v1/password-reset", json={"email": "nobody@nowhere.example"})
    assert nobody.status_code == 202 and nobody.json() == {"status": "reset_sent"}

    asked = await app.client.post("/api/v1/password-reset", json={"email": email_of(biz).upper()})
    assert asked.status_code == 202
    mail = (await wait_for_mail(app.client, email_of(biz)))[0]
    token = reset_token(mail["body"])
    assert "Neues Passwort" in mail["subject"] and "60 Minuten" in mail["body"]

    weak = await app.client.post("/api/v1/password-reset/confirm", json={"token": token, "password": "short"})
    assert weak.status_code == 400 and weak.json()["error"]["code"] == "weak_password"
    done = await app.client.post(
        "/api/v1/password-reset/confirm", json={"token": token, "password": "a brand new secret"}
    )
    assert done.status_code == 200 and done.json() == {"status": "password_set"}
    for old in (biz.token, other):
        assert (await app.client.get("/api/v1/me", headers=bearer(old))).status_code == 401
    assert sorted(heard.ended_sessions) == sorted([session_of(app, biz.token), session_of(app, other)])
    assert (await log_in(app.client, email_of(biz))).status_code == 401
    assert (await log_in(app.client, email_of(biz), "a brand new secret")).status_code == 200

    again = await app.client.post(
        "/api/v1/password-reset/confirm", json={"token": token, "password": "yet another secret"}
    )
    assert again.status_code == 410 and again.json()["error"]["code"] == "token_used"
    forged = await app.client.post(
        "/api/v1/password-reset/confirm", json={"token": "forged", "password": "yet another secret"}
    )
    assert forged.status_code == 404


async def test_a_reset_link_expires_after_an_hour_and_a_newer_one_voids_the_rest(
    timed: InProcess, clock: Clock
) -> None:
    app = timed
    biz = await sign_up(app.client)
    first, _ = await mailed_reset(app, email_of(biz))
    clock.offset += timedelta(minutes=61)
    late = await app.client.post(
        "/api/v1/password-reset/confirm", json={"token": first, "password": "a brand new secret"}
    )
    assert late.status_code == 410 and late.json()["error"]["code"] == "token_expired"
    page = await app.client.get(f"/login/reset/{first}")
    assert page.status_code == 200 and 'data-state="expired"' in page.text

    second, _ = await mailed_reset(app, email_of(biz), count=2)
    third, english = await mailed_reset(app, email_of(biz), count=3, **{"Accept-Language": "en"})
    assert "New password" in english["subject"] and "?lang=en" in english["body"]
    ok = await app.client.post(
        "/api/v1/password-reset/confirm", json={"token": third, "password": "new secret!"}
    )
    assert ok.status_code == 200
    void = await app.client.post(
        "/api/v1/password-reset/confirm", json={"token": second, "password": "other secret"}
    )
    assert void.status_code == 410


async def test_the_reset_pages_ask_for_the_address_and_set_the_password(app: InProcess) -> None:
    biz = await sign_up(app.client)
    login_page = await app.client.get("/login")
    assert 'href="/login/reset"' in login_page.text
    form = await app.client.get("/login/reset")
    csrf = form.text.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
    known = await app.client.post("/login/reset", data={"csrf_token": csrf, "email": email_of(biz)})
    unknown = await app.client.post("/login/reset", data={"csrf_token": csrf, "email": "no@one.example"})
    assert known.status_code == unknown.status_code == 200
    assert 'data-state="sent"' in known.text and 'data-state="sent"' in unknown.text
    token = reset_token((await wait_for_mail(app.client, email_of(biz)))[0]["body"])

    differ = {"csrf_token": csrf, "password": "a brand new secret", "password_repeat": "another one"}
    refused = await app.client.post(f"/login/reset/{token}", data=differ)
    assert refused.status_code == 400 and 'data-state="ask"' in refused.text
    same = {**differ, "password_repeat": "a brand new secret"}
    done = await app.client.post(f"/login/reset/{token}", data=same)
    assert done.status_code == 200 and 'data-state="done"' in done.text
    assert (await app.client.get("/api/v1/me", headers=biz.auth)).status_code == 401
    used = await app.client.get(f"/login/reset/{token}")
    assert 'data-state="used"' in used.text
    assert (await app.client.get("/login/reset/forged")).status_code == 404


async def test_sessions_are_listed_and_ended_one_by_one_or_all_but_this_one(app: InProcess) -> None:
    heard = Heard()
    app.deps.realtime = heard  # type: ignore[assignment]
    biz = await sign_up(app.client)
    phone = (
        await app.client.post(
            "/api/v1/login",
            json={"email": email_of(biz), "password": PASSWORD},
            headers={"User-Agent": "Phone"},
        )
    ).json()["token"]
    tablet = (await log_in(app.client, email_of(biz))).json()["token"]

    listed = (await app.client.get("/api/v1/sessions", headers=biz.auth)).json()["sessions"]
    assert len(listed) == 3
    assert [s["id"] for s in listed if s["current"]] == [session_of(app, biz.token)]
    assert {s["device"] for s in listed} >= {"Phone"}
    assert all(s["started_at"].endswith("+00:00") for s in listed)

    other = await sign_up(app.client)
    stranger = await app.client.delete(f"/api/v1/sessions/{session_of(app, phone)}", headers=other.auth)
    assert stranger.status_code == 404
    ended = await app.client.delete(f"/api/v1/sessions/{session_of(app, phone)}", headers=biz.auth)
    assert ended.status_code == 204
    assert (await app.client.get("/api/v1/me", headers=bearer(phone))).status_code == 401
    assert heard.ended_sessions == [session_of(app, phone)]

    rest = await app.client.post("/api/v1/sessions/end-others", headers=biz.auth)
    assert rest.status_code == 200 and rest.json() == {"ended": 1}
    assert (await app.client.get("/api/v1/me", headers=bearer(tablet))).status_code == 401
    assert (await app.client.get("/api/v1/me", headers=biz.auth)).status_code == 200
    assert heard.ended_sessions == [session_of(app, phone), session_of(app, tablet)]
    assert len((await app.client.get("/api/v1/sessions", headers=biz.auth)).json()["sessions"]) == 1


async def turn_on(app: InProcess, auth: dict[str, str], clock: Clock) -> tuple[str, list[str]]:
    setup = (await app.client.post("/api/v1/two-factor/setup", headers=auth)).json()
    assert setup["uri"].startswith("otpauth://totp/") and setup["qr_svg"].startswith("<svg")
    secret = setup["secret"]
    wrong = await app.client.post(
        "/api/v1/two-factor", json={"secret": secret, "code": "000000"}, headers=auth
    )
    assert wrong.status_code == 422 and wrong.json()["error"]["code"] == "wrong_code"
    code = pyotp.TOTP(secret).at(clock())
    on = await app.client.post("/api/v1/two-factor", json={"secret": secret, "code": code}, headers=auth)
    assert on.status_code == 201, on.text
    return secret, on.json()["recovery_codes"]


async def test_two_factor_log_in_asks_for_a_code_after_the_password(timed: InProcess, clock: Clock) -> None:
    app = timed
    biz = await sign_up(app.client)
    secret, recovery = await turn_on(app, biz.auth, clock)
    assert len(recovery) == 10
    state = (await app.client.get("/api/v1/two-factor", headers=biz.auth)).json()
    assert state == {"enabled": True, "required": False, "recovery_codes_left": 10}

    first = await log_in(app.client, email_of(biz))
    assert first.status_code == 202 and first.json()["status"] == "code_needed"
    challenge = first.json()["challenge"]
    # The code the set-up took does not work a second time.
    replay = await app.client.post(
        "/api/v1/login/code", json={"challenge": challenge, "code": pyotp.TOTP(secret).at(clock())}
    )
    assert replay.status_code == 422 and replay.json()["error"]["code"] == "wrong_code"
    clock.offset += timedelta(seconds=30)
    done = await app.client.post(
        "/api/v1/login/code", json={"challenge": challenge, "code": pyotp.TOTP(secret).at(clock())}
    )
    assert done.status_code == 200, done.text
    assert (await app.client.get("/api/v1/me", headers=bearer(done.json()["token"]))).status_code == 200

    by_recovery = await app.client.post(
        "/api/v1/login/code", json={"challenge": challenge, "code": recovery[0]}
    )
    assert by_recovery.status_code == 200
    spent = await app.client.post("/api/v1/login/code", json={"challenge": challenge, "code": recovery[0]})
    assert spent.status_code == 422

    clock.offset += timedelta(minutes=6)
    stale = await app.client.post(
        "/api/v1/login/code", json={"challenge": challenge, "code": pyotp.TOTP(secret).at(clock())}
    )
    assert stale.status_code == 401 and stale.json()["error"]["code"] == "login_expired"
    forged = await app.client.post("/api/v1/login/code", json={"challenge": "forged", "code": "123456"})
    assert forged.status_code == 401


async def test_two_factor_is_turned_off_only_with_a_code(timed: InProcess, clock: Clock) -> None:
    app = timed
    biz = await sign_up(app.client)
    secret, _ = await turn_on(app, biz.auth, clock)
    again = await app.client.post(
        "/api/v1/two-factor",
        json={"secret": secret, "code": pyotp.TOTP(secret).at(clock())},
        headers=biz.auth,
    )
    assert again.status_code == 409
    wrong = await app.client.post("/api/v1/two-factor/off", json={"code": "111111"}, headers=biz.auth)
    assert wrong.status_code == 422
    clock.offset += timedelta(seconds=30)
    off = await app.client.post(
        "/api/v1/two-factor/off", json={"code": pyotp.TOTP(secret).at(clock())}, headers=biz.auth
    )
    assert off.status_code == 204
    assert (await log_in(app.client, email_of(biz))).status_code == 200
    state = (await app.client.get("/api/v1/two-factor", headers=biz.auth)).json()
    assert state == {"enabled": False, "required": False, "recovery_codes_left": 0}


async def test_the_owner_can_require_two_factor_of_everyone(timed: InProcess, clock: Clock) -> None:
    app = timed
    biz = await sign_up(app.client)
    first = await app.client.put("/api/v1/two-factor/required", json={"required": True}, headers=biz.auth)
    assert first.status_code == 409 and first.json()["error"]["code"] == "two_factor_first"
    member = await join_team(app.client, biz, preset="management")
    await turn_on(app, biz.auth, clock)
    required = await app.client.put("/api/v1/two-factor/required", json={"required": True}, headers=biz.auth)
    assert required.status_code == 200 and required.json()["required"] is True
    due = await log_in(app.client, member.email)
    assert due.status_code == 200 and due.json()["two_factor_setup_due"] is True
    page = await app.other_client().get("/login")
    assert page.status_code == 200

    asked = await log_in(app.client, email_of(biz))
    assert asked.status_code == 202
    lifted = await app.client.put("/api/v1/two-factor/required", json={"required": False}, headers=biz.auth)
    assert lifted.json() == {"enabled": True, "required": False, "recovery_codes_left": 10}


async def test_until_two_factor_is_set_up_where_required_a_person_reaches_only_their_account(
    timed: InProcess, clock: Clock
) -> None:
    app = timed
    biz = await sign_up(app.client)
    await turn_on(app, biz.auth, clock)
    member = await join_team(app.client, biz, preset="reception")
    required = await app.client.put("/api/v1/two-factor/required", json={"required": True}, headers=biz.auth)
    assert required.status_code == 200

    refused = await app.client.get("/api/v1/appointments", headers=member.auth)
    assert refused.status_code == 403 and refused.json()["error"]["code"] == "two_factor_due"
    assert "Zwei-Faktor-Anmeldung" in refused.json()["error"]["message"]
    assert (await app.client.get("/api/v1/me", headers=member.auth)).status_code == 200
    assert (await app.client.get("/api/v1/sessions", headers=member.auth)).status_code == 200
    pages = app.other_client()
    form = await pages.get("/login")
    csrf = form.text.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
    logged = await pages.post(
        "/login", data={"email": member.email, "password": PASSWORD, "csrf_token": csrf}
    )
    assert logged.headers["location"] == "/settings?two_factor=due#zwei-faktor"
    for page in ("/calendar", "/customers"):
        sent = await pages.get(page)
        assert sent.status_code == 303 and sent.headers["location"] == "/settings?two_factor=due#zwei-faktor"
    assert (await pages.get("/settings")).status_code == 200

    await turn_on(app, member.auth, clock)
    assert (await app.client.get("/api/v1/appointments", headers=member.auth)).status_code == 200
    assert (await app.client.get("/api/v1/appointments", headers=biz.auth)).status_code == 200


async def test_log_in_attempts_are_limited_per_address_from_anywhere(database_url: str) -> None:
    async with in_process(settings_for(database_url, rate_limits=True)) as app:
        biz = await sign_up(app.client)
        codes = []
        for n in range(21):
            # Each try from another client address: the limit on the e-mail address still holds.
            other = httpx.ASGITransport(app=app.asgi, client=(f"10.0.0.{n + 1}", 123))
            async with httpx.AsyncClient(transport=other, base_url="http://testserver") as client:
                codes.append((await log_in(client, email_of(biz), "wrong password")).status_code)
        assert codes == [401] * 20 + [429]
        right = await log_in(app.client, email_of(biz))
        assert right.status_code == 429
        assert 0 < int(right.headers["Retry-After"]) <= 900
        elsewhere = await log_in(app.client, "someone@else.example", "wrong password")
        assert elsewhere.status_code == 401


async def test_codes_are_limited_per_account(database_url: str, clock: Clock) -> None:
    async with in_process(settings_for(database_url, rate_limits=True), clock=clock) as app:
        biz = await sign_up(app.client)
        secret, _ = await turn_on(app, biz.auth, clock)
        statuses = []
        for _ in range(11):
            challenge = (await log_in(app.client, email_of(biz))).json()["challenge"]
            tried = await app.client.post(
                "/api/v1/login/code", json={"challenge": challenge, "code": "000000"}
            )
            statuses.append(tried.status_code)
        assert statuses == [422] * 8 + [429] * 3  # the set-up's two codes counted too
        assert int(tried.headers["Retry-After"]) > 0
        assert pyotp.TOTP(secret).at(clock())
