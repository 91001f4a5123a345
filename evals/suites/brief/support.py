"""A record's support: the strings, ISO days and figures a claim citing it may use.

Built by the brief suite's scorer from store rows (`records`, `derived`), never from
the product's evidence, so scoring does not share the ground-check's blind spots.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")
ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
WINDOWS = (7, 14, 30, 60, 90, 180, 365)
"""Day windows the derived records speak of ("in the last 90 days")."""
MILESTONE_DAYS = (120, 90, 60, 30)
"""A renewal plan's steps, in days before the renewal date."""
TERM_DAYS = {"monthly": 30, "quarterly": 90, "semiannual": 182, "annual": 365}


@dataclass
class Support:
    """One record's strings (lower-cased), ISO days and figures."""

    blob: str = ""
    dates: set[str] = field(default_factory=set)
    numbers: set[float] = field(default_factory=set)

    def add_value(self, value: Any, as_of: date) -> None:
        if isinstance(value, bool) or value is None:
            return
        if isinstance(value, int | float | Decimal):
            self.numbers.add(abs(float(value)))
        elif isinstance(value, datetime | date):
            day = value.date() if isinstance(value, datetime) else value
            self.dates.add(day.isoformat())
            self.numbers.add(float(abs((day - as_of).days)))
        elif isinstance(value, str):
            self.add_text(value)
        elif isinstance(value, dict | list):
            items = value.values() if isinstance(value, dict) else value
            for item in items:
                self.add_value(item, as_of)

    def add_text(self, text: str) -> None:
        self.blob += " \n " + " ".join(text.split()).lower()
        self.dates |= set(ISO_DATE.findall(text))
        self.numbers |= {float(n.replace(",", "")) for n in NUMBER.findall(text)}

    def merge(self, other: Support) -> None:
        self.blob += other.blob
        self.dates |= other.dates
        self.numbers |= other.numbers


def row_support(row: Any, as_of: date) -> Support:
    """Support from every mapped column of a row."""
    support = Support()
    for column in row.__table__.columns:
        support.add_value(getattr(row, column.key), as_of)
    return support


def add_renewal_milestones(support: Support, subscription: Any) -> None:
    """The renewal plan's dates and the contract's term, derived from its row."""
    term = TERM_DAYS.get(subscription.billing_frequency or "")
    if term:
        support.numbers.add(float(term))
    if subscription.renewal_date is None:
        return
    for days in MILESTONE_DAYS:
        day = subscription.renewal_date - timedelta(days=days)
        support.dates.add(day.isoformat())
