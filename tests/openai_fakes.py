"""Realistic OpenAI chat-completions payloads for the respx route table.

Bodies follow the shape api.openai.com returns for `POST /v1/chat/completions`
(id, created, model snapshot, system_fingerprint, usage with token details), so the
SDK and langchain-openai parse them exactly as they parse the real thing.
"""

from __future__ import annotations

import json
from typing import Any

import httpx

MODEL_SNAPSHOT = "gpt-4o-mini-2024-07-18"


def chat_completion(
    content: str | None,
    *,
    refusal: str | None = None,
    finish_reason: str = "stop",
    completion_tokens: int = 412,
) -> dict[str, Any]:
    """A `chat.completion` object with one choice."""
    return {
        "id": "chatcmpl-BfQ2x7kLr0WqZcGm8S1nT4vYpHd9A",
        "object": "chat.completion",
        "created": 1764777600,
        "model": MODEL_SNAPSHOT,
        "choices": [
            {
                "index": 0,
                "message": {
                    "role": "assistant",
                    "content": content,
                    "refusal": refusal,
                    "annotations": [],
                },
                "logprobs": None,
                "finish_reason": finish_reason,
            }
        ],
        "usage": {
            "prompt_tokens": 1187,
            "completion_tokens": completion_tokens,
            "total_tokens": 1187 + completion_tokens,
            "prompt_tokens_details": {"cached_tokens": 0, "audio_tokens": 0},
            "completion_tokens_details": {
                "reasoning_tokens": 0,
                "audio_tokens": 0,
                "accepted_prediction_tokens": 0,
                "rejected_prediction_tokens": 0,
            },
        },
        "service_tier": "default",
        "system_fingerprint": "fp_560af6e559",
    }


def completion_response(content: str | None, **kwargs: Any) -> httpx.Response:
    """A 200 response carrying `chat_completion(content, **kwargs)`."""
    body = chat_completion(content, **kwargs)
    return httpx.Response(200, json=body, headers=_headers())


def draft_response(draft: dict[str, Any]) -> httpx.Response:
    """A 200 response whose content is the draft as the model's JSON text."""
    return completion_response(json.dumps(draft))


def refusal_response(text: str) -> httpx.Response:
    """The model declines: `refusal` set, `content` null."""
    return completion_response(None, refusal=text, completion_tokens=12)


def error_response(
    status: int, message: str, error_type: str, code: str | None
) -> httpx.Response:
    """An API error in OpenAI's `{"error": {...}}` envelope."""
    body = {
        "error": {"message": message, "type": error_type, "param": None, "code": code}
    }
    # retry-after-ms 0 keeps the SDK's own retries (if enabled) instant.
    return httpx.Response(
        status, json=body, headers=_headers() | {"retry-after-ms": "0"}
    )


def rate_limit_response() -> httpx.Response:
    """HTTP 429 as OpenAI sends it for a requests-per-minute limit."""
    return error_response(
        429,
        "Rate limit reached for gpt-4o-mini on requests per min (RPM): Limit 3.",
        "requests",
        "rate_limit_exceeded",
    )


def server_error_response(status: int = 500) -> httpx.Response:
    """HTTP 5xx with OpenAI's generic server error."""
    return error_response(status, "The server had an error.", "server_error", None)


def invalid_key_response() -> httpx.Response:
    """HTTP 401 for a wrong API key (OpenAI masks all but the key's ends)."""
    return error_response(
        401,
        "Incorrect API key provided: sk-test. You can find your API key at "
        "https://platform.openai.com/account/api-keys.",
        "invalid_request_error",
        "invalid_api_key",
    )


def model_not_found_response() -> httpx.Response:
    """HTTP 404 for a model name the server does not serve."""
    return error_response(
        404,
        "The model `gpt-4o-mini` does not exist or you do not have access to it.",
        "invalid_request_error",
        "model_not_found",
    )


def sent_body(call: Any) -> dict[str, Any]:
    """The JSON body of a request the route table recorded."""
    return json.loads(call.request.content)


