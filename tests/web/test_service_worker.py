"""The desk's service worker comes from the site's root, so that its scope covers the calendar page,
and browsers check it for a new version on every visit."""

from __future__ import annotations

from testkit.app import InProcess


async def test_the_worker_is_served_from_the_root_and_not_kept(app: InProcess) -> None:
    response = await app.client.get("/sw.js")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/javascript")
    assert response.headers["cache-control"] == "no-cache"
    assert 'addEventListener("fetch"' in response.text
