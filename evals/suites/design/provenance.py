"""Stated-vs-assumed checks: did the engine say honestly where each fact came from?

What the description states must be marked `stated`; anything the engine filled in
must be marked `assumed`. A reviewer trusts `stated` to mean "you wrote this", so an
assumption passed off as stated is as wrong as a stated fact shown as a guess.
"""

from __future__ import annotations

from functools import singledispatch

from domain.workflow import Step, Trigger
from evals.scoring import Check
from evals.suites.design.cases import ExpectedStep, ExpectedTrigger

METRIC = "provenance_accuracy"
_ABSENT = "(absent)"


@singledispatch
def provenance_checks(expected, produced) -> list[Check]:
    """Provenance checks for an expected step or trigger (None: not stated)."""
    if expected is None and isinstance(produced, Trigger):
        return [_check("trigger", False, produced.provenance)]
    return []


@provenance_checks.register
def _step(expected: ExpectedStep, produced: Step) -> list[Check]:
    name = expected.name
    rungs_stated = any(r.provenance == "stated" for r in produced.escalation)
    facts: list[tuple[str, bool, str]] = [
        ("owner", bool(expected.owners), _owner(produced)),
        ("sla", bool(expected.slas), _sla(produced)),
        ("escalation", bool(expected.escalation), _rungs(produced, rungs_stated)),
        ("handoff", expected.handoff is not None, _handoff(produced)),
    ]
    return [
        _check(f"{name}: {field}", stated, actual) for field, stated, actual in facts
    ]


@provenance_checks.register
def _trigger(expected: ExpectedTrigger, produced: Trigger | None) -> list[Check]:
    if expected.provenance == "either":
        return []
    return [_check("trigger", True, produced.provenance if produced else _ABSENT)]


def _check(subject: str, stated: bool, actual: str) -> Check:
    """Stated facts must read 'stated'; unstated ones must be assumed or absent."""
    ok = actual == "stated" if stated else actual != "stated"
    return Check(
        metric=METRIC,
        subject=subject,
        expected="stated" if stated else "assumed or absent",
        actual=actual,
        ok=ok,
    )


def _owner(step: Step) -> str:
    return step.owner_provenance if step.owner else _ABSENT


def _sla(step: Step) -> str:
    return step.sla.provenance if step.sla else _ABSENT


def _rungs(step: Step, any_stated: bool) -> str:
    if not step.escalation:
        return _ABSENT
    return "stated" if any_stated else "assumed"


def _handoff(step: Step) -> str:
    return step.handoff.provenance if step.handoff else _ABSENT
