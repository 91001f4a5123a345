"""Workflows over HTTP: list, show, versions, diff, publish, design, stream, review."""

from __future__ import annotations

import json

import pytest

from domain.design import DesignResult
from tests.api_support import (
    CSM,
    ONBOARDING,
    OPS,
    VIEWER,
)
from tests.workflow_factory import step, workflow
from tools.db import open_database
from tools.workflow_store import WorkflowStore


def _refine(api_client, ref: str, change: str) -> str:
    body = {"description": change, "from_ref": ref, "save": True}
    answer = api_client.post("/api/workflows/design", json=body, headers=OPS)
    assert answer.status_code == 200, answer.text
    return answer.json()["saved_ref"]


def test_list_shows_the_published_workflow(api_client, api_book):
    answer = api_client.get("/api/workflows", headers=VIEWER)

    assert answer.status_code == 200
    [summary] = answer.json()
    assert summary["workflow_id"] == api_book.workflow_ref.split("@")[0]
    assert summary["published_version"] == 1


def test_show_returns_the_version_with_lint_and_mermaid(api_client, api_book):
    answer = api_client.get(f"/api/workflows/{api_book.workflow_ref}", headers=CSM)

    document = answer.json()
    assert answer.status_code == 200
    assert document["ref"] == api_book.workflow_ref
    assert document["status"] == "published"
    assert document["mermaid"].startswith("flowchart")
    assert document["result"]["workflow"]["trigger"]["kind"] == "closed_won"


@pytest.mark.parametrize(
    ("ref", "code", "detail"),
    [
        ("no-such-flow", 404, "unknown workflow"),
        ("Bad Ref!", 422, "invalid workflow ref"),
    ],
)
def test_show_refuses_refs_naming_nothing(api_client, ref, code, detail):
    answer = api_client.get(f"/api/workflows/{ref}", headers=OPS)

    assert (answer.status_code, answer.json()) == (code, {"detail": detail})


def test_unknown_version_is_404(api_client, api_book):
    workflow_id = api_book.workflow_ref.split("@")[0]

    answer = api_client.get(f"/api/workflows/{workflow_id}@9", headers=OPS)

    assert answer.status_code == 404
    assert answer.json() == {"detail": "unknown workflow version"}


def test_refine_then_versions_and_diff(api_client, api_book):
    new_ref = _refine(
        api_client, api_book.workflow_ref, "Finance owns the kickoff call step"
    )
    workflow_id = api_book.workflow_ref.split("@")[0]

    versions = api_client.get(f"/api/workflows/{workflow_id}/versions", headers=OPS)
    diff = api_client.get(
        "/api/workflows/diff",
        params={"old": api_book.workflow_ref, "new": new_ref},
        headers=OPS,
    )

    assert [v["status"] for v in versions.json()] == ["published", "draft"]
    assert diff.status_code == 200
    assert diff.json()["old"] == api_book.workflow_ref
    assert diff.json()["new"] == new_ref


def test_versions_of_unknown_workflow_is_404(api_client):
    answer = api_client.get("/api/workflows/nothing-here/versions", headers=OPS)

    assert (answer.status_code, answer.json()) == (404, {"detail": "unknown workflow"})


def test_publish_supersedes_the_published_version(api_client, api_book):
    new_ref = _refine(
        api_client, api_book.workflow_ref, "The welcome email takes 3 business days"
    )

    answer = api_client.post(f"/api/workflows/{new_ref}/publish", headers=OPS)

    assert answer.status_code == 200
    assert answer.json()["superseded_version"] == 1
    again = api_client.post(f"/api/workflows/{new_ref}/publish", headers=OPS)
    assert again.json()["already_published"] is True


