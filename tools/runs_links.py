"""Step actions through magic links: what the page's POST commits.

A customer or partner opens a link (`tools.magic_links`): the page's GET calls
`preview_step_action`, which verifies and commits nothing, so mail scanners that
follow links change nothing. The confirm button's POST calls `take_step_action`:
the submission is checked against the link's action first (a bad date or an
oversized upload uses nothing up), then the link is redeemed (single use, atomic
in the SQL ledger, audited), then the step is completed through the run engine
with the submission as its data, by the link's recipient.

A crash between the redeem and the completion leaves the link used and the step
open; the audit row shows it and the CSM completes the step by hand. Doing both in
one transaction needs a ledger and a run engine that share a session (the better
design, once `complete_step` accepts one).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from pydantic import BaseModel, Field

from domain.workflow import CustomerAction
from tools.db import Database
from tools.magic_links import LinkClaim, MagicLinkError, MagicLinks
from tools.runs import StepOutcome, complete_step
from tools.runs.tables import StepRunRow

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
UPLOAD_TYPES = frozenset(
    {"application/pdf", "text/csv", "image/png", "image/jpeg", "application/zip"}
)


class StepActionRefused(ValueError):
    """The submission does not fit the link's action; the message says what to send."""


class Upload(BaseModel):
    """A file the person attached; the page stores the bytes, csops the metadata."""

    filename: str = Field(min_length=1, max_length=255)
    content_type: str
    size: int = Field(ge=0)


class StepPreview(BaseModel):
    """What the GET page shows: the step, who it is for, the one action."""

    claim: LinkClaim
    step_title: str
    run_id: str
    step_id: str


def preview_step_action(
    database: Database, links: MagicLinks, token: str
) -> StepPreview:
    """Verify a link for the page's GET; consumes nothing, writes nothing."""
    claim = links.verify(token)
    run_id, step_id, title = _step(database, claim.step_run_id)
    return StepPreview(claim=claim, step_title=title, run_id=run_id, step_id=step_id)


def take_step_action(
    database: Database,
    links: MagicLinks,
    token: str,
    *,
    now: datetime,
    data: dict[str, Any] | None = None,
    upload: Upload | None = None,
) -> StepOutcome:
    """The POST: check the submission, redeem the link, complete the step.

    Raises:
        MagicLinkError: the link is invalid, expired, revoked or used.
        StepActionRefused: the submission does not fit the action.
        RunRuleError: the step cannot be completed (e.g. already done).
    """
    try:
        claim = links.verify(token)
    except MagicLinkError as error:
        _audit_refusal(links, error, now)
        raise
    recorded = _submission(claim.action, data or {}, upload)
    links.redeem(token)
    run_id, step_id, _ = _step(database, claim.step_run_id)
    return complete_step(
        database,
        run_id,
        step_id,
        by=claim.recipient,
        now=now,
        data={"action": claim.action.value, "link_id": claim.link_id, **recorded},
    )


def _audit_refusal(links: MagicLinks, error: MagicLinkError, now: datetime) -> None:
    """A refused POST is a use too; the SQL ledger audits it."""
    record = getattr(links.ledger, "record_refused", None)
    if record is not None and error.link_id is not None:
        record(error.link_id, now, type(error).__name__)


def _submission(
    action: CustomerAction, data: dict[str, Any], upload: Upload | None
) -> dict[str, Any]:
    if action is CustomerAction.confirm_date:
        try:
            return {"date": date.fromisoformat(str(data.get("date"))).isoformat()}
        except ValueError:
            raise StepActionRefused("confirm a date as YYYY-MM-DD") from None
    if action is CustomerAction.upload:
        return {"upload": _checked_upload(upload).model_dump()}
    if action is CustomerAction.submit_data and not data:
        raise StepActionRefused("the form is empty; fill in what the step asks for")
    return {"submitted": data} if data else {}


def _checked_upload(upload: Upload | None) -> Upload:
    if upload is None:
        raise StepActionRefused("attach the file the step asks for")
    if upload.content_type not in UPLOAD_TYPES:
        kinds = ", ".join(sorted(UPLOAD_TYPES))
        raise StepActionRefused(f"{upload.content_type} is not accepted; send {kinds}")
    if upload.size > MAX_UPLOAD_BYTES:
        raise StepActionRefused("the file is over 10 MB; send a smaller one")
    return upload


def _step(database: Database, step_run_id: str) -> tuple[str, str, str]:
    with database.session() as session:
        row = session.get(StepRunRow, step_run_id)
        if row is None:
            raise LookupError(f"no step run {step_run_id}; the run may be deleted")
        return row.run_id, row.step_id, row.title
