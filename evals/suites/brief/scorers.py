"""Checks of one brief against its case: facts, forbidden claims, citations, flags.

Metrics, each the share of its checks that pass:

- fact_recall: each expected fact is stated by some claim (or conflict side).
- forbidden_absent: each forbidden pattern matches no claim.
- citation_precision: each citation of each claim supports it (the cited record
  exists for this account and holds at least one of the claim's checkable parts).
- claims_grounded: each claim's figures, dates, names, ids and quotes are all held
  by its cited records. The ungrounded-claim rate is 1 - claims_grounded; it must be
  0, so any failing check here is a defect, not noise.
- stale_accuracy: named claims are (or are not) marked stale; the footer's count.
- conflict_accuracy: expected conflicts are shown, and no more than expected.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from domain.brief import Brief, Claim
from evals.scoring import Check
from evals.suites.brief.cases import BriefCase, TextMatch
from evals.suites.brief.grounding import ground_claim
from evals.suites.brief.records import AccountRecords

METRICS = (
    "fact_recall",
    "forbidden_absent",
    "citation_precision",
    "claims_grounded",
    "stale_accuracy",
    "conflict_accuracy",
)


@dataclass
class BriefAnswer:
    """A brief and the scorer's own view of the records it could cite."""

    brief: Brief
    records: AccountRecords


def all_claims(brief: Brief) -> list[Claim]:
    """Kept claims, then both sides of every conflict."""
    sides = [side for c in brief.conflicts for side in (c.left, c.right)]
    return brief.claims + sides


def score_brief(case: BriefCase, answer: BriefAnswer) -> list[Check]:
    """Every check of `answer` against `case`, in metric order."""
    claims = all_claims(answer.brief)
    return [
        *fact_checks(case.expected.facts, claims),
        *forbidden_checks(case.expected.forbidden, claims),
        *citation_checks(claims, answer.records),
        *stale_checks(case, answer.brief),
        *conflict_checks(case, answer.brief),
    ]


def fact_checks(facts: list[TextMatch], claims: list[Claim]) -> list[Check]:
    checks = []
    for fact in facts:
        found = next((c.text for c in claims if fact.matches(c.text)), None)
        actual = found or "no claim states it"
        checks.append(_check("fact_recall", str(fact), str(fact), actual, bool(found)))
    return checks


def forbidden_checks(patterns: list[str], claims: list[Claim]) -> list[Check]:
    checks = []
    for pattern in patterns:
        hit = next((c.text for c in claims if re.search(pattern, c.text, re.I)), None)
        actual = hit or "no claim matches"
        ok = hit is None
        checks.append(_check("forbidden_absent", pattern, "absent", actual, ok))
    return checks


def citation_checks(claims: list[Claim], records: AccountRecords) -> list[Check]:
    checks = []
    for claim in claims:
        grounding = ground_claim(claim, records)
        for cited, problem in grounding.citations:
            subject = f"{cited} for: {claim.text[:80]}"
            actual = problem or "supports the claim"
            ok = problem is None
            checks.append(_check("citation_precision", subject, "supports", actual, ok))
        unheld = ", ".join(str(part) for part in grounding.unheld)
        actual = f"not in cited records: {unheld}" if unheld else "grounded"
        checks.append(
            _check("claims_grounded", claim.text[:80], "grounded", actual, not unheld)
        )
    return checks


def stale_checks(case: BriefCase, brief: Brief) -> list[Check]:
    flags, claims = case.expected.stale, brief.claims
    checks = [_flag_check(claims, match, True) for match in flags.stale]
    checks += [_flag_check(claims, match, False) for match in flags.fresh]
    if flags.count is not None:
        stale = brief.footer.stale
        ok = stale == flags.count
        checks.append(
            _check("stale_accuracy", "stale count", str(flags.count), str(stale), ok)
        )
    return checks


def conflict_checks(case: BriefCase, brief: Brief) -> list[Check]:
    flags = case.expected.conflicts
    shown = [f"{c.topic} | {c.left.text} | {c.right.text}" for c in brief.conflicts]
    checks = []
    for match in flags.expected:
        found = next((text for text in shown if match.matches(text)), None)
        actual = found or f"not shown ({len(shown)} conflicts)"
        checks.append(
            _check("conflict_accuracy", str(match), "shown", actual, bool(found))
        )
    if flags.count is not None:
        ok = len(shown) == flags.count
        actual = f"{len(shown)}: {'; '.join(shown)[:300]}"
        checks.append(
            _check("conflict_accuracy", "conflicts", str(flags.count), actual, ok)
        )
    return checks


def _flag_check(claims: list[Claim], match: TextMatch, stale: bool) -> Check:
    wanted = "stale" if stale else "not stale"
    found = [c for c in claims if match.matches(c.text)]
    if not found:
        return _check("stale_accuracy", str(match), wanted, "no such claim", False)
    ok = any(c.stale == stale for c in found)
    actual = "stale" if found[0].stale else "not stale"
    return _check("stale_accuracy", str(match), wanted, actual, ok)


def _check(metric: str, subject: str, expected: str, actual: str, ok: bool) -> Check:
    return Check(
        metric=metric, subject=subject, expected=expected, actual=actual, ok=ok
    )
