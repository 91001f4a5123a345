"""People in the demo book: the vendor's own team, and each customer's contacts.

The vendor side is one small company: six CSMs under two CS managers (Americas and
International) under a VP of Customer Success, four AEs and three SEs under a sales
director under the CRO. Every account team is drawn from these people, so managers and
escalation ladders are shared across accounts as they are in a real CS org. A CSM
covers the account's region, and the account's CS manager is that CSM's manager.
"""

from __future__ import annotations

from datetime import timedelta

from tools.demo_data.book import DemoAccount, stage
from tools.importers.batch import ImportBatch

VENDOR_DOMAIN = "lumenops.example"

# (key, name, title, time zone, manager key, region)
VENDOR_PEOPLE = (
    ("ceo", "Sofia Lindqvist", "Chief Executive Officer", "America/New_York", None, ""),
    ("cro", "Daniel Brandt", "Chief Revenue Officer", "America/New_York", "ceo", ""),
    ("vpcs", "Maya Okafor", "VP Customer Success", "America/Chicago", "cro", ""),
    ("csmgr-am", "Luis Herrera", "CS Manager, Americas", "America/Chicago", "vpcs", ""),
    ("csmgr-intl", "Hannah Vogel", "CS Manager, International", "Europe/Berlin",
     "vpcs", ""),
    ("csm-1", "Priya Raman", "Customer Success Manager", "America/New_York",
     "csmgr-am", "americas"),
    ("csm-2", "Jordan Blake", "Customer Success Manager", "America/Denver",
     "csmgr-am", "americas"),
    ("csm-3", "Aisha Mensah", "Customer Success Manager", "America/Los_Angeles",
     "csmgr-am", "americas"),
    ("csm-4", "Tom Gallagher", "Customer Success Manager", "Europe/London",
     "csmgr-intl", "emea"),
    ("csm-5", "Elena Rossi", "Customer Success Manager", "Europe/Amsterdam",
     "csmgr-intl", "emea"),
    ("csm-6", "Kenji Watanabe", "Customer Success Manager", "Asia/Singapore",
     "csmgr-intl", "apac"),
    ("salesdir", "Rachel Kim", "Director of Sales", "America/New_York", "cro", ""),
    ("ae-1", "Marcus Bell", "Account Executive", "America/New_York", "salesdir", ""),
    ("ae-2", "Chloe Martin", "Account Executive", "Europe/Paris", "salesdir", ""),
    ("ae-3", "Ravi Patel", "Account Executive", "America/Los_Angeles", "salesdir",
     ""),
    ("ae-4", "Grace Liu", "Account Executive", "Australia/Sydney", "salesdir", ""),
    ("se-1", "Noah Fischer", "Solutions Engineer", "Europe/Berlin", "salesdir", ""),
    ("se-2", "Isabel Cruz", "Solutions Engineer", "America/Chicago", "salesdir", ""),
    ("se-3", "Owen Price", "Solutions Engineer", "America/New_York", "salesdir", ""),
)  # fmt: skip
PEOPLE = {key: (name, tz, manager) for key, name, _, tz, manager, _ in VENDOR_PEOPLE}
REGION_CSMS = {
    region: [key for key, *_, r in VENDOR_PEOPLE if r == region]
    for region in ("americas", "emea", "apac")
}

FIRST_NAMES = (
    "Dana", "Alex", "Morgan", "Samira", "Lukas", "Ines", "Haruto", "Mei", "Carlos",
    "Fatima", "Oliver", "Zoe", "Arjun", "Nadia", "Felix", "Chiara", "Tariq", "Lena",
    "Mateo", "Yuki", "Grace", "Emeka", "Sven", "Camila", "Ethan", "Leila", "Pieter",
    "Ana", "Rohan", "Freya", "Diego", "Amara",
)  # fmt: skip
LAST_NAMES = (
    "Whitfield", "Novak", "Sato", "Adeyemi", "Schneider", "Moreau", "Kowalski",
    "Haddad", "Lindgren", "Castillo", "O'Brien", "Nakamura", "Bianchi", "Osei",
    "Van Dijk", "Sharma", "Ferreira", "Jensen", "Delgado", "Murphy", "Takahashi",
    "Khan", "Berg", "Rahman",
)  # fmt: skip
TITLES = {
    "champion": ("Director of Operations", "Head of Support Operations",
                 "Senior Manager, Business Systems", "VP Customer Experience"),
    "exec_sponsor": ("Chief Operating Officer", "Chief Information Officer",
                     "SVP Operations", "Chief Customer Officer"),
    "admin": ("Systems Administrator", "IT Manager", "Platform Owner"),
    "billing": ("Accounts Payable Lead", "Procurement Manager", "Finance Controller"),
    "user": ("Operations Analyst", "Team Lead", "Support Specialist",
             "Data Analyst", "Regional Manager"),
}  # fmt: skip


