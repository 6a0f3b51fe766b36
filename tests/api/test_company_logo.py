"""A business's logo: uploaded by whoever changes the settings, shown at the top of the booking
page at an address that never shows another picture, removed again."""

from __future__ import annotations

from testkit.app import InProcess
from testkit.flows import join_team, sign_up
from testkit.images import png


async def test_a_logo_is_uploaded_shown_on_the_booking_page_and_removed(app: InProcess) -> None:
    biz = await sign_up(app.client)
    image = png()
    uploaded = await app.client.put(
        "/api/v1/company/logo", content=image, headers={**biz.auth, "Content-Type": "image/png"}
    )
    assert uploaded.status_code == 200, uploaded.text
    url = uploaded.json()["logo_url"]
    assert url.startswith("/logos/")
    assert (await app.client.get("/api/v1/company", headers=biz.auth)).json()["logo_url"] == url

    shown = await app.client.get(url)
    assert shown.status_code == 200 and shown.content == image
    assert shown.headers["content-type"] == "image/png"
    assert shown.headers["x-content-type-options"] == "nosniff"
    assert "immutable" in shown.headers["cache-control"]
    page = await app.client.get(f"/book/{biz.slug}")
    assert f'src="{url}"' in page.text

    other = await app.client.put("/api/v1/company/logo", content=png(3, 2), headers=biz.auth)
    assert other.json()["logo_url"] != url
    assert (await app.client.get(url)).status_code == 404

    removed = await app.client.delete("/api/v1/company/logo", headers=biz.auth)
    assert removed.status_code == 200 and removed.json()["logo_url"] == ""
    assert (await app.client.get(other.json()["logo_url"])).status_code == 404
    assert 'class="book-logo"' not in (await app.client.get(f"/book/{biz.slug}")).text


async def test_a_logo_is_a_picture_of_at_most_512_kb_set_by_those_who_change_the_settings(
    app: InProcess,
) -> None:
    biz = await sign_up(app.client)
    script = await app.client.put(
        "/api/v1/company/logo",
        content=b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>",
        headers={**biz.auth, "Content-Type": "image/png"},
    )
    assert script.status_code == 400 and script.json()["error"]["code"] == "invalid_image"
    assert script.json()["error"]["message"] == "Ein Logo ist ein PNG-, JPEG- oder WebP-Bild."
    empty = await app.client.put("/api/v1/company/logo", content=b"", headers=biz.auth)
    assert empty.status_code == 400
    huge = await app.client.put(
        "/api/v1/company/logo", content=b"\x89PNG\r\n\x1a\n" + b"\x00" * (512 * 1024), headers=biz.auth
    )
    assert huge.status_code == 413
    assert (await app.client.get("/api/v1/company", headers=biz.auth)).json()["logo_url"] == ""

    member = await join_team(app.client, biz, preset="reception")
    refused = await app.client.put("/api/v1/company/logo", content=png(), headers=member.auth)
    assert refused.status_code == 403 and refused.json()["error"]["code"] == "needs_settings"
    assert (await app.client.get("/logos/" + "0" * 64)).status_code == 404
