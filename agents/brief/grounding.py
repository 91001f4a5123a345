"""The ground-check: every number, date, name and quote of a claim, in its records.

A claim survives only if each checkable part of it is found in the evidence it
cites: quotes verbatim (whitespace and case aside) in a record's text; dates among
a record's dates or in its text; people and companies the dossier knows by name in
a cited record, and any other run of capitalised words too, so an invented person
is caught; numbers among a cited record's figures (rounded as written) or in its
text. Scales written after a figure ("4.2/5", "61/100") are not facts and are not
checked. A claim citing a record the brief never read is unsupported as a whole.

What it cannot check: a figure restated in words ("twelve"), a single capitalised
word (one-word names are indistinguishable from sentence starts), and whether the
sentence draws the right conclusion from correct figures; the prompt asks the model
for digits and ISO dates, and the offline composer writes nothing else.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from dateutil import parser as date_parser

from domain.brief import Citation, Claim, DroppedClaim, Evidence

QUOTE = re.compile(r'"([^"]{2,})"|“([^”]{2,})”')
ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
WORDY_DATE = re.compile(
    r"\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.? \d{1,2},? \d{4}\b"
    r"|\b\d{1,2} (?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]* \d{4}\b"
)
CAPITALISED_RUN = re.compile(r"\b[A-Z][a-z]+(?:[ '-][A-Z][a-z]+)+\b")
SCALE = re.compile(r"/\s?(?:5|10|100)\b")
RECORD_ID = re.compile(
    r"\b(?=[\w-]*\d)(?=[\w-]*[A-Za-z])[A-Za-z0-9_]+(?:-[A-Za-z0-9_]+)+\b"
)
NUMBER = re.compile(r"(?<![\w.])[-+−]?\$?\d[\d,]*(?:\.\d+)?%?(?![\w])")


@dataclass
class GroundCheck:
    """The claims kept, and the claims dropped with what was unsupported."""

    kept: list[Claim] = field(default_factory=list)
    dropped: list[DroppedClaim] = field(default_factory=list)


class _Support:
    """What one record can vouch for: its strings, its dates, its figures."""

    def __init__(self, evidence: Evidence) -> None:
        strings = [v for v in evidence.facts.values() if isinstance(v, str)]
        self.blob = _normal(" \n ".join([evidence.text, evidence.label, *strings]))
        self.dates = {v[:10] for v in strings if ISO_DATE.fullmatch(v[:10])}
        self.dates |= set(ISO_DATE.findall(evidence.text))
        numbers = [
            abs(float(v))
            for v in evidence.facts.values()
            if isinstance(v, int | float) and not isinstance(v, bool)
        ]
        text_numbers = [_number(n) for n in NUMBER.findall(evidence.text)]
        self.numbers = numbers + [n for n in text_numbers if n is not None]


def ground_check(
    claims: list[Claim], book: dict[tuple[str, str], Evidence], names: set[str]
) -> GroundCheck:
    """Keep the claims their cited records support; drop and explain the rest.

    Citations are re-dated from the book, so a model that cited a record by type and
    id alone gets the record's own as-of day.
    """
    supports: dict[tuple[str, str], _Support] = {}
    result = GroundCheck()
    for claim in claims:
        cited = [book.get((c.record_type, c.record_id)) for c in claim.citations]
        missing = [
            f"citation {c.record_type}:{c.record_id} (not read for this brief)"
            for c, e in zip(claim.citations, cited, strict=True)
            if e is None
        ]
        found = [e for e in cited if e is not None]
        for evidence in found:
            if evidence.key not in supports:
                supports[evidence.key] = _Support(evidence)
        problems = missing or unsupported_parts(
            claim.text, [supports[e.key] for e in found], names
        )
        if problems or not found:
            result.dropped.append(DroppedClaim(claim=claim, unsupported=problems))
        else:
            result.kept.append(_redated(claim, found))
    return result


def unsupported_parts(
    text: str, supports: list[_Support], names: set[str]
) -> list[str]:
    """The quotes, dates, names and numbers of `text` no support vouches for."""
    problems: list[str] = []
    text = _check_quotes(text, supports, problems)
    text = _check_dates(text, supports, problems)
    text = _check_names(text, supports, names, problems)
    text = _check_ids(text, supports, problems)
    for token in NUMBER.findall(SCALE.sub(" ", text)):
        value = _number(token)
        if value is not None and not any(_holds(s, token, value) for s in supports):
            problems.append(f"number {token}")
    return problems


def _check_quotes(text: str, supports: list[_Support], problems: list[str]) -> str:
    for match in QUOTE.finditer(text):
        quoted = _normal(match.group(1) or match.group(2))
        if not any(quoted in s.blob for s in supports):
            problems.append(f"quote {match.group(0)}")
    return QUOTE.sub(" ", text)


def _check_dates(text: str, supports: list[_Support], problems: list[str]) -> str:
    for written in ISO_DATE.findall(text) + WORDY_DATE.findall(text):
        day = _iso(written)
        if day is None or not any(day in s.dates for s in supports):
            problems.append(f"date {written}")
    return WORDY_DATE.sub(" ", ISO_DATE.sub(" ", text))


def _check_names(
    text: str, supports: list[_Support], names: set[str], problems: list[str]
) -> str:
    for name in sorted(names, key=len, reverse=True):
        if name and name in text:
            if not any(_normal(name) in s.blob for s in supports):
                problems.append(f"name {name}")
            text = text.replace(name, " ")
    for run in CAPITALISED_RUN.findall(text):
        if not any(_normal(run) in s.blob for s in supports):
            problems.append(f"name {run}")
    return CAPITALISED_RUN.sub(" ", text)


def _check_ids(text: str, supports: list[_Support], problems: list[str]) -> str:
    for record_id in RECORD_ID.findall(text):
        if not any(_normal(record_id) in s.blob for s in supports):
            problems.append(f"record id {record_id}")
    return RECORD_ID.sub(" ", text)


def _holds(support: _Support, token: str, value: float) -> bool:
    decimals = len(token.split(".")[1].rstrip("%")) if "." in token else 0
    return any(round(n, decimals) == value for n in support.numbers)


def _number(token: str) -> float | None:
    digits = token.strip("+-−$%").replace(",", "").lstrip("$")
    try:
        return abs(float(digits))
    except ValueError:
        return None


def _iso(written: str) -> str | None:
    if ISO_DATE.fullmatch(written):
        return written
    try:
        return date_parser.parse(written).date().isoformat()
    except (ValueError, OverflowError):
        return None


def _normal(text: str) -> str:
    return " ".join(text.split()).lower()


def _redated(claim: Claim, found: list[Evidence]) -> Claim:
    citations = [Citation(**e.citation.model_dump()) for e in found]
    return claim.model_copy(update={"citations": citations})
