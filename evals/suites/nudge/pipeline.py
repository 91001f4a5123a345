"""The nudge stage's offline path, run on one case without a database.

It composes the product's public pieces in the order `agents.nudge.stage`
composes them: the sweep's due items (`tools.runs.due_items.due_items`, which
picks the recipients), the offline drafter with magic links for customer actions,
the policy (`check_draft`), then the stage's own digests, daily cap and quiet hours
(`agents.nudge.plan.plan_messages`, called as the stage calls it). Drafting and
checking are still mirrored, because the stage reads its context from the
database; the better design is a stage whose draft/check steps are one public
function over a `BatchContext`, which this suite would then call directly.
"""

from __future__ import annotations

from datetime import datetime
from types import SimpleNamespace

from pydantic import BaseModel

from agents.nudge.context import StepBrief
from agents.nudge.offline import draft_nudge
from agents.nudge.plan import Checked, Planned, plan_messages
from domain.due_work import DueWork
from domain.nudge_policy import DeliveryRules, InternalFacts, check_draft
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
    checked = [
        _checked(case, step, item, person, links)
        for step in case.steps
        for item in due_items(_row(step, case), _run(case), [_mark(step, case)])
        for person in item.recipients
    ]
    sent = {entry.draft.address.lower(): case.sent_today for entry in checked}
    planned = plan_messages(
        checked,
        now=case.now,
        sent_today=sent,
        rules=RULES,
        window=case.now.date().isoformat(),
    )
    return [_message(p) for p in planned]


def _checked(case: NudgeCase, step: OwedStep, item: DueWork, person, links):
    draft = draft_nudge(item, person, _brief(case, step), _link(item, person, links))
    zone = recipient_zone(draft.recipient, item.time_zone)
    verdict = check_draft(
        draft,
        facts=_facts(case),
        step_status=step.status,
        now=case.now,
        zone=zone,
        sent_today=0,  # as the stage: plan_messages applies the cap per message
        rules=RULES,
    )
    return Checked(draft, verdict, zone)


def _message(planned: Planned) -> Message:
    return Message(
        draft=planned.draft,
        route=planned.route.value,
        not_before=planned.not_before,
        reasons=planned.reasons,
    )


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
