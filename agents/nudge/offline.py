"""The offline nudge drafter: deterministic templated messages, no model.

It is the engine when no model is configured, the fallback when a model call
fails, and always the sweep's drafter (a sweep drafts a thousand nudges in one
transaction; model rewording happens later, in the run graph, for drafts that wait
on a human anyway).
"""

from __future__ import annotations

from collections.abc import Sequence

from agents.nudge.context import StepBrief
from agents.nudge.customer_view import CUSTOMER_WHY, AskPlace, customer_ask
from agents.nudge.escalation import escalation_rung
from agents.nudge.templates import (
    DIGEST_HTML,
    DIGEST_TEXT,
    ESCALATION_HTML,
    ESCALATION_TEXT,
    NUDGE_HTML,
    NUDGE_TEXT,
    OPENINGS,
    SUBJECTS,
    html_template,
    text_template,
)
from domain.due_work import DueWork
from domain.nudges import (
    OPS_ROLE,
    DraftKind,
    NudgeDraft,
    delivery_key,
    digest_key,
    due_window,
    local_time,
    recipient_zone,
)
from domain.run_marks import MarkKind
from domain.runs import Assignee
from domain.workflow import Side

_DONE_HOW = "mark it complete with `csops run complete {run} {step} --by YOU`"
_DONE_HOW_EXTERNAL = "reply to this message and we will record it"
_OPS = Assignee(role_id=OPS_ROLE, name="ops", side=Side.internal, source="inbox")


def draft_kind(item: DueWork) -> DraftKind:
    """Escalation for a ladder rung, finding for an unfilled role, else nudge."""
    if item.kind is MarkKind.escalation:
        return DraftKind.escalation
    if item.kind is MarkKind.unresolved_role:
        return DraftKind.finding
    return DraftKind.nudge


def draft_nudge(
    item: DueWork,
    recipient: Assignee,
    step: StepBrief,
    action_url: str | None = None,
) -> NudgeDraft:
    """A nudge (or a finding) for one recipient of one due item."""
    values = _values(item, recipient, step, action_url)
    values["opening"] = text_template(OPENINGS[_family(item)]).render(values)
    return _draft(item, recipient, values, NUDGE_TEXT, NUDGE_HTML, action_url)


def draft_escalation(
    item: DueWork,
    recipient: Assignee,
    step: StepBrief,
    package: Sequence[str],
    package_source: str,
) -> NudgeDraft:
    """An escalation to one rung's person, carrying the escalation package."""
    values = _values(item, recipient, step, None)
    values |= {
        "owners": ", ".join(o.name for o in item.owners) or "nobody (unfilled)",
        "reason": escalation_rung(item),
        "package": list(package),
        "package_source": package_source,
    }
    return _draft(item, recipient, values, ESCALATION_TEXT, ESCALATION_HTML, None)


def draft_unrouted(item: DueWork, step: StepBrief) -> NudgeDraft:
    """A finding for ops about an item nobody can hear: the role meant to hear it
    is unfilled and the run has no CS manager. It waits in the inbox."""
    values = _values(item, _OPS, step, None)
    values["reason"] = item.reason
    values["opening"] = text_template(OPENINGS["unrouted"]).render(values)
    draft = _draft(item, _OPS, values, NUDGE_TEXT, NUDGE_HTML, None)
    window = due_window(item.mark, item.due_at)
    kind = DraftKind.finding.value
    return draft.model_copy(
        update={
            "kind": DraftKind.finding,
            "delivery_key": delivery_key(
                item.run_id, item.step_run_id, OPS_ROLE, kind, window
            ),
            "subject": text_template(SUBJECTS["unrouted"]).render(values),
        }
    )


def draft_digest(drafts: Sequence[NudgeDraft], window: str) -> NudgeDraft:
    """One message for several nudges owed by the same person in one window.

    A step appears once, under its latest mark (an assignment and a reminder for
    one step in one sweep are one line).
    """
    drafts = list({d.step_run_ids[0]: d for d in drafts}.values())
    first = drafts[0]
    values = {
        "first_name": first.recipient.name.split()[0],
        "items": [
            {
                "title": d.title,
                "account": d.account_name,
                "due": d.due_local,
                "action_url": d.action_url,
            }
            for d in drafts
        ],
    }
    return first.model_copy(
        update={
            "delivery_key": digest_key(drafts, window),
            "kind": DraftKind.digest,
            "mark": "digest",
            "step_run_ids": [i for d in drafts for i in d.step_run_ids],
            "step_ids": [i for d in drafts for i in d.step_ids],
            "title": f"{len(drafts)} items",
            "subject": text_template(SUBJECTS["digest"]).render(values),
            "text": text_template(DIGEST_TEXT).render(values),
            "html": html_template(DIGEST_HTML).render(values),
            "action_url": None,
            "due_at": min((d.due_at for d in drafts if d.due_at), default=None),
        }
    )


def _family(item: DueWork) -> str:
    return item.kind.value if item.kind.value in OPENINGS else "reminder"


def _values(
    item: DueWork, recipient: Assignee, step: StepBrief, action_url: str | None
) -> dict:
    zone = recipient_zone(recipient, item.time_zone)
    values = {
        "first_name": recipient.name.split()[0],
        "title": item.step_title,
        "account": item.account_name,
        "workflow": step.workflow_name,
        "why": step.why,
        "due": local_time(item.due_at, zone),
        "needs": "; ".join(step.required_inputs) or step.instructions,
        "action_url": action_url,
        "done_how": (
            _DONE_HOW_EXTERNAL
            if recipient.side is Side.external
            else _DONE_HOW.format(run=item.run_id, step=item.step_id)
        ),
        "sender": "your customer success team",
    }
    if recipient.side is Side.external:
        # Instructions and the steps waiting on this one are written for us.
        inputs = step.required_inputs
        values |= {"workflow": "", "why": CUSTOMER_WHY}
        place = AskPlace.link if action_url else AskPlace.reply
        values["needs"] = customer_ask(item.customer_action, inputs, place=place)
    return values


def _draft(
    item: DueWork,
    recipient: Assignee,
    values: dict,
    text_source: str,
    html_source: str,
    action_url: str | None,
) -> NudgeDraft:
    kind = draft_kind(item)
    address = recipient.email or recipient.name
    window = due_window(item.mark, item.due_at)
    subject = SUBJECTS.get(item.kind.value, SUBJECTS["reminder"])
    return NudgeDraft(
        delivery_key=delivery_key(
            item.run_id, item.step_run_id, address, kind.value, window
        ),
        kind=kind,
        mark=item.mark,
        run_id=item.run_id,
        step_run_ids=[item.step_run_id],
        step_ids=[item.step_id],
        account_id=item.account_id,
        account_name=item.account_name,
        title=item.step_title,
        recipient=recipient,
        due_local=values["due"],
        subject=text_template(subject).render(values),
        text=text_template(text_source).render(values),
        html=html_template(html_source).render(values),
        action_url=action_url,
        due_at=item.due_at,
    )
