"""How the API says no: typed errors to statuses, short exact details, body limits.

Every error body is JSON `{"detail": ...}`; a few carry one more field a client
acts on (`findings` of a refused publish, `candidates` of an unknown account).
The detail is short and fixed so clients and tests can match it; the longer,
human message of the typed error goes to the log.

| error | status | detail |
| --- | --- | --- |
| InvalidRef | 422 | invalid workflow ref |
| UnknownVersion, UnknownWorkflow | 404 | unknown workflow version, unknown workflow |
| PublishRefused | 409 | publish refused: lint errors (+ findings) |
| WorkflowNotPublished | 409 | workflow version is not published |
| AccountNotFoundError | 404 | unknown account (+ candidates) |
| UnknownRun, UnknownStep | 404 | unknown run, unknown step |
| RunRuleError | 409 | the rule's own message (it names the fix) |
| DesignInputError | 422 | the message (empty text, or how to split it) |
| UnknownInboxItem | 404 | unknown inbox item |
| AlreadyDecided | 409 | already decided: ACTION by WHO (the first decision) |
| DecisionRefused | 422 | decision refused: the first reason (+ reasons) |
| SettingsError | 503 | model provider not configured |
| body over the limit | 413 | request body too large |
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from fastapi import FastAPI, HTTPException, Request, status
from fastapi.responses import HTMLResponse, JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from domain.design import DesignInputError
from domain.runs import RunRuleError
from tools.accounts.repository import AccountNotFoundError
from tools.inbox.store import AlreadyDecided, DecisionRefused, UnknownInboxItem
from tools.runs import UnknownRun, UnknownStep, WorkflowNotPublished
from tools.settings import Settings, SettingsError
from tools.workflow_store import (
    InvalidRef,
    PublishRefused,
    UnknownVersion,
    UnknownWorkflow,
)

logger = logging.getLogger(__name__)

MAX_BODY_BYTES = 1_000_000
MAX_UPLOAD_BYTES = 50_000_000
UPLOAD_PREFIX = "/api/imports"
LINK_PREFIX = "/l/"
TOO_LARGE = "request body too large"


def install_problem_handlers(app: FastAPI, settings: Settings) -> None:
    """Map csops errors to statuses and cap request bodies."""
    for error_type, (code, body) in _ERRORS.items():
        app.add_exception_handler(error_type, _handler(code, body))
    app.add_exception_handler(Exception, _internal)
    app.add_middleware(BodyLimit)


def _handler(code: int, body: Callable[[Any], dict[str, Any]]):
    async def handle(request: Request, error: Exception) -> JSONResponse:
        logger.info("%s %s -> %d: %s", request.method, request.url.path, code, error)
        return JSONResponse(body(error), status_code=code)

    return handle


async def _internal(request: Request, error: Exception) -> JSONResponse:
    logger.exception("%s %s failed", request.method, request.url.path)
    return JSONResponse({"detail": "internal error"}, status_code=500)


def _refused(error: PublishRefused) -> dict[str, Any]:
    findings = [finding.model_dump(mode="json") for finding in error.findings]
    return {"detail": "publish refused: lint errors", "findings": findings}


def _already_decided(error: AlreadyDecided) -> dict[str, Any]:
    return {"detail": f"already decided: {error.action} by {error.by}"}


def _decision_refused(error: DecisionRefused) -> dict[str, Any]:
    return {"detail": f"decision refused: {error.reasons[0]}", "reasons": error.reasons}


def _fixed(detail: str) -> Callable[[Any], dict[str, Any]]:
    return lambda error: {"detail": detail}


# Order matters: a subclass before its base (UnknownVersion is an UnknownWorkflow).
_ERRORS: dict[type[Exception], tuple[int, Callable[[Any], dict[str, Any]]]] = {
    InvalidRef: (422, _fixed("invalid workflow ref")),
    UnknownVersion: (404, _fixed("unknown workflow version")),
    UnknownWorkflow: (404, _fixed("unknown workflow")),
    PublishRefused: (409, _refused),
    WorkflowNotPublished: (409, _fixed("workflow version is not published")),
    AccountNotFoundError: (
        404,
        lambda error: {"detail": "unknown account", "candidates": error.candidates},
    ),
    UnknownRun: (404, _fixed("unknown run")),
    UnknownStep: (404, _fixed("unknown step")),
    RunRuleError: (409, lambda error: {"detail": str(error)}),
    DesignInputError: (422, lambda error: {"detail": str(error)}),
    UnknownInboxItem: (404, _fixed("unknown inbox item")),
    AlreadyDecided: (409, _already_decided),
    DecisionRefused: (422, _decision_refused),
    SettingsError: (503, _fixed("model provider not configured")),
}


class BodyTooLarge(HTTPException):
    """A streamed body passed the limit while the route was reading it.

    An HTTPException, so FastAPI's body parsing lets it through as itself rather
    than turning it into "There was an error parsing the body".
    """

    def __init__(self) -> None:
        super().__init__(status.HTTP_413_CONTENT_TOO_LARGE, detail=TOO_LARGE)


class BodyLimit:
    """Refuse bodies over the limit with 413: by Content-Length, or while reading."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = scope.get("path", "")
        limit = MAX_UPLOAD_BYTES if path.startswith(UPLOAD_PREFIX) else MAX_BODY_BYTES
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > limit:
            await _too_large(scope, receive, send)
            return

        received = 0
        started = False

        async def counted() -> Message:
            nonlocal received
            message = await receive()
            received += len(message.get("body", b""))
            if received > limit:
                raise BodyTooLarge()
            return message

        async def watched(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counted, watched)
        except BodyTooLarge:
            if started:
                raise
            await _too_large(scope, receive, send)


async def _too_large(scope: Scope, receive: Receive, send: Send) -> None:
    code = status.HTTP_413_CONTENT_TOO_LARGE
    if scope.get("path", "").startswith(LINK_PREFIX):
        response = HTMLResponse(_too_large_page(), status_code=code)
    else:
        response = JSONResponse({"detail": TOO_LARGE}, status_code=code)
    await response(scope, receive, send)


def _too_large_page() -> str:
    # The customer's phone-sized page, not JSON: they followed a link (E1).
    from api.pages.templating import templates

    return templates.get_template("link_problem.html").render(
        title="File too large",
        message="That was too large to send. Try a smaller file, or send it to "
        "your customer success manager by email.",
    )
