"""Daily feature usage of the demo book, shaped by each account's story.

Ninety days per feature, ending on the book's "today". Growing accounts ramp up,
declining ones fade to about half of where they started, steady ones hover; weekends
drop to a fifth of a weekday, and every count carries ±15% noise. Errors are rare,
except for accounts whose API or webhooks are in trouble, where they come in bursts
that line up with their rate-limit and webhook tickets.
"""

from __future__ import annotations

from datetime import timedelta

from tools.demo_data.book import DemoAccount, stage
from tools.importers.batch import ImportBatch

DAYS = 90
# feature: (share of seats using it on a weekday, seconds per use)
FEATURES = {
    "dashboards": (0.55, 95),
    "reports": (0.30, 240),
    "workflows": (0.25, 180),
    "api": (2.50, 1),
    "csv_export": (0.08, 40),
    "webhooks": (1.20, 1),
    "sso_login": (0.70, 6),
    "mobile_app": (0.15, 120),
    "alerts": (0.20, 15),
}
TREND = {"growing": (0.7, 1.3), "steady": (1.0, 1.0), "declining": (1.2, 0.5)}
ERROR_PRONE = ("api", "webhooks", "csv_export", "sso_login")


def stage_usage(batch: ImportBatch, account: DemoAccount) -> None:
    """Stage one row per used feature per day, zero-use days included."""
    account.reseed("usage")
    rng = account.rng
    features = sorted(rng.sample(sorted(FEATURES), rng.randint(4, 7)))
    adoption = rng.uniform(0.35, 1.0)
    troubled = account.story == "declining" or rng.random() < 0.25
    for feature in features:
        account.reseed(f"usage-{feature}")
        rng = account.rng
        for offset in range(DAYS):
            day = account.as_of - timedelta(days=DAYS - 1 - offset)
            scale = _trend(account.story, offset) * (0.2 if day.weekday() >= 5 else 1)
            expected = account.seats * FEATURES[feature][0] * adoption * scale
            count = max(0, round(expected * rng.uniform(0.85, 1.15)))
            errors = _errors(rng, feature, count, troubled)
            _stage_day(batch, account, feature, (offset, day), count, errors)


def _trend(story: str, offset: int) -> float:
    start, end = TREND[story]
    return start + (end - start) * offset / (DAYS - 1)


def _errors(rng, feature: str, count: int, troubled: bool) -> int:
    # Three draws whatever the branch, so a zero-use weekend shifts nothing after it.
    burst, size, noise = rng.random(), rng.uniform(0.03, 0.12), rng.uniform(0.5, 1.5)
    if feature not in ERROR_PRONE:
        return 0
    rate = size if troubled and burst < 0.15 else 0.002
    return round(count * rate * noise)


def _stage_day(batch, account: DemoAccount, feature, when, count, errors) -> None:
    # Keyed by day offset, not date: a re-run on a later day moves every row in
    # place, so the window never holds two rows for one feature and date.
    offset, day = when
    values = {
        "source_id": f"{account.source_id}-usage-{feature}-d{offset:02d}",
        "usage_date": day,
        "feature": feature,
        "usage_count": count,
        "duration_seconds": count * FEATURES[feature][1],
        "error_count": errors,
        "is_beta": feature == "mobile_app",
    }
    stage(batch, "usage", values, account_id=account.source_id)
