"""The one factory for chat models.

It hands `ChatOpenAI` explicit `httpx` clients: the installed openai SDK otherwise
talks through an HTTP stack that respx cannot intercept, and explicit clients also
carry our timeout. The SDK retries 429/5xx on its own (`max_retries`); callers add
no retry of their own on top for those.
"""

from __future__ import annotations

import httpx
from langchain_openai import ChatOpenAI

from tools.settings import Settings, SettingsError


def chat_model(settings: Settings) -> ChatOpenAI:
    """Build the configured OpenAI-compatible chat model.

    Raises:
        SettingsError: no API key is configured.
    """
    if settings.openai_api_key is None:
        raise SettingsError("no OPENAI_API_KEY is set; the offline engine is in force")
    timeout = httpx.Timeout(settings.model_timeout_s, connect=10.0)
    return ChatOpenAI(
        model=settings.model_name,
        api_key=settings.openai_api_key,
        base_url=settings.openai_base_url,
        timeout=settings.model_timeout_s,
        max_retries=settings.model_max_retries,
        temperature=0,
        http_client=httpx.Client(timeout=timeout),
        http_async_client=httpx.AsyncClient(timeout=timeout),
    )
