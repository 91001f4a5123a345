"""Regressions for breaker report 4: health data is internal (C3), customers read
the step and the ask only (C4), staff never see a working link (C5), and a link
minted under a simulated future time is not expired (D4)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from agents.nudge.customer_view import AskPlace, customer_ask, customer_step_text
from domain.nudge_policy import InternalFacts, find_leaks
from domain.workflow import CustomerAction
from tools.inbox.masking import ATTACHED, mask_links
from tools.magic_links import InMemoryLinkLedger, MagicLinks

SECRET = "k3y-for-tests-only-0123456789-abcdefghijklmnop"


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Hi Dana, Ticket load is 0/100 for you", ["ticket load", "0/100"]),
        ("Your usage trend dipped", ["usage trend"]),
        ("Sentiment looks good", ["sentiment"]),
        ("renewal proximity is high", ["renewal proximity"]),
        ("two escalations this month", ["escalations"]),
        ("your account health is fine", ["account health"]),
        ("you are at risk", ["at risk"]),
        ("band: watch", ["band: watch"]),
    ],
)
def test_health_components_and_bands_are_internal(text, found):
    assert [leak.found for leak in find_leaks(text, InternalFacts())] == found


def test_a_plain_customer_ask_is_clean():
    text = "Please send the onboarding data by Thu 06 Mar (Acme Health onboarding)."
    assert find_leaks(text, InternalFacts()) == []


class _Step:
    title = "Onboarding questionnaire"
    customer_action = CustomerAction.submit_data
    required_inputs = ("admin email",)
    instructions = "The customer's admin fills in the questionnaire within 5 days."


def test_the_customer_reads_the_title_and_the_ask_only():
    assert customer_step_text(_Step()) == (
        "Onboarding questionnaire: please fill in the form below "
        "(have ready: admin email)."
    )


@pytest.mark.parametrize(
    ("place", "ask"),
    [
        (AskPlace.page, "fill in the form below"),
        (AskPlace.link, "fill in the form on the page"),
        (AskPlace.reply, "reply to this message with the details"),
    ],
)
def test_the_ask_says_where_the_reader_does_the_step(place, ask):
    """Regression: the link page itself said "on the page"."""
    assert customer_ask(CustomerAction.submit_data, place=place) == ask


def test_the_inbox_shows_a_masked_link():
    token = "eyJzdGVwIjoic3JfMSJ9.Z8cVcA.jmjO3PH70EkUTXC49rv9uVz3oid4WKHFabcd"
    shown = mask_links(f"Do it here: https://csops.test/l/{token}\n")
    assert shown == "Do it here: https://csops.test/l/…abcd\n"
    assert ATTACHED == "(link attached, single use)"


def test_a_link_signed_in_the_simulated_future_is_not_expired():
    future = datetime.now(UTC) + timedelta(days=30)
    minted = MagicLinks(
        SECRET,
        base_url="https://csops.test/l",
        ledger=InMemoryLinkLedger(),
        clock=lambda: future,
    )
    token, _ = minted.issue_link(
        step_run_id="sr_1", recipient="chloe@acme.test", action=CustomerAction.approve
    )
    page = MagicLinks(SECRET, base_url="https://csops.test/l", ledger=minted.ledger)
    assert page.verify(token).step_run_id == "sr_1"
