"""The HTTP API under test: a demo book with a published workflow, keys per role.

The book is built once per session (demo data, an onboarding workflow designed
offline and published) and copied into each test's own folder, so tests may write.
`tests/conftest.py` registers the fixtures: `api_book`, `api_client`.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from pydantic import SecretStr

from api.app import create_app
from graph.design import build_design_graph
from tools.accounts.repository import get_account_team, list_accounts
from tools.db import open_database
from tools.demo_data import write_demo_data
from tools.settings import Settings
from tools.workflow_store import WorkflowStore

AS_OF = date(2025, 3, 3)
OPS_KEY = "ops-Kq7vT2mW9xR4pL8nB3cF6hJ1"
CSM_KEY = "csm-Zt5yU8iO2pA6sD9fG3hK7lQ4"
VIEWER_KEY = "viewer-Mn4bV7cX1zL5kJ8hG2fD6sA9"
LINK_SECRET = "Lk3Jh8Gf2Ds7Aq1Wz9Xc4Vb6Nm5Pt0Ry8Ue2Io7"
ONBOARDING = Path(__file__).parents[1] / "examples" / "journeys" / "onboarding.txt"


@dataclass(frozen=True)
class Book:
    """A copy of the demo book, and the facts tests ask about it."""

    data_dir: Path
    csm_email: str
    own_account: int
    other_account: int
    workflow_ref: str


def settings_for(book: Book, **changes) -> Settings:
    """Settings on the book with the three role keys and a link secret."""
    keys = [
        {"name": "ops-test", "role": "ops", "key": OPS_KEY},
        {"name": "csm-test", "role": "csm", "key": CSM_KEY, "person": book.csm_email},
        {"name": "viewer-test", "role": "viewer", "key": VIEWER_KEY},
    ]
    values = {
        "data_dir": book.data_dir,
        "database_url": None,
        "model_provider": "offline",
        "api_keys": SecretStr(json.dumps(keys)),
        "link_secret": SecretStr(LINK_SECRET),
        "chroma_url": None,
    }
    return Settings(**(values | changes))


def auth(key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}


OPS, CSM, VIEWER = auth(OPS_KEY), auth(CSM_KEY), auth(VIEWER_KEY)


def seed_book(data_dir: Path) -> Book:
    """Write the demo book and publish the onboarding workflow into `data_dir`."""
    settings = Settings(data_dir=data_dir, database_url=None, model_provider="offline")
    database = open_database(settings.resolved_database_url)
    write_demo_data(database, accounts=8, seed=7, as_of=AS_OF)
    store = WorkflowStore(database)
    graph = build_design_graph(settings, store=store)
    final = graph.invoke({"description": ONBOARDING.read_text(), "save": True})
    store.publish(final["saved_ref"])
    with database.session() as session:
        accounts = [account.id for account in list_accounts(session)]
        teams = {a: get_account_team(session, a) for a in accounts}
    database.dispose()

    own = accounts[0]
    csm_email = next(m.email for m in teams[own] if m.role == "csm")
    other = next(
        a
        for a in accounts
        if all(csm_email not in (m.email, m.manager_email) for m in teams[a])
    )
    return Book(data_dir, csm_email, own, other, final["saved_ref"])


@pytest.fixture(scope="session")
def api_book_template(tmp_path_factory: pytest.TempPathFactory) -> Book:
    return seed_book(tmp_path_factory.mktemp("api-book"))


@pytest.fixture
def api_book(api_book_template: Book, tmp_path: Path) -> Book:
    data_dir = tmp_path / "data"
    shutil.copytree(api_book_template.data_dir, data_dir)
    return replace(api_book_template, data_dir=data_dir)


@pytest.fixture
def api_client(api_book: Book) -> Iterator[TestClient]:
    with TestClient(create_app(settings_for(api_book))) as test_client:
        yield test_client
