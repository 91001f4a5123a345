"""The brief case: an account fixture, a kind of brief, and what the brief must say.

Facts and forbidden claims are matched on claim text, case-insensitively: a fact is
stated when some kept claim holds every string of `all` and at least one of `any`.
A forbidden pattern is a regular expression no kept claim may match (an invented
figure, "auto-renews" for a contract that does not). Stale and conflict flags name
the claims and conflicts the brief must mark, matched the same way.
"""

from __future__ import annotations

import re
from datetime import date

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from domain.brief import BriefKind
from evals.cases import Case
from evals.suites.brief.fixture import AccountFixture


class TextMatch(BaseModel):
    """Keywords one piece of brief text must hold."""

    model_config = ConfigDict(extra="forbid")

    all: list[str] = Field(default_factory=list, description="Every one must appear.")
    any: list[str] = Field(default_factory=list, description="One of them must.")

    @model_validator(mode="after")
    def _not_empty(self) -> TextMatch:
        if not self.all and not self.any:
            raise ValueError("a match needs 'all' or 'any' keywords")
        return self

    def matches(self, text: str) -> bool:
        lowered = text.lower()
        has_all = all(word.lower() in lowered for word in self.all)
        return has_all and (not self.any or any(w.lower() in lowered for w in self.any))

    def __str__(self) -> str:
        parts = [" + ".join(self.all)] if self.all else []
        parts += [f"one of ({' | '.join(self.any)})"] if self.any else []
        return " and ".join(parts)


class StaleFlags(BaseModel):
    """Claims that must be marked stale, claims that must not, and the footer count."""

    model_config = ConfigDict(extra="forbid")

    stale: list[TextMatch] = Field(default_factory=list)
    fresh: list[TextMatch] = Field(default_factory=list)
    count: int | None = Field(None, ge=0, description="The footer's stale count.")


class ConflictFlags(BaseModel):
    """Conflicts the brief must show (matched on topic and both sides) and how many."""

    model_config = ConfigDict(extra="forbid")

    expected: list[TextMatch] = Field(default_factory=list)
    count: int | None = Field(None, ge=0)


class BriefExpected(BaseModel):
    model_config = ConfigDict(extra="forbid")

    facts: list[TextMatch] = Field(default_factory=list)
    forbidden: list[str] = Field(
        default_factory=list, description="Regexes no kept claim may match."
    )
    stale: StaleFlags = Field(default_factory=StaleFlags)
    conflicts: ConflictFlags = Field(default_factory=ConflictFlags)

    @field_validator("forbidden")
    @classmethod
    def _compiles(cls, patterns: list[str]) -> list[str]:
        for pattern in patterns:
            try:
                re.compile(pattern)
            except re.error as error:
                raise ValueError(f"not a regular expression: {pattern!r}") from error
        return patterns


class BriefCase(Case):
    """One account fixture briefed as of one day."""

    kind: BriefKind
    as_of: date
    fixture: AccountFixture
    expected: BriefExpected

    @model_validator(mode="after")
    def _named_account(self) -> BriefCase:
        if not self.fixture.source_id or not self.fixture.account.get("name"):
            raise ValueError("fixture.account needs 'source_id' and 'name'")
        return self
