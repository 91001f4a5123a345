"""Model access per mode: what a case attempt gets to call, and what it cost.

- offline: no model; the solver runs the offline engine.
- live: the configured model through `tools.llm.chat_model`, the same factory the
  product uses, with an httpx hook counting tokens.
- record: live, and every exchange is kept for `evals/recordings/<suite>.jsonl`.
- replay (`evals.modes.replay`): recorded responses through respx; nothing leaves
  the machine.

A mode labels its results: replay scores describe the recordings, never a model.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import Literal

import httpx
from langchain_core.language_models import BaseChatModel

from evals.modes.recordings import (
    RecordedResponse,
    Recording,
    request_fingerprint,
    write_recordings,
)
from evals.modes.usage import Usage, UsageMeter
from tools.llm import chat_model
from tools.settings import Settings

Mode = Literal["offline", "replay", "live", "record"]
MODES: tuple[Mode, ...] = ("offline", "replay", "live", "record")


class ModeUnavailableError(RuntimeError):
    """The mode cannot run with these settings; the message names the fix."""


@dataclass
class CaseCall:
    """What one attempt of one case may use."""

    case_id: str
    attempt: int
    settings: Settings
    model: BaseChatModel | None = None
    meter: UsageMeter | None = None
    exchanges: list[Recording] = field(default_factory=list)

    @property
    def usage(self) -> Usage:
        return self.meter.usage if self.meter else Usage()


class ModelAccess:
    """Offline access, and the interface every mode keeps."""

    mode: Mode = "offline"
    label = "offline engine"

    def __init__(self, settings: Settings) -> None:
        self.settings = settings.model_copy(update={"model_provider": "offline"})

    @property
    def model_id(self) -> str:
        return "offline-engine"

    def __enter__(self) -> ModelAccess:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        return None

    def open(self, case_id: str, attempt: int) -> CaseCall:
        """Access for one attempt; may raise `CouldNotScore`."""
        return CaseCall(case_id=case_id, attempt=attempt, settings=self.settings)

    def close(self, call: CaseCall) -> None:
        """After the solver ran; may raise `CouldNotScore`."""


class LiveAccess(ModelAccess):
    """The configured OpenAI-compatible model, tokens counted per attempt."""

    mode: Mode = "live"
    label = "live model"

    def __init__(self, settings: Settings) -> None:
        if settings.openai_api_key is None:
            raise ModeUnavailableError(
                f"--mode {self.mode} needs a model: set OPENAI_API_KEY (and "
                "OPENAI_BASE_URL for another OpenAI-compatible server)"
            )
        self.settings = settings.model_copy(update={"model_provider": "openai"})

    @property
    def model_id(self) -> str:
        return self.settings.model_name

    def open(self, case_id: str, attempt: int) -> CaseCall:
        model = chat_model(self.settings)
        meter = UsageMeter()
        model.http_client.event_hooks["response"].append(meter.on_response)
        return CaseCall(case_id, attempt, self.settings, model, meter)


class RecordAccess(LiveAccess):
    """Live, keeping each case's first attempt as recordings, keys stripped."""

    mode: Mode = "record"
    label = "live model (recording)"

    def __init__(self, settings: Settings, suite: str, directory: Path) -> None:
        super().__init__(settings)
        self.suite, self.path = suite, directory / f"{suite}.jsonl"
        self._recorded: list[Recording] = []

    def open(self, case_id: str, attempt: int) -> CaseCall:
        call = super().open(case_id, attempt)
        hooks = call.model.http_client.event_hooks
        hooks["response"].append(lambda response: self._keep(call, response))
        return call

    def close(self, call: CaseCall) -> None:
        if call.attempt == 0:
            self._recorded += call.exchanges

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        key = self.settings.openai_api_key
        secrets = [key.get_secret_value()] if key else []
        if self._recorded:
            write_recordings(self.path, self._recorded, secrets)

    def _keep(self, call: CaseCall, response: httpx.Response) -> None:
        response.read()
        body = _json_body(response)
        call.exchanges.append(
            Recording(
                suite=self.suite,
                case_id=call.case_id,
                sequence=len(call.exchanges),
                origin="recorded",
                model=body.get("model") if isinstance(body, dict) else None,
                request_fingerprint=_fingerprint(response.request),
                recorded_at=datetime.now(UTC).isoformat(timespec="seconds"),
                response=RecordedResponse(status=response.status_code, body=body),
            )
        )


def _fingerprint(request: httpx.Request) -> str | None:
    try:
        return request_fingerprint(json.loads(request.content))
    except ValueError:
        return None


def _json_body(response: httpx.Response) -> dict | None:
    try:
        body = response.json()
    except ValueError:
        return None
    return body if isinstance(body, dict) else None
