"""Regressions from the second breaker report on the offline journey engine.

Each test names the defect it pins (P0-1..P3) and asserts whole structures: owners
with their provenance, SLAs, escalation ladders and the trigger. Sentences written
for csops come first; the tester's own descriptions (tests/journey_round2_texts.py)
pin the same rules on the text that broke them.
"""

from __future__ import annotations

import pytest

from agents.journey import design_offline, refine_offline
from agents.journey.actors import role_for
from domain.design import DesignInputError, DesignResult
from tests.journey_round2_texts import TEXTS
from tests.test_cli_design import JOURNEY, cli  # noqa: F401 (the cli fixture)


def _design(name_or_text: str) -> DesignResult:
    return design_offline(TEXTS.get(name_or_text, name_or_text))


def _owners(result: DesignResult) -> list[tuple[str, str | None, str, str | None]]:
    """(id, owner, owner provenance, SLA as 'duration/provenance') of every step."""
    return [
        (
            s.id,
            s.owner,
            s.owner_provenance,
            f"{s.sla.duration}/{s.sla.provenance}" if s.sla else None,
        )
        for s in result.workflow.steps
    ]


def _rungs(result: DesignResult, step_id: str) -> list[tuple[str, str, str]]:
    step = result.workflow.step(step_id)
    return [(str(r.after), r.to_role, r.provenance) for r in step.escalation]


def _trigger(result: DesignResult) -> tuple:
    trigger = result.workflow.trigger
    detail = trigger.days_before or trigger.threshold or trigger.schedule
    return (trigger.kind.value, detail, trigger.provenance)


def _questions(result: DesignResult) -> str:
    return " | ".join(q.question for q in result.questions)


def test_p0_1_a_refinement_sets_the_trigger() -> None:
    base = _design("13_notrigger").workflow
    for sentence, expected in (
        ("This starts manually", ("manual", None, "stated")),
        ("Trigger: manual", ("manual", None, "stated")),
        ("when a deal closes", ("closed_won", None, "stated")),
        ("every quarter", ("schedule", "quarterly", "stated")),
    ):
        refined = refine_offline(base, sentence)
        assert _trigger(refined) == expected
        assert [s.id for s in refined.workflow.steps] == [s.id for s in base.steps]


def test_p0_2_zero_negative_and_absurd_durations_are_asked_not_crashed() -> None:
    result = _design(
        "The CSM runs the kickoff within 0 days. The AE sends the recap within -3 "
        "business days. Support closes the ticket within 5000 years."
    )
    assert [(o[0], o[3]) for o in _owners(result)] == [
        ("run_kickoff", "5 business days/assumed"),
        ("send_recap", "3 business days/assumed"),
        ("close_ticket", "3 business days/assumed"),
    ]
    asked = _questions(result)
    for phrase in ("'0 days'", "'-3 business days'", "'5000 years'"):
        assert f"{phrase} is not a usable time" in asked
    escalation = _design(
        "The CSM runs the kickoff. Escalate to the VP CS after 0 hours."
    )
    assert _rungs(escalation, "run_kickoff") == [("1 business day", "vp_cs", "assumed")]
    with pytest.raises(DesignInputError, match=r"'0 hours' .* is not a usable time"):
        refine_offline(_design("01_onboard").workflow, "within 0 hours")


def test_p0_3_the_owner_is_the_subject_and_their_people_are_external() -> None:
    result = _design(
        "RevOps assigns an account manager within 1 business day. The customer's "
        "finance team sends the dispute form within 5 business days. Their legal "
        "team reviews the amendment within 10 business days. The channel manager "
        "briefs the partner's project lead within 2 biz days."
    )
    assert _owners(result) == [
        ("assign_account_manager", "revops", "stated", "1 business day/stated"),
        ("send_dispute_form", "customer_finance", "stated", "5 business days/stated"),
        ("review_amendment", "customer_legal", "stated", "10 business days/stated"),
        (
            "brief_partner_project_lead",
            "channel_manager",
            "stated",
            "2 business days/stated",
        ),
    ]
    assert role_for("customer_legal").side.value == "external"
    assert role_for("channel_manager").side.value == "internal"


