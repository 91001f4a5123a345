"""Holding the calls a model made against the expected ones, as checks.

Metrics:

- calls_made: each expected call has a made call of its tool at its place (strict:
  the same position; otherwise any call not already paired).
- arguments_matched: of the expected calls made, those whose arguments match.
- no_unexpected_calls: strict and unordered only; each made call left unpaired
  fails, and a trajectory without one gets a single passing check.
- trajectory_match: one check per case, true when everything above holds.
"""

from __future__ import annotations

from evals.scoring import Check
from evals.suites.trajectory.cases import ExpectedCall, MatchMode, ToolCall

METRICS = (
    "calls_made",
    "arguments_matched",
    "no_unexpected_calls",
    "trajectory_match",
)


def arguments_match(expected: ExpectedCall, made: ToolCall) -> bool:
    """Every named argument of `expected` matches the made call's value."""
    return all(
        matcher.matches(name in made.args, made.args.get(name))
        for name, matcher in expected.args.items()
    )


def pair_calls(
    expected: list[ExpectedCall], made: list[ToolCall], mode: MatchMode
) -> list[int | None]:
    """For each expected call, the index of the made call paired with it, or None."""
    if mode == "strict":
        return [
            i if i < len(made) and made[i].tool == want.tool else None
            for i, want in enumerate(expected)
        ]
    free = list(range(len(made)))
    pairs: list[int | None] = []
    for want in expected:
        same_tool = [i for i in free if made[i].tool == want.tool]
        exact = [i for i in same_tool if arguments_match(want, made[i])]
        chosen = (exact or same_tool or [None])[0]
        if chosen is not None:
            free.remove(chosen)
        pairs.append(chosen)
    return pairs


def score_calls(
    expected: list[ExpectedCall], made: list[ToolCall], mode: MatchMode
) -> list[Check]:
    """Every check of the made calls against the expected ones."""
    pairs = pair_calls(expected, made, mode)
    checks = []
    for want, index in zip(expected, pairs, strict=True):
        got = made[index] if index is not None else None
        checks.append(_made_check(want, got, index, mode))
        if got is not None:
            ok = arguments_match(want, got)
            checks.append(_check("arguments_matched", str(want), str(got), ok))
    if mode != "subset":
        checks += _unexpected_checks(made, {i for i in pairs if i is not None})
    ok = all(check.ok for check in checks)
    summary = " -> ".join(str(call) for call in made) or "no calls"
    checks.append(_check("trajectory_match", f"{mode} trajectory", summary, ok))
    return checks


def _made_check(want, got, index, mode) -> Check:
    place = f" at call {index + 1}" if index is not None and mode == "strict" else ""
    actual = f"{got}{place}" if got is not None else "not made"
    return _check("calls_made", str(want), actual, got is not None)


def _unexpected_checks(made: list[ToolCall], paired: set[int]) -> list[Check]:
    extra = [call for i, call in enumerate(made) if i not in paired]
    if not extra:
        return [_check("no_unexpected_calls", "other calls", "none", True)]
    return [
        _check("no_unexpected_calls", str(call), "unexpected", False) for call in extra
    ]


def _check(metric: str, subject: str, actual: str, ok: bool) -> Check:
    expected = "made" if metric == "calls_made" else "match"
    if metric == "no_unexpected_calls":
        expected = "no other call"
    return Check(
        metric=metric, subject=subject, expected=expected, actual=actual, ok=ok
    )