def stage_vendor_people(batch: ImportBatch) -> None:
    """Stage the vendor's own people, each linked to their manager."""
    for key, name, title, time_zone, manager, region in VENDOR_PEOPLE:
        values = {
            "source_id": f"demo-person-{key}",
            "name": name,
            "email": email_address(name, VENDOR_DOMAIN),
            "title": title,
            "time_zone": time_zone,
            "attributes": {"region": region} if region else {},
        }
        stage(batch, "people", values, manager_id=_person_id(manager))


def stage_account_team(batch: ImportBatch, account: DemoAccount) -> None:
    """Stage the five seats of an account's team and remember who sits in them."""
    account.reseed("team")
    rng = account.rng
    csm = rng.choice(REGION_CSMS[_region(account.time_zone)])
    seats = {
        "csm": csm,
        "cs_manager": PEOPLE[csm][2],
        "ae": rng.choice(["ae-1", "ae-2", "ae-3", "ae-4"]),
        "se": rng.choice(["se-1", "se-2", "se-3"]),
        "exec_owner": "cro" if account.segment == "enterprise" else "vpcs",
    }
    for role, person in seats.items():
        values = {"source_id": f"{account.source_id}-team-{role}", "role": role}
        stage(
            batch,
            "account_team",
            values,
            account_id=account.source_id,
            person_id=_person_id(person),
        )
        account.team[role] = PEOPLE[person][0]


def stage_contacts(batch: ImportBatch, account: DemoAccount) -> None:
    """Stage the customer's contacts: one per key role plus a few users.

    When the champion has left, the CRM keeps the former champion as a plain user
    with `left_company` set, and a new champion stands in the role.
    """
    account.reseed("contacts")
    roles = ["champion", "exec_sponsor", "admin", "billing"]
    roles += ["user"] * account.rng.randint(1, 4 if account.segment != "smb" else 2)
    if account.champion_left:
        roles.insert(0, "former_champion")
    names = _distinct_names(account, len(roles))
    for number, (role, name) in enumerate(zip(roles, names, strict=True), 1):
        values = _contact(account, number, role, name)
        stage(batch, "contacts", values, account_id=account.source_id)
        account.contacts.setdefault(role, []).append((values["source_id"], name))


def _contact(account: DemoAccount, number: int, role: str, name: str) -> dict:
    rng = account.rng
    attributes, title = {}, rng.choice(TITLES.get(role, TITLES["champion"]))
    if role == "former_champion":
        left_on = account.as_of - timedelta(days=rng.randint(20, 120))
        account.champion_left_on = left_on
        attributes = {"left_company": True, "former_role": "champion"}
        attributes["left_on"] = left_on.isoformat()
        title = f"Former {title} (left)"
    return {
        "source_id": f"{account.source_id}-contact-{number}",
        "name": name,
        "email": email_address(name, account.domain),
        "title": title,
        "phone": f"+1-555-01{rng.randint(0, 99):02d}",
        "role": "user" if role == "former_champion" else role,
        "time_zone": account.time_zone,
        "attributes": attributes,
    }


def _distinct_names(account: DemoAccount, count: int) -> list[str]:
    first = account.rng.sample(FIRST_NAMES, count)
    last = account.rng.sample(LAST_NAMES, count)
    return [f"{f} {surname}" for f, surname in zip(first, last, strict=True)]


def _region(time_zone: str) -> str:
    if time_zone.startswith("America/"):
        return "americas"
    return "emea" if time_zone.startswith("Europe/") else "apac"


def _person_id(key: str | None) -> str | None:
    return f"demo-person-{key}" if key else None


def email_address(name: str, domain: str) -> str:
    local = ".".join(part.lower() for part in name.replace("'", "").split())
    return f"{local}@{domain}"
