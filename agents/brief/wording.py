"""How the offline composer writes figures, dates and quotes so they can be checked.

Every figure is written in digits and every date as an ISO day, the forms the
ground-check reads; quotes are verbatim slices of a record's text. Record text is
only ever inserted as a value (f-strings), never used as a format template, so
braces or markup in a ticket cannot break a brief.
"""

from __future__ import annotations

import re
from datetime import date, datetime

from domain.brief import Claim, Evidence

SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
QUOTE_CHARS = 160


def claim(section: str, text: str, *evidence: Evidence) -> Claim:
    """A claim citing every record in `evidence`."""
    return Claim(section=section, text=text, citations=[e.citation for e in evidence])


def money(amount) -> str:
    """`$10,584` or `$1,234.50`: cents only when there are some."""
    value = float(amount)
    if value == int(value):
        return f"${int(value):,}"
    return f"${value:,.2f}"


def signed_pct(change_pct: int) -> str:
    return f"{change_pct:+d}%"


def day(moment: date | datetime | None) -> str:
    if moment is None:
        return "unknown date"
    return (moment.date() if isinstance(moment, datetime) else moment).isoformat()


def quote(text: str | None, limit: int = QUOTE_CHARS) -> str | None:
    """The first sentence of `text`, verbatim, cut at a word, in double quotes."""
    if not text or not text.strip():
        return None
    first = SENTENCE_END.split(text.strip(), maxsplit=1)[0].splitlines()[0].strip()
    # Text holding straight quotes is wrapped in curly ones (the ground-check reads
    # both), so a subject such as =HYPERLINK("x") is quoted whole, not cut.
    opening, closing = ("“", "”") if '"' in first else ('"', '"')
    if "”" in first and opening == "“":
        first = first.split("”")[0].strip()
    if len(first) > limit:
        first = first[:limit].rsplit(" ", 1)[0]
        return f"{opening}{first}{closing}..."
    return f"{opening}{first}{closing}" if first else None


def sentences_after(text: str | None, heading: str) -> list[str]:
    """The sentences on the line that starts with `heading` (e.g. 'Promises made:')."""
    for line in (text or "").splitlines():
        if line.strip().lower().startswith(heading.lower()):
            body = line.strip()[len(heading) :].strip()
            return [s for s in SENTENCE_END.split(body) if s.strip()]
    return []


def sentences_with(text: str | None, *keywords: str) -> list[str]:
    """Sentences of `text` that mention any of `keywords` (case-insensitive)."""
    found = []
    for line in (text or "").splitlines():
        for sentence in SENTENCE_END.split(line.strip()):
            if any(k in sentence.lower() for k in keywords) and sentence.strip():
                found.append(sentence.strip())
    return found


def plural(count: int, noun: str) -> str:
    """`1 rated ticket`, `3 rated tickets`: the count in digits, for the check."""
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


_SMALL_WORDS = frozenset({"of", "and", "for", "the", "to", "in", "on"})


def role_label(role: str) -> str:
    """A role code as its title: `cs_manager` -> `CS manager`, `ae` -> `AE`.

    Role codes keep acronyms in lower case; every short word that is not a small
    English word is one (CS, AE, CSM, SE).
    """
    words = label(role).split()
    return " ".join(
        w.upper() if len(w) <= 3 and w not in _SMALL_WORDS else w for w in words
    )


def label(value: str) -> str:
    """A stored code as words: `usage_trend` -> `usage trend`."""
    return value.replace("_", " ")
