"""The second breaker's journey descriptions (round 2), copied verbatim.

Keyed by the file name they were written in; tests/test_journey_regressions_round2.py
asserts what the offline engine reads from each.
"""

TEXTS: dict[str, str] = {
    "01_onboard": (
        "When the signed order form lands in Salesforce, the AE hands the "
        "account to the onboarding specialist within 1 business day, along "
        "with the SOW and success criteria. The onboarding specialist "
        "schedules the welcome call with the client within 3 business days. "
        "After the welcome call, the solutions engineer provisions the tenant "
        "within 48 hrs. The client's admin completes SSO setup within a "
        "fortnight. If SSO isn't done after 14 days, escalate to the "
        "onboarding manager. The onboarding specialist signs off go-live "
        "within the first 30 days.\n"
    ),
    "02_partner": (
        "Partner-led implementation. When the partner is assigned in the PRM, "
        "the channel manager briefs the partner's delivery lead within 2 biz "
        "days. The partner's delivery lead runs the implementation kickoff "
        "with the client within 5 business days. The partner configures "
        "integrations within 3 weeks; if they slip, escalate to the channel "
        "manager and then to the VP Partnerships. The CSM reviews the "
        "partner's handover package within 2 business days and takes over "
        "ownership of the account. The CSM holds a 30-day health check.\n"
    ),
    "03_sales_cs": (
        "When an opportunity is marked Closed Won, the AE fills out the "
        "handoff form within 24 hours. RevOps assigns a CSM based on segment "
        "within 1 business day. The AE then hands off to the assigned CSM on a "
        "30-minute internal call by end of week, passing the mutual action "
        "plan and the champion's contact. The CSM sends an intro email to the "
        "client within 1 business day of the call. If no CSM has been assigned "
        "within 2 business days, escalate to the Director of CS.\n"
    ),
    "04_renewal": (
        "120 days before the renewal date, the AM prepares the renewal quote "
        "and submits it to deal desk. Deal desk approves pricing within 3 "
        "business days; discounts over 15% go to the CFO. The AM sends the "
        "quote to the client's procurement team. Procurement returns their "
        "vendor questionnaire; the AM completes it within 5 business days. The "
        "client's legal sends redlines; our legal team reviews redlines within "
        "10 business days. If legal has not responded in 10 business days, "
        "escalate to the General Counsel. The AM collects the signature before "
        "the renewal date. RevOps books the renewal in the CRM within 2 days "
        "of signature.\n"
    ),
    "05_escalation": (
        "When a customer reports a Sev1 product issue to their CSM, the CSM "
        "opens a support ticket within 1 hour and hands the issue to Support. "
        "Support triages within 2 hours. If Support confirms a bug, Support "
        "escalates to Engineering with reproduction steps; Engineering "
        "acknowledges within 4 hours. Engineering ships a fix or workaround "
        "within 48 hrs. If there is no workaround in 48 hrs, page the VP "
        "Engineering. The CSM updates the customer every 24 hours until "
        "resolved. Support closes the ticket once the customer confirms the "
        "fix.\n"
    ),
    "06_qbr": (
        "Every quarter, 3 weeks before the QBR date, the TAM pulls usage data "
        "from the analytics dashboard. The TAM drafts the QBR deck within 5 "
        "business days. The CSM reviews the deck and adds the commercial slide "
        "within 2 biz days. The CSM sends the invite to the customer's exec "
        "sponsor. After the QBR, the CSM sends the recap and action items "
        "within 48 hrs. If the deck is not ready 3 days before the meeting, "
        "escalate to the CS manager.\n"
    ),
    "07_nps": (
        "When a customer submits an NPS score of 6 or below, the CSM calls the "
        "respondent within 2 business days. The CSM logs the root cause in "
        "Gainsight the same day. If the detractor cites product gaps, the CSM "
        "files feedback with the Product Manager, who responds within a "
        "fortnight. Promoters (9-10) get a thank-you email from Marketing "
        "within a week and a referral ask. If a detractor has not been called "
        "in 2 business days, escalate to the Head of CS.\n"
    ),
    "08_offboard": (
        "When the client sends a termination notice, the CSM confirms receipt "
        "within 1 business day and notifies the AM. The AM runs a save call "
        "within 5 business days. If the save fails, the CSE exports the "
        "client's data within 10 business days. Their IT folks confirm the "
        "data has been received. Finance issues the final invoice by end of "
        "month. Security revokes all access within 24 hours of contract end. "
        "If access is not revoked on time, escalate to the CISO.\n"
    ),
    "09_expansion": (
        "When a customer hits 90% of their licensed seats, the CSM qualifies "
        "the expansion opportunity within 5 business days. If qualified, the "
        "CSM hands the opportunity to the AE with usage evidence. The AE sends "
        "a proposal within 3 business days. Deal desk approves non-standard "
        "terms within 2 business days. The AE closes the expansion by end of "
        "quarter. If the proposal hasn't gone out in a week, escalate to the "
        "Sales Manager.\n"
    ),
    "10_rescue": (
        "When the health score drops to red, or weekly active users fall below "
        "20% for two consecutive weeks, the CSM builds an adoption rescue plan "
        "within 3 business days. The CSM's manager approves the plan within 1 "
        "business day. The CSE runs three enablement sessions over the next 30 "
        "days. The CSM re-checks usage after 30 days. If usage has not "
        "recovered, escalate to the VP Customer Success and add the account to "
        "the at-risk review.\n"
    ),
    "11_sponsor": (
        "When we learn that the customer's executive sponsor has left, the CSM "
        "updates the stakeholder map in the CRM within 2 business days. The AM "
        "identifies a new sponsor within 10 business days. Our VP CS sends an "
        "executive intro letter to the new sponsor within a week of "
        "identification. The CSM schedules a re-alignment meeting within 3 "
        "weeks. If no new sponsor is found within 10 business days, escalate "
        "to the CRO.\n"
    ),
    "12_security": (
        "When a customer requests a security review, the CSM logs the request "
        "in the security queue within 1 business day. The Security team sends "
        "the standard package (SOC 2 report, pen test summary) within 2 "
        "business days. For a custom questionnaire, the Security team "
        "completes it within 10 business days; the CSM reviews answers for "
        "tone before it goes out. If the questionnaire is overdue, escalate to "
        "the CISO. The CSM follows up with their IT folks after 5 business "
        "days to confirm acceptance.\n"
    ),
    "13_notrigger": (
        "The CSM gathers the customer's reference-program consent. Marketing "
        "drafts the case study within 3 weeks. The customer's champion "
        "approves the draft within 10 business days. Legal clears the logo "
        "usage within 5 business days. Marketing publishes the case study.\n"
    ),
    "13b": (
        "This starts manually.\n"
        "The CSM gathers the customer's reference-program consent. Marketing "
        "drafts the case study within 3 weeks. The customer's champion "
        "approves the draft within 10 business days. Legal clears the logo "
        "usage within 5 business days. Marketing publishes the case study.\n"
    ),
    "14_email": (
        "Subject: New process for at-risk renewals -- please read\n"
        "\n"
        "Hi team,\n"
        "\n"
        "Starting Monday, here's how we handle any account flagged at-risk 90 "
        "days before renewal. The AM owns the account plan and needs to get it "
        "to me within 48 hrs. Then the TAM does a technical health review "
        "within 3 biz days -- loop in their IT folks if needed. Once the "
        "review is done the AM takes it back and sets up a call with the "
        "client's decision maker by end of week. If the AM can't get the "
        "meeting booked within 10 days, I want to hear about it (escalate to "
        "me, the VP Sales).\n"
        "\n"
        "Thanks,\n"
        "Dana\n"
        "VP Sales\n"
    ),
    "15_confluence": (
        "# Onboarding Runbook — Enterprise Tier\n"
        "\n"
        "## Overview\n"
        "This page describes the enterprise onboarding process. Owner: CS Ops. "
        "Last updated: 2024-03-02.\n"
        "\n"
        "## Trigger\n"
        "* Contract countersigned in DocuSign\n"
        "\n"
        "## Steps\n"
        "1. Kickoff\n"
        "   * The CSM sends the welcome pack within 1 business day\n"
        "     * Includes: kickoff deck, onboarding checklist\n"
        "   * CSM runs kickoff call within 5 business days\n"
        "2. Technical setup\n"
        "   * TAM configures SSO with the client's IT team\n"
        "     * SLA: 2 weeks\n"
        "     * Escalation: Director of Technical Services\n"
        "   * TAM loads historical data within 10 business days\n"
        "3. Training\n"
        "   * CSE delivers admin training within the first 30 days\n"
        "\n"
        "## Escalations\n"
        "| Situation | Escalate to |\n"
        "|---|---|\n"
        "| Kickoff not held in 5 business days | CS Manager |\n"
    ),
}
