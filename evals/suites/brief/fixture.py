"""Account fixtures: one account written inline in a case, loaded into a fresh store.

A fixture is the compact JSON a case author writes (the account, its team, contacts,
deals, subscriptions, usage summary rows, tickets, NPS answers, notes and churn
events). It is staged through the importers' own mappers (`tools.importers.entities`)
and written by their loader, so the brief reads exactly what an import would have
stored; renewal dates are derived and health is scored on the case's as-of day.
A row the mappers reject makes the case "could not score", never a crash.
"""

from __future__ import annotations

import tempfile
import threading
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from evals.scoring import CouldNotScore
from tools.db import Database, open_database
from tools.importers import write_batch
from tools.importers.batch import ImportBatch
from tools.importers.entities import stage
from tools.importers.renewals import derive_renewals
from tools.importers.report import ImportReport

SOURCE_SYSTEM = "eval"
# Alembic keeps the running migration's config in module globals, so two threads
# upgrading two fresh stores at once trip over each other ("KeyError: 'config'").
_MIGRATING = threading.Lock()
Row = dict[str, Any]


class UsageSummary(BaseModel):
    """One feature used the same amount every day of a date range."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    feature: str
    first_day: date = Field(alias="from")
    last_day: date = Field(alias="to")
    per_day: int = Field(ge=0)
    errors_per_day: int = Field(0, ge=0)


class AccountFixture(BaseModel):
    """One account as a case author writes it; rows use csops field names."""

    model_config = ConfigDict(extra="forbid")

    account: Row = Field(description="Needs 'source_id' and 'name'.")
    team: list[Row] = Field(default_factory=list, description="name, role, email")
    contacts: list[Row] = Field(default_factory=list)
    deals: list[Row] = Field(default_factory=list)
    subscriptions: list[Row] = Field(default_factory=list)
    usage: list[UsageSummary] = Field(default_factory=list)
    tickets: list[Row] = Field(default_factory=list)
    nps: list[Row] = Field(default_factory=list)
    notes: list[Row] = Field(default_factory=list, description="Activities.")
    churn_events: list[Row] = Field(default_factory=list)

    @property
    def source_id(self) -> str:
        return str(self.account.get("source_id", ""))


def fixture_batch(fixture: AccountFixture) -> ImportBatch:
    """The fixture staged as an import batch; rejections are in its report."""
    batch = ImportBatch(ImportReport("eval-fixture", Path("fixture"), SOURCE_SYSTEM))
    owner = fixture.source_id
    _stage(batch, "accounts", [fixture.account], owner)
    _stage_team(batch, fixture.team, owner)
    _stage(batch, "contacts", fixture.contacts, owner)
    _stage(batch, "deals", fixture.deals, owner)
    _stage(batch, "subscriptions", fixture.subscriptions, owner)
    _stage(batch, "usage", _usage_rows(fixture.usage), owner)
    _stage(batch, "tickets", fixture.tickets, owner)
    _stage(batch, "survey_responses", fixture.nps, owner)
    _stage(batch, "activities", fixture.notes, owner)
    _stage(batch, "churn_events", fixture.churn_events, owner)
    return batch


def load_fixture(fixture: AccountFixture, as_of: date, directory: Path) -> Database:
    """A new SQLite store in `directory` holding only the fixture's account.

    Raises:
        CouldNotScore: a fixture row was rejected by the importers' mappers.
    """
    batch = fixture_batch(fixture)
    if batch.report.rejections:
        first = batch.report.rejections[0]
        raise CouldNotScore(
            f"fixture {first.entity} row {first.line} rejected: "
            f"{first.field}: {first.reason}"
        )
    derive_renewals(batch, as_of)
    with _MIGRATING:
        database = open_database(f"sqlite:///{directory}/csops.db")
    write_batch(database, batch, as_of)
    return database


def scratch_directory() -> tempfile.TemporaryDirectory:
    """A directory for one case's store, removed when the case is done."""
    return tempfile.TemporaryDirectory(prefix="csops-eval-brief-")


def _stage(batch: ImportBatch, entity: str, rows: list[Row], owner: str) -> None:
    for line, row in enumerate(rows, 1):
        raw = {"account": owner, **row}
        raw.setdefault("source_id", f"{owner}-{entity}-{line}")
        stage(batch, entity, batch.reader(raw, f"fixture:{entity}", line))


def _stage_team(batch: ImportBatch, team: list[Row], owner: str) -> None:
    people = [{k: v for k, v in m.items() if k != "role"} for m in team]
    for line, person in enumerate(people, 1):
        person.setdefault("source_id", f"{owner}-person-{line}")
    _stage(batch, "people", people, owner)
    seats = [
        {"role": member.get("role"), "person": person["source_id"]}
        for member, person in zip(team, people, strict=True)
    ]
    _stage(batch, "account_team", seats, owner)


def _usage_rows(summaries: list[UsageSummary]) -> list[Row]:
    rows = []
    for summary in summaries:
        day = summary.first_day
        while day <= summary.last_day:
            rows.append(
                {
                    "source_id": f"use-{summary.feature}-{day.isoformat()}",
                    "feature": summary.feature,
                    "usage_date": day.isoformat(),
                    "usage_count": summary.per_day,
                    "error_count": summary.errors_per_day,
                }
            )
            day += timedelta(days=1)
    return rows
