"""Customers out to CSV that German Excel opens, and back in with a preview, a report of rejected
rows, and clear answers for files of the wrong kind."""

from __future__ import annotations

from typing import Any

import pytest

from testkit.app import InProcess
from testkit.flows import Business, sign_up

HEADER = "first_name;last_name;email;phone;street;postal_code;city;birth_date;groups;note"


async def add(app: InProcess, biz: Business, **fields: Any) -> None:
    response = await app.client.post("/api/v1/customers", json=fields, headers=biz.auth)
    assert response.status_code == 201, response.text


async def export(app: InProcess, biz: Business) -> str:
    response = await app.client.get("/api/v1/customers/export.csv", headers=biz.auth)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    assert response.content.startswith(b"\xef\xbb\xbf")
    return response.content.decode("utf-8-sig")


async def upload(
    app: InProcess, biz: Business, body: bytes, *, dry_run: bool = False, english: bool = False
) -> Any:
    headers = {**biz.auth, "Content-Type": "text/csv"}
    if english:
        headers["Accept-Language"] = "en"
    return await app.client.post(
        "/api/v1/customers/import", params={"dry_run": "1" if dry_run else "0"}, content=body, headers=headers
    )


async def total(app: InProcess, biz: Business) -> int:
    return int((await app.client.get("/api/v1/customers", headers=biz.auth)).json()["total"])


async def test_an_export_imports_into_another_business_as_it_was(app: InProcess) -> None:
    biz = await sign_up(app.client)
    await add(
        app,
        biz,
        first_name="Anna",
        last_name="Müller; Lüdenscheidt",
        email="anna@example.at",
        phone="+43 664 1234567",
        street='Hauptstraße "Hof" 1',
        postal_code="1010",
        city="Wien",
        birth_date="1980-02-03",
        note="Zeile eins\nZeile zwei",
        groups=[{"name": "VIP"}, {"name": "Kassenpatient"}],
    )
    await add(app, biz, first_name="=SUM(A1)", last_name="Formel", note="-Minus")
    await add(app, biz, first_name="Bernd", last_name="Berger")
    exported = await export(app, biz)
    lines = exported.split("\r\n")
    assert lines[0] == HEADER
    assert lines[1] == "Bernd;Berger;;;;;;;;"
    assert "'=SUM(A1);Formel" in exported and ";'-Minus" in exported
    assert "Kassenpatient, VIP" in exported and "+43 664 1234567" in exported

    other = await sign_up(app.client)
    response = await upload(app, other, exported.encode("utf-8-sig"))
    assert response.status_code == 200, response.text
    assert response.json() == {"imported": 3, "rejected": []}
    assert await export(app, other) == exported
    found = (
        await app.client.get("/api/v1/customers", params={"q": "lüdenscheidt"}, headers=other.auth)
    ).json()
    anna = found["customers"][0]
    assert (anna["birth_date"], anna["note"]) == ("1980-02-03", "Zeile eins\nZeile zwei")
    groups = (await app.client.get("/api/v1/customer-groups", headers=other.auth)).json()["groups"]
    assert [(g["name"], g["customers"]) for g in groups] == [("Kassenpatient", 1), ("VIP", 1)]


GERMAN_FILE = (
    "Vorname,Nachname,E-Mail,Telefon,Geburtsdatum,Gruppen,Kundennummer\n"
    'Eva,Egger,eva@example.at,0664 1,03.02.1980,"VIP, neu",K1\n'
    "Fritz,Fuchs,kein-mail,,,,K2\n"
    "\n"
    ",,ohne@example.at,,,,K3\n"
    "Gabi,Graf,,,31.02.1990,,K4\n"
    "Hans,Huber,EVA@example.at,,,,K5\n"
    "Ida,Iby,ida@example.at,,1975-12-24,vip,K6\n"
    "Karl,Koch,vorhanden@example.at,,,,K7\n"
)


