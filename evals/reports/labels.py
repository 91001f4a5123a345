"""Short column names for metrics, shared by the terminal and HTML reports."""

from __future__ import annotations

SHORT_NAMES = {
    "step_recall": "recall",
    "step_precision": "precision",
    "owner_accuracy": "owner",
    "sla_accuracy": "SLA",
    "handoff_completeness": "handoff",
    "escalation_accuracy": "escalation",
    "trigger_accuracy": "trigger",
    "lint_clean": "lint",
    "provenance_accuracy": "stated",
    "conflict_flagged": "conflict",
}


def in_report_order(metrics: list[str]) -> list[str]:
    """Known metrics in the order above, then any others as they came."""
    known = list(SHORT_NAMES)
    return sorted(metrics, key=lambda m: known.index(m) if m in known else len(known))


def short(metric: str) -> str:
    return SHORT_NAMES.get(metric, metric.replace("_", " "))


def percent(value: float | None) -> str:
    return "-" if value is None else f"{value:.0%}"


def interval(bounds: tuple[float, float] | None) -> str:
    return "" if bounds is None else f" [{bounds[0]:.0%}-{bounds[1]:.0%}]"
