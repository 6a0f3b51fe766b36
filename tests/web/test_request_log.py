"""The log: one JSON line per request with its route template, status, duration and business, never
a customer's data; and the app's other records in the same format."""

from __future__ import annotations

import json
import logging
import sys
from pathlib import Path

import pytest

from settings import from_environment
from testkit.app import InProcess
from testkit.flows import code_for, customer, sign_up
from tests.api.test_customer_self_service import bearer, hold, in_days
from web.logs import JsonLines, TextLines, configure


async def test_one_json_line_per_request_without_customer_data(
    app: InProcess, caplog: pytest.LogCaptureFixture
) -> None:
    biz = await sign_up(app.client)
    email, token = await customer(app.client, "Gundula")
    caplog.clear()
    with caplog.at_level(logging.INFO):
        held = await hold(app, biz, token, in_days(3, 11))
        code = await code_for(app.client, email)
        confirmed = await app.client.post(
            f"/api/v1/public/holds/{held['id']}/confirm", json={"code": code}, headers=bearer(token)
        )
        assert confirmed.status_code == 200
        await app.client.get("/api/v1/customers", params={"q": email}, headers=biz.auth)
        await app.client.get(f"/book/{biz.slug}", params={"email": email})
        await app.client.get(f"/api/v1/public/{biz.slug}")
    formatter = JsonLines()
    lines = [formatter.format(record) for record in caplog.records]
    requests = [json.loads(line) for line in lines if '"logger": "termine.request"' in line]
    assert requests, lines
    for line in lines:
        for secret in (email, "Gundula", code, token, biz.token):
            assert secret not in line, (secret, line)
    confirm = next(r for r in requests if r["route"] == "/api/v1/public/holds/{hold_id}/confirm")
    assert confirm["method"] == "POST" and confirm["status"] == 200
    assert isinstance(confirm["duration_ms"], float) and confirm["duration_ms"] >= 0
    assert {"time", "level", "logger", "message"} <= confirm.keys()
    search = next(r for r in requests if r["route"] == "/api/v1/customers")
    assert search["tenant_id"] == biz.tenant_id and search["status"] == 200
    for route in ("/book/{slug}", "/api/v1/public/{slug}"):
        assert next(r for r in requests if r["route"] == route)["tenant_id"] == biz.tenant_id
    assert all(biz.slug not in json.dumps(r) for r in requests)


def test_other_records_and_errors_share_the_format() -> None:
    try:
        raise ValueError("broken")
    except ValueError:
        record = logging.getLogger("termine.mail").makeRecord(
            "termine.mail", logging.ERROR, __file__, 1, "mail %s is dead", ("m1",), sys.exc_info()
        )
    line = json.loads(JsonLines().format(record))
    assert line["level"] == "error" and line["logger"] == "termine.mail"
    assert line["message"] == "mail m1 is dead" and "ValueError: broken" in line["exception"]
    plain = logging.LogRecord("termine", logging.INFO, __file__, 1, "hello", None, None)
    plain.fields = {"route": "/x"}
    assert TextLines().format(plain).endswith("INFO termine: hello route=/x")


def test_configure_sends_every_logger_through_one_format(capsys: pytest.CaptureFixture[str]) -> None:
    root = logging.getLogger()
    kept = (root.handlers[:], root.level)
    try:
        configure("json")
        logging.getLogger("uvicorn.error").info("Started server process")
        logging.getLogger("termine").warning("Mail waits", extra={"fields": {"waiting": 3}})
        out = [json.loads(line) for line in capsys.readouterr().err.splitlines()]
        assert [(line["logger"], line["message"]) for line in out] == [
            ("uvicorn.error", "Started server process"),
            ("termine", "Mail waits"),
        ]
        assert out[1]["waiting"] == 3
    finally:
        root.handlers[:], root.level = kept[0], kept[1]


def test_the_log_format_and_the_metrics_token_come_from_the_environment(tmp_path: Path) -> None:
    env = {"SECRET_KEY": "k", "DATABASE_URL": "sqlite:///x.db"}
    plain = from_environment("127.0.0.1", 8000, env, tmp_path)
    assert (plain.log_format, plain.metrics_token) == ("json", None)
    chosen = from_environment(
        "127.0.0.1", 8000, env | {"LOG_FORMAT": "TEXT", "METRICS_TOKEN": "t0k"}, tmp_path
    )
    assert (chosen.log_format, chosen.metrics_token) == ("text", "t0k")
    with pytest.raises(ValueError, match="LOG_FORMAT must be json or text"):
        from_environment("127.0.0.1", 8000, env | {"LOG_FORMAT": "xml"}, tmp_path)