def test_p0_3_unknown_titles_are_their_own_roles() -> None:
    result = _design(
        "The CSM drafts the renewal plan within 5 business days. If the plan slips, "
        "escalate to the CRO and then to the General Counsel."
    )
    assert _rungs(result, "draft_renewal_plan") == [
        ("1 business day", "cro", "stated"),
        ("1 business day", "general_counsel", "stated"),
    ]
    assert role_for("vp_partnerships").side.value == "internal"


def test_p0_3_tester_owners_and_targets() -> None:
    offboard, renewal = _design("08_offboard"), _design("04_renewal")
    assert ("export_client_data", "cse", "stated", "10 business days/stated") in (
        _owners(offboard)
    )
    assert _rungs(offboard, "revoke_all_access") == [
        ("1 business day", "ciso", "stated")
    ]
    assert ("send_redlines", "customer_legal", "stated", "5 business days/assumed") in (
        _owners(renewal)
    )
    assert _rungs(renewal, "review_redlines") == [
        ("10 business days", "general_counsel", "stated")
    ]
    assert _rungs(_design("11_sponsor"), "identify_new_sponsor") == [
        ("10 business days", "cro", "stated")
    ]


def test_p0_4_cs_vocabulary() -> None:
    result = _design(
        "The TAM runs the technical kickoff within 3 business days. The CSE builds "
        "the integration within a fortnight. Marketing publishes the case study by "
        "end of week. The CSM signs off go-live within the first 30 days."
    )
    assert _owners(result) == [
        ("run_technical_kickoff", "tam", "stated", "3 business days/stated"),
        ("build_integration", "cse", "stated", "14 days/stated"),
        ("publish_case_study", "marketing", "stated", "5 business days/stated"),
        ("sign_off_go_live", "csm", "stated", "30 days/stated"),
    ]
    assert result.workflow.step("sign_off_go_live").sla.anchor.value == "run_start"
    assert "is due by the end of the week" in _questions(result)


def test_p1_5_if_escalate_is_a_rung_on_the_guarded_step() -> None:
    paged = _design(
        "The AE sends the order form within 1 business day. The AE books the "
        "signing call. If there is no order form in 3 days, page the VP Partnerships."
    )
    assert [s.id for s in paged.workflow.steps] == [
        "send_order_form",
        "book_signing_call",
    ]
    assert _rungs(paged, "send_order_form") == [("3 days", "vp_partnerships", "stated")]
    me = _design(
        "The AM sends the quote within 2 days. If the AM can't get the quote out "
        "within 4 days, escalate to me, the Chief Revenue Officer."
    )
    assert _rungs(me, "send_quote") == [("4 days", "cro", "stated")]
    partner = _design("02_partner")
    assert _rungs(partner, "configure_integrations") == [
        ("1 business day", "channel_manager", "stated"),
        ("1 business day", "vp_partnerships", "stated"),
    ]
    assert _rungs(_design("05_escalation"), "ship_fix_or_workaround") == [
        ("48 hours", "vp_engineering", "stated")
    ]


def test_p1_6_a_refinement_that_changes_nothing_is_an_error() -> None:
    base = _design("01_onboard").workflow
    with pytest.raises(DesignInputError, match="matched step 'Complete SSO setup' but"):
        refine_offline(
            base, "The client's admin completes SSO setup within a fortnight."
        )
    with pytest.raises(DesignInputError, match="changed nothing: the trigger"):
        refine_offline(base, "when a deal closes")
    refined = refine_offline(base, "Remove the provision tenant step.").workflow
    assert [(s.id, s.depends_on) for s in refined.steps][1:3] == [
        ("schedule_welcome_call", ["hand_account_to_onboarding_specialist"]),
        ("complete_sso_setup", ["schedule_welcome_call"]),
    ]
    with pytest.raises(DesignInputError, match="names no step to remove"):
        refine_offline(base, "Remove the invoicing step")


