"""Assemble step drafts from a description, sentence by sentence.

Each clause that names an actor or known CS work becomes a step draft, depending on
the step before it (or sharing that step's dependencies when it runs "in parallel").
A clause naming a step already drafted (same owner, same content words) merges into
it; two different SLAs for one step become a Question. Clauses that set a trigger,
an SLA or a pause for the step before them change that step instead. What cannot be
placed, including instructions aimed at a model, is listed as a Question.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from agents.journey.actors import is_external
from agents.journey.clauses import Reading, read_clause
from agents.journey.durations import TimePhrase, find_durations
from agents.journey.escalations import (
    EscalationSentence,
    is_escalation_sentence,
    read_escalation,
)
from agents.journey.matching import best_match, content_words, overlap
from agents.journey.segment import (
    Clause,
    clauses,
    is_title_line,
    leading_condition,
    outline,
)
from agents.journey.triggers import detect_trigger
from agents.journey.verbs import COMPOUND_SPLIT_RE, HOSTILE_RE, IMPERATIVE_START_RE
from domain.workflow import EscalationRung, Trigger

_SEQUENTIAL_LEADS = ("", "then", "and then", "followed by", "after which")


@dataclass
class StepDraft:
    """One step as read from the description, before ids and defaults."""

    reading: Reading
    owner: str | None
    sources: list[str]
    depends_on: list[int]
    rungs: list[EscalationRung] = field(default_factory=list)
    time: TimePhrase | None = None
    pauses: bool = False

    @cached_property
    def words(self) -> frozenset[str]:
        return content_words(self.reading.title)


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
        elif not (index == 0 and assembly.event_opening(sentence)):
            assembly.add_sentence(sentence, index)
    return JourneyDraft(
        heading=heading,
        trigger=assembly.trigger,
        steps=assembly.steps,
        questions=assembly.questions,
        global_rungs=assembly.global_rungs,
        pause_all_external=assembly.pause_all_external,
        text=description,
    )


class _Assembly:
    def __init__(self) -> None:
        self.steps: list[StepDraft] = []
        self.trigger: Trigger | None = None
        self.questions: list[tuple[int | None, str]] = []
        self.global_rungs: list[EscalationRung] = []
        self.pause_all_external = False
        self.tips: list[int] = []

    def event_opening(self, sentence: str) -> bool:
        """'The customer gave notice of non-renewal': the trigger, not a step."""
        if leading_condition(sentence) or find_durations(sentence):
            return False
        trigger = detect_trigger(sentence)
        reading = read_clause(sentence)
        owner = reading.owner.role_id if reading.owner else None
        if trigger is None or trigger.kind not in ("manual", "closed_won"):
            return False
        if owner is not None and not is_external(owner):
            return False
        self.trigger = trigger
        return True

    def add_sentence(self, sentence: str, index: int) -> None:
        if HOSTILE_RE.search(sentence):
            self._unplaced(sentence)
            return
        if is_escalation_sentence(sentence):
            escalation = read_escalation(sentence)
            if escalation.step_text:
                self.add_sentence(escalation.step_text, index)
            self._add_escalation(escalation)
            return
        owner = None
        for clause in clauses(sentence, index):
            owner = self._add_clause(clause, owner)

    def _add_clause(self, clause: Clause, sentence_owner: str | None) -> str | None:
        """Read one clause; returns the owner later clauses of the sentence inherit."""
        text = clause.text
        split = leading_condition(text)
        if split is not None:
            condition, main = split
            if self._condition_is_trigger(condition):
                text = main
            elif _is_own_step(read_clause(condition)):
                sentence_owner = self._add_clause(
                    Clause(condition, clause.sentence), None
                )
                text = main
        reading = self._read_main(text, sentence_owner)
        if not reading.is_step:
            self._non_step(reading)
            return sentence_owner
        owner = reading.owner.role_id if reading.owner else sentence_owner
        self._schedule_from(reading)
        for piece in self._actions(reading, owner):
            self._place(piece, owner, clause.lead)
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
        leading = first and first[0] in (
            "every",
            "each",
            "quarterly",
            "monthly",
            "weekly",
        )
        if reading.recurrence and self.trigger is None and leading:
            self.trigger = detect_trigger(reading.text, allow_schedule=True)
            reading.recurrence = None

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
            self._set_time(len(self.steps) - 1, reading.time)
        else:
            self._unplaced(reading.text)

    def _place(self, reading: Reading, owner: str | None, lead: str) -> None:
        draft = StepDraft(
            reading, owner, [reading.text], self._dependencies(reading, lead)
        )
        draft.pauses = reading.pauses
        target = self._same_step(draft)
        if target is not None:
            self.tips = [t for t in self.tips if t != len(self.steps)] or [target]
        if target is None:
            self.steps.append(draft)
            self._set_time(len(self.steps) - 1, reading.time)
            return
        merged = self.steps[target]
        merged.sources.append(reading.text)
        merged.owner = merged.owner or owner
        merged.pauses = merged.pauses or draft.pauses
        self._set_time(target, reading.time)

    def _dependencies(self, reading: Reading, lead: str) -> list[int]:
        """After the previous step, or beside it when 'in parallel'."""
        new = len(self.steps)
        if reading.parallel or lead in ("while", "whereas"):
            depends = list(self.steps[-1].depends_on) if self.steps else []
            self.tips.append(new)
            return depends
        depends, self.tips = list(self.tips), [new]
        return depends

    def _same_step(self, draft: StepDraft) -> int | None:
        """The earlier draft this one restates: same owner, mostly the same words."""
        for index, step in enumerate(self.steps):
            same_owner = step.owner == draft.owner and draft.owner is not None
            needed = 0.67 if same_owner else 0.5
            compatible = same_owner or draft.owner is None or step.owner is None
            if compatible and overlap(step.words, draft.words) >= needed:
                return index
        return None

    def _set_time(self, index: int, time: TimePhrase | None) -> None:
        step = self.steps[index]
        if time is None:
            return
        if step.time is None:
            step.time = time
        elif step.time.duration != time.duration:
            self.questions.append(
                (index, f"two SLAs given for {step.reading.title.lower()}: "
                 f"{step.time.duration} and {time.duration}; using the first")
            )  # fmt: skip

    def _add_escalation(self, escalation: EscalationSentence) -> None:
        if escalation.applies_to_all or not self.steps:
            self.global_rungs.extend(escalation.rungs)
            return
        target = self._referenced_step(escalation.reference)
        self.steps[target].rungs.extend(escalation.rungs)
        self.steps[target].rungs.sort(key=lambda rung: rung.after.working_minutes)

    def _referenced_step(self, reference: str) -> int:
        index = best_match(content_words(reference), [s.words for s in self.steps])
        if index is not None:
            return index
        named = {m.role_id for m in read_clause(reference).mentions}
        for index in range(len(self.steps) - 1, -1, -1):
            step = self.steps[index]
            recipient = step.reading.recipient
            if step.owner in named or (recipient and recipient.role_id in named):
                return index
        return len(self.steps) - 1

    def _unplaced(self, text: str) -> None:
        snippet = " ".join(text.split())
        snippet = snippet if len(snippet) <= 80 else snippet[:77] + "..."
        self.questions.append((None, f"could not place: '{snippet}'"))


def _is_own_step(reading: Reading) -> bool:
    return reading.owner is not None and reading.has_action and not reading.hostile
