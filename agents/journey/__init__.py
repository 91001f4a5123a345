"""The offline journey engine: a deterministic parser of journey language.

It reads a customer-journey description (prose, bullets, numbered lists) into a
workflow: steps with owners, SLAs, escalation ladders, handoffs and a trigger, each
marked 'stated' when read from the text and 'assumed' when filled from the journey
template. The same completion and repair rules serve the LLM designer.
"""

from agents.journey.complete import complete_workflow
from agents.journey.engine import design_offline
from agents.journey.refine import refine_offline
from agents.journey.repair import repair_workflow

__all__ = ["complete_workflow", "design_offline", "refine_offline", "repair_workflow"]
