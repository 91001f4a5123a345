"""Canonical CS roles, so a produced role is judged by who it is, not how it is spelt.

Engines name roles their own way (`ae`, `account_executive`, "Account Executive",
`new_csm`). The scorer maps a produced role's id and display name onto one of the
canonical ids the dataset uses. The synonym table is ordinary CS vocabulary, written
from the job titles, not from any engine's lexicon; a role it cannot place keeps its
own slug and simply fails to match.
"""

from __future__ import annotations

from domain.workflow import Role, Workflow, slugify

SYNONYMS: dict[str, tuple[str, ...]] = {
    "ae": ("account_executive", "account_exec", "sales_rep", "sales", "seller"),
    "csm": ("customer_success_manager", "customer_success", "cs_rep", "onboarding"),
    "se": ("sales_engineer", "solutions_engineer", "solution_engineer", "presales"),
    "cs_manager": ("cs_mgr", "customer_success_lead", "cs_lead", "csm_manager"),
    "vp_cs": (
        "vp_customer_success",
        "vp_of_customer_success",
        "head_of_customer_success",
        "head_of_cs",
        "chief_customer_officer",
        "cco",
    ),
    "support": (
        "support_team",
        "support_engineer",
        "support_agent",
        "support_lead",
        "support_manager",
    ),
    "pm": ("product_manager", "product", "product_team", "product_management"),
    "finance": ("finance_team", "billing", "accounts_receivable", "billing_team"),
    "legal": ("legal_team", "counsel", "legal_counsel"),
    "procurement": ("purchasing", "procurement_team", "procurement_contact"),
    "it": ("it_team", "customer_it", "it_department", "it_contact"),
    "admin": ("customer_admin", "administrator", "system_admin", "platform_admin"),
    "champion": ("customer_champion", "main_contact", "primary_contact"),
    "exec_sponsor": ("executive_sponsor", "sponsor", "customer_exec_sponsor"),
    "implementation_partner": ("partner", "systems_integrator", "si_partner"),
    "customer": ("client", "customer_contact", "customer_team"),
}
CANONICAL_ROLES = frozenset(SYNONYMS)

_LOOKUP = {
    alias: canonical for canonical, aliases in SYNONYMS.items() for alias in aliases
}
_LOOKUP |= {canonical: canonical for canonical in SYNONYMS}
# Words that qualify a role without changing who it is: 'the new CSM', 'assigned AE'.
_QUALIFIERS = {"the", "new", "outgoing", "incoming", "assigned", "named", "lead", "our"}


def canonical_role(role_id: str | None, workflow: Workflow) -> str | None:
    """The canonical id of a produced role reference, or its slug if unknown."""
    if role_id is None:
        return None
    role = workflow.role(role_id)
    for candidate in _candidates(role_id, role):
        if candidate in _LOOKUP:
            return _LOOKUP[candidate]
    return slugify(role_id)


def _candidates(role_id: str, role: Role | None) -> list[str]:
    """The id, then the name, each also with qualifier words dropped from the front."""
    names = [slugify(role_id)] + ([slugify(role.name)] if role else [])
    candidates: list[str] = []
    for name in names:
        words = name.split("_")
        candidates += ["_".join(words[start:]) for start in range(len(words))]
        candidates.append("_".join(w for w in words if w not in _QUALIFIERS))
    return [c for c in candidates if c]
