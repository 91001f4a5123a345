"""What an inbox decision sends, and how an escalation decision moves the run.

For a nudge: approve sends the draft, edit sends the decider's text in its place,
reply sends the decider's own words to the person the nudge was for, ignore sends
nothing. For an escalation, the decision (`domain.nudges.EscalationDecision`, in
the inbox decision's `data["escalation"]`; a bare approve acknowledges) is recorded
with the inbox decision; `close` completes the step through the run engine and
`extend` moves its clock (`tools.runs_adjust.extend_sla`). Reply on an escalation
writes to the people who owe the step.

Reassigning is recorded but not yet applied to the step run: the run engine has no
call that changes who fills a role in a run. The better design is a
`reassign_role(run, role, to)` beside `extend_sla`, which revokes the step's magic
links and fires a fresh `assigned` mark; until then the manager reassigns by hand
(noted in issue 7).
"""

from __future__ import annotations

import html
from datetime import UTC

from domain.nudges import (
    OPS_ROLE,
    DraftKind,
    EscalationAction,
    EscalationDecision,
    NudgeDraft,
)
from domain.runs import Assignee, RunRuleError
from tools.db import Database
from tools.inbox.store import InboxAction, InboxDecision
from tools.runs import RunDefaults, complete_step
from tools.runs.clocks import NO_DEFAULTS
from tools.runs.tables import RunRow, StepRunRow
from tools.runs_adjust import extend_sla

LINK_TEXT = "Do it here (one click, no login): {url}"
LINK_HTML = '<p><a href="{url}">Do it here</a> (one click, no login)</p>\n'
NOT_APPLIED = (
    "recorded; not applied to the step run: the run engine has no call to {what} "
    "yet, so do it by hand"
)


def escalation_decision(decision: InboxDecision) -> EscalationDecision:
    """The escalation decision an inbox decision carries (approve: acknowledge)."""
    stored = decision.data.get("escalation")
    if stored:
        return EscalationDecision.model_validate(stored)
    return EscalationDecision(
        action=EscalationAction.acknowledge, by=decision.by, reason=decision.reason
    )


def apply_decision(
    database: Database,
    draft: NudgeDraft,
    decision: InboxDecision,
    defaults: RunDefaults = NO_DEFAULTS,
) -> str:
    """Move the run as an escalation decision says; return what happened."""
    chosen = escalation_decision(decision)
    if (
        decision.action is InboxAction.ignore
        or chosen.action is EscalationAction.acknowledge
    ):
        return "acknowledged"
    step_id = draft.step_ids[0]
    try:
        if chosen.action is EscalationAction.close:
            complete_step(
                database,
                draft.run_id,
                step_id,
                by=chosen.by,
                now=decision.at,
                data={"closed_from_escalation": chosen.reason},
                defaults=defaults,
            )
            return "closed"
        if chosen.action is EscalationAction.extend:
            due = extend_sla(
                database,
                draft.run_id,
                step_id,
                hours=chosen.extend_hours,
                by=chosen.by,
                now=decision.at,
                why=chosen.reason,
                defaults=defaults,
            )
            when = due.astimezone(UTC).isoformat() if due else "when resumed"
            return f"extended: due {when}"
    except RunRuleError as error:  # e.g. a re-run after a crash finds it done
        return f"not applied: {error}"
    return NOT_APPLIED.format(what="reassign a step")


def decided_message(
    database: Database, draft: NudgeDraft, decision: InboxDecision
) -> NudgeDraft | None:
    """The message a decision sends, if any; it keeps the draft's delivery key."""
    if decision.action is InboxAction.ignore:
        return None
    if draft.recipient.role_id == OPS_ROLE:
        return None  # addressed to the inbox's reader: nobody to send it on to
    if decision.action is InboxAction.reply:
        return _reply(database, draft, decision)
    if draft.kind is DraftKind.escalation:
        return None  # the inbox item is the escalation; its decision is the record
    if decision.action is InboxAction.edit:
        return with_text(draft, decision.text or draft.text)
    return draft


def with_text(draft: NudgeDraft, text: str) -> NudgeDraft:
    """The draft with a human's text as its body (HTML escaped from it).

    A customer-facing draft keeps its one-action magic link after the human's
    words: without it the customer has no way to do the step.
    """
    paragraphs = [p for p in text.split("\n\n") if p.strip()]
    body = "".join(f"<p>{html.escape(p)}</p>\n" for p in paragraphs)
    url = draft.action_url
    if url and draft.external and url not in text:
        text = f"{text.rstrip()}\n\n{LINK_TEXT.format(url=url)}\n"
        body += LINK_HTML.format(url=html.escape(url, quote=True))
    return draft.model_copy(update={"text": text, "html": body, "engine": "human"})


def _reply(
    database: Database, draft: NudgeDraft, decision: InboxDecision
) -> NudgeDraft:
    recipient = draft.recipient
    if draft.kind is DraftKind.escalation:
        owners = _step_owners(database, draft)
        recipient = owners[0] if owners else recipient
    reply = with_text(draft, f"{decision.text}\n\n-- {decision.by}\n")
    return reply.model_copy(
        update={"recipient": recipient, "subject": f"Re: {draft.subject}"}
    )


def _step_owners(database: Database, draft: NudgeDraft) -> list[Assignee]:
    with database.session() as session:
        run = session.get(RunRow, draft.run_id)
        step_run = session.get(StepRunRow, draft.step_run_ids[0])
        documents = run.roles.get(step_run.owner_role or "", [])
    return [Assignee.model_validate(document) for document in documents]
