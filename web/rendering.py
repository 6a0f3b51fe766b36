"""A page from its template, with the form token every page's forms carry."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.templating import Jinja2Templates

from web.auth import csrf_token


def render(request: Request, name: str, context: dict[str, Any], status_code: int = 200) -> Response:
    context = {"csrf_token": csrf_token(request), **context}
    templates: Jinja2Templates = request.app.state.templates
    return templates.TemplateResponse(request, name, context, status_code=status_code)
