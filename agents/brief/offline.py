"""The offline composer: an extractive brief of any kind, every claim cited.

No model is involved: each section is written from the dossier's records by the
functions of `account_sections`, `risks` and `packages`, which only state figures
their cited evidence holds. It is the brief csops gives without an API key, and the
one it falls back to when the model path fails.
"""

from __future__ import annotations

from agents.brief import account_sections as sections
from agents.brief import packages
from agents.brief.evidence import Dossier
from agents.brief.risks import commercial, next_actions, renewal_contract, risks
from domain.brief import BriefKind, Claim, Conflict


def compose_offline(
    dossier: Dossier, kind: BriefKind, conflicts: list[Conflict]
) -> list[Claim]:
    """The claims of a `kind` brief, in section order."""
    if kind == BriefKind.handoff:
        return packages.handoff(dossier)
    if kind == BriefKind.escalation:
        return packages.escalation(dossier)
    found = risks(dossier, conflicts)
    if kind == BriefKind.renewal:
        return [*renewal_contract(dossier), *packages.renewal(dossier), *found]
    return [
        *sections.snapshot(dossier),
        *sections.health(dossier),
        *sections.usage(dossier),
        *sections.support(dossier),
        *sections.relationship(dossier),
        *commercial(dossier),
        *found,
        *next_actions(dossier, found, "next_actions"),
    ]
