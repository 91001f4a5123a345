"""Tokens and cost of live calls, read from the `usage` field of each response.

Prices are USD per million tokens from OpenAI's published price list; a model not
listed gets tokens but no cost (reported as unknown, never as zero).
"""

from __future__ import annotations

import logging
import threading

import httpx
from pydantic import BaseModel

logger = logging.getLogger(__name__)

# (input, output) USD per 1M tokens, https://openai.com/api/pricing (2025).
PRICES_PER_MILLION: dict[str, tuple[float, float]] = {
    "gpt-4o-mini": (0.15, 0.60),
    "gpt-4o": (2.50, 10.00),
    "gpt-4.1-nano": (0.10, 0.40),
    "gpt-4.1-mini": (0.40, 1.60),
    "gpt-4.1": (2.00, 8.00),
}


class Usage(BaseModel):
    """What one case attempt (or a whole run, summed) cost in calls and tokens."""

    calls: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    cost_usd: float | None = 0.0

    def __add__(self, other: Usage) -> Usage:
        cost = None
        if self.cost_usd is not None and other.cost_usd is not None:
            cost = self.cost_usd + other.cost_usd
        return Usage(
            calls=self.calls + other.calls,
            prompt_tokens=self.prompt_tokens + other.prompt_tokens,
            completion_tokens=self.completion_tokens + other.completion_tokens,
            cost_usd=cost,
        )


def price(model: str, prompt_tokens: int, completion_tokens: int) -> float | None:
    """USD for the tokens; None when the model (or its snapshot) is not priced."""
    base = max(
        (name for name in PRICES_PER_MILLION if model.startswith(name)),
        key=len,
        default=None,
    )
    if base is None:
        return None
    per_input, per_output = PRICES_PER_MILLION[base]
    return (prompt_tokens * per_input + completion_tokens * per_output) / 1e6


class UsageMeter:
    """An httpx response hook that adds up the `usage` of chat completions."""

    def __init__(self) -> None:
        self.usage = Usage()
        self._lock = threading.Lock()

    def on_response(self, response: httpx.Response) -> None:
        response.read()
        try:
            body = response.json()
        except ValueError:
            logger.debug("response without a JSON body; no usage counted")
            return
        usage = body.get("usage") if isinstance(body, dict) else None
        if not usage:
            return
        prompt = int(usage.get("prompt_tokens", 0))
        completion = int(usage.get("completion_tokens", 0))
        call = Usage(
            calls=1,
            prompt_tokens=prompt,
            completion_tokens=completion,
            cost_usd=price(str(body.get("model", "")), prompt, completion),
        )
        with self._lock:
            self.usage = self.usage + call
