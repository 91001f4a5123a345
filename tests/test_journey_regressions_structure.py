"""Regressions from the breaker report (issue 2): structure, markup, refinement.

Steps that are not steps, handoffs that are not handoffs, SLAs in odd spellings,
branches and cycles, markup and tables, ids, refinement and the custom-journey
trigger. Each test names its defect (B7..B15, C1, C6, D3, NUL).
"""

from __future__ import annotations

import pytest

from agents.journey import design_offline, refine_offline, repair_workflow
from domain.lint import lint_workflow
from tests.journey_regression_texts import TEXTS


def _steps(text: str) -> list[tuple[str, str | None, str | None]]:
    result = design_offline(TEXTS.get(text, text))
    return [
        (s.id, s.owner, str(s.sla.duration) if s.sla else None)
        for s in result.workflow.steps
    ]


def _questions(text: str) -> str:
    return " | ".join(q.question for q in design_offline(text).questions)


def test_b7_greetings_asides_and_sla_sentences_are_not_steps() -> None:
    email = design_offline(TEXTS["escalation_email"])
    assert [s.id for s in email.workflow.steps][:2] == [
        "triage_it",
        "hand_it_over_to_product_manager",
    ]
    assert "could not place: 'Quick note on how" in _questions(
        TEXTS["escalation_email"]
    )
    text = (
        "CS leadership meets to review risks; the meeting must happen within one "
        "week. There is no SLA for this step and no escalation."
    )
    assert _steps(text) == [("meet_to_review_risks", "cs_leadership", "1 week")]
    assert "could not place: 'There is no SLA" in _questions(text)


def test_b7_b8_the_subject_stays_with_its_verb_and_sending_is_no_handoff() -> None:
    result = design_offline(TEXTS["sales_handoff"])
    handoffs = {s.id: s.handoff for s in result.workflow.steps if s.handoff}
    assert list(handoffs) == ["hand_account_over_to_csm"]
    assert [(s.id, s.owner, s.owner_provenance) for s in result.workflow.steps] == [
        ("hand_account_over_to_csm", "ae", "stated"),
        ("fill_in_handoff_form", "ae", "stated"),
        ("review_handoff_form_and_meet_with_ae", "csm", "stated"),
        ("send_welcome_email_to_customer", "csm", "stated"),
    ]


def test_b8_a_handoff_form_is_the_handoff_when_nothing_else_transfers() -> None:
    result = design_offline("The AE fills in the handoff form within 2 business days.")
    handoff = result.workflow.steps[0].handoff
    assert (handoff.from_role, handoff.to_role) == ("ae", "csm")


@pytest.mark.parametrize(
    ("text", "sla"),
    [
        ("The CSM must open a risk ticket by EOD.", "1 business day"),
        ("The CS Ops analyst exports the pipeline (EOD).", "1 business day"),
        ("The AE sends the proposal ASAP.", "4 business hours"),
        ("The CSM reaches out to the champoin within 3 buisness days.",
         "3 business days"),
        ("Deal desk approves the discount within 1 busines day.", "1 business day"),
    ],
)  # fmt: skip
def test_b9_sla_spellings(text: str, sla: str) -> None:
    result = design_offline(text)
    step = result.workflow.steps[0]
    assert (str(step.sla.duration), step.sla.provenance) == (sla, "stated")
    assert "buisness" not in step.title and "busines " not in step.title


def test_b9_asap_and_unknown_anchors_are_asked_about() -> None:
    assert "is due 'ASAP': read as 4 business hours" in _questions(
        "The AE sends the proposal ASAP."
    )
    asked = _questions(TEXTS["qbr_numbered"])
    assert "the deadline '3 weeks before the QBR date'" in asked
    assert "the deadline '2 days before the meeting'" in asked


def test_b9_an_escalation_without_a_delay_is_assumed() -> None:
    result = design_offline(TEXTS["adoption_conflict"])
    step = result.workflow.step("check_usage_again_later")
    assert [(r.to_role, r.provenance) for r in step.escalation] == [
        ("cs_manager", "assumed")
    ]
    assert any(
        a.step_id == step.id and a.field == "escalation" for a in result.assumptions
    )


def test_b10_branches_run_beside_each_other_and_are_asked_about() -> None:
    result = design_offline(TEXTS["risk_branches"])
    depends = {s.id: s.depends_on for s in result.workflow.steps}
    assert depends["escalate_to_product"] == ["review_risk_plan"]
    assert depends["hand_off_to_support"] == ["review_risk_plan"]
    assert depends["resolve_ticket"] == ["hand_off_to_support"]  # round 2 (P3)
    asked = " | ".join(q.question for q in result.questions)
    assert "runs only if the risk involves a missing feature" in asked


def test_b10_a_stated_cycle_is_kept_for_lint_and_asked_about() -> None:
    text = (
        "After the training, the CSM runs the kickoff. After the kickoff, the CSM "
        "runs the training."
    )
    result = design_offline(text)
    assert "dependency-cycle" in [f.rule for f in result.lint]
    assert "'Run kickoff' waits for 'Run training'" in _questions(text)


