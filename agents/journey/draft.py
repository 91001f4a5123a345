"""Assemble step drafts from a description, sentence by sentence.

Each clause that names an actor or known CS work becomes a step draft, placed by
StepPlacement (merged into a step it restates, or after the steps it follows).
Clauses that set a trigger ("Trigger: ...", "NPS detractor: ..."), an SLA ("the
meeting must happen within one week") or a pause for an earlier step change that
step instead; escalation sentences add rungs. What cannot be placed, including
instructions aimed at a model and asides, is listed as a Question.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from agents.journey.actors import find_actors, is_external
from agents.journey.clauses import Reading, read_clause
from agents.journey.document import relative_work
from agents.journey.durations import (
    find_durations,
    unusable_durations,
)
from agents.journey.escalations import (
    is_escalation_sentence,
    is_late_condition,
    read_escalation,
)
from agents.journey.matching import best_match, content_words
from agents.journey.notes import (
    event_label,
    is_aside,
    trigger_label,
    unusable_note,
)
from agents.journey.openings import (
    is_metadata,
)
from agents.journey.placement import StepDraft
from agents.journey.segment import (
    Clause,
    clauses,
    is_title_line,
    leading_condition,
    outline,
)
from agents.journey.titles import resolve_pronoun
from agents.journey.trigger_reading import TriggerReading
from agents.journey.triggers import detect_trigger
from agents.journey.verbs import (
    COMPOUND_SPLIT_RE,
    HOSTILE_RE,
    IMPERATIVE_START_RE,
    TRANSFER_VERB_RE,
)
from domain.workflow import EscalationRung, Trigger

_SEQUENTIAL_LEADS = ("", "then", "and then", "followed by", "after which")
# 'The meeting must happen within one week', 'Note: the renewal quote must go out
# within 3 business days', 'Per the playbook the AE handoff is due within 5 days':
# a deadline restated for a step already named, not new work.
_SLA_ONLY_RE = re.compile(
    r"^(?:note:?\s*|per (?:the )?[\w -]+? (?=the\b)|according to [\w -]+?,\s*)?"
    r"(?P<subject>(?:the|this|that|it|our)\b[^,]*?)\s+(?:(?:is|are) due|"
    r"(?:must|should|has to|needs to|will|is to)\s+(?:go out|happen|take place|"
    r"arrive|land|be (?:done|completed|held|finished|over|sent|delivered|due)))\b",
    re.IGNORECASE,
)


@dataclass
class JourneyDraft:
    """Everything read from a description, in the order it was written."""

    heading: str | None
    trigger: Trigger | None
    steps: list[StepDraft]
    questions: list[tuple[int | None, str]]
    global_rungs: list[EscalationRung]
    pause_all_external: bool
    text: str


def draft_journey(description: str) -> JourneyDraft:
    """Read a description into step drafts, a trigger and questions."""
    sketch = outline(description)
    assembly = _Assembly()
    heading = sketch.heading
    for index, sentence in enumerate(sketch.sentences):
        if is_title_line(sentence, index, sketch):
            heading = heading or sentence.strip(" :-")[:120]
            # 'Seat true-up (runs every quarter):' names its trigger too
            found = detect_trigger(sentence, allow_schedule=True)
            assembly.trigger = assembly.trigger or found
        elif not (index == 0 and assembly.event_opening(sentence)):
            assembly.add_sentence(sentence, index)
    assembly.link_after()
    return JourneyDraft(
        heading=heading,
        trigger=assembly.trigger,
        steps=assembly.steps,
        questions=assembly.questions,
        global_rungs=assembly.global_rungs,
        pause_all_external=assembly.pause_all_external,
        text=description,
    )


class _Assembly(TriggerReading):
    def add_sentence(self, sentence: str, index: int) -> None:
        self.context = (self.context[-200:] + " " + sentence).strip()
        self._read_sentence(sentence, index)
        for phrase in unusable_durations(sentence):
            at = len(self.steps) - 1 if self.steps else None
            self.questions.append((at, unusable_note(phrase)))

    def _read_sentence(self, sentence: str, index: int) -> None:
        if HOSTILE_RE.search(sentence) or is_aside(sentence):
            self.unplaced(sentence)
            return
        if is_metadata(sentence) or self._qualifies_last_step(sentence):
            return
        relative = relative_work(sentence)
        if relative is not None:
            self._handed_work(*relative, index)
            return
        label = trigger_label(sentence)
        if label is not None:
            self._trigger_line(*label)
            return
        if is_escalation_sentence(sentence):
            escalation = read_escalation(sentence)
            if escalation.rungs or escalation.step_text:
                if escalation.step_text:
                    self._read_sentence(escalation.step_text, index)
                self.add_escalation(escalation)
                return
        if self._sla_only(sentence):
            return
        owner = None
        for clause in clauses(sentence, index):
            owner = self._add_clause(clause, owner)

    def _handed_work(self, head: str, work: str, index: int) -> None:
        """The person named last takes the work over: one step, a stated handoff."""
        split = leading_condition(head)
        giver = read_clause(split[1] if split else head).owner
        if TRANSFER_VERB_RE.search(head):  # 'hands it to the AE, who ...': two steps
            self._read_sentence(head, index)
            giver = None
        count = len(self.steps)
        self._read_sentence(work, index)
        if giver is None or len(self.steps) == count:
            return
        step = self.steps[-1]
        step.sources.insert(0, head)
        if step.owner != giver.role_id:
            step.handoff_from = giver.role_id

    def _sla_only(self, sentence: str) -> bool:
        """'The meeting must happen within one week': the SLA of an earlier step."""
        times = find_durations(sentence)
        match = _SLA_ONLY_RE.match(sentence)
        if not (match and times and self.steps) or _ends_with_actor(match["subject"]):
            return False
        words = content_words(match["subject"])
        target = best_match(words, [step.words for step in self.steps])
        if target is None and words:
            return False
        self.set_time(len(self.steps) - 1 if target is None else target, times[0])
        return True

    def _add_clause(self, clause: Clause, sentence_owner: str | None) -> str | None:
        """Read one clause; returns the owner later clauses of the sentence inherit."""
        text, branch = clause.text, None
        labelled = event_label(text)
        if labelled is not None:
            self.trigger = self.trigger or labelled[0]
            text = labelled[1]
        split = leading_condition(text)
        if split is not None:
            condition, main = split
            if self._condition_is_trigger(condition) or self._opening_event(condition):
                text = main
            elif _is_own_step(read_clause(condition)) and _holds_work(condition):
                sentence_owner = self._add_clause(
                    Clause(condition, clause.sentence), None
                )
                text = main
            elif condition.lower().startswith("if") and not is_late_condition(
                condition
            ):
                branch = condition
            elif condition.lower().startswith("after"):
                self.after_refs.append((len(self.steps), condition))
        reading = self._read_main(text, sentence_owner)
        if not reading.is_step:
            self._non_step(reading)
            return sentence_owner
        owner = reading.owner.role_id if reading.owner else sentence_owner
        self._schedule_from(reading)
        at = self.context.rfind(clause.text)
        before = self.context[:at] + clause.text[: clause.text.rfind(" it")]
        reading.title = resolve_pronoun(reading.title, before)
        for piece in self._actions(reading, owner):
            self.place(piece, owner, clause.lead, branch)
        return owner

    def _read_main(self, text: str, sentence_owner: str | None) -> Reading:
        """Read a clause; an opening condition only lends it a time and its words."""
        split = leading_condition(text)
        if split is None:
            reading = read_clause(text, sentence_owner)
        else:
            reading = read_clause(split[1], sentence_owner)
            reading.time = reading.time or read_clause(split[0]).time
            reading.text = text
        if reading.time and reading.time.anchor == "before_renewal":
            self._renewal_opening(reading, text)
        if reading.owner is None and not IMPERATIVE_START_RE.match(text):
            trigger = detect_trigger(text, allow_schedule=True)
            if trigger is not None:
                self.trigger = self.trigger or trigger
                reading.has_action = False
        return reading

    def _actions(self, reading: Reading, owner: str | None) -> list[Reading]:
        """An external compound ('fills in X and uploads Y') becomes one per action."""
        if not is_external(owner):
            return [reading]
        pieces = [p for p in COMPOUND_SPLIT_RE.split(reading.text) if p.strip()]
        if len(pieces) < 2:
            return [reading]
        return [read_clause(piece, owner) for piece in pieces]

    def _non_step(self, reading: Reading) -> None:
        trigger = None if reading.hostile else detect_trigger(reading.text, True)
        if trigger is not None:
            self.trigger = self.trigger or trigger
        elif reading.pauses:
            self.pause_all_external = True
            if self.steps:
                self.steps[-1].pauses = True
        elif reading.time is not None and self.steps and not reading.hostile:
            self.set_time(len(self.steps) - 1, reading.time)
        else:
            self.unplaced(reading.text)


def _ends_with_actor(subject: str) -> bool:
    """'The CSM must ...' is work; 'the SE technical handoff is due' restates."""
    mentions = find_actors(subject)
    return bool(mentions) and not subject[mentions[-1].end :].strip()


def _holds_work(condition: str) -> bool:
    """'When the CSM finishes X' is work; 'If Support confirms a bug' is only a
    condition, unless a clause of its own follows ('if interest the CSM ...')."""
    if not condition.lower().startswith(("if", "unless")):
        return True
    mentions = find_actors(condition)
    head = condition[: mentions[0].start].split()[1:] if mentions else []
    return len([w for w in head if w.lower() not in ("the", "our", "a")]) >= 2


def _is_own_step(reading: Reading) -> bool:
    return reading.owner is not None and reading.has_action and not reading.hostile
