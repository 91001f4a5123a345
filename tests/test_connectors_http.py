"""The connectors' API client: bounded retries, typed errors naming the fix, pages."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import httpx
import pytest
import respx

from tests.connector_routes import ZENDESK_URL, hubspot_error, zendesk_error
from tools.connectors import (
    ApiClient,
    ConnectorAuthError,
    ConnectorRateLimitError,
    ConnectorResponseError,
    ConnectorTimeoutError,
    ConnectorUnavailableError,
    RetryPolicy,
)
from tools.connectors.hubspot import SERVICE as HUBSPOT
from tools.connectors.zendesk import SERVICE as ZENDESK

PATH = "/api/v2/organizations.json"
OK = httpx.Response(200, json={"organizations": []})
EXACT = RetryPolicy(max_attempts=4, max_wait_s=60, backoff_s=1, jitter_s=0)


@pytest.fixture
def waits() -> list[float]:
    """The seconds each retry asked to sleep (nothing really sleeps)."""
    return []


@pytest.fixture
def api(waits):
    client = httpx.Client(base_url=ZENDESK_URL, timeout=httpx.Timeout(5.0))
    with ApiClient(ZENDESK, client, EXACT, sleep=waits.append) as api:
        yield api


@pytest.fixture
def route():
    with respx.mock(base_url=ZENDESK_URL) as router:
        yield router.get(PATH)


def rate_limited(retry_after: str) -> httpx.Response:
    description = "Number of allowed API requests per minute exceeded"
    answer = zendesk_error(429, "APIRateLimitExceeded", description)
    answer.headers["Retry-After"] = retry_after
    return answer


def test_429_waits_what_retry_after_asks_then_succeeds(api, route, waits):
    route.side_effect = [rate_limited("7"), OK]
    assert api.get_json(PATH) == {"organizations": []}
    assert waits == [7.0]
    assert route.call_count == 2


def test_retry_after_as_an_http_date_is_honoured(api, route, waits):
    moment = format_datetime(datetime.now(UTC) + timedelta(seconds=30), usegmt=True)
    route.side_effect = [rate_limited(moment), OK]
    api.get_json(PATH)
    assert len(waits) == 1 and 25 <= waits[0] <= 30


def test_a_wait_beyond_the_budget_fails_at_once_without_sleeping(api, route, waits):
    route.side_effect = [rate_limited("600"), OK]
    with pytest.raises(ConnectorRateLimitError) as raised:
        api.get_json(PATH)
    assert str(raised.value) == (
        f"Zendesk is rate-limiting GET {PATH} (429 after 1 attempt(s), asked to "
        "wait 600s more): rerun the sync later"
    )
    assert waits == []


def test_500_backs_off_then_succeeds(api, route, waits):
    route.side_effect = [zendesk_error(500, "InternalError"), OK]
    assert api.get_json(PATH) == {"organizations": []}
    assert waits == [1.0]


def test_5xx_stops_after_max_attempts_with_exponential_backoff(api, route, waits):
    route.return_value = httpx.Response(503, text="Service Unavailable")
    with pytest.raises(ConnectorUnavailableError) as raised:
        api.get_json(PATH)
    assert route.call_count == EXACT.max_attempts
    assert waits == [1.0, 2.0, 4.0]
    assert "failed GET /api/v2/organizations.json 4 time(s) (HTTP 503)" in str(
        raised.value
    )


def test_a_dropped_connection_is_retried(api, route, waits):
    route.side_effect = [httpx.ConnectError("connection reset"), OK]
    assert api.get_json(PATH) == {"organizations": []}
    assert waits == [1.0]


def test_401_fails_at_once_naming_the_settings(api, route, waits):
    route.return_value = zendesk_error(401, "Couldn't authenticate you")
    with pytest.raises(ConnectorAuthError) as raised:
        api.get_json(PATH)
    assert str(raised.value) == (
        "Zendesk rejected the API token (401): check CSOPS_ZENDESK_EMAIL and "
        'CSOPS_ZENDESK_TOKEN (service said: {"error":"Couldn\'t authenticate you"})'
    )
    assert (route.call_count, waits) == (1, [])


def test_403_names_the_token_and_its_scopes(waits):
    answer = hubspot_error(403, "MISSING_SCOPES", "This app hasn't been granted all")
    client = httpx.Client(base_url="https://api.hubapi.com")
    with respx.mock(base_url="https://api.hubapi.com") as router:
        router.get("/crm/v3/objects/deals").return_value = answer
        with pytest.raises(ConnectorAuthError) as raised:
            ApiClient(HUBSPOT, client, EXACT, waits.append).get_json(
                "/crm/v3/objects/deals"
            )
    assert str(raised.value).startswith(
        "HubSpot refused access for the token (403): check CSOPS_HUBSPOT_TOKEN and "
        "the permissions it grants (service said: "
    )


def test_a_timeout_fails_at_once_naming_the_setting(api, route, waits):
    route.side_effect = httpx.ReadTimeout("timed out")
    with pytest.raises(ConnectorTimeoutError) as raised:
        api.get_json(PATH)
    assert str(raised.value) == (
        f"Zendesk did not answer GET {PATH} within 5s: rerun the sync later or "
        "raise CSOPS_CONNECTOR_TIMEOUT_S"
    )
    assert (route.call_count, waits) == (1, [])


def test_an_html_page_is_not_taken_for_json(api, route):
    route.return_value = httpx.Response(200, html="<html>Help Center</html>")
    with pytest.raises(ConnectorResponseError, match="text/html; charset=utf-8, not"):
        api.get_json(PATH)


def test_a_404_is_reported_with_what_the_service_said(api, route):
    route.return_value = zendesk_error(404, "InvalidEndpoint", "Not found")
    with pytest.raises(ConnectorResponseError, match="answered 404 to GET"):
        api.get_json(PATH)


def test_a_cursor_that_comes_back_is_an_error_not_a_loop(api, route):
    route.return_value = httpx.Response(200, json={"next": "same"})
    pages = api.pages(PATH, None, lambda body: (PATH, {"after": body["next"]}))
    with pytest.raises(ConnectorResponseError, match="repeated the cursor"):
        list(pages)
    assert route.call_count == 2
