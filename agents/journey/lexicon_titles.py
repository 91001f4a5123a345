"""Titles that name a distinct person, for the actor lexicon.

"General Counsel" is not Legal, "CRO" is not the VP of Sales and a "TAM" is not the
CSM: a review should see who the text named, so each of these is a role of its own,
tried before the broader names in lexicon.LEXICON that their words contain.
"""

from __future__ import annotations

from domain.workflow import Side, Team

_INTERNAL = Side.internal

# role id -> (display name, side, team, aliases), as in lexicon.LEXICON.
DISTINCT_TITLES: dict[str, tuple[str, Side, Team, tuple[str, ...]]] = {
    "director_cs": (
        "Director of Customer Success",
        _INTERNAL,
        Team.cs,
        (r"directors? of (?:cs|customer success)", r"cs directors?"),
    ),
    "general_counsel": (
        "General Counsel",
        _INTERNAL,
        Team.legal,
        (r"general counsel",),
    ),
    "ciso": (
        "Chief Information Security Officer",
        _INTERNAL,
        Team.exec,
        (r"(?-i:CISO)", r"chief information security officer"),
    ),
    "cro": (
        "Chief Revenue Officer",
        _INTERNAL,
        Team.exec,
        (r"(?-i:CRO)", r"chief revenue officer"),
    ),
    "head_of_cs": (
        "Head of Customer Success",
        _INTERNAL,
        Team.exec,
        (r"head of (?:cs|customer success)",),
    ),
    "tam": (
        "Technical Account Manager",
        _INTERNAL,
        Team.cs,
        (r"technical account managers?", r"(?-i:TAMs?)"),
    ),
    "cse": (
        "Customer Success Engineer",
        _INTERNAL,
        Team.cs,
        (r"customer success engineers?", r"(?-i:CSEs?)"),
    ),
    "channel_manager": (
        "Channel Manager",
        _INTERNAL,
        Team.partner,
        (r"channel (?:managers?|team|partner managers?)",),
    ),
    "revops": (
        "Revenue Operations",
        _INTERNAL,
        Team.sales,
        (r"rev ?ops(?: team)?", r"revenue operations"),
    ),
    "marketing": ("Marketing", _INTERNAL, Team.sales, (r"marketing(?: team)?",)),
    "vp_engineering": (
        "VP of Engineering",
        _INTERNAL,
        Team.exec,
        (r"vp (?:of )?engineering", r"head of engineering", r"(?-i:CTO)"),
    ),
    "head_of_support": (
        "Head of Support",
        _INTERNAL,
        Team.support,
        (r"head of support", r"support directors?", r"director of support"),
    ),
    "support_team_lead": (
        "Support Team Lead",
        _INTERNAL,
        Team.support,
        (r"support team leads?",),
    ),
    "account_director": (
        "Account Director",
        _INTERNAL,
        Team.sales,
        (r"account directors?",),
    ),
    "deal_desk": ("Deal Desk", _INTERNAL, Team.sales, (r"deal[- ]desk",)),
    "enablement": (
        "Enablement Team",
        _INTERNAL,
        Team.cs,
        (r"enablement team", r"(?:customer )?education team"),
    ),
    "cs_leadership": (
        "CS Leadership",
        _INTERNAL,
        Team.cs,
        (r"(?:cs|customer success) leadership", r"(?:cs|customer success) leaders"),
    ),
    "it_security": (
        "IT / Security",
        _INTERNAL,
        Team.product,
        (
            r"(?-i:IT)\s*/\s*security",
            r"security team",
            r"infosec(?: team)?",
            r"(?-i:Security)(?! (?:review|questionnaire|package|queue))",
        ),
    ),
    "onboarding_manager": (
        "Onboarding Manager",
        _INTERNAL,
        Team.implementation,
        (r"onboarding managers?",),
    ),
    "solutions_engineer": (
        "Solutions Engineer",
        _INTERNAL,
        Team.sales,
        (r"solutions? engineers?",),
    ),
}
