"""`csops eval` end to end on the offline design suite: tables, reports, the gate."""

from __future__ import annotations

import json
from xml.etree import ElementTree

import pytest
from typer.testing import CliRunner

from api.cli import app
from evals.baseline import BASELINES_DIR, load_baseline, write_baseline

REPORT_FILES = {"run.json", "summary.json", "manifest.json", "report.html", "junit.xml"}


@pytest.fixture
def cli(tmp_path, monkeypatch):
    monkeypatch.setenv("CSOPS_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    runner = CliRunner()

    def invoke(*args: str):
        return runner.invoke(app, ["eval", *args], catch_exceptions=False)

    return invoke


@pytest.fixture(scope="module")
def offline_run(tmp_path_factory):
    """One offline run of the whole design suite, shared by the read-only tests."""
    out = tmp_path_factory.mktemp("offline-run")
    result = CliRunner().invoke(
        app,
        ["eval", "run", "--suite", "design", "--out", str(out)],
        catch_exceptions=False,
    )
    return result, out


def test_offline_run_prints_tables_and_writes_every_report(offline_run):
    result, out = offline_run
    assert result.exit_code == 0, result.output
    assert {path.name for path in out.iterdir()} == REPORT_FILES
    assert "design · core · offline engine" in result.stdout
    assert "design · heldout (held out)" in result.stdout

    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["mode"] == "offline"
    assert manifest["seconds"] < 60
    assert {d["name"] for d in manifest["datasets"]} == {
        "design.v1.jsonl",
        "design.heldout.v1.jsonl",
    }
    assert all(d["cases"] >= 10 and d["malformed"] == 0 for d in manifest["datasets"])
    assert len(manifest["prompt_sha256"]["design"]) == 64


def test_reports_agree_and_escape_case_text(offline_run):
    _, out = offline_run
    run = json.loads((out / "run.json").read_text())
    junit = ElementTree.parse(out / "junit.xml").getroot()
    assert sum(int(s.get("tests")) for s in junit) == len(run["cases"]) >= 50
    html = (out / "report.html").read_text()
    # Hostile cases carry markup; the report shows it as text.
    assert "<system>" not in html
    assert "&lt;system&gt;" in html


def test_the_committed_baseline_passes(cli, offline_run, tmp_path):
    result = cli(
        "run",
        "--suite",
        "design",
        "--out",
        str(tmp_path / "run"),
        "--baseline",
        str(BASELINES_DIR / "offline.json"),
    )
    assert result.exit_code == 0, result.output
    assert "no regression against" in result.stdout


def test_a_regression_against_the_baseline_exits_non_zero(cli, tmp_path):
    baseline = load_baseline(BASELINES_DIR / "offline.json")
    overall = baseline.slices["design"]["core"]["all"]
    assert overall["step_recall"] < 0.98, "pick a figure the engine can fall below"
    overall["step_recall"] = 1.0
    injected = write_baseline(baseline, tmp_path / "injected.json")

    result = cli(
        "run",
        "--suite",
        "design",
        "--out",
        str(tmp_path / "run"),
        "--baseline",
        str(injected),
    )
    assert result.exit_code == 1
    assert "1 regression(s)" in result.stdout
    assert "design/core/all step_recall: 100.0% ->" in result.stdout


def test_a_baseline_of_another_mode_is_refused(cli, tmp_path):
    baseline = load_baseline(BASELINES_DIR / "offline.json")
    other = write_baseline(baseline.model_copy(update={"mode": "live"}), tmp_path / "b")
    result = cli(
        "run",
        "--out",
        str(tmp_path / "run"),
        "--case",
        "onb-prose-01",
        "--baseline",
        str(other),
    )
    assert result.exit_code == 2
    assert "taken in live mode and this run is offline" in result.stderr


def test_usage_errors_exit_2_with_one_line(cli):
    assert cli("run", "--mode", "psychic").stderr.startswith("error: unknown mode")
    result = cli("run", "--mode", "live")
    assert result.exit_code == 2
    assert "--mode live needs a model: set OPENAI_API_KEY" in result.stderr
    assert cli("run", "--suite", "nope").exit_code == 2


def test_compare_lists_what_moved(cli, offline_run, tmp_path):
    _, first = offline_run
    second = tmp_path / "second"
    cli("run", "--out", str(second), "--case", "onb-prose-01", "--split", "core")
    result = cli("compare", str(first), str(second))
    assert result.exit_code == 0, result.output
    assert "journey:renewal" in result.stdout  # only in the first run: n/a
    assert cli("compare", str(first), str(tmp_path / "nothing")).exit_code == 2
