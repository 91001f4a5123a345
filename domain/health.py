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
    usage_in_source: bool = Field(
        True, description="The account's source records feature usage at all."
    )
    escalations_in_source: bool = Field(
        True, description="The account's source marks any ticket escalated."
    )


class HealthComponent(BaseModel):
    """One part of the health score, with the reason it has this value."""

    name: str
    score: float = Field(ge=0, le=100)
    weight: float
    explanation: str


class HealthScore(BaseModel):
    """An account's health on `as_of`: the weighted score and its components.

    A component whose data the source does not hold is left out (`not_scored`
    says why) and the weights of the others are renormalised, so a missing feed
    never reads as a bad (or neutral) score.
    """

    as_of: date
    score: float = Field(ge=0, le=100)
    band: HealthBand
    components: list[HealthComponent]
    not_scored: dict[str, str] = Field(default_factory=dict)


def score_health(signals: HealthSignals, as_of: date) -> HealthScore:
    """Score an account from its signals; every component explains itself."""
    scored = {
        "usage_trend": _usage_trend(signals),
        "ticket_load": _ticket_load(signals),
        "sentiment": _sentiment(signals),
        "escalations": _escalations(signals),
        "renewal_proximity": _renewal_proximity(signals),
    }
    not_scored = {k: v for k, v in scored.items() if isinstance(v, str)}
    components = [c for c in scored.values() if isinstance(c, HealthComponent)]
    weight = sum(c.weight for c in components)
    total = sum(c.score * c.weight for c in components) / weight if weight else 0
    return HealthScore(
        as_of=as_of,
        score=round(total, 1),
        band=_band(total),
        components=components,
        not_scored=not_scored,
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


def _usage_trend(signals: HealthSignals) -> HealthComponent | str:
    if not signals.usage_in_source:
        return "no feature usage in the source"
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


def _sentiment(signals: HealthSignals) -> HealthComponent | str:
    parts, reasons = [], []
    if signals.csat_mean is not None:
        parts.append((signals.csat_mean - 1) / 4 * 100)
        reasons.append(f"CSAT {signals.csat_mean:.1f}/5 over 180 days")
    if signals.nps_mean is not None:
        parts.append(signals.nps_mean * 10)
        reasons.append(f"NPS answers average {signals.nps_mean:.1f}/10 over 365 days")
    if not parts:
        return "no CSAT in 180 days and no NPS answer in 365 days"
    return _component("sentiment", sum(parts) / len(parts), ", ".join(reasons))


def _escalations(signals: HealthSignals) -> HealthComponent | str:
    if not signals.escalations_in_source:
        return "the source marks no ticket escalated"
    count = signals.escalations_90d
    if not count:
        return _component("escalations", 100, "no escalated tickets in 90 days")
    return _component(
        "escalations", 100 - 30 * count, f"{count} escalated tickets in 90 days"
    )


def _renewal_proximity(signals: HealthSignals) -> HealthComponent | str:
    days = signals.days_to_renewal
    if days is None:
        return "no open subscription with a renewal date"
    score = days / RENEWAL_HORIZON_DAYS * 100
    return _component("renewal_proximity", score, f"renews in {days} days")
