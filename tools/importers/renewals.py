"""Derived contract facts: renewal dates, the export's own date, churn contradictions.

Most RavenStack subscriptions carry no end date. An open subscription renews at the end
of each billing period, so its next renewal is derived from its start date and billing
frequency (`domain.accounts.derive_renewal_date`), counted up to the export's own
"today": the newest date found in the export, so the same files always give the same
dates, whatever day they are imported.
"""

from __future__ import annotations

from datetime import date

from domain.accounts import BillingFrequency, derive_renewal_date
from tools.importers.batch import ImportBatch

DATED_FIELDS = {
    "usage": "usage_date",
    "subscriptions": "start_date",
    "tickets": "created_at",
    "churn_events": "churned_on",
    "activities": "occurred_at",
}


def export_date(batch: ImportBatch, today: date | None = None) -> date:
    """The newest date among the batch's usage, contracts, tickets and events.

    A date after `today` (the wall clock) cannot be a fact of the export: it is
    warned about once per row and ignored here, so one mistyped year does not move
    the as-of of every health score and brief to the future.
    """
    today = today or date.today()
    newest = date.min
    for entity, field in DATED_FIELDS.items():
        for row in batch.rows.get(entity, {}).values():
            value = row.values.get(field)
            if value is None:
                continue
            value = value if type(value) is date else value.date()
            if value > today:
                message = f"{value} is in the future: not used as the export's date"
                batch.warn("future_date", row.origin, field, message)
            else:
                newest = max(newest, value)
    return today if newest == date.min else newest


def derive_renewals(batch: ImportBatch, as_of: date) -> None:
    """Fill the renewal date of open subscriptions, flagged as derived."""
    for row in batch.rows.get("subscriptions", {}).values():
        values = row.values
        if values["renewal_date"] or not values["start_date"]:
            continue
        if not values["billing_frequency"]:
            message = "no end date and no billing frequency: renewal date unknown"
            batch.warn("renewal_unknown", row.origin, "end_date", message)
            continue
        frequency = BillingFrequency(values["billing_frequency"])
        values["renewal_date"] = derive_renewal_date(
            values["start_date"], frequency, as_of
        )
        values["renewal_date_derived"] = True
        message = f"no end date: renewal {values['renewal_date']} derived"
        batch.warn("derived_renewal_date", row.origin, "end_date", message)


def flag_churn_contradictions(batch: ImportBatch) -> None:
    """Warn about accounts flagged churned that still hold an open subscription."""
    open_accounts = {
        row.refs.get("account_id")
        for row in batch.rows.get("subscriptions", {}).values()
        if row.values["end_date"] is None
    }
    for row in batch.rows.get("accounts", {}).values():
        if row.values["churned"] and row.values["source_id"] in open_accounts:
            message = "churn flag set but a subscription is still open: kept both"
            batch.warn("churn_flag_contradiction", row.origin, "churned", message)