@pytest.mark.parametrize(
    ("name", "trigger", "first_step"),
    [
        (
            "01_onboard",
            ("closed_won", None, "stated"),
            "hand_account_to_onboarding_specialist",
        ),
        ("02_partner", ("manual", None, "stated"), "brief_partner_delivery_lead"),
        ("08_offboard", ("manual", None, "stated"), "confirm_receipt_and_notify_am"),
        ("11_sponsor", ("manual", None, "stated"), "update_stakeholder_map_in_crm"),
        ("12_security", ("manual", None, "stated"), "log_request_in_security_queue"),
        ("13b", ("manual", None, "stated"), "gather_customer_reference_program"),
        ("15_confluence", ("closed_won", None, "stated"), "send_welcome_pack"),
    ],
)
def test_p1_7_trigger_sentences_are_the_trigger(name, trigger, first_step) -> None:
    result = _design(name)
    assert _trigger(result) == trigger
    assert result.workflow.steps[0].id == first_step


def test_p1_7_an_unknown_event_is_asked_about_once() -> None:
    result = _design(
        "When the procurement portal flags a vendor, the CSM collects the documents "
        "within 3 business days."
    )
    assert _trigger(result) == ("manual", None, "stated")
    assert _questions(result).count("csops cannot watch for 'the procurement") == 1


def test_p1_8_stated_handoff_context_and_relative_work() -> None:
    handoff = _design("03_sales_cs").workflow.step(
        "hand_off_to_assigned_csm_on_30_minute"
    )
    assert handoff.handoff.model_dump() == {
        "from_role": "ae",
        "to_role": "csm",
        "context": ["mutual action plan", "champion's contact"],
        "provenance": "stated",
    }
    result = _design(
        "The CSM shares the plan with the General Counsel, who replies within 3 "
        "business days."
    )
    assert _owners(result) == [
        ("reply", "general_counsel", "stated", "3 business days/stated")
    ]
    step = result.workflow.steps[0]
    assert (step.handoff.from_role, step.handoff.to_role) == ("csm", "general_counsel")


def test_p2_9_a_pasted_runbook_keeps_only_the_work() -> None:
    result = _design("15_confluence")
    assert _owners(result) == [
        ("send_welcome_pack", "csm", "stated", "1 business day/stated"),
        ("run_kickoff_call", "csm", "stated", "5 business days/stated"),
        ("configure_sso", "tam", "stated", "2 weeks/stated"),
        ("load_historical_data", "tam", "stated", "10 business days/stated"),
        ("deliver_admin_training", "cse", "stated", "30 days/stated"),
    ]
    assert _rungs(result, "configure_sso") == [
        ("1 business day", "director_of_technical_services", "stated")
    ]
    assert _rungs(result, "run_kickoff_call") == [
        ("5 business days", "cs_manager", "stated")
    ]
    assert "could not place" not in _questions(result)


def test_p2_10_a_condition_is_not_a_step_and_every_actor_works() -> None:
    escalation = _design("05_escalation")
    assert "confirm_bug" not in [s.id for s in escalation.workflow.steps]
    assert "runs only if support confirms a bug" in _questions(escalation)
    qbr = _design("06_qbr")
    assert _owners(qbr)[0][:3] == (
        "pull_usage_data_from_analytics_dashboard",
        "tam",
        "stated",
    )


def test_p2_11_metrics_are_not_recurrence_and_every_24_hours_is_daily() -> None:
    rescue = _design("10_rescue")
    assert [s.recurrence for s in rescue.workflow.steps] == [None, None, None, None]
    escalation = _design("05_escalation")
    assert escalation.workflow.step("update_customer").recurrence == "daily"


def test_p3_titles_name_the_thing_and_metadata_is_not_a_name() -> None:
    renewal = _design("04_renewal")
    assert "complete_vendor_questionnaire" in [s.id for s in renewal.workflow.steps]
    manual = _design("13b")
    assert manual.workflow.name != "This starts manually"
    assert manual.workflow.journey.value != "offboarding"
    email = _design("14_email")
    assert "could not place: 'Subject" not in _questions(email)


@pytest.mark.parametrize("answer", ["accept", "OK", "yes"])
def test_review_accepts_a_typed_accept(cli, answer) -> None:  # noqa: F811
    result = cli("design", JOURNEY, "--review", input=f"{answer}\n")
    assert result.exit_code == 0, result.output
    assert "saved draft " in result.stderr
    assert "change not applied" not in result.stdout


def test_review_abandoned_at_end_of_input_exits_2(cli) -> None:  # noqa: F811
    result = cli("design", JOURNEY, "--review", input="Finance owns the kickoff step\n")
    assert result.exit_code == 2
    assert "review abandoned; nothing was saved" in result.stderr
