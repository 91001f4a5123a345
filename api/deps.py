"""What routes share: the services built from settings, and who is calling.

`Services` opens the database, the workflow store and the checkpointer once per
app, on first use. `Caller`, `Writer` and `Ops` are the route-level dependencies
for "any valid key", "a key that may write" and "an ops key"; a csm's reach is
then narrowed to their own accounts with `check_account`.
"""

from __future__ import annotations

import logging
import math
import threading
import time
from functools import cached_property
from typing import Annotated, Any

from fastapi import Depends, HTTPException, Request, Security, status
from fastapi.security import APIKeyHeader, HTTPAuthorizationCredentials, HTTPBearer
from limits import parse
from limits.storage import MemoryStorage
from limits.strategies import SlidingWindowCounterRateLimiter
from sqlalchemy.orm import Session

from api.auth import KeyRing, Principal, Role, load_key_ring
from tools.accounts.repository import get_account_team
from tools.db import Database, open_database
from tools.magic_links import MagicLinks, check_link_secret
from tools.runs import RunDefaults
from tools.settings import Settings
from tools.workflow_store import WorkflowStore

logger = logging.getLogger(__name__)

_bearer = HTTPBearer(auto_error=False, description="Authorization: Bearer <key>")
_header = APIKeyHeader(name="X-API-Key", auto_error=False)


class Services:
    """The database, store, checkpointer, keys and rate limiter of one app."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.keys: KeyRing = load_key_ring(settings)
        if settings.link_secret is not None:
            check_link_secret(settings.link_secret.get_secret_value())
        self.rate = parse(settings.api_rate_limit)
        self.link_rate = parse(settings.link_rate_limit)
        self.auth_failure_rate = parse(settings.auth_failure_rate_limit)
        self.limiter = SlidingWindowCounterRateLimiter(MemoryStorage())
        self._lock = threading.RLock()
        self._design_graphs: dict[bool, Any] = {}

    @cached_property
    def database(self) -> Database:
        with self._lock:
            return open_database(self.settings.resolved_database_url)

    @cached_property
    def store(self) -> WorkflowStore:
        return WorkflowStore(self.database)

    @cached_property
    def checkpointer(self):
        """A SqliteSaver kept open for the app's life (design reviews resume here)."""
        import sqlite3

        from langgraph.checkpoint.sqlite import SqliteSaver

        path = self.settings.checkpoint_path
        path.parent.mkdir(parents=True, exist_ok=True)
        connection = sqlite3.connect(path, check_same_thread=False, timeout=30)
        saver = SqliteSaver(connection)
        saver.setup()
        return saver

    @cached_property
    def run_defaults(self) -> RunDefaults:
        return RunDefaults(calendar_country=self.settings.calendar_country)

    @cached_property
    def retriever(self):
        """The context index when one was built (`csops index`); briefs work without."""
        settings = self.settings
        if not settings.chroma_url and not (settings.data_dir / "chroma").is_dir():
            return None
        from tools.retrieval import ContextIndex
        from tools.retrieval.errors import RetrievalError

        try:
            return ContextIndex.open(settings)
        except RetrievalError as error:
            logger.warning("briefing without the context index: %s", error)
            return None

    @cached_property
    def magic_links(self) -> MagicLinks | None:
        """Issues and checks magic links; None when no link secret is configured."""
        secret = self.settings.link_secret
        if secret is None:
            return None
        from tools.link_ledger import SqlLinkLedger

        return MagicLinks(
            secret.get_secret_value(),
            base_url=f"{self.settings.public_url.rstrip('/')}/l",
            ledger=SqlLinkLedger(self.database),
        )

    def design_graph(self, review: bool):
        """The compiled designer graph; checkpointed when it may pause for review."""
        from graph.design import build_design_graph

        with self._lock:
            if review not in self._design_graphs:
                checkpointer = self.checkpointer if review else None
                self._design_graphs[review] = build_design_graph(
                    self.settings, store=self.store, checkpointer=checkpointer
                )
            return self._design_graphs[review]

    def close(self) -> None:
        if "checkpointer" in self.__dict__:
            self.checkpointer.conn.close()
        if "database" in self.__dict__:
            self.database.dispose()


