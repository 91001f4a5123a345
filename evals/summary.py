"""Per-slice figures of a run: metric values, pass rates, pass@k, could-not-score.

A slice is every attempt of a suite's split (`all`) or those carrying one tag
(`journey:renewal`). Metric values are pooled over the slice's checks (micro
averages), so a case with many steps weighs more than a two-step one; unscored
attempts are left out of the metrics and counted on their own.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from pydantic import BaseModel, Field

from evals.results import CaseResult, RunResult
from evals.scoring import Ratio
from evals.stats import pass_at_k, wilson_interval

ALL = "all"


class SliceSummary(BaseModel):
    suite: str
    split: str
    slice: str
    cases: int = Field(description="Distinct cases in the slice.")
    attempts: int
    scored: int
    could_not_score: int
    metrics: dict[str, float | None]
    pass_rate: float | None
    pass_interval: tuple[float, float] | None = Field(
        description="95% Wilson interval of the pass rate over scored attempts."
    )
    pass_at: dict[int, float] = Field(
        default_factory=dict, description="k -> mean pass@k over the slice's cases."
    )

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.suite, self.split, self.slice)


def summarize(run: RunResult) -> list[SliceSummary]:
    """Summaries per suite and split: `all` first, then each tag in name order."""
    groups: dict[tuple[str, str], list[CaseResult]] = defaultdict(list)
    for case in run.cases:
        groups[(case.suite, case.split)].append(case)
    summaries = []
    for (suite, split), cases in groups.items():
        tags = sorted({tag for case in cases for tag in case.tags})
        summaries.append(_slice(suite, split, ALL, cases, run.manifest.repeat))
        for tag in tags:
            tagged = [case for case in cases if tag in case.tags]
            summaries.append(_slice(suite, split, tag, tagged, run.manifest.repeat))
    return summaries


def _slice(
    suite: str, split: str, name: str, cases: list[CaseResult], repeat: int
) -> SliceSummary:
    scored = [case for case in cases if case.status == "scored"]
    passes = sum(bool(case.passed) for case in scored)
    return SliceSummary(
        suite=suite,
        split=split,
        slice=name,
        cases=len({case.case_id for case in cases}),
        attempts=len(cases),
        scored=len(scored),
        could_not_score=len(cases) - len(scored),
        metrics=pooled_metrics(scored),
        pass_rate=passes / len(scored) if scored else None,
        pass_interval=wilson_interval(passes, len(scored)) if scored else None,
        pass_at=_pass_at(scored, repeat),
    )


def pooled_metrics(cases: Iterable[CaseResult]) -> dict[str, float | None]:
    """Each metric's passed checks over its checks, across the cases."""
    pooled: dict[str, Ratio] = {}
    for case in cases:
        for metric, ratio in case.metrics.items():
            pooled[metric] = pooled.get(metric, Ratio()) + ratio
    return {metric: ratio.value for metric, ratio in pooled.items()}


def _pass_at(scored: list[CaseResult], repeat: int) -> dict[int, float]:
    """Mean pass@1 and pass@repeat over cases with every attempt scored."""
    by_case: dict[str, list[bool]] = defaultdict(list)
    for case in scored:
        by_case[case.case_id].append(bool(case.passed))
    complete = [runs for runs in by_case.values() if len(runs) >= repeat]
    if not complete:
        return {}
    ks = sorted({1, repeat})
    return {
        k: sum(pass_at_k(len(runs), sum(runs), k) for runs in complete) / len(complete)
        for k in ks
    }
