"""Type a journey, see it drawn, edit an owner, publish: in headless Chromium."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import expect

JOURNEY = (Path(__file__).parents[2] / "examples/journeys/onboarding.txt").read_text()


def test_design_a_journey_and_publish(live_server, open_page, screenshot):
    page = open_page()
    page.goto(f"{live_server.url}/design")
    screenshot(page, "design-empty")

    page.get_by_label("Journey description").fill(JOURNEY)
    page.get_by_role("button", name="Design workflow").click()

    expect(page.locator('[data-testid="diagram"] svg')).to_be_visible()
    expect(page.get_by_test_id("status")).to_have_text("draft")
    (saved,) = live_server.services.store.list()
    steps = live_server.services.store.get(saved.workflow_id).result.workflow.steps
    rows = page.get_by_test_id("steps").locator("tbody tr")
    expect(rows).to_have_count(len(steps))
    expect(rows.first).to_contain_text(steps[0].title)
    screenshot(page, "workflow-draft")

    page.get_by_test_id("publish").click()

    expect(page.get_by_test_id("status")).to_have_text("published")
    expect(page.locator('[data-testid="diagram"] svg')).to_be_visible()
    screenshot(page, "workflow-published")
