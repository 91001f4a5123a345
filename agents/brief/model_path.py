"""The brief's OpenAI path: explore with the account tools, then compose cited claims.

`explore` lets the model call the agent tools (`agents.account_tools`) over the
compact context; every record a tool returns with a citation joins the dossier, so
claims citing it are ground-checked like any other. `compose` asks for a strict-schema
`BriefDraft`. Failures are classified by the designer's `classify_error` (refusal,
truncation, invalid JSON, HTTP errors): a passing failure is asked once more, then
the offline composer writes the brief and `fallback_reason` says why.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from typing import Any

import openai
from langchain_core.exceptions import ModelRefusalError
from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, HumanMessage, ToolMessage

from agents.account_tools import account_tools
from agents.brief.context import compact_context, count_tokens
from agents.brief.prompts import (
    COMPOSE_PROMPT,
    EXPLORE_PROMPT,
    TOOL_RESULTS_HEADER,
    BriefDraft,
    brief_messages,
)
from agents.llm_designer import ModelDraftError, classify_error
from domain.brief import Citation, Claim, Evidence
from tools.db import Database

logger = logging.getLogger(__name__)

_CALL_ERRORS = (openai.OpenAIError, ModelRefusalError, ValueError)


class ModelPathAbandoned(Exception):
    """Both attempts at a model call failed; `reason` goes into the brief."""

    def __init__(self, step: str, failures: list[ModelDraftError]) -> None:
        last = failures[-1]
        times = " twice" if len(failures) > 1 else ""
        self.reason = f"openai {step} failed{times} ({last.outcome}): {last.detail}"
        super().__init__(self.reason)


class ModelSession:
    """One brief's conversation with the model, rebuilt from the graph state."""

    def __init__(self, state: dict, model: BaseChatModel, database: Database) -> None:
        self.state, self.model, self.database = state, model, database
        self.dossier = state["dossier"]

    @classmethod
    def resume(cls, state, model, database) -> ModelSession:
        return cls(state, model, database)

    def opening(self) -> list:
        account = self.dossier.account
        context = compact_context(self.dossier)
        as_of = self.state["as_of"].isoformat()
        return brief_messages(self.state["kind"], account.name, as_of, context)

    def explore(self, allowed: bool) -> dict[str, Any]:
        """One model turn with the tools bound; it may ask for tool calls."""
        if not allowed:
            return {}
        messages = self.state.get("messages") or [
            *self.opening(),
            HumanMessage(EXPLORE_PROMPT),
        ]
        bound = self.model.bind_tools(self._tools())
        try:
            answer = _ask("explore", lambda: _refused(bound.invoke(messages)))
        except ModelPathAbandoned as abandoned:
            logger.warning("brief: %s; writing it offline", abandoned.reason)
            return {"fallback_reason": abandoned.reason, "messages": messages}
        tokens = count_tokens([str(m.content) for m in messages])
        return {"messages": [*messages, answer], "context_tokens": tokens}

    def call_tools(self, round_number: int) -> dict[str, Any]:
        """Run the tool calls of the model's last turn; keep every cited record."""
        messages = list(self.state["messages"])
        tools = {tool.name: tool for tool in self._tools()}
        for call in messages[-1].tool_calls:
            tool = tools.get(call["name"])
            answer = tool.invoke(call["args"]) if tool else f"No tool {call['name']}."
            self._keep_cited(answer)
            content = (
                answer if isinstance(answer, str) else json.dumps(answer, default=str)
            )
            messages.append(ToolMessage(content, tool_call_id=call["id"]))
        return {
            "messages": messages,
            "tool_rounds": round_number,
            "dossier": self.dossier,
        }

    def compose(self, offline: list[Claim]) -> dict[str, Any]:
        """Claims from the model, or the offline claims if it fails twice."""
        messages = [
            *self.opening(),
            *self._tool_results(),
            HumanMessage(COMPOSE_PROMPT),
        ]
        tokens = count_tokens([str(m.content) for m in messages])
        structured = self.model.with_structured_output(
            BriefDraft, method="json_schema", strict=True
        )
        try:
            draft = _ask("compose", lambda: _present(structured.invoke(messages)))
        except ModelPathAbandoned as abandoned:
            logger.warning("brief: %s; writing it offline", abandoned.reason)
            reason = abandoned.reason
            return {"claims": offline, "engine": "offline", "fallback_reason": reason}
        claims = [self._claim(c) for c in draft.claims if c.citations]
        return {"claims": claims, "engine": "openai", "context_tokens": tokens}

    def _tools(self):
        return account_tools(self.database, None, self.state["as_of"])

    def _tool_results(self) -> list:
        results = [
            m.content
            for m in self.state.get("messages") or []
            if isinstance(m, ToolMessage)
        ]
        if not results:
            return []
        return [HumanMessage("\n".join([TOOL_RESULTS_HEADER, *map(str, results)]))]

    def _claim(self, draft) -> Claim:
        citations = [self._citation(c.cite) for c in draft.citations]
        return Claim(section=draft.section, text=draft.text, citations=citations)

    def _citation(self, cite: str) -> Citation:
        record_type, _, record_id = cite.strip().partition(":")
        found = self.dossier.book.get((record_type, record_id))
        as_of = found.as_of if found else self.state["as_of"]
        return Citation(record_type=record_type, record_id=record_id, as_of=as_of)

    def _keep_cited(self, answer: Any) -> None:
        if isinstance(answer, dict):
            if "citation" in answer:
                self.dossier.add(_tool_evidence(answer))
            for value in answer.values():
                self._keep_cited(value)
        elif isinstance(answer, list):
            for value in answer:
                self._keep_cited(value)


def _tool_evidence(record: dict) -> Evidence:
    citation = record["citation"]
    facts = {
        k: v
        for k, v in record.items()
        if isinstance(v, str | int | float | bool) or v is None
    }
    text = "\n".join(
        str(record[k])
        for k in ("subject", "body", "comment", "text", "notes", "terms")
        if record.get(k)
    )
    return Evidence(
        record_type=citation["record_type"],
        record_id=citation["record_id"],
        as_of=citation["as_of"],
        label=f"{citation['record_type']} {citation['record_id']} (tool)",
        facts=facts,
        text=text,
    )


def _ask(step: str, call: Callable[[], Any]) -> Any:
    """`call`, and once more if its failure may be passing."""
    failures: list[ModelDraftError] = []
    for _ in range(2):
        try:
            return call()
        except ModelDraftError as failure:
            failures.append(failure)
        except _CALL_ERRORS as error:
            failures.append(classify_error(error))
        if not failures[-1].retryable:
            break
        logger.info(
            "openai brief %s failed (%s); asking once more", step, failures[-1].outcome
        )
    raise ModelPathAbandoned(step, failures)


def _refused(answer: AIMessage) -> AIMessage:
    refusal = answer.additional_kwargs.get("refusal")
    if refusal:
        raise ModelDraftError("refusal", refusal)
    return answer


def _present(draft: BriefDraft | None) -> BriefDraft:
    if draft is None:
        raise ModelDraftError("empty", "the model returned no brief (null)")
    return draft
