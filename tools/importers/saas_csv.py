"""The `saas-csv` format: a folder of accounts, subscriptions, usage, tickets, churn.

The folder is shaped like the RavenStack export: one CSV per entity, named
`*accounts.csv`, `*subscriptions.csv`, `*feature_usage.csv`, `*support_tickets.csv`
and `*churn_events.csv`, linked by `account_id` (usage by `subscription_id`). Only the
accounts file is required. Ticket first-response times arrive as minutes after
submission and become timestamps; resolution hours are kept in `attributes`.
"""

from __future__ import annotations

from pathlib import Path

from tools.importers.batch import ImportBatch
from tools.importers.column_map import ColumnMap, stage_mapped_csv
from tools.importers.renewals import flag_churn_contradictions
from tools.importers.report import RowOrigin

SAAS_FILES: dict[str, ColumnMap] = {
    "accounts.csv": ColumnMap(
        "accounts",
        {
            "source_id": "account_id",
            "name": "account_name",
            "industry": "industry",
            "country": "country",
            "signup_date": "signup_date",
            "plan_tier": "plan_tier",
            "seats": "seats",
            "churned": "churn_flag",
        },
    ),
    "subscriptions.csv": ColumnMap(
        "subscriptions",
        {
            "source_id": "subscription_id",
            "account": "account_id",
            "start_date": "start_date",
            "end_date": "end_date",
            "plan": "plan_tier",
            "seats": "seats",
            "mrr": "mrr_amount",
            "arr": "arr_amount",
            "is_trial": "is_trial",
            "billing_frequency": "billing_frequency",
            "auto_renew": "auto_renew_flag",
        },
    ),
    "feature_usage.csv": ColumnMap(
        "usage",
        {
            "source_id": "usage_id",
            "subscription": "subscription_id",
            "usage_date": "usage_date",
            "feature": "feature_name",
            "usage_count": "usage_count",
            "duration_seconds": "usage_duration_secs",
            "error_count": "error_count",
            "is_beta": "is_beta_feature",
        },
    ),
    "support_tickets.csv": ColumnMap(
        "tickets",
        {
            "source_id": "ticket_id",
            "account": "account_id",
            "created_at": "submitted_at",
            "resolved_at": "closed_at",
            "priority": "priority",
            "first_response_minutes": "first_response_time_minutes",
            "csat": "satisfaction_score",
            "escalated": "escalation_flag",
        },
    ),
    "churn_events.csv": ColumnMap(
        "churn_events",
        {
            "source_id": "churn_event_id",
            "account": "account_id",
            "churned_on": "churn_date",
            "reason_code": "reason_code",
            "refund_amount": "refund_amount_usd",
            "feedback": "feedback_text",
            "is_reactivation": "is_reactivation",
        },
    ),
}


class SaasFolderError(ValueError):
    """The folder does not look like a SaaS CSV export."""


def import_saas_folder(batch: ImportBatch, folder: Path) -> None:
    """Stage every known CSV of the folder, then check churn flags against contracts."""
    found = {suffix: _find(folder, suffix) for suffix in SAAS_FILES}
    if found["accounts.csv"] is None:
        expected = ", ".join(f"*{suffix}" for suffix in SAAS_FILES)
        raise SaasFolderError(
            f"no *accounts.csv in {folder}; a saas-csv folder holds {expected}"
        )
    for suffix, path in found.items():
        if path is not None:
            stage_mapped_csv(batch, path, SAAS_FILES[suffix])
        else:
            message = f"no *{suffix} in the folder: no {SAAS_FILES[suffix].entity}"
            batch.warn("missing_file", RowOrigin(f"*{suffix}", None), "", message)
    flag_churn_contradictions(batch)


def _find(folder: Path, suffix: str) -> Path | None:
    matches = sorted(folder.glob(f"*{suffix}"))
    return matches[0] if matches else None
