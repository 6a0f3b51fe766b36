"""The HTML pages: sign-up, log-in, the staff calendar, the booking page, verification, dev mailbox."""

from __future__ import annotations

import ipaddress
from dataclasses import asdict
from pathlib import Path
from typing import Any
from zoneinfo import available_timezones

from sqlalchemy import select
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import Route

from actions import accounts, business, customers, newsletter, self_cancel, services, signup, staff_sessions
from actions.company import company_of
from actions.company import logo as company_logo
from actions.context import Deps
from actions.errors import ActionError, BadInput, NotFound
from actions.licence_limits import BusinessLocked, is_locked
from actions.setup_guide import checklist as setup_checklist
from contract.enums import Right
from contract.staff_access import SignUp
from i18n import DEFAULT, LANGUAGES, translate
from mail.status import mail_status
from store.queries import tenant_by_id, tenant_by_slug
from store.rows import Tenant
from store.schema import outbox
from web import errors, i18n, login_pages, login_steps, parse, team_pages
from web.api.edge import read_values
from web.api.public import public_info
from web.auth import check_csrf, end_connections, load_staff, sign_in, staff_claim
from web.language import page_language
from web.rendering import render

TIMEZONES = sorted(
    z for z in available_timezones() if "/" in z and not z.startswith(("Etc/", "SystemV/", "US/"))
)


def _deps(request: Request) -> Deps:
    deps: Deps = request.app.state.deps
    return deps


async def index(request: Request) -> Response:
    return render(request, "index.html", {"demo_slug": request.app.state.demo_slug})


async def sign_up(request: Request) -> Response:
    if request.method == "GET":
        return render(
            request,
            "signup.html",
            {"error": None, "field": None, "form": {}, "timezones": TIMEZONES},
        )
    form = await parse.form(request)
    values = {key: str(form.get(key, "")) for key in ("business_name", "slug", "email", "timezone")}
    try:
        check_csrf(request, str(form.get("csrf_token", "")))
        wanted = read_values(
            SignUp,
            {
                **values,
                "password": str(form.get("password", "")),
                "timezone": values["timezone"] or "Europe/Vienna",
            },
        )
        created = await signup.signup(_deps(request), wanted, language=page_language(request))
    except ActionError as error:
        context = {
            "error": i18n.message(error, page_language(request)),
            "field": error.extra.get("field"),
            "form": values,
            "timezones": TIMEZONES,
        }
        return render(request, "signup.html", context, status_code=error.status)
    request.session["staff_token"] = await sign_in(request, created.user_id, created.tenant_id)
    return RedirectResponse("/setup", status_code=303)


async def login(request: Request) -> Response:
    if request.method == "GET":
        return render(request, "login.html", {"error": None, "field": None, "form": {}})
    form = await parse.form(request)
    email = str(form.get("email", ""))
    try:
        check_csrf(request, str(form.get("csrf_token", "")))
        user = await login_steps.password(request, email, str(form.get("password", "")))
    except ActionError as error:
        refused = render(
            request,
            "login.html",
            {"error": i18n.message(error, page_language(request)), "field": None, "form": {"email": email}},
            status_code=error.status,
        )
        refused.headers.update(errors.retry_after(error))
        return refused
    if user.two_factor:
        return login_pages.ask_for_code(request, user)
    return await login_pages.signed_in(request, user)


async def logout(request: Request) -> Response:
    """Ends the browser's staff session on the server, so a copy of its cookie signs nobody in."""
    form = await parse.form(request)
    check_csrf(request, str(form.get("csrf_token", "")))
    claim = staff_claim(request, request.session.pop("staff_token", None))
    user = await load_staff(_deps(request).store, claim)
    if user is None:
        return RedirectResponse("/login", status_code=303)
    await staff_sessions.end(_deps(request), user.session_id)
    return RedirectResponse(
        "/login", status_code=303, background=end_connections(request, (user.session_id,))
    )


