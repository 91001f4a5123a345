"""Magic links: scope, expiry, revocation, single use and GET-only mail scanners."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

import pytest

from domain.workflow import CustomerAction
from tools.magic_links import (
    InMemoryLinkLedger,
    LinkAlreadyUsed,
    LinkConfigError,
    LinkExpired,
    LinkInvalid,
    LinkRevoked,
    LinkSecretError,
    LinkState,
    MagicLinks,
    check_link_secret,
)

SECRET = "kX3v9Qp2LmZt7RwB4nYc8HdJ6sFa1GeU0oIq5TrV"
NEXT_SECRET = "Vb7Nw2Qe9Lk4Zp1Xr6Tm3Yc8Hs5Fd0GjUoIaKeRt"
STEP_RUN = "sr_onboarding_42_kickoff"
ANA = "ana.silva@northwind.example"


class FakeClock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = datetime(2026, 3, 2, 9, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **span: float) -> None:
        self.now += timedelta(**span)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def ledger() -> InMemoryLinkLedger:
    return InMemoryLinkLedger()


@pytest.fixture
def links(clock, ledger) -> MagicLinks:
    return MagicLinks(
        SECRET,
        base_url="https://cs.northwind-vendor.example/links/",
        ledger=ledger,
        max_age=timedelta(days=7),
        clock=clock,
    )


def issue(links: MagicLinks, action=CustomerAction.upload, **scope) -> str:
    scope = {"step_run_id": STEP_RUN, "recipient": ANA, **scope}
    token, _ = links.issue_link(action=action, **scope)
    return token


def test_round_trip(links, clock):
    token, url = links.issue_link(
        step_run_id=STEP_RUN,
        recipient="  Ana.Silva@Northwind.example ",
        action="approve",
    )

    claim = links.verify(token, step_run_id=STEP_RUN, recipient=ANA)

    assert url == f"https://cs.northwind-vendor.example/links/{token}"
    assert claim.model_dump(exclude={"link_id"}) == {
        "step_run_id": STEP_RUN,
        "recipient": ANA,
        "action": CustomerAction.approve,
        "issued_at": clock.now,
        "expires_at": clock.now + timedelta(days=7),
    }
    assert len(claim.link_id) >= 20
    assert links.redeem(token, action="approve") == claim


def test_every_link_gets_its_own_id(links):
    first, second = issue(links), issue(links)

    assert first != second
    assert links.verify(first).link_id != links.verify(second).link_id


@pytest.mark.parametrize(
    "tamper",
    [
        lambda token: token[:-2] + ("AA" if token[-2:] != "AA" else "BB"),
        lambda token: token.replace(".", ".x", 1),
        lambda token: token[: len(token) // 2],
        lambda token: "",
        lambda token: "not-a-token",
    ],
)
def test_tampered_tokens_are_invalid(links, tamper):
    token = issue(links)

    with pytest.raises(LinkInvalid) as raised:
        links.verify(tamper(token))

    assert str(raised.value) == (
        "This link is not valid; it may be incomplete. "
        "Ask your customer success manager for a new link."
    )


def test_token_signed_with_another_secret_is_invalid(links, clock, ledger):
    stranger = MagicLinks(
        NEXT_SECRET, base_url="https://evil.example", ledger=ledger, clock=clock
    )

    with pytest.raises(LinkInvalid, match="not valid"):
        links.verify(issue(stranger))


@pytest.mark.parametrize(
    ("scope", "detail"),
    [
        ({"step_run_id": "sr_other"}, f"link is for step run {STEP_RUN}"),
        ({"recipient": "mallory@northwind.example"}, "link is for another recipient"),
        ({"action": CustomerAction.approve}, "link is for action upload"),
    ],
)
def test_wrong_scope_is_invalid_and_consumes_nothing(links, ledger, scope, detail):
    token = issue(links)

    with pytest.raises(LinkInvalid) as raised:
        links.redeem(token, **scope)

    assert raised.value.detail == detail
    assert ledger.state(raised.value.link_id) is LinkState.active
    links.redeem(token, step_run_id=STEP_RUN)


def test_link_expires_after_max_age(links, clock):
    token = issue(links)

    clock.advance(days=7)
    links.verify(token)
    clock.advance(seconds=1)

    with pytest.raises(LinkExpired) as raised:
        links.verify(token)
    assert str(raised.value) == (
        "This link has expired. Ask your customer success manager for a new link."
    )
    with pytest.raises(LinkExpired):
        links.redeem(token)


def test_revoked_link_is_refused(links, ledger, clock):
    token = issue(links)
    ledger.revoke(links.verify(token).link_id, clock.now)

    with pytest.raises(LinkRevoked, match="withdrawn because the request changed"):
        links.verify(token)
    with pytest.raises(LinkRevoked):
        links.redeem(token)


def test_revoking_a_step_run_withdraws_its_unused_links_only(links, ledger, clock):
    used, pending = issue(links), issue(links)
    other_step = issue(links, step_run_id="sr_other")
    links.redeem(used)

    assert ledger.revoke_step_run(STEP_RUN, clock.now) == 1

    with pytest.raises(LinkAlreadyUsed):
        links.verify(used)
    with pytest.raises(LinkRevoked):
        links.verify(pending)
    links.verify(other_step)


def test_link_is_single_use(links):
    token = issue(links)
    links.redeem(token)

    with pytest.raises(LinkAlreadyUsed) as raised:
        links.redeem(token)

    assert str(raised.value).startswith("This link was already used")


def test_mail_scanner_gets_do_not_use_up_the_link(links):
    """A scanner follows the GET twice; the person's POST still commits, once."""
    token = issue(links, action=CustomerAction.confirm_date)

    scanned = [links.verify(token, step_run_id=STEP_RUN) for _ in range(2)]
    committed = links.redeem(token, step_run_id=STEP_RUN)

    assert scanned == [committed, committed]
    with pytest.raises(LinkAlreadyUsed):
        links.redeem(token, step_run_id=STEP_RUN)
    with pytest.raises(LinkAlreadyUsed):
        links.verify(token)


