"""A person's photo for the booking page's choice of who serves the customer."""

from __future__ import annotations

from starlette.requests import Request

from actions import staff_photos
from actions.context import Deps
from contract.business import Calendar
from contract.enums import Right
from web.api.edge import Api
from web.auth import staff_user

api = Api()


def _deps(request: Request) -> Deps:
    deps: Deps = request.app.state.deps
    return deps


@api.operation(
    "PUT",
    "/staff/{staff_id}/photo",
    "Upload the photo of a calendar's person: a PNG, JPEG or WebP image of at most 512 KB",
    right=Right.SETTINGS,
    body_media="application/octet-stream",
    answer=Calendar,
    errors={400: ("invalid_photo",), 404: ("not_found",)},
    description="The body is the image file itself; its type is read from its first bytes. The booking "
    "page shows it round beside the person's name where customers choose who serves them; the answer's "
    "`photo_url` changes with every new image.",
)
async def upload_photo(request: Request) -> Calendar:
    user = await staff_user(request)
    return await staff_photos.set_photo(
        _deps(request), user.tenant_id, request.path_params["staff_id"], await request.body()
    )


@api.operation(
    "DELETE",
    "/staff/{staff_id}/photo",
    "Show the person's initials instead of a photo",
    right=Right.SETTINGS,
    answer=Calendar,
    errors={404: ("not_found",)},
)
async def remove_photo(request: Request) -> Calendar:
    user = await staff_user(request)
    return await staff_photos.remove_photo(_deps(request), user.tenant_id, request.path_params["staff_id"])
