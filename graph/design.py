"""The designer graph: draft -> lint -> repair (bounded) -> review -> save.

`draft` runs the OpenAI path or the offline engine (agents.designer decides and falls
back). `repair` applies the offline repairs to what lint found, at most
MAX_REPAIR_ROUNDS times. `review` pauses for a human when asked (LangGraph
`interrupt()`; resume with `Command(resume=ReviewDecision)`); it has no side effects,
because a node that interrupts runs again from its start on resume. `save` writes the
draft version and is the only node that touches the store.
"""

from __future__ import annotations

from typing import Any, Literal, NotRequired, TypedDict

from langgraph.graph import END, START, StateGraph
from langgraph.types import interrupt
from pydantic import BaseModel, Field, ValidationError

from agents import designer
from agents.journey import repair_workflow
from domain.design import DesignInputError, DesignResult
from domain.lint import lint_workflow
from domain.workflow import Workflow
from tools.settings import Settings

MAX_REPAIR_ROUNDS = 2


class ReviewDecision(BaseModel):
    """A reviewer's answer to a paused design."""

    action: Literal["accept", "refine", "replace"] = Field(
        description="accept: save as is; refine: apply `instruction` and review "
        "again; replace: use `workflow` (an edited definition) and review again."
    )
    instruction: str | None = None
    workflow: dict[str, Any] | None = None


class DesignState(TypedDict):
    description: str
    base_workflow: NotRequired[dict[str, Any] | None]
    workflow_id: NotRequired[str | None]
    review: NotRequired[bool]
    save: NotRequired[bool]
    result: NotRequired[dict[str, Any]]
    repair_rounds: NotRequired[int]
    saved_ref: NotRequired[str | None]
    review_note: NotRequired[str | None]


def build_design_graph(
    settings: Settings, *, store=None, model=None, checkpointer=None
):
    """Compile the designer graph.

    Args:
        settings: the settings in force (engine choice, timeouts).
        store: a `WorkflowStore`; required when a run asks to `save`.
        model: a chat model to use instead of the configured one (tests, evals).
        checkpointer: a LangGraph checkpointer; required for `review`.
    """
    nodes = _DesignNodes(settings, store, model)
    graph = StateGraph(DesignState)
    graph.add_node("draft", nodes.draft)
    graph.add_node("lint", nodes.lint)
    graph.add_node("repair", nodes.repair)
    graph.add_node("review", nodes.review)
    graph.add_node("save", nodes.save)
    graph.add_edge(START, "draft")
    graph.add_edge("draft", "lint")
    graph.add_conditional_edges("lint", _after_lint, ["repair", "review", "save"])
    graph.add_edge("repair", "lint")
    graph.add_conditional_edges("review", _after_review, ["lint", "save"])
    graph.add_edge("save", END)
    return graph.compile(checkpointer=checkpointer)


def design_result(state: DesignState) -> DesignResult:
    """The DesignResult held in a graph state."""
    return DesignResult.model_validate(state["result"])


class _DesignNodes:
    def __init__(self, settings: Settings, store, model) -> None:
        self.settings = settings
        self.store = store
        self.model = model

    def draft(self, state: DesignState) -> dict[str, Any]:
        base = state.get("base_workflow")
        if base is None:
            result = designer.design(state["description"], self.settings, self.model)
        else:
            workflow = Workflow.model_validate(base)
            result = designer.refine(
                workflow, state["description"], self.settings, self.model
            )
        return {"result": result.model_dump(mode="json"), "repair_rounds": 0}

    def lint(self, state: DesignState) -> dict[str, Any]:
        result = design_result(state)
        result.lint = lint_workflow(result.workflow)
        return {"result": result.model_dump(mode="json")}

    def repair(self, state: DesignState) -> dict[str, Any]:
        result = design_result(state)
        workflow, assumptions, questions = repair_workflow(
            result.workflow, result.blocking
        )
        result.workflow = workflow
        result.assumptions.extend(assumptions)
        # a second repair round asks the same questions again: ask each once
        result.questions.extend(q for q in questions if q not in result.questions)
        return {
            "result": result.model_dump(mode="json"),
            "repair_rounds": state.get("repair_rounds", 0) + 1,
        }

    def review(self, state: DesignState) -> dict[str, Any]:
        answer = interrupt(
            {"result": state["result"], "note": state.get("review_note")}
        )
        decision = ReviewDecision.model_validate(answer)
        result = design_result(state)
        if decision.action == "accept":
            return {"review": False}
        try:
            result = self._apply(decision, result)
        except (DesignInputError, ValidationError) as error:
            # Ask again rather than lose the whole review to one unusable change.
            return {"review_note": f"change not applied: {error}"}
        return {
            "result": result.model_dump(mode="json"),
            "repair_rounds": 0,
            "review_note": None,
        }

    def _apply(self, decision: ReviewDecision, result: DesignResult) -> DesignResult:
        version = result.workflow.version
        if decision.action == "replace":
            edited = Workflow.model_validate(decision.workflow or {})
            result.workflow = edited.model_copy(update={"version": version})
            return result
        refined = designer.refine(
            result.workflow, decision.instruction or "", self.settings, self.model
        )
        refined.workflow = refined.workflow.model_copy(update={"version": version})
        return refined

    def save(self, state: DesignState) -> dict[str, Any]:
        if not state.get("save"):
            return {"saved_ref": None}
        if self.store is None:
            raise ValueError("saving a design needs a WorkflowStore")
        ref = self.store.save_draft(
            design_result(state), state["description"], state.get("workflow_id")
        )
        return {"saved_ref": str(ref)}


def _after_lint(state: DesignState) -> str:
    result = design_result(state)
    if result.blocking and state.get("repair_rounds", 0) < MAX_REPAIR_ROUNDS:
        return "repair"
    return "review" if state.get("review") else "save"


def _after_review(state: DesignState) -> str:
    return "lint" if state.get("review") else "save"
