"""Policy over rendered drafts: leaks, done steps, quiet hours, caps, digests."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import pytest

from domain.nudge_policy import (
    DeliveryRules,
    InternalFacts,
    Outcome,
    check_draft,
    find_leaks,
    group_digests,
    send_after,
)
from domain.nudges import DraftKind, NudgeDraft, delivery_key, due_window
from domain.runs import Assignee

CHLOE = Assignee(
    role_id="customer",
    name="Chloe Park",
    email="chloe@acme.test",
    time_zone="Europe/Berlin",
    side="external",
    source="contact:champion",
)
CARL = CHLOE.model_copy(
    update={
        "name": "Carl Chen",
        "email": "carl@vendor.test",
        "time_zone": "America/New_York",
        "side": "internal",
    }
)
FACTS = InternalFacts(
    amounts=[Decimal("120000"), Decimal("10000")],
    health_score=42.0,
    notes=["Champion is unhappy about the pricing change and may escalate to legal"],
    other_accounts=["Globex"],
)
TUESDAY_NOON_UTC = datetime(2025, 3, 4, 12, tzinfo=UTC)


def draft(text: str, recipient: Assignee = CHLOE, **changes) -> NudgeDraft:
    fields = {
        "delivery_key": delivery_key("run_1", "sr_1", recipient.email, "nudge", "w"),
        "kind": DraftKind.nudge,
        "mark": "reminder_half",
        "run_id": "run_1",
        "step_run_ids": ["sr_1"],
        "step_ids": ["onboarding_data"],
        "account_id": 1,
        "account_name": "Acme",
        "title": "Onboarding data",
        "recipient": recipient,
        "due_local": "Thu 06 Mar 15:00 CET",
        "subject": "Reminder: Onboarding data",
        "text": text,
        "html": f"<p>{text}</p>",
    }
    return NudgeDraft(**(fields | changes))


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Your ARR matters to us", "term"),
        ("You pay 120,000 a year", "amount"),
        ("a $10k plan", "amount"),
        ("health is 42 this week", "health"),
        (
            "we know the champion is unhappy about the pricing change and",
            "internal_note",
        ),
        ("like Globex did last year", "other_account"),
    ],
)
def test_every_kind_of_internal_data_is_found_in_the_rendered_text(text, kind):
    assert [leak.kind for leak in find_leaks(text, FACTS)] == [kind]


def test_clean_customer_text_has_no_leaks():
    text = "Please send the onboarding data by Thu 06 Mar 15:00 CET (2 days left)."
    assert find_leaks(text, FACTS) == []


def test_a_leak_to_an_external_recipient_is_blocked_but_not_to_a_colleague():
    leaking = "Acme's ARR is 120,000; please hurry."
    external = check_draft(draft(leaking), **_context())
    internal = check_draft(draft(leaking, CARL), **_context())

    assert external.outcome is Outcome.block
    assert {leak.kind for leak in external.leaks} == {"term", "amount"}
    assert internal.outcome is Outcome.send


def test_a_done_step_gets_no_nudge():
    verdict = check_draft(draft("hi"), **_context(step_status="done"))
    assert (verdict.outcome, verdict.reasons) == (Outcome.drop, ["step is done"])


def test_external_sends_and_escalations_wait_for_approval():
    external = check_draft(draft("hi"), **_context())
    colleague = check_draft(draft("hi", CARL), **_context())
    escalation = check_draft(draft("hi", CARL, kind=DraftKind.escalation), **_context())
    assert (external.needs_approval, colleague.needs_approval) == (True, False)
    assert escalation.needs_approval


def test_quiet_hours_defer_to_the_morning_in_the_recipients_zone():
    late_in_berlin = datetime(2025, 3, 4, 21, 30, tzinfo=UTC)  # 22:30 CET
    later = send_after(late_in_berlin, "Europe/Berlin", 0, DeliveryRules())
    assert later.isoformat() == "2025-03-05T08:00:00+01:00"
    # the same instant is 16:30 in New York: no deferral there
    assert send_after(late_in_berlin, "America/New_York", 0, DeliveryRules()) is None


def test_weekends_defer_to_monday_across_a_dst_change():
    saturday = datetime(2025, 3, 8, 15, tzinfo=UTC)  # US clocks change Sun 9 Mar
    later = send_after(saturday, "America/New_York", 0, DeliveryRules())
    assert later.isoformat() == "2025-03-10T08:00:00-04:00"


def test_the_daily_cap_defers_to_the_next_morning_and_never_drops():
    rules = DeliveryRules(daily_cap=2)
    later = send_after(TUESDAY_NOON_UTC, "Europe/Berlin", 2, rules)
    assert later.isoformat() == "2025-03-05T08:00:00+01:00"
    verdict = check_draft(draft("hi", CARL), **_context(sent_today=5, rules=rules))
    assert verdict.outcome is Outcome.send and verdict.not_before is not None


def test_nudges_owed_by_one_person_are_grouped_and_escalations_stay_alone():
    first = draft("a")
    second = draft("b", step_run_ids=["sr_2"], delivery_key="k2")
    other = draft("c", CARL, delivery_key="k3")
    escalation = draft("d", CARL, kind=DraftKind.escalation, delivery_key="k4")

    groups = group_digests([first, other, second, escalation])

    assert [[d.delivery_key for d in g] for g in groups] == [
        [first.delivery_key, "k2"],
        ["k3"],
        ["k4"],
    ]


def test_the_delivery_key_changes_with_the_due_window_only():
    window = due_window("due", datetime(2025, 3, 6, 14, tzinfo=UTC))
    key = delivery_key("run_1", "sr_1", "Chloe@Acme.test", "nudge", window)
    assert key == delivery_key("run_1", "sr_1", "chloe@acme.test", "nudge", window)
    moved = due_window("due", datetime(2025, 3, 7, 14, tzinfo=UTC))
    assert key != delivery_key("run_1", "sr_1", "chloe@acme.test", "nudge", moved)


def _context(**changes):
    context = {
        "facts": FACTS,
        "step_status": "ready",
        "now": TUESDAY_NOON_UTC,
        "zone": "Europe/Berlin",
        "sent_today": 0,
        "rules": DeliveryRules(),
    }
    return context | changes
