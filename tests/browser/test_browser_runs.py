"""A new user's first run: design a journey, publish it, start a run for a demo
account from the page, read the run, then the account and its brief."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from playwright.sync_api import expect

from tools.demo_data import write_demo_data

JOURNEY = (Path(__file__).parents[2] / "examples/journeys/onboarding.txt").read_text()
AS_OF = date(2026, 3, 2)


def test_design_publish_start_a_run_and_read_the_account(
    live_server, open_page, screenshot
):
    write_demo_data(live_server.services.database, accounts=3, seed=7, as_of=AS_OF)
    page = open_page()
    page.goto(f"{live_server.url}/design")
    page.get_by_label("Journey description").fill(JOURNEY)
    page.get_by_role("button", name="Design workflow").click()
    expect(page.get_by_test_id("status")).to_have_text("draft")
    page.get_by_test_id("publish").click()
    expect(page.get_by_test_id("status")).to_have_text("published")
    screenshot(page, "run-1-workflow-published")

    account = page.get_by_label("Account", exact=True)
    name = account.locator("option").first.inner_text()
    account.select_option(label=name)
    page.get_by_role("button", name="Start run").click()

    expect(page.get_by_test_id("run-status")).to_have_text("open")
    expect(page.get_by_role("heading", level=1)).to_contain_text(name)
    expect(page.get_by_test_id("run-steps")).to_contain_text("Hand off account")
    expect(page.get_by_test_id("timeline")).to_contain_text("run started")
    screenshot(page, "run-2-run-page")

    page.get_by_test_id("complete-hand_off_account_to_csm").click()
    expect(page.get_by_test_id("timeline")).to_contain_text("step done")
    screenshot(page, "run-3-step-completed")

    page.get_by_role("link", name="account", exact=True).click()
    expect(page.get_by_test_id("brief")).to_be_visible()
    expect(page.get_by_test_id("account-runs")).to_contain_text("customer-onboarding")
    screenshot(page, "run-4-account-brief")

    page.get_by_role("link", name="Runs", exact=True).click()
    expect(page.get_by_test_id("runs")).to_contain_text(name)
    screenshot(page, "run-5-open-runs")
