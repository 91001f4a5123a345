"""Property tests from the OpenAPI document: no generated input makes a 500.

Schemathesis reads `/openapi.json` from the app in process (ASGI, no network) and
generates requests for every operation, sent with an ops key so they get past
auth into the handlers. Examples are few and derandomized, so the run is bounded
and repeatable.

The app is built at import, because the schema must exist when pytest collects
(`schemathesis.pytest.from_fixture` breaks on pytest 9: it reads
`Function._nodeid`). The app opens its database on first use, so the book is
written into its folder by a fixture before any request.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from api.app import create_app
from tests.api_support import OPS, Book, seed_book, settings_for
from tests.page_seed import inbox_nudge

MAX_EXAMPLES = 20
DATA_DIR = Path(tempfile.mkdtemp(prefix="csops-schemathesis-"))
# The csm person is unused here: every generated request is sent as ops.
APP = create_app(settings_for(Book(DATA_DIR, "nobody@vendor.test", 0, 0, "")))
schema = schemathesis.openapi.from_asgi("/openapi.json", APP)


@pytest.fixture(scope="module", autouse=True)
def demo_book():
    seed_book(DATA_DIR)
    inbox_nudge(APP.state.services.database)  # GET /api/inbox lists a real item
    yield
    APP.state.services.close()
    shutil.rmtree(DATA_DIR, ignore_errors=True)


def test_the_schema_covers_the_inbox_and_tick():
    paths = APP.openapi()["paths"]
    assert set(paths["/api/inbox/{item_id}/decision"]) == {"post"}
    assert {"/api/inbox", "/api/inbox/{item_id}", "/api/tick"} <= set(paths)


@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    derandomize=True,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
def test_no_generated_request_fails_the_server(case):
    # Only "no 500": the error bodies (`detail` as a string) are not yet declared
    # per route in the OpenAPI document, so schema conformance would flag them.
    case.call_and_validate(headers=OPS, checks=[not_a_server_error])
