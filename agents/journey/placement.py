"""Where a drafted step goes: merged into a step it restates, or after the steps
it follows.

A clause naming a step already drafted (same owner, mostly the same content words,
the same numbers) merges into it; two different SLAs for one step become a
Question. A new step depends on the step before it, shares that step's
dependencies when it runs "in parallel" or is another "if ..." branch, and waits
on a later step when it says "after the training" before the training is written
(which the cycle lint then reports). Escalation sentences add rungs to the step
they name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property

from agents.journey.clauses import Reading, read_clause
from agents.journey.durations import TimePhrase, find_durations, strip_time_phrases
from agents.journey.escalations import EscalationSentence
from agents.journey.matching import best_match, content_words, overlap
from agents.journey.notes import (
    anchor_note,
    asap_note,
    branch_note,
    co_owner_note,
    period_note,
)
from domain.workflow import EscalationRung

_NUMBER_RE = re.compile(r"\d+")


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
    handoff_from: str | None = None

    @cached_property
    def words(self) -> frozenset[str]:
        return content_words(self.reading.title)

    @cached_property
    def numbers(self) -> frozenset[str]:
        """Numbers that name the work ('account plan number 4'), not its time."""
        return frozenset(_NUMBER_RE.findall(strip_time_phrases(self.reading.text)))


class StepPlacement:
    """The drafted steps, the questions raised so far, and where the next goes."""

    def __init__(self) -> None:
        self.steps: list[StepDraft] = []
        self.questions: list[tuple[int | None, str]] = []
        self.global_rungs: list[EscalationRung] = []
        self.tips: list[int] = []
        self.branch_deps: list[int] | None = None
        self.after_refs: list[tuple[int, str]] = []

    def link_after(self) -> None:
        """'After the training, the CSM runs the kickoff': wait on a later step."""
        for index, condition in self.after_refs:
            words = content_words(condition)
            target = best_match(words, [step.words for step in self.steps])
            if target is None or target <= index:
                continue
            self.steps[index].depends_on.append(target)
            first, later = self.steps[index].reading, self.steps[target].reading
            self.questions.append(
                (index, f"'{first.title}' waits for '{later.title}', written later "
                 "and waiting for it in turn: which comes first?")
            )  # fmt: skip

    def place(
        self, reading: Reading, owner: str | None, lead: str, branch: str | None = None
    ) -> None:
        self._notes(reading, owner, branch)
        depends = self._dependencies(reading, lead, branch)
        draft = StepDraft(reading, owner, [reading.text], depends)
        draft.pauses = reading.pauses
        target = self._same_step(draft)
        if target is not None:
            self.tips = [t for t in self.tips if t != len(self.steps)] or [target]
        if target is None:
            self._variant_sla(draft)
            self.steps.append(draft)
            self.set_time(len(self.steps) - 1, reading.time)
            return
        merged = self.steps[target]
        note = (target, f"'{reading.text[:80]}' is written twice; kept one step")
        if reading.text in merged.sources and note not in self.questions:
            self.questions.append(note)
        merged.sources.append(reading.text)
        merged.owner = merged.owner or owner
        merged.pauses = merged.pauses or draft.pauses
        self.set_time(target, reading.time)

    def _variant_sla(self, draft: StepDraft) -> None:
        """'builds the deck within 10 days for accounts over $100k' after 'within 5'."""
        if draft.reading.time is None:
            return
        for index, step in enumerate(self.steps):
            same = step.owner == draft.owner and step.words and step.words < draft.words
            if same and step.time and step.time.duration != draft.reading.time.duration:
                self.questions.append(
                    (index, f"two SLAs given for {step.reading.title.lower()}: "
                     f"{step.time.duration}, and {draft.reading.time.duration} in "
                     f"'{draft.reading.title}'; kept as two steps: which applies?")
                )  # fmt: skip
                return

    def _notes(self, reading: Reading, owner: str | None, branch: str | None) -> None:
        """Questions for what the step cannot hold: co-owners, anchors, 'ASAP'."""
        at = len(self.steps)
        for note in (
            co_owner_note(reading, owner),
            anchor_note(reading),
            asap_note(reading),
            period_note(reading),
            branch_note(reading, branch),
        ):
            if note:
                self.questions.append((at, note))

    def _dependencies(
        self, reading: Reading, lead: str, branch: str | None = None
    ) -> list[int]:
        """After the previous step, beside it when 'in parallel' or another branch."""
        new = len(self.steps)
        if branch is not None:
            if self.branch_deps is None:
                self.branch_deps = list(self.tips)
            else:  # the earlier branch ends where it is; this one starts beside it
                self.tips = [new]
                return list(self.branch_deps)
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
            numbered = step.numbers != draft.numbers and step.numbers and draft.numbers
            if numbered:
                continue
            if compatible and overlap(step.words, draft.words) >= needed:
                return index
        return None

    def set_time(self, index: int, time: TimePhrase | None) -> None:
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

    def add_escalation(self, escalation: EscalationSentence) -> None:
        if escalation.applies_to_all or not self.steps:
            self.global_rungs.extend(escalation.rungs)
            return
        target = self._referenced_step(escalation.reference)
        time = self.steps[target].time
        rungs = [_as_sla_calendar(rung, time) for rung in escalation.rungs]
        if escalation.on_breach and time is not None:
            # 'if it slips, escalate to X': the rung fires when the stated SLA breaks
            rungs = [rung.model_copy(update={"provenance": "stated"}) for rung in rungs]
        self.steps[target].rungs.extend(rungs)
        self.steps[target].rungs.sort(key=lambda rung: rung.after.working_minutes)

    def _referenced_step(self, reference: str) -> int:
        index = self._guarded_step(reference)
        if index is not None:
            return index
        named = {m.role_id for m in read_clause(reference).mentions}
        for index in range(len(self.steps) - 1, -1, -1):
            step = self.steps[index]
            recipient = step.reading.recipient
            if step.owner in named or (recipient and recipient.role_id in named):
                return index
        return len(self.steps) - 1

    def _guarded_step(self, reference: str) -> int | None:
        """The step an 'if X ...' condition names: most shared words, then the
        step whose verb the condition uses or whose SLA it restates, then the
        latest."""
        words = content_words(reference)
        times = {p.duration for p in find_durations(reference)}
        scored = []
        for index, step in enumerate(self.steps):
            shared = len(words & step.words)
            verb = content_words(step.reading.title.split(" ", 1)[0]) <= words
            same_time = step.time is not None and step.time.duration in times
            scored.append((shared, verb + same_time, index))
        best = max(scored, default=(0, 0, None))
        return best[2] if best[0] else None

    def unplaced(self, text: str) -> None:
        snippet = " ".join(text.split())
        snippet = snippet if len(snippet) <= 80 else snippet[:77] + "..."
        self.questions.append((None, f"could not place: '{snippet}'"))


def _as_sla_calendar(rung: EscalationRung, time: TimePhrase | None) -> EscalationRung:
    """'If engineering misses the 5 days': the step's 5 business days, restated."""
    if time is None or rung.provenance != "stated":
        return rung
    same = (rung.after.amount, rung.after.unit) == (
        time.duration.amount,
        time.duration.unit,
    )
    return rung.model_copy(update={"after": time.duration}) if same else rung
