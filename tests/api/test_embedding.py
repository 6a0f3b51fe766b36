"""Embedding: only the sites a business lists may frame its booking page."""

from __future__ import annotations

from testkit.app import InProcess
from testkit.flows import sign_up
from web.pages import embed_code
from web.security import directives


def frame_ancestors(headers: object) -> list[str]:
    policy = headers["content-security-policy"]  # type: ignore[index]
    assert "frame-ancestors" in directives(policy), policy
    return directives(policy)["frame-ancestors"].split()


async def test_the_origins_round_trip(app: InProcess) -> None:
    biz = await sign_up(app.client)
    fresh = await app.client.get("/api/v1/settings", headers=biz.auth)
    assert fresh.json()["embed_origins"] == []

    sent = [
        "https://praxis-example.at",
        "HTTPS://Www.Praxis-Example.at/",
        "http://127.0.0.1:8123",
        "https://praxis-example.at",
    ]
    saved = await app.client.patch("/api/v1/settings", json={"embed_origins": sent}, headers=biz.auth)
    assert saved.status_code == 200, saved.text
    expected = ["https://praxis-example.at", "https://www.praxis-example.at", "http://127.0.0.1:8123"]
    assert saved.json()["embed_origins"] == expected
    again = await app.client.get("/api/v1/settings", headers=biz.auth)
    assert again.json()["embed_origins"] == expected

    cleared = await app.client.patch("/api/v1/settings", json={"embed_origins": []}, headers=biz.auth)
    assert cleared.status_code == 200 and cleared.json()["embed_origins"] == []


async def test_bad_origins_are_refused(app: InProcess) -> None:
    biz = await sign_up(app.client)
    for origin in (
        "praxis-example.at",
        "ftp://praxis-example.at",
        "https://praxis-example.at/buchen",
        "https://praxis-example.at?x=1",
        "https://praxis-example.at#top",
        "https://user@praxis-example.at",
        "https://praxis-example.at:99999",
        "https://*.praxis-example.at",
        "https://praxis-example.at; script-src *",
        "https://praxis example.at",
        "https://",
        "",
        7,
    ):
        response = await app.client.patch(
            "/api/v1/settings", json={"embed_origins": [origin]}, headers=biz.auth
        )
        assert response.status_code == 400, origin
        assert response.json()["error"]["code"] == "invalid_origin", origin
    for value in ("https://praxis-example.at", None, [f"https://site{n}.example" for n in range(21)]):
        response = await app.client.patch("/api/v1/settings", json={"embed_origins": value}, headers=biz.auth)
        assert response.status_code == 400, value
        assert response.json()["error"]["code"] == "invalid_setting", value
    german = await app.client.patch(
        "/api/v1/settings",
        json={"embed_origins": ["praxis-example.at"]},
        headers=biz.auth | {"Accept-Language": "de"},
    )
    assert "https://" in german.json()["error"]["message"]
    unchanged = await app.client.get("/api/v1/settings", headers=biz.auth)
    assert unchanged.json()["embed_origins"] == []


async def test_the_refusal_names_the_origin_it_refused(app: InProcess) -> None:
    biz = await sign_up(app.client)
    wanted = ["https://praxis-example.at", "https://praxis-example.at/termine"]
    response = await app.client.patch("/api/v1/settings", json={"embed_origins": wanted}, headers=biz.auth)
    assert response.status_code == 400
    error = response.json()["error"]
    assert (error["code"], error["field"], error["origin"]) == (
        "invalid_origin",
        "embed_origins",
        "https://praxis-example.at/termine",
    )


async def test_the_booking_page_names_exactly_self_and_the_listed_sites(app: InProcess) -> None:
    biz = await sign_up(app.client)
    page = await app.client.get(f"/book/{biz.slug}")
    assert page.status_code == 200
    assert frame_ancestors(page.headers) == ["'self'"]
    assert "x-frame-options" not in page.headers

    origins = ["https://praxis-example.at", "http://localhost:8080"]
    response = await app.client.patch("/api/v1/settings", json={"embed_origins": origins}, headers=biz.auth)
    assert response.status_code == 200
    page = await app.client.get(f"/book/{biz.slug}")
    assert frame_ancestors(page.headers) == ["'self'", *origins]
    assert [
        directives(policy)["frame-ancestors"] for policy in page.headers.get_list("content-security-policy")
    ] == ["'self' https://praxis-example.at http://localhost:8080"]
    assert "x-frame-options" not in page.headers

    # Another business's page stays its own; every other page may be framed by nobody.
    other = await sign_up(app.client)
    assert frame_ancestors((await app.client.get(f"/book/{other.slug}")).headers) == ["'self'"]
    login = await app.client.get("/login")
    assert login.headers["x-frame-options"] == "DENY"
    assert frame_ancestors(login.headers) == ["'none'"]


async def test_the_embed_code_brings_the_script_that_any_website_may_load(app: InProcess) -> None:
    code = embed_code("https://termine.example/praxis/book/praxis-am-eck", "en")
    frame, script = code.splitlines()
    assert frame.startswith('<iframe src="https://termine.example/praxis/book/praxis-am-eck?lang=en"')
    assert 'title="Online booking"' in frame
    assert script == '<script src="https://termine.example/praxis/static/embed.js" async></script>'

    served = await app.client.get("/static/embed.js")
    assert served.status_code == 200
    assert served.headers["content-type"].startswith("text/javascript")
    # a browser keeps it and asks again only whether it changed
    again = await app.client.get("/static/embed.js", headers={"If-None-Match": served.headers["etag"]})
    assert again.status_code == 304
    assert "cross-origin-resource-policy" not in served.headers
