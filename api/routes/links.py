"""Magic links as JSON, for clients that render their own page (the HTML page at
`/l/{token}` belongs to `api/pages/links.py`).

The token is the credential: no API key. GET reads what the link asks and commits
nothing (mail scanners follow GETs); POST goes through
`tools.runs_links.take_step_action`: the answer is checked against the link's
action (422 with what to send), the link redeemed once, the step completed.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from fastapi import APIRouter, Depends, HTTPException, status
from pydantic import BaseModel, Field

from api.deps import App, Services, link_holder
from api.pages.link_steps import LinkedStep, StepGone, linked_step
from domain.runs import RunRuleError
from domain.workflow import CustomerAction
from tools.magic_links import (
    LinkAlreadyUsed,
    LinkClaim,
    LinkExpired,
    LinkRevoked,
    MagicLinkError,
    MagicLinks,
)
from tools.runs_links import StepActionRefused, take_step_action

router = APIRouter(prefix="/links", tags=["links"], dependencies=[Depends(link_holder)])

_REFUSALS: list[tuple[type[MagicLinkError], int, str]] = [
    (LinkExpired, status.HTTP_410_GONE, "link expired"),
    (LinkRevoked, status.HTTP_410_GONE, "link revoked"),
    (LinkAlreadyUsed, status.HTTP_409_CONFLICT, "link already used"),
]


class LinkStep(BaseModel):
    """What a link asks of its holder."""

    run_id: str
    step_id: str
    title: str
    instructions: str
    required_inputs: list[str]
    account_name: str
    action: CustomerAction
    recipient: str
    expires_at: datetime
    open: bool


class LinkAnswer(BaseModel):
    """The holder's answer: a note, a confirmed date, or the requested details."""

    note: str = Field(default="", max_length=4000)
    date: str = Field(default="", max_length=40)
    data: dict[str, str] = Field(default_factory=dict, max_length=50)


@router.get("/{token}", response_model=LinkStep)
def show(token: str, app: App) -> LinkStep:
    """What the link asks; nothing is used up."""
    claim, step = _verified(app, token)
    return _link_step(claim, step)


@router.post("/{token}", response_model=LinkStep)
def redeem(token: str, answer: LinkAnswer, app: App) -> LinkStep:
    """Use the link once and complete its step as the holder."""
    links = _links(app)
    claim, step = _verified(app, token)
    if not step.open:
        raise HTTPException(status.HTTP_409_CONFLICT, detail="step already complete")
    fields: dict[str, Any] = {**answer.data, "note": answer.note, "date": answer.date}
    try:
        take_step_action(
            app.database,
            links,
            token,
            now=datetime.now(UTC),
            data={key: value for key, value in fields.items() if value},
        )
    except MagicLinkError as error:
        raise _refused(error) from error
    except StepActionRefused as error:
        raise HTTPException(
            status.HTTP_422_UNPROCESSABLE_CONTENT, detail=str(error)
        ) from error
    except RunRuleError as error:
        raise HTTPException(
            status.HTTP_409_CONFLICT, detail="step already complete"
        ) from error
    return _link_step(claim, linked_step(app.database, claim))


def _links(app: Services) -> MagicLinks:
    if app.magic_links is None:
        raise HTTPException(
            status.HTTP_503_SERVICE_UNAVAILABLE, detail="magic links are off"
        )
    return app.magic_links


def _verified(app: Services, token: str) -> tuple[LinkClaim, LinkedStep]:
    links = _links(app)
    try:
        claim = links.verify(token)
        return claim, linked_step(app.database, claim)
    except MagicLinkError as error:
        raise _refused(error) from error
    except StepGone as error:
        raise HTTPException(status.HTTP_410_GONE, detail="step removed") from error


def _refused(error: MagicLinkError) -> HTTPException:
    for kind, code, detail in _REFUSALS:
        if isinstance(error, kind):
            return HTTPException(code, detail=detail)
    return HTTPException(status.HTTP_404_NOT_FOUND, detail="invalid link")


def _link_step(claim: LinkClaim, step: LinkedStep) -> LinkStep:
    return LinkStep(
        run_id=step.run_id,
        step_id=step.step_id,
        title=step.title,
        instructions=step.instructions,
        required_inputs=step.required_inputs,
        account_name=step.account_name,
        action=claim.action,
        recipient=claim.recipient,
        expires_at=claim.expires_at,
        open=step.open,
    )
