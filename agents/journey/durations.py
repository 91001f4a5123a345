"""Durations in journey language: "within 2 business days", "48h", "by day 30".

pytimeparse2 converts a number and a unit spelling ("hrs", "wks", "m") to seconds;
this module adds what it does not know: number words ("two", "a"), business time
("2 working days", "3bd"), quarters, anchors ("by day 30" counts from the start of
the run, "120 days before the renewal date" counts back from the renewal) and
recurrence ("weekly", "every quarter"). "By EOD" is one business day; "ASAP" is
read as 4 business hours, and the designer asks whether that is right.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from pytimeparse2 import parse as parse_seconds

from domain.workflow import Duration, DurationUnit, SlaAnchor

WORD_NUMBERS = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "fourteen": 14,
    "fifteen": 15,
    "twenty": 20,
    "thirty": 30,
    "forty-five": 45,
    "sixty": 60,
    "ninety": 90,
    "a couple of": 2,
    "a few": 3,
    "half a": 0.5,
    "half an": 0.5,
}
_NUMBER_WORDS = "|".join(sorted(WORD_NUMBERS, key=len, reverse=True))

_SPELLED_RE = re.compile(
    rf"(?<![\w-])(?P<num>\d+(?:\.\d+)?|{_NUMBER_WORDS})\s+"
    r"(?P<biz>business |working )?"
    r"(?P<unit>minutes?|mins?|hours?|hrs?|days?|weeks?|wks?|months?|quarters?)"
    r"(?![\w-])",
    re.IGNORECASE,
)
_COMPACT_RE = re.compile(
    r"(?<![\w-])(?P<num>\d+(?:\.\d+)?)\s?(?P<unit>bd|h|hrs?|d|w|m|mins?)(?![\w-])",
    re.IGNORECASE,
)
_RUN_DAY_RE = re.compile(r"\b(?:by|on|before|at) day (?P<num>\d+)\b", re.IGNORECASE)
_BEFORE_RENEWAL_RE = re.compile(
    r"^\s*(?:before|prior to|ahead of|out from|from)\s+(?:the\s+)?"
    r"(?:renewal|contract end|term end|expiry)",
    re.IGNORECASE,
)
_NEXT_DAY_RE = re.compile(
    r"\b(?:(?P<biz>next business|next working)|next|same) day\b|"
    r"(?P<eod>\b(?:by |at )?(?:(?-i:EOD|COB)|end of (?:the )?(?:business |working )?"
    r"day|close of business)\b)|(?P<asap>\b(?:(?-i:ASAP)|as soon as possible)\b)",
    re.IGNORECASE,
)

_RECURRENCE = {
    "daily": "daily",
    "every day": "daily",
    "weekly": "weekly",
    "every week": "weekly",
    "each week": "weekly",
    "biweekly": "biweekly",
    "bi-weekly": "biweekly",
    "fortnightly": "biweekly",
    "every two weeks": "biweekly",
    "every 2 weeks": "biweekly",
    "every other week": "biweekly",
    "monthly": "monthly",
    "every month": "monthly",
    "each month": "monthly",
    "quarterly": "quarterly",
    "every quarter": "quarterly",
    "each quarter": "quarterly",
    "every three months": "quarterly",
    "every 3 months": "quarterly",
}
_RECURRENCE_RE = re.compile(
    r"\b(?:" + "|".join(sorted(_RECURRENCE, key=len, reverse=True)) + r")\b",
    re.IGNORECASE,
)

_TIME_PREPOSITION_RE = re.compile(
    r"\b(?:within|in|by|under|after|no later than|no more than|at most|inside(?: of)?"
    r"|for|every|each|takes?|of)\s+$",
    re.IGNORECASE,
)
_TIME_TAIL_RE = re.compile(
    r"(?:\s+(?:before|prior to|ahead of|out from|of|after|from)\s+(?:the\s+)?"
    r"(?:renewal|contract end|contract renewal|closed-?won|signature|kickoff|go-?live)"
    r"(?: date)?)?"
    r"(?:\s+(?:at the latest|max|maximum|tops))?",
    re.IGNORECASE,
)

_UNIT_BY_SECONDS = {
    60: DurationUnit.minutes,
    3600: DurationUnit.hours,
    86400: DurationUnit.days,
    604800: DurationUnit.weeks,
}


@dataclass(frozen=True)
class TimePhrase:
    """A duration read from text, with what it counts from and where it was."""

    duration: Duration
    anchor: SlaAnchor
    start: int
    end: int


def _amount(word: str) -> float:
    word = word.lower()
    return float(WORD_NUMBERS[word]) if word in WORD_NUMBERS else float(word)


def make_duration(amount: float, unit_word: str, business: bool) -> Duration:
    """A Duration from a number and any unit spelling ('hrs', 'wks', 'quarter')."""
    unit_word = unit_word.lower()
    if unit_word == "bd":
        return Duration(amount=amount, unit=DurationUnit.days, business=True)
    if unit_word.startswith("quarter"):
        amount, unit_word = amount * 3, "months"
    per_unit = _seconds_per(unit_word)
    unit = _UNIT_BY_SECONDS.get(per_unit)
    if unit is None:  # months: pytimeparse2 counts 30 days
        return Duration(
            amount=amount * per_unit / 86400, unit="days", business=business
        )
    return Duration(amount=amount, unit=unit, business=business)


@lru_cache(maxsize=64)
def _seconds_per(unit_word: str) -> int:
    return parse_seconds(f"1 {unit_word}") or 86400


def _anchor_after(text: str, end: int) -> SlaAnchor:
    if _BEFORE_RENEWAL_RE.match(text[end : end + 40]):
        return SlaAnchor.before_renewal
    return SlaAnchor.step_ready


def find_durations(text: str) -> list[TimePhrase]:
    """Every duration in the text, left to right; recurrences are not durations."""
    return list(_find_durations(text))


@lru_cache(maxsize=4096)
def _find_durations(text: str) -> tuple[TimePhrase, ...]:
    # Cached: a clause is read for its title, its SLA and its content words.
    taken = [m.span() for m in _RECURRENCE_RE.finditer(text)]
    phrases: list[TimePhrase] = []
    for match in _RUN_DAY_RE.finditer(text):
        duration = Duration(amount=float(match["num"]), unit="days", business=False)
        phrases.append(TimePhrase(duration, SlaAnchor.run_start, *match.span()))
    for regex in (_SPELLED_RE, _COMPACT_RE):
        for match in regex.finditer(text):
            if _overlaps(match.span(), taken + [(p.start, p.end) for p in phrases]):
                continue
            business = bool(match.groupdict().get("biz"))
            duration = make_duration(_amount(match["num"]), match["unit"], business)
            anchor = _anchor_after(text, match.end())
            phrases.append(TimePhrase(duration, anchor, *match.span()))
    phrases += _next_day_phrases(text, phrases)
    return tuple(sorted(phrases, key=lambda phrase: phrase.start))


def _next_day_phrases(text: str, found: list[TimePhrase]) -> list[TimePhrase]:
    phrases = []
    for match in _NEXT_DAY_RE.finditer(text):
        if _overlaps(match.span(), [(p.start, p.end) for p in found]):
            continue
        if match["asap"]:  # 'ASAP' is read as half a business day, and asked about
            duration = Duration(amount=4, unit="hours", business=True)
        else:  # 'by EOD' ends with the owner's business day
            business = bool(match["biz"] or match["eod"])
            duration = Duration(amount=1, unit="days", business=business)
        phrases.append(TimePhrase(duration, SlaAnchor.step_ready, *match.span()))
    return phrases


def _overlaps(span: tuple[int, int], spans: list[tuple[int, int]]) -> bool:
    return any(span[0] < end and start < span[1] for start, end in spans)


def find_recurrence(text: str) -> tuple[str, int] | None:
    """The recurrence named in the text ('every quarter' -> 'quarterly') and where."""
    match = _RECURRENCE_RE.search(text)
    if match is None:
        return None
    return _RECURRENCE[match.group(0).lower()], match.start()


def strip_time_phrases(text: str) -> str:
    """The text without its durations, recurrences and their prepositions."""
    spans = [(p.start, p.end) for p in find_durations(text)]
    spans += [m.span() for m in _RECURRENCE_RE.finditer(text)]
    for start, end in sorted(spans, reverse=True):
        lead = _TIME_PREPOSITION_RE.search(text[:start])
        start = lead.start() if lead else start
        end = end + len(_TIME_TAIL_RE.match(text, end)[0])
        text = text[:start] + " " + text[end:]
    return text
