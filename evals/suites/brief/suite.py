"""The brief suite: each case's account fixture briefed, then scored.

Every attempt loads its fixture into a fresh SQLite store of its own (a temporary
directory, removed after), so cases run in parallel without sharing rows. Offline
mode runs the offline composer; replay, live and record hand `build_brief` the
mode's chat model, so the OpenAI path (tool exploration, structured draft, ground
check, offline fallback) is what runs.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from evals.modes.access import CaseCall
from evals.suite import DATASETS_DIR, Suite
from evals.suites.brief.cases import BriefCase
from evals.suites.brief.fixture import load_fixture, scratch_directory
from evals.suites.brief.records import read_records
from evals.suites.brief.scorers import METRICS, BriefAnswer, score_brief


def brief_for_case(case: BriefCase, call: CaseCall, watch=None) -> BriefAnswer:
    """The brief of the case's fixture, with the scorer's view of its records.

    `watch(model)` is called with the chat model before the brief is built, so the
    trajectory suite can listen to the exchanges.
    """
    # Imported per call: a brief engine that is mid-change makes its cases "could
    # not score" instead of making the whole eval package unimportable.
    from graph.brief import build_brief

    with scratch_directory() as directory:
        database = load_fixture(case.fixture, case.as_of, Path(directory))
        try:
            if watch is not None and call.model is not None:
                watch(call.model)
            brief = build_brief(
                database,
                call.settings,
                case.fixture.source_id,
                case.kind,
                as_of=case.as_of,
                model=call.model,
            )
            records = read_records(database, case.fixture.source_id, case.as_of)
        finally:
            database.dispose()
    return BriefAnswer(brief=brief, records=records)


def solve(case: BriefCase, call: CaseCall) -> BriefAnswer:
    return brief_for_case(case, call)


def summarize(answer: BriefAnswer) -> dict[str, Any]:
    """The brief as a reviewer reads it: claims with citations, flags, footer."""
    brief = answer.brief
    return {
        "engine": brief.engine,
        "fallback_reason": brief.fallback_reason,
        "claims": [_claim_line(c) for c in brief.claims],
        "conflicts": [
            f"{c.topic}: {c.left.text} <> {c.right.text}" for c in brief.conflicts
        ],
        "dropped": [
            f"{d.claim.text} ({', '.join(d.unsupported)})" for d in brief.dropped
        ],
        "footer": brief.footer.model_dump(),
    }


def case_text(case: BriefCase) -> str:
    return (
        f"{case.kind.value} brief of {case.fixture.account['name']} as of "
        f"{case.as_of}: " + case.fixture.model_dump_json(exclude_defaults=True)
    )


def prompt_text() -> str:
    """The brief system prompt the model reads, when the brief engine imports."""
    try:
        from agents.brief.prompts import BRIEF_SYSTEM_PROMPT
    except ImportError as error:  # hashed as such: the manifest shows it
        return f"brief prompt unavailable: {error}"
    return BRIEF_SYSTEM_PROMPT


def _claim_line(claim) -> str:
    cited = ", ".join(f"{c.record_type}:{c.record_id}" for c in claim.citations)
    stale = " [stale]" if claim.stale else ""
    return f"[{claim.section}] {claim.text} ({cited}){stale}"


BRIEF_SUITE = Suite(
    name="brief",
    case_model=BriefCase,
    datasets={
        "core": DATASETS_DIR / "brief.v1.jsonl",
        "heldout": DATASETS_DIR / "brief.heldout.v1.jsonl",
    },
    solve=solve,
    score=score_brief,
    summarize=summarize,
    case_text=case_text,
    prompt_text=prompt_text,
    metrics=METRICS,
)
