"""The terminal report: one rich table per suite and split, a row per slice."""

from __future__ import annotations

from itertools import groupby

from rich.console import Console
from rich.table import Table

from evals.reports.labels import in_report_order, interval, percent, short
from evals.results import RunResult
from evals.summary import SliceSummary, summarize

_MAX_REASONS = 10
_MAX_IDS = 6


def print_report(run: RunResult, console: Console) -> None:
    """Tables per suite and split, the unscored cases with reasons, and the usage."""
    manifest = run.manifest
    console.print(
        f"[bold]csops eval[/] {manifest.run_id}: {manifest.mode_label} "
        f"({manifest.model_id}), {manifest.seconds or 0:.1f}s"
    )
    summaries = summarize(run)
    for (suite, split), group in groupby(summaries, key=lambda s: (s.suite, s.split)):
        console.print(_table(suite, split, list(group), manifest.mode_label))
    _print_unscored(run, console)
    if manifest.mode in ("live", "record"):
        usage = run.usage
        cost = "unknown" if usage.cost_usd is None else f"${usage.cost_usd:.4f}"
        console.print(
            f"usage: {usage.calls} calls, {usage.prompt_tokens} prompt + "
            f"{usage.completion_tokens} completion tokens, cost {cost}"
        )


def _table(suite: str, split: str, summaries: list[SliceSummary], label: str) -> Table:
    metrics = in_report_order(list({m for s in summaries for m in s.metrics}))
    ks = sorted({k for s in summaries for k in s.pass_at if k > 1})
    title = f"{suite} · {split}{' (held out)' if split == 'heldout' else ''} · {label}"
    table = Table(title=title, title_justify="left", header_style="bold")
    table.add_column("slice", no_wrap=True, min_width=22)
    table.add_column("cases", justify="right")
    table.add_column("unscored", justify="right")
    for metric in metrics:
        table.add_column(short(metric), justify="right")
    table.add_column("pass [95% CI]", justify="right", no_wrap=True)
    for k in ks:
        table.add_column(f"pass@{k}", justify="right")
    for summary in summaries:
        table.add_row(*_row(summary, metrics, ks))
    return table


def _row(summary: SliceSummary, metrics: list[str], ks: list[int]) -> list[str]:
    unscored = str(summary.could_not_score) if summary.could_not_score else ""
    cells = [summary.slice, str(summary.cases), unscored]
    cells += [percent(summary.metrics.get(metric)) for metric in metrics]
    cells.append(percent(summary.pass_rate) + interval(summary.pass_interval))
    cells += [percent(summary.pass_at.get(k)) for k in ks]
    return cells


def _print_unscored(run: RunResult, console: Console) -> None:
    """Unscored attempts grouped by reason, a few case ids each."""
    by_reason: dict[str, list[str]] = {}
    for case in run.cases:
        if case.status == "could_not_score":
            by_reason.setdefault(case.reason or "", []).append(case.case_id)
    if not by_reason:
        return
    total = sum(len(ids) for ids in by_reason.values())
    console.print(f"[yellow]could not score {total} attempt(s):[/]")
    for reason, ids in list(by_reason.items())[:_MAX_REASONS]:
        shown = ", ".join(ids[:_MAX_IDS]) + (" ..." if len(ids) > _MAX_IDS else "")
        console.print(f"  {len(ids)} x {reason}\n    {shown}", markup=False)
    if len(by_reason) > _MAX_REASONS:
        console.print(f"  ... {len(by_reason) - _MAX_REASONS} more reasons in run.json")
