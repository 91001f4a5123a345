"""The nudge agent: drafts for whoever owes the next step, and escalations.

- `NudgeStage` (stage.py): the sweep's stage; drafts, checks and queues a whole
  batch of due work offline, in the sweep's transaction.
- `draft_nudge`, `draft_digest`, `draft_escalation` (offline.py): the templated
  drafter (Jinja2; HTML autoescaped, text plain).
- `model_path.reword`: the OpenAI path, used by the run graph for drafts a human
  approves anyway; falls back to the offline draft and says why.
"""

from agents.nudge.offline import draft_digest, draft_escalation, draft_nudge
from agents.nudge.stage import NudgeStage

__all__ = ["NudgeStage", "draft_digest", "draft_escalation", "draft_nudge"]
