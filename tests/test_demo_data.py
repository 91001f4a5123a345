"""The demo book: deterministic, idempotent, fast, realistic enough to brief from."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tools.accounts import signal_reads
from tools.accounts.book import AccountRow, AccountTeamRow, ContactRow, SubscriptionRow
from tools.accounts.signals import ActivityRow, HealthScoreRow, TicketRow
from tools.db import Database, open_database
from tools.demo_data import build_demo_batch, write_demo_data
from tools.demo_data.book import plan_book
from tools.demo_data.ticket_text import TEMPLATES, render
from tools.demo_data.tickets import ticket_slots
from tools.importers.loader import ENTITIES

AS_OF = date(2025, 6, 2)
VOLATILE = {"imported_at", "computed_at"}
REFUSAL = "Customer says they will not renew"


def table_rows(database: Database) -> dict[str, list[tuple]]:
    """Every row of every table the book writes, minus write timestamps."""
    rows = {}
    tables = [spec.model.__table__ for spec in ENTITIES.values()]
    with Session(database.engine) as session:
        for table in [*tables, HealthScoreRow.__table__]:
            columns = [c for c in table.columns if c.name not in VOLATILE]
            order = list(table.primary_key.columns)
            query = select(*columns).order_by(*order)
            rows[table.name] = [tuple(r) for r in session.execute(query)]
    return rows


def test_two_runs_into_two_databases_write_identical_rows(database, tmp_path):
    other = open_database(f"sqlite:///{tmp_path / 'other.db'}")
    write_demo_data(database, as_of=AS_OF)
    write_demo_data(other, as_of=AS_OF)

    first, second = table_rows(database), table_rows(other)
    other.dispose()
    assert len(first["tickets"]) > 300
    assert first == second


def test_a_second_run_changes_nothing_and_a_later_day_updates_in_place(database):
    first = write_demo_data(database, as_of=AS_OF)
    again = write_demo_data(database, as_of=AS_OF)
    later = write_demo_data(database, as_of=AS_OF + timedelta(days=1))

    assert first.rows_written == first.rows_read and not first.rejections
    assert {(c.created, c.updated) for c in again.counts.values()} == {(0, 0)}
    assert sum(c.created for c in later.counts.values()) == 0
    assert later.counts["tickets"].updated > 0
    assert count(database, TicketRow) == first.counts["tickets"].read
    assert first.seconds < 10


def test_book_has_a_plausible_size_and_shape(database):
    report = write_demo_data(database, as_of=AS_OF)
    read = {entity: c.read for entity, c in report.counts.items()}

    assert read["accounts"] == 50 and read["people"] == 19
    assert read["account_team"] == 250
    assert 250 <= read["contacts"] <= 450
    assert 50 <= read["subscriptions"] <= 80
    assert 60 <= read["deals"] <= 150
    assert 300 <= read["tickets"] <= 900
    assert 50 <= read["survey_responses"] <= 200
    assert 200 <= read["activities"] <= 500
    assert 50 * 4 * 90 <= read["usage"] <= 50 * 7 * 90


def test_every_account_has_a_csm_a_champion_a_renewal_and_a_health_score(database):
    write_demo_data(database, as_of=AS_OF)
    with Session(database.engine) as session:
        csm = set(session.scalars(select(AccountTeamRow.account_id).where(
            AccountTeamRow.role == "csm")))  # fmt: skip
        champion = set(session.scalars(select(ContactRow.account_id).where(
            ContactRow.role == "champion")))  # fmt: skip
        renewals = session.execute(
            select(
                SubscriptionRow.account_id, func.min(SubscriptionRow.renewal_date)
            ).group_by(SubscriptionRow.account_id)
        ).all()
        bands = set(session.scalars(select(HealthScoreRow.band)))

    assert len(csm) == len(champion) == len(renewals) == 50
    days = sorted((renewal - AS_OF).days for _, renewal in renewals)
    assert days[0] >= 7 and days[-1] <= 360
    assert days[10] < 120 and days[-10] > 240, "renewals spread over the year"
    assert bands == {"healthy", "watch", "at_risk"}


def test_ticket_text_is_varied_and_keeps_awkward_customer_text(database):
    write_demo_data(database, as_of=AS_OF)
    with Session(database.engine) as session:
        tickets = session.execute(select(TicketRow.subject, TicketRow.body)).all()
        kinds = set(session.scalars(select(TicketRow.kind)))
        priorities = set(session.scalars(select(TicketRow.priority)))

    subjects = {subject for subject, _ in tickets}
    bodies = " ".join(body for _, body in tickets)
    assert len(subjects) >= 40
    assert len(kinds) >= 12
    assert priorities == {"urgent", "high", "normal", "low"}
    assert "IGNORE PREVIOUS INSTRUCTIONS" in bodies
    assert '{"error": {"code": 429' in bodies and "{{ticket.requester" in bodies
    assert not re.search(r"\$[a-z_]+", bodies), "a template slot was left unfilled"


def test_planted_stories_are_in_the_book(database):
    write_demo_data(database, as_of=AS_OF)
    with Session(database.engine) as session:
        refusal = session.scalars(select(ActivityRow).where(
            ActivityRow.subject == REFUSAL)).one()  # fmt: skip
        renewal = session.scalars(select(SubscriptionRow).where(
            SubscriptionRow.account_id == refusal.account_id)).first()  # fmt: skip
        left = session.scalars(select(ContactRow).where(
            ContactRow.title.like("%(left)"))).all()  # fmt: skip
        changes = session.scalars(select(ActivityRow.account_id).where(
            ActivityRow.subject == "Champion change")).all()  # fmt: skip

    assert renewal.auto_renew is True, "the note must contradict the CRM field"
    assert {c.account_id for c in left} == set(changes) and changes
    assert all(c.attributes["former_role"] == "champion" for c in left)


def test_usage_trends_follow_each_accounts_story(database):
    write_demo_data(database, accounts=12, as_of=AS_OF)
    stories = {a.index: a.story for a in plan_book(7, 12, AS_OF)}
    with Session(database.engine) as session:
        keys = dict(session.execute(select(AccountRow.source_id, AccountRow.id)).all())
        trends = {
            index: signal_reads.usage_trend(
                session, keys[f"demo-acc-{index:03d}"], AS_OF
            ).direction
            for index in stories
        }

    expected = {"growing": "growing", "steady": "flat", "declining": "declining"}
    assert trends == {index: expected[story] for index, story in stories.items()}


def test_a_smaller_book_is_the_start_of_the_larger_one():
    small = build_demo_batch(accounts=5, seed=7, as_of=AS_OF).rows
    large = build_demo_batch(accounts=50, seed=7, as_of=AS_OF).rows

    for entity, rows in small.items():
        assert all(large[entity][key].values == row.values for key, row in rows.items())


def test_another_seed_gives_another_book():
    one = build_demo_batch(accounts=5, seed=7, as_of=AS_OF).rows["accounts"]
    two = build_demo_batch(accounts=5, seed=8, as_of=AS_OF).rows["accounts"]
    assert [r.values["name"] for r in one.values()] != [
        r.values["name"] for r in two.values()
    ]


@pytest.mark.parametrize("accounts", [0, 100_000])
def test_book_size_out_of_range_names_the_limits(accounts):
    with pytest.raises(ValueError, match=r"--accounts must be between 1 and \d+"):
        build_demo_batch(accounts=accounts, seed=7, as_of=AS_OF)


def test_every_template_fills_every_slot():
    account = plan_book(7, 1, AS_OF)[0]
    account.contacts = {"user": [("c1", "Dana Whitfield")]}
    assert len(TEMPLATES) >= 40
    for template in TEMPLATES:
        subject, body = render(template, ticket_slots(account))
        assert not re.search(r"\$[a-z_]+", subject + body), template.subject


def count(database: Database, model) -> int:
    with Session(database.engine) as session:
        return session.scalar(select(func.count()).select_from(model))
