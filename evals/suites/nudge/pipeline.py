"""The nudge stage's offline path, run on one case without a database.

It composes the product's public pieces in the order `agents.nudge.stage`
composes them: the sweep's due items (`tools.runs.due_items.due_items`, which
picks the recipients), the offline drafter with magic links for customer actions,
the policy (`check_draft`), digests of what may go out unapproved, then the cap and
quiet hours (`send_after`). It mirrors the stage rather than calling it because the
stage reads its context from the database; the better design is a stage whose
draft/check/digest/time steps are one public function over a `BatchContext`,
which this suite would then call directly.
"""

from __future__ import annotations

from datetime import datetime
from types import SimpleNamespace

from pydantic import BaseModel

from agents.nudge.context import StepBrief
from agents.nudge.offline import draft_digest, draft_nudge
from domain.due_work import DueWork
from domain.nudge_policy import (
    DeliveryRules,
    InternalFacts,
    Outcome,
    Verdict,
    check_draft,
    group_digests,
    send_after,
)
from domain.nudges import NudgeDraft, recipient_zone
from domain.run_marks import Mark, MarkKind
from domain.runs import Assignee
from domain.workflow import Side
from evals.suites.nudge.cases import NudgeCase, OwedStep
from tools.magic_links import InMemoryLinkLedger, MagicLinks
from tools.runs.due_items import RunFacts, due_items

RUN_ID = "run-eval"
LINK_SECRET = "Qm7vT2xL9pR4wZ8nK3cY6hB1jF5dG0sA-evalonly"  # signs nothing real
LINK_BASE = "https://links.csops.test/l"
RULES = DeliveryRules()


class Message(BaseModel):
    """One message the stage produced, and where it went."""

    draft: NudgeDraft
    route: str = "outbox"
    not_before: datetime | None = None
    reasons: list[str] = []


def run_stage(case: NudgeCase) -> list[Message]:
    """Every message the nudge stage would produce for the case at `case.now`."""
    links = MagicLinks(
        LINK_SECRET,
        base_url=LINK_BASE,
        ledger=InMemoryLinkLedger(),
        clock=lambda: case.now,
    )
    outgoing: list[NudgeDraft] = []
    held: list[Message] = []
    for step in case.steps:
        for item in due_items(_row(step, case), _run(case), [_mark(step, case)]):
            for person in item.recipients:
                draft = draft_nudge(
                    item, person, _brief(case, step), _link(item, person, links)
                )
                verdict = _verdict(case, step, item, draft)
                if verdict.outcome is Outcome.send and not verdict.needs_approval:
                    outgoing.append(draft)
                elif verdict.outcome is not Outcome.drop:
                    held.append(_held(draft, verdict))
    return _timed(case, outgoing) + held


def _verdict(case: NudgeCase, step: OwedStep, item: DueWork, draft) -> Verdict:
    return check_draft(
        draft,
        facts=_facts(case),
        step_status=step.status,
        now=case.now,
        zone=recipient_zone(draft.recipient, item.time_zone),
        sent_today=0,  # as the stage: the cap is applied to outgoing mail in _timed
        rules=RULES,
    )


def _held(draft: NudgeDraft, verdict: Verdict) -> Message:
    route = "blocked" if verdict.outcome is Outcome.block else "approval"
    return Message(
        draft=draft, route=route, not_before=verdict.not_before, reasons=verdict.reasons
    )


def _timed(case: NudgeCase, outgoing: list[NudgeDraft]) -> list[Message]:
    """Digests per person, then quiet hours and the daily cap, as the stage does."""
    sent = case.sent_today
    messages = []
    for group in group_digests(outgoing):
        window = case.now.date().isoformat()
        draft = group[0] if len(group) == 1 else draft_digest(group, window)
        zone = recipient_zone(draft.recipient, case.calendar_zone)
        later = send_after(case.now, zone, sent, RULES)
        sent += 1
        messages.append(Message(draft=draft, not_before=later))
    return messages


def _run(case: NudgeCase) -> RunFacts:
    people = {
        role: [_assignee(role, person) for person in persons]
        for role, persons in case.people.items()
    }
    return RunFacts(
        run_id=RUN_ID,
        workflow_ref="eval@1",
        account_id=1,
        account_name=case.account.name,
        people=people,
    )


def _assignee(role: str, person) -> Assignee:
    source = "team" if person.side is Side.internal else "contact"
    return Assignee(
        role_id=role,
        name=person.name,
        email=person.email,
        time_zone=person.time_zone,
        side=person.side,
        source=f"{source}:{role}",
    )


def _row(step: OwedStep, case: NudgeCase) -> SimpleNamespace:
    """The step_runs columns `due_items` reads."""
    return SimpleNamespace(
        id=f"sr-{step.step_id}",
        step_id=step.step_id,
        title=step.title,
        owner_role=step.owner_role,
        due_at=step.due_at,
        time_zone=case.calendar_zone,
        customer_facing=step.customer_facing,
        customer_action=step.customer_action.value if step.customer_action else None,
    )


def _mark(step: OwedStep, case: NudgeCase) -> Mark:
    kind = MarkKind(step.mark)
    key = "reminder_half" if kind is MarkKind.reminder else kind.value
    return Mark(key=key, kind=kind, at=case.now)


def _brief(case: NudgeCase, step: OwedStep) -> StepBrief:
    return StepBrief(
        workflow_name=case.workflow,
        instructions=step.instructions,
        required_inputs=step.required_inputs,
        why=f"it completes {case.workflow.lower()}",
    )


def _facts(case: NudgeCase) -> InternalFacts:
    account = case.account
    return InternalFacts(
        amounts=[a for a in (account.arr, account.mrr) if a],
        health_score=account.health_score,
        notes=account.notes,
        other_accounts=account.other_accounts,
    )


def _link(item: DueWork, person: Assignee, links: MagicLinks) -> str | None:
    """A magic link exactly when the stage issues one (`agents.nudge.stage._link`)."""
    if not (
        person.side is Side.external
        and item.customer_facing
        and item.customer_action
        and person.email
    ):
        return None
    _, url = links.issue_link(
        step_run_id=item.step_run_id,
        recipient=person.email,
        action=item.customer_action,
    )
    return url
