"""The run engine: workflow runs for accounts, their clocks, events and the sweep.

Public API (the modules behind it hold the detail):

- `start_run`, `complete_step`, `wait_on_external`, `resume_step`: move runs.
- `assign_role`: put a person behind a role on an open run.
- `sweep`: fire triggers and hand due work (`domain.due_work.DueWork`) to a
  `DueWorkStage`; `record_only` is the stage until nudges land.
- `run_view`, `open_runs`: read runs back for `csops run show|list`.
"""

from tools.runs.assigning import UnknownPerson, assign_role
from tools.runs.clocks import RunDefaults, UnknownRun
from tools.runs.progress import (
    StepOutcome,
    UnknownStep,
    complete_step,
    resume_step,
    wait_on_external,
)
from tools.runs.starting import (
    RunAlreadyOpen,
    StartedRun,
    WorkflowNotPublished,
    start_run,
)
from tools.runs.sweep import DueWorkStage, SweepReport, record_only, sweep
from tools.runs.triggers import fire_triggers
from tools.runs.views import OpenRun, RunView, StepView, open_runs, run_view

__all__ = [
    "DueWorkStage",
    "OpenRun",
    "RunAlreadyOpen",
    "RunDefaults",
    "RunView",
    "StartedRun",
    "StepOutcome",
    "StepView",
    "SweepReport",
    "UnknownPerson",
    "UnknownRun",
    "UnknownStep",
    "WorkflowNotPublished",
    "assign_role",
    "complete_step",
    "fire_triggers",
    "open_runs",
    "record_only",
    "resume_step",
    "run_view",
    "start_run",
    "sweep",
    "wait_on_external",
]
