"""The account-context index: incremental sync of documents, and search by account.

A sync compares each chunk's content hash with the one stored beside its vector:
new chunks are embedded, changed ones embedded again, unchanged ones left alone
(their metadata updated in place when only that changed), and chunks whose document
disappeared from the given scope are deleted.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from chromadb.api import ClientAPI
from chromadb.api.models.Collection import Collection

from tools.retrieval.chroma import (
    chroma_client,
    chroma_errors,
    drop_collection,
    open_collection,
)
from tools.retrieval.chunking import chunk_documents
from tools.retrieval.embeddings import IndexEmbedding, embedding_function
from tools.retrieval.models import (
    ContextChunk,
    ContextDocument,
    IndexReport,
    RetrievedChunk,
)
from tools.settings import Settings

logger = logging.getLogger(__name__)

WRITE_BATCH = 256
"""Chunks embedded and written per Chroma call: bounded memory, visible progress."""
READ_PAGE = 5000


class ContextIndex:
    """Ticket text, notes and call summaries of every account, searchable by account.

    Build it with `ContextIndex.open(settings)`, or from a Chroma client and an
    embedding function in tests and benchmarks.
    """

    def __init__(
        self,
        client: ClientAPI,
        function: IndexEmbedding,
        *,
        location: str = "local Chroma",
        rebuild: bool = False,
    ) -> None:
        self.location = location
        with chroma_errors(location):
            if rebuild:
                drop_collection(client)
            self.collection: Collection = open_collection(client, function)

    @classmethod
    def open(cls, settings: Settings, *, rebuild: bool = False) -> ContextIndex:
        """Open the index settings point at; `rebuild` drops it first.

        Raises:
            EmbeddingMismatchError: the stored index used another embedding.
            ChromaUnavailableError: the configured Chroma server does not answer.
        """
        location = settings.chroma_url or str(settings.data_dir / "chroma")
        client = chroma_client(settings)
        function = embedding_function(settings)
        return cls(client, function, location=location, rebuild=rebuild)

    def count(self) -> int:
        """Number of chunks in the index."""
        with chroma_errors(self.location):
            return self.collection.count()

    def sync(
        self,
        documents: Iterable[ContextDocument],
        *,
        accounts: Sequence[str] | None = None,
    ) -> IndexReport:
        """Bring the index in line with `documents`, embedding only what changed.

        `documents` is the complete context of the accounts in `accounts` (of every
        account when None): indexed chunks of those accounts that no document yields
        any more are deleted.

        Raises:
            ValueError: a document belongs to an account outside `accounts`.
        """
        wanted = {chunk.chunk_id: chunk for chunk in chunk_documents(documents)}
        _check_scope(wanted.values(), accounts)
        with chroma_errors(self.location):
            stored = self._stored_metadata(accounts)
            report = self._apply(wanted, stored)
        logger.info("index sync: %s", report.model_dump())
        return report

    def search(self, account_id: str, query: str, k: int = 5) -> list[RetrievedChunk]:
        """The `k` chunks of one account's context closest to `query`, best first."""
        if k < 1:
            raise ValueError(f"k must be at least 1, got {k}")
        with chroma_errors(self.location):
            result = self.collection.query(
                query_texts=[query],
                n_results=k,
                where={"account_id": account_id},
                include=["documents", "metadatas", "distances"],
            )
        return _retrieved(result)

    def _stored_metadata(self, accounts: Sequence[str] | None) -> dict[str, dict]:
        where = None if accounts is None else {"account_id": {"$in": list(accounts)}}
        stored: dict[str, dict] = {}
        while True:
            page = self.collection.get(
                where=where, include=["metadatas"], limit=READ_PAGE, offset=len(stored)
            )
            stored.update(zip(page["ids"], page["metadatas"], strict=True))
            if len(page["ids"]) < READ_PAGE:
                return stored

    def _apply(
        self, wanted: dict[str, ContextChunk], stored: dict[str, dict]
    ) -> IndexReport:
        changes = _classify(wanted, stored)
        self._write(changes.new + changes.changed)
        self._relabel(changes.relabelled)
        self._delete(changes.gone)
        return IndexReport(
            added=len(changes.new),
            reembedded=len(changes.changed),
            unchanged=changes.unchanged,
            relabelled=len(changes.relabelled),
            deleted=len(changes.gone),
        )

    def _write(self, chunks: list[ContextChunk]) -> None:
        for start in range(0, len(chunks), WRITE_BATCH):
            batch = chunks[start : start + WRITE_BATCH]
            self.collection.upsert(
                ids=[chunk.chunk_id for chunk in batch],
                documents=[chunk.text for chunk in batch],
                metadatas=[chunk.metadata() for chunk in batch],
            )

    def _relabel(self, chunks: list[ContextChunk]) -> None:
        for start in range(0, len(chunks), WRITE_BATCH):
            batch = chunks[start : start + WRITE_BATCH]
            self.collection.update(
                ids=[chunk.chunk_id for chunk in batch],
                metadatas=[chunk.metadata() for chunk in batch],
            )

    def _delete(self, chunk_ids: list[str]) -> None:
        for start in range(0, len(chunk_ids), WRITE_BATCH):
            self.collection.delete(ids=chunk_ids[start : start + WRITE_BATCH])


@dataclass
class _Changes:
    new: list[ContextChunk] = field(default_factory=list)
    changed: list[ContextChunk] = field(default_factory=list)
    relabelled: list[ContextChunk] = field(default_factory=list)
    gone: list[str] = field(default_factory=list)
    unchanged: int = 0


def _classify(wanted: dict[str, ContextChunk], stored: dict[str, dict]) -> _Changes:
    changes = _Changes(gone=sorted(stored.keys() - wanted.keys()))
    for chunk_id, chunk in wanted.items():
        metadata = stored.get(chunk_id)
        if metadata is None:
            changes.new.append(chunk)
        elif metadata.get("content_hash") != chunk.content_hash:
            changes.changed.append(chunk)
        elif metadata != chunk.metadata():
            changes.relabelled.append(chunk)
        else:
            changes.unchanged += 1
    return changes


def _check_scope(
    chunks: Iterable[ContextChunk], accounts: Sequence[str] | None
) -> None:
    if accounts is None:
        return
    outside = {c.document.account_id for c in chunks} - set(accounts)
    if outside:
        raise ValueError(
            f"documents of accounts {sorted(outside)} were passed to a sync limited "
            f"to {sorted(accounts)}; add them to `accounts` or leave it None"
        )


def _retrieved(result) -> list[RetrievedChunk]:
    rows = zip(
        result["ids"][0],
        result["documents"][0],
        result["metadatas"][0],
        result["distances"][0],
        strict=True,
    )
    return [
        RetrievedChunk(
            chunk_id=chunk_id,
            account_id=metadata["account_id"],
            source_type=metadata["source_type"],
            source_id=metadata["source_id"],
            as_of=datetime.fromisoformat(metadata["as_of"]),
            text=text,
            score=1.0 - distance,
        )
        for chunk_id, text, metadata, distance in rows
    ]
