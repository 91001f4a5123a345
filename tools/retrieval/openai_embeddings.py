"""OpenAI (or compatible) embeddings for the index, when settings ask for them.

`OpenAIEmbeddings` from langchain-openai gets explicit `httpx` clients, for the same
reason as the chat factory in `tools/llm.py`: our timeout applies and respx can
intercept every call in tests. The token-length check is off because it fetches a
tiktoken vocabulary over the network; chunks are already short.
"""

from __future__ import annotations

from typing import Any

import httpx
import openai
from chromadb.api.types import Documents, EmbeddingFunction, Embeddings, Space
from chromadb.utils.embedding_functions import register_embedding_function
from langchain_openai import OpenAIEmbeddings
from pydantic import SecretStr

from tools.retrieval.errors import EmbeddingServiceError

KNOWN_DIMENSIONS = {
    "text-embedding-3-small": 1536,
    "text-embedding-3-large": 3072,
    "text-embedding-ada-002": 1536,
}
"""Native vector lengths; other models are asked once, with a probe call."""


@register_embedding_function
class OpenAIEmbeddingFunction(EmbeddingFunction[Documents]):
    """Chroma embedding function calling an OpenAI-compatible `/embeddings` API.

    Registered with Chroma as `csops-openai`. Its stored config holds the model and
    dimensions, never the key: a process that reopens the collection through Chroma
    alone gets the key from OPENAI_API_KEY, as langchain-openai reads it.
    """

    def __init__(
        self,
        model: str = "text-embedding-3-small",
        *,
        api_key: SecretStr | None = None,
        base_url: str | None = None,
        timeout_s: float = 60.0,
        max_retries: int = 2,
        dimensions: int | None = None,
    ) -> None:
        self.model = model
        self.dimensions = dimensions
        self._client_args = {
            "api_key": api_key,
            "base_url": base_url,
            "timeout_s": timeout_s,
            "max_retries": max_retries,
        }
        self._client: OpenAIEmbeddings | None = None
        self._probed_dimension: int | None = None

    def __call__(self, input: Documents) -> Embeddings:
        return self._embed(lambda client: client.embed_documents(list(input)))

    def embed_query(self, input: Documents) -> Embeddings:
        return self._embed(lambda client: [client.embed_query(t) for t in input])

    @staticmethod
    def name() -> str:
        return "csops-openai"

    @property
    def dimension(self) -> int:
        """Vector length: requested, known for the model, or probed once."""
        known = self.dimensions or KNOWN_DIMENSIONS.get(self.model)
        if known:
            return known
        if self._probed_dimension is None:
            self._probed_dimension = len(self(["dimension probe"])[0])
        return self._probed_dimension

    def default_space(self) -> Space:
        return "cosine"

    def supported_spaces(self) -> list[Space]:
        return ["cosine", "ip", "l2"]

    def get_config(self) -> dict[str, Any]:
        return {"model": self.model, "dimensions": self.dimensions}

    @staticmethod
    def build_from_config(config: dict[str, Any]) -> OpenAIEmbeddingFunction:
        return OpenAIEmbeddingFunction(
            config["model"], dimensions=config.get("dimensions")
        )

    def _embed(self, call) -> Embeddings:
        # OpenAIError covers HTTP status errors, timeouts and a missing key alike.
        try:
            vectors = call(self._langchain_client())
        except openai.OpenAIError as error:
            raise EmbeddingServiceError(self.model, str(error)) from error
        return [list(map(float, vector)) for vector in vectors]

    def _langchain_client(self) -> OpenAIEmbeddings:
        if self._client is None:
            self._client = _build_client(
                self.model, self.dimensions, **self._client_args
            )
        return self._client


def _build_client(
    model: str,
    dimensions: int | None,
    *,
    api_key: SecretStr | None,
    base_url: str | None,
    timeout_s: float,
    max_retries: int,
) -> OpenAIEmbeddings:
    timeout = httpx.Timeout(timeout_s, connect=10.0)
    return OpenAIEmbeddings(
        model=model,
        dimensions=dimensions,
        api_key=api_key,
        base_url=base_url,
        timeout=timeout_s,
        max_retries=max_retries,
        check_embedding_ctx_length=False,
        http_client=httpx.Client(timeout=timeout),
        http_async_client=httpx.AsyncClient(timeout=timeout),
    )