async def _desk_context(
    request: Request, *, inactive: bool = False, needs: Right | None = None
) -> dict[str, Any] | None:
    """What the staff pages show of the signed-in person's business (with `inactive` its
    deactivated calendars and locations too); None when nobody is signed in. A person without the
    right the page `needs` gets the 403 page, which says which right it takes."""
    deps = _deps(request)
    user = await load_staff(deps.store, staff_claim(request, request.session.get("staff_token")))
    if user is None:
        return None
    if needs is not None and not user.two_factor_due:
        user.require(needs)
    async with deps.store.read() as conn:
        tenant = await tenant_by_id(conn, user.tenant_id)
        if await is_locked(conn, user.tenant_id):
            raise BusinessLocked()
    assert tenant is not None
    booking_url = f"{deps.settings.public_url}/book/{tenant.slug}"
    return {
        "business": {"id": tenant.id} | business.settings_view(tenant).model_dump(mode="json"),
        "staff": [c.model_dump() for c in await business.list_staff(deps, user.tenant_id, inactive=inactive)],
        "services": [s.model_dump() for s in await services.listed(deps, user.tenant_id)],
        "locations": [
            place.model_dump()
            for place in await business.locations_of(deps, user.tenant_id, inactive=inactive)
        ],
        "user": {
            "user_id": user.user_id,
            "name": user.name,
            "email": user.email,
            "role": user.role,
            "staff_id": user.staff_id,
            # until two-factor log-in is set up where the business requires it, the pages offer
            # only the person's own account
            "rights": [] if user.two_factor_due else sorted(user.rights),
            "two_factor_due": user.two_factor_due,
        },
        "booking_url": booking_url,
        "owner_verified": tenant.owner_verified_at is not None,
        "embed_code": embed_code(booking_url, None),
        "embed_codes": {lang: embed_code(booking_url, lang) for lang in LANGUAGES},
        "setup": (await setup_checklist(deps, user.tenant_id)).model_dump(mode="json"),
    }


def embed_code(booking_url: str, lang: str | None) -> str:
    """The iframe for the business's website and the script beside it that fits the frame to the
    page's height (the frame alone keeps its height and scrolls); with `lang` the booking page
    keeps that language."""
    src = f"{booking_url}?lang={lang}" if lang else booking_url
    title = translate(lang or DEFAULT, "Online-Terminbuchung")
    script = booking_url.rsplit("/book/", 1)[0] + "/static/embed.js"
    return (
        f'<iframe src="{src}" title="{title}" style="width:100%;min-height:680px;border:0"></iframe>\n'
        f'<script src="{script}" async></script>'
    )


async def _desk_page(request: Request, template: str, needs: Right | None = None) -> Response:
    """`template` with the signed-in desk's business; anyone else goes to the log-in page, and a
    person who has yet to set up the two-factor log-in their business requires to the set-up."""
    context = await _desk_context(request, needs=needs)
    if context is None:
        return RedirectResponse("/login", status_code=303)
    if context["user"]["two_factor_due"]:
        return RedirectResponse(login_pages.SETUP_PAGE, status_code=303)
    return render(request, template, context)


async def calendar(request: Request) -> Response:
    return await _desk_page(request, "calendar.html")


async def settings(request: Request) -> Response:
    """The business's set-up, with how its mail stands: waiting, undelivered, or not sent at all."""
    context = await _desk_context(request, inactive=True)
    if context is None:
        return RedirectResponse("/login", status_code=303)
    deps = _deps(request)
    shown = await mail_status(deps, request.app.state.mail_sender, context["business"]["id"])
    async with deps.store.read() as conn:
        tenant = await tenant_by_id(conn, context["business"]["id"])
    assert tenant is not None
    return render(
        request, "settings.html", {**context, "mail": shown, "company": company_of(tenant).model_dump()}
    )


async def customer_list(request: Request) -> Response:
    """The customer database: search, groups, open proposals, import and export, newsletters."""
    return await _desk_page(request, "customers.html", needs=Right.CUSTOMERS)


async def customer_record(request: Request) -> Response:
    """One customer's record with their appointments; another business's or an erased one is a 404."""
    context = await _desk_context(request, needs=Right.CUSTOMERS)
    if context is None:
        return RedirectResponse("/login", status_code=303)
    if context["user"]["two_factor_due"]:
        return RedirectResponse(login_pages.SETUP_PAGE, status_code=303)
    customer_id = request.path_params["customer_id"]
    shown = await customers.shown(_deps(request), context["business"]["id"], customer_id)
    return render(request, "customer.html", {**context, "customer": shown.model_dump(mode="json")})


