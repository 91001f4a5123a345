"""A realistic, deterministic sample book of business: `csops demo-data`.

`write_demo_data` plans about fifty fictional customers (companies across industries,
segments and time zones, each with a story: growing, steady or declining), generates
their account team, contacts, contracts, deals, 90 days of feature usage, tickets, NPS
answers and activities, writes them through the importers' loader under source system
`demo`, then rescores health.

Determinism: all randomness comes from `random.Random` seeded with `seed`, so the same
seed and the same `as_of` give the same rows, byte for byte. `as_of` ("today" of the
book) defaults to the real today so that renewals are always 1 to 12 months ahead;
pass a fixed date for a fully reproducible book. Running again updates rows in place
(keys are stable source ids such as `demo-acc-007-ticket-003`) and never duplicates;
on the same day with the same seed it changes nothing.
"""

from __future__ import annotations

import logging
import time
from datetime import date
from pathlib import Path

from tools.db import Database
from tools.demo_data.book import (
    MAX_ACCOUNTS,
    SOURCE_SYSTEM,
    DemoAccount,
    plan_book,
    stage,
)
from tools.demo_data.contracts import stage_contracts
from tools.demo_data.people import (
    stage_account_team,
    stage_contacts,
    stage_vendor_people,
)
from tools.demo_data.tickets import stage_tickets
from tools.demo_data.usage import stage_usage
from tools.demo_data.voice import stage_activities, stage_nps
from tools.importers import write_batch
from tools.importers.batch import ImportBatch
from tools.importers.report import ImportReport

logger = logging.getLogger(__name__)

DEFAULT_ACCOUNTS = 50
DEFAULT_SEED = 7

__all__ = [
    "DEFAULT_ACCOUNTS",
    "DEFAULT_SEED",
    "MAX_ACCOUNTS",
    "SOURCE_SYSTEM",
    "build_demo_batch",
    "write_demo_data",
]


def write_demo_data(
    database: Database,
    *,
    accounts: int = DEFAULT_ACCOUNTS,
    seed: int = DEFAULT_SEED,
    as_of: date | None = None,
) -> ImportReport:
    """Write the demo book into `database` in one transaction and rescore health.

    Returns the same report an import gives: rows created, updated and unchanged per
    entity. Raises `ValueError` when `accounts` is outside 1..`MAX_ACCOUNTS`.
    """
    started = time.perf_counter()
    as_of = as_of or date.today()
    batch = build_demo_batch(accounts=accounts, seed=seed, as_of=as_of)
    write_batch(database, batch, as_of)
    batch.report.seconds = time.perf_counter() - started
    logger.info(
        "demo book of %d accounts written in %.2fs", accounts, batch.report.seconds
    )
    return batch.report


def build_demo_batch(*, accounts: int, seed: int, as_of: date) -> ImportBatch:
    """The demo book staged as an import batch, without touching a database."""
    batch = ImportBatch(ImportReport("demo", Path("demo"), SOURCE_SYSTEM))
    stage_vendor_people(batch)
    for account in plan_book(seed, accounts, as_of):
        _stage_account(batch, account)
    return batch


def _stage_account(batch: ImportBatch, account: DemoAccount) -> None:
    stage(batch, "accounts", _account_values(account))
    stage_account_team(batch, account)
    stage_contacts(batch, account)
    stage_contracts(batch, account)
    stage_usage(batch, account)
    stage_tickets(batch, account)
    stage_nps(batch, account)
    stage_activities(batch, account)


def _account_values(account: DemoAccount) -> dict:
    return {
        "source_id": account.source_id,
        "name": account.name,
        "domain": account.domain,
        "industry": account.industry,
        "country": account.country,
        "time_zone": account.time_zone,
        "plan_tier": account.plan,
        "seats": account.seats,
        "signup_date": account.signup_date,
        "churned": False,
        "attributes": {"segment": account.segment},
    }
