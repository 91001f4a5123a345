"""The run graph's shape, pinned: rewiring it shows up in review."""

from __future__ import annotations

from graph.run import build_run_graph
from tests.nudge_support import to_file
from tools.settings import Settings


def test_compiled_run_graph_mermaid(tmp_path, snapshot):
    settings = Settings(data_dir=tmp_path, model_provider="offline")
    graph = build_run_graph(None, settings, route=to_file, checkpointer=None)
    assert graph.get_graph().draw_mermaid() == snapshot
