"""Chroma clients and the guarded opening of the account-context collection.

Locally the index is a persistent Chroma under `data_dir/chroma`; a team points
CSOPS_CHROMA_URL at a Chroma server. The collection records its embedding function
twice: in Chroma's own configuration (so Chroma rebuilds the function when a new
process opens it) and in our metadata (signature and dimension), which we compare
before every open, because Chroma compares only the function's name.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

import chromadb
import httpx
from chromadb.api import ClientAPI
from chromadb.api.models.Collection import Collection
from chromadb.config import Settings as ChromaSettings
from chromadb.errors import NotFoundError

from tools.retrieval.embeddings import IndexEmbedding, embedding_signature
from tools.retrieval.errors import ChromaUnavailableError, EmbeddingMismatchError
from tools.settings import Settings

logger = logging.getLogger(__name__)

COLLECTION = "account_context"
EMBEDDING_KEY = "csops:embedding"
DIMENSION_KEY = "csops:dimension"


def chroma_client(settings: Settings) -> ClientAPI:
    """The Chroma client settings ask for: HTTP when `chroma_url` is set.

    Raises:
        ChromaUnavailableError: the server does not answer within the timeout.
    """
    if settings.chroma_url:
        return http_client(settings.chroma_url, settings.chroma_timeout_s)
    path = settings.data_dir / "chroma"
    path.mkdir(parents=True, exist_ok=True)
    return chromadb.PersistentClient(path=str(path), settings=_chroma_settings())


def http_client(url: str, timeout_s: float) -> ClientAPI:
    """A client for the Chroma server at `url`, every request bounded by `timeout_s`.

    Raises:
        ChromaUnavailableError: the heartbeat fails or takes longer than the timeout.
    """
    parsed = httpx.URL(url)
    secure = parsed.scheme == "https"
    _check_heartbeat(url, timeout_s)

    with chroma_errors(url):
        client = chromadb.HttpClient(
            host=parsed.host,
            port=parsed.port or (443 if secure else 8000),
            ssl=secure,
            settings=_chroma_settings(),
        )
    # chromadb 1.5 builds its httpx.Client with timeout=None; a stalled server would
    # hang `csops index` forever. There is no setting for it, so we set it here.
    client._server._session.timeout = httpx.Timeout(timeout_s, connect=5.0)
    return client


@contextmanager
def chroma_errors(url: str) -> Iterator[None]:
    """Turn transport failures of the Chroma HTTP client into ChromaUnavailableError."""
    try:
        yield
    except httpx.TimeoutException as error:
        raise ChromaUnavailableError(url, f"timed out ({error})") from error
    except httpx.TransportError as error:
        raise ChromaUnavailableError(url, f"{type(error).__name__}: {error}") from error


def open_collection(
    client: ClientAPI, function: IndexEmbedding, name: str = COLLECTION
) -> Collection:
    """Open or create the collection, refusing one embedded by another function.

    Raises:
        EmbeddingMismatchError: the collection was built with another embedding
            function, model or dimension.
    """
    try:
        existing = client.get_collection(name, embedding_function=None)
    except NotFoundError:
        return _create(client, function, name)

    _check_embedding(existing, function)
    try:
        return client.get_collection(name, embedding_function=function)
    except ValueError as error:  # Chroma's own name check
        raise EmbeddingMismatchError(
            name, _stored_signature(existing), _requested(function)
        ) from error


def drop_collection(client: ClientAPI, name: str = COLLECTION) -> bool:
    """Delete the collection if it exists; say whether it did."""
    try:
        client.delete_collection(name)
    except NotFoundError:
        return False
    logger.info("dropped Chroma collection %s", name)
    return True


def _create(client: ClientAPI, function: IndexEmbedding, name: str) -> Collection:
    logger.info("creating Chroma collection %s", name)
    return client.create_collection(
        name,
        embedding_function=function,
        configuration={"hnsw": {"space": "cosine"}},
        metadata={
            EMBEDDING_KEY: embedding_signature(function),
            DIMENSION_KEY: function.dimension,
        },
    )


def _check_embedding(collection: Collection, function: IndexEmbedding) -> None:
    metadata = collection.metadata or {}
    stored = (metadata.get(EMBEDDING_KEY), metadata.get(DIMENSION_KEY))
    if stored != (embedding_signature(function), function.dimension):
        raise EmbeddingMismatchError(
            collection.name, _stored_signature(collection), _requested(function)
        )


def _stored_signature(collection: Collection) -> str:
    metadata = collection.metadata or {}
    if EMBEDDING_KEY not in metadata:
        return "an embedding function csops did not record"
    return _describe(metadata[EMBEDDING_KEY], metadata.get(DIMENSION_KEY))


def _requested(function: IndexEmbedding) -> str:
    return _describe(embedding_signature(function), function.dimension)


def _describe(signature: object, dimension: object) -> str:
    return f"{signature} ({dimension} dimensions)"


def _check_heartbeat(url: str, timeout_s: float) -> None:
    heartbeat = f"{url.rstrip('/')}/api/v2/heartbeat"
    with chroma_errors(url):
        response = httpx.get(heartbeat, timeout=min(timeout_s, 10.0))
    if response.status_code != 200:
        raise ChromaUnavailableError(url, f"heartbeat answered {response.status_code}")


def _chroma_settings() -> ChromaSettings:
    return ChromaSettings(anonymized_telemetry=False)
