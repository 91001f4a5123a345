"""The customer's magic-link page: phone-sized, no login, one action.

Mail scanners and link previews follow GETs, so the GET only verifies the link and
shows what is asked with a confirm button; the POST behind that button goes through
`tools.runs_links.take_step_action`: the answer is checked against the link's
action, the link is redeemed (single use, atomic and audited in the SQL ledger) and
the step completed by the link's recipient. A link that is expired, used or
withdrawn gets a page saying what to do instead, never a stack trace.

An upload link takes the file's name, type and size (checked against the step
action's limits); the bytes are not kept yet, and the page's body limit
(`api.problems.MAX_BODY_BYTES`) caps them below the action's own 10 MB. The better
design stores them beside the run (object storage) and records the key.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import HTMLResponse

from api.deps import App, RateLimited, link_holder
from api.pages.link_steps import ACTION_WORDS, LinkedStep, StepGone, linked_step
from api.pages.templating import render
from domain.runs import RunRuleError
from tools.link_ledger import SqlLinkLedger
from tools.magic_links import (
    LinkAlreadyUsed,
    LinkClaim,
    LinkConfigError,
    LinkInvalid,
    MagicLinkError,
    MagicLinks,
)
from tools.runs_links import StepActionRefused, Upload, take_step_action

logger = logging.getLogger(__name__)

router = APIRouter(include_in_schema=False)

# The token is in the URL: keep it out of Referer headers, caches and indexes.
_PRIVATE = {
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
    "X-Robots-Tag": "noindex, nofollow",
}
_NOT_SET_UP = (
    "Links are not switched on for this server yet. Ask your customer success "
    "manager to send the request by email instead."
)
_GONE = (
    "This request no longer exists; nothing more is needed from you. If you "
    "think that is wrong, tell your customer success manager."
)
_SLOW_DOWN = "Too many requests from your network; wait a minute and try again."
_CLOSED = "This step is already complete; nothing more is needed from you."


@router.api_route("/l/{token}", methods=["GET", "HEAD"], response_class=HTMLResponse)
def link_page(request: Request, app: App, token: str):
    """What the link asks, and a button that confirms it; nothing is committed."""
    if limited := _rate_limited(request, app):
        return limited
    links = _magic_links(request, app)
    if links is None:
        return _problem(request, 503, _NOT_SET_UP)
    try:
        claim = links.verify(token)
        step = linked_step(app.database, claim)
    except MagicLinkError as error:
        return _link_refused(request, error)
    except StepGone:
        return _problem(request, 410, _GONE)
    if not step.open:
        return _problem(request, 409, _CLOSED, title="Already done")
    return _ask(request, claim, step)


@router.post("/l/{token}", response_class=HTMLResponse)
def confirm_link(
    request: Request,
    app: App,
    token: str,
    note: Annotated[str, Form(max_length=4000)] = "",
    date: Annotated[str, Form(max_length=40)] = "",
    upload: Annotated[UploadFile | None, File()] = None,
):
    """Check the answer, redeem the link and complete the step as its holder."""
    if limited := _rate_limited(request, app):
        return limited
    links = _magic_links(request, app)
    if links is None:
        return _problem(request, 503, _NOT_SET_UP)
    try:
        claim = links.verify(token)
        step = linked_step(app.database, claim)
        if not step.open:
            return _problem(request, 409, _CLOSED, title="Already done")
        answer = {"note": note.strip(), "date": date.strip()}
        take_step_action(
            app.database,
            links,
            token,
            now=datetime.now(UTC),
            data={key: value for key, value in answer.items() if value},
            upload=_upload(upload),
        )
    except MagicLinkError as error:
        return _link_refused(request, error)
    except StepActionRefused as error:
        return _ask(request, claim, step, error=str(error), status_code=422)
    except (StepGone, LookupError):
        return _problem(request, 410, _GONE)
    except RunRuleError as error:
        logger.info("link %s redeemed on a closed step: %s", token[:12], error)
        return _problem(request, 409, _CLOSED, title="Already done")
    heading, _ = ACTION_WORDS[claim.action]
    return render(
        request, "link_done.html", headers=_PRIVATE, step=step, heading=heading
    )


def _rate_limited(request: Request, app: App) -> HTMLResponse | None:
    """The 429 page once this address passes the link limit (token guessing)."""
    try:
        link_holder(request)
    except RateLimited as limited:
        page = _problem(request, 429, _SLOW_DOWN, title="Too many tries")
        page.headers["Retry-After"] = str(limited.seconds)
        return page
    return None


def _upload(upload: UploadFile | None) -> Upload | None:
    """The metadata of an attached file; none when no file was chosen."""
    if upload is None or not upload.filename:
        return None
    return Upload(
        filename=upload.filename[:255],
        content_type=upload.content_type or "application/octet-stream",
        size=upload.size or 0,
    )


def _magic_links(request: Request, app: App) -> MagicLinks | None:
    """The app's MagicLinks; None when no link secret is configured."""
    shared = getattr(app, "magic_links", None)
    if shared is not None:
        return shared
    state = request.app.state
    if not hasattr(state, "page_magic_links"):
        state.page_magic_links = _links_from_settings(app)
    return state.page_magic_links


def _links_from_settings(app: App) -> MagicLinks | None:
    secret = app.settings.link_secret
    if secret is None:
        return None
    base_url = f"{app.settings.public_url.rstrip('/')}/l"
    try:
        return MagicLinks(
            secret.get_secret_value(),
            base_url=base_url,
            ledger=SqlLinkLedger(app.database),
        )
    except LinkConfigError as error:
        logger.warning("magic-link pages are off: %s", error)
        return None


def _ask(
    request: Request,
    claim: LinkClaim,
    step: LinkedStep,
    *,
    error: str | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    heading, button = ACTION_WORDS[claim.action]
    return render(
        request,
        "link.html",
        status_code,
        headers=_PRIVATE,
        error=error,
        claim=claim,
        step=step,
        heading=heading,
        button=button,
    )


def _link_refused(request: Request, error: MagicLinkError) -> HTMLResponse:
    logger.info("magic link refused (%s): %s", type(error).__name__, error.detail)
    status_code = 404 if isinstance(error, LinkInvalid) else 410
    title = "Already used" if isinstance(error, LinkAlreadyUsed) else "Link not usable"
    return _problem(request, status_code, str(error), title=title)


def _problem(
    request: Request, status_code: int, message: str, title: str = "Link not usable"
) -> HTMLResponse:
    return render(
        request,
        "link_problem.html",
        status_code,
        headers=_PRIVATE,
        title=title,
        message=message,
    )
