"""Versioned JSONL datasets: one case per line, loaded without ever crashing.

Every suite's case is a pydantic model with an `id` and `tags` (the slices it is
reported under, e.g. `style:bullets`, `journey:renewal`). A line that is not JSON,
or does not fit the suite's case model, becomes a `MalformedCase` with its line
number and reason; the run reports it as "could not score" and goes on.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Generic, TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError


class Case(BaseModel):
    """The part every suite's case shares."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(min_length=1, max_length=80)
    tags: list[str] = Field(
        default_factory=list, description="Slices, e.g. 'style:bullets'."
    )


CaseT = TypeVar("CaseT", bound=Case)


class MalformedCase(BaseModel):
    """A dataset line that could not become a case."""

    dataset: str
    line: int
    case_id: str | None = Field(description="The line's id, when it had one.")
    reason: str


class Dataset(BaseModel, Generic[CaseT]):
    """One JSONL file: its cases, its malformed lines and its content hash."""

    name: str = Field(description="File name, e.g. 'design.v1.jsonl'.")
    split: str = Field(description="'core' or 'heldout'; reported separately.")
    sha256: str
    cases: list[CaseT]
    malformed: list[MalformedCase]


class DatasetMissingError(FileNotFoundError):
    """A dataset file named by a suite does not exist."""


def load_dataset(path: Path, case_model: type[CaseT], split: str) -> Dataset[CaseT]:
    """Read a JSONL dataset; bad lines are collected, never raised.

    Raises:
        DatasetMissingError: the file does not exist.
    """
    if not path.is_file():
        raise DatasetMissingError(f"dataset {path} does not exist")
    raw = path.read_bytes()
    cases: list[CaseT] = []
    malformed: list[MalformedCase] = []
    seen: set[str] = set()
    for number, line in enumerate(raw.decode("utf-8", "replace").splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("//"):
            continue
        parsed = _parse_line(path.name, number, line, case_model, seen)
        if isinstance(parsed, MalformedCase):
            malformed.append(parsed)
        else:
            seen.add(parsed.id)
            cases.append(parsed)
    return Dataset[case_model](
        name=path.name,
        split=split,
        sha256=hashlib.sha256(raw).hexdigest(),
        cases=cases,
        malformed=malformed,
    )


def _parse_line(
    dataset: str, number: int, line: str, case_model: type[CaseT], seen: set[str]
) -> CaseT | MalformedCase:
    try:
        document = json.loads(line)
    except json.JSONDecodeError as error:
        return MalformedCase(
            dataset=dataset, line=number, case_id=None, reason=f"not JSON: {error}"
        )
    case_id = document.get("id") if isinstance(document, dict) else None
    case_id = case_id if isinstance(case_id, str) else None
    try:
        case = case_model.model_validate(document)
    except ValidationError as error:
        return MalformedCase(
            dataset=dataset, line=number, case_id=case_id, reason=_first_error(error)
        )
    if case.id in seen:
        return MalformedCase(
            dataset=dataset, line=number, case_id=case.id, reason="duplicate case id"
        )
    return case


def _first_error(error: ValidationError) -> str:
    first = error.errors()[0]
    where = ".".join(str(part) for part in first["loc"]) or "top level"
    more = f" (and {error.error_count() - 1} more)" if error.error_count() > 1 else ""
    return f"off the case schema at {where}: {first['msg']}{more}"
