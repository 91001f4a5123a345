"""Sign-in for the pages: an API key exchanged for a signed session cookie.

When API keys are configured (CSOPS_API_KEYS or CSOPS_API_KEYS_FILE) every page but
the customer's `/l/{token}` and the static files needs a session; the cookie holds
the key's name only, signed with itsdangerous, and the key ring is asked again on
every request, so removing a key ends its sessions. With no keys configured (local
use) the pages stay open and act as `OPEN_PRINCIPAL`.

The secret is `CSOPS_SESSION_SECRET`, else the link secret, else a random one made
per process (sessions then end when the server restarts).
"""

from __future__ import annotations

import logging
import secrets
from typing import Annotated
from urllib.parse import urlsplit

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from itsdangerous import BadSignature, URLSafeTimedSerializer

from api.auth import Principal, Role
from api.deps import App, RateLimited, Services, authenticate
from api.pages.templating import render

logger = logging.getLogger(__name__)

router = APIRouter(include_in_schema=False)

COOKIE = "csops_session"
SESSION_SECONDS = 12 * 3600
OPEN_PRINCIPAL = Principal(name="web page", role=Role.ops)
_SALT = "csops-page-session"


def keys_configured(app: Services) -> bool:
    """Whether the pages need a sign-in: API keys are set in the settings."""
    settings = app.settings
    return settings.api_keys is not None or settings.api_keys_file is not None


def page_principal(request: Request, app: Services) -> Principal | None:
    """Who is using the pages: the session's key, the open principal, or None."""
    if not keys_configured(app):
        return OPEN_PRINCIPAL
    cookie = request.cookies.get(COOKIE)
    if not cookie:
        return None
    try:
        name = _serializer(request, app).loads(cookie, max_age=SESSION_SECONDS)
    except BadSignature:
        return None
    return app.keys.named(name) if isinstance(name, str) else None


@router.api_route("/sign-in", methods=["GET", "HEAD"], response_class=HTMLResponse)
def sign_in_page(request: Request, app: App, next: str = "/design"):
    """The form taking an API key."""
    return _form(request, _local(next))


@router.post("/sign-in", response_class=HTMLResponse)
def sign_in(
    request: Request,
    app: App,
    key: Annotated[str, Form(max_length=200)] = "",
    next: Annotated[str, Form(max_length=500)] = "/design",
):
    """Check the key; on success set the session cookie and go on to `next`."""
    try:
        principal = authenticate(request, app, key.strip()) if key.strip() else None
    except RateLimited as limited:
        headers = {"Retry-After": str(limited.seconds)}
        error = "Too many failed sign-ins from this address; wait a minute."
        return _form(request, next, error, status_code=429, headers=headers)
    if principal is None:
        return _form(request, next, "That key is not valid.", status_code=401)
    response = RedirectResponse(_local(next), status_code=303)
    response.set_cookie(
        COOKIE,
        _serializer(request, app).dumps(principal.name),
        max_age=SESSION_SECONDS,
        httponly=True,
        samesite="lax",
        secure=app.settings.public_url.startswith("https://"),
    )
    logger.info("page sign-in by %s (%s)", principal.name, principal.role)
    return response


@router.post("/sign-out")
def sign_out() -> RedirectResponse:
    """End the session."""
    response = RedirectResponse("/sign-in", status_code=303)
    response.delete_cookie(COOKIE)
    return response


def _form(
    request: Request,
    next: str,
    error: str | None = None,
    status_code: int = 200,
    headers: dict[str, str] | None = None,
) -> HTMLResponse:
    return render(
        request, "sign_in.html", status_code, headers=headers, next=next, error=error
    )


def _local(url: str) -> str:
    """`url` when it stays on this site; /design otherwise (no open redirect)."""
    parts = urlsplit(url)
    if parts.scheme or parts.netloc or not url.startswith("/") or url.startswith("//"):
        return "/design"
    return url


def _serializer(request: Request, app: Services) -> URLSafeTimedSerializer:
    state = request.app.state
    if not hasattr(state, "session_serializer"):
        state.session_serializer = URLSafeTimedSerializer(_secret(app), salt=_SALT)
    return state.session_serializer


def _secret(app: Services) -> str:
    settings = app.settings
    configured = settings.session_secret or settings.link_secret
    if configured is not None:
        return configured.get_secret_value()
    logger.warning("no CSOPS_SESSION_SECRET: page sessions end on restart")
    return secrets.token_urlsafe(48)
