"""What people say in the demo book: NPS comments, call summaries, emails, QBR notes.

Texts are `string.Template`s filled with the account's own people, plan and numbers.
Two notes are planted on purpose for briefs to catch: a champion change (the CRM's
contact list lags behind it) and, on one at-risk account, a note saying the customer
will not renew while its subscription is still set to auto-renew.
"""

from __future__ import annotations

NPS_COMMENTS = {
    "promoter": (
        "The $feature dashboards replaced three spreadsheets for us. $csm is great.",
        "Support answers fast and actually fixes things. Would recommend.",
        "Rollout to the $region team went smoothly; the workflows save us hours.",
        "Solid product, fair price. Keep the API stable and we are happy.",
        "",
    ),
    "passive": (
        "Does the job, but reporting is clunky and exports time out now and then.",
        "Good core product. SSO setup was painful and took weeks.",
        "Fine for now; we are waiting for multi-currency reporting.",
        "",
    ),
    "detractor": (
        "Too many outages this quarter. Our team has lost trust in the data.",
        "We were promised SCIM provisioning months ago and it still is not there.",
        "API rate limits make our nightly sync fail. We are evaluating $competitor.",
        "Invoices have been wrong twice. Billing support is slow to respond.",
        "Too many clicks for simple tasks; my team avoids using it.",
    ),
}
COMPETITORS = ("Gainsight", "ChurnZero", "Totango", "Vitally", "Planhat")

CALL_SUMMARIES = (
    (
        "Monthly check-in with $champion",
        "Reviewed adoption: $feature usage is up and the $region team is onboarded. "
        "$champion asked about the roadmap for bulk edit. Next step: send release "
        "notes by Friday.",
    ),
    (
        "Check-in: open support issues",
        "Walked through $open_tickets open tickets with $champion. The export "
        "timeouts are the biggest pain; engineering has a fix scheduled. Agreed to a "
        "follow-up in two weeks.",
    ),
    (
        "Call with $admin about SSO rollout",
        "$admin is moving everyone to SSO by month end. Needs the SCIM token "
        "regenerated and a test tenant. I opened a ticket on their behalf.",
    ),
    (
        "Adoption review",
        "Only $active_share of licensed seats were active last month. $champion "
        "thinks the $region team never got trained. Offered two training sessions.",
    ),
    (
        "Escalation call about data sync",
        "Tense call with $sponsor: their integration failed for three days and "
        "orders went out late. They want a written root-cause analysis and a credit. "
        "Escalated to $manager.",
    ),
    (
        "Expansion discovery",
        "$champion wants to add a new team of about $seats users next quarter. "
        "Budget is approved in principle; procurement needs a quote with the "
        "current discount.",
    ),
    (
        "Renewal prep call",
        "Renewal is on $renewal. $champion is positive but $billing flagged that "
        "finance will push for a lower per-seat price. Prepare a value summary.",
    ),
)
EMAILS = (
    ("Follow-up: training sessions", "Hi $champion, as promised here are two slots "
     "for the $region training next week. Let me know which works. - $csm"),
    ("Your renewal on $renewal", "Hi $billing, a heads-up that your $plan "
     "subscription renews on $renewal. Happy to walk through the order form."),
    ("Re: export timeouts", "Engineering shipped a fix for large CSV exports "
     "today. Could your team retry the 12-month export and confirm?"),
    ("Intro: your new CSM", "Hi $champion, I am taking over from my colleague as "
     "your CSM. I have read the account history and would love 30 minutes."),
)  # fmt: skip
QBR_NOTES = (
    "QBR with $sponsor and $champion. Goals for next half: roll out to $region and "
    "cut handling time by 15%. Wins: $feature adoption up, P1 tickets down. Risks: "
    "SSO rollout slipping. Action: roadmap session with product next month.",
    "QBR: usage is flat, $sponsor questioned value versus cost. Agreed success "
    "plan: weekly active seats above 70% by renewal. $champion owns internal "
    "training.",
    "QBR held remotely. $sponsor happy with support; wants quarterly roadmap "
    "briefings as promised at signing. Expansion to a second business unit is "
    "possible after renewal.",
)
CHAMPION_CHANGE = (
    "Champion change",
    "$former_champion left $company on $left_on. $champion is the new champion and "
    "has not used the product much yet. The CRM still lists $former_champion; "
    "schedule an onboarding session for $champion and re-confirm the exec sponsor.",
)
NON_RENEWAL_NOTE = (
    "Customer says they will not renew",
    "On today's call $sponsor said plainly they will not renew on $renewal and have "
    "signed a pilot with $competitor. Procurement will send a written notice. The "
    "subscription in the CRM is still set to auto-renew; do not rely on it.",
)
