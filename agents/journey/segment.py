"""Split a journey description into sentences and clauses.

People write journeys as prose, bullets, numbered lists or terse one-liners, often
mixed. Every bullet or numbered item is its own sentence; prose is split at sentence
ends and semicolons. A sentence is then split into clauses at the words that order
work ("then", "followed by", "after that") and at an "and" or "while" that starts a
new actor's work ("the AE updates the CRM and the CSM sends the welcome email"),
and at a comma or dash before one ("..., AE must book a call within 2 days").
The text is cleaned first (markup, placeholders, tables, typos: see cleanup).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from agents.journey.actors import find_actors
from agents.journey.cleanup import clean_description
from agents.journey.document import with_sections
from agents.journey.durations import find_durations, strip_time_phrases
from agents.journey.openings import is_metadata
from agents.journey.triggers import detect_trigger
from agents.journey.verbs import IMPERATIVE_START_RE

_BULLET_RE = re.compile(
    r"^\s*(?:[-*•+▪‣◦]|\d{1,3}[.)]|\(\d{1,3}\)|[a-h][.)]|step \d{1,3}\s*[:.)-])\s+",
    re.IGNORECASE,
)
_HEADING_RE = re.compile(r"^\s*#{1,6}\s*(?P<title>.*)$")
_MARKDOWN_RE = re.compile(r"\*\*|__|`+|^\s*>+\s?", re.MULTILINE)
_BRACED_RE = re.compile(r"\{[^{}]*\}")
_ARROW_RE = re.compile(r"\s*(?:->|=>|→|⇒|⟶)\s*|(?<=[A-Z])>(?=[A-Z])")
_ABBREVIATIONS_RE = re.compile(r"\b(e\.g|i\.e|etc|vs|approx|incl)\.", re.IGNORECASE)
_SENTENCE_END_RE = re.compile(r"(?<=[.!?;])\s+|(?<=[.!?])(?=[A-Z])")
_CONNECTOR_RE = re.compile(
    r"(?:\s*[,;:]\s*|\s+)(?P<lead>and then|then|followed by|after which|after that"
    r"|afterwards|and finally|finally)\b[\s,]*",
    re.IGNORECASE,
)
_JOINER_RE = re.compile(
    r"(?:\s*(?:,|\s-))?\s+(?P<lead>and|while|whereas)\s+|\s*(?:[,;]|\s-)\s+",
    re.IGNORECASE,
)
_LEADING_CONNECTOR_RE = re.compile(
    r"^(?P<lead>and then|then|after that|afterwards|finally)\b[\s,]*", re.IGNORECASE
)
_CONDITION_START_RE = re.compile(
    r"^\s*(?:when|once|after|as soon as|whenever|upon|if|before|unless)\b", re.I
)
_FILLER_RE = re.compile(
    r"^(?:(?:so|oh|ok|okay|alright|well|anyway|basically|honestly|also)\b[\s,]*)+"
    r"(?:and\b\s*)?",
    re.IGNORECASE,
)
_RELATIVE_ASIDE_RE = re.compile(r",\s*which\b[^,]*,", re.IGNORECASE)
_PRONOUN_START_RE = re.compile(r"^\s*(?:they|he|she)\b", re.IGNORECASE)
_LEADING_CONDITION_RE = re.compile(
    r"^(?P<cond>(?:when|once|after|as soon as|whenever|upon|if|before)\b[^,:]{3,200}?)"
    r"[,:]\s*(?P<main>\S.*)$",
    re.IGNORECASE | re.DOTALL,
)
_OBJECT_WORDS = frozenset(
    [
        "to",
        "with",
        "for",
        "from",
        "by",
        "of",
        "about",
        "on",
        "via",
        "between",
        "than",
        "into",
        "and",
        "or",
        "at",
        "a",
        "an",
    ]
)
_QUOTES = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'", "–": "-", "—": "-"})


@dataclass(frozen=True)
class Clause:
    """A piece of one sentence that may describe one step."""

    text: str
    sentence: int
    lead: str = ""


@dataclass(frozen=True)
class Outline:
    """A description cut into sentences, with the heading it may open with."""

    heading: str | None
    sentences: list[str]
    bullets: frozenset[int] = frozenset()


def outline(description: str) -> Outline:
    """Sentences of the description: bullet items, then prose sentences."""
    text = clean_description(description)
    text = _MARKDOWN_RE.sub("", text.translate(_QUOTES))
    text = _BRACED_RE.sub(lambda m: f". {m[0][1:-1]}. ", text)
    text = with_sections(_ARROW_RE.sub(_arrow, text))
    heading, blocks, bullet_blocks = None, [], set()
    paragraph: list[str] = []
    for line in text.splitlines():
        heading_match = _HEADING_RE.match(line)
        if heading_match:
            heading = heading or heading_match["title"].strip() or None
        elif _BULLET_RE.match(line):
            blocks.append(" ".join(paragraph))
            paragraph = []
            bullet_blocks.add(len(blocks))
            blocks.append(_BULLET_RE.sub("", line, count=1))
        elif line.strip():
            if paragraph and _ends_block(paragraph[-1]):
                blocks.append(" ".join(paragraph))
                paragraph = []
            paragraph.append(line.strip())
        else:
            blocks.append(" ".join(paragraph))
            paragraph = []
    blocks.append(" ".join(paragraph))
    sentences, bullets = [], set()
    for number, block in enumerate(blocks):
        if number in bullet_blocks:
            bullets.update(
                range(len(sentences), len(sentences) + len(_sentences(block)))
            )
        sentences += _sentences(block)
    return Outline(heading=heading, sentences=sentences, bullets=frozenset(bullets))


def _ends_block(line: str) -> bool:
    """A line ends its block when it ends a sentence or is short (a terse label)."""
    return line.endswith((".", "!", "?", ":", ";", ")")) or len(line) < 60


def _arrow(match: re.Match[str]) -> str:
    """'AE -> CSM' hands to the CSM; 'NPS detractor -> CSM calls' is a label."""
    before = find_actors(match.string[max(0, match.start() - 40) : match.start()])
    ends_with_actor = bool(before) and before[-1].end >= min(40, match.start())
    after = _starts_with_actor(match.string[match.end() :])
    return " to " if after and ends_with_actor else ": "


def _sentences(block: str) -> list[str]:
    block = _ABBREVIATIONS_RE.sub(lambda m: m.group(1).replace(".", ""), block)
    parts = (part.strip(" \t.!?;") for part in _SENTENCE_END_RE.split(block))
    return [_plain(part) for part in parts if any(ch.isalnum() for ch in part)]


def _plain(sentence: str) -> str:
    """Without spoken filler ('So basically') or an aside naming nobody."""
    sentence = _FILLER_RE.sub("", sentence) or sentence
    for aside in _RELATIVE_ASIDE_RE.finditer(sentence):
        if not find_actors(aside[0]):
            sentence = sentence.replace(aside[0], ",", 1)
    return sentence[:1].upper() + sentence[1:]


def clauses(sentence: str, index: int) -> list[Clause]:
    """The clauses of one sentence, each with the connector that introduced it."""
    pieces: list[Clause] = []
    lead, position = "", 0
    opening = _LEADING_CONNECTOR_RE.match(sentence)
    if opening:  # 'Then, if the champion is interested, ...'
        lead, position = opening["lead"].lower(), opening.end()
    for match in _CONNECTOR_RE.finditer(sentence, position):
        if _is_bare_actor(sentence[position : match.start()]):
            continue  # 'The CSM then sends ...': the subject stays with its verb
        pieces += _split_joined(sentence[position : match.start()], index, lead)
        lead, position = match["lead"].lower(), match.end()
    pieces += _split_joined(sentence[position:], index, lead)
    return [piece for piece in pieces if any(ch.isalnum() for ch in piece.text)]


def _split_joined(text: str, index: int, lead: str) -> list[Clause]:
    """Split at an 'and' / 'while' that starts a new actor's clause."""
    pieces, position = [], 0
    for match in _JOINER_RE.finditer(text):
        before, after = text[position : match.start()], text[match.end() :]
        if not match["lead"] and not _clause_like(before):
            continue  # 'When X signs, the AE ...': the condition stays with it
        starts = _starts_with_actor(after) or _PRONOUN_START_RE.match(after)
        if starts and _has_own_work(before) and _has_own_work(after):
            pieces.append(Clause(before.strip(" ,"), index, lead))
            lead, position = (match["lead"] or "").lower(), match.end()
    pieces.append(Clause(text[position:].strip(" ,"), index, lead))
    return pieces


