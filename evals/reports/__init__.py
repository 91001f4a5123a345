"""Run reports: a terminal table, JSON, HTML with per-case diffs, JUnit XML."""

from __future__ import annotations

from pathlib import Path

from evals.reports.html import write_html
from evals.reports.json_report import write_json
from evals.reports.junit import write_junit
from evals.results import RunResult

__all__ = ["write_html", "write_json", "write_junit", "write_reports"]


def write_reports(run: RunResult, directory: Path) -> dict[str, Path]:
    """Write run.json, summary.json, manifest.json, report.html and junit.xml."""
    directory.mkdir(parents=True, exist_ok=True)
    written = write_json(run, directory)
    written["html"] = write_html(run, directory / "report.html")
    written["junit"] = write_junit(run, directory / "junit.xml")
    return written
