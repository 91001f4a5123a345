"""What each account tool does: read the store, shape the answer, cite every record.

Every record in an answer carries a `citation` (record type, store id, as-of day) that a
brief can quote verbatim, and every answer names the account and the as-of day it was
read for. Errors a model can fix come back as the fixed texts of `messages`.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Protocol

from pydantic import BaseModel
from sqlalchemy.orm import Session

from agents.account_tools import arguments as args
from agents.account_tools import messages
from domain.accounts import Account
from tools.accounts import repository, signal_reads
from tools.db import Database
from tools.retrieval.models import RetrievedChunk

Answer = dict[str, Any] | str
TICKET_BODY_CHARS = 800
"""Ticket bodies are cut here: enough to see the problem, not a whole thread."""


class ContextSearch(Protocol):
    """Anything that searches one account's context, like `ContextIndex`."""

    def search(self, account_id: str, query: str, k: int = 5) -> list[RetrievedChunk]:
        """The `k` passages of the account's context closest to `query`."""
        ...


class AccountNotResolvedError(LookupError):
    """The model named no single account; `message` is the text it should read."""


class AccountToolbox:
    """The account tools' behaviour over one database, read as of one day."""

    def __init__(
        self, database: Database, retriever: ContextSearch | None, as_of: date
    ) -> None:
        self.database, self.retriever, self.as_of = database, retriever, as_of

    def get_account(self, session: Session, a: args.AccountArgs) -> Answer:
        account = self._account(session, a.account)
        health = repository.get_health(session, account.id)
        answer = self._answer(account, account=self._cited("account", account))
        answer["health"] = health and health.model_dump(mode="json")
        return answer

    def get_account_team(self, session: Session, a: args.AccountArgs) -> Answer:
        account = self._account(session, a.account)
        team = repository.get_account_team(session, account.id)
        people = [self._cited("person", m, m.person_id) for m in team]
        return self._answer(account, team=people)

    def get_contacts(self, session: Session, a: args.ContactArgs) -> Answer:
        account = self._account(session, a.account)
        contacts = repository.get_contacts(session, account.id)
        chosen = [c for c in contacts if a.role is None or c.role == a.role]
        return self._answer(account, contacts=self._all("contact", chosen))

    def get_deals(self, session: Session, a: args.DealArgs) -> Answer:
        account = self._account(session, a.account)
        deals = repository.get_deals(session, account.id)
        chosen = [d for d in deals if not (a.open_only and d.is_closed)]
        return self._answer(account, deals=self._all("deal", chosen))

    def get_renewal(self, session: Session, a: args.AccountArgs) -> Answer:
        account = self._account(session, a.account)
        renewal = repository.get_renewal(session, account.id, self.as_of)
        if renewal is None:
            return self._answer(account, renewal=None, days_to_renewal=None)
        days = (renewal.renewal_date - self.as_of).days
        cited = self._cited("subscription", renewal)
        return self._answer(account, renewal=cited, days_to_renewal=days)

    def get_usage_trend(self, session: Session, a: args.UsageArgs) -> Answer:
        account = self._account(session, a.account)
        trend = signal_reads.usage_trend(session, account.id, self.as_of, a.days)
        answer = self._answer(account, **trend.model_dump(mode="json"))
        answer["citation"] = self._citation("usage", f"{account.id}/{a.days}d")
        return answer

    def get_tickets(self, session: Session, a: args.TicketArgs) -> Answer:
        account = self._account(session, a.account)
        since = a.since and datetime.combine(a.since, datetime.min.time())
        tickets = signal_reads.find_tickets(
            session,
            account.id,
            statuses=_statuses(session, a.status),
            priorities=a.priority
            and args.PRIORITY_WORDS.get(a.priority, (a.priority,)),
            since=since,
            limit=a.limit,
        )
        return self._answer(account, tickets=[self._ticket(t) for t in tickets])

    def get_nps(self, session: Session, a: args.NpsArgs) -> Answer:
        account = self._account(session, a.account)
        since = a.since and datetime.combine(a.since, datetime.min.time())
        answers = signal_reads.get_survey_responses(
            session, account.id, since=since, limit=a.limit
        )
        return self._answer(
            account, nps=_nps_score(answers), responses=self._all("nps", answers)
        )

    def search_account_context(self, session: Session, a: args.SearchArgs) -> Answer:
        account = self._account(session, a.account)
        if self.retriever is None:
            return messages.NO_SEARCH_INDEX
        chunks = self.retriever.search(str(account.id), a.query, a.k)
        passages = [self._passage(chunk) for chunk in chunks]
        return self._answer(account, query=a.query, passages=passages)

    def _account(self, session: Session, key: str) -> Account:
        try:
            return repository.find_account(session, key.strip())
        except repository.AccountNotFoundError:
            matching = signal_reads.accounts_matching(session, key)
        if len(matching) == 1:
            return repository.find_account(session, matching[0])
        if matching:
            names = ", ".join(matching)
            message = messages.AMBIGUOUS_ACCOUNT.format(key=key, names=names)
            raise AccountNotResolvedError(message)
        raise AccountNotResolvedError(_unknown(key, session))

    def _answer(self, named: Account, **fields: Any) -> dict[str, Any]:
        header = {"account_id": named.id, "account_name": named.name}
        return {**header, "as_of": self.as_of.isoformat(), **fields}

    def _citation(self, record_type: str, record_id: Any) -> dict[str, str]:
        return {
            "record_type": record_type,
            "record_id": str(record_id),
            "as_of": self.as_of.isoformat(),
        }

    def _cited(self, record_type: str, record: BaseModel, record_id=None) -> dict:
        fields = record.model_dump(mode="json")
        key = record_id if record_id is not None else fields["id"]
        return {**fields, "citation": self._citation(record_type, key)}

    def _all(self, record_type: str, records: list[BaseModel]) -> list[dict]:
        return [self._cited(record_type, record) for record in records]

    def _ticket(self, ticket) -> dict:
        cited = self._cited("ticket", ticket)
        body = cited["body"] or ""
        if len(body) > TICKET_BODY_CHARS:
            cited["body"] = body[:TICKET_BODY_CHARS] + " [...]"
        return cited

    def _passage(self, chunk: RetrievedChunk) -> dict:
        citation = self._citation(chunk.source_type, chunk.source_id)
        citation["as_of"] = chunk.as_of.date().isoformat()
        return {
            "text": chunk.text,
            "score": round(chunk.score, 3),
            "citation": citation,
        }


def _statuses(session: Session, status: str) -> tuple[str, ...] | None:
    if status == "any":
        return None
    if status == "resolved":
        return signal_reads.RESOLVED_STATUSES
    if status == "unresolved":
        return signal_reads.unresolved_statuses(session)
    return (status,)


def _nps_score(answers) -> int | None:
    """NPS in -100..100: percent promoters (9-10) minus percent detractors (0-6)."""
    if not answers:
        return None
    promoters = sum(a.score >= 9 for a in answers)
    detractors = sum(a.score <= 6 for a in answers)
    return round(100 * (promoters - detractors) / len(answers))


def _unknown(key: str, session: Session) -> str:
    names = signal_reads.similar_account_names(session, key)
    candidates = messages.CANDIDATES.format(names=", ".join(names)) if names else ""
    return messages.UNKNOWN_ACCOUNT.format(key=key, candidates=candidates)
