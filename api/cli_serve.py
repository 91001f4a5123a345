"""`csops serve`: the HTTP API and web pages under uvicorn, with the sweep scheduler.

With no API keys configured, serve makes one ops key for this process and prints
it once, so a first try needs no setup; set CSOPS_API_KEYS for anything shared.
The scheduler is a daemon thread calling the run engine's sweep every
`--sweep-every` seconds; several servers on one PostgreSQL share the due work
safely (the sweep claims rows with FOR UPDATE SKIP LOCKED).
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
    """Calls the run engine's sweep every `interval` seconds on a daemon thread."""

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
        from tools.runs import sweep

        report = sweep(
            self.services.database,
            now=datetime.now(UTC),
            defaults=self.services.run_defaults,
        )
        logger.info(
            "sweep: %d due, %d runs started",
            len(report.due_work),
            len(report.started_runs),
        )

    def _loop(self) -> None:
        while not self._stop.wait(self.interval):
            try:
                self.sweep_once()
            except Exception:
                # One failed sweep must not stop the next; the rows stay due.
                logger.exception("sweep failed; retrying in %.0fs", self.interval)
