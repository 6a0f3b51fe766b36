"""Pages of consent and data rights: the newsletter's double opt-in link, the owner's verification
link, and a business's privacy notice and imprint for its booking page. Links in mails show a page
whose button does the work: mail scanners open links, they do not press buttons."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from actions import consent, owner_verification
from actions.company import company_of
from actions.context import Deps
from actions.errors import BadInput, NotFound
from contract.enums import Right
from store.queries import tenant_by_slug
from web import parse
from web.auth import check_csrf, load_staff, staff_claim
from web.language import page_language
from web.rendering import render

Step = Callable[[Deps, str], Awaitable[dict[str, str]]]


def _deps(request: Request) -> Deps:
    deps: Deps = request.app.state.deps
    return deps


async def _link_page(request: Request, kind: str, ask: Step, do: Step) -> Response:
    deps = _deps(request)
    token = request.path_params["token"]
    if request.method == "GET":
        shown = await ask(deps, token)
    else:
        form = await parse.form(request)
        check_csrf(request, str(form.get("csrf_token", "")))
        shown = await do(deps, token)
    return render(request, "confirm_link.html", {"kind": kind, "action": request.url.path, **shown})


async def newsletter_confirm(request: Request) -> Response:
    """The double opt-in link of a newsletter consent."""
    return await _link_page(request, "newsletter", consent.confirm_page, consent.confirm)


async def business_verify(request: Request) -> Response:
    """The owner's verification link: the booking page goes live."""
    return await _link_page(request, "owner", owner_verification.page, owner_verification.verify)


async def legal(request: Request) -> Response:
    """The business's privacy notice or imprint, for the booking page's registration and footer."""
    async with _deps(request).store.read() as conn:
        tenant = await tenant_by_slug(conn, request.path_params["slug"])
    if tenant is None:
        raise NotFound("The business")
    kind = "privacy" if request.url.path.endswith("/datenschutz") else "imprint"
    context = {"kind": kind, "business": tenant.name, "slug": tenant.slug, "company": company_of(tenant)}
    return render(request, "legal.html", context)


async def resend_verification(request: Request) -> Response:
    """The calendar banner's button: mails the owner's verification link again."""
    deps = _deps(request)
    form = await parse.form(request)
    check_csrf(request, str(form.get("csrf_token", "")))
    user = await load_staff(deps.store, staff_claim(request, request.session.get("staff_token")))
    if user is None:
        return RedirectResponse("/login", status_code=303)
    user.require(Right.SETTINGS)
    back = "/setup" if form.get("back") == "setup" else "/calendar"  # where the button was
    try:
        await owner_verification.resend(deps, user.tenant_id, page_language(request))
    except BadInput:  # verified meanwhile: the page shows no button any more
        return RedirectResponse(back, status_code=303)
    return RedirectResponse(f"{back}?verification=mailed", status_code=303)


routes = [
    Route("/owner/verification", resend_verification, methods=["POST"]),
    Route("/newsletter/confirm/{token}", newsletter_confirm, methods=["GET", "POST"]),
    Route("/verify-business/{token}", business_verify, methods=["GET", "POST"]),
    Route("/book/{slug}/datenschutz", legal, methods=["GET"]),
    Route("/book/{slug}/impressum", legal, methods=["GET"]),
]
