"""Account health: one score from five components, each stored with its reasons.

A CSM must be able to say why an account is at risk, so the score is never a bare
number: every component keeps its inputs and a sentence that explains its value, and
the overall score is their weighted mean. The weights are a starting point taken from
common CS practice (adoption first, then support pain and sentiment); teams that
calibrate against their own churn history should change `WEIGHTS`, not the formulas.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from pydantic import BaseModel, Field

WEIGHTS = {
    "usage_trend": 0.30,
    "ticket_load": 0.20,
    "sentiment": 0.20,
    "escalations": 0.15,
    "renewal_proximity": 0.15,
}
SEVERITY_WEIGHT = {"urgent": 4, "high": 3, "medium": 2, "normal": 2, "low": 1}
RENEWAL_HORIZON_DAYS = 180


class HealthBand(StrEnum):
    healthy = "healthy"
    watch = "watch"
    at_risk = "at_risk"


class HealthSignals(BaseModel):
    """What the store knows about one account, summarised for scoring."""

    usage_recent: int = Field(0, description="Feature uses in the last 30 days.")
    usage_prior: int = Field(0, description="Feature uses in the 30 days before.")
    recent_tickets_by_priority: dict[str, int] = Field(
        default_factory=dict,
        description="Tickets opened in the last 90 days or still open, by priority.",
    )
    csat_mean: float | None = Field(None, description="Mean CSAT, 1-5, 180 days.")
    nps_mean: float | None = Field(None, description="Mean NPS answer, 0-10, a year.")
    escalations_90d: int = 0
    days_to_renewal: int | None = None


class HealthComponent(BaseModel):
    """One part of the health score, with the reason it has this value."""

    name: str
    score: float = Field(ge=0, le=100)
    weight: float
    explanation: str


class HealthScore(BaseModel):
    """An account's health on `as_of`: the weighted score and its components."""

    as_of: date
    score: float = Field(ge=0, le=100)
    band: HealthBand
    components: list[HealthComponent]


def score_health(signals: HealthSignals, as_of: date) -> HealthScore:
    """Score an account from its signals; every component explains itself."""
    components = [
        _usage_trend(signals),
        _ticket_load(signals),
        _sentiment(signals),
        _escalations(signals),
        _renewal_proximity(signals),
    ]
    total = sum(c.score * c.weight for c in components)
    return HealthScore(
        as_of=as_of, score=round(total, 1), band=_band(total), components=components
    )


def _band(score: float) -> HealthBand:
    if score >= 70:
        return HealthBand.healthy
    return HealthBand.watch if score >= 40 else HealthBand.at_risk


def _component(name: str, score: float, explanation: str) -> HealthComponent:
    score = round(min(100.0, max(0.0, score)), 1)
    return HealthComponent(
        name=name, score=score, weight=WEIGHTS[name], explanation=explanation
    )


def _usage_trend(signals: HealthSignals) -> HealthComponent:
    recent, prior = signals.usage_recent, signals.usage_prior
    if recent == 0 and prior == 0:
        return _component("usage_trend", 0, "no feature usage in the last 60 days")
    if prior == 0:
        return _component(
            "usage_trend", 100, f"usage started: {recent} uses in 30 days"
        )
    change = (recent - prior) / prior
    return _component(
        "usage_trend",
        50 + 50 * change,
        f"{recent} uses in the last 30 days vs {prior} before ({change:+.0%})",
    )


def _ticket_load(signals: HealthSignals) -> HealthComponent:
    counts = signals.recent_tickets_by_priority
    load = sum(SEVERITY_WEIGHT.get(p, 2) * n for p, n in counts.items())
    if not load:
        return _component("ticket_load", 100, "no recent or open tickets")
    listed = ", ".join(f"{n} {p}" for p, n in sorted(counts.items()) if n)
    return _component(
        "ticket_load", 100 - 8 * load, f"recent or open tickets: {listed}"
    )


def _sentiment(signals: HealthSignals) -> HealthComponent:
    parts, reasons = [], []
    if signals.csat_mean is not None:
        parts.append((signals.csat_mean - 1) / 4 * 100)
        reasons.append(f"CSAT {signals.csat_mean:.1f}/5")
    if signals.nps_mean is not None:
        parts.append(signals.nps_mean * 10)
        reasons.append(f"NPS answers average {signals.nps_mean:.1f}/10")
    if not parts:
        return _component("sentiment", 50, "no CSAT or NPS answers: neutral")
    return _component("sentiment", sum(parts) / len(parts), ", ".join(reasons))


def _escalations(signals: HealthSignals) -> HealthComponent:
    count = signals.escalations_90d
    if not count:
        return _component("escalations", 100, "no escalated tickets in 90 days")
    return _component(
        "escalations", 100 - 30 * count, f"{count} escalated tickets in 90 days"
    )


def _renewal_proximity(signals: HealthSignals) -> HealthComponent:
    days = signals.days_to_renewal
    if days is None:
        return _component("renewal_proximity", 50, "no open subscription to renew")
    score = days / RENEWAL_HORIZON_DAYS * 100
    return _component("renewal_proximity", score, f"renews in {days} days")