def _headers() -> dict[str, str]:
    return {
        "x-request-id": "req_7f3c2a9e41b84d0c9b5e6a1f2d3c4b5a",
        "openai-processing-ms": "1834",
        "openai-version": "2020-10-01",
    }


def onboarding_draft() -> dict[str, Any]:
    """What a model returns for the AE-to-CSM onboarding description."""
    return {
        "name": "Enterprise onboarding",
        "journey": "onboarding",
        "trigger": _trigger("closed_won", "stated"),
        "roles": [
            _role("account_executive", "Account Executive", "internal", "sales"),
            _role("csm", "Customer Success Manager", "internal", "cs"),
            _role("cs_manager", "CS Manager", "internal", "cs"),
            _role("customer_admin", "Customer admin", "external", "customer"),
        ],
        "steps": [
            _step(
                "handoff_to_csm",
                "Hand the account to the CSM",
                owner=("account_executive", "stated"),
                sla=_sla(2, "stated"),
                handoff=_handoff("account_executive", "csm", ["deal terms"]),
                source_text="the AE hands off to the CSM within 2 business days",
            ),
            _step(
                "kickoff_call",
                "Hold the kickoff call",
                # The model cites the role by its name here; the designer maps it.
                owner=("Customer Success Manager", "stated"),
                depends_on=["handoff_to_csm"],
                sla=_sla(5, "stated"),
                escalation=[_rung(1, "cs_manager", "stated")],
                kind="meeting",
                source_text="The CSM holds a kickoff call within 5 business days",
            ),
            _step(
                "submit_sso_details",
                "Submit SSO details",
                owner=("customer_admin", "stated"),
                depends_on=["kickoff_call"],
                sla=_sla(3, "assumed"),
                escalation=[_rung(1, "csm", "assumed")],
                kind="data_request",
                customer_action="submit_data",
                source_text="the customer admin sends the SSO details",
            ),
        ],
        "questions": [
            {
                "step_id": "submit_sso_details",
                "question": "Which identity provider does the customer use?",
            }
        ],
    }


def _role(role_id: str, name: str, side: str, team: str) -> dict[str, Any]:
    return {"id": role_id, "name": name, "side": side, "team": team}


def _trigger(kind: str, provenance: str) -> dict[str, Any]:
    return {
        "kind": kind,
        "days_before": None,
        "threshold": None,
        "priority": None,
        "schedule": None,
        "provenance": provenance,
    }


def _duration(amount: float) -> dict[str, Any]:
    return {"amount": amount, "unit": "days", "business": True}


def _sla(days: float, provenance: str) -> dict[str, Any]:
    return {
        "duration": _duration(days),
        "anchor": "step_ready",
        "pauses_when_waiting_external": False,
        "provenance": provenance,
    }


def _rung(days: float, to_role: str, provenance: str) -> dict[str, Any]:
    return {"after": _duration(days), "to_role": to_role, "provenance": provenance}


def _handoff(from_role: str, to_role: str, context: list[str]) -> dict[str, Any]:
    return {
        "from_role": from_role,
        "to_role": to_role,
        "context": context,
        "provenance": "stated",
    }


def _step(
    step_id: str,
    title: str,
    *,
    owner: tuple[str | None, str],
    sla: dict[str, Any] | None,
    source_text: str,
    kind: str = "task",
    depends_on: list[str] | None = None,
    escalation: list[dict[str, Any]] | None = None,
    handoff: dict[str, Any] | None = None,
    customer_action: str | None = None,
) -> dict[str, Any]:
    return {
        "id": step_id,
        "title": title,
        "instructions": "",
        "owner": owner[0],
        "owner_provenance": owner[1],
        "kind": kind,
        "depends_on": depends_on or [],
        "required_inputs": [],
        "sla": sla,
        "escalation": escalation or [],
        "handoff": handoff,
        "customer_facing": customer_action is not None,
        "customer_action": customer_action,
        "recurrence": None,
        "completion": "any",
        "source_text": source_text,
    }
