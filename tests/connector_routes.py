"""respx route tables for the HubSpot and Zendesk APIs, shaped like the real ones.

`hubspot_api()` and `zendesk_api()` patch httpx for one service and serve a small book
of business page by page, by cursor, the way the service does: HubSpot ends a page
with `paging.next.after`; Zendesk with `meta.has_more` and `links.next` (and, as the
real API does, still sends `links.next` on its last page, so only `has_more` is to be
trusted). Each list endpoint is a `PagedEndpoint`; `fail_first` queues answers (a 429,
a 500, a timeout) given before its pages. The payloads carry the fields the real
APIs return (HubSpot CRM v3 objects; Zendesk Support API objects), so a mapping that
reads a wrong field name fails here.
"""

from __future__ import annotations

import base64
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from urllib.parse import urlencode

import httpx
import respx

from tools.connectors.hubspot import HUBSPOT_URL

ZENDESK_URL = "https://acme.zendesk.com"

Render = Callable[[httpx.Request, list[dict], str | None, bool], dict]


def cursor(page: int) -> str:
    """An opaque cursor for page `page` (0-based), base64 like the real ones."""
    return base64.urlsafe_b64encode(f'{{"page":{page}}}'.encode()).decode()


class PagedEndpoint:
    """A list endpoint serving `records` `page_size` at a time, by cursor."""

    def __init__(self, records, page_size: int, cursor_param: str, render: Render):
        self.records = records
        self.page_size = page_size
        self.cursor_param = cursor_param
        self.render = render
        self.queued: deque[httpx.Response | Exception] = deque()
        self.requests: list[httpx.Request] = []

    def fail_first(self, *answers: httpx.Response | Exception) -> None:
        """Answer the next requests with `answers` (raised if exceptions), in order."""
        self.queued.extend(answers)

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        if self.queued:
            answer = self.queued.popleft()
            if isinstance(answer, Exception):
                raise answer
            return answer
        page = self._page(request.url.params.get(self.cursor_param))
        if page is None:
            return httpx.Response(400, json={"error": "InvalidPaginationParameter"})
        start = page * self.page_size
        chunk = self.records[start : start + self.page_size]
        more = start + self.page_size < len(self.records)
        return httpx.Response(200, json=self.render(request, chunk, page, more))

    def _page(self, given: str | None) -> int | None:
        pages = range(max(1, -(-len(self.records) // self.page_size)))
        if given is None:
            return 0
        return next((page for page in pages if cursor(page) == given), None)


@dataclass
class FakeApi:
    """One patched service: its router and its list endpoints by name."""

    router: respx.MockRouter
    endpoints: dict[str, PagedEndpoint]

    def requests(self, name: str) -> list[httpx.Request]:
        """The requests one endpoint received, in order (kept after the mock ends)."""
        return self.endpoints[name].requests


def _hubspot_page(request, chunk, page, more) -> dict:
    body: dict = {"results": chunk}
    if more:
        after = cursor(page + 1)
        link = request.url.copy_set_param("after", after)
        body["paging"] = {"next": {"after": after, "link": str(link)}}
    return body


def _zendesk_render(resource: str) -> Render:
    def render(request, chunk, page, more) -> dict:
        url = f"{ZENDESK_URL}/api/v2/{resource}.json?"
        after, before = cursor(page + 1), cursor(page - 1) if page else None
        return {
            resource: chunk,
            "meta": {"has_more": more, "after_cursor": after, "before_cursor": before},
            "links": {
                "next": url + urlencode({"page[after]": after, "page[size]": 2}),
                "prev": before and url + urlencode({"page[before]": before}),
            },
        }

    return render


# --- HubSpot CRM v3 objects -----------------------------------------------------------


def hubspot_company(id: str, name: str | None, domain: str, **props) -> dict:
    """A company as `GET /crm/v3/objects/companies` lists it."""
    properties = {
        "city": "Austin",
        "country": "United States",
        "createdate": "2023-01-19T15:04:51.102Z",
        "domain": domain,
        "hs_lastmodifieddate": "2024-03-11T09:42:17.318Z",
        "hs_object_id": id,
        "industry": "COMPUTER_SOFTWARE",
        "name": name,
        "timezone": None,
    }
    return _hubspot_object(id, properties | props)


def hubspot_contact(id: str, first, last, email: str, company: str | None) -> dict:
    """A contact, listed with `associations=companies`."""
    properties = {
        "createdate": "2023-02-02T10:15:00.000Z",
        "email": email,
        "firstname": first,
        "hs_lastmodifieddate": "2024-02-20T12:00:03.551Z",
        "hs_object_id": id,
        "jobtitle": "VP Operations",
        "lastname": last,
        "phone": "+1 512 555 0134",
    }
    return _hubspot_object(id, properties, "contact", company)


def hubspot_deal(id: str, name: str, amount: str, stage: str, company: str) -> dict:
    """A deal in the default pipeline, listed with `associations=companies`."""
    properties = {
        "amount": amount,
        "closedate": "2024-06-28T16:59:59.999Z",
        "createdate": "2024-01-08T08:30:00.000Z",
        "dealname": name,
        "dealstage": stage,
        "hs_is_closed": str(stage.startswith("closed")).lower(),
        "hs_is_closed_won": str(stage == "closedwon").lower(),
        "hs_lastmodifieddate": "2024-06-28T17:02:41.930Z",
        "hs_object_id": id,
    }
    return _hubspot_object(id, properties, "deal", company)


def _hubspot_object(id, properties, kind=None, company=None) -> dict:
    stamps = properties["createdate"], properties["hs_lastmodifieddate"]
    record = dict(id=id, properties=properties, archived=False)
    record.update(zip(("createdAt", "updatedAt"), stamps, strict=True))
    if company is not None:
        links = [
            {"id": company, "type": f"{kind}_to_company"},
            {"id": company, "type": f"{kind}_to_company_unlabeled"},
        ]
        record["associations"] = {"companies": {"results": links}}
    return record


def hubspot_book() -> dict[str, list[dict]]:
    """Five companies (three pages), three contacts, three deals."""
    north, blue, helio = "5918809876", "5918809877", "5918809879"
    companies = [
        hubspot_company(north, "Northwind Analytics", "northwind.io"),
        hubspot_company(blue, "Bluebird Logistics", "bluebird.co"),
        hubspot_company("5918809878", None, "quarry.dev"),
        hubspot_company(helio, "Helio Health", "heliohealth.com"),
        hubspot_company("5918809880", "Tessera Bank", "tessera.bank", country="DE"),
    ]
    contacts = [
        hubspot_contact("901", "Dana", "Whitfield", "dana@northwind.io", north),
        hubspot_contact("902", "Luis", "Ortega", "l.ortega@bluebird.co", blue),
        hubspot_contact("903", None, None, "it-admin@heliohealth.com", helio),
    ]
    deals = [
        hubspot_deal("7001", "Northwind renewal FY25", "48000", "closedwon", north),
        hubspot_deal("7002", "Bluebird expansion", "12500.50", "contractsent", blue),
        hubspot_deal("7003", "Helio pilot", "0", "closedlost", helio),
    ]
    return {"companies": companies, "contacts": contacts, "deals": deals}


def hubspot_error(status: int, category: str, message: str) -> httpx.Response:
    """An error answer in HubSpot's shape."""
    body = dict(status="error", message=message, category=category)
    body["correlationId"] = "3c8a4f9e-77b1-4b6e-9d0e-2f1c5a6b7d80"
    return httpx.Response(status, json=body)


# --- Zendesk Support API -------------------------------------------------------------


def zendesk_organization(id: int, name: str | None, domains: list[str]) -> dict:
    """An organization as `GET /api/v2/organizations.json` lists it."""
    return {
        "url": f"{ZENDESK_URL}/api/v2/organizations/{id}.json",
        "id": id,
        "name": name,
        "shared_tickets": False,
        "external_id": None,
        "created_at": "2023-04-12T09:01:44Z",
        "updated_at": "2024-05-30T17:22:09Z",
        "domain_names": domains,
        "group_id": None,
        "tags": ["enterprise"],
        "organization_fields": {},
    }


def zendesk_user(id: int, name: str, email: str, role: str, org: int | None) -> dict:
    """A user (end-user, agent or admin) as `GET /api/v2/users.json` lists it."""
    return {
        "id": id,
        "url": f"{ZENDESK_URL}/api/v2/users/{id}.json",
        "name": name,
        "email": email,
        "created_at": "2023-04-12T09:05:10Z",
        "updated_at": "2024-06-01T08:00:00Z",
        "time_zone": "Eastern Time (US & Canada)",
        "iana_time_zone": "America/New_York",
        "phone": None,
        "locale": "en-US",
        "organization_id": org,
        "role": role,
        "active": True,
        "suspended": False,
        "tags": [],
    }


def zendesk_ticket(id: int, subject: str, requester: int, org: int | None) -> dict:
    """A ticket as `GET /api/v2/tickets.json` lists it; agent 3001 is the assignee."""
    return {
        "url": f"{ZENDESK_URL}/api/v2/tickets/{id}.json",
        "id": id,
        "external_id": None,
        "via": {"channel": "email", "source": {"from": {}, "to": {}, "rel": None}},
        "created_at": "2024-05-02T14:09:11Z",
        "updated_at": "2024-05-03T10:11:12Z",
        "type": "incident",
        "subject": subject,
        "description": f"{subject}. Started after this morning's deploy.",
        "priority": "high",
        "status": "open",
        "recipient": "support@acme.zendesk.com",
        "requester_id": requester,
        "submitter_id": 3001,
        "assignee_id": 3001,
        "organization_id": org,
        "group_id": 360001,
        "tags": ["sso"],
        "due_at": None,
        "satisfaction_rating": {"score": "unoffered"},
    }


def zendesk_book() -> dict[str, list[dict]]:
    """Five organizations (three pages), four users, three tickets."""
    organizations = [
        zendesk_organization(361001, "Northwind Analytics", ["northwind.io"]),
        zendesk_organization(361002, "Bluebird Logistics", ["bluebird.co"]),
        zendesk_organization(361003, "Quarry Dev", []),
        zendesk_organization(361004, "Helio Health", ["heliohealth.com"]),
        zendesk_organization(361005, "Tessera Bank", ["tessera.bank"]),
    ]
    users = [
        zendesk_user(2001, "Dana Whitfield", "dana@northwind.io", "end-user", 361001),
        zendesk_user(2002, "Luis Ortega", "l.ortega@bluebird.co", "end-user", 361002),
        zendesk_user(3001, "Sam Okafor", "sam@csops.example", "agent", None),
        zendesk_user(3002, "Priya Raman", "priya@csops.example", "admin", None),
    ]
    tickets = [
        zendesk_ticket(48211, "SSO login loops back to the sign-in page", 2001, 361001),
        zendesk_ticket(48212, "CSV export times out", 2002, 361002),
        zendesk_ticket(48213, "Invoice shows the wrong seat count", 2001, 361001),
    ]
    return {"organizations": organizations, "users": users, "tickets": tickets}


def zendesk_error(status: int, error: str, description: str | None = None):
    """An error answer in Zendesk's shape."""
    body = {"error": error, **({"description": description} if description else {})}
    return httpx.Response(status, json=body)


# --- route tables -------------------------------------------------------------------


@contextmanager
def hubspot_api(book: dict[str, list[dict]] | None = None) -> Iterator[FakeApi]:
    """api.hubapi.com with companies, contacts and deals, 2 records a page."""
    book = hubspot_book() if book is None else book
    endpoints = {
        f"/crm/v3/objects/{name}": PagedEndpoint(records, 2, "after", _hubspot_page)
        for name, records in book.items()
    }
    with _serving(HUBSPOT_URL, endpoints) as api:
        yield api


@contextmanager
def zendesk_api(book: dict[str, list[dict]] | None = None) -> Iterator[FakeApi]:
    """acme.zendesk.com with organizations, users and tickets, 2 records a page."""
    book = zendesk_book() if book is None else book
    endpoints = {
        f"/api/v2/{name}.json": PagedEndpoint(
            records, 2, "page[after]", _zendesk_render(name)
        )
        for name, records in book.items()
    }
    with _serving(ZENDESK_URL, endpoints) as api:
        yield api


@contextmanager
def _serving(base_url: str, endpoints: dict[str, PagedEndpoint]) -> Iterator[FakeApi]:
    with respx.mock(base_url=base_url, assert_all_called=False) as router:
        named = {}
        for path, endpoint in endpoints.items():
            name = path.rsplit("/", 1)[1].removesuffix(".json")
            router.get(path, name=name).side_effect = endpoint
            named[name] = endpoint
        yield FakeApi(router, named)
