"""Choosing the index's embedding function from settings, and naming it.

The function is always explicit: Chroma's own default downloads a model at first use,
which fails offline and would silently tie the index to whatever Chroma ships.
"""

from __future__ import annotations

from tools.retrieval.minilm import MiniLMEmbeddingFunction
from tools.retrieval.openai_embeddings import OpenAIEmbeddingFunction
from tools.settings import Settings, SettingsError

IndexEmbedding = MiniLMEmbeddingFunction | OpenAIEmbeddingFunction


def embedding_function(settings: Settings) -> IndexEmbedding:
    """Build the embedding function settings ask for.

    `minilm` (the default) needs nothing but the installed model package; `openai`
    needs OPENAI_API_KEY and uses `openai_embedding_model`.

    Raises:
        SettingsError: `openai` is asked for without a key.
    """
    if settings.embedding_provider == "minilm":
        return MiniLMEmbeddingFunction()
    if settings.openai_api_key is None:
        raise SettingsError(
            "CSOPS_EMBEDDING_PROVIDER=openai needs OPENAI_API_KEY; set it, or use "
            "CSOPS_EMBEDDING_PROVIDER=minilm"
        )
    return OpenAIEmbeddingFunction(
        settings.openai_embedding_model,
        api_key=settings.openai_api_key,
        base_url=settings.openai_base_url,
        timeout_s=settings.model_timeout_s,
        max_retries=settings.model_max_retries,
    )


def embedding_signature(function: IndexEmbedding) -> str:
    """`name/model`: what the collection records as the source of its vectors."""
    return f"{function.name()}/{function.get_config()['model']}"
