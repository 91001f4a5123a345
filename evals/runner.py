"""Run suites: every case of every split, attempts in parallel, nothing fatal.

A case that cannot be loaded, an engine that raises and a recording that is missing
all end as a `CaseResult` with status `could_not_score` and a reason; the run always
finishes and reports. Attempts run on a thread pool: the designer's model calls
wait on the network, and the offline engine is quick enough that the pool's cost
does not matter.
"""

from __future__ import annotations

import logging
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from evals.cases import Case, Dataset, MalformedCase, load_dataset
from evals.manifest import new_manifest
from evals.modes.access import Mode, ModelAccess
from evals.modes.recordings import RECORDINGS_DIR
from evals.modes.select import model_access
from evals.results import CaseResult, RunResult
from evals.scoring import CouldNotScore, case_score, passed, ratios
from evals.suite import Suite
from tools.settings import Settings

logger = logging.getLogger(__name__)

DEFAULT_WORKERS = 8


@dataclass(frozen=True)
class RunPlan:
    """What to run and how."""

    suites: list[Suite]
    mode: Mode = "offline"
    repeat: int = 1
    workers: int = DEFAULT_WORKERS
    recordings_dir: Path = RECORDINGS_DIR
    splits: tuple[str, ...] | None = None
    case_ids: frozenset[str] | None = None


def run(plan: RunPlan, settings: Settings) -> RunResult:
    """Run every suite of the plan and return all attempts with the manifest.

    Raises:
        ModeUnavailableError: live or record without a configured model.
        DatasetMissingError: a suite's dataset file is missing.
    """
    if not plan.suites:
        raise ValueError("a run needs at least one suite")
    repeat = 1 if plan.mode == "replay" else plan.repeat
    started_at, clock = datetime.now(UTC), time.perf_counter()
    results: list[CaseResult] = []
    loaded: list[tuple[Suite, Dataset]] = []
    for suite in plan.suites:
        datasets = _datasets(suite, plan.splits)
        access = model_access(plan.mode, settings, suite.name, plan.recordings_dir)
        if plan.case_ids is not None:
            datasets = [_only(dataset, plan.case_ids) for dataset in datasets]
        results += _run_suite(suite, datasets, access, repeat, plan.workers)
        loaded += [(suite, dataset) for dataset in datasets]
    manifest = new_manifest(
        plan.suites,
        loaded,
        access,
        repeat=repeat,
        workers=plan.workers,
        started=started_at,
        seconds=time.perf_counter() - clock,
    )
    return RunResult(manifest=manifest, cases=results)


def _run_suite(
    suite: Suite,
    datasets: list[Dataset],
    access: ModelAccess,
    repeat: int,
    workers: int,
) -> list[CaseResult]:
    with access, ThreadPoolExecutor(max_workers=workers) as pool:
        jobs = [
            pool.submit(_attempt, suite, dataset, case, attempt, access)
            for dataset in datasets
            for case in dataset.cases
            for attempt in range(repeat)
        ]
        results = [job.result() for job in jobs]
    return results + [
        _malformed(suite, d, bad) for d in datasets for bad in d.malformed
    ]


def _datasets(suite: Suite, splits: tuple[str, ...] | None) -> list[Dataset]:
    return [
        load_dataset(path, suite.case_model, split)
        for split, path in suite.datasets.items()
        if splits is None or split in splits
    ]


def _only(dataset: Dataset, case_ids: frozenset[str]) -> Dataset:
    """The dataset cut down to the named cases (malformed lines still reported)."""
    cases = [case for case in dataset.cases if case.id in case_ids]
    return dataset.model_copy(update={"cases": cases})


def _attempt(
    suite: Suite, dataset: Dataset, case: Case, attempt: int, access: ModelAccess
) -> CaseResult:
    """One attempt, scored, or unscored with the reason."""
    base = _base(suite, dataset, case, attempt)
    started = time.perf_counter()
    try:
        output, usage = _solve(suite, case, attempt, access)
        checks = suite.score(case, output)
    except CouldNotScore as unscored:
        return CaseResult(**base, status="could_not_score", reason=unscored.reason)
    except Exception as error:  # the engine's failure is a result, not a crash
        logger.debug("case %s raised", case.id, exc_info=True)
        reason = f"the engine raised {type(error).__name__}: {error}"
        return CaseResult(**base, status="could_not_score", reason=reason[:500])
    metrics = ratios(checks)
    return CaseResult(
        **base,
        status="scored",
        metrics=metrics,
        score=case_score(metrics),
        passed=passed(metrics),
        checks=checks,
        output=suite.summarize(output),
        usage=usage,
        seconds=round(time.perf_counter() - started, 4),
    )


def _solve(suite: Suite, case: Case, attempt: int, access: ModelAccess):
    call = access.open(case.id, attempt)
    try:
        output = suite.solve(case, call)
    finally:
        # A replay problem found here replaces whatever the solver raised: it is
        # the cause (the designer only saw a refused request).
        access.close(call)
    return output, call.usage


def _base(suite: Suite, dataset: Dataset, case: Case, attempt: int) -> dict:
    return {
        "suite": suite.name,
        "split": dataset.split,
        "dataset": dataset.name,
        "case_id": case.id,
        "tags": case.tags,
        "attempt": attempt,
        "case_text": suite.case_text(case),
    }


def _malformed(suite: Suite, dataset: Dataset, bad: MalformedCase) -> CaseResult:
    return CaseResult(
        suite=suite.name,
        split=dataset.split,
        dataset=dataset.name,
        case_id=bad.case_id or f"{dataset.name}:{bad.line}",
        tags=["malformed"],
        status="could_not_score",
        reason=f"malformed case at {dataset.name} line {bad.line}: {bad.reason}",
    )
