"""The design and workflow pages over TestClient: design, edit, refine, publish."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from domain.design import DesignResult
from domain.workflow import Workflow
from tests.page_seed import ONBOARDING, SAME_SITE, page_app
from tests.workflow_factory import step, workflow


@pytest.fixture
def client(tmp_path):
    with TestClient(page_app(tmp_path), headers=SAME_SITE) as client:
        yield client


def designed(client) -> str:
    """Design the onboarding example through the page; the version's URL."""
    response = client.post(
        "/design", data={"description": ONBOARDING}, follow_redirects=False
    )
    assert response.status_code == 303
    return response.headers["location"]


def stored(client, ref: str) -> Workflow:
    return client.app.state.services.store.get(ref).result.workflow


def test_home_redirects_to_the_design_page(client):
    response = client.get("/", follow_redirects=False)

    assert (response.status_code, response.headers["location"]) == (303, "/design")


def test_design_page_shows_the_prompt_and_the_vendored_scripts(client):
    page = client.get("/design")

    assert page.status_code == 200
    assert 'name="description"' in page.text
    assert "No workflows yet" in page.text
    assert "/static/vendor/mermaid.min.js" in page.text
    assert "/static/vendor/htmx.min.js" in page.text
    assert "cdn" not in page.text.lower()
    assert client.get("/static/vendor/mermaid.min.js").status_code == 200


def test_design_saves_a_draft_and_shows_diagram_steps_and_assumptions(client):
    location = designed(client)

    page = client.get(location)

    workflow_id = location.removeprefix("/workflows/").split("@")[0]
    assert location == f"/workflows/{workflow_id}@1"
    assert page.status_code == 200
    assert '<pre class="mermaid">flowchart TD' in page.text
    for saved_step in stored(client, location.split("/")[-1]).steps:
        assert f'id="step-{saved_step.id}"' in page.text
    assert "Assumptions" in page.text and "template default" in page.text
    assert ">draft</span>" in page.text


def test_an_empty_description_is_refused_with_the_fix(client):
    page = client.post("/design", data={"description": "   "})

    assert page.status_code == 422
    assert "the journey description is empty" in page.text


def test_journey_text_is_escaped(client):
    page = client.post("/design", data={"description": "<script>alert(1)</script>"})

    assert "<script>alert(1)</script>" not in page.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page.text


def test_editing_an_owner_and_sla_creates_the_next_version_with_a_diff(client):
    ref = designed(client).split("/")[-1]
    kickoff = stored(client, ref).step("run_kickoff_call")
    other = next(r.id for r in stored(client, ref).roles if r.id != kickoff.owner)

    response = client.post(
        f"/workflows/{ref}/steps/run_kickoff_call",
        data={
            "owner": other,
            "sla_amount": "4",
            "sla_unit": "days",
            "sla_business": "1",
        },
        follow_redirects=False,
    )

    workflow_id = ref.split("@")[0]
    assert response.headers["location"] == f"/workflows/{workflow_id}@2?since=1"
    edited = stored(client, f"{workflow_id}@2").step("run_kickoff_call")
    assert (edited.owner, edited.owner_provenance) == (other, "stated")
    assert (str(edited.sla.duration), edited.sla.provenance) == (
        "4 business days",
        "stated",
    )
    page = client.get(response.headers["location"])
    assert "Changes from v1 to v2" in page.text
    assert "sla: 10 business days -&gt; 4 business days" in page.text


@pytest.mark.parametrize(
    ("form", "message"),
    [
        ({"owner": "nobody_here"}, "owner &#39;nobody_here&#39; is not a role"),
        ({"sla_amount": "-2"}, "SLA -2 days is not a duration"),
    ],
)
def test_a_bad_edit_is_refused_and_saves_nothing(client, form, message):
    ref = designed(client).split("/")[-1]
    owner = stored(client, ref).step("run_kickoff_call").owner
    data = {"owner": owner, "sla_amount": "10", "sla_unit": "days", **form}

    page = client.post(f"/workflows/{ref}/steps/run_kickoff_call", data=data)

    assert page.status_code == 422
    assert message in page.text
    assert client.app.state.services.store.list()[0].latest_version == 1


def test_continue_with_this_flow_refines_into_a_new_version(client):
    ref = designed(client).split("/")[-1]

    response = client.post(
        f"/workflows/{ref}/refine",
        data={"instruction": "The kickoff call is due within 5 business days"},
    )

    assert response.status_code == 200
    assert "Changes from v1 to v2" in response.text
    assert "run_kickoff_call" in response.text
    assert str(
        stored(client, ref.split("@")[0]).step("run_kickoff_call").sla.duration
    ) == ("5 business days")


def test_publish_marks_the_version_published(client):
    ref = designed(client).split("/")[-1]

    page = client.post(f"/workflows/{ref}/publish")

    assert page.status_code == 200
    assert re.search(r'data-testid="status">published<', page.text)
    assert client.app.state.services.store.list()[0].published_version == 1


def test_publish_is_refused_with_the_lint_findings(client):
    store = client.app.state.services.store
    broken = workflow(step("kickoff", owner=None))
    ref = store.save_draft(DesignResult(workflow=broken, engine="offline"), "test")

    page = client.post(f"/workflows/{ref}/publish")

    assert page.status_code == 409
    assert "Publishing refused" in page.text
    assert "step &#39;kickoff&#39; has no owner" in page.text
    assert store.list()[0].published_version is None


def test_an_unknown_workflow_is_a_404_page(client):
    page = client.get("/workflows/no-such-flow")

    assert page.status_code == 404
    assert "unknown workflow &#39;no-such-flow&#39;" in page.text
