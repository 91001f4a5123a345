"""Find the people a journey description names, and the Role each one is.

Known names come from the lexicon; a capitalised job title it does not know
("Chief Happiness Wizard") becomes a role of its own with a slug id, its side and
team guessed from its words (internal unless it names a customer or partner).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from agents.journey.lexicon import LEXICON
from domain.workflow import Role, Side, Team

_POSSESSIVE = r"(?:'s|’s|'|’)?"
# 'their IT folks': the people word belongs to the role, not to the work.
_PEOPLE = r"(?:\s+(?:folks|people|guys|crew))?"


def _role_pattern(role_id: str, aliases: tuple[str, ...]) -> str:
    return f"(?P<{role_id}>" + "|".join(aliases) + ")"


ACTOR_RE = re.compile(
    r"\b(?:"
    + "|".join(_role_pattern(rid, entry[3]) for rid, entry in LEXICON.items())
    + r")"
    + _PEOPLE
    + _POSSESSIVE
    + r"(?![\w-])",
    re.IGNORECASE,
)

# A capitalised job title the lexicon does not know ('Chief Happiness Wizard',
# 'Partner Success Lead') becomes a role of its own, so the unknown-role lint and the
# reviewer see it, instead of being folded into a known role it may not be.
_UNKNOWN_TITLE_RE = re.compile(
    r"\b(?:(?:S?VP|EVP|Vice President|Director|Head|Chief [A-Z]\w+ Officer)s? of"
    r"(?: [A-Z][\w&]*)+|(?:S?VP|EVP)(?: [A-Z][\w&]*)+|Chief [A-Z]\w+ [A-Z]\w+|"
    r"(?-i:C[A-Z]{1,2}O)|"
    r"(?!(?:The|A|An|Our|Their|Every|Each|Any|All|This|That|If|When|Then|Once|"
    r"After|Before|Customer|Client)\b)[A-Z][\w]*(?: [A-Z][\w]*)? "
    r"(?:Director|Lead|Manager|Analyst|Coordinator|Desk|Team|Leadership)s?)\b"
)
_UPPER_WORDS = frozenset(
    ["vp", "svp", "evp", "cs", "it", "ae", "csm", "se", "cto", "cco", "cro", "cfo",
     "ceo", "coo", "cpo", "ciso"]
)  # fmt: skip
# The customer's or a partner's own team: 'the client's legal', 'their IT folks',
# 'the partner's delivery lead' are people on the other side, never ours.
_OWNERS_OF_TEAMS = frozenset(["customer", "partner"])
_THEIR_TEAMS = frozenset(
    ["legal", "general_counsel", "finance", "it_security", "ciso", "engineering",
     "vp_engineering", "marketing", "product", "cro", "revops"]
)  # fmt: skip
_PERSON_NOUN_RE = re.compile(
    r"\s+(?P<noun>(?:[a-z][\w-]* ){0,2}(?:leads?|managers?|makers?|owners?|"
    r"contacts?|team|folks|people|admins?|directors?|heads?|reps?|engineers?|"
    r"architects?|consultants?|stakeholders?|department))\b"
)
_THEIR_RE = re.compile(r"\b(?:their|the client's|the customer's)\s+$", re.I)
_LOWER_WORDS = frozenset(["of", "and"])


@dataclass(frozen=True)
class Mention:
    """One actor named in a clause, with where it sits in the clause."""

    role_id: str
    start: int
    end: int
    possessive: bool


def find_actors(text: str) -> list[Mention]:
    """Every actor named in the text, left to right, without overlaps."""
    mentions = []
    for match in ACTOR_RE.finditer(text):
        word = match.group(0)
        possessive = word.endswith(("'s", "’s", "'", "’"))
        mentions.append(
            Mention(match.lastgroup, match.start(), match.end(), possessive)
        )
    for match in _UNKNOWN_TITLE_RE.finditer(text):
        mentions = _with_title(mentions, match)
    mentions = sorted(mentions, key=lambda mention: mention.start)
    return _their_people(text, mentions)


def _their_people(text: str, mentions: list[Mention]) -> list[Mention]:
    """'the client's legal' is the customer's legal team: one external mention."""
    result: list[Mention] = []
    for mention in mentions:
        previous = result[-1] if result else None
        side = previous.role_id if previous and previous.possessive else None
        between = text[previous.end : mention.start] if previous else ""
        joined = side in _OWNERS_OF_TEAMS and not between.strip()
        if joined and mention.role_id in _THEIR_TEAMS:
            role_id = f"{side}_{mention.role_id}"
            result[-1] = Mention(role_id, previous.start, mention.end, False)
            continue
        if mention.role_id in _THEIR_TEAMS and _THEIR_RE.search(text[: mention.start]):
            mention = Mention(f"customer_{mention.role_id}", *_span(mention))
        result.append(_with_person_noun(text, mention))
    return result


def _span(mention: Mention) -> tuple[int, int, bool]:
    return mention.start, mention.end, mention.possessive


def _with_person_noun(text: str, mention: Mention) -> Mention:
    """'the partner's delivery lead': a person of the partner's, named by the noun."""
    if not (mention.possessive and mention.role_id in _OWNERS_OF_TEAMS):
        return mention
    noun = _PERSON_NOUN_RE.match(text, mention.end)
    if noun is None or find_actors_known(noun["noun"]):
        return mention
    role_id = _title_id(f"{mention.role_id} {noun['noun']}")
    return Mention(role_id, mention.start, noun.end(), False)


def find_actors_known(text: str) -> bool:
    """True when the lexicon names somebody in the text."""
    return bool(ACTOR_RE.search(text))


def _with_title(mentions: list[Mention], match: re.Match[str]) -> list[Mention]:
    """Add an unknown title unless a known role names it as fully."""
    start, end = match.span()
    inside = [m for m in mentions if m.start < end and start < m.end]
    if any(m.end - m.start >= end - start or m.start < start for m in inside):
        return mentions
    title = Mention(_title_id(match[0]), start, end, False)
    return [m for m in mentions if m not in inside] + [title]


def _title_id(title: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", title.lower()).strip("_")[:60]


def role_for(role_id: str) -> Role:
    """The Role for a role id: from the lexicon, else guessed from the id's words."""
    entry = LEXICON.get(role_id)
    if entry:
        name, side, team, _ = entry
        return Role(id=role_id, name=name, side=side, team=team)
    words = role_id.split("_")
    # 'VP Partnerships' runs our partner programme: a title of ours, not theirs
    ours = words[0] in ("vp", "svp", "evp", "chief", "head", "director")
    external = not ours and any(
        word in role_id
        for word in ("customer", "client", "champion", "sponsor", "partner")
    )
    return Role(
        id=role_id,
        name=_display_name(role_id),
        side=Side.external if external else Side.internal,
        team=_guess_team(role_id, external),
    )


def _display_name(role_id: str) -> str:
    words = role_id.split("_")
    return " ".join(
        word.upper()
        if word in _UPPER_WORDS
        else word
        if word in _LOWER_WORDS
        else word.capitalize()
        for word in words
    )[:80]


_TEAM_WORDS = (
    (("vp", "svp", "evp", "chief", "head", "director"), Team.exec),
    (("engineering", "product"), Team.product),
    (("support",), Team.support),
    (("sales", "account", "deal"), Team.sales),
    (("finance", "billing"), Team.finance),
    (("legal",), Team.legal),
)


def _guess_team(role_id: str, external: bool) -> Team:
    if external:
        return Team.partner if "partner" in role_id else Team.customer
    words = set(role_id.split("_"))
    for team_words, team in _TEAM_WORDS:
        if words & set(team_words):
            return team
    return Team.cs


def is_external(role_id: str | None, roles: dict[str, Role] | None = None) -> bool:
    """True when the role sits with the customer or a partner."""
    if role_id is None:
        return False
    role = (roles or {}).get(role_id) or role_for(role_id)
    return role.side is Side.external
