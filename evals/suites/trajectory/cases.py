"""The trajectory case: a brief request and the tool calls it should lead to.

`mode` says how the calls made are held against the expected ones:

- strict: the same calls, in the same order, and no others;
- unordered: the same calls in any order, and no others;
- subset: every expected call is made; other calls are allowed.

Each expected call names its tool and, per argument, one matcher: `exact` (equal),
`any` (present, any value), `regex` (a full match of the value as text) or
`contains` (a case-insensitive substring of the value as text). Arguments not
named are not checked.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from domain.brief import BriefKind
from evals.cases import Case
from evals.suites.brief.fixture import AccountFixture

MatchMode = Literal["strict", "unordered", "subset"]
MATCHERS = ("exact", "any", "regex", "contains")


class ArgumentMatcher(BaseModel):
    """Exactly one of: exact, any, regex, contains."""

    model_config = ConfigDict(extra="forbid")

    exact: Any = None
    any: bool = False
    regex: str | None = None
    contains: str | None = None

    @model_validator(mode="after")
    def _one_matcher(self) -> ArgumentMatcher:
        chosen = [name for name in MATCHERS if name in self.model_fields_set]
        if len(chosen) != 1:
            raise ValueError(f"name exactly one matcher of {', '.join(MATCHERS)}")
        if self.regex is not None:
            _compiled(self.regex)
        return self

    def matches(self, present: bool, value: Any) -> bool:
        if not present:
            return False
        if "exact" in self.model_fields_set:
            return value == self.exact
        if self.any:
            return True
        if self.regex is not None:
            return re.fullmatch(self.regex, str(value)) is not None
        return str(self.contains).lower() in str(value).lower()

    def __str__(self) -> str:
        name = next(n for n in MATCHERS if n in self.model_fields_set)
        return "any" if name == "any" else f"{name} {getattr(self, name)!r}"


def _compiled(pattern: str) -> re.Pattern:
    try:
        return re.compile(pattern)
    except re.error as error:
        raise ValueError(f"not a regular expression: {pattern!r} ({error})") from None


class ExpectedCall(BaseModel):
    model_config = ConfigDict(extra="forbid")

    tool: str
    args: dict[str, ArgumentMatcher] = Field(default_factory=dict)

    def __str__(self) -> str:
        args = ", ".join(f"{k}={v}" for k, v in self.args.items())
        return f"{self.tool}({args})"


class ToolCall(BaseModel):
    """One tool call the model made."""

    tool: str
    args: dict[str, Any] = Field(default_factory=dict)

    def __str__(self) -> str:
        args = ", ".join(f"{k}={v!r}" for k, v in self.args.items())
        return f"{self.tool}({args})"


class TrajectoryCase(Case):
    """A brief request on the OpenAI path and the calls it should make."""

    kind: BriefKind
    as_of: date
    fixture: AccountFixture
    mode: MatchMode
    calls: list[ExpectedCall] = Field(min_length=1)
