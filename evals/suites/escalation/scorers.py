"""Checks of the sweep's escalation decision at `now` against a case.

- `decision`: escalate now or not, right or wrong (every case).
- `precision`: counted on cases where the engine escalated; right when the case
  expects an escalation. Pooled over a slice it is the precision of escalations.
- `recall`: counted on cases that expect an escalation; right when the engine
  escalated. Pooled, the recall of escalations.
- `target_role` and `target_person`: on cases where both escalate, the roles and
  the people escalated to are exactly the expected ones.
"""

from __future__ import annotations

from evals.scoring import Check
from evals.suites.escalation.cases import EscalationCase
from evals.suites.escalation.timeline import SweepAtNow

METRICS = ("decision", "precision", "recall", "target_role", "target_person")


def score_escalation(case: EscalationCase, answer: SweepAtNow) -> list[Check]:
    """Every check of one case; see the module docstring."""
    want = case.expected.escalate
    got = bool(answer.escalations)
    checks = [_check("decision", "escalate now", _say(want), _say(got), want == got)]
    if got:
        checks.append(_check("precision", "escalated", "expected", _say(want), want))
    if want:
        checks.append(
            _check("recall", "expected escalation", "escalated", _say(got), got)
        )
    if want and got:
        checks += _targets(case, answer)
    return checks


def _targets(case: EscalationCase, answer: SweepAtNow) -> list[Check]:
    roles = sorted({e.to_role or "-" for e in answer.escalations})
    people = sorted({p.lower() for e in answer.escalations for p in e.to})
    want_roles = sorted(set(case.expected.to_roles))
    want_people = sorted({p.lower() for p in case.expected.to})
    return [
        _check(
            "target_role", "escalated to roles", want_roles, roles, roles == want_roles
        ),
        _check(
            "target_person",
            "escalated to people",
            want_people,
            people,
            people == want_people,
        ),
    ]


def _say(escalate: bool) -> str:
    return "escalate" if escalate else "no escalation"


def _check(metric: str, subject: str, expected, actual, ok: bool) -> Check:
    return Check(
        metric=metric,
        subject=subject,
        expected=str(expected),
        actual=str(actual),
        ok=ok,
    )