def _has_own_work(text: str) -> bool:
    mentions = find_actors(text)
    pronoun = _PRONOUN_START_RE.match(text)
    end = pronoun.end() if pronoun else mentions[0].end if mentions else None
    return end is not None and len(strip_time_phrases(text[end:]).split()) >= 2


def _clause_like(text: str) -> bool:
    """An actor's own clause, maybe after its condition; not a bare condition."""
    split = leading_condition(text)
    text = split[1] if split else text
    return _starts_with_actor(text) or bool(_PRONOUN_START_RE.match(text))


def _is_bare_actor(text: str) -> bool:
    mentions = find_actors(text)
    return (
        len(mentions) == 1
        and _starts_with_actor(text)
        and not any(ch.isalnum() for ch in text[mentions[0].end :])
    )


def _starts_with_actor(text: str) -> bool:
    mentions = find_actors(text[:60])
    if not mentions:
        return False
    prefix = text[: mentions[0].start].strip().lower()
    return prefix in ("", "the", "our", "their", "a", "an", "then the")


def leading_condition(text: str) -> tuple[str, str] | None:
    """('when a deal closes', 'the AE hands off...') for a clause that opens so."""
    match = _LEADING_CONDITION_RE.match(text)
    if match is not None:
        return match["cond"].strip(), match["main"].strip()
    if not _CONDITION_START_RE.match(text):
        return None
    for mention in find_actors(text)[1:]:
        # 'when the customer hits 90% the CSM reaches out': no comma, a new subject
        head = re.sub(r"\b(?:the|our|their)\s*$", "", text[: mention.start], flags=re.I)
        last = head.split()[-1:] or [""]
        if last[0].endswith(("'s", "'")):
            continue  # 'when we learn the customer's sponsor left': one condition
        if last[0].lower() not in _OBJECT_WORDS and len(head.split()) >= 3:
            return head.strip(" ,"), text[len(head) :].strip()
    return None


def is_title_line(sentence: str, index: int, sketch: Outline) -> bool:
    """An opening line such as 'NPS detractor follow-up' or 'P1 escalation:'."""
    if index in sketch.bullets or len(sketch.sentences) < 2 or find_durations(sentence):
        return False
    if sentence.rstrip().endswith(":") and len(sentence.split()) <= 8:
        return True
    if detect_trigger(sentence, allow_schedule=True) or is_metadata(sentence):
        return False  # 'This starts manually.' states the trigger
    short = len(sentence.split()) <= 6 and not find_actors(sentence)
    return index == 0 and short and not IMPERATIVE_START_RE.match(sentence)
