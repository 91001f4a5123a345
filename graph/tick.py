"""One tick of the run engine with nudges: sweep, approvals, delivery.

`run_tick` is what `csops tick` and the server's scheduler call:

1. the sweep (`tools.runs.sweep`) with `NudgeStage`: due work drafted, checked and
   queued in sets, in the sweep's own transactions;
2. a run-graph thread for every open inbox item not yet started (new ones, and any
   a crash left behind), and a resume for decided items whose resume never ran;
3. delivery of the outbox rows due now (`tools.outbox.delivery`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime

from pydantic import BaseModel
from sqlalchemy.orm import Session

from agents.nudge.stage import NudgeStage
from graph.approvals import resume_decided, run_graph, start_approvals
from graph.run import BriefBuilder
from tools.db import Database
from tools.inbox.store import list_items
from tools.link_ledger import SqlLinkLedger
from tools.magic_links import MagicLinks
from tools.outbox.channels import Channel
from tools.outbox.delivery import DeliveryReport, deliver_queued
from tools.outbox.queue import ChannelRoute
from tools.outbox.routing import channels_from, route_for
from tools.runs import RunDefaults, SweepReport, sweep
from tools.settings import Settings


class TickReport(BaseModel):
    """What one tick did."""

    sweep: SweepReport
    queued: int
    inbox_started: list[str]
    resumed: list[str]
    delivery: DeliveryReport


def run_tick(
    database: Database,
    settings: Settings,
    *,
    now: datetime,
    defaults: RunDefaults,
    channels: Mapping[str, Channel] | None = None,
    route: ChannelRoute | None = None,
    brief_builder: BriefBuilder | None = None,
    model=None,
) -> TickReport:
    """Sweep at `now`, start and resume approvals, deliver what is due."""
    route = route or route_for(settings)
    stage = NudgeStage(now=now, route=route, links=link_issuer(settings))
    swept = sweep(database, now=now, stage=stage, defaults=defaults)
    with run_graph(
        database, settings, route=route, model=model, brief_builder=brief_builder
    ) as graph:
        with database.session() as session:
            waiting = [item.id for item in list_items(session)]
        started = start_approvals(graph, waiting)
        resumed = resume_decided(database, graph)
    delivery = deliver_queued(database, channels or channels_from(settings), now=now)
    return TickReport(
        sweep=swept,
        queued=stage.queued,
        inbox_started=started,
        resumed=resumed,
        delivery=delivery,
    )


def link_issuer(settings: Settings) -> Callable[[Session], MagicLinks] | None:
    """Magic links for nudges, issued in the sweep's transaction.

    Links are stamped with the real clock, not the sweep's `now`: a `tick --now`
    in the future would otherwise mint links the page calls expired (their age
    is negative). Due dates still follow the simulated time.
    """
    if settings.link_secret is None:
        return None
    secret = settings.link_secret.get_secret_value()

    def issuer(session: Session) -> MagicLinks:
        return MagicLinks(
            secret,
            base_url=f"{settings.public_url.rstrip('/')}/l",  # the API's link page
            ledger=SqlLinkLedger.joining(session),
        )

    return issuer


def escalation_briefs(database: Database, settings: Settings, now: datetime):
    """A BriefBuilder over `graph.brief.build_brief` (kind `escalation`)."""
    from graph.brief import build_brief  # the brief stack is heavy: load on use

    def build(account_id: int):
        return build_brief(
            database, settings, str(account_id), "escalation", as_of=now.date()
        )

    return build
