"""How a draft reads what starts a journey, and the page around its steps.

The trigger comes from a "Trigger: ..." line, an opening event ("When the partner
is assigned in the PRM, ..."; "The customer gave notice of non-renewal"), a leading
schedule ("Every quarter, the CSM ...") or "120 days before the renewal, ...". A
sub-bullet that only qualifies the step above it ("Includes: ...", "Escalation:
X") adds to that step instead of becoming one.
"""

from __future__ import annotations

from agents.journey.actors import is_external
from agents.journey.clauses import Reading, read_clause
from agents.journey.durations import find_durations, find_recurrence
from agents.journey.escalations import EscalationSentence, rung_to
from agents.journey.openings import (
    detail_items,
    escalation_target,
    event_trigger,
    opening_event,
)
from agents.journey.placement import StepPlacement
from agents.journey.segment import leading_condition
from agents.journey.triggers import detect_trigger
from domain.workflow import Trigger


class TriggerReading(StepPlacement):
    """Step placement that also keeps the trigger and the page's qualifiers."""

    def __init__(self) -> None:
        super().__init__()
        self.trigger: Trigger | None = None
        self.pause_all_external = False
        self.context = ""  # the text read so far: what 'completes it' refers to

    def event_opening(self, sentence: str) -> bool:
        """'The customer gave notice of non-renewal': the trigger, not a step."""
        if leading_condition(sentence) or find_durations(sentence):
            return False
        if self._opening_event(sentence):
            return True
        trigger = detect_trigger(sentence)
        reading = read_clause(sentence)
        owner = reading.owner.role_id if reading.owner else None
        if trigger is None or trigger.kind not in ("manual", "closed_won"):
            return False
        if owner is not None and not is_external(owner):
            return False
        self.trigger = trigger
        return True

    def _trigger_line(self, event: str, trigger: Trigger | None) -> None:
        """'Trigger: 120 days before renewal' states the trigger, never a step."""
        trigger = trigger or event_trigger(event)
        if trigger is not None:
            self.trigger = trigger
            return
        self.trigger = self.trigger or Trigger(kind="manual", provenance="stated")
        self.questions.append(
            (None, f"could not read the trigger '{event[:80]}' as an account event "
             "(closed-won, renewal due, health, usage, ticket priority, NPS "
             "detractor or schedule): it starts manually; which event is it?")
        )  # fmt: skip

    def _opening_event(self, condition: str) -> bool:
        """'When the partner is assigned in the PRM, ...' opens the journey."""
        if self.steps or self.trigger is not None:
            return False
        found = opening_event(condition)
        if found is None:
            return False
        self.trigger = found[0]
        if found[1]:
            self.questions.append((None, found[1]))
        return True

    def _qualifies_last_step(self, sentence: str) -> bool:
        """'Includes: ...' and 'Escalation: X' sub-bullets belong to the step above."""
        items, target = detail_items(sentence), escalation_target(sentence)
        if not self.steps or (items is None and target is None):
            return False
        if items is not None:
            self.steps[-1].sources.append(sentence)
        else:
            rungs = [rung_to(target, None)]
            self.add_escalation(EscalationSentence("", rungs, on_breach=True))
        return True

    def _renewal_opening(self, reading: Reading, text: str) -> None:
        """'120 days before the renewal, the CSM ...': the trigger, not the SLA."""
        if reading.time.start > 2 or self.trigger is not None:
            return
        self.trigger = detect_trigger(text)
        later = [phrase for phrase in find_durations(text) if phrase.start > 2]
        reading.time = later[0] if later else None

    def _condition_is_trigger(self, condition: str) -> bool:
        trigger = detect_trigger(condition, allow_schedule=True)
        if trigger is not None and self.trigger is None:
            self.trigger = trigger
        return trigger is not None

    def _schedule_from(self, reading: Reading) -> None:
        """'Every quarter, the CSM ...': a leading recurrence is the trigger."""
        first = reading.text.lower().split()[:1]
        found = find_recurrence(reading.text)
        before_owner = bool(found and reading.owner and found[1] < reading.owner.start)
        leading = before_owner or (
            first and first[0] in ("every", "each", "quarterly", "monthly", "weekly")
        )
        if reading.recurrence and self.trigger is None and leading:
            self.trigger = detect_trigger(reading.text, allow_schedule=True)
            reading.recurrence = None
