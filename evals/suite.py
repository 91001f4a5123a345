"""What a suite is, and the registry the runner picks suites from.

A suite names its datasets (one per split: `core`, which the offline engine may be
tuned on, and `heldout`, which it must not be), the pydantic model of its cases, a
solver that runs the system under test on one case, a scorer that turns the answer
into checks, and the text whose hash identifies its prompts. The brief, nudge,
escalation and trajectory suites plug in by adding a `Suite` to `SUITES`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from evals.cases import Case
from evals.modes.access import CaseCall
from evals.scoring import Check

DATASETS_DIR = Path(__file__).parent / "datasets"

Solver = Callable[[Any, CaseCall], Any]
Scorer = Callable[[Any, Any], list[Check]]


@dataclass(frozen=True)
class Suite:
    """One evaluation suite.

    Attributes:
        name: the `--suite` name.
        case_model: the pydantic model of one dataset line.
        datasets: split name -> dataset file.
        solve: runs the system on a case with the mode's model access; returns the
            answer, or raises `CouldNotScore` when the harness, not the system, failed.
        score: the checks of one answer against its case.
        summarize: a small JSON-able view of an answer for the reports.
        case_text: what the case gives the system, shown beside its checks.
        prompt_text: everything the model reads besides the case (system prompt,
            output schema), hashed into the run manifest.
        metrics: the metric names, in report column order.
    """

    name: str
    case_model: type[Case]
    datasets: dict[str, Path]
    solve: Solver
    score: Scorer
    summarize: Callable[[Any], dict[str, Any]]
    case_text: Callable[[Any], str]
    prompt_text: Callable[[], str]
    metrics: tuple[str, ...] = field(default=())

    def prompt_sha256(self) -> str:
        return hashlib.sha256(self.prompt_text().encode()).hexdigest()


class UnknownSuiteError(KeyError):
    """`--suite` names no registered suite."""


def registered_suites() -> dict[str, Suite]:
    """Every suite, by name; imported here so a broken suite breaks only its runs."""
    from evals.suites.brief.suite import BRIEF_SUITE
    from evals.suites.design.suite import DESIGN_SUITE
    from evals.suites.escalation.suite import ESCALATION_SUITE
    from evals.suites.nudge.suite import NUDGE_SUITE
    from evals.suites.trajectory.suite import TRAJECTORY_SUITE

    suites = (
        DESIGN_SUITE,
        BRIEF_SUITE,
        TRAJECTORY_SUITE,
        NUDGE_SUITE,
        ESCALATION_SUITE,
    )
    return {suite.name: suite for suite in suites}


def get_suite(name: str) -> Suite:
    """The suite called `name`.

    Raises:
        UnknownSuiteError: no suite has that name; the message lists the known ones.
    """
    suites = registered_suites()
    if name not in suites:
        known = ", ".join(sorted(suites))
        raise UnknownSuiteError(f"no suite '{name}'; known suites: {known}")
    return suites[name]