async def test_a_preview_shows_what_an_import_does_and_writes_nothing(app: InProcess) -> None:
    biz = await sign_up(app.client)
    await add(
        app, biz, first_name="Vor", last_name="Handen", email="vorhanden@example.at", groups=[{"name": "VIP"}]
    )
    response = await upload(app, biz, GERMAN_FILE.encode(), dry_run=True)
    assert response.status_code == 200, response.text
    preview = response.json()
    assert [(c["header"], c["field"]) for c in preview["columns"]] == [
        ("Vorname", "first_name"),
        ("Nachname", "last_name"),
        ("E-Mail", "email"),
        ("Telefon", "phone"),
        ("Geburtsdatum", "birth_date"),
        ("Gruppen", "groups"),
        ("Kundennummer", None),
    ]
    assert preview["accepted"] == 2
    first = preview["preview"][0]
    assert (first["line"], first["first_name"], first["birth_date"], first["groups"]) == (
        2,
        "Eva",
        "1980-02-03",
        ["VIP", "neu"],
    )
    assert [(r["line"], r["code"], r["field"]) for r in preview["rejected"]] == [
        (3, "invalid_email", "email"),
        (5, "invalid_customer", "last_name"),
        (6, "invalid_birth_date", "birth_date"),
        (7, "duplicate_email", "email"),
        (9, "duplicate_email", "email"),
    ]
    assert preview["rejected"][0]["reason"] == "Bitte geben Sie eine gültige E-Mail-Adresse an."
    assert await total(app, biz) == 1

    english = (await upload(app, biz, GERMAN_FILE.encode(), dry_run=True, english=True)).json()
    assert english["rejected"][0]["reason"] == "Please give a valid email address."

    done = await upload(app, biz, GERMAN_FILE.encode())
    assert done.status_code == 200
    assert done.json()["imported"] == 2
    assert done.json()["rejected"] == preview["rejected"]
    assert await total(app, biz) == 3
    groups = (await app.client.get("/api/v1/customer-groups", headers=biz.auth)).json()["groups"]
    assert [(g["name"], g["customers"]) for g in groups] == [("neu", 1), ("VIP", 3)]


async def test_a_preview_shows_the_first_twenty_rows(app: InProcess) -> None:
    biz = await sign_up(app.client)
    rows = "\n".join(f"Kunde{n};Nummer{n}" for n in range(30))
    preview = (await upload(app, biz, f"Vorname;Nachname\n{rows}\n".encode(), dry_run=True)).json()
    assert (preview["accepted"], len(preview["preview"])) == (30, 20)
    assert preview["preview"][-1]["first_name"] == "Kunde19"


@pytest.mark.parametrize(
    ("body", "code", "german"),
    [
        pytest.param(
            "Vorname;Nachname\nJürgen;Müller\n".encode("latin-1"),
            "csv_encoding",
            "Die Datei ist nicht UTF-8-kodiert.",
            id="latin-1",
        ),
        pytest.param(
            b"Kunde;Telefon\nA;1\n", "csv_columns", "Keine Spalte enthält einen Namen.", id="no-name"
        ),
        pytest.param(b"", "csv_columns", "Keine Spalte enthält einen Namen.", id="empty"),
        pytest.param(
            b'Vorname;Nachname\n"' + b"x" * 200_000 + b"\n",
            "csv_format",
            "Die Datei lässt sich nicht als CSV lesen.",
            id="unclosed-quote",
        ),
        pytest.param(
            b"Vorname;Nachname\n" + b"A;B\n" * 20_001,
            "csv_too_many_rows",
            "Die Datei hat mehr als 20.000 Zeilen.",
            id="too-many-rows",
        ),
        pytest.param(
            b"Vorname;Nachname\n" + b"A;" + b"B" * (5 * 1024 * 1024),
            "csv_too_large",
            "Die Datei ist größer als 5 MB.",
            id="too-large",
        ),
    ],
)
async def test_a_file_of_the_wrong_kind_gets_a_readable_answer_and_nothing_is_written(
    app: InProcess, body: bytes, code: str, german: str
) -> None:
    biz = await sign_up(app.client)
    for dry_run in (True, False):
        response = await upload(app, biz, body, dry_run=dry_run)
        assert response.status_code == 400, response.text
        assert response.json()["error"]["code"] == code
        assert response.json()["error"]["message"].startswith(german)
    assert await total(app, biz) == 0


async def test_csv_belongs_to_its_business(app: InProcess) -> None:
    biz = await sign_up(app.client)
    theirs = await sign_up(app.client)
    await add(app, biz, first_name="Anna", last_name="Müller")
    assert await export(app, theirs) == HEADER + "\r\n"
    assert (await app.client.get("/api/v1/customers/export.csv")).status_code == 401
    assert (await app.client.post("/api/v1/customers/import", content=b"Vorname\nA\n")).status_code == 401
