"""The pages' language: German by default, English by choice (cookie, `?lang=`) or by the browser."""

from __future__ import annotations

import re

import pytest

from testkit.app import InProcess


def csrf_of(html: str) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert match, html[:500]
    return match.group(1)


def lang_of(html: str) -> str:
    match = re.search(r'<html lang="([a-z]+)">', html)
    assert match, html[:300]
    return match.group(1)


async def switch(app: InProcess, lang: str, next_page: str) -> tuple[int, str, str]:
    """Uses the switch on the log-in page; returns the status, the redirect and the cookie set."""
    page = await app.client.get("/login")
    response = await app.client.post(
        "/language", data={"csrf_token": csrf_of(page.text), "lang": lang, "next": next_page}
    )
    headers = response.headers
    return response.status_code, headers.get("location", ""), headers.get("set-cookie", "")


async def test_german_is_the_default(app: InProcess) -> None:
    page = await app.client.get("/login")
    assert lang_of(page.text) == "de"
    assert "<h1>Anmelden</h1>" in page.text
    assert 'value="de" lang="de" aria-current="true">Deutsch</button>' in page.text


@pytest.mark.parametrize(
    ("header", "lang"),
    [
        pytest.param("en-US,en;q=0.9,de;q=0.8", "en", id="english-first"),
        pytest.param("en", "en", id="plain-english"),
        pytest.param("de-AT,de;q=0.9,en;q=0.8", "de", id="german-first"),
        pytest.param("fr-FR,en;q=0.8", "de", id="other-first"),
    ],
)
async def test_without_a_choice_the_browser_decides(app: InProcess, header: str, lang: str) -> None:
    page = await app.client.get("/login", headers={"Accept-Language": header})
    assert lang_of(page.text) == lang
    assert ("<h1>Log in</h1>" in page.text) == (lang == "en")


async def test_lang_on_the_address_beats_the_browser(app: InProcess) -> None:
    page = await app.client.get("/login?lang=en", headers={"Accept-Language": "de-AT"})
    assert lang_of(page.text) == "en" and "Welcome back." in page.text
    page = await app.client.get("/login?lang=de", headers={"Accept-Language": "en-GB"})
    assert lang_of(page.text) == "de"
    unknown = await app.client.get("/login?lang=fr", headers={"Accept-Language": "en-GB"})
    assert unknown.status_code == 200 and lang_of(unknown.text) == "en"


async def test_the_switch_keeps_the_choice_in_a_cookie(app: InProcess) -> None:
    status, location, cookie = await switch(app, "en", "/signup?lang=de&from=top")
    assert status == 303
    assert location == "/signup?from=top"
    assert cookie.startswith("lang=en;") and "samesite=lax" in cookie.lower()

    page = await app.client.get("/login", headers={"Accept-Language": "de-AT"})
    assert lang_of(page.text) == "en"
    assert 'value="en" lang="en" aria-current="true">English</button>' in page.text
    assert lang_of((await app.client.get("/login?lang=de")).text) == "de"

    await switch(app, "de", "/login")
    page = await app.client.get("/login", headers={"Accept-Language": "en-US"})
    assert lang_of(page.text) == "de"


@pytest.mark.parametrize(
    "target",
    [
        pytest.param("https://elsewhere.example/login", id="other-site"),
        pytest.param("//elsewhere.example/login", id="scheme-relative"),
        pytest.param("/\\elsewhere.example", id="backslash"),
        pytest.param("login", id="relative"),
        pytest.param("", id="empty"),
    ],
)
async def test_the_switch_never_leads_away(app: InProcess, target: str) -> None:
    status, location, _ = await switch(app, "en", target)
    assert (status, location) == (303, "/")


async def test_the_switch_follows_the_form_rules(app: InProcess) -> None:
    await app.client.get("/login")
    forged = await app.client.post("/language", data={"lang": "en", "next": "/login"})
    assert forged.status_code == 403 and "set-cookie" not in forged.headers
    assert "text/html" in forged.headers["content-type"]

    status, _, cookie = await switch(app, "fr", "/login")
    assert status == 400 and "lang=" not in cookie


async def test_form_errors_and_error_pages_speak_the_page_language(app: InProcess) -> None:
    form = await app.client.get("/login?lang=en")
    wrong = await app.client.post(
        "/login?lang=en",
        data={"email": "nobody@x.example", "password": "wrong", "csrf_token": csrf_of(form.text)},
    )
    assert wrong.status_code == 401 and lang_of(wrong.text) == "en"
    assert "E-Mail-Adresse oder Passwort ist falsch." not in wrong.text

    missing = await app.client.get("/no-such-page?lang=en")
    assert missing.status_code == 404
    assert "Page not found" in missing.text and "There is nothing at this address." in missing.text
    german = await app.client.get("/no-such-page")
    assert "Seite nicht gefunden" in german.text
