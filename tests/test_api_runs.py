"""Accounts, briefs, runs, the sweep, the closed-won webhook and metrics over HTTP,
for each role."""

from __future__ import annotations

import pytest

from tests.api_support import (
    CSM,
    OPS,
    VIEWER,
)

NOW = "2025-03-03T15:00:00+00:00"


def _start(api_client, api_book, account: int, headers=OPS):
    body = {"workflow": api_book.workflow_ref, "account": str(account)}
    return api_client.post("/api/runs", json=body, params={"now": NOW}, headers=headers)


def test_accounts_list_is_narrowed_to_a_csm_team(api_client, api_book):
    everyone = api_client.get("/api/accounts", headers=VIEWER).json()
    mine = api_client.get("/api/accounts", headers=CSM).json()

    assert len(everyone) == 8
    assert api_book.own_account in {a["id"] for a in mine}
    assert api_book.other_account not in {a["id"] for a in mine}


def test_account_detail_and_its_errors(api_client, api_book):
    shown = api_client.get(f"/api/accounts/{api_book.own_account}", headers=CSM)
    refused = api_client.get(f"/api/accounts/{api_book.other_account}", headers=CSM)
    unknown = api_client.get("/api/accounts/Nobody Inc", headers=OPS)

    assert shown.status_code == 200
    assert shown.json()["account"]["id"] == api_book.own_account
    assert (refused.status_code, refused.json()) == (
        403,
        {"detail": "not on this account's team"},
    )
    assert unknown.status_code == 404
    assert unknown.json()["detail"] == "unknown account"


def test_brief_cites_records_and_respects_the_team(api_client, api_book):
    brief = api_client.get(
        f"/api/accounts/{api_book.own_account}/brief",
        params={"kind": "renewal", "as_of": "2025-03-03"},
        headers=CSM,
    )
    refused = api_client.get(
        f"/api/accounts/{api_book.other_account}/brief", headers=CSM
    )

    assert brief.status_code == 200
    assert brief.json()["kind"] == "renewal"
    claims = [c for s in brief.json()["sections"] for c in s["claims"]]
    assert claims and all(claim["citations"] for claim in claims)
    assert refused.status_code == 403


def test_brief_of_unknown_account_is_404(api_client):
    answer = api_client.get("/api/accounts/zzz-nothing/brief", headers=OPS)

    assert answer.status_code == 404
    assert answer.json()["detail"] == "unknown account"


def test_start_show_complete_a_run(api_client, api_book):
    started = _start(api_client, api_book, api_book.own_account, headers=CSM)
    run_id = started.json()["run_id"]
    step_id = started.json()["ready_steps"][0]

    shown = api_client.get(f"/api/runs/{run_id}", params={"now": NOW}, headers=VIEWER)
    done = api_client.post(
        f"/api/runs/{run_id}/steps/{step_id}/complete",
        json={"by": "ops-test"},
        params={"now": NOW},
        headers=OPS,
    )
    again = api_client.post(
        f"/api/runs/{run_id}/steps/{step_id}/complete", json={}, headers=OPS
    )

    assert started.status_code == 201
    assert shown.json()["events"][0]["kind"] == "run_started"
    assert done.json()["step_done"] is True
    assert again.status_code == 409
    assert again.json()["detail"] == f"step '{step_id}' is already done; nothing to do"


def test_run_errors(api_client, api_book):
    unknown_run = api_client.get("/api/runs/run_000000000000", headers=OPS)
    draft = api_client.post(
        "/api/runs", json={"workflow": "nope-1234", "account": "1"}, headers=OPS
    )
    naive = api_client.get("/api/runs", params={"now": "2025-03-03T15:00"}, headers=OPS)
    started = _start(api_client, api_book, api_book.own_account).json()
    unknown_step = api_client.post(
        f"/api/runs/{started['run_id']}/steps/nope/complete", json={}, headers=OPS
    )

    assert (unknown_run.status_code, unknown_run.json()) == (
        404,
        {"detail": "unknown run"},
    )
    assert (draft.status_code, draft.json()) == (404, {"detail": "unknown workflow"})
    assert naive.status_code == 200  # list takes no clock
    assert (unknown_step.status_code, unknown_step.json()) == (
        404,
        {"detail": "unknown step"},
    )


