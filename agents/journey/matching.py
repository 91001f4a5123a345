"""Which step a piece of text is about, by the content words they share.

Used to merge a step mentioned twice ("the CSM runs the kickoff within 5 business
days ... the kickoff should happen within 10 days"), to find the step an escalation
sentence guards, and to find the step a refinement names ("Finance owns the invoice
step"). Content words leave out stop words, actor names and verbs that say nothing
about the work ("run", "do", "happen").
"""

from __future__ import annotations

import re

from agents.journey.actors import ACTOR_RE
from agents.journey.durations import strip_time_phrases
from agents.journey.verbs import base_form

_STOP_TEXT = """
a an the and or of to in on at by for from with within after before into is are
be been being was were it its this that these those their our your his her them
they we you i he she then than so if unless once when while as up out off over
should must will shall can could would may might need needs has have had do does
did done happen happens happened take takes taken make makes get gets run runs
hold holds host hosts conduct conducts step steps task tasks own owns owned
owner responsible business working day days week weeks hour hours minute minutes
no not nothing any every all each also please same new first next last latest
sla deadline due escalate escalates escalation
"""
_STOP_WORDS = frozenset(_STOP_TEXT.split())
# Nouns and verbs that name the same work ('the AE handoff' is 'hands off').
_SAME_WORK = {
    "handoff": "hand",
    "handover": "hand",
    "hands": "hand",
    "handed": "hand",
    "meeting": "meet",
}
_WORD_RE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def content_words(text: str) -> frozenset[str]:
    """The words that name the work, normalised ('Kick-off' -> 'kickoff')."""
    text = ACTOR_RE.sub(" ", strip_time_phrases(text)).lower()
    words = (word.replace("-", "") for word in _WORD_RE.findall(text))
    words = (_SAME_WORK.get(base_form(w), w) for w in words if w not in _STOP_WORDS)
    words = (w if w in _STOP_WORDS else _stem(w) for w in words)
    return frozenset(w for w in words if w not in _STOP_WORDS and not w.isdigit())


def _stem(word: str) -> str:
    """'assigned', 'assigns' and 'assign' name the same work (crude, like base_form)."""
    word = base_form(word)
    if len(word) > 5 and word.endswith("ed"):
        word = word[:-2]
    return word[:-1] if len(word) > 4 and word.endswith("e") else word


def overlap(left: frozenset[str], right: frozenset[str]) -> float:
    """Shared words over the larger set: 1.0 same work, 0.0 unrelated."""
    if not left or not right:
        return 0.0
    return len(left & right) / max(len(left), len(right))


def best_match(words: frozenset[str], candidates: list[frozenset[str]]) -> int | None:
    """Index of the candidate sharing most words (the latest on a tie); None if none."""
    scored = [(len(words & words_of), i) for i, words_of in enumerate(candidates)]
    if not scored:
        return None
    shared, index = max(scored)
    return index if shared else None
