"""Canonical row shapes: how a source row, renamed to csops field names, is staged.

Every file format ends here. `saas-csv` and `csv` rename source columns to the field
names below with a column map; the JSON importers build the same dicts. Each mapper
reads its fields through a `RowReader` (which reports dirt) and returns the column
values plus references by source id; columns it does not know are kept under
`attributes` where the table has one, so nothing in the export is lost.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

from domain.accounts import (
    ActivityKind,
    BillingFrequency,
    ContactRole,
    SurveyKind,
    TeamRole,
)
from tools.importers.batch import ImportBatch, StagedRow
from tools.importers.fields import FieldError, RowReader
from tools.importers.timezones import zone_for_country

Staged = tuple[dict[str, Any], dict[str, str]]


def stage(batch: ImportBatch, entity: str, reader: RowReader) -> StagedRow | None:
    """Map one canonical row into `batch`, or reject it with the failing field."""
    batch.read(entity)
    try:
        values, refs = MAPPERS[entity](reader)
    except FieldError as error:
        batch.reject(entity, reader.origin, error.field, error.reason)
        return None
    row = StagedRow(values, reader.origin, refs)
    batch.add(entity, row)
    return row


def _non_negative(reader: RowReader, field: str) -> int | None:
    """A count that cannot be negative (seats, uses)."""
    value = reader.integer(field)
    if value is not None and value < 0:
        raise FieldError(field, f"must be 0 or more, got {value}")
    return value


def _choice(reader: RowReader, field: str, choices: type, default=None):
    value = reader.text(field)
    if value is None:
        return default
    try:
        return choices(value.lower().replace(" ", "_"))
    except ValueError:
        allowed = ", ".join(choices)
        raise FieldError(field, f"{value!r} is not one of {allowed}") from None


def _account(r: RowReader) -> Staged:
    country = r.country("country")
    time_zone = r.time_zone("time_zone")
    if time_zone is None and country:
        time_zone = zone_for_country(country)
    values = {
        "source_id": r.text("source_id", required=True),
        "name": r.text("name", required=True),
        "domain": r.text("domain"),
        "industry": r.text("industry"),
        "country": country,
        "time_zone": time_zone,
        "plan_tier": r.text("plan_tier"),
        "seats": _non_negative(r, "seats"),
        "signup_date": r.date("signup_date"),
        "churned": r.boolean("churned"),
        "attributes": r.raw.get("attributes", {}),
    }
    return values, {}


def _person(r: RowReader) -> Staged:
    values = {
        "source_id": r.text("source_id", required=True),
        "name": r.text("name", required=True),
        "email": r.text("email"),
        "title": r.text("title"),
        "time_zone": r.time_zone("time_zone"),
        "attributes": r.raw.get("attributes", {}),
    }
    return values, {"manager_id": r.text("manager")}


def _team_seat(r: RowReader) -> Staged:
    values = {
        "source_id": r.text("source_id", required=True),
        "role": _choice(r, "role", TeamRole).value,
    }
    return values, {"account_id": r.text("account"), "person_id": r.text("person")}


def _contact(r: RowReader) -> Staged:
    values = {
        "source_id": r.text("source_id", required=True),
        "name": r.text("name", required=True),
        "email": r.text("email"),
        "title": r.text("title"),
        "phone": r.text("phone"),
        "role": _choice(r, "role", ContactRole, ContactRole.user).value,
        "time_zone": r.time_zone("time_zone"),
        "attributes": r.raw.get("attributes", {}),
    }
    return values, {"account_id": r.text("account")}


def _deal(r: RowReader) -> Staged:
    stage_name = r.text("stage")
    closed = (stage_name or "").lower().startswith("closed")
    values = {
        "source_id": r.text("source_id", required=True),
        "name": r.text("name", required=True),
        "stage": stage_name,
        "amount": r.decimal("amount"),
        "close_date": r.date("close_date"),
        "owner_name": r.text("owner_name"),
        "is_closed": r.boolean("is_closed", default=closed),
        "is_won": r.boolean("is_won", default=closed and "won" in stage_name.lower()),
        "terms": r.text("terms"),
        "notes": r.text("notes"),
    }
    return values, {"account_id": r.text("account")}


def _subscription(r: RowReader) -> Staged:
    frequency = _choice(r, "billing_frequency", BillingFrequency)
    end_date = r.date("end_date")
    values = {
        "source_id": r.text("source_id", required=True),
        "plan": r.text("plan"),
        "seats": _non_negative(r, "seats"),
        "mrr": r.decimal("mrr"),
        "arr": r.decimal("arr"),
        "start_date": r.date("start_date"),
        "end_date": end_date,
        "renewal_date": r.date("renewal_date") or end_date,
        "renewal_date_derived": False,
        "billing_frequency": frequency and frequency.value,
        "auto_renew": r.boolean("auto_renew", default=None),
        "is_trial": r.boolean("is_trial"),
        "attributes": r.raw.get("attributes", {}),
    }
    return values, {"account_id": r.text("account")}


def _usage(r: RowReader) -> Staged:
    values = {
        "source_id": r.text("source_id", required=True),
        "usage_date": r.date("usage_date", required=True),
        "feature": r.text("feature", required=True),
        "usage_count": r.integer("usage_count") or 0,
        "duration_seconds": r.integer("duration_seconds") or 0,
        "error_count": r.integer("error_count") or 0,
        "is_beta": r.boolean("is_beta"),
    }
    refs = {"account_id": r.text("account"), "subscription_id": r.text("subscription")}
    return values, refs


def _ticket(r: RowReader) -> Staged:
    created = r.datetime("created_at")
    first_response = r.datetime("first_response_at")
    minutes = r.integer("first_response_minutes")
    if first_response is None and created and minutes is not None:
        first_response = created + timedelta(minutes=minutes)
    resolved = r.datetime("resolved_at")
    values = {
        "source_id": r.text("source_id", required=True),
        "subject": r.text("subject"),
        "body": r.text("body"),
        "priority": (r.text("priority") or "").lower() or None,
        "status": r.text("status") or ("closed" if resolved else "open"),
        "kind": r.text("kind"),
        "requester_email": r.text("requester_email"),
        "assignee_name": r.text("assignee_name"),
        "created_at": created,
        "first_response_at": first_response,
        "resolved_at": resolved,
        "due_at": r.datetime("due_at"),
        "csat": _csat(r),
        "escalated": r.boolean("escalated"),
        "attributes": r.raw.get("attributes", {}),
    }
    return values, {"account_id": r.text("account")}


def _csat(r: RowReader) -> int | None:
    score = r.integer("csat")
    if score is None and "csat" in r.raw:
        r.warn("blank_csat", "csat", "no CSAT answer: stored as not rated")
    if score is not None and not 1 <= score <= 5:
        raise FieldError("csat", f"CSAT must be 1-5, got {score}")
    return score


def _survey(r: RowReader) -> Staged:
    kind = _choice(r, "kind", SurveyKind, SurveyKind.nps)
    score = r.integer("score", required=True)
    if not (0 <= score <= 10 if kind is SurveyKind.nps else 1 <= score <= 5):
        raise FieldError("score", f"{score} is out of range for {kind.value}")
    values = {
        "source_id": r.text("source_id", required=True),
        "kind": kind.value,
        "score": score,
        "comment": r.text("comment"),
        "responded_at": r.datetime("responded_at"),
    }
    return values, {"account_id": r.text("account"), "contact_id": r.text("contact")}


def _activity(r: RowReader) -> Staged:
    values = {
        "source_id": r.text("source_id", required=True),
        "kind": _choice(r, "kind", ActivityKind, ActivityKind.note).value,
        "subject": r.text("subject"),
        "body": r.text("body"),
        "occurred_at": r.datetime("occurred_at"),
        "author_name": r.text("author_name"),
    }
    return values, {"account_id": r.text("account")}


def _churn_event(r: RowReader) -> Staged:
    values = {
        "source_id": r.text("source_id", required=True),
        "churned_on": r.date("churned_on"),
        "reason_code": r.text("reason_code"),
        "feedback": r.text("feedback"),
        "refund_amount": r.decimal("refund_amount"),
        "is_reactivation": r.boolean("is_reactivation"),
        "attributes": r.raw.get("attributes", {}),
    }
    return values, {"account_id": r.text("account")}


FIELDS: dict[str, tuple[str, ...]] = {
    "accounts": (
        *("source_id", "name", "domain", "industry", "country", "time_zone"),
        *("plan_tier", "seats", "signup_date", "churned"),
    ),
    "people": ("source_id", "name", "email", "title", "time_zone", "manager"),
    "account_team": ("source_id", "role", "account", "person"),
    "contacts": (
        *("source_id", "account", "name", "email", "title", "phone", "role"),
        "time_zone",
    ),
    "deals": (
        *("source_id", "account", "name", "stage", "amount", "close_date"),
        *("owner_name", "is_closed", "is_won", "terms", "notes"),
    ),
    "subscriptions": (
        *("source_id", "account", "plan", "seats", "mrr", "arr", "start_date"),
        *("end_date", "renewal_date", "billing_frequency", "auto_renew", "is_trial"),
    ),
    "usage": (
        *("source_id", "account", "subscription", "usage_date", "feature"),
        *("usage_count", "duration_seconds", "error_count", "is_beta"),
    ),
    "tickets": (
        *("source_id", "account", "subject", "body", "priority", "status", "kind"),
        *("requester_email", "assignee_name", "created_at", "first_response_at"),
        *("first_response_minutes", "resolved_at", "due_at", "csat", "escalated"),
    ),
    "survey_responses": (
        *("source_id", "account", "contact", "kind", "score", "comment"),
        "responded_at",
    ),
    "activities": (
        *("source_id", "account", "kind", "subject", "body", "occurred_at"),
        "author_name",
    ),
    "churn_events": (
        *("source_id", "account", "churned_on", "reason_code", "feedback"),
        *("refund_amount", "is_reactivation"),
    ),
}
"""The csops field names each entity reads: the keys a column map may use."""

MAPPERS: dict[str, Callable[[RowReader], Staged]] = {
    "accounts": _account,
    "people": _person,
    "account_team": _team_seat,
    "contacts": _contact,
    "deals": _deal,
    "subscriptions": _subscription,
    "usage": _usage,
    "tickets": _ticket,
    "survey_responses": _survey,
    "activities": _activity,
    "churn_events": _churn_event,
}
