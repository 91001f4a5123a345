"""Replay and record: the real OpenAI path on recordings, and never a call out.

The recordings in evals/recordings/handwritten/ are hand-written test fixtures
(their `origin` says so), not model output.
"""

from __future__ import annotations

import json
from pathlib import Path

import respx

from evals.modes.recordings import RECORDINGS_DIR, read_recordings
from evals.runner import RunPlan, run
from evals.suites.design.suite import DESIGN_SUITE
from tests.openai_fakes import draft_response, onboarding_draft
from tools.settings import Settings

HAND_WRITTEN = RECORDINGS_DIR / "handwritten"
RECORDED = frozenset({"onb-prose-01", "ren-terse-03", "esc-terse-04"})


def replay(tmp_path, directory: Path, case_ids: frozenset[str]):
    plan = RunPlan(
        suites=[DESIGN_SUITE],
        mode="replay",
        recordings_dir=directory,
        case_ids=case_ids,
        splits=("core",),
        workers=2,
    )
    return {case.case_id: case for case in run(plan, Settings(data_dir=tmp_path)).cases}


def test_hand_written_recordings_run_through_the_openai_path(tmp_path):
    assert all(r.hand_written for r in read_recordings(HAND_WRITTEN, "design"))
    with respx.mock(assert_all_mocked=True) as network:
        cases = replay(tmp_path, HAND_WRITTEN, RECORDED)
    assert not network.calls

    onboarding = cases["onb-prose-01"]
    assert onboarding.output["engine"] == "openai"
    assert onboarding.metrics["step_recall"].value == 1.0
    assert onboarding.metrics["owner_accuracy"].value == 1.0
    renewal = cases["ren-terse-03"]
    wrong = [c.subject for c in renewal.failed_checks if c.metric == "owner_accuracy"]
    assert wrong == ["quote"]
    refused = cases["esc-terse-04"]
    assert refused.output["engine"] == "offline"
    assert "refused twice" in refused.output["fallback_reason"]


def test_a_missing_recording_is_unscored_and_never_calls_out(tmp_path):
    with respx.mock(assert_all_mocked=True) as network:
        cases = replay(tmp_path, HAND_WRITTEN, frozenset({"onb-bullets-02"}))
    assert not network.calls
    unscored = cases["onb-bullets-02"]
    assert unscored.status == "could_not_score"
    assert unscored.reason.startswith("no recording in")
    assert "--mode record" in unscored.reason


def test_a_case_calling_more_than_recorded_is_unscored(tmp_path):
    directory = tmp_path / "recordings"
    directory.mkdir()
    lines = (HAND_WRITTEN / "design.jsonl").read_text().splitlines()
    first_refusal = next(line for line in lines if '"esc-terse-04"' in line)
    (directory / "design.jsonl").write_text(first_refusal + "\n")
    cases = replay(tmp_path, directory, frozenset({"esc-terse-04"}))
    assert cases["esc-terse-04"].status == "could_not_score"
    assert cases["esc-terse-04"].reason == (
        "the case made call 2 but only 1 were recorded"
    )


def test_record_strips_the_key_and_replay_checks_the_fingerprint(
    tmp_path, openai_routes
):
    key = "sk-test-5f1c0a9b7d3e2f4a6b8c"
    settings = Settings(data_dir=tmp_path, model_provider="openai", openai_api_key=key)
    openai_routes["chat"].side_effect = [draft_response(onboarding_draft())]
    directory = tmp_path / "recordings"
    plan = RunPlan(
        suites=[DESIGN_SUITE],
        mode="record",
        recordings_dir=directory,
        case_ids=frozenset({"onb-prose-01"}),
        splits=("core",),
    )
    recorded = run(plan, settings).cases
    assert recorded[0].usage.prompt_tokens == 1187
    assert recorded[0].usage.cost_usd is not None

    text = (directory / "design.jsonl").read_text()
    assert key not in text and "authorization" not in text.lower()
    line = json.loads(text)
    assert (line["origin"], line["sequence"]) == ("recorded", 0)
    assert len(line["request_fingerprint"]) == 64

    with respx.mock(assert_all_mocked=True) as network:
        replayed = replay(tmp_path, directory, frozenset({"onb-prose-01"}))
    assert not network.calls
    assert replayed["onb-prose-01"].output == recorded[0].output

    stale = text.replace(line["request_fingerprint"], "0" * 64)
    (directory / "design.jsonl").write_text(stale)
    unscored = replay(tmp_path, directory, frozenset({"onb-prose-01"}))
    assert unscored["onb-prose-01"].reason.startswith("stale recording")
