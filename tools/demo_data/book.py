"""The plan of the demo book: which companies exist and what story each one tells.

Every account gets its own `random.Random`, seeded from the book's seed and the
account's position, so `--accounts 10` yields exactly the first ten accounts of the
50-account book and one account's rows never shift because another changed. String
seeds are hashed with SHA-512 by `random.seed`, independent of `PYTHONHASHSEED`.

An account's story (growing, steady, declining) drives everything generated after it:
usage trend, ticket load, NPS, expansion deals, so a brief finds a coherent picture.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from tools.importers.batch import ImportBatch, StagedRow
from tools.importers.report import RowOrigin

SOURCE_SYSTEM = "demo"

PREFIXES = (
    "Northwind", "Bluepeak", "Corvid", "Harborview", "Ironbark", "Lakeshore",
    "Meridian", "Oakridge", "Pinecrest", "Quarrystone", "Redwood", "Saltmarsh",
    "Tidewater", "Umbra", "Vantage", "Westbrook", "Alder", "Brightpath", "Cobalt",
    "Driftwood", "Emberly", "Foxglove", "Granite", "Highland", "Juniper", "Kestrel",
    "Larkspur", "Marigold", "Nimbus", "Orchard", "Parkside", "Riverbend",
    "Silverline", "Thornbury", "Upland", "Verity", "Willowmere", "Yarrow", "Zephyr",
    "Copperleaf", "Halcyon", "Stonegate",
)  # fmt: skip
INDUSTRIES = {
    "Logistics": ("Logistics", "Freight", "Shipping"),
    "Healthcare": ("Health", "Clinics", "Medical Group"),
    "Financial Services": ("Capital", "Financial", "Lending"),
    "Retail": ("Outfitters", "Goods", "Market"),
    "Manufacturing": ("Manufacturing", "Industries", "Fabrication"),
    "Software": ("Labs", "Software", "Systems"),
    "Education": ("Learning", "Academy"),
    "Hospitality": ("Hotels", "Hospitality"),
    "Energy": ("Energy", "Power"),
    "Media": ("Media", "Studios"),
    "Insurance": ("Insurance", "Mutual"),
    "Real Estate": ("Properties", "Realty"),
}
LOCATIONS = (
    ("US", "America/New_York"), ("US", "America/Chicago"), ("US", "America/Denver"),
    ("US", "America/Los_Angeles"), ("CA", "America/Toronto"), ("GB", "Europe/London"),
    ("DE", "Europe/Berlin"), ("FR", "Europe/Paris"), ("NL", "Europe/Amsterdam"),
    ("SE", "Europe/Stockholm"), ("ES", "Europe/Madrid"), ("IE", "Europe/Dublin"),
    ("AU", "Australia/Sydney"), ("SG", "Asia/Singapore"), ("JP", "Asia/Tokyo"),
    ("IN", "Asia/Kolkata"), ("BR", "America/Sao_Paulo"), ("MX", "America/Mexico_City"),
)  # fmt: skip
SEGMENTS = {
    # segment: (plan, seat range, list price per seat per month)
    "enterprise": ("Enterprise", (300, 2000), 55),
    "mid_market": ("Business", (60, 300), 40),
    "smb": ("Team", (8, 60), 25),
}
STORIES = ("growing", "steady", "declining")
MAX_ACCOUNTS = len(PREFIXES) * sum(len(s) for s in INDUSTRIES.values())


@dataclass
class DemoAccount:
    """One planned account: who it is, and the story its records will tell."""

    index: int
    seed: int
    rng: random.Random
    as_of: date
    name: str
    industry: str
    country: str
    time_zone: str
    segment: str
    seats: int
    story: str
    renewal_date: date
    signup_date: date
    auto_renew: bool
    champion_left: bool = False
    champion_left_on: date | None = None
    contradicting_note: bool = False
    contacts: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    """Staged contacts by role: (source id, name), filled by `stage_contacts`."""
    team: dict[str, str] = field(default_factory=dict)
    """Names of the account team by role, filled by `stage_account_team`."""

    def reseed(self, topic: str) -> None:
        """Draw `topic`'s values from their own stream from here on.

        Some generators branch on dates (a ticket still open on the book's today, a
        weekend): with one shared stream such a branch would shift every later draw,
        and a re-run on another day would add and orphan rows instead of updating.
        """
        self.rng = random.Random(f"{self.seed}:{self.index}:{topic}")

    def contact(self, role: str) -> tuple[str, str]:
        """The (source id, name) of the first contact in `role`."""
        return self.contacts[role][0]

    @property
    def source_id(self) -> str:
        return f"demo-acc-{self.index:03d}"

    @property
    def plan(self) -> str:
        return SEGMENTS[self.segment][0]

    @property
    def domain(self) -> str:
        # RFC 2606 reserves .example: a demo nudge can never reach a real inbox.
        return "".join(c for c in self.name.lower() if c.isalnum()) + ".example"


def plan_book(seed: int, count: int, as_of: date) -> list[DemoAccount]:
    """The accounts of a `count`-account book, the same for the same seed and day."""
    if not 1 <= count <= MAX_ACCOUNTS:
        raise ValueError(f"--accounts must be between 1 and {MAX_ACCOUNTS}")
    names = _company_names(random.Random(f"{seed}:names"))
    accounts = [
        _account(seed, index, names[index - 1], as_of) for index in range(1, count + 1)
    ]
    _force_stories(accounts)
    return accounts


def _company_names(rng: random.Random) -> list[tuple[str, str]]:
    """(name, industry) pairs, shuffled, each prefix used once before any repeats."""
    combos = [
        (f"{prefix} {suffix}", industry)
        for prefix in PREFIXES
        for industry, suffixes in INDUSTRIES.items()
        for suffix in suffixes
    ]
    rng.shuffle(combos)
    first, later, seen = [], [], set()
    for name, industry in combos:
        prefix = name.split()[0]
        (later if prefix in seen else first).append((name, industry))
        seen.add(prefix)
    return first + later


def _account(seed: int, index: int, named: tuple[str, str], as_of: date) -> DemoAccount:
    rng = random.Random(f"{seed}:{index}")
    segment = rng.choices(list(SEGMENTS), weights=(20, 45, 35))[0]
    low, high = SEGMENTS[segment][1]
    country, time_zone = rng.choice(LOCATIONS)
    renewal = as_of + timedelta(days=rng.randint(7, 360))
    return DemoAccount(
        index=index,
        seed=seed,
        rng=rng,
        as_of=as_of,
        name=named[0],
        industry=named[1],
        country=country,
        time_zone=time_zone,
        segment=segment,
        seats=rng.randint(low, high),
        story=rng.choices(STORIES, weights=(35, 35, 30))[0],
        renewal_date=renewal,
        signup_date=renewal - timedelta(days=365 * rng.randint(1, 3)),
        auto_renew=rng.random() < 0.7,
        champion_left=rng.random() < 0.15,
    )


def _force_stories(accounts: list[DemoAccount]) -> None:
    """Make sure the book holds the cases briefs must catch, whatever the seed."""
    at_risk = [a for a in accounts if a.story == "declining"] or accounts
    at_risk[0].contradicting_note = True
    at_risk[0].auto_renew = True
    accounts[min(4, len(accounts) - 1)].champion_left = True


def stage(
    batch: ImportBatch, entity: str, values: dict[str, Any], **refs: str | None
) -> None:
    """Stage one demo row; `refs` name linked rows by their demo source ids."""
    batch.read(entity)
    line = len(batch.rows.get(entity, {})) + 1
    links = {column: source_id for column, source_id in refs.items() if source_id}
    batch.add(entity, StagedRow(values, RowOrigin(f"demo:{entity}", line), links))
