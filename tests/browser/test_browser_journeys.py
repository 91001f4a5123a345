"""Work the inbox, follow a brief's citation, complete a customer's magic-link step:
in headless Chromium."""

from __future__ import annotations

from datetime import date

from playwright.sync_api import expect

from tests.browser.conftest import PHONE
from tests.nudge_support import outbox
from tests.page_seed import customer_link, inbox_nudge, step_status
from tools.demo_data import write_demo_data

AS_OF = date(2026, 3, 2)


def test_approve_an_inbox_item(live_server, open_page, screenshot):
    database = live_server.services.database
    item_id = inbox_nudge(database)
    page = open_page()
    page.goto(f"{live_server.url}/inbox")
    item = page.locator(f"#{item_id}")
    expect(item.get_by_test_id("recipient")).to_contain_text("chloe@acme.test")
    expect(item.get_by_test_id("recipient")).to_contain_text("their local time")
    assert outbox(database) == []
    screenshot(page, "inbox")

    item.get_by_test_id("approve").click()

    expect(page.get_by_role("status")).to_have_text(f"Item {item_id} approved.")
    expect(page.get_by_test_id("outcome")).to_have_text("approve")
    expect(page.get_by_test_id("queued")).to_contain_text("chloe@acme.test")
    expect(page.get_by_test_id("inbox-empty")).to_be_visible()
    [row] = outbox(database)
    assert (row.inbox_item_id, row.recipient, row.status) == (
        item_id,
        "chloe@acme.test",
        "queued",
    )
    screenshot(page, "inbox-approved")


def test_complete_a_magic_link_step_on_a_phone(live_server, open_page, screenshot):
    services = live_server.services
    link = customer_link(services.database, services.magic_links)
    page = open_page(PHONE, is_mobile=True, has_touch=True, device_scale_factor=2)

    page.goto(f"{live_server.url}{link.path}")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Fill in onboarding questionnaire"
    )
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert step_status(services.database, link.step_run_id) == "ready"
    screenshot(page, "magic-link-phone")

    page.get_by_label("Your answer").fill("40 users, SSO through Okta, go-live 1 May")
    page.get_by_role("button", name="Send").click()

    expect(page.get_by_test_id("done")).to_be_visible()
    assert step_status(services.database, link.step_run_id) == "done"
    screenshot(page, "magic-link-done")

    page.goto(f"{live_server.url}{link.path}")
    expect(page.get_by_test_id("problem")).to_contain_text("nothing more is needed")
    screenshot(page, "magic-link-used")


def test_a_brief_claim_opens_the_record_it_cites(live_server, open_page, screenshot):
    write_demo_data(live_server.services.database, accounts=3, seed=7, as_of=AS_OF)
    page = open_page()
    page.goto(f"{live_server.url}/accounts")
    screenshot(page, "accounts")

    account = page.locator("table a").filter(has_not_text="Acme").first
    page.goto(f"{live_server.url}{account.get_attribute('href')}?as_of={AS_OF}")
    expect(page.get_by_test_id("brief")).to_be_visible()
    screenshot(page, "account-brief")

    cite = page.locator("a.cite").first
    href = cite.get_attribute("href")
    cite.click()

    page.wait_for_url(f"**{href}")
    expect(page.get_by_test_id("record")).to_be_visible()
    screenshot(page, "record")
