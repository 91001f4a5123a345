"""Connectors: HubSpot and Zendesk read over their REST APIs into the account store.

`csops sync hubspot|zendesk` calls `run_sync`, which opens the service with the
credentials from `Settings`, reads every record page by page through `ApiClient`
(bounded retries on 429 and 5xx, see `tools.connectors.http`), stages the records with
the importers' mappers and writes them idempotently. Errors are `ConnectorError`s whose
messages name the fix (the error tree is drawn in `tools.connectors.errors`).
"""

from __future__ import annotations

from tools.connectors.errors import (
    ConnectorAuthError,
    ConnectorError,
    ConnectorNotConfiguredError,
    ConnectorRateLimitError,
    ConnectorResponseError,
    ConnectorTimeoutError,
    ConnectorUnavailableError,
)
from tools.connectors.http import ApiClient, RetryPolicy
from tools.connectors.sync import CONNECTORS, run_sync

__all__ = [
    "CONNECTORS",
    "ApiClient",
    "ConnectorAuthError",
    "ConnectorError",
    "ConnectorNotConfiguredError",
    "ConnectorRateLimitError",
    "ConnectorResponseError",
    "ConnectorTimeoutError",
    "ConnectorUnavailableError",
    "RetryPolicy",
    "run_sync",
]
