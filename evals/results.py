"""What a run produces: per-attempt case results and the manifest that pins the run.

`run.json` in the output directory is a `RunResult`; `csops eval compare` and the
baseline gate read it back, so its shape is the contract between runs.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, Field

from evals.modes.access import Mode
from evals.modes.usage import Usage
from evals.scoring import Check, Ratio

Status = Literal["scored", "could_not_score"]


class CaseResult(BaseModel):
    """One attempt at one case: its checks and metrics, or why it went unscored."""

    suite: str
    split: str
    dataset: str
    case_id: str
    tags: list[str] = Field(default_factory=list)
    attempt: int = 0
    case_text: str | None = Field(default=None, description="What the system got.")
    status: Status
    reason: str | None = Field(
        default=None, description="Why the case could not be scored."
    )
    metrics: dict[str, Ratio] = Field(default_factory=dict)
    score: float | None = None
    passed: bool | None = None
    checks: list[Check] = Field(default_factory=list)
    output: dict[str, Any] | None = None
    usage: Usage = Field(default_factory=Usage)
    seconds: float = 0.0

    @property
    def failed_checks(self) -> list[Check]:
        return [check for check in self.checks if not check.ok]


class DatasetInfo(BaseModel):
    suite: str
    split: str
    name: str
    sha256: str
    cases: int
    malformed: int


class Manifest(BaseModel):
    """Everything needed to tell two runs apart, or to reproduce one."""

    run_id: str
    started_at: str
    finished_at: str | None = None
    seconds: float | None = None
    mode: Mode
    mode_label: str = Field(description="e.g. 'replay of recordings (...)'.")
    model_id: str
    suites: list[str]
    repeat: int = 1
    workers: int = 1
    git_sha: str | None = None
    git_dirty: bool | None = None
    csops_version: str | None = None
    python: str
    datasets: list[DatasetInfo] = Field(default_factory=list)
    prompt_sha256: dict[str, str | None] = Field(default_factory=dict)


class RunResult(BaseModel):
    manifest: Manifest
    cases: list[CaseResult]

    @property
    def usage(self) -> Usage:
        total = Usage()
        for case in self.cases:
            total = total + case.usage
        return total


class RunFileError(ValueError):
    """A path given as a run is neither a run directory nor a run.json."""


RUN_FILE = "run.json"


def load_run(path: Path) -> RunResult:
    """A run from its output directory or its run.json.

    Raises:
        RunFileError: nothing readable as a run is there.
    """
    file = path / RUN_FILE if path.is_dir() else path
    if not file.is_file():
        raise RunFileError(f"{path} is not a run: no {RUN_FILE} there")
    try:
        return RunResult.model_validate_json(file.read_text(encoding="utf-8"))
    except ValueError as error:
        raise RunFileError(f"{file} is not a csops eval run: {error}") from error
