"""Short step titles from clauses: "the AE hands off to the CSM within 2 days" ->
"Hand off to CSM".

A title keeps the work and drops the rest: the acting subject (the owner is its own
field), time phrases, modal padding ("needs to", "is responsible for"), conditions
and reasons. Titles are short because step ids are slugs of them.
"""

from __future__ import annotations

import re

from agents.journey.actors import Mention, find_actors
from agents.journey.durations import strip_time_phrases
from agents.journey.verbs import base_form
from domain.workflow import slugify

MAX_TITLE_WORDS = 7

_MODALS_RE = re.compile(
    r"\b(?:should|must|will|shall|can|needs? to|has to|have to|is expected to|"
    r"are expected to|is responsible for|are responsible for|takes care of|"
    r"is supposed to|gets? to|goes on to|also|then|please|always|promptly|"
    r"immediately|quickly|first of all|try (?:and|to)|basically|honestly|"
    r"(?-i:ASAP)|as soon as possible|(?-i:EOD|COB))\b",
    re.IGNORECASE,
)
_NOISE_RE = re.compile(
    r"\b(?:in parallel|meanwhile|at the same time|simultaneously|concurrently|"
    r"alongside|and then|followed by|after which|after that|finally)\b|"
    r"\((?:[^()]*)\)|[\"'{}\[\]<>*_#|~^=+\\]",
    re.IGNORECASE,
)
_TAIL_RE = re.compile(
    r"\s(?:so that|so|because|which|to make sure|to ensure|in order|unless|if|"
    r"while|where|once|when|before|after|until|as soon as|otherwise|with a clock)"
    r"\b.*$",
    re.IGNORECASE,
)
_WITH_TAIL_RE = re.compile(
    r"\s*,?\s(?:with|including|along with|together with|plus|using|via|passing|"
    r"sharing)\b.*$",
    re.IGNORECASE,
)
_DANGLING_RE = re.compile(
    r"(?:\s+\b(?:within|in|by|of|at|no later than|at most|at the latest|for|on|"
    r"and|or|the|a|an|to|from|after|before|latest|max|maximum|every|each|"
    r"of closed-won|of signature|of the deal closing|sla|due)\b)+\s*$",
    re.IGNORECASE,
)
_LEAD_RE = re.compile(
    r"^(?:(?:then|and|next|first|finally|also|after that|afterwards|so|the|our|"
    r"their|a|an|who|that|to|they|he|she)\b[\s,:]*)+",
    re.IGNORECASE,
)
_CO_SUBJECT_RE = re.compile(r"\s*(?:,|and|&|,\s*and)\s+(?:the |our )?", re.IGNORECASE)
_ARTICLES_RE = re.compile(r"\b(?:the|a|an|their|our|its|your)\s+", re.IGNORECASE)
_RELATIVE_RE = re.compile(r",\s*(?:who|which|that)\b[^,]*,", re.IGNORECASE)
_CLAUSE_TAIL_RE = re.compile(
    r",\s*(?:and|but|or|ideally|preferably|usually|typically|normally)\s.*$|"
    r"\s+-{1,2}\s.*$",
    re.IGNORECASE,
)
_PASSIVE_RE = re.compile(
    r"^\W*(?:the |a |an |their |our )?(?P<object>.*?)\s+(?:is|are|gets?|will be|"
    r"should be|must be|has been|have been)\s+(?P<verb>\w+)\s+by\s*$",
    re.IGNORECASE,
)
_GETS_PASSIVE_RE = re.compile(
    r"\b(?:gets?|has|have|is|are)\s+(?:an?\s+|the\s+)?(?P<object>[\w -]+?)\s+"
    r"(?P<verb>\w+ed|sent|done|held|given|written)(?:\s+by(?:\s+the|\s+our)?)?\s*$",
    re.IGNORECASE,
)
# Only a bare '<verb> it' title: 'export data for them' already names its thing.
_PRONOUN_END_RE = re.compile(r"^(?P<verb>[\w-]+)\s+it$", re.IGNORECASE)
# The things a pronoun in a CS step most often stands for.
_THING_RE = re.compile(
    r"\b(?:the|a|an|their|our|its)\s+(?P<thing>(?:[a-z][\w-]*\s+){0,2}?"
    r"(?:questionnaire|form|plan|deck|quote|report|document|list|package|proposal|"
    r"contract|survey|ticket|request|invoice|data|notes|sow|agreement|checklist|"
    r"template|summary|draft|redlines))\b"
)
_POSSESSIVE_RE = re.compile(r"(?<=\w)['’]s\b")
_IRREGULAR = {
    "sent": "send",
    "done": "do",
    "held": "hold",
    "paid": "pay",
    "written": "write",
    "given": "give",
    "taken": "take",
}
_DROP_D_RE = re.compile(r"(?:v|u|ar|at|iz|is|or|ur|nc|rg|ag)ed$", re.IGNORECASE)
_WORD_RE = re.compile(r"[\w'&/.-]+")


