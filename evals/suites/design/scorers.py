"""Design scorers: a drafted workflow checked against the facts its description states.

Metrics (each the share of its checks that pass):

- step_recall: required expected steps with a produced step paired to them.
- step_precision: produced steps paired to an expected (or optional) step; steps a
  template added that the description never asked for count against it.
- owner_accuracy, sla_accuracy, escalation_accuracy: over the paired steps only, so
  a missing step costs recall once rather than every metric.
- handoff_completeness: each side of each expected handoff, found at the paired
  step or, failing that, at any step.
- trigger_accuracy: the trigger kind and every parameter the description gives.
- lint_clean: no blocking lint finding.
- provenance_accuracy: stated facts marked `stated`, everything else `assumed`.
- conflict_flagged: for self-contradicting descriptions, a question says so.
"""

from __future__ import annotations

import re

from domain.design import DesignResult
from domain.workflow import Duration, Step, Trigger, Workflow
from evals.scoring import Check
from evals.suites.design.cases import (
    DesignCase,
    ExpectedHandoff,
    ExpectedStep,
    ExpectedTrigger,
)
from evals.suites.design.matching import match_steps
from evals.suites.design.provenance import provenance_checks
from evals.suites.design.roles import canonical_role

METRICS = (
    "step_recall",
    "step_precision",
    "owner_accuracy",
    "sla_accuracy",
    "handoff_completeness",
    "escalation_accuracy",
    "trigger_accuracy",
    "lint_clean",
    "provenance_accuracy",
    "conflict_flagged",
)
_MISSING = "(none)"
_CONFLICT_WORDS = re.compile(
    r"conflict|contradict|differ|inconsistent|two (?:slas|deadlines)|which (?:sla|one)",
    re.IGNORECASE,
)


def score_design(case: DesignCase, result: DesignResult) -> list[Check]:
    """Every check of every design metric for one case."""
    workflow, expected = result.workflow, case.expected.steps
    pairs = match_steps(expected, workflow.steps)
    paired = {i: workflow.steps[p] for i, p in pairs.items()}
    checks = _recall(expected, paired) + _precision(workflow, expected, pairs)
    for index, step in paired.items():
        checks += _step_facts(expected[index], step, workflow)
        checks += provenance_checks(expected[index], step)
    checks += _handoffs(expected, paired, workflow)
    checks += _trigger(case.expected.trigger, workflow.trigger)
    checks += provenance_checks(case.expected.trigger, workflow.trigger)
    checks.append(_lint(result))
    if case.expected.flags_conflict:
        checks.append(_conflict(result))
    return checks


def _recall(expected: list[ExpectedStep], paired: dict[int, Step]) -> list[Check]:
    return [
        Check(
            metric="step_recall",
            subject=step.name,
            expected=" | ".join(step.keywords),
            actual=paired[i].title if i in paired else _MISSING,
            ok=i in paired,
        )
        for i, step in enumerate(expected)
        if not step.optional
    ]


def _precision(
    workflow: Workflow, expected: list[ExpectedStep], pairs: dict[int, int]
) -> list[Check]:
    described = {produced: expected[i].name for i, produced in pairs.items()}
    return [
        Check(
            metric="step_precision",
            subject=step.title,
            expected="a step the description asks for",
            actual=described.get(pos, "(not in the description)"),
            ok=pos in described,
        )
        for pos, step in enumerate(workflow.steps)
    ]


def _step_facts(expected: ExpectedStep, step: Step, workflow: Workflow) -> list[Check]:
    checks = []
    if expected.owners:
        owner = canonical_role(step.owner, workflow)
        ok = owner in expected.owners
        actual = owner or _MISSING
        checks.append(_check("owner_accuracy", expected, expected.owners, actual, ok))
    if expected.slas:
        produced = step.sla.duration if step.sla else None
        ok = produced is not None and any(_same(produced, d) for d in expected.slas)
        actual = str(produced) if produced else _MISSING
        checks.append(_check("sla_accuracy", expected, expected.slas, actual, ok))
    targets = {canonical_role(rung.to_role, workflow) for rung in step.escalation}
    for target in expected.escalation:
        actual = ", ".join(sorted(t for t in targets if t)) or _MISSING
        checks.append(
            _check("escalation_accuracy", expected, [target], actual, target in targets)
        )
    return checks


