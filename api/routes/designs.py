"""Designing workflows over HTTP: one call, a Server-Sent Events stream, a review.

A design may pause for review (`review: true`): the answer carries a `thread_id`,
and `POST /workflows/design/{thread_id}/review` resumes it with a decision, as the
CLI's `--review` prompt does. The stream sends one `node` event per graph node as
it finishes, then `result` (or `review`), or `error`.

The graph is synchronous: routes are plain `def`, and the stream is a sync
generator Starlette iterates in its thread pool.
"""

from __future__ import annotations

import json
import logging
import re
import uuid
from collections.abc import Iterator
from typing import Any, Literal

from fastapi import APIRouter, HTTPException, status
from fastapi.responses import StreamingResponse
from langgraph.types import Command
from pydantic import BaseModel, Field

from api.deps import App, Ops, Services
from domain.design import MAX_DESCRIPTION_CHARS, DesignResult, check_description
from domain.mermaid import workflow_mermaid
from graph.design import ReviewDecision, design_result
from tools.settings import SettingsError
from tools.workflow_store import parse_ref

logger = logging.getLogger(__name__)

router = APIRouter(prefix="/workflows/design", tags=["design"])

_THREAD = re.compile(r"^design-[0-9a-f]{32}$")
_STREAM_DOC = {200: {"content": {"text/event-stream": {}}}}


class DesignRequest(BaseModel):
    """A journey description to design from, or a change to a saved workflow."""

    description: str = Field(description="The journey, or the change to make.")
    from_ref: str | None = Field(
        default=None, description="Refine this saved workflow (ID or ID@VERSION)."
    )
    save: bool = Field(
        default=False, description="Save the result as a draft (as `--save`)."
    )
    review: bool = Field(default=False, description="Pause for review before save.")


class DesignResponse(BaseModel):
    """What a design call produced: a result, saved or awaiting review."""

    status: Literal["designed", "saved", "review"]
    saved_ref: str | None = None
    thread_id: str | None = None
    review_note: str | None = None
    result: DesignResult
    mermaid: str


@router.post("", response_model=DesignResponse)
def design(request: DesignRequest, app: App, principal: Ops) -> DesignResponse:
    """Design a workflow from a journey description (or refine a saved one)."""
    state, review = _initial_state(app, request)
    config = _config(f"design-{uuid.uuid4().hex}")
    final = app.design_graph(review).invoke(state, config)
    return _response(final, config)


@router.post("/stream", responses=_STREAM_DOC)
def design_stream(request: DesignRequest, app: App, principal: Ops):
    """Design as Server-Sent Events: one `node` event per step, then the result."""
    state, review = _initial_state(app, request)
    config = _config(f"design-{uuid.uuid4().hex}")
    events = _events(app.design_graph(review), state, config)
    return StreamingResponse(events, media_type="text/event-stream")


@router.post("/{thread_id}/review", response_model=DesignResponse)
def review(
    thread_id: str, decision: ReviewDecision, app: App, principal: Ops
) -> DesignResponse:
    """Answer a paused design: accept (save), refine or replace, then review again."""
    graph = app.design_graph(True)
    config = _config(thread_id)
    paused = graph.get_state(config) if _THREAD.match(thread_id) else None
    if paused is None or not paused.values:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail="unknown design review")
    if not paused.next:
        raise HTTPException(
            status.HTTP_409_CONFLICT, detail="design review already finished"
        )
    final = graph.invoke(Command(resume=decision.model_dump()), config)
    return _response(final, config)


def _initial_state(app: Services, request: DesignRequest) -> tuple[dict, bool]:
    if len(request.description) > MAX_DESCRIPTION_CHARS:
        raise HTTPException(
            status.HTTP_413_CONTENT_TOO_LARGE, detail="description too long"
        )
    description = check_description(request.description)
    base = app.store.get(request.from_ref).workflow if request.from_ref else None
    state = {
        "description": description,
        "base_workflow": base.model_dump(mode="json") if base else None,
        "workflow_id": parse_ref(request.from_ref)[0] if request.from_ref else None,
        "review": request.review,
        "save": request.save or request.review,
    }
    return state, request.review


def _config(thread_id: str) -> dict[str, Any]:
    return {"configurable": {"thread_id": thread_id}}


def _response(final: dict[str, Any], config: dict[str, Any]) -> DesignResponse:
    result = design_result(final)
    paused = final.get("__interrupt__")
    if paused:
        note = paused[0].value.get("note")
        thread_id = config["configurable"]["thread_id"]
        kind, extra = "review", {"thread_id": thread_id, "review_note": note}
    else:
        saved = final.get("saved_ref")
        kind, extra = ("saved" if saved else "designed"), {"saved_ref": saved}
    return DesignResponse(
        status=kind, result=result, mermaid=workflow_mermaid(result.workflow), **extra
    )


def _events(graph, state: dict[str, Any], config: dict[str, Any]) -> Iterator[str]:
    final: dict[str, Any] = {}
    try:
        for mode, chunk in graph.stream(
            state, config, stream_mode=["updates", "values"]
        ):
            if mode == "values":
                final = chunk
            elif "__interrupt__" in chunk:
                final = {**final, "__interrupt__": chunk["__interrupt__"]}
            else:
                yield from (_sse("node", _progress(n, u)) for n, u in chunk.items())
        response = _response(final, config)
    except SettingsError:
        yield _sse("error", {"detail": "model provider not configured"})
        return
    except Exception:
        # The stream is already open with 200: the failure can only be an event.
        logger.exception("design stream failed")
        yield _sse("error", {"detail": "internal error"})
        return
    event = "review" if response.status == "review" else "result"
    yield _sse(event, response.model_dump(mode="json"))


def _progress(node: str, update: dict[str, Any] | None) -> dict[str, Any]:
    progress: dict[str, Any] = {"node": node}
    result = (update or {}).get("result")
    if result:
        progress["steps"] = len(result["workflow"]["steps"])
        lint = result.get("lint") or []
        progress["blocking"] = sum(1 for f in lint if f["severity"] == "error")
    if (update or {}).get("saved_ref"):
        progress["saved_ref"] = update["saved_ref"]
    return progress


def _sse(event: str, data: dict[str, Any]) -> str:
    return f"event: {event}\ndata: {json.dumps(data)}\n\n"