def test_concurrent_redeems_commit_exactly_once(links):
    token = issue(links)
    outcomes: list[str] = []
    start = threading.Barrier(8)

    def post() -> None:
        start.wait()
        try:
            links.redeem(token)
            outcomes.append("committed")
        except LinkAlreadyUsed:
            outcomes.append("already used")

    threads = [threading.Thread(target=post) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == ["already used"] * 7 + ["committed"]


def test_signed_token_missing_from_the_ledger_is_invalid(links, clock):
    forged_elsewhere = MagicLinks(
        SECRET, base_url="https://x.example", ledger=InMemoryLinkLedger(), clock=clock
    )

    with pytest.raises(LinkInvalid) as raised:
        links.verify(issue(forged_elsewhere))

    assert raised.value.detail == "link was never recorded in the ledger"


def test_rotated_secret_still_verifies_old_links(links, clock, ledger):
    old_token = issue(links)
    rotated = MagicLinks(
        NEXT_SECRET,
        base_url="https://cs.northwind-vendor.example/links",
        ledger=ledger,
        previous_secrets=[SECRET],
        clock=clock,
    )

    assert rotated.redeem(old_token).recipient == ANA
    with pytest.raises(LinkInvalid):
        links.verify(issue(rotated))


@pytest.mark.parametrize(
    "secret",
    [
        "Zq81-kW",
        "changeme-changeme-changeme-changeme",
        "your-link-secret-goes-here-0123456789",
        "a" * 64,
        "placeholder" + "0123456789abcdefghijklmnop",
    ],
)
def test_weak_secrets_are_refused_with_the_fix(secret):
    with pytest.raises(LinkSecretError, match="set CSOPS_LINK_SECRET") as raised:
        MagicLinks(secret, base_url="https://x.example", ledger=InMemoryLinkLedger())

    assert secret not in str(raised.value)
    assert check_link_secret(SECRET) == SECRET


@pytest.mark.parametrize(
    "base_url",
    [
        "http://cs.example.com/links",
        "ftp://cs.example.com",
        "https://cs.example.com/links?t=1",
        "/links",
    ],
)
def test_unsafe_base_urls_are_refused(base_url):
    with pytest.raises(LinkConfigError, match="https page URL"):
        MagicLinks(SECRET, base_url=base_url, ledger=InMemoryLinkLedger())


def test_demo_may_use_http_on_localhost(ledger):
    links = MagicLinks(SECRET, base_url="http://127.0.0.1:8000/links", ledger=ledger)

    _, url = links.issue_link(step_run_id="sr_1", recipient=ANA, action="acknowledge")

    assert url.startswith("http://127.0.0.1:8000/links/")


def test_recipient_must_be_an_email(links):
    with pytest.raises(LinkConfigError, match="not an email address"):
        issue(links, recipient="Ana Silva")
