"""Prometheus metrics at /metrics: what they count after real requests and a booking, that each app
counts on its own, and who may read them."""

from __future__ import annotations

from dataclasses import replace

import pytest
from prometheus_client.parser import text_string_to_metric_families

from testkit.app import InProcess, in_process, settings_for
from testkit.flows import code_for, customer, sign_up
from tests.api.test_customer_self_service import bearer, hold, in_days


def samples(text: str) -> dict[tuple[str, frozenset[tuple[str, str]]], float]:
    """Every sample of a scrape by name and labels."""
    return {
        (sample.name, frozenset(sample.labels.items())): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    }


def value(scraped: dict[tuple[str, frozenset[tuple[str, str]]], float], name: str, **labels: str) -> float:
    return scraped.get((name, frozenset(labels.items())), 0.0)


async def scrape(app: InProcess) -> dict[tuple[str, frozenset[tuple[str, str]]], float]:
    answer = await app.client.get("/metrics")
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"].startswith("text/plain")
    return samples(answer.text)


async def test_requests_holds_events_and_the_outbox_are_counted(app: InProcess) -> None:
    biz = await sign_up(app.client)
    before = await scrape(app)
    email, token = await customer(app.client)
    held = await hold(app, biz, token, in_days(2, 10))
    pending = await scrape(app)
    assert value(pending, "termine_holds_pending") >= 1
    holds_route = {"method": "POST", "route": "/api/v1/public/{slug}/holds", "status": "201"}
    assert value(pending, "termine_http_requests_total", **holds_route) == 1
    # The raw path (with the slug) is never a label.
    assert not [key for key in pending if any(biz.slug in label for _, label in key[1])]

    code = await code_for(app.client, email)
    confirmed = await app.client.post(
        f"/api/v1/public/holds/{held['id']}/confirm", json={"code": code}, headers=bearer(token)
    )
    assert confirmed.status_code == 200, confirmed.text
    await app.client.get(f"/api/v1/public/{biz.slug}/slots", params={"service_id": "nope"})

    after = await scrape(app)
    confirm = {"method": "POST", "route": "/api/v1/public/holds/{hold_id}/confirm", "status": "200"}
    assert value(after, "termine_http_requests_total", **confirm) == 1
    assert (
        value(after, "termine_http_request_duration_seconds_count", method="POST", route=confirm["route"])
        == 1
    )
    # Each committed change with events was emitted: hold.created, then hold.confirmed.
    assert (
        value(after, "termine_event_lag_seconds_count")
        >= value(before, "termine_event_lag_seconds_count") + 2
    )
    assert value(after, "termine_event_lag_seconds_sum") >= 0
    for gauge in ("termine_outbox_backlog", "termine_outbox_oldest_age_seconds", "termine_holds_pending"):
        assert (gauge, frozenset()) in after
    assert value(after, "termine_socket_connections", kind="staff") == 0
    assert value(after, "termine_socket_connections", kind="page") == 0
    assert ("termine_mail_failures_total", frozenset({("outcome", "retry")})) not in after


async def test_the_outbox_backlog_and_its_oldest_mail(database_url: str) -> None:
    # Mail waits in the outbox when it cannot leave (no SMTP server, no dev mailbox).
    async with in_process(settings_for(database_url, mailbox_page=False)) as app:
        before = await scrape(app)
        await app.client.post(
            "/api/v1/customer/register",
            json={
                "email": "waits@customer.example",
                "password": "a good password",
                "first_name": "W",
                "last_name": "K",
            },
        )
        after = await scrape(app)
        assert value(after, "termine_outbox_backlog") == value(before, "termine_outbox_backlog") + 1
        assert value(after, "termine_outbox_oldest_age_seconds") > 0


async def test_each_app_counts_its_own_requests(database_url: str) -> None:
    async with (
        in_process(settings_for(database_url)) as one,
        in_process(settings_for(database_url)) as two,
    ):
        for _ in range(3):
            await one.client.get("/healthz")
        await two.client.get("/healthz")
        healthz = {"method": "GET", "route": "/healthz", "status": "200"}
        assert value(await scrape(one), "termine_http_requests_total", **healthz) == 3
        assert value(await scrape(two), "termine_http_requests_total", **healthz) == 1


async def test_unknown_paths_share_one_label(app: InProcess) -> None:
    for path in ("/no-such-page", "/wp-admin.php", "/api/v1/nothing-here"):
        assert (await app.client.get(path)).status_code == 404
    assert (await app.client.request("BREW", "/healthz")).status_code == 405
    scraped = await scrape(app)
    assert value(scraped, "termine_http_requests_total", method="GET", route="unmatched", status="404") >= 2
    # Under the API's mount, what no operation took counts as the mount's.
    assert (
        value(scraped, "termine_http_requests_total", method="GET", route="/api/v1/{path}", status="404") >= 1
    )
    assert not [key for key in scraped if any("wp-admin" in label for _, label in key[1])]
    assert value(scraped, "termine_http_requests_total", method="OTHER", route="/healthz", status="405") == 1


@pytest.mark.parametrize(
    ("client", "token", "sent", "status"),
    [
        pytest.param(("127.0.0.1", 5000), None, None, 200, id="loopback-without-token"),
        pytest.param(("::1", 5000), None, None, 200, id="loopback-v6"),
        pytest.param(("203.0.113.9", 5000), None, None, 403, id="remote-without-token"),
        pytest.param(
            ("203.0.113.9", 5000), "s3cret-token", "Bearer s3cret-token", 200, id="remote-with-token"
        ),
        pytest.param(("203.0.113.9", 5000), "s3cret-token", "Bearer wrong", 403, id="remote-wrong-token"),
        pytest.param(("203.0.113.9", 5000), "s3cret-token", None, 403, id="remote-no-header"),
        pytest.param(("127.0.0.1", 5000), "s3cret-token", None, 403, id="loopback-needs-the-token-once-set"),
    ],
)
async def test_who_may_read_the_metrics(
    sqlite_url: str, client: tuple[str, int], token: str | None, sent: str | None, status: int
) -> None:
    settings = replace(settings_for(sqlite_url), metrics_token=token)
    async with in_process(settings, client_address=client) as app:
        headers = {"Authorization": sent} if sent else {}
        answer = await app.client.get("/metrics", headers=headers)
        assert answer.status_code == status, answer.text
        if status == 403:
            assert answer.json()["error"]["code"] == "forbidden"
            assert "termine_" not in answer.text
