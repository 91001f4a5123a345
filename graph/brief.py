"""The brief graph: gather -> retrieve -> (explore <-> call_tools) -> compose ->
ground_check -> render.

`gather_book` and `gather_signals` read the store in parallel. `retrieve` joins them
into a dossier and adds the Chroma passages closest to the brief's purpose. On the
OpenAI path the model may first `explore` with the account tools; `call_tools` runs
what it asked for and adds every cited record to the dossier, at most
MAX_TOOL_ROUNDS times, after which the graph composes with what it has. `compose`
asks the model for cited claims (or writes them offline, also the fallback);
`ground_check` drops what the cited records do not support; `render` groups the
claims into the kind's sections, marks stale facts and counts the footer.
"""

from __future__ import annotations

import logging
from datetime import date
from typing import Any, NotRequired, TypedDict

from langchain_core.language_models import BaseChatModel
from langgraph.graph import END, START, StateGraph

from agents.brief import gather, model_path
from agents.brief.conflicts import find_conflicts
from agents.brief.context import PURPOSE_QUERIES, add_passages, passage_claims
from agents.brief.evidence import Dossier
from agents.brief.grounding import ground_check
from agents.brief.offline import compose_offline
from domain.accounts import Account
from domain.brief import (
    SECTIONS,
    Brief,
    BriefKind,
    Conflict,
    DroppedClaim,
    assemble_brief,
)
from tools.db import Database
from tools.retrieval.errors import RetrievalError
from tools.settings import Settings

logger = logging.getLogger(__name__)

MAX_TOOL_ROUNDS = 3
PASSAGES = 5


class BriefState(TypedDict):
    account: Account
    kind: BriefKind
    as_of: date
    as_of_basis: NotRequired[str]
    book: NotRequired[dict[str, Any]]
    signals: NotRequired[dict[str, Any]]
    dossier: NotRequired[Dossier]
    conflicts: NotRequired[list[Conflict]]
    messages: NotRequired[list]
    tool_rounds: NotRequired[int]
    claims: NotRequired[list]
    dropped: NotRequired[list]
    engine: NotRequired[str]
    fallback_reason: NotRequired[str | None]
    context_tokens: NotRequired[int | None]
    brief: NotRequired[Brief]


def build_brief_graph(
    database: Database,
    settings: Settings,
    *,
    retriever=None,
    model: BaseChatModel | None = None,
):
    """Compile the brief graph.

    Args:
        database: the account store.
        settings: picks the engine (OpenAI or offline).
        retriever: a `tools.retrieval.ContextIndex` (or anything with its `search`);
            without one the brief is written from the store alone.
        model: a chat model to use instead of the configured one (tests, evals).
    """
    nodes = _BriefNodes(database, settings, retriever, model)
    graph = StateGraph(BriefState)
    for name in ("gather_book", "gather_signals", "retrieve", "explore"):
        graph.add_node(name, getattr(nodes, name))
    for name in ("call_tools", "compose", "ground_check", "render"):
        graph.add_node(name, getattr(nodes, name))
    graph.add_edge(START, "gather_book")
    graph.add_edge(START, "gather_signals")
    graph.add_edge(["gather_book", "gather_signals"], "retrieve")
    graph.add_conditional_edges(
        "retrieve", nodes.after_retrieve, ["explore", "compose"]
    )
    graph.add_conditional_edges("explore", _after_explore, ["call_tools", "compose"])
    graph.add_edge("call_tools", "explore")
    graph.add_edge("compose", "ground_check")
    graph.add_edge("ground_check", "render")
    graph.add_edge("render", END)
    return graph.compile()


def build_brief(
    database: Database,
    settings: Settings,
    account_key: str,
    kind: BriefKind | str = BriefKind.account,
    *,
    as_of: date | None = None,
    retriever=None,
    model: BaseChatModel | None = None,
) -> Brief:
    """The brief of one account: what the CLI, the HTTP API and escalations call.

    Without `as_of` the brief is read on the data's own day (the export date its
    import scored health on), so a historical export is not briefed as of today;
    `Brief.as_of_basis` says which day was used.

    Raises:
        AccountNotFoundError: `account_key` names no account, or several;
            `.candidates` lists the nearest names.
        SettingsError: the openai provider is forced without OPENAI_API_KEY.
    """
    account = gather.resolve_account(database, account_key)
    graph = build_brief_graph(database, settings, retriever=retriever, model=model)
    basis = "given"
    if as_of is None:
        as_of, basis = gather.data_as_of(database, account), "data"
    if as_of is None:
        as_of, basis = date.today(), "today"
    state = {
        "account": account,
        "kind": BriefKind(kind),
        "as_of": as_of,
        "as_of_basis": basis,
    }
    return graph.invoke(state)["brief"]


