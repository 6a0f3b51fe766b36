"""The operator's licence commands, run as the operator runs them: the list of businesses with plan
and state, a trial extended, a business locked (its booking and staff pages say so, nothing is
deleted) and unlocked."""

from __future__ import annotations

from pathlib import Path

import pytest

from testkit.app import ROOMY_PLANS, InProcess
from testkit.flows import sign_up
from tests.api.test_operator_commands import operator
from tests.api.test_pages_and_sessions import sign_in_by_form


@pytest.fixture(autouse=True)
def same_plans(monkeypatch: pytest.MonkeyPatch) -> None:
    """The operator's commands read the plans the app under test runs with."""
    monkeypatch.setenv("PLANS_FILE", ROOMY_PLANS)


async def test_the_list_shows_each_business_with_plan_and_state(
    app: InProcess, database_url: str, tmp_path: Path
) -> None:
    trial, paying = await sign_up(app.client), await sign_up(app.client)
    assert (await app.client.post("/api/v1/licence/upgrade", headers=paying.auth)).status_code == 200
    status, out = await operator(database_url, tmp_path, "businesses")
    assert status == 0, out
    lines = {line.split()[0]: line for line in out.splitlines()[1:]}
    assert "trial until" in lines[trial.slug] and f"{trial.slug}@owner.example" in lines[trial.slug]
    assert " base " in lines[paying.slug] and "active" in lines[paying.slug]


async def test_a_trial_is_extended_and_only_a_trial(
    app: InProcess, database_url: str, tmp_path: Path
) -> None:
    biz = await sign_up(app.client)
    before = (await app.client.get("/api/v1/licence", headers=biz.auth)).json()["trial_ends_at"]
    status, out = await operator(database_url, tmp_path, "extend-trial", "--slug", biz.slug, "--days", "14")
    assert status == 0 and "trial until" in out, out
    after = (await app.client.get("/api/v1/licence", headers=biz.auth)).json()["trial_ends_at"]
    assert after > before
    await app.client.post("/api/v1/licence/upgrade", headers=biz.auth)
    status, out = await operator(database_url, tmp_path, "extend-trial", "--slug", biz.slug, "--days", "14")
    assert status == 1 and "base licence" in out
    status, out = await operator(
        database_url, tmp_path, "extend-trial", "--slug", "no-such-biz", "--days", "3"
    )
    assert status == 1 and "no-such-biz" in out


async def test_a_locked_business_says_so_and_keeps_everything(
    app: InProcess, database_url: str, tmp_path: Path
) -> None:
    biz = await sign_up(app.client)
    await sign_in_by_form(app.client, biz)
    status, out = await operator(database_url, tmp_path, "lock", "--slug", biz.slug)
    assert status == 0, out

    page = await app.client.get(f"/book/{biz.slug}")
    assert page.status_code == 403 and "derzeit gesperrt" in page.text
    english = await app.client.get(f"/book/{biz.slug}?lang=en")
    assert "locked at the moment" in english.text
    desk = await app.client.get("/calendar")
    assert desk.status_code == 403 and "derzeit gesperrt" in desk.text
    assert (await app.client.get(f"/api/v1/public/{biz.slug}")).json()["online_booking"] is False

    status, out = await operator(database_url, tmp_path, "unlock", "--slug", biz.slug)
    assert status == 0, out
    assert (await app.client.get(f"/book/{biz.slug}")).status_code == 200
    assert (await app.client.get("/calendar")).status_code == 200
    public = (await app.client.get(f"/api/v1/public/{biz.slug}")).json()
    assert public["online_booking"] is True and [s["name"] for s in public["services"]] == ["Behandlung"]