def services(request: Request) -> Services:
    return request.app.state.services


def caller(
    request: Request,
    bearer: Annotated[HTTPAuthorizationCredentials | None, Security(_bearer)],
    header_key: Annotated[str | None, Security(_header)],
) -> Principal:
    """The principal of the presented API key, after the rate limits."""
    presented = header_key or (bearer.credentials if bearer else None)
    if not presented:
        raise _unauthorized("missing API key")
    app_services = services(request)
    found = authenticate(request, app_services, presented)
    if found is None:
        raise _unauthorized("invalid API key")
    check_rate(app_services, app_services.rate, found.name)
    return found


def authenticate(
    request: Request, app_services: Services, presented: str
) -> Principal | None:
    """The key's principal; a client past its failed-attempt limit gets 429."""
    failures = f"auth-failed:{client_address(request)}"
    rate = app_services.auth_failure_rate
    if not app_services.limiter.test(rate, failures):
        raise RateLimited(retry_after(app_services, rate, failures))
    found = app_services.keys.find(presented)
    if found is None:
        check_rate(app_services, rate, failures)
    return found


def link_holder(request: Request) -> None:
    """Rate-limit magic-link calls, which carry no API key, per client address."""
    app_services = services(request)
    key = f"link:{client_address(request)}"
    check_rate(app_services, app_services.link_rate, key)


class RateLimited(HTTPException):
    """429 with Retry-After: the seconds until the window lets the caller in."""

    def __init__(self, seconds: int) -> None:
        super().__init__(
            status.HTTP_429_TOO_MANY_REQUESTS,
            detail="rate limit exceeded",
            headers={"Retry-After": str(seconds)},
        )
        self.seconds = seconds


def check_rate(app_services: Services, rate, key: str) -> None:
    """Count one hit of `key` against `rate`; RateLimited past it."""
    if not app_services.limiter.hit(rate, key):
        raise RateLimited(retry_after(app_services, rate, key))


def retry_after(app_services: Services, rate, key: str) -> int:
    reset = app_services.limiter.get_window_stats(rate, key).reset_time
    return max(1, math.ceil(reset - time.time()))


def client_address(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def writer(principal: Annotated[Principal, Depends(caller)]) -> Principal:
    """A caller whose role may change things (ops, or a csm on their accounts)."""
    if not principal.can_write:
        raise HTTPException(status.HTTP_403_FORBIDDEN, detail="read-only API key")
    return principal


def ops(principal: Annotated[Principal, Depends(caller)]) -> Principal:
    """A caller with the ops role."""
    if principal.role is not Role.ops:
        raise HTTPException(status.HTTP_403_FORBIDDEN, detail="needs the ops role")
    return principal


Caller = Annotated[Principal, Depends(caller)]
Writer = Annotated[Principal, Depends(writer)]
Ops = Annotated[Principal, Depends(ops)]
App = Annotated[Services, Depends(services)]


def on_team(session: Session, principal: Principal, account_id: int) -> bool:
    """Whether a csm's person (email or id) is on the account's team or manages it."""
    person = (principal.person or "").strip().lower()
    for member in get_account_team(session, account_id):
        names = {str(member.person_id), (member.email or "").lower()}
        if person in names or person == (member.manager_email or "").lower():
            return True
    return False


def check_account(session: Session, principal: Principal, account_id: int) -> None:
    """Refuse a csm who is not on the account's team; other roles pass."""
    if principal.role is Role.csm and not on_team(session, principal, account_id):
        raise HTTPException(
            status.HTTP_403_FORBIDDEN, detail="not on this account's team"
        )


def _unauthorized(detail: str) -> HTTPException:
    return HTTPException(
        status.HTTP_401_UNAUTHORIZED,
        detail=detail,
        headers={"WWW-Authenticate": "Bearer"},
    )