def test_b10_co_owners_and_parenthesised_reminders_are_kept() -> None:
    assert "names more than one owner (csm, ae)" in _questions(
        "CSM and AE run the QBR meeting."
    )
    text = "- Customer completes setup wizard (we nudge them if not done in 7 days)"
    assert _steps(text) == [("complete_setup_wizard", "customer", "7 days")]


@pytest.mark.parametrize(
    "text",
    [
        "The CSM sends the [bold red]welcome[/] email within 2 business days.",
        "The CSM sends the {name} welcome email within 2 business days.",
        "The CSM sends the {{first_name}} welcome email within 2 business days.",
        "<p><b>The CSM</b> sends the welcome email within 2 business days.</p>"
        "<script>alert(1)</script>",
    ],
)
def test_b11_markup_is_stripped_and_the_sentence_kept(text: str) -> None:
    steps = _steps(text)
    assert [(owner, sla) for _, owner, sla in steps] == [("csm", "2 business days")]
    assert steps[0][0].startswith("send") and "welcome" in steps[0][0]


def test_b12_markdown_table_rows_are_steps() -> None:
    table = (
        "| Step | Owner | SLA |\n|------|-------|-----|\n"
        "| Kickoff call | CSM | 3 business days |\n"
        "| Send invoice | Finance | 2 business days |\n"
    )
    assert _steps(table) == [
        ("kickoff_call", "csm", "3 business days"),
        ("send_invoice", "finance", "2 business days"),
    ]


def test_b13_numbered_bullets_stay_apart_and_duplicates_are_asked_about() -> None:
    bullets = "\n".join(
        f"- the CSM sends the welcome email number {n} within 1 business day"
        for n in range(3)
    )
    assert len(_steps(bullets)) == 3
    twice = "The CSM calls the customer within 2 business days.\n" * 2
    assert len(_steps(twice)) == 1
    assert "is written twice; kept one step" in _questions(twice)


def test_b14_ids_end_at_a_word_and_titles_hold_no_sla() -> None:
    result = design_offline(TEXTS["onboarding_director"])
    ids = [s.id for s in result.workflow.steps]
    assert ids[0] == "hand_off_to_onboarding_manager"
    renewal = design_offline(TEXTS["renewal_trigger_line"])
    assert renewal.workflow.steps[1].id == "send_renewal_quote_to_customer_economic"
    for step in renewal.workflow.steps:
        assert "days" not in step.title


def test_b15_c1_refinement_removes_an_owner_and_keeps_assumptions() -> None:
    base = design_offline(TEXTS["nps_arrow"]).workflow
    refined = refine_offline(base, "remove the owner of Call customer")
    step = refined.workflow.step("call_customer")
    assert (step.owner, step.owner_provenance) == ("csm", "assumed")
    again = refine_offline(refined.workflow, "Call customer should take 3 days")
    assert again.workflow.step("call_customer").owner == "csm"
    kept = {(a.step_id, a.field) for a in again.assumptions}
    assert ("call_customer", "owner") in kept
    assert ("log_reason_in_crm", "escalation") in kept
    assert ("call_customer", "sla") not in kept


def test_c6_template_roles_are_one_assumption() -> None:
    result = design_offline(TEXTS["adoption_conflict"])
    roles = [a for a in result.assumptions if a.field in ("role", "roles")]
    assert [(a.field, a.value) for a in roles] == [("roles", "vp_cs")]


def test_d3_a_custom_journey_without_a_trigger_cannot_publish() -> None:
    result = design_offline("The CSM calls the customer within 2 business days.")
    assert result.workflow.trigger is None
    assert [f.rule for f in result.lint] == ["no-trigger"]
    repaired, _, _ = repair_workflow(result.workflow, result.lint)
    assert repaired.trigger is None
    assert "no-trigger" in [f.rule for f in lint_workflow(repaired)]


def test_nul_and_control_characters_are_stripped() -> None:
    result = design_offline(
        "The CSM calls the customer\x00 within 2 business\x07 days."
    )
    step = result.workflow.steps[0]
    assert "\x00" not in step.instructions + step.source_text + step.title
    assert str(step.sla.duration) == "2 business days"


@pytest.mark.parametrize(
    "text",
    [
        "The SE hands the technical notes to the CSM within 2 business days. The SE "
        "technical handoff is due within 1 business day.",
        "- AE hands off to CSM within 2 business days.\n- Per the sales playbook the "
        "AE handoff is due within 5 business days.",
        "The AE sends the renewal quote within 10 business days. Note: the renewal "
        "quote must go out within 3 business days so procurement has time.",
        "- CSM builds the QBR deck within 5 business days\n- CSM builds the QBR deck "
        "within 10 business days for accounts over $100k",
    ],
)
def test_eval_view_restated_deadlines_are_flagged_as_conflicts(text: str) -> None:
    result = design_offline(text)
    assert "two SLAs given for" in _questions(text)
    assert not [s for s in result.workflow.steps if s.title.endswith(" is")]


def test_escalate_if_not_is_a_rung_not_a_step() -> None:
    text = (
        "The champion returns the signed quote within 20 business days; escalate "
        "to the CS manager if not."
    )
    assert [s[0] for s in _steps(text)] == ["return_signed_quote"]
    step = design_offline(text).workflow.steps[0]
    assert [(r.to_role, r.provenance) for r in step.escalation] == [
        ("cs_manager", "stated")
    ]
