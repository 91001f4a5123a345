"""Magic links as JSON (GET reads, POST commits once) and imports by upload."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from domain.workflow import CustomerAction
from tests.api_support import (
    CSM,
    OPS,
    settings_for,
)

ACCOUNTS_CSV = "Company ID,Company,Country\nC-1,Acme Robotics,GB\nC-3,,US\n"
ACCOUNTS_MAP = (
    "entity: accounts\nsource_system: crm\ncolumns:\n"
    "  source_id: Company ID\n  name: Company\n  country: Country\n"
)


@pytest.fixture
def link(api_client, api_book) -> tuple[str, str]:
    """A fresh link for the first ready step of a new run, and that step's id."""
    body = {"workflow": api_book.workflow_ref, "account": str(api_book.own_account)}
    run_id = api_client.post("/api/runs", json=body, headers=OPS).json()["run_id"]
    step = api_client.get(f"/api/runs/{run_id}", headers=OPS).json()["steps"][0]
    token, _ = api_client.app.state.services.magic_links.issue_link(
        step_run_id=step["step_run_id"],
        recipient="Chloe@Customer.test",
        action=CustomerAction.acknowledge,
    )
    return token, step["step_id"]


def test_get_shows_the_step_and_uses_nothing(api_client, link):
    token, step_id = link

    first = api_client.get(f"/api/links/{token}")
    second = api_client.get(f"/api/links/{token}")

    assert first.status_code == second.status_code == 200
    assert first.json()["step_id"] == step_id
    assert first.json()["recipient"] == "chloe@customer.test"
    assert first.json()["open"] is True


def test_post_completes_the_step_once(api_client, link):
    token, _ = link

    done = api_client.post(f"/api/links/{token}", json={"note": "read it"})
    again = api_client.post(f"/api/links/{token}", json={})
    read_after = api_client.get(f"/api/links/{token}")

    assert (done.status_code, done.json()["open"]) == (200, False)
    assert (again.status_code, again.json()) == (409, {"detail": "link already used"})
    assert (read_after.status_code, read_after.json()) == (
        409,
        {"detail": "link already used"},
    )


def test_tampered_link_is_404(api_client, link):
    token, _ = link

    answer = api_client.get(f"/api/links/{token[:-3]}xyz")

    assert (answer.status_code, answer.json()) == (404, {"detail": "invalid link"})


def test_links_off_without_a_secret(api_book):
    with TestClient(create_app(settings_for(api_book, link_secret=None))) as api_client:
        answer = api_client.get("/api/links/anything")

    assert (answer.status_code, answer.json()) == (
        503,
        {"detail": "magic links are off"},
    )


def test_csv_import_by_upload_reports_rows_and_rejections(api_client):
    answer = api_client.post(
        "/api/imports/csv",
        files=[
            ("files", ("accounts.csv", ACCOUNTS_CSV, "text/csv")),
            ("column_map", ("accounts.yaml", ACCOUNTS_MAP, "application/yaml")),
        ],
        headers=OPS,
    )

    report = answer.json()
    assert answer.status_code == 200
    assert report["counts"]["accounts"]["created"] == 1
    assert [(r["file"], r["line"], r["field"]) for r in report["rejections"]] == [
        ("accounts.csv", 3, "name")
    ]


@pytest.mark.parametrize(
    ("path", "files", "headers", "code", "detail"),
    [
        (
            "/api/imports/xls",
            [("files", ("a.csv", "x", "text/csv"))],
            OPS,
            404,
            "unknown import format",
        ),
        (
            "/api/imports/csv",
            [("files", ("a.csv", "x", "text/csv"))],
            OPS,
            422,
            "csv takes one file and a column_map",
        ),
        (
            "/api/imports/csv",
            [("files", ("a.csv", "x", "text/csv"))],
            CSM,
            403,
            "needs the ops role",
        ),
    ],
)
def test_import_errors(api_client, path, files, headers, code, detail):
    answer = api_client.post(path, files=files, headers=headers)

    assert (answer.status_code, answer.json()) == (code, {"detail": detail})
