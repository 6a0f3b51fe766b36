"""The guided set-up as the desk reads and works it, and the booking link's QR code, card and
poster to download."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from actions import cards, setup_guide, starter_services
from actions.context import Deps
from actions.errors import BadInput
from contract.enums import Right
from contract.setup_guide import MARKED_BY_HAND, Checklist, StarterAdded, StarterSet, StepMark
from web.api.edge import Api
from web.auth import staff_user
from web.language import page_language

api = Api()


def _deps(request: Request) -> Deps:
    deps: Deps = request.app.state.deps
    return deps


@api.operation(
    "GET", "/setup", "The set-up's steps, each done or not, and whether customers can book", answer=Checklist
)
async def checklist(request: Request) -> Checklist:
    user = await staff_user(request)
    return await setup_guide.checklist(_deps(request), user.tenant_id)


@api.operation(
    "POST",
    "/setup/marks",
    "Mark a step that no data shows (booking mode chosen, link shared) as done or not",
    right=Right.SETTINGS,
    body=StepMark,
    answer=Checklist,
    errors={400: ("not_marked_by_hand",)},
)
async def mark_step(request: Request, body: StepMark) -> Checklist:
    user = await staff_user(request)
    if body.step not in MARKED_BY_HAND:
        raise BadInput("not_marked_by_hand", "This step is done once the data shows it.", field="step")
    return await setup_guide.mark(_deps(request), user.tenant_id, body.step, body.done)


@api.operation(
    "POST",
    "/setup/starter-services",
    "Add a trade's usual services, offered by the owner's calendar, to edit afterwards",
    right=Right.SETTINGS,
    status=201,
    body=StarterSet,
    answer=StarterAdded,
)
async def add_starter_set(request: Request, body: StarterSet) -> StarterAdded:
    user = await staff_user(request)
    added = await starter_services.add_starter_set(
        _deps(request), user.tenant_id, body.trade, language=page_language(request)
    )
    return StarterAdded(service_ids=added)


def _download(data: bytes, media_type: str, filename: str) -> Response:
    return Response(
        data,
        media_type=media_type,
        headers={
            "Content-Disposition": f'attachment; filename="{filename}"',
            "X-Content-Type-Options": "nosniff",
        },
    )


@api.operation("GET", "/booking-link/qr.png", "The booking link as a QR code, a PNG image", media="image/png")
async def qr_png(request: Request) -> Response:
    user = await staff_user(request)
    link = await cards.link_of(_deps(request), user.tenant_id)
    return _download(cards.qr_png(link.url), "image/png", "buchungslink-qr.png")


@api.operation(
    "GET", "/booking-link/qr.svg", "The booking link as a QR code, an SVG image", media="image/svg+xml"
)
async def qr_svg(request: Request) -> Response:
    user = await staff_user(request)
    link = await cards.link_of(_deps(request), user.tenant_id)
    return _download(cards.qr_svg(link.url), "image/svg+xml", "buchungslink-qr.svg")


@api.operation(
    "GET",
    "/booking-link/card.pdf",
    "A printable A6 card with the business's name, logo, booking link and its QR code",
    media="application/pdf",
)
async def card(request: Request) -> Response:
    user = await staff_user(request)
    data = await cards.card_pdf(
        _deps(request), user.tenant_id, cards.Paper.CARD, language=page_language(request)
    )
    return _download(data, "application/pdf", "buchungskarte.pdf")


@api.operation(
    "GET",
    "/booking-link/poster.pdf",
    "A printable A4 poster with the business's name, logo, booking link and its QR code",
    media="application/pdf",
)
async def poster(request: Request) -> Response:
    user = await staff_user(request)
    data = await cards.card_pdf(
        _deps(request), user.tenant_id, cards.Paper.POSTER, language=page_language(request)
    )
    return _download(data, "application/pdf", "buchungsplakat.pdf")