def test_publish_refused_is_409_with_each_finding(api_client, api_book):
    database = open_database(f"sqlite:///{api_book.data_dir / 'csops.db'}")
    broken = workflow(step("kickoff", owner=None), name="Renewal prep")
    ref = WorkflowStore(database).save_draft(
        DesignResult(workflow=broken, engine="offline"), "renewal"
    )
    database.dispose()

    answer = api_client.post(f"/api/workflows/{ref}/publish", headers=OPS)

    assert answer.status_code == 409
    assert answer.json()["detail"] == "publish refused: lint errors"
    assert [f["rule"] for f in answer.json()["findings"]] == ["step-without-owner"]


@pytest.mark.parametrize(
    ("headers", "detail"), [(CSM, "needs the ops role"), (VIEWER, "needs the ops role")]
)
def test_only_ops_publish_and_design(api_client, api_book, headers, detail):
    publish = api_client.post(
        f"/api/workflows/{api_book.workflow_ref}/publish", headers=headers
    )
    design = api_client.post(
        "/api/workflows/design", json={"description": "x"}, headers=headers
    )

    assert (publish.status_code, publish.json()) == (403, {"detail": detail})
    assert (design.status_code, design.json()) == (403, {"detail": detail})


def test_design_saves_a_draft_when_asked(api_client):
    body = {"description": ONBOARDING.read_text(), "save": True}

    answer = api_client.post("/api/workflows/design", json=body, headers=OPS)

    assert answer.status_code == 200
    assert answer.json()["status"] == "saved"
    assert answer.json()["saved_ref"].endswith("@1")
    assert answer.json()["result"]["engine"] == "offline"


def test_design_without_save_only_designs(api_client):
    body = {"description": ONBOARDING.read_text()}

    answer = api_client.post("/api/workflows/design", json=body, headers=OPS)

    assert (answer.json()["status"], answer.json()["saved_ref"]) == ("designed", None)


def test_design_refuses_empty_and_oversized_text(api_client):
    empty = api_client.post(
        "/api/workflows/design", json={"description": " "}, headers=OPS
    )
    huge = api_client.post(
        "/api/workflows/design", json={"description": "a" * 20_001}, headers=OPS
    )

    assert empty.status_code == 422
    assert empty.json()["detail"].startswith("the journey description is empty")
    assert (huge.status_code, huge.json()) == (413, {"detail": "description too long"})


def test_design_stream_sends_node_events_then_the_result(api_client):
    body = {"description": ONBOARDING.read_text(), "save": False}

    with api_client.stream(
        "POST", "/api/workflows/design/stream", json=body, headers=OPS
    ) as answer:
        text = answer.read().decode()

    assert answer.headers["content-type"].startswith("text/event-stream")
    events = [chunk.split("\n") for chunk in text.strip().split("\n\n")]
    names = [lines[0].removeprefix("event: ") for lines in events]
    nodes = [json.loads(lines[1].removeprefix("data: ")) for lines in events[:-1]]
    assert names == ["node", "node", "node", "result"]
    assert [node["node"] for node in nodes] == ["draft", "lint", "save"]


def test_review_pauses_then_accept_saves(api_client):
    body = {"description": ONBOARDING.read_text(), "review": True}
    paused = api_client.post("/api/workflows/design", json=body, headers=OPS).json()
    thread = paused["thread_id"]

    accepted = api_client.post(
        f"/api/workflows/design/{thread}/review", json={"action": "accept"}, headers=OPS
    )
    again = api_client.post(
        f"/api/workflows/design/{thread}/review", json={"action": "accept"}, headers=OPS
    )

    assert (paused["status"], paused["saved_ref"]) == ("review", None)
    assert accepted.json()["status"] == "saved"
    assert (again.status_code, again.json()) == (
        409,
        {"detail": "design review already finished"},
    )


def test_review_of_unknown_thread_is_404(api_client):
    answer = api_client.post(
        f"/api/workflows/design/design-{'0' * 32}/review",
        json={"action": "accept"},
        headers=OPS,
    )

    assert (answer.status_code, answer.json()) == (
        404,
        {"detail": "unknown design review"},
    )
