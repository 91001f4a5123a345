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
    rf"(?<![\w-])(?P<num>-?\d+(?:\.\d+)?|{_NUMBER_WORDS})\s+"
    r"(?:calendar |(?P<biz>business |working |biz |bus\. ))?"
    r"(?P<unit>minutes?|mins?|hours?|hrs?|days?|weeks?|wks?|fortnights?|months?|"
    r"quarters?|years?|yrs?)"
    r"(?![\w-])",
    re.IGNORECASE,
)
_COMPACT_RE = re.compile(
    r"(?<![\w-])(?P<num>-?\d+(?:\.\d+)?)\s?(?P<unit>bd|h|hrs?|d|w|m|mins?)(?![\w-])",
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
    r"day|close of business)\b)|(?P<asap>\b(?:(?-i:ASAP)|as soon as possible)\b)|"
    r"(?P<period>\b(?:by |at )?(?:the )?end of (?:the )?"
    r"(?P<unit>week|month|quarter)\b)",
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
    "every 24 hours": "daily",
    "every 24 hrs": "daily",
}
# 'weekly active users' names a usage metric, not how often a step repeats
_RECURRENCE_RE = re.compile(
    r"\b(?:" + "|".join(sorted(_RECURRENCE, key=len, reverse=True)) + r")\b"
    r"(?! active)",
    re.IGNORECASE,
)

_TIME_PREPOSITION_RE = re.compile(
    r"\b(?:(?:within|in|during|over) (?:the )?(?:first|next)|within|in|by|under|"
    r"after|no later than|no more than|at most|inside(?: of)?|for|every|each|takes?|"
    r"of)\s+$",
    re.IGNORECASE,
)
_TIME_TAIL_RE = re.compile(
    r"(?:\s+(?:before|prior to|ahead of|out from|of|after|from)\s+(?:the\s+)?"
    r"(?:renewal|contract end|contract renewal|closed-?won|signature|kickoff|go-?live)"
    r"(?: date)?)?"
    r"(?:\s+(?:at the latest|max|maximum|tops))?",
    re.IGNORECASE,
)

# 'by end of month' is a calendar deadline csops cannot hold: it is read as the
# length of that period from when the step is ready, and the designer asks.
_PERIOD_ENDS = {
    "week": Duration(amount=5, unit="days", business=True),
    "month": Duration(amount=30, unit="days", business=False),
    "quarter": Duration(amount=90, unit="days", business=False),
}
# Two years: past this an SLA is a typo or a test of the parser, not a deadline.
MAX_SLA_MINUTES = 2 * 365 * 24 * 60
_RUN_START_RE = re.compile(r"\b(?:the )?first\s+$", re.IGNORECASE)

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
    if unit_word.startswith("fortnight"):
        return Duration(amount=amount * 14, unit=DurationUnit.days, business=False)
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


def _anchor_at(text: str, start: int, end: int) -> SlaAnchor:
    if _BEFORE_RENEWAL_RE.match(text[end : end + 40]):
        return SlaAnchor.before_renewal
    if _RUN_START_RE.search(text[max(0, start - 12) : start]):
        return SlaAnchor.run_start  # 'within the first 30 days' of the run
    return SlaAnchor.step_ready


def find_durations(text: str) -> list[TimePhrase]:
    """Every usable duration in the text, left to right; recurrences are not."""
    return list(_find_durations(text)[0])


def unusable_durations(text: str) -> list[str]:
    """Durations written but not usable as an SLA: zero, negative or over 2 years."""
    return list(_find_durations(text)[1])


@lru_cache(maxsize=4096)
def _find_durations(text: str) -> tuple[tuple[TimePhrase, ...], tuple[str, ...]]:
    # Cached: a clause is read for its title, its SLA and its content words.
    taken = [m.span() for m in _RECURRENCE_RE.finditer(text)]
    phrases: list[TimePhrase] = []
    unusable: list[str] = []
    for match in _RUN_DAY_RE.finditer(text):
        duration = Duration(amount=float(match["num"]), unit="days", business=False)
        phrases.append(TimePhrase(duration, SlaAnchor.run_start, *match.span()))
    for regex in (_SPELLED_RE, _COMPACT_RE):
        for match in regex.finditer(text):
            if _overlaps(match.span(), taken + [(p.start, p.end) for p in phrases]):
                continue
            amount = _amount(match["num"])
            business = bool(match.groupdict().get("biz"))
            duration = _usable(amount, match["unit"], business)
            if duration is None:
                unusable.append(match[0])
                taken.append(match.span())
                continue
            anchor = _anchor_at(text, match.start(), match.end())
            phrases.append(TimePhrase(duration, anchor, *match.span()))
    phrases += _next_day_phrases(text, phrases)
    phrases = _restated(text, sorted(phrases, key=lambda p: p.start))
    return tuple(phrases), tuple(unusable)


def _restated(text: str, phrases: list[TimePhrase]) -> list[TimePhrase]:
    """'a fortnight (10 business days)': the exact restatement in brackets wins."""
    kept = []
    for index, phrase in enumerate(phrases):
        following = phrases[index + 1] if index + 1 < len(phrases) else None
        gap = text[phrase.end : following.start] if following else ""
        if not re.fullmatch(r"\s*\(\s*(?:or |i\.?e\.? |that is )?", gap):
            kept.append(phrase)
    return kept


def _usable(amount: float, unit_word: str, business: bool) -> Duration | None:
    """The Duration, or None when it cannot be an SLA (a Duration must be > 0)."""
    if not 0 < amount < 1e9:
        return None
    duration = make_duration(amount, unit_word, business)
    return duration if duration.working_minutes <= MAX_SLA_MINUTES else None


def _next_day_phrases(text: str, found: list[TimePhrase]) -> list[TimePhrase]:
    phrases = []
    for match in _NEXT_DAY_RE.finditer(text):
        if _overlaps(match.span(), [(p.start, p.end) for p in found]):
            continue
        if match["asap"]:  # 'ASAP' is read as half a business day, and asked about
            duration = Duration(amount=4, unit="hours", business=True)
        elif match["period"]:
            duration = _PERIOD_ENDS[match["unit"].lower()]
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
    for phrase in unusable_durations(text):
        start = text.find(phrase)
        spans += [(start, start + len(phrase))] if start >= 0 else []
    for start, end in sorted(spans, reverse=True):
        lead = _TIME_PREPOSITION_RE.search(text[:start])
        start = lead.start() if lead else start
        end = end + len(_TIME_TAIL_RE.match(text, end)[0])
        text = text[:start] + " " + text[end:]
    return text
