"""The actor lexicon: the words a journey description uses for the people in it.

Each entry maps the ways CS teams name a participant ("AE", "account executive",
"the AEs'") to one workflow Role. Entries are tried in order at each position, so
the more specific names ("CS manager", "customer success manager") come before the
words they contain ("CS", "customer"). A few acronyms that are also ordinary words
("IT", "PM", "AM") only match in capitals.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from domain.workflow import Role, Side, Team

_INTERNAL, _EXTERNAL = Side.internal, Side.external

# role id -> (display name, side, team, aliases). Order matters: see the docstring.
_LEXICON: dict[str, tuple[str, Side, Team, tuple[str, ...]]] = {
    "vp_cs": (
        "VP of Customer Success",
        _INTERNAL,
        Team.exec,
        (
            r"vp (?:of )?(?:cs|customer success)",
            r"vice president of customer success",
            r"head of (?:cs|customer success)",
            r"chief customer officer",
            r"(?-i:CCO)",
        ),
    ),
    "vp_sales": (
        "VP of Sales",
        _INTERNAL,
        Team.exec,
        (r"vp (?:of )?sales", r"head of sales", r"(?-i:CRO)"),
    ),
    "cs_manager": (
        "CS Manager",
        _INTERNAL,
        Team.cs,
        (
            r"cs managers?",
            r"csms?(?:'s|s'|')? managers?",
            r"cs (?:team )?leads?",
            r"customer success (?:team )?leads?",
            r"manager of customer success",
        ),
    ),
    "cs_ops": (
        "CS Ops",
        _INTERNAL,
        Team.cs,
        (r"cs[- ]?ops", r"cs operations", r"customer success operations"),
    ),
    "sales_manager": (
        "Sales Manager",
        _INTERNAL,
        Team.sales,
        (r"sales managers?", r"sales (?:team )?leads?", r"sales directors?"),
    ),
    "support_manager": (
        "Support Manager",
        _INTERNAL,
        Team.support,
        (r"support managers?", r"support (?:team )?leads?", r"head of support"),
    ),
    "renewal_manager": (
        "Renewal Manager",
        _INTERNAL,
        Team.cs,
        (r"renewals? (?:managers?|specialists?|team|reps?)",),
    ),
    "onboarding_specialist": (
        "Onboarding Specialist",
        _INTERNAL,
        Team.implementation,
        (
            r"onboarding (?:specialists?|team|managers?|engineers?)",
            r"implementation (?:team|specialists?|managers?|engineers?|leads?)",
        ),
    ),
    "solutions_consultant": (
        "Solutions Consultant",
        _INTERNAL,
        Team.implementation,
        (
            r"solutions? (?:consultants?|architects?)",
            r"implementation consultants?",
        ),
    ),
    "partner": (
        "Implementation Partner",
        _EXTERNAL,
        Team.partner,
        (r"implementation partners?", r"systems? integrators?", r"partners?"),
    ),
    "se": (
        "Sales Engineer",
        _INTERNAL,
        Team.sales,
        (r"sales engineers?", r"solutions engineers?", r"(?-i:SEs?)"),
    ),
    "ae": (
        "Account Executive",
        _INTERNAL,
        Team.sales,
        (r"account executives?", r"account execs?", r"aes?", r"sales reps?"),
    ),
    "account_manager": (
        "Account Manager",
        _INTERNAL,
        Team.sales,
        (r"account managers?", r"(?-i:AMs?)"),
    ),
    "sales": ("Sales", _INTERNAL, Team.sales, (r"sales(?: team)?",)),
    "csm": (
        "Customer Success Manager",
        _INTERNAL,
        Team.cs,
        (
            r"customer success managers?",
            r"customer success(?: team)?",
            r"csms?",
            r"cs(?: team)?",
        ),
    ),
    "support": (
        "Support",
        _INTERNAL,
        Team.support,
        (
            r"support (?:engineers?|agents?|team|reps?)",
            r"support(?! tickets?| cases?| requests?| portal)",
            r"on-?call engineers?",
        ),
    ),
    "product": (
        "Product Manager",
        _INTERNAL,
        Team.product,
        (r"product managers?", r"product team", r"(?-i:Product)", r"(?-i:PMs?)"),
    ),
    "engineering": (
        "Engineering",
        _INTERNAL,
        Team.product,
        (r"engineering(?: team)?", r"engineers?"),
    ),
    "finance": (
        "Finance",
        _INTERNAL,
        Team.finance,
        (r"finance(?: team)?", r"billing team", r"accounts receivable", r"billing"),
    ),
    "legal": ("Legal", _INTERNAL, Team.legal, (r"legal(?: team)?", r"counsel")),
    "exec_sponsor": (
        "Executive Sponsor",
        _EXTERNAL,
        Team.customer,
        (r"exec(?:utive)? sponsors?", r"economic buyers?"),
    ),
    "champion": ("Champion", _EXTERNAL, Team.customer, (r"champions?",)),
    "billing_contact": (
        "Customer Billing Contact",
        _EXTERNAL,
        Team.customer,
        (r"billing contacts?", r"accounts payable"),
    ),
    "procurement": ("Procurement", _EXTERNAL, Team.customer, (r"procurement",)),
    "it": (
        "Customer IT",
        _EXTERNAL,
        Team.customer,
        (
            r"customer(?:'s)? (?-i:IT)(?: team)?",
            r"(?-i:IT)(?: team| department| admins?)?",
        ),
    ),
    "admin": (
        "Customer Admin",
        _EXTERNAL,
        Team.customer,
        (r"customer(?:'s)? admins?", r"admins?", r"administrators?"),
    ),
    "customer": ("Customer", _EXTERNAL, Team.customer, (r"customers?", r"clients?")),
}

_POSSESSIVE = r"(?:'s|’s|'|’)?"


def _role_pattern(role_id: str, aliases: tuple[str, ...]) -> str:
    return f"(?P<{role_id}>" + "|".join(aliases) + ")"


ACTOR_RE = re.compile(
    r"\b(?:"
    + "|".join(_role_pattern(rid, entry[3]) for rid, entry in _LEXICON.items())
    + r")"
    + _POSSESSIVE
    + r"(?![\w-])",
    re.IGNORECASE,
)

# The manager who hears first when a step owned by this role runs late.
MANAGER_OF: dict[str, str] = {
    "ae": "sales_manager",
    "sales": "sales_manager",
    "se": "sales_manager",
    "account_manager": "sales_manager",
    "sales_manager": "vp_sales",
    "csm": "cs_manager",
    "cs_ops": "cs_manager",
    "renewal_manager": "cs_manager",
    "onboarding_specialist": "cs_manager",
    "solutions_consultant": "cs_manager",
    "support": "support_manager",
    "engineering": "support_manager",
    "cs_manager": "vp_cs",
    "support_manager": "vp_cs",
    "vp_sales": "vp_cs",
    "vp_cs": "vp_sales",
}


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
    return mentions


def role_for(role_id: str) -> Role:
    """The Role for a role id: from the lexicon, else guessed from the id's words."""
    entry = _LEXICON.get(role_id)
    if entry:
        name, side, team, _ = entry
        return Role(id=role_id, name=name, side=side, team=team)
    external = any(
        word in role_id
        for word in ("customer", "client", "champion", "sponsor", "partner")
    )
    return Role(
        id=role_id,
        name=role_id.replace("_", " ").title()[:80],
        side=Side.external if external else Side.internal,
        team=_guess_team(role_id, external),
    )


def _guess_team(role_id: str, external: bool) -> Team:
    if external:
        return Team.partner if "partner" in role_id else Team.customer
    for word, team in (("sales", Team.sales), ("support", Team.support)):
        if word in role_id:
            return team
    return Team.cs


def is_external(role_id: str | None, roles: dict[str, Role] | None = None) -> bool:
    """True when the role sits with the customer or a partner."""
    if role_id is None:
        return False
    role = (roles or {}).get(role_id) or role_for(role_id)
    return role.side is Side.external
