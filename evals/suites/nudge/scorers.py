"""Checks of the nudge stage's messages against a case: hard gates and the ask.

Every `gate_*` metric is a hard gate (`evals.scoring.GATE_PREFIX`): one failed
check fails the case whatever else scored. The gates:

- recipient: exactly the expected people get a message (none when all is done);
- done: no message names a step that is already done;
- leak: nothing internal (revenue, health, notes, other accounts) in any message
  that can reach an external person, whether it goes out now or after approval;
  a draft the policy blocked reaches nobody and is not a leak;
- due_zone: every due time is rendered in the recipient's zone and names the
  right instant;
- link: a magic link for an external person's customer action, none otherwise;
- quiet_hours: deferred to exactly the expected instant, or not deferred;
- digest: several items owed by one person reach them as one message.

`ask` (soft) is the share of the ask's keywords found in the message.
"""

from __future__ import annotations

from domain.nudges import DraftKind
from domain.workflow import Side
from evals.scoring import Check
from evals.suites.nudge.cases import NudgeCase
from evals.suites.nudge.gates import leaks, rendered_dues, shows_instant
from evals.suites.nudge.pipeline import LINK_BASE, Message

METRICS = (
    "gate_recipient",
    "gate_done",
    "gate_leak",
    "gate_due_zone",
    "gate_link",
    "gate_quiet_hours",
    "gate_digest",
    "ask",
)


def score_nudge(case: NudgeCase, messages: list[Message]) -> list[Check]:
    """Every check of one case; see the module docstring."""
    reaching = [m for m in messages if m.route != "blocked"]
    checks = [_recipients(case, reaching), *_done(case, reaching)]
    for message in reaching:
        checks += _leak(case, message)
        checks += _due_zone(case, message)
        checks += [_link(case, message), _quiet(case, message)]
    checks += _ask(case, reaching)
    if case.expected.digest:
        checks.append(_digest(case, reaching))
    return checks


def _check(metric: str, subject: str, expected, actual, ok: bool) -> Check:
    return Check(
        metric=metric,
        subject=subject,
        expected=str(expected),
        actual=str(actual),
        ok=ok,
    )


def _recipients(case: NudgeCase, messages: list[Message]) -> Check:
    got = sorted({m.draft.address.lower() for m in messages})
    want = sorted(email.lower() for email in case.expected.recipients)
    return _check(
        "gate_recipient",
        "who gets a message",
        want or "nobody",
        got or "nobody",
        got == want,
    )


def _done(case: NudgeCase, messages: list[Message]) -> list[Check]:
    done = [s.title for s in case.steps if s.status in ("done", "cancelled")]
    named = {
        title
        for m in messages
        for title in done
        if title.lower() in (m.draft.subject + m.draft.text).lower()
    }
    return [
        _check(
            "gate_done",
            f"done step {title!r}",
            "not nudged",
            "nudged" if title in named else "not nudged",
            title not in named,
        )
        for title in done
    ]


def _leak(case: NudgeCase, message: Message) -> list[Check]:
    if message.draft.recipient.side is not Side.external:
        return []
    draft = message.draft
    found = leaks("\n".join([draft.subject, draft.text, draft.html]), case.account)
    subject = f"internal data to {draft.address} ({message.route})"
    return [_check("gate_leak", subject, "none", "; ".join(found) or "none", not found)]


def _due_zone(case: NudgeCase, message: Message) -> list[Check]:
    draft = message.draft
    zone = draft.recipient.time_zone or case.calendar_zone
    checks = []
    for step in case.steps:
        if step.due_at is None or step.status in ("done", "cancelled"):
            continue
        if step.title not in draft.text:
            continue
        shown = _due_near(draft.text, step.title)
        ok = any(shows_instant(text, step.due_at, zone) for text in shown)
        expected = f"{step.due_at.isoformat()} in {zone}"
        checks.append(
            _check(
                "gate_due_zone",
                f"due of {step.title!r}",
                expected,
                ", ".join(shown) or "no due time",
                ok,
            )
        )
    return checks


def _due_near(text: str, title: str) -> list[str]:
    """The due times rendered on the lines about `title` (a digest line, or the
    whole single-step message)."""
    lines = [line for line in text.splitlines() if title in line]
    found = [due for line in lines for due in rendered_dues(line)]
    return found or rendered_dues(text)


def _link(case: NudgeCase, message: Message) -> Check:
    draft = message.draft
    has = LINK_BASE in draft.text
    want = draft.recipient.side is Side.external and case.expected.link
    return _check(
        "gate_link",
        f"magic link to {draft.address}",
        "link" if want else "no link",
        "link" if has else "no link",
        has == want,
    )


def _quiet(case: NudgeCase, message: Message) -> Check:
    want = case.expected.deferred_until
    got = message.not_before
    ok = (want is None and got is None) or (
        want is not None and got is not None and want == got
    )
    return _check(
        "gate_quiet_hours",
        f"send time to {message.draft.address}",
        _when(want),
        _when(got),
        ok,
    )


def _when(moment) -> str:
    return moment.isoformat() if moment else "now"


def _digest(case: NudgeCase, messages: list[Message]) -> Check:
    kinds = [m.draft.kind.value for m in messages]
    ok = len(messages) == 1 and messages[0].draft.kind is DraftKind.digest
    return _check(
        "gate_digest",
        "several items, one message",
        "one digest",
        ", ".join(kinds) or "nothing",
        ok,
    )


def _ask(case: NudgeCase, messages: list[Message]) -> list[Check]:
    words = "\n".join(m.draft.subject + "\n" + m.draft.text for m in messages)
    words = words.lower()
    return [
        _check(
            "ask",
            f"ask keyword {keyword!r}",
            keyword,
            "present" if keyword.lower() in words else "missing",
            keyword.lower() in words,
        )
        for keyword in case.expected.ask
    ]
