"""Writes a staged `ImportBatch` into the store, resolving references to keys.

Entities are written parents first (`ENTITIES` is ordered), so that by the time a
ticket names its account by source id, that account has a store key. A reference that
cannot be resolved rejects the row when the link is required (a subscription without
its account is meaningless) and is dropped with a warning when it is optional (a
ticket from an unknown organization is still a ticket).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from tools.accounts.book import (
    AccountRow,
    AccountTeamRow,
    ContactRow,
    DealRow,
    PersonRow,
    Sourced,
    SubscriptionRow,
)
from tools.accounts.signals import (
    ActivityRow,
    ChurnEventRow,
    SurveyResponseRow,
    TicketRow,
    UsageRow,
)
from tools.accounts.upsert import source_keys, upsert_rows
from tools.importers.batch import ImportBatch, StagedRow


@dataclass(frozen=True)
class Ref:
    """A column that links to another entity's row by its source id."""

    column: str
    target: str
    required: bool = False


@dataclass(frozen=True)
class EntitySpec:
    model: type[Sourced]
    refs: tuple[Ref, ...] = ()


ACCOUNT = Ref("account_id", "accounts")
ENTITIES: dict[str, EntitySpec] = {
    "accounts": EntitySpec(AccountRow),
    "people": EntitySpec(PersonRow, (Ref("manager_id", "people"),)),
    "account_team": EntitySpec(
        AccountTeamRow,
        (Ref("account_id", "accounts", True), Ref("person_id", "people", True)),
    ),
    "contacts": EntitySpec(ContactRow, (ACCOUNT,)),
    "deals": EntitySpec(DealRow, (ACCOUNT,)),
    "subscriptions": EntitySpec(
        SubscriptionRow, (Ref("account_id", "accounts", True),)
    ),
    "usage": EntitySpec(UsageRow, (Ref("subscription_id", "subscriptions"), ACCOUNT)),
    "tickets": EntitySpec(TicketRow, (ACCOUNT,)),
    "survey_responses": EntitySpec(
        SurveyResponseRow, (ACCOUNT, Ref("contact_id", "contacts"))
    ),
    "activities": EntitySpec(ActivityRow, (ACCOUNT,)),
    "churn_events": EntitySpec(ChurnEventRow, (ACCOUNT,)),
}


def load_batch(session: Session, batch: ImportBatch, imported_at: datetime) -> None:
    """Write every staged entity of `batch`, parents first, counting into its report."""
    keys = _StoreKeys(session, batch.source_system)
    for entity, spec in ENTITIES.items():
        staged = batch.rows.get(entity)
        if not staged:
            continue
        rows = [_resolved(batch, entity, spec, row, keys) for row in staged.values()]
        rows = [row for row in rows if row is not None]
        counts = upsert_rows(
            session, spec.model, batch.source_system, rows, imported_at
        )
        report = batch.report.entity(entity)
        report.created, report.updated = counts.created, counts.updated
        report.unchanged = counts.unchanged
        keys.forget(entity)
    if "people" in batch.rows:
        _link_managers(session, batch, keys["people"])


class _StoreKeys:
    """Store keys by source id per entity, read when first needed."""

    def __init__(self, session: Session, source_system: str) -> None:
        self.session, self.source_system = session, source_system
        self._keys: dict[str, dict] = {}

    def __getitem__(self, entity: str) -> dict:
        if entity not in self._keys:
            self._keys[entity] = self._load(entity)
        return self._keys[entity]

    def forget(self, entity: str) -> None:
        self._keys.pop(entity, None)
        if entity == "subscriptions":
            self._keys.pop("subscription_accounts", None)

    def _load(self, entity: str) -> dict:
        if entity == "subscription_accounts":
            return _subscription_accounts(self.session, self.source_system)
        model = ENTITIES[entity].model
        return source_keys(self.session, model, self.source_system)


def _resolved(
    batch: ImportBatch, entity: str, spec: EntitySpec, row: StagedRow, keys: _StoreKeys
) -> dict | None:
    values = dict(row.values)
    for ref in spec.refs:
        source_id = row.refs.get(ref.column)
        key = keys[ref.target].get(source_id) if source_id else None
        if key is None and ref.required:
            reason = f"no {ref.target} row with source id {source_id!r}"
            batch.reject(entity, row.origin, ref.column, reason)
            return None
        if key is None and source_id and ref.column != "manager_id":
            message = f"unknown {ref.target} {source_id!r}: stored unlinked"
            batch.warn("unknown_reference", row.origin, ref.column, message)
        values[ref.column] = key
    if entity == "usage" and values["account_id"] is None:
        accounts = keys["subscription_accounts"]
        values["account_id"] = accounts.get(values["subscription_id"])
    return values


def _subscription_accounts(session: Session, source_system: str) -> dict[int, int]:
    query = select(SubscriptionRow.id, SubscriptionRow.account_id).where(
        SubscriptionRow.source_system == source_system
    )
    return dict(session.execute(query).all())


def _link_managers(session: Session, batch: ImportBatch, people: dict) -> None:
    """Second pass for managers staged in the same batch as their reports."""
    links = []
    for row in batch.rows["people"].values():
        manager = row.refs.get("manager_id")
        if manager and manager in people:
            person = people[row.values["source_id"]]
            links.append({"id": person, "manager_id": people[manager]})
    if links:
        session.execute(update(PersonRow), links)
