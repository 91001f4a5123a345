"""What can go wrong talking to a CRM or ticket desk, each error naming its fix.

```
ConnectorError                 base: the message says what to do next
├── ConnectorNotConfiguredError    a setting is missing (names the variable)
├── ConnectorAuthError             401 / 403 (names the credential setting)
├── ConnectorTimeoutError          no answer within the timeout
├── ConnectorRateLimitError        still 429 after the retry budget
├── ConnectorUnavailableError      5xx or unreachable after the retry budget
└── ConnectorResponseError         any other 4xx, non-JSON, a cursor that loops
```

Every error carries the service name and the request path it failed on, so the CLI
can print it as one line and a test can assert it whole.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Service:
    """An external API as error messages name it.

    Attributes:
        name: The product name, e.g. `HubSpot`.
        credential: What the user configured, e.g. `the token`.
        settings: The environment variables that hold it, e.g. `CSOPS_HUBSPOT_TOKEN`.
    """

    name: str
    credential: str
    settings: str


class ConnectorError(RuntimeError):
    """A sync could not finish; the message names the fix."""

    def __init__(self, service: Service, path: str | None, message: str) -> None:
        super().__init__(message)
        self.service = service
        self.path = path


class ConnectorNotConfiguredError(ConnectorError):
    """A setting the connector needs is not set."""

    def __init__(self, service: Service, missing: list[str]) -> None:
        names = " and ".join(missing)
        verb = "is" if len(missing) == 1 else "are"
        message = f"{names} {verb} not set: export {names} to sync {service.name}"
        super().__init__(service, None, message)
        self.missing = missing


class ConnectorAuthError(ConnectorError):
    """The service refused the credentials (401) or their scope (403)."""

    def __init__(self, service: Service, path: str, status: int, detail: str) -> None:
        verb = "rejected" if status == 401 else "refused access for"
        message = f"{service.name} {verb} {service.credential} ({status}): "
        message += f"check {service.settings}"
        if status == 403:
            message += " and the permissions it grants"
        super().__init__(service, path, message + quoted_detail(detail))
        self.status = status


class ConnectorTimeoutError(ConnectorError):
    """The service did not answer within the configured timeout."""

    def __init__(self, service: Service, path: str, seconds: float | None) -> None:
        limit = f"within {seconds:g}s" if seconds else "in time"
        message = (
            f"{service.name} did not answer GET {path} {limit}: rerun the sync later "
            "or raise CSOPS_CONNECTOR_TIMEOUT_S"
        )
        super().__init__(service, path, message)


class ConnectorRateLimitError(ConnectorError):
    """The service kept answering 429 beyond the retry budget."""

    def __init__(self, service: Service, path: str, attempts: int, asked: float):
        message = (
            f"{service.name} is rate-limiting GET {path} (429 after {attempts} "
            f"attempt(s), asked to wait {asked:g}s more): rerun the sync later"
        )
        super().__init__(service, path, message)
        self.attempts = attempts
        self.asked = asked


class ConnectorUnavailableError(ConnectorError):
    """5xx answers or network failures beyond the retry budget."""

    def __init__(self, service: Service, path: str, attempts: int, cause: str):
        message = (
            f"{service.name} failed GET {path} {attempts} time(s) ({cause}): "
            f"check {service.name}'s status and the network, then rerun the sync"
        )
        super().__init__(service, path, message)
        self.attempts = attempts


class ConnectorResponseError(ConnectorError):
    """An answer csops cannot use: another 4xx, non-JSON, or a looping cursor."""


def quoted_detail(text: str) -> str:
    """What the service said, shortened to one line, for the end of a message."""
    text = " ".join(text.split())[:200]
    return f" (service said: {text})" if text else ""
