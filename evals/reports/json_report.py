"""JSON reports: the whole run, its per-slice summary and its manifest."""

from __future__ import annotations

import json
from pathlib import Path

from evals.results import RUN_FILE, RunResult
from evals.summary import summarize


def write_json(run: RunResult, directory: Path) -> dict[str, Path]:
    """run.json (read back by compare and the gate), summary.json, manifest.json."""
    paths = {
        "run": directory / RUN_FILE,
        "summary": directory / "summary.json",
        "manifest": directory / "manifest.json",
    }
    paths["run"].write_text(run.model_dump_json(indent=1), encoding="utf-8")
    summary = [s.model_dump(mode="json") for s in summarize(run)]
    document = {"manifest": run.manifest.model_dump(mode="json"), "slices": summary}
    paths["summary"].write_text(json.dumps(document, indent=1), encoding="utf-8")
    paths["manifest"].write_text(
        run.manifest.model_dump_json(indent=1), encoding="utf-8"
    )
    return paths
