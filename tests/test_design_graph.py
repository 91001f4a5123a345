"""The designer graph: wiring, repair loop, human review and saving."""

from __future__ import annotations

import uuid

import pytest
from langgraph.checkpoint.memory import InMemorySaver
from langgraph.types import Command

from domain.design import DesignResult
from graph import design as design_graph
from graph.design import build_design_graph, design_result
from tests.workflow_factory import step, workflow
from tools.checkpoints import sqlite_checkpointer
from tools.settings import Settings

JOURNEY = (
    "When a deal closes, the AE hands off to the CSM within 2 business days. "
    "The CSM runs a kickoff call with the customer within 5 business days. "
    "If the kickoff has not happened 2 days after that, escalate to the CS manager."
)


@pytest.fixture
def settings(tmp_path) -> Settings:
    return Settings(data_dir=tmp_path, model_provider="offline")


def thread() -> dict:
    return {"configurable": {"thread_id": uuid.uuid4().hex}}


def test_compiled_graph_mermaid(settings, snapshot):
    graph = build_design_graph(settings)
    assert graph.get_graph().draw_mermaid() == snapshot


def test_offline_design_runs_to_the_end_unsaved(settings):
    final = build_design_graph(settings).invoke({"description": JOURNEY})
    result = design_result(final)
    assert result.engine == "offline"
    assert result.blocking == []
    assert final["saved_ref"] is None
    assert [s.owner for s in result.workflow.steps][:2] == ["ae", "csm"]


def test_repair_is_bounded_and_fixes_what_lint_found(settings, monkeypatch):
    broken = workflow(step("a", owner=None, sla=None, escalation=[]), trigger=None)
    drafted = DesignResult(workflow=broken, engine="offline")
    monkeypatch.setattr(design_graph.designer, "design", lambda *a: drafted)
    final = build_design_graph(settings).invoke({"description": "x"})
    result = design_result(final)
    assert final["repair_rounds"] <= design_graph.MAX_REPAIR_ROUNDS
    assert result.lint == []
    assert result.workflow.trigger.kind == "closed_won"
    assert result.workflow.trigger.provenance == "assumed"
    repaired = result.workflow.steps[0]
    assert repaired.owner is not None and repaired.owner_provenance == "assumed"
    assert repaired.sla is not None and repaired.sla.provenance == "assumed"
    assert {a.field for a in result.assumptions} >= {"owner", "sla", "escalation"}


def test_review_pauses_and_resumes_with_a_refinement(settings):
    config = thread()
    graph = build_design_graph(settings, checkpointer=InMemorySaver())
    paused = graph.invoke({"description": JOURNEY, "review": True}, config)
    assert "__interrupt__" in paused
    kickoff = next(s for s in design_result(paused).workflow.steps if "kickoff" in s.id)

    paused = graph.invoke(
        Command(resume={"action": "refine", "instruction": "the kickoff takes 3 days"}),
        config,
    )
    assert "__interrupt__" in paused
    refined = design_result(paused).workflow.step(kickoff.id)
    assert str(refined.sla.duration) == "3 days"
    assert refined.sla.provenance == "stated"
    assert design_result(paused).workflow.version == 1

    final = graph.invoke(Command(resume={"action": "accept"}), config)
    assert "__interrupt__" not in final
    assert final["saved_ref"] is None


def test_review_survives_a_new_process(settings):
    config = thread()
    with sqlite_checkpointer(settings.checkpoint_path) as saver:
        graph = build_design_graph(settings, checkpointer=saver)
        graph.invoke({"description": JOURNEY, "review": True}, config)
    with sqlite_checkpointer(settings.checkpoint_path) as saver:
        graph = build_design_graph(settings, checkpointer=saver)
        final = graph.invoke(Command(resume={"action": "accept"}), config)
    assert design_result(final).engine == "offline"


@pytest.mark.parametrize(
    "decision",
    [
        {"action": "refine", "instruction": "the zebra step takes 3 days"},
        {"action": "replace", "workflow": {"name": "no steps or roles"}},
    ],
)
def test_an_unusable_review_change_asks_again(settings, decision):
    config = thread()
    graph = build_design_graph(settings, checkpointer=InMemorySaver())
    first = graph.invoke({"description": JOURNEY, "review": True}, config)
    again = graph.invoke(Command(resume=decision), config)
    assert again["__interrupt__"][0].value["note"].startswith("change not applied: ")
    assert design_result(again).workflow == design_result(first).workflow
    final = graph.invoke(Command(resume={"action": "accept"}), config)
    assert "__interrupt__" not in final
