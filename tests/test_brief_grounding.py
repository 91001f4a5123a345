"""The ground-check alone: each kind of unsupported part, and what passes."""

from __future__ import annotations

from datetime import date

import pytest

from agents.brief.grounding import ground_check
from domain.brief import Citation, Claim, Evidence

TICKET = Evidence(
    record_type="ticket",
    record_id="41",
    as_of=date(2025, 5, 2),
    label="ticket T-0024de",
    facts={"source_id": "T-0024de", "priority": "urgent", "created_at": "2025-05-01"},
    text="SSO login fails for 40 users since Monday. Maria Lopez escalated it.",
)
SUBSCRIPTION = Evidence(
    record_type="subscription",
    record_id="7",
    as_of=date(2025, 6, 1),
    label="subscription S-1",
    facts={"arr": 10584.0, "seats": 18, "renewal_date": "2025-09-30", "mrr": 882.0},
)
BOOK = {e.key: e for e in (TICKET, SUBSCRIPTION)}
NAMES = {"Maria Lopez", "Jon Park"}


def check(text: str, *cited: Evidence):
    citations = [Citation(**e.citation.model_dump()) for e in cited]
    claim = Claim(section="support", text=text, citations=citations)
    return ground_check([claim], BOOK, NAMES)


@pytest.mark.parametrize(
    "text",
    [
        'Ticket T-0024de: "SSO login fails for 40 users since Monday."',
        "Maria Lopez escalated the urgent ticket of 2025-05-01.",
        "ARR $10,584 over 18 seats renews on 2025-09-30.",
        "MRR $882.00, renewing Sep 30, 2025.",
    ],
)
def test_supported_claims_are_kept(text):
    result = check(text, TICKET, SUBSCRIPTION)
    assert result.dropped == [] and len(result.kept) == 1


@pytest.mark.parametrize(
    ("text", "unsupported"),
    [
        ("ARR $12,000 renews soon.", ["number $12,000"]),
        ("Renews on 2025-10-30.", ["date 2025-10-30"]),
        ('Customer wrote "SSO is fine".', ['quote "SSO is fine"']),
        ("Jon Park escalated it.", ["name Jon Park"]),
        ("Priya Natarajan owns the fix.", ["name Priya Natarajan"]),
        ("Ticket T-9999xx is urgent.", ["record id T-9999xx"]),
    ],
)
def test_unsupported_parts_drop_the_claim(text, unsupported):
    result = check(text, TICKET, SUBSCRIPTION)
    assert result.kept == []
    assert result.dropped[0].unsupported == unsupported


def test_a_figure_from_an_uncited_record_is_unsupported():
    result = check("ARR $10,584.", TICKET)
    assert result.dropped[0].unsupported == ["number $10,584"]


def test_a_citation_to_an_unread_record_drops_the_claim():
    claim = Claim(
        section="support",
        text="All good.",
        citations=[Citation(record_type="ticket", record_id="999", as_of=date.today())],
    )
    result = ground_check([claim], BOOK, NAMES)
    assert result.dropped[0].unsupported == [
        "citation ticket:999 (not read for this brief)"
    ]


def test_kept_claims_are_redated_from_the_record():
    claim = Claim(
        section="support",
        text="An urgent ticket.",
        citations=[Citation(record_type="ticket", record_id="41", as_of=date.today())],
    )
    [kept] = ground_check([claim], BOOK, NAMES).kept
    assert kept.citations[0].as_of == date(2025, 5, 2)
