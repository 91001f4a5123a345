"""What every page request passes first: the CSRF check, the sign-in, the role.

A state-changing page POST must carry an Origin (or, without one, a Referer) whose
host is the request's own host, signed in or not: the session cookie is SameSite=Lax,
but the open mode has no cookie at all, and a form on any site could post to a
server on localhost. `/l/{token}` is exempt: its single-use token is the proof.

The signed-in principal lands on `request.state.principal`; page handlers narrow a
csm to their accounts with `api.pages.access`.
"""

from __future__ import annotations

import logging
from urllib.parse import quote, urlsplit

from fastapi import Request
from starlette.middleware.base import BaseHTTPMiddleware, RequestResponseEndpoint
from starlette.responses import RedirectResponse, Response

from api.pages.session import OPEN_PRINCIPAL, page_principal
from api.pages.templating import render

logger = logging.getLogger(__name__)

_NOT_PAGES = ("/api/", "/static/", "/l/", "/docs", "/redoc", "/openapi.json")
_NO_SESSION = ("/sign-in",)
_SAFE = ("GET", "HEAD", "OPTIONS")


class PageGuard(BaseHTTPMiddleware):
    """CSRF, sign-in and read-only checks for the server-rendered pages."""

    async def dispatch(
        self, request: Request, call_next: RequestResponseEndpoint
    ) -> Response:
        path = request.url.path
        if path == "/api" or path.startswith(_NOT_PAGES):
            return await call_next(request)
        writes = request.method not in _SAFE
        if writes and not same_site(request):
            logger.warning("cross-site %s %s refused", request.method, path)
            return _refused(request, "This form was sent from another site.")
        if path in _NO_SESSION:
            return await call_next(request)

        principal = page_principal(request, request.app.state.services)
        if principal is None:
            return RedirectResponse(f"/sign-in?next={quote(path)}", status_code=303)
        if writes and not principal.can_write and path != "/sign-out":
            return _refused(request, f"{principal.name} has a read-only key.")
        request.state.principal = principal
        request.state.open_pages = principal is OPEN_PRINCIPAL
        return await call_next(request)


def same_site(request: Request) -> bool:
    """Whether Origin (else Referer) names this request's own host."""
    source = request.headers.get("origin") or request.headers.get("referer")
    if not source or source == "null":
        return False
    return urlsplit(source).netloc.lower() == request.headers.get("host", "").lower()


def _refused(request: Request, message: str) -> Response:
    return render(
        request,
        "error.html",
        403,
        title="Not allowed",
        message=message,
        back=("/design", "Back to csops"),
    )
