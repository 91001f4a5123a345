"""The scorer's own grounding of one claim: which parts each cited record holds.

A claim's checkable parts are its quotes, ISO dates, record ids, the people and
companies of the account named in it, and its figures (a scale such as "/100" is
not a figure). A part is held by a record when its support contains it; a figure
is held when one of the record's figures rounds to it at the decimals written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from domain.brief import Claim
from evals.suites.brief.records import AccountRecords
from evals.suites.brief.support import ISO_DATE, Support

QUOTE = re.compile(r'"([^"]{2,})"|“([^”]{2,})”')
SCALE = re.compile(r"/\s?(?:5|10|100)\b")
RECORD_ID = re.compile(r"\b(?=[\w-]*\d)(?=[\w-]*[A-Za-z])\w+(?:-\w+)+\b")
FIGURE = re.compile(r"(?<![\w.])\$?\d[\d,]*(?:\.\d+)?%?(?![\w])")


@dataclass(frozen=True)
class Part:
    """One checkable piece of a claim: 'quote', 'date', 'id', 'name' or 'figure'."""

    kind: str
    text: str

    def held_by(self, support: Support) -> bool:
        if self.kind == "date":
            return self.text in support.dates
        if self.kind == "figure":
            return _figure_held(self.text, support.numbers)
        return " ".join(self.text.split()).lower() in support.blob

    def __str__(self) -> str:
        return f"{self.kind} {self.text}"


@dataclass
class ClaimGrounding:
    """A claim's parts, those no cited record holds, and each citation's verdict."""

    parts: list[Part]
    unheld: list[Part]
    citations: list[tuple[str, str | None]]
    """(citation, why it does not support the claim, or None when it does)."""


def claim_parts(text: str, names: set[str]) -> list[Part]:
    """Every checkable part of a claim's text."""
    parts = [Part("quote", a or b) for a, b in QUOTE.findall(text)]
    text = QUOTE.sub(" ", text)
    parts += [Part("date", day) for day in ISO_DATE.findall(text)]
    text = ISO_DATE.sub(" ", text)
    for name in sorted(names, key=len, reverse=True):
        if name in text:
            parts.append(Part("name", name))
            text = text.replace(name, " ")
    parts += [Part("id", found) for found in RECORD_ID.findall(text)]
    text = SCALE.sub(" ", RECORD_ID.sub(" ", text))
    return parts + [Part("figure", figure) for figure in FIGURE.findall(text)]


def ground_claim(claim: Claim, records: AccountRecords) -> ClaimGrounding:
    """Which parts of `claim` its cited records hold; what each citation is worth."""
    parts = claim_parts(claim.text, records.names)
    cited = [
        (f"{c.record_type}:{c.record_id}", records.supports.get(_key(c)))
        for c in claim.citations
    ]
    found = [support for _, support in cited if support is not None]
    unheld = [p for p in parts if not any(p.held_by(s) for s in found)]
    verdicts = [(name, _citation_problem(s, parts)) for name, s in cited]
    return ClaimGrounding(parts=parts, unheld=unheld, citations=verdicts)


def _citation_problem(support: Support | None, parts: list[Part]) -> str | None:
    if support is None:
        return "no such record of this account"
    if parts and not any(part.held_by(support) for part in parts):
        return "holds none of: " + ", ".join(str(p) for p in parts)
    return None


def _key(citation) -> tuple[str, str]:
    return (citation.record_type, citation.record_id)


def _figure_held(token: str, numbers: set[float]) -> bool:
    digits = token.strip("$%").replace(",", "")
    decimals = len(digits.split(".")[1]) if "." in digits else 0
    value = float(digits)
    return any(round(n, decimals) == value for n in numbers)
