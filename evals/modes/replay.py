"""Replay: recorded responses served through respx, so the real OpenAI path runs.

The solver gets the product's own chat model (`tools.llm.chat_model`) pointed at an
`.invalid` host, while respx, with `assert_all_mocked`, answers every request from
the recordings of the case being run: nothing can leave the machine. The case is
known from a thread-local set by `open`, because the SDK calls from the thread that
runs the case.

A case without a recording is "could not score" before any call is made. A request
the recordings cannot answer (more calls than recorded, or a request whose
fingerprint no longer matches) is refused, and the case is "could not score" too:
the designer's offline fallback must not pass for the model's answer.
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import respx
from pydantic import SecretStr

from evals.modes.access import CaseCall, Mode, ModelAccess
from evals.modes.recordings import Recording, read_recordings, request_fingerprint
from evals.scoring import CouldNotScore
from tools.llm import chat_model
from tools.settings import Settings

REPLAY_BASE_URL = "https://replay.csops.invalid/v1"
# Not a key: replay never authenticates anywhere, but the factory wants one.
_REPLAY_KEY = SecretStr("replay-without-credentials")


class ReplayMissError(RuntimeError):
    """The recordings hold no answer for a request the case made."""


@dataclass
class _Cursor:
    case_id: str
    exchanges: list[Recording]
    served: int = 0
    problems: list[str] = field(default_factory=list)


class ReplayAccess(ModelAccess):
    """Recorded responses for the cases that have them; never a network call."""

    mode: Mode = "replay"

    def __init__(self, settings: Settings, suite: str, directory: Path) -> None:
        recordings = read_recordings(directory, suite)
        self.suite, self.directory = suite, directory
        self._book: dict[str, list[Recording]] = {}
        for recording in sorted(recordings, key=lambda r: r.sequence):
            self._book.setdefault(recording.case_id, []).append(recording)
        self.settings = settings.model_copy(
            update={
                "model_provider": "openai",
                "openai_api_key": _REPLAY_KEY,
                "openai_base_url": REPLAY_BASE_URL,
                "model_max_retries": 0,
            }
        )
        self._local = threading.local()
        self._router = respx.mock(assert_all_mocked=True, assert_all_called=False)
        self._router.route().mock(side_effect=self._answer)

    @property
    def label(self) -> str:
        hand_written = sum(r.hand_written for rs in self._book.values() for r in rs)
        if hand_written:
            return "replay of hand-written recordings (test fixtures, not model output)"
        return "replay of recordings (not a measure of a model's quality)"

    @property
    def model_id(self) -> str:
        models = sorted({r.model or "?" for rs in self._book.values() for r in rs})
        return f"recordings of {', '.join(models) or 'nothing'}"

    def __enter__(self) -> ReplayAccess:
        self._router.__enter__()
        return self

    def __exit__(self, kind, error, trace) -> None:
        self._router.__exit__(kind, error, trace)

    def open(self, case_id: str, attempt: int) -> CaseCall:
        if case_id not in self._book:
            raise CouldNotScore(
                f"no recording in {self.directory}/{self.suite}*.jsonl; record "
                f"with `csops eval run --suite {self.suite} --mode record`"
            )
        self._local.cursor = _Cursor(case_id, self._book[case_id])
        model = chat_model(self.settings)
        return CaseCall(case_id, attempt, self.settings, model)

    def close(self, call: CaseCall) -> None:
        cursor: _Cursor = self._local.cursor
        self._local.cursor = None
        if cursor.problems:
            raise CouldNotScore("; ".join(dict.fromkeys(cursor.problems)))

    def _answer(self, request: httpx.Request) -> httpx.Response:
        cursor: _Cursor | None = getattr(self._local, "cursor", None)
        if cursor is None:
            raise ReplayMissError(f"no case is open for {request.method} {request.url}")
        problem = self._refusal(cursor, request)
        if problem:
            cursor.problems.append(problem)
            raise ReplayMissError(problem)
        recording = cursor.exchanges[cursor.served]
        cursor.served += 1
        body = recording.response.body
        return httpx.Response(recording.response.status, json=body)

    def _refusal(self, cursor: _Cursor, request: httpx.Request) -> str | None:
        """Why the recordings cannot answer this request, or None."""
        if not request.url.path.endswith("/chat/completions"):
            return f"the case called {request.url.path}, which replay does not serve"
        if cursor.served >= len(cursor.exchanges):
            return (
                f"the case made call {cursor.served + 1} but only "
                f"{len(cursor.exchanges)} were recorded"
            )
        wanted = cursor.exchanges[cursor.served].request_fingerprint
        if wanted and wanted != request_fingerprint(json.loads(request.content)):
            return (
                "stale recording: the request (prompt, schema or description) "
                f"changed since it was recorded; re-record with `csops eval run "
                f"--suite {self.suite} --mode record`"
            )
        return None
