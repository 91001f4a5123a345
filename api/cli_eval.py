"""`csops eval`: run the evaluation suites, gate against a baseline, compare runs.

Exit codes: 0 done (and no regression), 1 a regression against the baseline,
2 a usage problem (unknown suite or mode, no model for live, unreadable baseline).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from api.errors import fail
from evals.baseline import (
    DEFAULT_TOLERANCE,
    BaselineError,
    baseline_from_run,
    load_baseline,
    regressions,
    write_baseline,
)
from evals.cases import DatasetMissingError
from evals.compare import caveats, deltas
from evals.modes.access import MODES, ModeUnavailableError
from evals.modes.recordings import RECORDINGS_DIR, RecordingFileError
from evals.reports import write_reports
from evals.reports.labels import percent
from evals.reports.terminal import print_report
from evals.results import RunFileError, RunResult, load_run
from evals.runner import DEFAULT_WORKERS, RunPlan, run
from evals.suite import UnknownSuiteError, get_suite, registered_suites
from tools.settings import Settings, SettingsError

REGRESSION = 1

app = typer.Typer(
    help="Evaluate csops: run suites offline, on recordings or live; compare runs.",
    no_args_is_help=True,
)


Suites = Annotated[
    list[str] | None,
    typer.Option("--suite", "-s", help="Suite to run (repeatable); default: all."),
]
ModeOption = Annotated[
    str, typer.Option("--mode", "-m", help="offline, replay, live or record.")
]
Repeat = Annotated[
    int, typer.Option("--repeat", "-n", min=1, help="Attempts per case (pass@k).")
]
BaselineFile = Annotated[
    Path | None,
    typer.Option(
        "--baseline", help="Gate per slice, e.g. evals/baselines/offline.json."
    ),
]
OutDir = Annotated[
    Path | None,
    typer.Option("--out", help="Report directory; default DATA_DIR/eval-runs/RUN_ID."),
]
Splits = Annotated[
    list[str] | None,
    typer.Option("--split", help="Only these splits (core, heldout); default: all."),
]
CaseIds = Annotated[
    list[str] | None,
    typer.Option("--case", help="Only these case ids (repeatable); default: all."),
]
Workers = Annotated[int, typer.Option("--workers", min=1, help="Parallel attempts.")]
RecordingsDir = Annotated[
    Path, typer.Option("--recordings", help="Where replay reads and record writes.")
]
NewBaseline = Annotated[
    Path | None,
    typer.Option("--write-baseline", help="Write this run's figures as a baseline."),
]
Tolerance = Annotated[
    float,
    typer.Option("--tolerance", min=0, max=1, help="Tolerance of --write-baseline."),
]


@app.command("run")
def run_command(
    suite: Suites = None,
    mode: ModeOption = "offline",
    repeat: Repeat = 1,
    baseline: BaselineFile = None,
    out: OutDir = None,
    split: Splits = None,
    case: CaseIds = None,
    workers: Workers = DEFAULT_WORKERS,
    recordings: RecordingsDir = RECORDINGS_DIR,
    save_baseline: NewBaseline = None,
    tolerance: Tolerance = DEFAULT_TOLERANCE,
) -> None:
    """Run the suites, print the tables, write the reports, gate on a baseline."""
    if mode not in MODES:
        fail(f"unknown mode '{mode}'; choose one of: {', '.join(MODES)}")
    plan = RunPlan(
        suites=_suites(suite),
        mode=mode,
        repeat=repeat,
        workers=workers,
        recordings_dir=recordings,
        splits=tuple(split) if split else None,
        case_ids=frozenset(case) if case else None,
    )
    settings = _settings()
    result = _run(plan, settings)
    console = _console()
    directory = out or settings.data_dir / "eval-runs" / result.manifest.run_id
    written = write_reports(result, directory)
    print_report(result, console)
    console.print(
        f"reports: {directory} ({', '.join(p.name for p in written.values())})"
    )
    if save_baseline:
        path = write_baseline(baseline_from_run(result, tolerance), save_baseline)
        console.print(f"baseline written: {path}")
    if baseline:
        _gate(result, baseline, console)


@app.command("compare")
def compare_command(
    run_a: Annotated[Path, typer.Argument(help="Earlier run: directory or run.json.")],
    run_b: Annotated[Path, typer.Argument(help="Later run: directory or run.json.")],
    show_all: Annotated[
        bool, typer.Option("--all", help="Also list unchanged figures.")
    ] = False,
) -> None:
    """Print what moved between two runs, slice by slice."""
    try:
        before, after = load_run(run_a), load_run(run_b)
    except RunFileError as error:
        fail(str(error))
    console = _console()
    for note in caveats(before, after):
        console.print(f"[yellow]note:[/] {note}")
    table = Table(title=f"{before.manifest.run_id} -> {after.manifest.run_id}")
    for column in ("suite", "split", "slice", "figure", "before", "after", "change"):
        table.add_column(column)
    for delta in deltas(before, after):
        change = delta.change
        if not show_all and change is not None and abs(change) < 1e-9:
            continue
        shown = "n/a" if change is None else f"{change:+.1%}"
        style = "red" if change and change < 0 else "green" if change else None
        table.add_row(
            delta.suite,
            delta.split,
            delta.slice,
            delta.figure,
            percent(delta.before),
            percent(delta.after),
            shown,
            style=style,
        )
    console.print(table)


def _suites(names: list[str] | None):
    try:
        return (
            [get_suite(name) for name in names]
            if names
            else list(registered_suites().values())
        )
    except UnknownSuiteError as error:
        fail(error.args[0])


def _run(plan: RunPlan, settings: Settings) -> RunResult:
    try:
        return run(plan, settings)
    except (ModeUnavailableError, DatasetMissingError, RecordingFileError) as error:
        fail(str(error))


def _settings() -> Settings:
    try:
        return Settings()
    except (SettingsError, ValueError) as error:
        fail(f"settings: {error}")


def _gate(result: RunResult, path: Path, console: Console) -> None:
    try:
        found = regressions(result, load_baseline(path))
    except BaselineError as error:
        fail(str(error))
    if not found:
        console.print(f"[green]no regression against {path}[/]")
        return
    console.print(f"[red]{len(found)} regression(s) against {path}:[/]")
    for regression in found:
        console.print(f"  {regression}", markup=False)
    raise typer.Exit(REGRESSION)


def _console() -> Console:
    console = Console()
    if not console.is_terminal:
        console.width = 200
    return console
