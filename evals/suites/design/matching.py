"""Pairing produced steps with expected steps by meaning, one to one.

A keyword recognises a step when it matches the start of a word in the step's title
(strong) or in the description words the step came from (weak): "renew" finds
"renewal", "kick off" finds "Kick-off call"; a keyword of three letters or fewer
("sso", "po") must be a whole word. Each expected step is paired with at
most one produced step and the other way round; among the pairings, the one that
pairs the most expected steps wins (augmenting paths, Kuhn 1955), trying strong
matches, then the produced steps closest in order, first.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache

from domain.workflow import Step
from evals.suites.design.cases import ExpectedStep

STRONG, WEAK = 2, 1


def normalise(text: str) -> str:
    """Lower-case words separated by single spaces; punctuation and hyphens go."""
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text.lower()).split())


@cache
def _keyword_pattern(keyword: str) -> re.Pattern[str]:
    """A word-start match; a keyword of three letters or fewer must be a whole word."""
    words = normalise(keyword)
    end = "(?: |$)" if len(words) <= 3 else ""
    return re.compile(r"(?:^| )" + re.escape(words) + end)


def affinity(expected: ExpectedStep, step: Step) -> int:
    """STRONG when a keyword is in the title, WEAK when only in the source text."""
    title = normalise(f"{step.title} {step.id.replace('_', ' ')}")
    source = normalise(f"{step.source_text} {step.instructions}")
    patterns = [_keyword_pattern(k) for k in expected.keywords if normalise(k)]
    if any(p.search(title) for p in patterns):
        return STRONG
    if any(p.search(source) for p in patterns):
        return WEAK
    return 0


def match_steps(
    expected: Sequence[ExpectedStep], produced: Sequence[Step]
) -> dict[int, int]:
    """Expected step index -> produced step index, one to one, most pairs possible."""
    preferences = [_preference(i, e, produced) for i, e in enumerate(expected)]
    owner_of: dict[int, int] = {}
    for index in _required_first(expected):
        _augment(index, preferences, owner_of, set())
    return {exp: prod for prod, exp in owner_of.items()}


def _required_first(expected: Sequence[ExpectedStep]) -> list[int]:
    """Required steps claim produced steps before optional ones do."""
    return sorted(range(len(expected)), key=lambda i: (expected[i].optional, i))


def _preference(
    index: int, expected: ExpectedStep, produced: Sequence[Step]
) -> list[int]:
    """Produced steps this expected step matches, best first."""
    scored = [(affinity(expected, step), pos) for pos, step in enumerate(produced)]
    matching = [(score, pos) for score, pos in scored if score]
    matching.sort(key=lambda pair: (-pair[0], abs(pair[1] - index)))
    return [pos for _, pos in matching]


def _augment(
    index: int, preferences: list[list[int]], owner_of: dict[int, int], seen: set[int]
) -> bool:
    for produced in preferences[index]:
        if produced in seen:
            continue
        seen.add(produced)
        holder = owner_of.get(produced)
        if holder is None or _augment(holder, preferences, owner_of, seen):
            owner_of[produced] = index
            return True
    return False
