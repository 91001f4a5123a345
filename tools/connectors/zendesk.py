"""Zendesk connector: organizations, users and tickets from the Support API.

Reads `/api/v2/organizations.json`, `/api/v2/users.json` and `/api/v2/tickets.json`
with cursor pagination (`page[size]=100`, then `links.next` while `meta.has_more`),
authenticated as `{email}/token:{api_token}` (HTTP basic). The API objects are the
ones a Zendesk JSON export holds, so the mapping is the `zendesk` importer's
(`tools.importers.zendesk_json`): organizations become accounts, end users contacts,
agents and admins people. Two differences of the live API are bridged here: the id is
`id` (exports write `_id`), and a ticket's requester is `requester_id` (the importer
reads the submitter, all an export gives it).

Known gap: every sync reads everything, and `/tickets.json` leaves out archived
tickets (closed for over 120 days). The incremental export
(`/api/v2/incremental/tickets/cursor.json`, from a stored cursor) would return those
and read only changes; CSAT (`satisfaction_rating`) and ticket metrics (first reply,
solved time) are not read yet.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator

import httpx

from tools.connectors.errors import ConnectorNotConfiguredError, Service
from tools.connectors.http import ApiClient, RetryPolicy
from tools.importers import zendesk_json as export
from tools.importers.batch import ImportBatch
from tools.settings import Settings

SERVICE = Service(
    "Zendesk", "the API token", "CSOPS_ZENDESK_EMAIL and CSOPS_ZENDESK_TOKEN"
)
PAGE_SIZE = 100


def open_zendesk(
    settings: Settings,
    policy: RetryPolicy | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> ApiClient:
    """An API client for one Zendesk account; raises naming any missing setting."""
    values = {
        "CSOPS_ZENDESK_SUBDOMAIN": settings.zendesk_subdomain,
        "CSOPS_ZENDESK_EMAIL": settings.zendesk_email,
        "CSOPS_ZENDESK_TOKEN": settings.zendesk_token,
    }
    missing = [name for name, value in values.items() if not value]
    if missing:
        raise ConnectorNotConfiguredError(SERVICE, missing)
    token = settings.zendesk_token.get_secret_value()
    http = httpx.Client(
        base_url=zendesk_url(settings.zendesk_subdomain),
        auth=httpx.BasicAuth(f"{settings.zendesk_email}/token", token),
        headers={"User-Agent": "csops"},
        timeout=httpx.Timeout(settings.connector_timeout_s),
    )
    return ApiClient(SERVICE, http, policy, sleep)


def zendesk_url(subdomain: str) -> str:
    """`https://acme.zendesk.com` from `acme`, `acme.zendesk.com` or the full URL."""
    host = subdomain.strip().removeprefix("https://").removeprefix("http://")
    host = host.split("/")[0].removesuffix(".zendesk.com")
    return f"https://{host}.zendesk.com"


def stage_zendesk(batch: ImportBatch, api: ApiClient) -> None:
    """Stage every organization, user and ticket of the account into `batch`."""
    for index, org in enumerate(records(api, "organizations"), 1):
        row = export._organization(_as_export(org))
        export._stage(batch, "accounts", row, "organizations", index)

    people: dict = {}
    for index, user in enumerate(records(api, "users"), 1):
        exported = _as_export(user)
        exported["timezone"] = user.get("iana_time_zone") or user.get("time_zone")
        people[exported["_id"]] = exported
        entity = "people" if user.get("role") in export.STAFF_ROLES else "contacts"
        export._stage(batch, entity, export._user(exported), "users", index)

    for index, ticket in enumerate(records(api, "tickets"), 1):
        row = export._ticket(_as_export(ticket), people)
        requester = people.get(ticket.get("requester_id"), {})
        row["requester_email"] = requester.get("email")
        export._stage(batch, "tickets", row, "tickets", index)


def records(api: ApiClient, resource: str) -> Iterator[dict]:
    """Every record of one list endpoint, page after page."""
    url = f"/api/v2/{resource}.json"
    for page in api.pages(url, {"page[size]": PAGE_SIZE}, _next_page):
        yield from page.get(resource, [])


def _next_page(body: dict) -> tuple[str, None] | None:
    has_more = (body.get("meta") or {}).get("has_more")
    following = (body.get("links") or {}).get("next")
    return (following, None) if has_more and following else None


def _as_export(record: dict) -> dict:
    """The record as an export writes it: its id under `_id`, first."""
    shaped = {"_id": record.get("id")}
    shaped.update((key, value) for key, value in record.items() if key != "id")
    return shaped