async def book(request: Request) -> Response:
    deps = _deps(request)
    shown = (await public_info(deps, request.path_params["slug"], request)).model_dump(mode="json")
    context = {
        "business": {k: shown[k] for k in ("name", "slug", "booking_mode", "timezone", "staff_choice")},
        "locations": shown["locations"],
        "services": shown["services"],
        "staff": shown["staff"],
        "hold_seconds": deps.settings.hold_seconds,
        "company": shown["company"],
    }
    async with deps.store.read() as conn:
        tenant = await tenant_by_slug(conn, shown["slug"])
        if tenant is not None and await is_locked(conn, tenant.id):
            raise BusinessLocked()
    if tenant is not None and tenant.owner_verified_at is None and not await _own_staff(request, tenant.id):
        # Not live until the owner verified the address; the owner, logged in, sees a preview.
        response = render(request, "book_not_live.html", context, status_code=403)
    else:
        response = render(
            request,
            "book.html",
            {**context, "preview": tenant is not None and tenant.owner_verified_at is None},
        )
    allow_framing_by(response, tenant)
    return response


async def _own_staff(request: Request, tenant_id: str) -> bool:
    user = await load_staff(_deps(request).store, staff_claim(request, request.session.get("staff_token")))
    return user is not None and user.tenant_id == tenant_id


async def logo_image(request: Request) -> Response:
    """A business's logo by its digest: the same address never shows another picture, so browsers
    keep it for a year."""
    found = await company_logo(_deps(request), request.path_params["digest"])
    if found is None:
        raise NotFound("The logo")
    return Response(
        found.data,
        media_type=found.media_type,
        headers={"Cache-Control": "public, max-age=31536000, immutable", "X-Content-Type-Options": "nosniff"},
    )


#: Read once: it changes only with a new release.
SERVICE_WORKER = (Path(__file__).parent / "sw.js").read_bytes()


async def service_worker(request: Request) -> Response:
    """The desk's service worker, from the site's root so that it may serve the calendar page offline;
    browsers check it for a new version on every visit."""
    return Response(
        SERVICE_WORKER,
        media_type="text/javascript",
        headers={"Cache-Control": "no-cache"},
    )


def allow_framing_by(response: Response, tenant: Tenant | None) -> None:
    """Only the sites the business lists may frame its pages; SecurityHeaders keeps this directive."""
    origins = list(tenant.embed_origins or []) if tenant else []
    response.headers["Content-Security-Policy"] = " ".join(["frame-ancestors", "'self'", *origins])


async def customer_account(request: Request) -> Response:
    """The customer's own profile; `?book=<slug>` leads back to that business's booking page, inside
    whose iframe the page may then open."""
    deps = _deps(request)
    slug = request.query_params.get("book", "")
    tenant = None
    if 0 < len(slug) <= 64:
        async with deps.store.read() as conn:
            tenant = await tenant_by_slug(conn, slug)
    back = {"url": f"/book/{tenant.slug}", "business": tenant.name} if tenant else None
    response = render(request, "account.html", {"back": back})
    if tenant is not None:
        allow_framing_by(response, tenant)
    return response


async def verify(request: Request) -> Response:
    deps = _deps(request)
    token = request.path_params["token"]
    if request.method == "GET":
        state = await accounts.token_state(deps, token)
        if state == "unknown":
            raise NotFound("The verification link", "This verification link is not valid.")
        return render(request, "verify.html", {"token": token, "state": state})
    form = await parse.form(request)
    check_csrf(request, str(form.get("csrf_token", "")))
    try:
        await accounts.verify(deps, token)
    except ActionError as error:
        spent = {"token_used": "used", "token_expired": "expired"}.get(error.code)
        if spent is None:
            raise
        return render(request, "verify.html", {"token": token, "state": spent}, status_code=error.status)
    return render(request, "verify.html", {"token": token, "state": "done"})


async def account_reset(request: Request) -> Response:
    """Sets a new password from the mailed link: two fields, the button, then a note to log in."""
    deps = _deps(request)
    token = request.path_params["token"]
    if request.method == "GET":
        state = await accounts.token_state(deps, token, "reset")
        if state == "unknown":
            raise NotFound("The reset link", "This link is not valid.")
        return render(request, "account_reset.html", {"token": token, "state": state, "error": None})
    form = await parse.form(request)
    check_csrf(request, str(form.get("csrf_token", "")))
    password = str(form.get("password", ""))
    try:
        if password != str(form.get("password_repeat", "")):
            raise BadInput("passwords_differ", "The two passwords differ.", field="password_repeat")
        await accounts.reset_password(deps, token, password)
    except ActionError as error:
        state = {"token_used": "used", "token_expired": "expired"}.get(error.code, "ask")
        if error.status == 404:
            raise
        context = {"token": token, "state": state, "error": i18n.message(error, page_language(request))}
        return render(request, "account_reset.html", context, status_code=error.status)
    return render(request, "account_reset.html", {"token": token, "state": "done", "error": None})


