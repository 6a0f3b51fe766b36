"""Which language a page speaks, and the switch that changes it. German is the default.

The person's own choice wins: `?lang=` on the address (it works inside iframes, where cookies may
be blocked), else the `lang` cookie that the switch stores; without a choice the browser's
Accept-Language decides (en* → English, everything else German).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit

from jinja2 import pass_context
from jinja2.runtime import Context
from markupsafe import Markup, escape
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route
from starlette.templating import Jinja2Templates

from actions.errors import BadInput
from i18n import DEFAULT, LANGUAGES, plural_wording, translate
from web import i18n, parse
from web.auth import check_csrf, csrf_token

COOKIE = "lang"
COOKIE_AGE = 60 * 60 * 24 * 365


def chosen_language(request: Request) -> str | None:
    """The language the person picked (by address or cookie), None when they have not."""
    for value in (request.query_params.get("lang"), request.cookies.get(COOKIE)):
        if value in LANGUAGES:
            return value
    return None


def page_language(request: Request) -> str:
    return chosen_language(request) or i18n.language(request)


def without_lang(path: str, query: str) -> str:
    """The same-site address `path?query` without its `lang` parameter."""
    kept = [(k, v) for k, v in parse_qsl(query, keep_blank_values=True) if k != "lang"]
    return f"{path}?{urlencode(kept)}" if kept else path


def safe_next(target: str) -> str:
    """`target` when it is a path on this site, else the home page: the switch never leads away."""
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not parts.path.startswith("/") or "\\" in target:
        return "/"
    if parts.path.startswith("//"):
        return "/"
    return without_lang(parts.path, parts.query)


def template_context(request: Request) -> dict[str, Any]:
    """What every template gets: the page's language, whether it was chosen, the switch's data."""
    return {
        "lang": page_language(request),
        "lang_chosen": chosen_language(request) is not None,
        "here": without_lang(request.url.path, request.url.query),
        # An error page rendered outside the session middleware has no session to keep a token in.
        "csrf_token": csrf_token(request) if "session" in request.scope else "",
    }


@pass_context
def gettext(context: Context, text: str, **values: object) -> Markup:
    """`_("German text")` in templates, worded in the page's language.

    Values are escaped unless marked safe (`_("… {code} …", code="<code>x</code>"|safe)`).
    """
    wording = escape(translate(context.get("lang", DEFAULT), text))
    return wording.format(**values) if values else wording


@pass_context
def ngettext(context: Context, singular: str, plural: str, n: int, **values: object) -> Markup:
    """The form of a text with a plural that `n` takes (given to it as `{n}`), worded like `_`."""
    lang = context.get("lang", DEFAULT)
    return escape(plural_wording(lang, singular, plural, n)).format(n=n, **values)


def templates(directory: Path) -> Jinja2Templates:
    """The pages' templates, with Jinja's gettext (`_`, `{% trans %}`) in the page's language."""
    made = Jinja2Templates(directory=directory, context_processors=[template_context])
    made.env.add_extension("jinja2.ext.i18n")
    made.env.install_gettext_callables(gettext, ngettext, newstyle=False)  # type: ignore[attr-defined]
    return made


async def switch(request: Request) -> Response:
    """Keeps the chosen language in a cookie and goes back to the page the switch was on."""
    form = await parse.form(request)
    check_csrf(request, str(form.get("csrf_token", "")))
    lang = str(form.get("lang", ""))
    if lang not in LANGUAGES:
        raise BadInput("invalid_language", "language is 'de' or 'en'.", field="language")
    response = RedirectResponse(safe_next(str(form.get("next", "/"))), status_code=303)
    response.set_cookie(
        COOKIE,
        lang,
        max_age=COOKIE_AGE,
        path="/",
        samesite="lax",
        httponly=True,
        secure=request.app.state.deps.settings.public_url.startswith("https://"),
    )
    return response


routes = [Route("/language", switch, methods=["POST"])]
