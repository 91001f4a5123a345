"""`csops serve`: the HTTP API and web pages under uvicorn, with the sweep scheduler.

With no API keys configured, serve makes one ops key for this process and prints
it once, so a first try needs no setup; set CSOPS_API_KEYS for anything shared.
The scheduler is a daemon thread calling `graph.tick.run_tick` every
`--sweep-every` seconds, as `csops tick` does: the sweep with the nudge stage,
inbox approvals started and resumed, then delivery of the outbox. Several servers
on one PostgreSQL share the due work safely (the sweep claims rows with FOR UPDATE
SKIP LOCKED, delivery leases outbox rows).
"""

from __future__ import annotations

import logging
import threading
from datetime import UTC, datetime
from typing import Annotated

import typer

from api.auth import Role, new_key
from api.errors import fail
from tools.settings import Settings, SettingsError

logger = logging.getLogger(__name__)


def register(app: typer.Typer) -> None:
    """Mount `csops serve` on the root command."""
    app.command("serve")(serve)


def serve(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    sweep_every: Annotated[
        float, typer.Option(help="Seconds between sweeps; 0 turns the sweep off.")
    ] = 60.0,
) -> None:
    """Serve the API (/api, /docs) and the web pages, sweeping due work."""
    import uvicorn

    from api.app import create_app

    try:
        application = create_app(Settings())
    except (SettingsError, ValueError) as error:
        fail(str(error))
    services = application.state.services
    if not len(services.keys):
        key = new_key()
        services.keys.add(key, "serve", Role.ops)
        typer.echo(f"no CSOPS_API_KEYS set; this run's ops key: {key}", err=True)
    scheduler = SweepScheduler(services, sweep_every) if sweep_every > 0 else None
    if scheduler is not None:
        scheduler.start()
    try:
        uvicorn.run(application, host=host, port=port, log_level="info")
    finally:
        if scheduler is not None:
            scheduler.stop()


class SweepScheduler:
    """Ticks (sweep, approvals, delivery) every `interval` seconds on a thread."""

    def __init__(self, services, interval: float) -> None:
        self.services = services
        self.interval = interval
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="sweep", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=self.interval + 5)

    def sweep_once(self) -> None:
        from graph.tick import escalation_briefs, run_tick  # the graph stack, on use

        services, now = self.services, datetime.now(UTC)
        ticked = run_tick(
            services.database,
            services.settings,
            now=now,
            defaults=services.run_defaults,
            brief_builder=escalation_briefs(services.database, services.settings, now),
        )
        logger.info(
            "tick: %d due, %d runs started, %d queued, %d to the inbox, %d sent",
            len(ticked.sweep.due_work),
            len(ticked.sweep.started_runs),
            ticked.queued,
            len(ticked.inbox_started),
            len(ticked.delivery.sent),
        )

    def _loop(self) -> None:
        while not self._stop.wait(self.interval):
            try:
                self.sweep_once()
            except Exception:
                # One failed sweep must not stop the next; the rows stay due.
                logger.exception("sweep failed; retrying in %.0fs", self.interval)
