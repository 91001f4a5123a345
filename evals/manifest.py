"""The run manifest: git commit, dataset and prompt hashes, model, mode, time."""

from __future__ import annotations

import logging
import platform
import subprocess
import uuid
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path

from evals.cases import Dataset
from evals.modes.access import ModelAccess
from evals.results import DatasetInfo, Manifest
from evals.suite import Suite

logger = logging.getLogger(__name__)

REPO_ROOT = Path(__file__).resolve().parent.parent


def new_manifest(
    suites: list[Suite],
    datasets: list[tuple[Suite, Dataset]],
    access: ModelAccess,
    *,
    repeat: int,
    workers: int,
    started: datetime,
    seconds: float,
) -> Manifest:
    """The manifest of a run that started at `started` and took `seconds`."""
    sha, dirty = git_state()
    return Manifest(
        run_id=f"{started:%Y%m%dT%H%M%SZ}-{access.mode}-{uuid.uuid4().hex[:6]}",
        started_at=started.isoformat(timespec="seconds"),
        finished_at=datetime.now(UTC).isoformat(timespec="seconds"),
        seconds=round(seconds, 3),
        mode=access.mode,
        mode_label=access.label,
        model_id=access.model_id,
        suites=[suite.name for suite in suites],
        repeat=repeat,
        workers=workers,
        git_sha=sha,
        git_dirty=dirty,
        csops_version=_version(),
        python=platform.python_version(),
        datasets=[_dataset_info(suite, dataset) for suite, dataset in datasets],
        prompt_sha256={suite.name: _prompt_sha(suite) for suite in suites},
    )


def git_state() -> tuple[str | None, bool | None]:
    """HEAD's sha and whether the tree has changes; (None, None) outside git."""
    try:
        sha = _git("rev-parse", "HEAD")
        dirty = bool(_git("status", "--porcelain", "--untracked-files=no"))
    except (OSError, subprocess.CalledProcessError):
        logger.debug("no git state for the manifest", exc_info=True)
        return None, None
    return sha, dirty


def _git(*args: str) -> str:
    completed = subprocess.run(
        ["git", *args],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        check=True,
        timeout=10,
    )
    return completed.stdout.strip()


def _dataset_info(suite: Suite, dataset: Dataset) -> DatasetInfo:
    return DatasetInfo(
        suite=suite.name,
        split=dataset.split,
        name=dataset.name,
        sha256=dataset.sha256,
        cases=len(dataset.cases),
        malformed=len(dataset.malformed),
    )


def _prompt_sha(suite: Suite) -> str | None:
    try:
        return suite.prompt_sha256()
    except Exception:  # the prompts' module may be mid-change; the run goes on
        logger.warning("no prompt hash for suite %s", suite.name, exc_info=True)
        return None


def _version() -> str | None:
    try:
        return metadata.version("csops")
    except metadata.PackageNotFoundError:
        return None
