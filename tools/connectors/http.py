"""The shared API client of the connectors: JSON GETs with bounded retries, and pages.

Retries are tenacity's. A 429 waits what `Retry-After` asks (RFC 9110 §10.2.3: delay
seconds or an HTTP date), a 5xx or a dropped connection backs off exponentially with
jitter; either way at most `RetryPolicy.max_attempts` requests and at most
`RetryPolicy.max_wait_s` seconds of waiting in total, so a sync never hangs on a
service that keeps saying "later". A wait the budget cannot cover fails at once.

401 and 403 fail at once (retrying a bad token only burns rate limit), and so does a
timeout: a service that did not answer in `connector_timeout_s` is unlikely to answer
the same request faster, and each retry would cost the whole timeout again.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from typing import Any

import httpx
from tenacity import RetryCallState, Retrying, retry_if_exception_type
from tenacity.wait import wait_exponential_jitter

from tools.connectors.errors import (
    ConnectorAuthError,
    ConnectorError,
    ConnectorRateLimitError,
    ConnectorResponseError,
    ConnectorTimeoutError,
    ConnectorUnavailableError,
    Service,
    quoted_detail,
)

logger = logging.getLogger(__name__)

RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
NextPage = Callable[[dict], tuple[str, dict | None] | None]


@dataclass(frozen=True)
class RetryPolicy:
    """How hard one request is tried before the sync gives up.

    Attributes:
        max_attempts: Requests in all, the first one included.
        max_wait_s: Total seconds of waiting allowed across the retries.
        backoff_s: First backoff for a 5xx or a 429 without `Retry-After`.
        max_backoff_s: Cap on one exponential backoff.
        jitter_s: Random seconds added to each backoff (0 makes it exact).
    """

    max_attempts: int = 5
    max_wait_s: float = 120.0
    backoff_s: float = 1.0
    max_backoff_s: float = 30.0
    jitter_s: float = 1.0


class _Transient(Exception):
    """A failure worth retrying: a retryable status or a dropped connection."""

    def __init__(self, response: httpx.Response | None, cause: str) -> None:
        super().__init__(cause)
        self.response = response
        self.cause = cause


class ApiClient:
    """GETs JSON from one service through an explicit `httpx.Client`.

    The client owns the `httpx.Client` it is given and closes it on exit. `sleep` is
    what waits between retries; tests pass a recorder to run fast and see the waits.
    """

    def __init__(
        self,
        service: Service,
        http: httpx.Client,
        policy: RetryPolicy | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.service = service
        self.http = http
        self.policy = policy or RetryPolicy()
        self.sleep = sleep
        self._backoff = wait_exponential_jitter(
            initial=self.policy.backoff_s,
            max=self.policy.max_backoff_s,
            jitter=self.policy.jitter_s,
        )

    def __enter__(self) -> ApiClient:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.http.close()

    def get_json(self, url: str, params: dict | None = None) -> dict[str, Any]:
        """The JSON object at `url`, retried per the policy; raises `ConnectorError`."""
        retrying = Retrying(
            retry=retry_if_exception_type(_Transient),
            wait=self._wait,
            stop=self._stop,
            sleep=self.sleep,
            before_sleep=self._log_retry,
            reraise=True,
        )
        try:
            response = retrying(self._get, url, params)
        except _Transient as failure:
            attempts = retrying.statistics.get("attempt_number", 1)
            raise self._gave_up(url, failure, attempts) from None
        return self._json(url, response)

    def pages(
        self, url: str, params: dict | None, next_page: NextPage
    ) -> Iterator[dict]:
        """Every page from `url` on; `next_page` reads a body's cursor, None at the end.

        A cursor that comes back a second time would loop forever, so it is an error.
        """
        seen: set[str] = set()
        request: tuple[str, dict | None] | None = (url, params)
        while request is not None:
            body = self.get_json(*request)
            yield body
            request = next_page(body)
            if request is not None and repr(request) in seen:
                message = f"{self.service.name} repeated the cursor {request!r}"
                raise ConnectorResponseError(self.service, url, message)
            seen.add(repr(request))

    def _get(self, url: str, params: dict | None) -> httpx.Response:
        try:
            response = self.http.get(url, params=params)
        except httpx.TimeoutException:
            raise ConnectorTimeoutError(self.service, url, self._timeout()) from None
        except httpx.TransportError as error:
            raise _Transient(None, f"{type(error).__name__}: {error}") from error
        if response.status_code in RETRY_STATUSES:
            raise _Transient(response, f"HTTP {response.status_code}")
        if response.status_code in (401, 403):
            raise ConnectorAuthError(
                self.service, url, response.status_code, response.text
            )
        if response.is_error:
            message = f"{self.service.name} answered {response.status_code} to GET "
            message += url + quoted_detail(response.text)
            raise ConnectorResponseError(self.service, url, message)
        return response

    def _json(self, url: str, response: httpx.Response) -> dict[str, Any]:
        try:
            body = response.json()
        except ValueError:
            body = None
        if not isinstance(body, dict):
            kind = response.headers.get("content-type", "unknown content")
            message = f"{self.service.name} answered GET {url} with {kind}, not a "
            message += f"JSON object: check {self.service.settings} and the URL"
            raise ConnectorResponseError(self.service, url, message)
        return body

    def _wait(self, state: RetryCallState) -> float:
        failure = state.outcome.exception() if state.outcome else None
        response = getattr(failure, "response", None)
        asked = retry_after(response) if response is not None else None
        return self._backoff(state) if asked is None else asked

    def _stop(self, state: RetryCallState) -> bool:
        if state.attempt_number >= self.policy.max_attempts:
            return True
        return state.idle_for + state.upcoming_sleep > self.policy.max_wait_s

    def _log_retry(self, state: RetryCallState) -> None:
        failure = state.outcome.exception() if state.outcome else None
        logger.info(
            "%s: %s on GET %s; retry %d of %d in %.1fs",
            self.service.name,
            getattr(failure, "cause", failure),
            state.args[0] if state.args else "?",
            state.attempt_number,
            self.policy.max_attempts - 1,
            state.upcoming_sleep,
        )

    def _gave_up(self, url: str, failure: _Transient, attempts: int) -> ConnectorError:
        response = failure.response
        if response is not None and response.status_code == 429:
            asked = retry_after(response) or 0.0
            return ConnectorRateLimitError(self.service, url, attempts, asked)
        return ConnectorUnavailableError(self.service, url, attempts, failure.cause)

    def _timeout(self) -> float | None:
        return self.http.timeout.read


def retry_after(response: httpx.Response) -> float | None:
    """Seconds a `Retry-After` header asks for, or None when absent or unreadable."""
    value = response.headers.get("retry-after", "").strip()
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        moment = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, moment.timestamp() - time.time())
