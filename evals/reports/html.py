"""The HTML report: summary tables, then every case with its checks as a diff."""

from __future__ import annotations

from itertools import groupby
from pathlib import Path

from jinja2 import Environment

from evals.reports.html_template import REPORT_TEMPLATE
from evals.reports.labels import in_report_order, interval, percent, short
from evals.results import RunResult
from evals.summary import summarize


def render_html(run: RunResult) -> str:
    """The report as one self-contained HTML page."""
    environment = Environment(autoescape=True, trim_blocks=True, lstrip_blocks=True)
    environment.globals.update(short=short, percent=percent, interval=interval)
    template = environment.from_string(REPORT_TEMPLATE)
    return template.render(manifest=run.manifest, groups=_groups(run))


def write_html(run: RunResult, path: Path) -> Path:
    path.write_text(render_html(run), encoding="utf-8")
    return path


def _groups(run: RunResult) -> list[dict]:
    """One group per suite and split: its slice summaries and its cases."""
    slices = summarize(run)
    groups = []
    for (suite, split), group in groupby(slices, key=lambda s: (s.suite, s.split)):
        group_slices = list(group)
        cases = [c for c in run.cases if (c.suite, c.split) == (suite, split)]
        groups.append(
            {
                "suite": suite,
                "split": split,
                "slices": group_slices,
                "metrics": in_report_order(
                    list({m for s in group_slices for m in s.metrics})
                ),
                "cases": sorted(
                    cases, key=lambda c: (c.passed is not False, c.case_id)
                ),
            }
        )
    return groups
