"""The pages that lead a new business on: the set-up's checklist and the help."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from contract.enums import Right
from web.pages import _desk_page
from web.rendering import render


async def setup(request: Request) -> Response:
    """The checklist of what makes the booking page work, each step done or not, with the way there."""
    return await _desk_page(request, "setup.html", needs=Right.SETTINGS)


async def help_page(request: Request) -> Response:
    """Answers to what a new practice asks, for anyone: before signing up as much as at the desk."""
    return render(request, "help.html", {})


routes = [
    Route("/setup", setup, methods=["GET"]),
    Route("/help", help_page, methods=["GET"]),
]
