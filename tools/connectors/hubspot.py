"""HubSpot connector: companies, contacts and deals from the CRM v3 objects API.

Reads `GET /crm/v3/objects/{companies,contacts,deals}` with a private-app token
(Bearer), 100 records a page, following `paging.next.after` until a page has no
`paging`. Contacts and deals are read with `associations=companies`, which is how they
are linked to their account. Companies become accounts, contacts become contacts, deals
become deals; every property csops has no column for is kept under `attributes`.

Known gap: deal owners stay ids (reading `/crm/v3/owners` would name them), only the
primary company association is kept, and archived records are never removed from the
store; a sync reads everything rather than what changed since the last one.

Scopes the private app needs: `crm.objects.companies.read`,
`crm.objects.contacts.read`, `crm.objects.deals.read`.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator

import httpx

from tools.connectors.errors import ConnectorNotConfiguredError, Service
from tools.connectors.http import ApiClient, RetryPolicy
from tools.importers.batch import ImportBatch
from tools.importers.entities import stage
from tools.settings import Settings

HUBSPOT_URL = "https://api.hubapi.com"
SERVICE = Service("HubSpot", "the token", "CSOPS_HUBSPOT_TOKEN")
PAGE_SIZE = 100

COMPANY_PROPERTIES = ("name", "domain", "industry", "country", "city", "timezone")
CONTACT_PROPERTIES = ("firstname", "lastname", "email", "jobtitle", "phone")
DEAL_PROPERTIES = (
    "dealname",
    "amount",
    "closedate",
    "dealstage",
    "hs_is_closed",
    "hs_is_closed_won",
)
COMMON_PROPERTIES = ("hs_object_id", "createdate", "hs_lastmodifieddate")


def open_hubspot(
    settings: Settings,
    policy: RetryPolicy | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> ApiClient:
    """An API client for HubSpot; raises when `CSOPS_HUBSPOT_TOKEN` is not set."""
    if settings.hubspot_token is None:
        raise ConnectorNotConfiguredError(SERVICE, ["CSOPS_HUBSPOT_TOKEN"])
    token = settings.hubspot_token.get_secret_value()
    http = httpx.Client(
        base_url=HUBSPOT_URL,
        headers={"Authorization": f"Bearer {token}", "User-Agent": "csops"},
        timeout=httpx.Timeout(settings.connector_timeout_s),
    )
    return ApiClient(SERVICE, http, policy, sleep)


def stage_hubspot(batch: ImportBatch, api: ApiClient) -> None:
    """Stage every company, contact and deal HubSpot lists into `batch`."""
    for index, company in enumerate(records(api, "companies", COMPANY_PROPERTIES), 1):
        reader = batch.reader(_company(company), "companies", index)
        if reader.raw["name"] and not company["properties"].get("name"):
            reader.warn("name_from_domain", "name", "no company name: used domain")
        stage(batch, "accounts", reader)

    contacts = records(api, "contacts", CONTACT_PROPERTIES, "companies")
    for index, contact in enumerate(contacts, 1):
        reader = batch.reader(_contact(contact), "contacts", index)
        if reader.raw["name"] == reader.raw["email"] and reader.raw["email"]:
            reader.warn("name_from_email", "name", "no first or last name: used email")
        stage(batch, "contacts", reader)

    deals = records(api, "deals", DEAL_PROPERTIES, "companies")
    for index, deal in enumerate(deals, 1):
        stage(batch, "deals", batch.reader(_deal(deal), "deals", index))


def records(
    api: ApiClient,
    object_type: str,
    properties: tuple[str, ...],
    associations: str | None = None,
) -> Iterator[dict]:
    """Every live (unarchived) record of one CRM object type, page after page."""
    params = {
        "limit": PAGE_SIZE,
        "properties": ",".join((*properties, *COMMON_PROPERTIES)),
    }
    if associations:
        params["associations"] = associations
    url = f"/crm/v3/objects/{object_type}"
    for page in api.pages(url, params, lambda body: _next_page(url, params, body)):
        yield from page.get("results", [])


def _next_page(url: str, params: dict, body: dict) -> tuple[str, dict] | None:
    after = ((body.get("paging") or {}).get("next") or {}).get("after")
    return None if after is None else (url, {**params, "after": after})


def _company(record: dict) -> dict:
    props = record.get("properties") or {}
    return {
        "source_id": record.get("id"),
        "name": props.get("name") or props.get("domain"),
        "domain": props.get("domain"),
        "industry": props.get("industry"),
        "country": props.get("country"),
        "attributes": _extras(props, {"name", "domain", "industry", "country"}),
    }


def _contact(record: dict) -> dict:
    props = record.get("properties") or {}
    name = " ".join(filter(None, (props.get("firstname"), props.get("lastname"))))
    return {
        "source_id": record.get("id"),
        "account": primary_company(record),
        "name": name or props.get("email"),
        "email": props.get("email"),
        "title": props.get("jobtitle"),
        "phone": props.get("phone"),
        "attributes": _extras(props, {"email", "jobtitle", "phone"}),
    }


def _deal(record: dict) -> dict:
    props = record.get("properties") or {}
    row = {
        "source_id": record.get("id"),
        "account": primary_company(record),
        "name": props.get("dealname"),
        "stage": props.get("dealstage"),
        "amount": props.get("amount"),
        "close_date": props.get("closedate"),
    }
    # Custom pipelines name stages by id ("1234567"), so the stage alone cannot tell
    # closed from open; HubSpot's own calculated flags can, when the portal has them.
    if props.get("hs_is_closed") is not None:
        row["is_closed"] = props["hs_is_closed"]
    if props.get("hs_is_closed_won") is not None:
        row["is_won"] = props["hs_is_closed_won"]
    return row


def primary_company(record: dict) -> str | None:
    """The company a contact or deal belongs to: the primary association, else any.

    HubSpot lists a primary association as `contact_to_company` (or `deal_to_company`)
    and the others as `..._unlabeled`.
    """
    links = ((record.get("associations") or {}).get("companies") or {}).get("results")
    if not links:
        return None
    primary = [link for link in links if link.get("type", "").endswith("_to_company")]
    return str((primary or links)[0].get("id"))


def _extras(props: dict, used: set[str]) -> dict:
    return {key: value for key, value in props.items() if key not in used}
