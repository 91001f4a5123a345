"""Brief suite: datasets, fixture loading, the scorer-side grounding and the scores."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest

from domain.brief import BriefKind, Citation, Claim, Conflict, assemble_brief
from evals.cases import load_dataset
from evals.modes.access import ModelAccess
from evals.runner import RunPlan, run
from evals.scoring import CouldNotScore, ratios
from evals.suites.brief.cases import BriefCase
from evals.suites.brief.records import AccountRecords
from evals.suites.brief.scorers import BriefAnswer, score_brief
from evals.suites.brief.suite import BRIEF_SUITE, solve
from evals.suites.brief.support import Support
from tools.settings import Settings

AS_OF = date(2025, 6, 2)
CASE = BriefCase.model_validate(
    {
        "id": "unit-1",
        "kind": "account",
        "as_of": "2025-06-02",
        "fixture": {"account": {"source_id": "acme", "name": "Acme Robotics"}},
        "expected": {
            "facts": [{"all": ["ARR", "$120,000"]}, {"any": ["Maria Lopez"]}],
            "forbidden": [r"auto-renews on"],
            "stale": {"fresh": [{"all": ["ARR"]}], "count": 0},
            "conflicts": {"expected": [{"all": ["churn"]}], "count": 1},
        },
    }
)


def records() -> AccountRecords:
    subscription = Support(
        blob="enterprise", dates={"2025-06-30"}, numbers={120000.0, 28.0}
    )
    contact = Support(blob="maria lopez \n champion")
    account = Support(blob="acme robotics \n churned")
    return AccountRecords(
        supports={
            ("subscription", "1"): subscription,
            ("contact", "1"): contact,
            ("account", "1"): account,
        },
        names={"Maria Lopez", "Acme Robotics"},
    )


def cite(record_type: str, record_id: str = "1") -> list[Citation]:
    return [Citation(record_type=record_type, record_id=record_id, as_of=AS_OF)]


def answer(*claims: Claim) -> BriefAnswer:
    conflict = Conflict(
        topic="churn status",
        left=Claim(
            section="conflicts",
            text="Acme Robotics churned.",
            citations=cite("account"),
        ),
        right=Claim(
            section="conflicts",
            text="ARR $120,000 open.",
            citations=cite("subscription"),
        ),
    )
    brief = assemble_brief(
        (1, "Acme Robotics", BriefKind.account, AS_OF), list(claims), [conflict], []
    )
    return BriefAnswer(brief=brief, records=records())


PERFECT = [
    Claim(
        section="snapshot",
        text="ARR $120,000 renews on 2025-06-30, in 28 days.",
        citations=cite("subscription"),
    ),
    Claim(
        section="relationship", text="Champion: Maria Lopez.", citations=cite("contact")
    ),
]


def scores(brief_answer: BriefAnswer) -> dict[str, float | None]:
    return {k: r.value for k, r in ratios(score_brief(CASE, brief_answer)).items()}


def test_a_perfect_brief_scores_one_on_every_metric():
    assert scores(answer(*PERFECT)) == {
        "fact_recall": 1.0,
        "forbidden_absent": 1.0,
        "citation_precision": 1.0,
        "claims_grounded": 1.0,
        "stale_accuracy": 1.0,
        "conflict_accuracy": 1.0,
    }


def test_an_invented_figure_lowers_citation_precision_and_grounding():
    invented = Claim(
        section="commercial",
        text="An expansion worth $999,000 closes soon.",
        citations=cite("subscription"),
    )
    found = scores(answer(*PERFECT, invented))

    assert found["citation_precision"] < 1.0
    assert found["claims_grounded"] < 1.0
    checks = score_brief(CASE, answer(*PERFECT, invented))
    assert [c.actual for c in checks if c.metric == "claims_grounded" and not c.ok] == [
        "not in cited records: figure $999,000"
    ]


def test_a_citation_of_the_wrong_record_or_an_unknown_one_is_imprecise():
    misplaced = Claim(
        section="relationship",
        text="Champion: Maria Lopez.",
        citations=cite("subscription") + cite("ticket", "77"),
    )
    checks = score_brief(CASE, answer(PERFECT[0], misplaced))
    failed = [c.actual for c in checks if c.metric == "citation_precision" and not c.ok]

    assert failed == [
        "holds none of: name Maria Lopez",
        "no such record of this account",
    ]


def test_forbidden_missing_facts_stale_and_conflict_counts_are_wrong_answers():
    stale = PERFECT[0].model_copy(
        update={"text": "ARR $120,000 auto-renews on 2025-06-30."}
    )
    brief_answer = answer(stale)
    brief_answer.brief.conflicts.clear()
    found = scores(brief_answer)

    assert found["forbidden_absent"] == 0.0
    assert found["fact_recall"] == 0.5
    assert found["conflict_accuracy"] == 0.0


def test_datasets_have_enough_well_formed_cases():
    core = load_dataset(BRIEF_SUITE.datasets["core"], BriefCase, "core")
    heldout = load_dataset(BRIEF_SUITE.datasets["heldout"], BriefCase, "heldout")

    assert (len(core.cases) >= 25, len(heldout.cases) >= 8) == (True, True)
    assert core.malformed == heldout.malformed == []
    assert not {c.id for c in core.cases} & {c.id for c in heldout.cases}


def test_a_rejected_fixture_row_is_could_not_score(tmp_path):
    bad = CASE.model_copy(deep=True)
    bad.fixture.nps.append({"score": 42})
    call = ModelAccess(Settings(data_dir=tmp_path)).open(bad.id, 0)

    with pytest.raises(CouldNotScore, match="survey_responses row 1 rejected: score"):
        solve(bad, call)


def test_a_malformed_case_is_reported_and_the_run_goes_on(tmp_path):
    dataset = tmp_path / "brief.v1.jsonl"
    good = BRIEF_SUITE.datasets["core"].read_text().splitlines()[0]
    dataset.write_text(f'{good}\n{{"id": "broken", "kind": "account"}}\nnot json\n')
    suite = dataclasses.replace(BRIEF_SUITE, datasets={"core": dataset})
    result = run(RunPlan(suites=[suite], workers=2), Settings(data_dir=tmp_path))
    statuses = sorted((c.case_id, c.status) for c in result.cases)

    assert statuses == [
        ("acct-manual-renewal-soon", "scored"),
        ("brief.v1.jsonl:3", "could_not_score"),
        ("broken", "could_not_score"),
    ]
    scored = next(c for c in result.cases if c.status == "scored")
    assert scored.metrics["claims_grounded"].value == 1.0
