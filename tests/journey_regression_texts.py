"""The breaker's journey descriptions (issue 2) and a few written for csops.

Kept as written, typos included: the regressions read them whole.
"""

TEXTS: dict[str, str] = {
    "offboarding_rambling": (
        "So basically when a customer tells us they are churning, which "
        "honestly happens more than we'd like, the CSM should first of all "
        "try and have a save call, ideally in the next couple days but "
        "definitely within 5 business days, and if that doesn't work out then "
        "they need to let the AE and the CS manager know, and then support "
        "has to export the customer's data for them (we promised this in the "
        "contract, it's 30 days), and then Finance stops the billing at the "
        "end of the term, and IT/Security revokes access within 24 hours "
        "after the contract end date. Oh and if the data export isn't done in "
        "30 days it should go to the Head of Support.\n"
    ),
    "renewal_trigger_line": (
        "Renewal playbook\n"
        "Trigger: 120 days before the contract renewal date.\n"
        "- CSM reviews account health and usage (5 business days)\n"
        "- CSM sends renewal quote to the customer's economic buyer within 2 "
        "days\n"
        "- If no reply in 10 days, CSM escalates to the Account Director\n"
        "- Renewals Manager negotiates terms and gets the order form signed "
        "by 30 days before renewal\n"
        "- Finance issues the invoice within 3 business days of signature\n"
    ),
    "health_turns_red": (
        "Churn-risk escalation: When an account's health score turns red, the "
        "CSM must open a risk ticket by EOD. The CS Manager reviews the risk "
        "plan within 48 hours. If the risk involves a missing feature, the "
        "CSM escalates to Product via a Jira ticket; Product responds within "
        "5 business days. If it's a support issue, the CSM hands off to "
        "Support with the ticket history and Support resolves it within 3 "
        "days. Executive sponsor (VP CS) gets involved if nothing improves in "
        "two weeks.\n"
    ),
    "risk_branches": (
        "Churn-risk escalation: When an account's health score turns red, the "
        "CSM must open a risk ticket by EOD. The CS Manager reviews the risk "
        "plan within 48 hours. If the risk involves a missing feature, the "
        "CSM escalates to Product via a Jira ticket; Product responds within "
        "5 business days. If it's a support issue, the CSM hands off to "
        "Support with the ticket history and Support resolves it within 3 "
        "days. Executive sponsor (VP CS) gets involved if nothing improves in "
        "two weeks.\n"
    ),
    "first_monday": (
        "Renewal risk review — monthly.\n"
        "On the first Monday of every month the CS Ops analyst exports the "
        "renewal pipeline (EOD).\n"
        "The CSM updates the forecast within 2 business days.\n"
        "CS leadership meets to review risks; the meeting must happen within "
        "one week.\n"
        "Any account >$100k ARR at risk gets an exec sponsor assigned within "
        "3 business days by the VP of Customer Success.\n"
        "The weather was nice today.\n"
    ),
    "seat_threshold_typos": (
        "when the custmer hits 90% of licence seats the CSM reaches out to "
        "the champoin within 3 buisness days to discuss expansion. if theres "
        "interest the CSM handsoff to the Account Executve with usage data, "
        "AE must book a call within 2 business days. AE sends proposal ASAP. "
        "Deal desk approves discount within 1 busines day.\n"
    ),
    "nps_arrow": (
        "NPS detractor (score 0-6) -> CSM calls customer within 2 business "
        "days. CSM logs reason in CRM same day. Product gets feedback ticket "
        "within 1 week. CSM follows up in 30 days.\n"
    ),
    "signup_trigger_line": (
        "Self-serve onboarding for SMB:\n"
        "* Trigger: customer completes signup and pays first invoice\n"
        "* Onboarding Specialist sends welcome pack next business day\n"
    ),
    "onboarding_director": (
        "When a new customer signs the contract, the Account Executive hands "
        "off to the Onboarding Manager within 1 business day, passing the "
        "signed order form and the success plan. The Onboarding Manager "
        "schedules a kickoff call within 3 business days. After kickoff, the "
        "Solutions Engineer configures SSO and the data integration within "
        "two weeks. Once configuration is done, the Onboarding Manager runs "
        "admin training within 5 business days. If training hasn't happened "
        "within 10 business days of kickoff, escalate to the Director of "
        "Customer Success.\n"
    ),
    "escalation_email": (
        "Hi team,\n"
        "\n"
        "Quick note on how we want product escalations to work going forward. "
        "When a customer reports a P1 bug, Support triages it within 4 hours. "
        "If it's confirmed as a product defect, Support hands it over to the "
        "Product Manager with the repro steps and logs - PM needs to "
        "acknowledge within 1 business day. Engineering ships a fix or "
        "workaround within 5 business days. The CSM updates the customer EOD "
        "every day until it's resolved. If engineering misses the 5 days, "
        "escalate to the VP of Engineering.\n"
        "\n"
        "Thanks,\n"
        "Dana (CS Ops)\n"
    ),
    "stuck_to_team_lead": (
        "Self-serve onboarding for SMB:\n"
        "* Trigger: customer completes signup and pays first invoice\n"
        "* Onboarding Specialist sends welcome pack next business day\n"
        "* Customer completes setup wizard (we nudge them if not done in 7 "
        "days)\n"
        "* Onboarding Specialist runs a 30-min group webinar within two "
        "weeks\n"
        "* Support answers onboarding tickets within 8 business hours\n"
        "* Escalate anything stuck > 3 days to the Support Team Lead\n"
    ),
    "adoption_conflict": (
        "Adoption playbook. When weekly active users drop below 40% for two "
        "consecutive weeks, the CSM runs an adoption review within 3 business "
        "days. The CSM runs the adoption review within 5 business days. After "
        "the review, the Enablement team delivers a training session within "
        "ten business days. The CSM checks usage again 30 days later. If "
        "usage has not improved, escalate to the CS Manager.\n"
    ),
    "sales_handoff": (
        "When an opportunity is marked Closed Won in Salesforce, the AE hands "
        "the account over to the CSM. The AE fills in the handoff form with "
        "goals, stakeholders and promised features. The CSM reviews the "
        "handoff form and meets with the AE. The CSM then sends a welcome "
        "email to the customer.\n"
    ),
    "qbr_numbered": (
        "QBR process (quarterly, for enterprise accounts):\n"
        "1. Every quarter, 3 weeks before the QBR date, the CSM pulls usage "
        "data and drafts the deck.\n"
        "2. The CS Manager reviews the deck within 3 business days.\n"
        "3. CSM sends the deck to the customer champion 2 days before the "
        "meeting.\n"
        "4. CSM and AE run the QBR meeting.\n"
        "5. CSM sends the recap and action items within 24 hours after the "
        "meeting.\n"
    ),
    "own_words_handoff": (
        "Once the contract is countersigned, the AE hands off to the CSM within "
        "2 business days, passing the Mutual Action Plan and the SOW."
    ),
}
