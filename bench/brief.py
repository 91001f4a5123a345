"""Time the offline brief of a busy account, and size what the OpenAI path would send.

Builds one account with 2,000 tickets (subjects and bodies), 10,000 usage rows
(40 features over 250 days), contracts, contacts, notes and NPS answers in a
throwaway SQLite file, then prints the median and p95 milliseconds of a full offline
brief (the graph: store reads, conflicts, compose, ground-check, render) for each
kind, and the input tokens of the OpenAI path's compact context. Targets: under
300 ms per brief, at most 6,000 input tokens.

    .venv/bin/python bench/brief.py [rounds]
"""

from __future__ import annotations

import random
import statistics
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import insert  # noqa: E402

from agents.brief import gather  # noqa: E402
from agents.brief.context import compact_context, count_tokens  # noqa: E402
from agents.brief.prompts import COMPOSE_PROMPT, brief_messages  # noqa: E402
from domain.brief import BriefKind  # noqa: E402
from graph.brief import build_brief  # noqa: E402
from tools.accounts.book import AccountRow, ContactRow, SubscriptionRow  # noqa: E402
from tools.accounts.signals import (  # noqa: E402
    ActivityRow,
    SurveyResponseRow,
    TicketRow,
    UsageRow,
)
from tools.db import Database, open_database  # noqa: E402
from tools.settings import Settings  # noqa: E402

AS_OF = date(2025, 6, 2)
TICKETS, FEATURES, USAGE_DAYS = 2000, 40, 250
TARGET_MS, TARGET_TOKENS = 300.0, 6000
SUBJECTS = (
    "CSV export times out",
    "SSO login loop",
    "Invoice shows wrong seats",
    "API rate limit on nightly sync",
    "Dashboard slow to load",
)


def seed(database: Database) -> int:
    """Write the busy account; return its store id."""
    rng, now = random.Random(7), datetime(2025, 6, 2)
    common = {"source_system": "bench", "imported_at": now}
    with database.session() as session:
        account = AccountRow(
            name="Busybee Logistics",
            source_id="bench-1",
            seats=400,
            plan_tier="Enterprise",
            attributes={},
            **common,
        )
        session.add(account)
        session.flush()
        key = {"account_id": account.id, **common}
        session.execute(insert(SubscriptionRow), [_subscription(key)])
        session.execute(insert(ContactRow), _contacts(key))
        session.execute(
            insert(TicketRow), [_ticket(key, n, rng) for n in range(TICKETS)]
        )
        session.execute(insert(UsageRow), _usage(key, rng))
        session.execute(insert(ActivityRow), _notes(key))
        session.execute(insert(SurveyResponseRow), _nps(key))
        return account.id


def _subscription(key: dict) -> dict:
    return {
        **key,
        "source_id": "bench-sub",
        "plan": "Enterprise",
        "seats": 400,
        "mrr": 18000,
        "arr": 216000,
        "start_date": date(2024, 9, 1),
        "renewal_date": date(2025, 9, 1),
        "auto_renew": True,
        "attributes": {},
    }


def _contacts(key: dict) -> list[dict]:
    roles = ("champion", "exec_sponsor", "admin", "billing")
    return [
        {
            **key,
            "source_id": f"bench-c{n}",
            "name": f"Person {chr(65 + n)}ertz",
            "role": role,
            "attributes": {},
        }
        for n, role in enumerate(roles)
    ]


def _ticket(key: dict, n: int, rng: random.Random) -> dict:
    created = datetime(2025, 6, 1, 12) - timedelta(hours=rng.randint(1, 24 * 700))
    solved = n % 20 != 0
    subject = rng.choice(SUBJECTS)
    return {
        **key,
        "source_id": f"bench-t{n}",
        "subject": subject,
        "body": f"{subject}. Steps: open the report, wait, see the error. " * 6,
        "priority": rng.choice(("urgent", "high", "normal", "low")),
        "status": "solved" if solved else "open",
        "created_at": created,
        "first_response_at": created + timedelta(minutes=rng.randint(5, 900)),
        "resolved_at": created + timedelta(hours=30) if solved else None,
        "csat": rng.choice((None, 3, 4, 5)),
        "escalated": rng.random() < 0.05,
        "attributes": {},
    }


def _usage(key: dict, rng: random.Random) -> list[dict]:
    return [
        {
            **key,
            "source_id": f"bench-u{f}-{d}",
            "feature": f"feature_{f}",
            "usage_date": AS_OF - timedelta(days=d),
            "usage_count": rng.randint(0, 40),
            "error_count": rng.randint(0, 2),
        }
        for f in range(FEATURES)
        for d in range(USAGE_DAYS)
    ]


def _notes(key: dict) -> list[dict]:
    return [
        {
            **key,
            "source_id": f"bench-a{n}",
            "kind": "call",
            "subject": "Check-in",
            "body": "Walked through open tickets; export timeouts hurt most. " * 4,
            "occurred_at": datetime(2025, 5, 30) - timedelta(days=7 * n),
        }
        for n in range(30)
    ]


def _nps(key: dict) -> list[dict]:
    return [
        {
            **key,
            "source_id": f"bench-n{n}",
            "kind": "nps",
            "score": 4 + n % 6,
            "comment": "Exports time out.",
            "responded_at": datetime(2025, 5, 1),
        }
        for n in range(10)
    ]


def time_briefs(database: Database, account_id: int, rounds: int) -> dict[str, list]:
    settings = Settings(model_provider="offline", data_dir=Path(tempfile.gettempdir()))
    timings: dict[str, list[float]] = {kind.value: [] for kind in BriefKind}
    for _ in range(rounds):
        for kind in BriefKind:
            start = time.perf_counter()
            build_brief(database, settings, str(account_id), kind, as_of=AS_OF)
            timings[kind.value].append((time.perf_counter() - start) * 1000)
    return timings


def context_tokens(database: Database, account_id: int) -> int:
    account = gather.resolve_account(database, str(account_id))
    book = gather.read_book(database, account, AS_OF)
    signals = gather.read_signals(database, account, AS_OF)
    dossier = gather.build_dossier(account, AS_OF, book, signals)
    messages = brief_messages(
        BriefKind.account, account.name, AS_OF.isoformat(), compact_context(dossier)
    )
    return count_tokens([str(m.content) for m in messages] + [COMPOSE_PROMPT])


def main() -> None:
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 15
    with tempfile.TemporaryDirectory() as folder:
        database = open_database(f"sqlite:///{folder}/bench.db")
        account_id = seed(database)
        timings = time_briefs(database, account_id, rounds)
        tokens = context_tokens(database, account_id)
        database.dispose()
    print(f"account: {TICKETS} tickets, {FEATURES * USAGE_DAYS} usage rows")
    for kind, values in timings.items():
        p95 = statistics.quantiles(values, n=20)[-1]
        print(
            f"  {kind:<10} median {statistics.median(values):6.1f} ms"
            f"  p95 {p95:6.1f} ms"
        )
    overall = statistics.median(v for values in timings.values() for v in values)
    print(f"offline brief median {overall:.1f} ms (target < {TARGET_MS:.0f} ms)")
    print(
        f"openai input tokens {tokens} (exact, o200k_base; target <= {TARGET_TOKENS})"
    )


if __name__ == "__main__":
    main()
