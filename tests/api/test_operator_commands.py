"""The operator's commands, run as the operator runs them (`python server.py admin …` against the
database): a business renamed, a booking link moved, and the old link still leading to it."""

from __future__ import annotations

import asyncio
import os
import sys
from pathlib import Path

from testkit.app import ROOT, InProcess
from testkit.flows import customer, sign_up
from tests.api.test_customer_self_service import bearer, in_days


async def operator(database_url: str, tmp_path: Path, *args: str) -> tuple[int, str]:
    """Runs `python server.py admin <args>` on the database; its exit status and what it printed."""
    env = os.environ | {"DATABASE_URL": database_url, "SECRET_KEY": "operator", "DATA_DIR": str(tmp_path)}
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        str(ROOT / "server.py"),
        "admin",
        *args,
        env=env,
        cwd=tmp_path,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )
    out, _ = await process.communicate()
    assert process.returncode is not None
    return process.returncode, out.decode()


async def test_rename_changes_the_name_everywhere(app: InProcess, database_url: str, tmp_path: Path) -> None:
    biz = await sign_up(app.client)
    status, out = await operator(
        database_url, tmp_path, "rename", "--slug", biz.slug, "--name", "Praxis am Park"
    )
    assert status == 0, out
    assert (await app.client.get(f"/api/v1/public/{biz.slug}")).json()["name"] == "Praxis am Park"
    assert (await app.client.get("/api/v1/settings", headers=biz.auth)).json()["name"] == "Praxis am Park"
    assert "Praxis am Park" in (await app.client.get(f"/book/{biz.slug}")).text

    status, out = await operator(database_url, tmp_path, "rename", "--slug", biz.slug, "--name", "  ")
    assert status == 1 and "name" in out
    status, out = await operator(database_url, tmp_path, "rename", "--slug", "no-such-biz", "--name", "X")
    assert status == 1 and "not found" in out


async def test_a_moved_link_redirects_for_good_and_stays_taken(
    app: InProcess, database_url: str, tmp_path: Path
) -> None:
    biz = await sign_up(app.client)
    old, new = biz.slug, f"{biz.slug}-neu"
    status, out = await operator(database_url, tmp_path, "move-link", "--slug", old, "--to", new)
    assert status == 0, out

    page = await app.client.get(f"/book/{old}?lang=en")
    assert (page.status_code, page.headers["location"]) == (308, f"/book/{new}?lang=en")
    assert (await app.client.get(f"/book/{new}?lang=en")).status_code == 200
    info = await app.client.get(f"/api/v1/public/{old}")
    assert (info.status_code, info.headers["location"]) == (308, f"/api/v1/public/{new}")
    slots = await app.client.get(f"/api/v1/public/{old}/slots", params={"service_id": biz.service_id})
    assert slots.status_code == 308
    assert slots.headers["location"] == f"/api/v1/public/{new}/slots?service_id={biz.service_id}"
    followed = await app.client.get(
        f"/api/v1/public/{old}/slots", params={"service_id": biz.service_id}, follow_redirects=True
    )
    assert followed.status_code == 200 and followed.url.path == f"/api/v1/public/{new}/slots"
    # A booking sent to the old link keeps its method and body through the redirect.
    _, token = await customer(app.client)
    start = in_days(2, 10).isoformat()
    hold = {"service_id": biz.service_id, "location_id": biz.location_id, "start": start}
    held = await app.client.post(
        f"/api/v1/public/{old}/holds", json=hold, headers=bearer(token), follow_redirects=True
    )
    assert held.status_code == 201, held.text

    # Unknown links stay unknown; the old one cannot be signed up for again.
    assert (await app.client.get("/book/never-was-here")).status_code == 404
    taken = await app.client.post(
        "/api/v1/signup",
        json={
            "business_name": "Nachahmer",
            "slug": old,
            "email": "copy@example.at",
            "password": "correct horse battery",
            "timezone": "Europe/Vienna",
        },
    )
    assert taken.status_code == 409 and taken.json()["error"]["code"] == "slug_taken"

    # Moved again, every former link leads to the newest; moving back frees nothing for others.
    newest = f"{biz.slug}-drei"
    status, out = await operator(database_url, tmp_path, "move-link", "--slug", new, "--to", newest)
    assert status == 0, out
    assert (await app.client.get(f"/book/{old}")).headers["location"] == f"/book/{newest}"
    status, out = await operator(database_url, tmp_path, "move-link", "--slug", newest, "--to", old)
    assert status == 0, out
    assert (await app.client.get(f"/book/{old}")).status_code == 200
    assert (await app.client.get(f"/book/{newest}")).headers["location"] == f"/book/{old}"


async def test_a_link_in_use_cannot_be_moved_to(app: InProcess, database_url: str, tmp_path: Path) -> None:
    first, second = await sign_up(app.client), await sign_up(app.client)
    status, out = await operator(
        database_url, tmp_path, "move-link", "--slug", first.slug, "--to", second.slug
    )
    assert status == 1 and "taken" in out
    status, out = await operator(
        database_url, tmp_path, "move-link", "--slug", first.slug, "--to", "Not A Slug!"
    )
    assert status == 1 and "a-z" in out
    assert (await app.client.get(f"/book/{first.slug}")).status_code == 200
