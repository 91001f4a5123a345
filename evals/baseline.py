"""Gating a run against a committed baseline, slice by slice.

The baseline (`evals/baselines/offline.json`) holds, per suite, split and slice,
each metric's value plus the pass rate and the share of attempts scored. A run
regresses when any of them falls more than `tolerance` below the baseline, or a
baseline slice is missing from the run; `csops eval run --baseline` then exits 1.
Improvements never fail a run: re-write the baseline to lock them in.
"""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import BaseModel, Field

from evals.modes.access import Mode
from evals.results import RunResult
from evals.summary import SliceSummary, summarize

BASELINES_DIR = Path(__file__).parent / "baselines"
DEFAULT_TOLERANCE = 0.02

# suite -> split -> slice -> figure -> value
Figures = dict[str, dict[str, dict[str, dict[str, float | None]]]]


class Baseline(BaseModel):
    """Committed figures a run must not fall below."""

    mode: Mode
    tolerance: float = Field(default=DEFAULT_TOLERANCE, ge=0, le=1)
    run_id: str = Field(description="The run the figures were taken from.")
    git_sha: str | None = None
    slices: Figures


class Regression(BaseModel):
    suite: str
    split: str
    slice: str
    figure: str
    baseline: float | None
    current: float | None

    def __str__(self) -> str:
        def show(value: float | None) -> str:
            return "missing" if value is None else f"{value:.1%}"

        where = f"{self.suite}/{self.split}/{self.slice} {self.figure}"
        return f"{where}: {show(self.baseline)} -> {show(self.current)}"


class BaselineError(ValueError):
    """The baseline cannot gate this run; the message says why and what to do."""


def figures(summary: SliceSummary) -> dict[str, float | None]:
    """What the baseline keeps of a slice: metrics, pass rate, scored share."""
    scored_rate = summary.scored / summary.attempts if summary.attempts else None
    return summary.metrics | {
        "pass_rate": summary.pass_rate,
        "scored_rate": scored_rate,
    }


def baseline_from_run(run: RunResult, tolerance: float = DEFAULT_TOLERANCE) -> Baseline:
    slices: Figures = {}
    for summary in summarize(run):
        by_split = slices.setdefault(summary.suite, {}).setdefault(summary.split, {})
        by_split[summary.slice] = {
            name: None if value is None else round(value, 4)
            for name, value in figures(summary).items()
        }
    manifest = run.manifest
    return Baseline(
        mode=manifest.mode,
        tolerance=tolerance,
        run_id=manifest.run_id,
        git_sha=manifest.git_sha,
        slices=slices,
    )


def load_baseline(path: Path) -> Baseline:
    """Raises BaselineError when the file is missing or not a baseline."""
    if not path.is_file():
        raise BaselineError(
            f"no baseline at {path}; write one with `csops eval run --write-baseline`"
        )
    try:
        return Baseline.model_validate(json.loads(path.read_text(encoding="utf-8")))
    except ValueError as error:
        raise BaselineError(f"{path} is not a baseline: {error}") from error


def write_baseline(baseline: Baseline, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(baseline.model_dump_json(indent=1) + "\n", encoding="utf-8")
    return path


def regressions(run: RunResult, baseline: Baseline) -> list[Regression]:
    """Every baseline figure of the run's suites that the run falls below.

    Raises:
        BaselineError: the run's mode differs from the baseline's (a replay or live
            run says nothing about the offline engine's baseline, and back).
    """
    if run.manifest.mode != baseline.mode:
        raise BaselineError(
            f"the baseline was taken in {baseline.mode} mode and this run is "
            f"{run.manifest.mode}: gate it against a {run.manifest.mode} baseline"
        )
    current = {s.key: figures(s) for s in summarize(run)}
    found = []
    for suite, splits in baseline.slices.items():
        if suite not in run.manifest.suites:
            continue
        for split, slices in splits.items():
            for name, wanted in slices.items():
                now = current.get((suite, split, name))
                found += _slice_regressions(
                    (suite, split, name), wanted, now, baseline.tolerance
                )
    return found


def _slice_regressions(
    key: tuple[str, str, str],
    wanted: dict[str, float | None],
    now: dict[str, float | None] | None,
    tolerance: float,
) -> list[Regression]:
    suite, split, name = key
    if now is None:
        return [
            Regression(
                suite=suite,
                split=split,
                slice=name,
                figure="(slice)",
                baseline=1.0,
                current=None,
            )
        ]
    return [
        Regression(
            suite=suite,
            split=split,
            slice=name,
            figure=figure,
            baseline=value,
            current=now.get(figure),
        )
        for figure, value in wanted.items()
        if value is not None
        and (now.get(figure) is None or now[figure] < value - tolerance)
    ]