def test_now_without_offset_is_422(api_client):
    answer = api_client.get(
        "/api/runs/run_x", params={"now": "2025-03-03T15:00"}, headers=OPS
    )

    assert (answer.status_code, answer.json()) == (
        422,
        {"detail": "now needs a UTC offset"},
    )


@pytest.mark.parametrize(
    ("headers", "code", "detail"),
    [(VIEWER, 403, "read-only API key"), (CSM, 403, "not on this account's team")],
)
def test_who_may_start_runs(api_client, api_book, headers, code, detail):
    answer = _start(api_client, api_book, api_book.other_account, headers=headers)

    assert (answer.status_code, answer.json()) == (code, {"detail": detail})


def test_open_runs_are_narrowed_for_a_csm(api_client, api_book):
    mine = _start(api_client, api_book, api_book.own_account).json()["run_id"]
    theirs = _start(api_client, api_book, api_book.other_account).json()["run_id"]

    as_csm = {r["run_id"] for r in api_client.get("/api/runs", headers=CSM).json()}
    as_ops = {r["run_id"] for r in api_client.get("/api/runs", headers=OPS).json()}
    refused = api_client.get(f"/api/runs/{theirs}", headers=CSM)

    assert (mine in as_csm, theirs in as_csm) == (True, False)
    assert {mine, theirs} <= as_ops
    assert refused.status_code == 403


def test_tick_sweeps_and_is_ops_only(api_client, api_book):
    _start(api_client, api_book, api_book.own_account)

    swept = api_client.post("/api/tick", params={"now": NOW}, headers=OPS)
    refused = api_client.post("/api/tick", headers=CSM)

    assert swept.status_code == 200
    assert swept.json()["sweep"]["due_work"]
    assert set(swept.json()) == {
        "sweep",
        "queued",
        "inbox_started",
        "resumed",
        "delivery",
    }
    assert (refused.status_code, refused.json()) == (
        403,
        {"detail": "needs the ops role"},
    )


def test_closed_won_webhook_starts_runs_once_per_event(api_client, api_book):
    event = {"event_id": "evt-1", "account": str(api_book.own_account), "deal_id": "x"}

    first = api_client.post("/api/webhooks/deal-closed-won", json=event, headers=OPS)
    second = api_client.post("/api/webhooks/deal-closed-won", json=event, headers=OPS)

    [run] = first.json()["started"]
    assert run["workflow_ref"] == api_book.workflow_ref
    assert second.json()["started"] == []
    assert second.json()["already_started"] == [run["run_id"]]


def test_webhook_errors(api_client):
    unknown = api_client.post(
        "/api/webhooks/deal-closed-won",
        json={"event_id": "e", "account": "Nobody"},
        headers=OPS,
    )
    bad = api_client.post("/api/webhooks/deal-closed-won", json={}, headers=OPS)
    viewer = api_client.post(
        "/api/webhooks/deal-closed-won",
        json={"event_id": "e", "account": "1"},
        headers=VIEWER,
    )

    assert (unknown.status_code, unknown.json()["detail"]) == (404, "unknown account")
    assert bad.status_code == 422
    assert viewer.status_code == 403


def test_metrics_count_runs_and_requests(api_client, api_book):
    _start(api_client, api_book, api_book.own_account)

    answer = api_client.get("/api/metrics", headers=VIEWER).json()

    assert answer["workflows"] == answer["published_workflows"] == 1
    assert answer["runs_by_status"] == {"open": 1}
    assert answer["http"]["by_status"]["201"] == 1
    assert answer["http"]["p95_ms"] is not None
