"""The actor lexicon: the names CS teams use for the people in a journey.

Each entry maps the ways a participant is named ("AE", "account executive") to one
workflow Role. Entries are tried in order at each position, so the more specific
names ("CS manager", "customer success manager") come before the words they
contain ("CS", "customer"). A few acronyms that are also ordinary words ("IT",
"PM", "AM") only match in capitals. Titles that name a distinct person ("Director
of Customer Success", "Account Director", "Deal desk") are roles of their own, never
folded into a nearby known role: a review should see who the text named.
"""

from __future__ import annotations

from agents.journey.lexicon_titles import DISTINCT_TITLES
from domain.workflow import Side, Team

_INTERNAL, _EXTERNAL = Side.internal, Side.external

# role id -> (display name, side, team, aliases). Order matters: see the docstring.
LEXICON: dict[str, tuple[str, Side, Team, tuple[str, ...]]] = {
    **DISTINCT_TITLES,
    "vp_cs": (
        "VP of Customer Success",
        _INTERNAL,
        Team.exec,
        (
            r"vp (?:of )?(?:cs|customer success)",
            r"vice president of customer success",
            r"chief customer officer",
            r"(?-i:CCO)",
        ),
    ),
    "vp_sales": (
        "VP of Sales",
        _INTERNAL,
        Team.exec,
        (r"vp (?:of )?sales", r"head of sales"),
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
        (
            r"cs[- ]?ops(?: analysts?| team)?",
            r"cs operations",
            r"customer success operations",
        ),
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
        (r"support managers?", r"support leads?"),
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
            r"onboarding (?:specialists?|team|engineers?)",
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
        (r"sales engineers?", r"(?-i:SEs?)"),
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

# The manager who hears first when a step owned by this role runs late.
MANAGER_OF: dict[str, str] = {
    "ae": "sales_manager",
    "deal_desk": "sales_manager",
    "solutions_engineer": "sales_manager",
    "account_director": "vp_sales",
    "onboarding_manager": "cs_manager",
    "enablement": "cs_manager",
    "support_team_lead": "support_manager",
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
    "tam": "cs_manager",
    "cse": "cs_manager",
    "revops": "cs_manager",
    "marketing": "cs_manager",
    "channel_manager": "cs_manager",
    "head_of_cs": "vp_cs",
    "general_counsel": "vp_cs",
}
