"""Retrieval over account context: tickets, notes and call summaries in Chroma.

`ContextIndex.open(settings)` opens the index; `sync()` updates it incrementally
from `ContextDocument`s and `search()` finds one account's passages for a query. The
embedding function is always explicit (local all-MiniLM-L6-v2 by default, OpenAI when
configured) and recorded with the collection, which refuses any other.
"""

from tools.retrieval.chroma import COLLECTION, chroma_client, open_collection
from tools.retrieval.embeddings import (
    IndexEmbedding,
    embedding_function,
    embedding_signature,
)
from tools.retrieval.errors import (
    ChromaUnavailableError,
    EmbeddingMismatchError,
    EmbeddingModelError,
    EmbeddingServiceError,
    RetrievalError,
)
from tools.retrieval.index import ContextIndex
from tools.retrieval.minilm import MiniLMEmbeddingFunction
from tools.retrieval.models import (
    ContextDocument,
    IndexReport,
    RetrievedChunk,
    SourceType,
)
from tools.retrieval.openai_embeddings import OpenAIEmbeddingFunction

__all__ = [
    "COLLECTION",
    "ChromaUnavailableError",
    "ContextDocument",
    "ContextIndex",
    "EmbeddingMismatchError",
    "EmbeddingModelError",
    "EmbeddingServiceError",
    "IndexEmbedding",
    "IndexReport",
    "MiniLMEmbeddingFunction",
    "OpenAIEmbeddingFunction",
    "RetrievalError",
    "RetrievedChunk",
    "SourceType",
    "chroma_client",
    "embedding_function",
    "embedding_signature",
    "open_collection",
]