def _check(
    metric: str, step: ExpectedStep, expected: list, actual: str, ok: bool
) -> Check:
    wanted = " or ".join(str(item) for item in expected)
    return Check(
        metric=metric, subject=step.name, expected=wanted, actual=actual, ok=ok
    )


def _same(produced: Duration, wanted: Duration) -> bool:
    """Same kind of time (business or calendar) and the same length, within 1%."""
    if produced.business != wanted.business:
        return False
    return abs(produced.working_minutes - wanted.working_minutes) <= (
        0.01 * wanted.working_minutes
    )


def _handoffs(
    expected: list[ExpectedStep], paired: dict[int, Step], workflow: Workflow
) -> list[Check]:
    checks = []
    for index, step in enumerate(expected):
        if step.handoff is None:
            continue
        sides = _handoff_sides(step.handoff, paired.get(index), workflow)
        for side, (wanted, actual) in sides.items():
            checks.append(
                Check(
                    metric="handoff_completeness",
                    subject=f"{step.name} ({side})",
                    expected=wanted,
                    actual=actual or _MISSING,
                    ok=actual == wanted,
                )
            )
    return checks


def _handoff_sides(
    wanted: ExpectedHandoff, step: Step | None, workflow: Workflow
) -> dict[str, tuple[str, str | None]]:
    """Wanted and found role per side, at the paired step or else any step."""
    found = _canonical_handoff(step, workflow) if step else (None, None)
    target = (wanted.from_role, wanted.to_role)
    if found != target:
        others = [_canonical_handoff(s, workflow) for s in workflow.steps]
        found = target if target in others else found
    return {
        "from": (wanted.from_role, found[0]),
        "to": (wanted.to_role, found[1]),
    }


def _canonical_handoff(step: Step, workflow: Workflow) -> tuple[str | None, ...]:
    if step.handoff is None:
        return (None, None)
    return (
        canonical_role(step.handoff.from_role, workflow),
        canonical_role(step.handoff.to_role, workflow),
    )


def _trigger(expected: ExpectedTrigger | None, trigger: Trigger | None) -> list[Check]:
    if expected is None:
        return []
    skip = {"provenance"}
    wanted = expected.model_dump(mode="json", exclude=skip, exclude_none=True)
    actual = (
        trigger.model_dump(mode="json", exclude=skip, exclude_none=True)
        if trigger
        else {}
    )
    ok = trigger is not None and all(
        _same_parameter(key, value, actual.get(key)) for key, value in wanted.items()
    )
    return [
        Check(
            metric="trigger_accuracy",
            subject="trigger",
            expected=_describe(wanted),
            actual=_describe(actual) if trigger else _MISSING,
            ok=ok,
        )
    ]


def _same_parameter(key: str, wanted, actual) -> bool:
    if actual is None:
        return False
    if key == "kind":
        return actual == wanted
    if key == "threshold":
        # "90%" may arrive as 90 or as 0.9.
        return any(abs(actual * scale - wanted) < 1e-6 for scale in (1, 100, 0.01))
    if isinstance(wanted, str):
        return wanted.lower() in str(actual).lower()
    return actual == wanted


def _describe(parameters: dict) -> str:
    return ", ".join(f"{key}={value}" for key, value in parameters.items())


def _lint(result: DesignResult) -> Check:
    rules = sorted({f"{f.rule}@{f.step_id or 'workflow'}" for f in result.blocking})
    return Check(
        metric="lint_clean",
        subject="lint",
        expected="no blocking finding",
        actual=", ".join(rules) or "clean",
        ok=not rules,
    )


def _conflict(result: DesignResult) -> Check:
    flagged = [
        q.question for q in result.questions if _CONFLICT_WORDS.search(q.question)
    ]
    return Check(
        metric="conflict_flagged",
        subject="conflicting SLAs",
        expected="a question names the conflict",
        actual=flagged[0] if flagged else f"{len(result.questions)} other question(s)",
        ok=bool(flagged),
    )
