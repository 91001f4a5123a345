"""Putting a person behind a role on an open run (`csops run assign`).

A role the account team does not fill (or fills with the wrong person) is staffed
by hand: the person is a vendor person from the directory or one of the account's
contacts, named by email or exact name. The role's open steps are re-planned, so
the new owner gets the step's `assigned` nudge on the next sweep, and the change
is an event on the run's timeline.
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session

from domain.runs import ACTIVE_STEP_STATUSES, Assignee, EventKind, RunRuleError
from domain.workflow import Side
from tools.accounts.book import PersonRow
from tools.accounts.repository import get_contacts
from tools.db import Database
from tools.runs.clocks import NO_DEFAULTS, RunDefaults, load_context, replan
from tools.runs.events import record_event
from tools.runs.tables import StepRunRow

_ASSIGNED_MARK = "assigned"


class UnknownPerson(LookupError):
    """Nobody in the directory or the account's contacts has that email or name."""

    def __init__(self, person: str) -> None:
        self.person = person
        super().__init__(
            f"no person {person!r} in the directory or the account's contacts; "
            "use their email, or add them with `csops import`"
        )


def assign_role(
    database: Database,
    run_id: str,
    role: str,
    person: str,
    *,
    by: str,
    now: datetime,
    defaults: RunDefaults = NO_DEFAULTS,
) -> Assignee:
    """Fill `role` on an open run with `person`; re-plan the role's open steps.

    Raises:
        UnknownRun: no such run.
        RunRuleError: the run is not open.
        UnknownPerson: `person` names nobody csops knows.
    """
    with database.session() as session:
        context = load_context(session, run_id, defaults)
        run = context.run
        if run.status != "open":
            raise RunRuleError(f"run {run_id} is {run.status}; only an open run moves")
        assignee = _find(session, run.account_id, role, person)
        run.roles = {**run.roles, role: [assignee.model_dump(mode="json")]}
        steps = _open_steps(session, run_id, role)
        for row in steps:
            row.fired = [key for key in row.fired if key != _ASSIGNED_MARK]
            replan(context, row)
            row.revision += 1
        reason = f"role {role} -> {assignee.name} (assigned by {by})"
        data = {"role_id": role, "person": assignee.email or assignee.name}
        data["replanned"] = [row.step_id for row in steps]
        record_event(
            session,
            run_id,
            EventKind.role_assigned,
            at=now,
            actor=by,
            reason=reason,
            data=data,
        )
        return assignee


def _find(session: Session, account_id: int, role: str, person: str) -> Assignee:
    key = person.strip().lower()
    query = sa.select(PersonRow).where(
        sa.or_(
            sa.func.lower(PersonRow.email) == key, sa.func.lower(PersonRow.name) == key
        )
    )
    found = session.scalars(query.limit(1)).first()
    if found is not None:
        return Assignee(
            role_id=role,
            name=found.name,
            email=found.email,
            time_zone=found.time_zone,
            side=Side.internal,
            source="assigned",
        )
    for contact in get_contacts(session, account_id):
        if key in {(contact.email or "").lower(), contact.name.lower()}:
            return Assignee(
                role_id=role,
                name=contact.name,
                email=contact.email,
                time_zone=contact.time_zone,
                side=Side.external,
                source="assigned",
            )
    raise UnknownPerson(person)


def _open_steps(session: Session, run_id: str, role: str) -> list[StepRunRow]:
    query = sa.select(StepRunRow).where(
        StepRunRow.run_id == run_id,
        StepRunRow.owner_role == role,
        StepRunRow.status.in_([s.value for s in ACTIVE_STEP_STATUSES]),
    )
    return list(session.scalars(query))
