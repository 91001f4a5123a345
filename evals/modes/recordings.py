"""Recorded model exchanges: the JSONL format, reading, and writing with keys stripped.

One line per HTTP exchange with the model server, in the order the case made them:

    {"suite": "design", "case_id": "onb-prose-01", "sequence": 0,
     "origin": "recorded", "model": "gpt-4o-mini-2024-07-18",
     "request_fingerprint": "<sha256>", "recorded_at": "...",
     "response": {"status": 200, "body": {...chat.completion...}}}

No request headers are ever written, so neither the API key nor any auth header can
be; the line is also scrubbed for anything shaped like a key. `request_fingerprint`
hashes the messages and the output schema: replay refuses a recording whose request
no longer matches (the prompt, the schema or the description changed). A hand-written
recording has `origin` "hand-written" and a null fingerprint, which replay accepts
and labels as such.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field, ValidationError

RECORDINGS_DIR = Path(__file__).parent.parent / "recordings"
_KEY_SHAPES = re.compile(r"sk-[A-Za-z0-9_\-]{12,}|Bearer\s+[A-Za-z0-9._\-]+")


class RecordedResponse(BaseModel):
    status: int
    body: dict[str, Any] | None


class Recording(BaseModel):
    """One recorded request/response exchange of one case."""

    suite: str
    case_id: str
    sequence: int = Field(ge=0, description="Order of the exchange within the case.")
    origin: str = Field(description="'recorded', or 'hand-written: <why>'.")
    model: str | None = None
    request_fingerprint: str | None = Field(
        description="sha256 of the request's messages and schema; None: unchecked."
    )
    recorded_at: str | None = None
    response: RecordedResponse

    @property
    def hand_written(self) -> bool:
        return self.origin.startswith("hand-written")


class RecordingFileError(ValueError):
    """A recordings file has a line that is not a valid recording."""


def request_fingerprint(body: dict[str, Any]) -> str:
    """sha256 over what the model reads: messages (role, content) and the schema."""
    messages = [(m.get("role"), m.get("content")) for m in body.get("messages", [])]
    relevant = {
        "messages": messages,
        "response_format": body.get("response_format"),
        "tools": body.get("tools"),
    }
    return hashlib.sha256(json.dumps(relevant, sort_keys=True).encode()).hexdigest()


def read_recordings(directory: Path, suite: str) -> list[Recording]:
    """Every recording of `suite` in `directory/<suite>*.jsonl`.

    Raises:
        RecordingFileError: a line is not a recording; names the file and line.
    """
    found: list[Recording] = []
    for path in sorted(directory.glob(f"{suite}*.jsonl")):
        lines = path.read_text(encoding="utf-8").splitlines()
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                found.append(Recording.model_validate_json(line))
            except ValidationError as error:
                raise RecordingFileError(
                    f"{path}:{number} is not a recording: {error.errors()[0]['msg']}"
                ) from error
    return [r for r in found if r.suite == suite]


def write_recordings(path: Path, recordings: list[Recording], secrets: list[str]):
    """Replace the recorded cases' lines in `path`, keeping other cases' lines.

    Every line is scrubbed of the given secrets and of anything shaped like a key.
    """
    replaced = {r.case_id for r in recordings}
    kept = []
    if path.is_file():
        existing = [Recording.model_validate_json(line) for line in _lines(path)]
        kept = [r for r in existing if r.case_id not in replaced]
    ordered = sorted(kept + recordings, key=lambda r: (r.case_id, r.sequence))
    path.parent.mkdir(parents=True, exist_ok=True)
    text = "".join(scrub(r.model_dump_json(), secrets) + "\n" for r in ordered)
    path.write_text(text, encoding="utf-8")


def scrub(line: str, secrets: list[str]) -> str:
    """The line with each secret and anything key-shaped replaced by '<redacted>'."""
    for secret in secrets:
        if secret:
            line = line.replace(secret, "<redacted>")
    return _KEY_SHAPES.sub("<redacted>", line)


def _lines(path: Path) -> list[str]:
    return [line for line in path.read_text(encoding="utf-8").splitlines() if line]
