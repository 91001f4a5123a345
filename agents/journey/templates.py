"""Journey templates: what csops assumes when a description leaves something out.

Each template holds the defaults of one journey kind: the trigger that usually
starts it, the SLA a step of each kind gets, how fast the escalation ladder climbs,
and what travels with a handoff. The values are the common practice of B2B CS teams
(a kickoff within a week of closed-won, a P1 acknowledged within the hour); every
value taken from here is recorded as an Assumption, so a reviewer can see it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from domain.workflow import Duration, JourneyKind, StepKind, Trigger


def _bd(amount: float) -> Duration:
    return Duration(amount=amount, unit="days", business=True)


def _hours(amount: float) -> Duration:
    return Duration(amount=amount, unit="hours", business=False)


_BUSINESS_SLAS = {
    StepKind.task: _bd(3),
    StepKind.data_request: _bd(5),
    StepKind.approval: _bd(3),
    StepKind.meeting: _bd(5),
    StepKind.notification: _bd(1),
    StepKind.review: _bd(2),
}
_INCIDENT_SLAS = {
    StepKind.task: _hours(4),
    StepKind.data_request: _hours(8),
    StepKind.approval: _hours(4),
    StepKind.meeting: _hours(24),
    StepKind.notification: _hours(1),
    StepKind.review: _hours(24),
}


@dataclass(frozen=True)
class JourneyTemplate:
    """Defaults for one journey kind."""

    kind: JourneyKind
    name: str
    trigger: Trigger | None
    handoff_context: tuple[str, ...]
    default_owner: str = "csm"
    slas: dict[StepKind, Duration] = field(default_factory=lambda: _BUSINESS_SLAS)
    ladder: tuple[Duration, Duration] = (_bd(1), _bd(3))


_ONBOARDING_CONTEXT = ("deal terms", "success criteria", "stakeholders", "use cases")

TEMPLATES: dict[JourneyKind, JourneyTemplate] = {
    template.kind: template
    for template in (
        JourneyTemplate(
            JourneyKind.onboarding,
            "Customer onboarding",
            Trigger(kind="closed_won"),
            _ONBOARDING_CONTEXT,
        ),
        JourneyTemplate(
            JourneyKind.handoff,
            "Sales to CS handoff",
            Trigger(kind="closed_won"),
            _ONBOARDING_CONTEXT,
        ),
        JourneyTemplate(
            JourneyKind.renewal,
            "Renewal",
            Trigger(kind="renewal_due", days_before=120),
            ("contract terms", "usage summary", "health score", "renewal risks"),
        ),
        JourneyTemplate(
            JourneyKind.escalation,
            "Escalation",
            Trigger(kind="ticket_priority", priority="P1"),
            ("ticket history", "business impact", "account health"),
            default_owner="support",
            slas=_INCIDENT_SLAS,
            ladder=(_hours(2), _hours(8)),
        ),
        JourneyTemplate(
            JourneyKind.expansion,
            "Expansion",
            Trigger(kind="usage_threshold", threshold=90),
            ("usage trends", "expansion opportunity", "stakeholders"),
            default_owner="ae",
        ),
        JourneyTemplate(
            JourneyKind.adoption,
            "Adoption",
            Trigger(kind="usage_threshold", threshold=50),
            ("usage data", "feature adoption gaps", "success criteria"),
        ),
        JourneyTemplate(
            JourneyKind.qbr,
            "Quarterly business review",
            Trigger(kind="schedule", schedule="quarterly"),
            ("usage summary", "outcomes against goals", "open tickets"),
        ),
        JourneyTemplate(
            JourneyKind.nps_followup,
            "NPS follow-up",
            Trigger(kind="nps_detractor"),
            ("NPS score and comment", "recent tickets", "account health"),
        ),
        JourneyTemplate(
            JourneyKind.offboarding,
            "Offboarding",
            Trigger(kind="manual"),
            ("contract end date", "data export request", "churn reason"),
        ),
        JourneyTemplate(
            JourneyKind.custom, "Custom journey", None, ("account context",)
        ),
    )
}

# Words in a step's title or instructions -> the role that usually does that work.
_OWNER_HINTS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(pattern, re.IGNORECASE), role_id)
    for pattern, role_id in (
        (r"invoice|billing|payment|refund|credit note|purchase order", "finance"),
        (r"\bmsa\b|\bdpa\b|redline|legal review|terms and conditions", "legal"),
        (r"quote|order form|pricing|proposal|upsell|negotiat|opportunit", "ae"),
        (r"ticket|incident|outage|bug|root cause|\brca\b|workaround|triage", "support"),
        (r"roadmap|feature request", "product"),
        (r"provision|configur|integrat|\bsso\b|data migration|technical setup|"
         r"sandbox|deprovision|access removal|data export", "onboarding_specialist"),
        (r"kick-?off|welcome|success plan|check-?in|\bqbr\b|business review|"
         r"survey|nps|follow[- ]up|health|adoption|training|renewal", "csm"),
    )
]  # fmt: skip


def owner_hint(text: str) -> str | None:
    """The role that usually owns work described by these words, if any."""
    return next((role for pattern, role in _OWNER_HINTS if pattern.search(text)), None)


def template_for(kind: JourneyKind) -> JourneyTemplate:
    """The template of a journey kind."""
    return TEMPLATES[kind]
