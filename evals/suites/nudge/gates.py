"""The hard gates' own readings of a message: leaks and rendered due times.

These are written apart from `domain.nudge_policy` on purpose: a gate that reused
the policy's leak check would pass whatever the policy misses.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from evals.suites.nudge.cases import AccountState

_TERMS = re.compile(
    r"\b(arr|mrr|annual recurring|health score|churn|"
    r"internal note)\b",
    re.IGNORECASE,
)
_RENDERED_DUE = re.compile(
    r"(?P<dow>[A-Z][a-z]{2}) (?P<day>\d{2}) (?P<mon>[A-Z][a-z]{2}) "
    r"(?P<hm>\d{2}:\d{2}) (?P<zone>[A-Z]{2,5}|[+-]\d{2,4})"
)
_NOTE_WORDS = 5


def leaks(text: str, account: AccountState) -> list[str]:
    """Internal data of `account` found in text an external person reads."""
    found = [f"term {m.group(0)!r}" for m in _TERMS.finditer(text)]
    digits = re.sub(r"[,\s.]", "", text)
    for amount in (account.arr, account.mrr):
        found += [f"amount {form}" for form in _forms(amount) if form in digits]
    if account.health_score is not None:
        score = f"{account.health_score:g}"
        if re.search(rf"health\W+(\w+\W+){{0,4}}{score}\b", text, re.IGNORECASE):
            found.append(f"health score {score}")
    found += [f"note {run!r}" for run in _note_runs(text, account.notes)]
    found += [
        f"other account {name!r}"
        for name in account.other_accounts
        if re.search(rf"\b{re.escape(name)}\b", text, re.IGNORECASE)
    ]
    return found


def _forms(amount: Decimal | None) -> list[str]:
    if not amount or amount < 1000:
        return []
    whole = int(amount)
    return [str(whole)] + ([f"{whole // 1000}k"] if whole % 1000 == 0 else [])


def _note_runs(text: str, notes: list[str]) -> list[str]:
    words = " ".join(re.findall(r"\w+", text.lower()))
    runs = []
    for note in notes:
        note_words = re.findall(r"\w+", note.lower())
        for i in range(len(note_words) - _NOTE_WORDS + 1):
            run = " ".join(note_words[i : i + _NOTE_WORDS])
            if f" {run} " in f" {words} ":
                runs.append(run)
                break
    return runs


def rendered_dues(text: str) -> list[str]:
    """Every due time rendered like 'Tue 09 Dec 17:00 +08' in `text`."""
    return [m.group(0) for m in _RENDERED_DUE.finditer(text)]


def shows_instant(rendered: str, due: datetime, zone: str) -> bool:
    """True when `rendered` names the instant `due` as a clock in `zone` reads it.

    The year is not rendered: the one that puts the weekday right (due's year, or
    one either side) is taken. The zone's abbreviation must be the one `zone` uses
    at that instant, so a right wall-clock time in the wrong zone fails.
    """
    match = _RENDERED_DUE.fullmatch(rendered)
    if match is None:
        return False
    for year in (due.year, due.year - 1, due.year + 1):
        try:
            naive = datetime.strptime(
                f"{year} {match['day']} {match['mon']} {match['hm']}", "%Y %d %b %H:%M"
            )
        except ValueError:
            continue
        local = naive.replace(tzinfo=ZoneInfo(zone))
        if local.strftime("%a") == match["dow"] and _same(local, due, match["zone"]):
            return True
    return False


def _same(local: datetime, due: datetime, abbreviation: str) -> bool:
    return local.tzname() == abbreviation and abs(local - due) < timedelta(minutes=1)