class _BriefNodes:
    def __init__(self, database, settings, retriever, model) -> None:
        self.database, self.settings = database, settings
        self.retriever, self.model = retriever, model

    def gather_book(self, state: BriefState) -> dict[str, Any]:
        return {
            "book": gather.read_book(self.database, state["account"], state["as_of"])
        }

    def gather_signals(self, state: BriefState) -> dict[str, Any]:
        signals = gather.read_signals(self.database, state["account"], state["as_of"])
        return {"signals": signals}

    def retrieve(self, state: BriefState) -> dict[str, Any]:
        dossier = gather.build_dossier(
            state["account"], state["as_of"], state["book"], state["signals"]
        )
        if self.retriever is not None:
            query = PURPOSE_QUERIES[state["kind"]]
            try:
                chunks = self.retriever.search(str(dossier.account.id), query, PASSAGES)
            except RetrievalError as error:
                logger.warning("brief without retrieved passages: %s", error)
            else:
                add_passages(dossier, chunks)
        return {"dossier": dossier, "conflicts": find_conflicts(dossier)}

    def after_retrieve(self, state: BriefState) -> str:
        return "explore" if self.settings.engine == "openai" else "compose"

    def explore(self, state: BriefState) -> dict[str, Any]:
        session = model_path.ModelSession.resume(state, self._model(), self.database)
        return session.explore(state.get("tool_rounds", 0) < MAX_TOOL_ROUNDS)

    def call_tools(self, state: BriefState) -> dict[str, Any]:
        session = model_path.ModelSession.resume(state, self._model(), self.database)
        return session.call_tools(state.get("tool_rounds", 0) + 1)

    def compose(self, state: BriefState) -> dict[str, Any]:
        dossier, kind = state["dossier"], state["kind"]
        offline = compose_offline(dossier, kind, state["conflicts"])
        offline += passage_claims(dossier, kind, offline)
        if self.settings.engine == "offline" or state.get("fallback_reason"):
            return {"claims": offline, "engine": "offline"}
        session = model_path.ModelSession.resume(state, self._model(), self.database)
        return session.compose(offline)

    def ground_check(self, state: BriefState) -> dict[str, Any]:
        dossier = state["dossier"]
        names = gather.account_names(dossier)
        known = {key for key, _ in SECTIONS[state["kind"]]}
        misplaced = [c for c in state["claims"] if c.section not in known]
        placed = [c for c in state["claims"] if c.section in known]
        checked = ground_check(placed, dossier.book, names)
        checked.dropped += [
            DroppedClaim(claim=c, unsupported=[f"section {c.section}"])
            for c in misplaced
        ]
        conflicts = [
            conflict
            for conflict in state["conflicts"]
            if not ground_check(
                [conflict.left, conflict.right], dossier.book, names
            ).dropped
        ]
        return {
            "claims": checked.kept,
            "dropped": checked.dropped,
            "conflicts": conflicts,
        }

    def render(self, state: BriefState) -> dict[str, Any]:
        account = state["account"]
        header = (account.id, account.name, state["kind"], state["as_of"])
        brief = assemble_brief(
            header,
            state["claims"],
            state["conflicts"],
            state["dropped"],
            engine=state.get("engine", "offline"),
            fallback_reason=state.get("fallback_reason"),
            context_tokens=state.get("context_tokens"),
            as_of_basis=state.get("as_of_basis", "given"),
        )
        return {"brief": brief}

    def _model(self) -> BaseChatModel:
        if self.model is None:
            from tools.llm import chat_model

            self.model = chat_model(self.settings)
        return self.model


def _after_explore(state: BriefState) -> str:
    messages = state.get("messages") or []
    wants_tools = bool(messages and getattr(messages[-1], "tool_calls", None))
    if wants_tools and state.get("tool_rounds", 0) < MAX_TOOL_ROUNDS:
        return "call_tools"
    return "compose"
