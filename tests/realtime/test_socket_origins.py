"""Which web pages may open a live connection: the product's own for every room, and for a booking
page's public room also the sites its business lists; a client without an Origin is no browser."""

from __future__ import annotations

import httpx

from testkit.app import ServerProcess
from testkit.flows import sign_up
from testkit.sockets import listening, refusal

FOREIGN = "https://praxis-huber.example"
REFUSED = {"message": "unauthorised"}


def origin(value: str) -> dict[str, str]:
    return {"Origin": value}


async def test_a_foreign_page_never_joins_a_staff_room(single: ServerProcess) -> None:
    async with httpx.AsyncClient(base_url=single.url, timeout=30) as client:
        biz = await sign_up(client)
        await client.patch("/api/v1/settings", json={"embed_origins": [FOREIGN]}, headers=biz.auth)

        assert await refusal(single.url, {"token": biz.token}, origin(FOREIGN)) == REFUSED
        assert await refusal(single.url, {"token": biz.token}, origin("null")) == REFUSED
        async with listening(single.url, {"token": biz.token}, origin(single.url)):
            pass
        async with listening(single.url, {"token": biz.token}):
            pass


async def test_a_booking_page_s_room_opens_to_the_sites_its_business_lists(single: ServerProcess) -> None:
    async with httpx.AsyncClient(base_url=single.url, timeout=30) as client:
        biz = await sign_up(client)
        other = await sign_up(client)
        public = {"slug": biz.slug}

        assert await refusal(single.url, public, origin(FOREIGN)) == REFUSED
        listed = await client.patch(
            "/api/v1/settings", json={"embed_origins": [f"{FOREIGN.upper()}/"]}, headers=biz.auth
        )
        assert listed.status_code == 200, listed.text

        async with listening(single.url, public, origin(FOREIGN)):
            pass
        assert await refusal(single.url, {"slug": other.slug}, origin(FOREIGN)) == REFUSED
        assert await refusal(single.url, public, origin("https://elsewhere.example")) == REFUSED
        async with listening(single.url, public, origin(single.url)), listening(single.url, public):
            pass