async def cancel_booking(request: Request) -> Response:
    """The customer's own cancellation from the confirmation mail: what, when, where, and one button."""
    deps = _deps(request)
    token = request.path_params["token"]
    lang = page_language(request)
    if request.method == "GET":
        shown = await self_cancel.details(deps, token, lang)
        return render(request, "cancel_booking.html", {"token": token, **asdict(shown)})
    form = await parse.form(request)
    check_csrf(request, str(form.get("csrf_token", "")))
    try:
        shown = await self_cancel.cancel_by_link(deps, token, lang)
    except ActionError as error:
        if error.status == 404:
            raise
        shown = await self_cancel.details(deps, token, lang)
        context = {"token": token, **asdict(shown)}
        return render(request, "cancel_booking.html", context, status_code=error.status)
    return render(request, "cancel_booking.html", {"token": token, **asdict(shown)})


async def unsubscribe(request: Request) -> Response:
    """The link in every newsletter: the page asks, and only its button (a POST) unsubscribes."""
    deps = _deps(request)
    token = request.path_params["token"]
    if request.method == "GET":
        asked = await newsletter.unsubscribe_page(deps, token)
        return render(request, "unsubscribe.html", {"token": token, **asked.page()})
    form = await parse.form(request)
    # A mail program's one-click button (RFC 8058) posts without the page: the token is the proof.
    if form.get("List-Unsubscribe") != "One-Click":
        check_csrf(request, str(form.get("csrf_token", "")))
    done = await newsletter.unsubscribe(deps, token)
    return render(request, "unsubscribe.html", {"token": token, **done.page()})


async def _mailbox_messages(request: Request) -> list[dict[str, Any]]:
    deps = _deps(request)
    # It shows reset links and codes: on only when asked for, and only to this machine.
    if not deps.settings.dev_mailbox or not _from_loopback(request):
        raise NotFound(
            "The dev mailbox",
            "The dev mailbox is on only with DEV_MAILBOX=on or --demo, without SMTP_URL, from this machine.",
        )
    query = select(outbox).order_by(outbox.c.created_at.desc()).limit(200)
    if "to" in request.query_params:
        query = query.where(outbox.c.to_addr == request.query_params["to"].strip().lower())
    async with deps.store.read() as conn:
        rows = await conn.execute(query)
        return [
            {
                "id": r.id,
                "to_addr": r.to_addr,
                "subject": r.subject,
                "body": r.body,
                "created_at": r.created_at.strftime("%Y-%m-%d %H:%M:%S UTC"),
                "status": r.status,
            }
            for r in rows
        ]


def _from_loopback(request: Request) -> bool:
    host = request.client.host if request.client else ""
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


async def mailbox(request: Request) -> Response:
    return render(request, "mailbox.html", {"messages": await _mailbox_messages(request)})


async def mailbox_json(request: Request) -> Response:
    """The dev mailbox for scripts: `?to=` filters by recipient, newest first."""
    return JSONResponse({"messages": await _mailbox_messages(request)})


routes = [
    Route("/", index, methods=["GET"]),
    Route("/signup", sign_up, methods=["GET", "POST"]),
    Route("/login", login, methods=["GET", "POST"]),
    Route("/logout", logout, methods=["POST"]),
    *login_pages.routes,
    *team_pages.routes,
    Route("/calendar", calendar, methods=["GET"]),
    Route("/settings", settings, methods=["GET"]),
    Route("/customers", customer_list, methods=["GET"]),
    Route("/customers/{customer_id}", customer_record, methods=["GET"]),
    Route("/book/{slug}", book, methods=["GET"]),
    Route("/logos/{digest}", logo_image, methods=["GET"]),
    Route("/sw.js", service_worker, methods=["GET"]),
    Route("/verify/{token}", verify, methods=["GET", "POST"]),
    Route("/account", customer_account, methods=["GET"]),
    Route("/account/reset/{token}", account_reset, methods=["GET", "POST"]),
    Route("/cancel/{token}", cancel_booking, methods=["GET", "POST"]),
    Route("/unsubscribe/{token}", unsubscribe, methods=["GET", "POST"]),
    Route("/dev/mailbox", mailbox, methods=["GET"]),
    Route("/dev/mailbox.json", mailbox_json, methods=["GET"]),
]
