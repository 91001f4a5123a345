"""`run_sync`: read a whole CRM or ticket desk over its API into the account store.

A sync is an import whose rows come from an API instead of files: the connector stages
every record into an `ImportBatch` (nothing touches the database while the service is
being read, so a failed read writes nothing), then the batch is written in one
transaction through the importers' loader, keyed on (`source_system`, `source_id`).
Running it again updates changed rows and creates none; a dry run is the same write,
rolled back, so its counts are exactly what a real run would do.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from tools.connectors.http import ApiClient, RetryPolicy
from tools.connectors.hubspot import open_hubspot, stage_hubspot
from tools.connectors.zendesk import open_zendesk, stage_zendesk
from tools.db import Database
from tools.importers import write_batch
from tools.importers.batch import ImportBatch
from tools.importers.report import ImportReport
from tools.settings import Settings

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Connector:
    """How to open one service and stage what it lists."""

    open: Callable[..., ApiClient]
    stage: Callable[[ImportBatch, ApiClient], None]


CONNECTORS: dict[str, Connector] = {
    "hubspot": Connector(open_hubspot, stage_hubspot),
    "zendesk": Connector(open_zendesk, stage_zendesk),
}


def run_sync(
    database: Database,
    system: str,
    settings: Settings,
    *,
    dry_run: bool = False,
    policy: RetryPolicy | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> ImportReport:
    """Sync one service (`hubspot` or `zendesk`) into the store and report it.

    The report's `path` is the API's host and `source_system` the service name;
    each rejection names the object list (`contacts`) and the record's position in it.
    Raises a `ConnectorError` (whose message names the fix) before anything is written
    when the service cannot be read whole.
    """
    if system not in CONNECTORS:
        known = ", ".join(CONNECTORS)
        raise ValueError(f"no connector {system!r}; use one of {known}")
    started = time.perf_counter()
    connector = CONNECTORS[system]
    with connector.open(settings, policy, sleep) as api:
        report = ImportReport(system, Path(api.http.base_url.host), system, dry_run)
        batch = ImportBatch(report)
        connector.stage(batch, api)

    # Health is scored as of today: the API shows today's state.
    write_batch(database, batch, datetime.now(UTC).date(), dry_run=dry_run)
    report.seconds = time.perf_counter() - started
    logger.info(
        "synced %s: %d records in %.2fs", system, report.rows_read, report.seconds
    )
    return report
