"""The origins a live connection may come from, as plain values (the server test is in tests/realtime)."""

from __future__ import annotations

from typing import Any

import pytest

from web.sockets import normal_origin, origin_allowed

PUBLIC_URL = "https://termine.example.at"


def environ(origin: str | None, host: str = "termine.example.at", scheme: str = "wss") -> dict[str, Any]:
    found: dict[str, Any] = {"HTTP_HOST": host, "asgi.scope": {"scheme": scheme}}
    if origin is not None:
        found["HTTP_ORIGIN"] = origin
    return found


@pytest.mark.parametrize(
    ("text", "normal"),
    [
        pytest.param("HTTPS://Praxis.Example.at/", "https://praxis.example.at", id="case-and-slash"),
        pytest.param("https://praxis.example.at:443", "https://praxis.example.at", id="default-port"),
        pytest.param("http://127.0.0.1:8123", "http://127.0.0.1:8123", id="port"),
        pytest.param("http://[::1]:8000", "http://[::1]:8000", id="ipv6"),
        pytest.param("null", None, id="sandboxed-frame"),
        pytest.param("file://", None, id="file"),
        pytest.param("https://x.example/path", None, id="path"),
        pytest.param("https://x.example:99999", None, id="bad-port"),
    ],
)
def test_origins_compare_as_browsers_send_them(text: str, normal: str | None) -> None:
    assert normal_origin(text) == normal


@pytest.mark.parametrize(
    ("env", "listed", "allowed"),
    [
        pytest.param(environ(None), [], True, id="no-browser"),
        pytest.param(environ("https://termine.example.at"), [], True, id="public-url"),
        pytest.param(environ("http://127.0.0.1:8000", "127.0.0.1:8000", "ws"), [], True, id="host"),
        pytest.param(
            environ("https://127.0.0.1:8000", "127.0.0.1:8000", "ws"), [], False, id="host-other-scheme"
        ),
        pytest.param(environ("https://evil.example"), [], False, id="foreign"),
        pytest.param(environ("https://praxis.example"), ["https://praxis.example"], True, id="listed"),
        pytest.param(
            environ("https://praxis.example"), ["https://praxis.example:443"], True, id="listed-port"
        ),
        pytest.param(environ("null"), ["https://praxis.example"], False, id="null"),
    ],
)
def test_a_page_may_connect_from_our_own_origins_and_the_listed_ones(
    env: dict[str, Any], listed: list[str], allowed: bool
) -> None:
    assert origin_allowed(env, PUBLIC_URL, listed) is allowed
