"""What a scorer produces: checks, the ratios they add up to, and "could not score".

A suite's scorer compares one case's expected facts with what the system produced
and emits a flat list of `Check`s, each belonging to one metric. A metric's value is
the share of its checks that passed, so a case contributes to a metric only where
the case states something that metric can check (no handoff expected: no handoff
check). The same checks are the per-case diff the HTML report shows.

"Could not score" is not "wrong": a malformed case, an engine that raised or a
missing recording says nothing about quality. Those cases carry a reason and are
counted apart from the scored ones.
"""

from __future__ import annotations

from collections.abc import Iterable

from pydantic import BaseModel, Field

PASS_THRESHOLD = 0.8
GATE_PREFIX = "gate_"
"""Metrics named `gate_*` are hard gates: one failed check fails the case."""


class CouldNotScore(Exception):
    """A case could not be scored; `reason` says why, for the report.

    Raise it from a solver or a mode when the failure is the harness's or the
    environment's (no recording, engine import failed), not the system's answer.
    """

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class Check(BaseModel):
    """One expected fact compared with what the system produced."""

    metric: str = Field(description="The metric this check counts towards.")
    subject: str = Field(description="What is checked, e.g. a step name.")
    expected: str
    actual: str
    ok: bool


class Ratio(BaseModel):
    """Passed checks over checks; `value` is None when nothing was checked."""

    hits: float = 0
    total: float = 0

    @property
    def value(self) -> float | None:
        return self.hits / self.total if self.total else None

    def __add__(self, other: Ratio) -> Ratio:
        return Ratio(hits=self.hits + other.hits, total=self.total + other.total)


def ratios(checks: Iterable[Check]) -> dict[str, Ratio]:
    """Each metric's passed checks over its checks, in first-seen metric order."""
    totals: dict[str, Ratio] = {}
    for check in checks:
        totals[check.metric] = totals.get(check.metric, Ratio()) + Ratio(
            hits=float(check.ok), total=1
        )
    return totals


def case_score(metrics: dict[str, Ratio]) -> float | None:
    """The mean of a case's metric values: what decides whether the case passed."""
    values = [r.value for r in metrics.values() if r.value is not None]
    return sum(values) / len(values) if values else None


def passed(metrics: dict[str, Ratio]) -> bool:
    """A case passes when its mean metric value reaches `PASS_THRESHOLD` and every
    hard gate (`gate_*` metric) holds."""
    if any(gate_failed(name, ratio) for name, ratio in metrics.items()):
        return False
    score = case_score(metrics)
    return score is not None and score >= PASS_THRESHOLD


def gate_failed(metric: str, ratio: Ratio) -> bool:
    """True when `metric` is a hard gate and one of its checks failed."""
    return metric.startswith(GATE_PREFIX) and ratio.hits < ratio.total
