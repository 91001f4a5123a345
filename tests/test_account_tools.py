"""Account tools on the demo book: right records, citations, fixed error messages."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy.orm import Session

from agents.account_tools import account_tools, messages
from tools.accounts import repository, signal_reads
from tools.db import open_database
from tools.demo_data import write_demo_data
from tools.retrieval import RetrievalError, RetrievedChunk

AS_OF = date(2025, 6, 2)
FIRST = "demo-acc-001"


class FakeIndex:
    """Stands in for `ContextIndex`: records the call, answers one passage."""

    def __init__(self, error: Exception | None = None) -> None:
        self.calls, self.error = [], error

    def search(self, account_id: str, query: str, k: int = 5) -> list[RetrievedChunk]:
        self.calls.append((account_id, query, k))
        if self.error:
            raise self.error
        moment = datetime(2025, 5, 30, 14, tzinfo=UTC)
        chunk = RetrievedChunk(
            chunk_id=f"{account_id}/ticket/7#0",
            account_id=account_id,
            source_type="ticket",
            source_id="7",
            as_of=moment,
            text="Nobody can log in via Okta SSO",
            score=0.8123,
        )
        return [chunk]


@pytest.fixture
def demo(database):
    write_demo_data(database, accounts=8, as_of=AS_OF)
    with Session(database.engine) as session:
        account = repository.find_account(session, FIRST)
    return database, account


def tools_for(database, retriever=None) -> dict:
    tools = account_tools(database, retriever=retriever, as_of=AS_OF)
    return {tool.name: tool for tool in tools}


def test_argument_schemas_are_what_the_model_sees(tmp_path):
    database = open_database(f"sqlite:///{tmp_path / 'empty.db'}")
    tools = tools_for(database)
    database.dispose()

    assert {name: list(tool.args) for name, tool in tools.items()} == {
        "get_account": ["account"],
        "get_account_team": ["account"],
        "get_contacts": ["account", "role"],
        "get_deals": ["account", "open_only"],
        "get_renewal": ["account"],
        "get_usage_trend": ["account", "days"],
        "get_tickets": ["account", "status", "priority", "since", "limit"],
        "get_nps": ["account", "since", "limit"],
        "search_account_context": ["account", "query", "k"],
    }
    tickets = tools["get_tickets"].args
    assert tickets["limit"] == {
        "default": 10,
        "description": "At most this many (1-50).",
        "maximum": 50,
        "minimum": 1,
        "title": "Limit",
        "type": "integer",
    }
    assert "P1" in tickets["priority"]["anyOf"][0]["enum"]
    assert "unresolved" in tickets["status"]["enum"]
    assert all(len(tool.description) > 80 for tool in tools.values())


def test_get_account_resolves_id_source_id_name_and_a_unique_part(demo):
    database, account = demo
    tool = tools_for(database)["get_account"]

    keys = [str(account.id), FIRST, account.name, account.name.split()[0].upper()]
    answers = [tool.invoke({"account": key}) for key in keys]

    assert {a["account_id"] for a in answers} == {account.id}
    answer = answers[0]
    assert answer["account"]["citation"] == {
        "record_type": "account",
        "record_id": str(account.id),
        "as_of": "2025-06-02",
    }
    assert answer["health"]["band"] in {"healthy", "watch", "at_risk"}
    json.dumps(answer)


def test_unknown_and_ambiguous_accounts_return_fixed_messages(demo):
    database, _ = demo
    tool = tools_for(database)["get_renewal"]

    unknown = tool.invoke({"account": "Initech Paper"})
    misspelt = tool.invoke({"account": "Driftwod Labs"})
    ambiguous = tool.invoke({"account": "demo-acc"})

    assert unknown == messages.UNKNOWN_ACCOUNT.format(
        key="Initech Paper", candidates=""
    )
    assert misspelt == messages.UNKNOWN_ACCOUNT.format(
        key="Driftwod Labs",
        candidates="Accounts with similar names: Driftwood Labs. ",
    )
    assert ambiguous.startswith("Account 'demo-acc' matches several accounts: ")


def test_team_contacts_deals_and_renewal_match_the_store(demo):
    database, account = demo
    tools = tools_for(database)
    call = {"account": str(account.id)}
    with Session(database.engine) as session:
        team = repository.get_account_team(session, account.id)
        contacts = repository.get_contacts(session, account.id)
        deals = repository.get_deals(session, account.id)
        renewal = repository.get_renewal(session, account.id, AS_OF)

    got_team = tools["get_account_team"].invoke(call)["team"]
    assert [(m["role"], m["name"], m["manager_name"]) for m in got_team] == [
        (m.role, m.name, m.manager_name) for m in team
    ]
    got_contacts = tools["get_contacts"].invoke(call)["contacts"]
    assert [c["id"] for c in got_contacts] == [c.id for c in contacts]
    champions = tools["get_contacts"].invoke({**call, "role": "champion"})
    assert [c["role"] for c in champions["contacts"]] == ["champion"]
    assert [d["id"] for d in tools["get_deals"].invoke(call)["deals"]] == [
        d.id for d in deals
    ]
    open_deals = tools["get_deals"].invoke({**call, "open_only": True})["deals"]
    assert all(not d["is_closed"] for d in open_deals)
    got_renewal = tools["get_renewal"].invoke(call)
    assert got_renewal["renewal"]["id"] == renewal.id
    assert got_renewal["days_to_renewal"] == (renewal.renewal_date - AS_OF).days
    assert got_renewal["renewal"]["citation"]["record_type"] == "subscription"


def test_ticket_filters_match_direct_queries(demo):
    database, account = demo
    tool = tools_for(database)["get_tickets"]
    call = {"account": str(account.id), "limit": 50}
    with Session(database.engine) as session:
        every = repository.get_tickets(session, account.id, limit=50)

    assert [t["id"] for t in tool.invoke(call)["tickets"]] == [t.id for t in every]
    unresolved = tool.invoke({**call, "status": "unresolved"})["tickets"]
    assert {t["id"] for t in unresolved} == {
        t.id for t in every if t.status not in ("solved", "closed")
    }
    p1 = tool.invoke({**call, "priority": "P1"})["tickets"]
    assert {t["id"] for t in p1} == {t.id for t in every if t.priority == "urgent"}
    since = AS_OF - timedelta(days=30)
    recent = tool.invoke({**call, "since": since.isoformat()})["tickets"]
    assert {t["id"] for t in recent} == {
        t.id for t in every if t.created_at.date() >= since
    }
    assert len(tool.invoke({**call, "limit": 2})["tickets"]) == min(2, len(every))
    assert all(t["citation"]["record_type"] == "ticket" for t in recent)


def test_bad_filters_return_a_fixed_message_naming_the_argument(demo):
    database, account = demo
    tool = tools_for(database)["get_tickets"]

    answer = tool.invoke({"account": str(account.id), "status": "urgent", "limit": 0})

    assert answer.startswith("Invalid arguments for get_tickets: status: Input ")
    assert "limit: Input should be greater than or equal to 1" in answer
    assert answer.endswith(
        "Fix these arguments and call get_tickets again; the allowed values are in "
        "the tool's argument descriptions."
    )


def test_usage_trend_and_nps_match_the_store(demo):
    database, account = demo
    tools = tools_for(database)
    call = {"account": str(account.id)}
    with Session(database.engine) as session:
        trend = signal_reads.usage_trend(session, account.id, AS_OF, 14)
        answers = signal_reads.get_survey_responses(session, account.id)

    usage = tools["get_usage_trend"].invoke({**call, "days": 14})
    assert usage["features"] == trend.model_dump(mode="json")["features"]
    assert usage["direction"] == trend.direction
    assert usage["citation"]["record_id"] == f"{account.id}/14d"
    nps = tools["get_nps"].invoke(call)
    assert [r["score"] for r in nps["responses"]] == [a.score for a in answers]
    assert -100 <= nps["nps"] <= 100


def test_search_passes_the_store_id_and_cites_each_passage(demo):
    database, account = demo
    index = FakeIndex()
    tool = tools_for(database, index)["search_account_context"]

    answer = tool.invoke({"account": FIRST, "query": "SSO login failures", "k": 3})

    assert index.calls == [(str(account.id), "SSO login failures", 3)]
    assert answer["passages"] == [
        {
            "text": "Nobody can log in via Okta SSO",
            "score": 0.812,
            "citation": {
                "record_type": "ticket",
                "record_id": "7",
                "as_of": "2025-05-30",
            },
        }
    ]


def test_search_without_or_with_a_failing_index_returns_fixed_messages(demo):
    database, _ = demo
    call = {"account": FIRST, "query": "invoice dispute"}
    failing = FakeIndex(RetrievalError("Chroma at http://chroma:8000 is down"))

    missing = tools_for(database)["search_account_context"].invoke(call)
    failed = tools_for(database, failing)["search_account_context"].invoke(call)

    assert missing == messages.NO_SEARCH_INDEX
    assert failed == messages.SEARCH_FAILED.format(
        reason="Chroma at http://chroma:8000 is down"
    )
