"""Metrics: what the book of work looks like now, and how the API has answered.

Counts come from the database on each call (indexed by status); request counts and
latency are this process's own since it started, kept by `RequestMetrics`. Several
API workers each report their own; a Prometheus exporter would sum them.
"""

from __future__ import annotations

import threading
import time
from collections import Counter, deque
from datetime import UTC, datetime

import sqlalchemy as sa
from fastapi import APIRouter, Request
from pydantic import BaseModel
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.deps import App, Caller
from domain.runs import ACTIVE_STEP_STATUSES
from tools.runs.tables import RunRow, StepRunRow
from tools.workflow_store import WorkflowRow, WorkflowVersionRow

router = APIRouter(tags=["metrics"])

LATENCY_WINDOW = 2000


class HttpMetrics(BaseModel):
    """Requests answered by this process, by status, and recent latency."""

    requests: int
    by_status: dict[str, int]
    p50_ms: float | None
    p95_ms: float | None


class Metrics(BaseModel):
    """Workflows, runs and step runs by status; overdue steps; HTTP figures."""

    workflows: int
    published_workflows: int
    runs_by_status: dict[str, int]
    steps_by_status: dict[str, int]
    overdue_steps: int
    http: HttpMetrics


class RequestMetrics:
    """ASGI middleware counting responses by status and timing them."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.by_status: Counter[str] = Counter()
        self.latencies: deque[float] = deque(maxlen=LATENCY_WINDOW)
        self._lock = threading.Lock()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        scope.setdefault("state", {})["request_metrics"] = self
        started = time.perf_counter()

        async def timed(message: Message) -> None:
            if message["type"] == "http.response.start":
                with self._lock:
                    self.by_status[str(message["status"])] += 1
                    self.latencies.append(time.perf_counter() - started)
            await send(message)

        await self.app(scope, receive, timed)

    def snapshot(self) -> HttpMetrics:
        with self._lock:
            ordered = sorted(self.latencies)
            counts = dict(self.by_status)
        return HttpMetrics(
            requests=sum(counts.values()),
            by_status=counts,
            p50_ms=_quantile_ms(ordered, 0.50),
            p95_ms=_quantile_ms(ordered, 0.95),
        )


@router.get("/metrics", response_model=Metrics)
def metrics(request: Request, app: App, principal: Caller) -> Metrics:
    """Counts of workflows, runs and steps, overdue steps, and request figures."""
    now = datetime.now(UTC)
    with app.database.session() as session:
        published = sa.select(
            sa.func.count(sa.distinct(WorkflowVersionRow.workflow_id))
        )
        overdue = sa.select(sa.func.count()).where(
            StepRunRow.status.in_([s.value for s in ACTIVE_STEP_STATUSES]),
            StepRunRow.due_at < now,
        )
        found = Metrics(
            workflows=session.scalar(sa.select(sa.func.count(WorkflowRow.id))) or 0,
            published_workflows=session.scalar(
                published.where(WorkflowVersionRow.status == "published")
            )
            or 0,
            runs_by_status=_by_status(session, RunRow.status),
            steps_by_status=_by_status(session, StepRunRow.status),
            overdue_steps=session.scalar(overdue) or 0,
            http=request.scope["state"]["request_metrics"].snapshot(),
        )
    return found


def _by_status(session, column) -> dict[str, int]:
    query = sa.select(column, sa.func.count()).group_by(column)
    return {status: count for status, count in session.execute(query)}


def _quantile_ms(ordered: list[float], q: float) -> float | None:
    if not ordered:
        return None
    index = min(len(ordered) - 1, int(q * len(ordered)))
    return round(ordered[index] * 1000, 2)
