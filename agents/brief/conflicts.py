"""Sources that disagree, found so a brief shows both instead of picking one.

Three disagreements are looked for, each a pattern seen in real books:

- the CRM flags the account churned while a subscription is still open (RavenStack
  ships 110 such accounts);
- a churn event is recorded while a subscription that began before it is still open;
- a note or call says something a CRM field contradicts: the customer will not renew
  while the subscription auto-renews, or a contact has left while the CRM still
  lists them in their role.

Notes are matched with phrase patterns, not read for meaning, so a reworded
non-renewal ("we are moving to another vendor") is missed; an NLI model over note
sentences against CRM fields would catch those.
"""

from __future__ import annotations

import re

from agents.brief.evidence import Dossier, has_left
from agents.brief.wording import claim, day, quote, sentences_with
from domain.brief import Conflict

NON_RENEWAL = re.compile(
    r"will not renew|won't renew|not renewing|do not plan to renew|intend to cancel",
    re.IGNORECASE,
)
LEFT_PHRASES = (" left ", " has left", " no longer ")
SECTION = "conflicts"


def find_conflicts(d: Dossier) -> list[Conflict]:
    """Every disagreement between the dossier's sources."""
    return [
        *_churn_flag_vs_subscription(d),
        *_churn_event_vs_subscription(d),
        *_non_renewal_note_vs_auto_renew(d),
        *_departure_note_vs_contact(d),
    ]


def _churn_flag_vs_subscription(d: Dossier) -> list[Conflict]:
    still_open = d.open_subscriptions
    if not d.account.churned or not still_open:
        return []
    subscription = d.renewal or still_open[0]
    left = claim(
        SECTION,
        f"The CRM flags {d.account.name} as churned.",
        d.of("account", d.account.id),
    )
    right = claim(
        SECTION,
        f"Subscription {subscription.source_id} ({subscription.plan}) is still open, "
        f"started {day(subscription.start_date)}.",
        d.of("subscription", subscription.id),
    )
    return [Conflict(topic="churn status", left=left, right=right)]


def _churn_event_vs_subscription(d: Dossier) -> list[Conflict]:
    events = [e for e in d.churn if not e.is_reactivation and e.churned_on]
    if not events:
        return []
    event = events[0]
    older = [
        s
        for s in d.open_subscriptions
        if s.start_date and s.start_date <= event.churned_on
    ]
    if not older:
        return []
    reason = f" (reason: {event.reason_code})" if event.reason_code else ""
    left = claim(
        SECTION,
        f"Churn event {event.source_id} recorded on {day(event.churned_on)}{reason}.",
        d.of("churn_event", event.id),
    )
    right = claim(
        SECTION,
        f"Subscription {older[0].source_id} started {day(older[0].start_date)} "
        "is still open.",
        d.of("subscription", older[0].id),
    )
    return [Conflict(topic="churn event", left=left, right=right)]


def non_renewal_statement(d: Dossier):
    """The newest note or call where the customer says they will not renew."""
    for activity in d.activities:
        said = [
            s for s in sentences_with(activity.body, "renew") if NON_RENEWAL.search(s)
        ]
        if said:
            return activity, said[0]
    return None


def _non_renewal_note_vs_auto_renew(d: Dossier) -> list[Conflict]:
    renewing = d.renewal
    if renewing is None or not renewing.auto_renew:
        return []
    stated = non_renewal_statement(d)
    if stated:
        activity, sentence = stated
        note = d.of(activity.kind.value, activity.id)
        words = quote(sentence, limit=220)
        left = claim(
            SECTION,
            f"{activity.kind.value.capitalize()} on {day(activity.occurred_at)}: "
            f"{words}",
            note,
        )
        right = claim(
            SECTION,
            f"Subscription {renewing.source_id} is set to auto-renew on "
            f"{day(renewing.renewal_date)}.",
            d.of("subscription", renewing.id),
        )
        return [Conflict(topic="renewal intent", left=left, right=right)]
    return []


def _departure_note_vs_contact(d: Dossier) -> list[Conflict]:
    listed = [c for c in d.contacts if not has_left(c) and c.role != "user"]
    conflicts = []
    for activity in d.activities:
        text = f" {activity.body or ''} "
        for contact in listed:
            said = [
                s
                for s in sentences_with(text, contact.name.lower())
                if any(p in f" {s} " for p in LEFT_PHRASES)
            ]
            if said and not any(c.topic.endswith(contact.name) for c in conflicts):
                conflicts.append(_departure(d, activity, contact, said[0]))
    return conflicts


def _departure(d: Dossier, activity, contact, sentence: str) -> Conflict:
    left = claim(
        SECTION,
        f"{activity.kind.value.capitalize()} on {day(activity.occurred_at)}: "
        f"{quote(sentence, limit=220)}",
        d.of(activity.kind.value, activity.id),
    )
    role = contact.role.value.replace("_", " ")
    right = claim(
        SECTION,
        f"The CRM still lists {contact.name} as {role}.",
        d.of("contact", contact.id),
    )
    return Conflict(topic=f"contact status of {contact.name}", left=left, right=right)
