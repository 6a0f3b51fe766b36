"""The business's company data: edited by the desk, shown in the booking page's footer, at the end
of every mail, and as the place of calendar entries."""

from __future__ import annotations

import pytest
from icalendar import Calendar

from testkit.app import InProcess
from testkit.flows import sign_up
from tests.api.test_customer_self_service import booked_online, in_days

COMPANY = {
    "address": "Hauptstraße 1, 1010 Wien",
    "phone": "+43 1 234 56 78",
    "email": "Praxis@Example.at",
    "website": "https://praxis-example.at",
    "imprint_url": "https://praxis-example.at/impressum",
    "privacy_url": "http://praxis-example.at/datenschutz",
}
#: What the company data answers besides: no logo was uploaded.
NO_LOGO = {"logo_url": "", "privacy_text": ""}


async def test_company_data_round_trip_and_partial_change(app: InProcess) -> None:
    biz = await sign_up(app.client)
    empty = await app.client.get("/api/v1/company", headers=biz.auth)
    assert empty.status_code == 200
    assert empty.json() == dict.fromkeys(COMPANY, "") | NO_LOGO

    saved = await app.client.patch("/api/v1/company", json=COMPANY, headers=biz.auth)
    assert saved.status_code == 200, saved.text
    assert saved.json() == COMPANY | NO_LOGO | {"email": "praxis@example.at"}

    cleared = await app.client.patch("/api/v1/company", json={"phone": "  "}, headers=biz.auth)
    assert cleared.json() == COMPANY | NO_LOGO | {"email": "praxis@example.at", "phone": ""}
    assert (await app.client.get("/api/v1/company", headers=biz.auth)).json() == cleared.json()

    # The settings answer as before; the name and booking link stay the operator's.
    settings = (await app.client.get("/api/v1/settings", headers=biz.auth)).json()
    assert "address" not in settings and settings["slug"] == biz.slug
    refused = await app.client.patch("/api/v1/company", json={"name": "Neu"}, headers=biz.auth)
    assert refused.status_code == 400 and refused.json()["error"]["code"] == "unknown_field"
    assert (await app.client.get("/api/v1/company")).status_code == 401


@pytest.mark.parametrize(
    ("field", "value", "code"),
    [
        pytest.param("address", "Hauptstraße 1\n1010 Wien", "invalid_line", id="address-two-lines"),
        pytest.param("phone", "0664\r\n123", "invalid_line", id="phone-two-lines"),
        pytest.param("email", "praxis-at-example", "invalid_email", id="email"),
        pytest.param("website", "javascript:alert(1)", "invalid_url", id="script-link"),
        pytest.param("website", "praxis-example.at", "invalid_url", id="no-scheme"),
        pytest.param("imprint_url", "ftp://praxis-example.at/i", "invalid_url", id="ftp"),
        pytest.param("privacy_url", "https://", "invalid_url", id="no-host"),
        pytest.param("privacy_url", "https://praxis example.at", "invalid_url", id="space"),
        pytest.param("website", 5, "invalid_field", id="no-text"),
        pytest.param("address", "x" * 301, "invalid_field", id="too-long"),
    ],
)
async def test_company_data_is_checked(app: InProcess, field: str, value: object, code: str) -> None:
    biz = await sign_up(app.client)
    response = await app.client.patch("/api/v1/company", json={field: value}, headers=biz.auth)
    assert response.status_code == 400, response.text
    error = response.json()["error"]
    assert (error["code"], error["field"]) == (code, field)
    assert (await app.client.get("/api/v1/company", headers=biz.auth)).json()[field] == ""


async def test_the_booking_page_and_the_public_api_show_the_company_data(app: InProcess) -> None:
    biz = await sign_up(app.client)
    bare = (await app.client.get(f"/book/{biz.slug}")).text
    # Without links of its own, the footer links the imprint and privacy pages made of the company data.
    assert 'id="book-footer"' in bare and f'href="/book/{biz.slug}/impressum"' in bare
    await app.client.patch("/api/v1/company", json=COMPANY, headers=biz.auth)

    page = (await app.client.get(f"/book/{biz.slug}")).text
    footer = page.split('id="book-footer"')[1].split("</footer>")[0]
    assert f"Praxis {biz.slug}" in footer and "Hauptstraße 1, 1010 Wien" in footer
    assert 'href="tel:+431234567' in footer and 'href="mailto:praxis@example.at"' in footer
    assert 'href="https://praxis-example.at/impressum"' in footer and ">Impressum<" in footer
    assert 'href="http://praxis-example.at/datenschutz"' in footer and ">Datenschutz<" in footer
    english = (await app.client.get(f"/book/{biz.slug}?lang=en")).text
    assert ">Imprint<" in english and ">Privacy<" in english

    public = (await app.client.get(f"/api/v1/public/{biz.slug}")).json()
    assert public["company"] == COMPANY | NO_LOGO | {"email": "praxis@example.at"}


async def test_every_mail_ends_with_the_company_data_and_the_entry_is_at_its_address(app: InProcess) -> None:
    biz = await sign_up(app.client)
    await app.client.patch("/api/v1/company", json=COMPANY, headers=biz.auth)
    email, _, _ = await booked_online(app, biz, in_days(3, 9))
    mails = {row["kind"]: row for row in await app.outbox_to(email)}
    for kind in ("hold_code", "booking_confirmed"):
        footer = mails[kind]["body"].split("\n-- \n")[1]
        assert footer.splitlines() == [
            f"Praxis {biz.slug}",
            "Hauptstraße 1, 1010 Wien",
            "Telefon: +43 1 234 56 78",
            "E-Mail: praxis@example.at",
            "https://praxis-example.at",
            "Impressum: https://praxis-example.at/impressum",
            "Datenschutz: http://praxis-example.at/datenschutz",
        ]
    (attachment,) = mails["booking_confirmed"]["attachments"]
    (entry,) = Calendar.from_ical(attachment["content"]).walk("VEVENT")
    assert str(entry["LOCATION"]) == "Hauptstraße 1, 1010 Wien"

    # A location with an address of its own is where its appointments take place.
    place = {"address": "Parkring 2, 1010 Wien"}
    await app.client.patch(f"/api/v1/locations/{biz.location_id}", json=place, headers=biz.auth)
    second, _, _ = await booked_online(app, biz, in_days(4, 9))
    (confirmed,) = [row for row in await app.outbox_to(second) if row["kind"] == "booking_confirmed"]
    (entry,) = Calendar.from_ical(confirmed["attachments"][0]["content"]).walk("VEVENT")
    assert str(entry["LOCATION"]) == "Parkring 2, 1010 Wien"


async def test_mail_footer_in_english(app: InProcess) -> None:
    from mail.messages import render

    company = {"name": "Praxis", **COMPANY, "phone": "", "website": ""}
    mail = render(
        "request_declined",
        "a@b.at",
        language="en",
        first_name="Ana",
        business="Praxis",
        service="Massage",
        when="Monday",
        message="",
        company=company,
    )
    assert mail.body.endswith(
        "\n-- \nPraxis\nHauptstraße 1, 1010 Wien\nE-mail: Praxis@Example.at\n"
        "Imprint: https://praxis-example.at/impressum\nPrivacy: http://praxis-example.at/datenschutz\n"
    )
