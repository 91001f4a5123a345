"""Comparing two runs: per slice and figure, what moved, and whether they compare."""

from __future__ import annotations

from pydantic import BaseModel

from evals.baseline import figures
from evals.results import RunResult
from evals.summary import summarize


class Delta(BaseModel):
    suite: str
    split: str
    slice: str
    figure: str
    before: float | None
    after: float | None

    @property
    def change(self) -> float | None:
        if self.before is None or self.after is None:
            return None
        return self.after - self.before


def deltas(before: RunResult, after: RunResult) -> list[Delta]:
    """Every figure of every slice present in either run, in the later run's order."""
    old = {s.key: figures(s) for s in summarize(before)}
    new = {s.key: figures(s) for s in summarize(after)}
    keys = list(dict.fromkeys([*new, *old]))
    found = []
    for key in keys:
        names = dict.fromkeys([*new.get(key, {}), *old.get(key, {})])
        found += [
            Delta(
                suite=key[0],
                split=key[1],
                slice=key[2],
                figure=name,
                before=old.get(key, {}).get(name),
                after=new.get(key, {}).get(name),
            )
            for name in names
        ]
    return found


def caveats(before: RunResult, after: RunResult) -> list[str]:
    """Why the two runs may not measure the same thing."""
    a, b = before.manifest, after.manifest
    notes = []
    if a.mode != b.mode:
        notes.append(f"modes differ ({a.mode} vs {b.mode})")
    if "replay" in (a.mode, b.mode):
        notes.append("a replay scores its recordings, not a model's quality")
    if a.model_id != b.model_id:
        notes.append(f"models differ ({a.model_id} vs {b.model_id})")
    hashes = {(d.suite, d.split): d.sha256 for d in a.datasets}
    changed = [
        f"{d.suite}/{d.name}"
        for d in b.datasets
        if hashes.get((d.suite, d.split), d.sha256) != d.sha256
    ]
    if changed:
        notes.append(f"datasets changed: {', '.join(changed)}")
    if a.prompt_sha256 != b.prompt_sha256:
        notes.append("prompts changed")
    return notes
