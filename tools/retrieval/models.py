"""What goes into the account-context index and what comes out of it.

`ContextDocument` is the index's only input, so indexing does not depend on how the
account store keeps tickets, notes and calls. `RetrievedChunk` is what a search
returns, carrying the source ids a brief cites.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

SourceType = Literal["ticket", "note", "call"]


class ContextDocument(BaseModel):
    """One piece of account context: a ticket, a note or a call summary."""

    model_config = ConfigDict(frozen=True)

    account_id: str = Field(min_length=1)
    """The account this context belongs to; every search is filtered by it."""
    source_type: SourceType
    """Which kind of record the text comes from."""
    source_id: str = Field(min_length=1)
    """The record's id in the account store, cited by briefs."""
    title: str = ""
    """Ticket subject or note title; repeated at the head of every chunk."""
    text: str
    """Ticket body with its comments, note text, or call summary."""
    as_of: datetime
    """When the record was last true: ticket update time, note or call date."""

    @property
    def key(self) -> str:
        """The document's identity in the index: account, source type and id."""
        return f"{self.account_id}/{self.source_type}/{self.source_id}"


class ContextChunk(BaseModel):
    """A slice of a document small enough for the embedding model's window."""

    model_config = ConfigDict(frozen=True)

    chunk_id: str
    document: ContextDocument
    text: str
    content_hash: str
    """sha256 of the embedded text: unchanged chunks are not embedded again."""

    def metadata(self) -> dict[str, str | int]:
        """The Chroma metadata stored beside the chunk's vector."""
        doc = self.document
        return {
            "account_id": doc.account_id,
            "source_type": doc.source_type,
            "source_id": doc.source_id,
            "as_of": doc.as_of.isoformat(),
            "content_hash": self.content_hash,
        }


class RetrievedChunk(BaseModel):
    """A passage of account context found for a query, with where it came from."""

    chunk_id: str
    """The chunk's id in the index."""
    account_id: str
    source_type: SourceType
    """`ticket`, `note` or `call`."""
    source_id: str
    """The ticket, note or call id to cite."""
    as_of: datetime
    text: str
    """The passage itself, headed by the record's title."""
    score: float
    """Cosine similarity to the query: 1 is identical, 0 unrelated."""


class IndexReport(BaseModel):
    """What one incremental update did to the index."""

    added: int = 0
    """Chunks embedded for the first time."""
    reembedded: int = 0
    """Chunks whose text changed and were embedded again."""
    unchanged: int = 0
    """Chunks left as they were: same text, same metadata."""
    relabelled: int = 0
    """Chunks with the same text whose metadata (e.g. `as_of`) was updated in place."""
    deleted: int = 0
    """Chunks removed because their document or part of it is gone."""

    @property
    def embedded(self) -> int:
        """How many chunks went through the embedding function."""
        return self.added + self.reembedded
