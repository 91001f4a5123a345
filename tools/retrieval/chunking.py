"""Splitting account context into chunks the embedding model can read whole.

all-MiniLM-L6-v2 truncates its input at 256 word pieces, about 180 English words, so a
long ticket thread is cut into overlapping windows of words. Each window is headed by
the record's title, which is what a CSM's query most often echoes.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator

from tools.retrieval.models import ContextChunk, ContextDocument

CHUNK_WORDS = 140
"""Words per window: with the title it stays under the model's 256 word pieces."""
OVERLAP_WORDS = 30
"""Words shared by neighbouring windows, so a sentence cut in two is whole once."""


def chunk_documents(documents: Iterable[ContextDocument]) -> Iterator[ContextChunk]:
    """Yield the chunks of every document, in order, with their content hashes."""
    for document in documents:
        yield from chunk_document(document)


def chunk_document(document: ContextDocument) -> list[ContextChunk]:
    """Cut one document into titled windows of words.

    An empty body still yields one chunk holding the title, so a ticket known only by
    its subject is findable. A document with neither yields nothing.
    """
    windows = _word_windows(document.text.split())
    if not windows and not document.title.strip():
        return []

    texts = [_titled(document.title, window) for window in windows or [""]]
    return [
        ContextChunk(
            chunk_id=f"{document.key}#{number}",
            document=document,
            text=text,
            content_hash=content_hash(text),
        )
        for number, text in enumerate(texts)
    ]


def content_hash(text: str) -> str:
    """The sha256 hex digest of the text that is embedded."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _word_windows(words: list[str]) -> list[str]:
    step = CHUNK_WORDS - OVERLAP_WORDS
    starts = range(0, max(len(words) - OVERLAP_WORDS, 1), step)
    return [" ".join(words[start : start + CHUNK_WORDS]) for start in starts if words]


def _titled(title: str, body: str) -> str:
    title = " ".join(title.split())
    if title and body:
        return f"{title}\n{body}"
    return title or body