def step_slug(title: str, max_length: int = 40) -> str:
    """A step id from a title, cut at a word boundary ('send_renewal_quote')."""
    slug = slugify(title, max_length=64)
    if len(slug) <= max_length:
        return slug
    cut = slug[: max_length + 1].rsplit("_", 1)[0]
    return cut if len(cut) >= 3 else slug[:max_length].strip("_")


def short_title(text: str, owner: Mention | None) -> str:
    """The few words that name the work a clause describes."""
    if owner is not None:
        text = _drop_subject(text, owner)
    text = strip_time_phrases(text)
    text = _NOISE_RE.sub(" ", _POSSESSIVE_RE.sub("", text))
    text = _MODALS_RE.sub(" ", text)
    text = _CLAUSE_TAIL_RE.sub("", _RELATIVE_RE.sub(" ", text))
    text = _TAIL_RE.sub("", " " + text.strip(" ,.;:-"))
    tail = _WITH_TAIL_RE.search(text)
    with_actor = tail and _starts_with_actor(text[tail.end() - 4 :])
    cut = text[: tail.start()] if tail and not with_actor else text
    text = cut if len(cut.split()) >= 2 else text
    words = _WORD_RE.findall(_ARTICLES_RE.sub("", _LEAD_RE.sub("", text.strip())))
    words = [word.strip(".-'") for word in words if word.strip(".-'")]
    title = _DANGLING_RE.sub("", " ".join(words[:MAX_TITLE_WORDS]))
    title = _DANGLING_RE.sub("", title)
    if not title:
        return "Step"
    first, _, rest = title.partition(" ")
    rest = re.sub(r"\b(and|or) (\w+)", lambda m: f"{m[1]} {base_form(m[2])}", rest)
    first = base_form(first)
    return (first[:1].upper() + first[1:] + (" " + rest if rest else ""))[:200]


def resolve_pronoun(title: str, before: str) -> str:
    """'Complete it' after 'returns their vendor questionnaire' -> 'Complete vendor
    questionnaire': the last thing named before the clause, never a person."""
    if not _PRONOUN_END_RE.search(title):
        return title
    things = [m["thing"] for m in _THING_RE.finditer(before) if not find_actors(m[0])]
    verb = _PRONOUN_END_RE.match(title)["verb"]
    return f"{verb} {things[-1]}" if things else title


def _starts_with_actor(text: str) -> bool:
    """'with the AE ...': the meeting is with a person, so the title keeps it."""
    words = re.sub(r"^\W*\w+\s+(?:the\s+|our\s+)?", "", text)
    mentions = find_actors(words[:40])
    return bool(mentions) and mentions[0].start == 0


def _base_of_participle(word: str) -> str:
    lowered = word.lower()
    if lowered in _IRREGULAR:
        return _IRREGULAR[lowered]
    if _DROP_D_RE.search(lowered):
        return word[:-1]
    return word[:-2] if lowered.endswith("ed") else word


def _drop_subject(text: str, owner: Mention) -> str:
    """Cut the subject (with co-subjects: 'the CSM and the AE') and what precedes it."""
    end = owner.end
    while match := _CO_SUBJECT_RE.match(text, end):
        following = find_actors(text[match.end() : match.end() + 40])
        if not following or following[0].start != 0:
            break
        end = match.end() + following[0].end
    prefix = text[: owner.start]
    passive = _PASSIVE_RE.match(prefix)
    if passive:
        verb = _base_of_participle(passive["verb"])
        return f"{verb} {passive['object']} {text[end:]}"
    gets = _GETS_PASSIVE_RE.search(strip_time_phrases(prefix).strip())
    if gets:  # 'gets an exec sponsor assigned by the VP' -> 'assign exec sponsor'
        verb = _base_of_participle(gets["verb"])
        return f"{verb} {gets['object']} {text[end:]}"
    if "(" not in prefix and not prefix.rstrip().lower().endswith(" by"):
        return text[end:]
    return text[: owner.start] + text[end:]
