"""The account pages over TestClient: the book, a brief whose claims link to the
records they cite, and those record pages."""

from __future__ import annotations

import re
from datetime import date

import pytest
from fastapi.testclient import TestClient

from tests.page_seed import SAME_SITE, page_app
from tools.demo_data import write_demo_data

AS_OF = date(2026, 3, 2)


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    app = page_app(tmp_path_factory.mktemp("pages-accounts"))
    with TestClient(app, headers=SAME_SITE) as client:
        write_demo_data(app.state.services.database, accounts=3, seed=7, as_of=AS_OF)
        yield client


def first_account_id(client) -> str:
    page = client.get("/accounts")
    return re.search(r'href="/accounts/(\d+)"', page.text).group(1)


def test_accounts_page_lists_the_book_with_health(client):
    page = client.get("/accounts")

    assert page.status_code == 200
    assert len(re.findall(r'href="/accounts/\d+"', page.text)) == 3
    assert "band-" in page.text


def test_account_page_shows_the_brief_with_a_link_per_citation(client):
    page = client.get(f"/accounts/{first_account_id(client)}")

    assert page.status_code == 200
    assert 'data-testid="brief"' in page.text
    for title in ("Snapshot", "Health", "Support", "Recommended next actions"):
        assert f"<h2>{title}</h2>" in page.text
    links = re.findall(r'class="cite" href="(/records/[^"]+)"', page.text)
    assert links, "every claim cites at least one record"
    for link in sorted(set(links))[:15]:
        assert client.get(link).status_code == 200, link


def test_a_cited_ticket_opens_its_row(client):
    page = client.get(f"/accounts/{first_account_id(client)}?kind=escalation")
    ticket = re.search(r'href="(/records/ticket/\d+)"', page.text).group(1)

    record = client.get(ticket)

    assert record.status_code == 200
    assert 'data-testid="record"' in record.text
    assert "<dt>priority</dt>" in record.text and "<dt>subject</dt>" in record.text


def test_every_brief_kind_renders(client):
    account = first_account_id(client)
    for kind in ("account", "handoff", "renewal", "escalation"):
        assert client.get(f"/accounts/{account}?kind={kind}").status_code == 200


@pytest.mark.parametrize(
    ("path", "status", "message"),
    [
        ("/accounts/no-such-account", 404, "no account &#39;no-such-account&#39;"),
        ("/accounts/1?kind=gossip", 422, "unknown brief kind &#39;gossip&#39;"),
        ("/records/ticket/999999", 404, "no ticket record &#39;999999&#39;"),
        ("/records/wine/1", 404, "no wine record &#39;1&#39;"),
    ],
)
def test_unknown_things_get_an_error_page(client, path, status, message):
    page = client.get(path)

    assert page.status_code == status
    assert message in page.text
