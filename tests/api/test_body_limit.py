"""Request bodies past their limit get a 413 before they are read whole, streamed or not."""

from __future__ import annotations

from collections.abc import AsyncIterator

from actions import customer_csv
from testkit.app import InProcess
from testkit.flows import sign_up
from web.bodylimit import DEFAULT, UPLOADS

CHUNK = 8 * 1024
IMPORT = "/api/v1/customers/import"


class Source:
    """A request body of `size` bytes that counts how much of it the server asked for."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.sent = 0

    async def __aiter__(self) -> AsyncIterator[bytes]:
        while self.sent < self.size:
            chunk = b"x" * min(CHUNK, self.size - self.sent)
            self.sent += len(chunk)
            yield chunk


def assert_too_large(response: object, limit: int) -> None:
    assert response.status_code == 413, response.text  # type: ignore[attr-defined]
    error = response.json()["error"]  # type: ignore[attr-defined]
    assert error["code"] == "too_large" and error["max_bytes"] == limit
    assert error["message"] == "Die Anfrage ist zu groß."


async def test_a_declared_length_past_the_limit_is_refused_unread(app: InProcess) -> None:
    body = Source(400 * 1024 * 1024)
    response = await app.client.post(
        "/api/v1/customer/register",
        content=body,
        headers={"Content-Type": "application/json", "Content-Length": str(body.size)},
    )
    assert_too_large(response, DEFAULT)
    assert body.sent == 0


async def test_a_stream_is_read_no_further_than_its_limit(app: InProcess) -> None:
    body = Source(400 * 1024 * 1024)
    response = await app.client.post(
        "/api/v1/customer/register", content=body, headers={"Content-Type": "application/json"}
    )
    assert_too_large(response, DEFAULT)
    assert DEFAULT < body.sent <= DEFAULT + CHUNK


async def test_a_body_within_the_limit_is_read(app: InProcess) -> None:
    body = Source(DEFAULT)
    response = await app.client.post(
        "/api/v1/customer/register", content=body, headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 400 and response.json()["error"]["code"] == "invalid_json"
    assert body.sent == DEFAULT


async def test_an_upload_may_be_larger_than_a_form(app: InProcess) -> None:
    biz = await sign_up(app.client)
    csv = {**biz.auth, "Content-Type": "text/csv"}
    rows = b"".join(b"Eva;Ost%d\n" % n for n in range(15_000))
    assert len(rows) > DEFAULT
    response = await app.client.post(
        IMPORT, params={"dry_run": "1"}, content=b"Vorname;Nachname\n" + rows, headers=csv
    )
    assert response.status_code == 200, response.text
    assert response.json()["accepted"] == 15_000
    declared = Source(UPLOADS[IMPORT] + 1)
    response = await app.client.post(
        IMPORT, content=declared, headers=csv | {"Content-Length": str(declared.size)}
    )
    assert_too_large(response, UPLOADS[IMPORT])
    assert declared.sent == 0
    # Below the upload limit, the import's own, smaller limit answers in its own words.
    streamed = Source(400 * 1024 * 1024)
    response = await app.client.post(IMPORT, content=streamed, headers=csv)
    assert response.status_code == 400 and response.json()["error"]["code"] == "csv_too_large"
    assert streamed.sent <= customer_csv.MOST_BYTES + CHUNK


async def test_a_page_form_past_the_limit_gets_a_readable_page(app: InProcess) -> None:
    response = await app.client.post(
        "/login",
        content=b"email=" + b"a" * DEFAULT,
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert response.status_code == 413 and "<html" in response.text
    assert "zu groß" in response.text
