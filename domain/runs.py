"""Workflow runs: the states a run and its step runs move through, and who owns them.

A run is one published workflow version executing for one account. Each step of the
workflow becomes a step run that starts `pending`, turns `ready` when the steps it
depends on are `done`, may wait on an external party (`waiting_external`, the SLA
clock paused when the workflow says so) and ends `done`, or `cancelled` with its run.
Every move is checked here and recorded by the store as an event row.

Roles resolve to people when the run starts: vendor-side roles from the account
team, customer-side roles from the contacts (`ROLE_SOURCES`). A role nobody fills is
a finding for the CS manager, never a silent skip.

Errors::

    RunRuleError (ValueError)
    └── StepTransitionError   a step run asked to move where it cannot go
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from domain.accounts import Contact, TeamMember
from domain.workflow import CompletionRule, Side


class RunStatus(StrEnum):
    open = "open"
    completed = "completed"
    cancelled = "cancelled"


class StepStatus(StrEnum):
    pending = "pending"
    ready = "ready"
    waiting_external = "waiting_external"
    done = "done"
    cancelled = "cancelled"


ACTIVE_STEP_STATUSES = (StepStatus.ready, StepStatus.waiting_external)

STEP_TRANSITIONS: Mapping[StepStatus, frozenset[StepStatus]] = {
    StepStatus.pending: frozenset({StepStatus.ready, StepStatus.cancelled}),
    StepStatus.ready: frozenset(
        {StepStatus.waiting_external, StepStatus.done, StepStatus.cancelled}
    ),
    StepStatus.waiting_external: frozenset(
        {StepStatus.ready, StepStatus.done, StepStatus.cancelled}
    ),
    StepStatus.done: frozenset(),
    StepStatus.cancelled: frozenset(),
}


class EventKind(StrEnum):
    """What a run event row records."""

    run_started = "run_started"
    trigger_fired = "trigger_fired"
    role_resolved = "role_resolved"
    role_unresolved = "role_unresolved"
    step_ready = "step_ready"
    anchor_missing = "anchor_missing"
    step_waiting_external = "step_waiting_external"
    step_resumed = "step_resumed"
    step_completion = "step_completion"
    step_done = "step_done"
    run_completed = "run_completed"
    due = "due"
    sla_extended = "sla_extended"
    role_fallback = "role_fallback"
    role_assigned = "role_assigned"


class RunRuleError(ValueError):
    """A run or step run was asked to break a rule; the message names the fix."""


class StepTransitionError(RunRuleError):
    """A step run cannot move from `current` to `target`."""

    def __init__(self, step_id: str, current: StepStatus, target: StepStatus) -> None:
        self.step_id = step_id
        self.current = current
        self.target = target
        if current is StepStatus.done:
            message = f"step {step_id!r} is already done; nothing to do"
        else:
            message = (
                f"step {step_id!r} is {current.value} and cannot become "
                f"{target.value}; "
                + _TRANSITION_FIXES.get(current, "check `csops run show RUN`")
            )
        super().__init__(message)


_TRANSITION_FIXES = {
    StepStatus.pending: "complete the steps it depends on first",
    StepStatus.cancelled: "its run was cancelled; start a new run",
    StepStatus.ready: "mark it waiting on the customer before resuming it",
}


def check_step_transition(step_id: str, current: str, target: StepStatus) -> None:
    """Raise StepTransitionError unless `current` may move to `target`."""
    status = StepStatus(current)
    if target not in STEP_TRANSITIONS[status]:
        raise StepTransitionError(step_id, status, target)


def newly_ready(
    depends_on: Mapping[str, Sequence[str]], statuses: Mapping[str, str]
) -> list[str]:
    """Pending steps whose dependencies are all done, in workflow order."""
    return [
        step_id
        for step_id, needs in depends_on.items()
        if statuses[step_id] == StepStatus.pending
        and all(statuses.get(need) == StepStatus.done for need in needs)
    ]


class Assignee(BaseModel):
    """The person behind a role in one run, and where csops found them."""

    model_config = ConfigDict(frozen=True)

    role_id: str
    name: str
    email: str | None = None
    time_zone: str | None = Field(default=None, description="IANA name, if known.")
    side: Side
    source: str = Field(description="e.g. 'team:csm', 'contact:champion'.")

    def answers_to(self, who: str) -> bool:
        """True when `who` (an email or a name) names this person."""
        key = who.strip().lower()
        return key in {(self.email or "").lower(), self.name.lower()}


def completion_satisfied(
    rule: CompletionRule, owners: Sequence[Assignee], completed_by: Iterable[str]
) -> bool:
    """Whether a step's completions finish it under its completion rule.

    `any`: one completion. `all`: every person resolved to the owner role has
    completed; a role with nobody behind it finishes on the first completion.
    """
    done_by = list(completed_by)
    if rule is CompletionRule.any or not owners:
        return bool(done_by)
    return all(any(owner.answers_to(who) for who in done_by) for owner in owners)


# Where each role id finds its people, tried in order. `team:X` is the account-team
# seat X, `contact:X` a customer contact in role X, `manager_of:X` the line manager
# of the team member in seat X. Ids are the journey lexicon's (agents/journey).
ROLE_SOURCES: Mapping[str, tuple[str, ...]] = {
    "ae": ("team:ae",),
    "account_manager": ("team:ae",),
    "sales": ("team:ae",),
    "se": ("team:se",),
    "solutions_consultant": ("team:se",),
    "csm": ("team:csm",),
    "cs_manager": ("team:cs_manager", "manager_of:csm"),
    "sales_manager": ("manager_of:ae",),
    "exec_owner": ("team:exec_owner",),
    "vp_cs": ("team:exec_owner",),
    "vp_sales": ("team:exec_owner",),
    "champion": ("contact:champion",),
    "exec_sponsor": ("contact:exec_sponsor",),
    "admin": ("contact:admin",),
    "it": ("contact:admin",),
    "billing": ("contact:billing",),
    "billing_contact": ("contact:billing",),
    "customer": ("contact:champion", "contact:admin"),
    # Nobody sits in an implementation seat on the account team: the SE does the
    # work, else the CSM; using the fallback is recorded as a finding.
    "onboarding_specialist": ("team:se", "team:csm"),
    "implementation": ("team:se", "team:csm"),
    "implementation_team": ("team:se", "team:csm"),
    "implementation_consultant": ("team:se", "team:csm"),
}
FALLBACK_ROLES = frozenset(
    {
        "onboarding_specialist",
        "implementation",
        "implementation_team",
        "implementation_consultant",
    }
)
"""Roles filled from a seat named differently: who filled them is a finding."""
FINDINGS_ROLE = "cs_manager"
"""Who hears about a role nobody fills."""


class RoleResolution(BaseModel):
    """The people behind each role of a run, and the roles nobody fills."""

    assignments: dict[str, list[Assignee]]
    unresolved: dict[str, str] = Field(
        description="Role id -> why nobody was found, for the finding event."
    )


def resolve_roles(
    role_ids: Iterable[str],
    team: Sequence[TeamMember],
    contacts: Sequence[Contact],
) -> RoleResolution:
    """Resolve each role id to people by ROLE_SOURCES; list the empty ones."""
    assignments: dict[str, list[Assignee]] = {}
    unresolved: dict[str, str] = {}
    for role_id in dict.fromkeys(role_ids):
        people = resolve_role(role_id, team, contacts)
        assignments[role_id] = people
        if not people:
            unresolved[role_id] = _why_unresolved(role_id)
    return RoleResolution(assignments=assignments, unresolved=unresolved)


def resolve_role(
    role_id: str, team: Sequence[TeamMember], contacts: Sequence[Contact]
) -> list[Assignee]:
    """The people behind one role: the first source in ROLE_SOURCES that has any."""
    for source in ROLE_SOURCES.get(role_id, ()):
        kind, _, seat = source.partition(":")
        if kind == "team":
            found = [_member(role_id, m, source) for m in team if m.role == seat]
        elif kind == "manager_of":
            found = [_manager(role_id, m, source) for m in team if m.role == seat]
            found = [person for person in found if person is not None]
        else:
            found = [_contact(role_id, c, source) for c in contacts if c.role == seat]
        if found:
            return found
    return []


def _why_unresolved(role_id: str) -> str:
    sources = ROLE_SOURCES.get(role_id)
    if not sources:
        return (
            f"role {role_id!r} has no rule for finding its person; assign someone "
            "by hand or rename the role to one of: " + ", ".join(sorted(ROLE_SOURCES))
        )
    wanted = " or ".join(source.replace(":", " ") for source in sources)
    return f"the account has no {wanted}; add one to the account team or contacts"


def _member(role_id: str, member: TeamMember, source: str) -> Assignee:
    return Assignee(
        role_id=role_id,
        name=member.name,
        email=member.email,
        time_zone=member.time_zone,
        side=Side.internal,
        source=source,
    )


def _manager(role_id: str, member: TeamMember, source: str) -> Assignee | None:
    if not member.manager_name:
        return None
    # The manager's own time zone is not on the team row; theirs is the team's.
    return Assignee(
        role_id=role_id,
        name=member.manager_name,
        email=member.manager_email,
        time_zone=member.time_zone,
        side=Side.internal,
        source=source,
    )


def _contact(role_id: str, contact: Contact, source: str) -> Assignee:
    return Assignee(
        role_id=role_id,
        name=contact.name,
        email=contact.email,
        time_zone=contact.time_zone,
        side=Side.external,
        source=source,
    )
