"""Gather: read what a brief needs from the account store, in two independent parts.

`read_book` reads the CRM side (account, team, contacts, deals, contracts, health,
churn) and `read_signals` what happened on the account (usage, tickets, NPS,
activities). They share nothing, so the brief graph runs them in parallel, each in
its own session. `account_names` lists the people and companies the dossier knows,
which the ground-check holds every claim's names against.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from agents.brief.contracts import as_of_contracts, renewal_that_matters
from agents.brief.evidence import Dossier, index_dossier, is_open_on
from domain.accounts import Account
from tools.accounts import brief_reads, repository, signal_reads
from tools.accounts.health import health_on
from tools.db import Database

USAGE_WINDOW_DAYS = 30
NPS_LOOKBACK_DAYS = 365
RANKED_TICKETS = 12
ACTIVITIES = 10


def resolve_account(database: Database, key: str) -> Account:
    """The account `key` names: store id, source id, exact name or a unique part.

    Raises:
        AccountNotFoundError: no account, or several, match; `candidates` lists them.
    """
    with database.session() as session:
        try:
            return repository.find_account(session, key.strip())
        except repository.AccountNotFoundError as error:
            close = error.candidates
        names = brief_reads.accounts_named_like(session, key)
        if len(names) == 1:
            return repository.find_account(session, names[0])
    raise repository.AccountNotFoundError(key, names or close)


def data_as_of(database: Database, account: Account) -> date | None:
    """The day the account's data was last scored on: its import's export date."""
    with database.session() as session:
        stored = repository.get_health(session, account.id)
    return stored.as_of if stored else None


def read_book(database: Database, account: Account, as_of: date) -> dict[str, Any]:
    """The CRM side of the account as of `as_of`; health is scored on that day."""
    with database.session() as session:
        synced = brief_reads.account_synced_on(session, account.id) or as_of
        subscriptions = as_of_contracts(
            repository.get_subscriptions(session, account.id), as_of
        )
        still_open = [s for s in subscriptions if is_open_on(s, as_of)]
        return {
            "synced_on": min(synced, as_of),
            "team": repository.get_account_team(session, account.id),
            "contacts": repository.get_contacts(session, account.id),
            "deals": repository.get_deals(session, account.id),
            "subscriptions": subscriptions,
            "renewal": renewal_that_matters(still_open, as_of),
            "health": health_on(session, account.id, as_of),
            "churn": brief_reads.churn_events(session, account.id),
        }


def read_signals(database: Database, account: Account, as_of: date) -> dict[str, Any]:
    """Usage, tickets, NPS answers and activities of the account up to `as_of`."""
    with database.session() as session:
        load = brief_reads.ticket_load(session, account.id, as_of, top=RANKED_TICKETS)
        since = datetime.combine(
            as_of - timedelta(NPS_LOOKBACK_DAYS), datetime.min.time()
        )
        return {
            "usage": signal_reads.usage_trend(
                session, account.id, as_of, USAGE_WINDOW_DAYS
            ),
            "last_usage": brief_reads.last_usage_day(session, account.id, as_of),
            "tickets": load,
            "ranked_tickets": brief_reads.tickets_by_id(session, load.ranked_ids),
            "nps": signal_reads.get_survey_responses(
                session, account.id, since=since, limit=10
            ),
            "activities": brief_reads.recent_activities(
                session, account.id, as_of, ACTIVITIES
            ),
        }


def build_dossier(
    account: Account, as_of: date, book: dict[str, Any], signals: dict[str, Any]
) -> Dossier:
    """The dossier from both reads, its evidence indexed."""
    dossier = Dossier(account=account, as_of=as_of, **book, **signals)
    return index_dossier(dossier)


def account_names(dossier: Dossier) -> set[str]:
    """Every person and company name the dossier holds."""
    names = {dossier.account.name}
    names |= {m.name for m in dossier.team} | {
        m.manager_name or "" for m in dossier.team
    }
    names |= {c.name for c in dossier.contacts}
    names |= {d.owner_name or "" for d in dossier.deals}
    names |= {a.author_name or "" for a in dossier.activities}
    return {name for name in names if name}
