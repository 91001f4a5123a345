"""Remote parts of retrieval through respx: OpenAI embeddings and a Chroma server."""

from __future__ import annotations

import base64
import json
from pathlib import Path

import httpx
import numpy as np
import pytest
import respx
from pydantic import SecretStr

from tools.retrieval import (
    ChromaUnavailableError,
    ContextIndex,
    EmbeddingServiceError,
    MiniLMEmbeddingFunction,
    OpenAIEmbeddingFunction,
    chroma_client,
    embedding_function,
)
from tools.settings import Settings, SettingsError

OPENAI_URL = "https://llm.example.test/v1"
CHROMA_URL = "http://chroma.example.test:8000"
DATABASE = "/api/v2/tenants/default_tenant/databases/default_database"


def _embedding_payload(request: httpx.Request) -> httpx.Response:
    body = json.loads(request.content)
    vectors = [np.full(8, 0.5 + n, dtype=np.float32) for n in range(len(body["input"]))]
    encode = body.get("encoding_format") == "base64"
    return httpx.Response(
        200,
        json={
            "object": "list",
            "model": body["model"],
            "data": [
                {
                    "object": "embedding",
                    "index": n,
                    "embedding": (
                        base64.b64encode(v.tobytes()).decode() if encode else v.tolist()
                    ),
                }
                for n, v in enumerate(vectors)
            ],
            "usage": {"prompt_tokens": 5, "total_tokens": 5},
        },
    )


@pytest.fixture
def openai_routes():
    """The OpenAI `/embeddings` endpoint: 8-dimension vectors, one per input."""
    with respx.mock(base_url=OPENAI_URL, assert_all_called=False) as routes:
        routes.post("/embeddings", name="embeddings").mock(
            side_effect=_embedding_payload
        )
        yield routes


@pytest.fixture
def chroma_routes():
    """A Chroma 1.x server that answers the calls a client makes when it connects."""
    with respx.mock(base_url=CHROMA_URL, assert_all_called=False) as routes:
        routes.get("/api/v2/heartbeat", name="heartbeat").respond(
            json={"nanosecond heartbeat": 1}
        )
        routes.get("/api/v2/auth/identity").respond(
            json={"user_id": "", "tenant": "default_tenant", "databases": []}
        )
        routes.get("/api/v2/tenants/default_tenant").respond(
            json={"name": "default_tenant"}
        )
        routes.get(DATABASE).respond(
            json={
                "id": "00000000-0000-0000-0000-000000000000",
                "name": "default_database",
                "tenant": "default_tenant",
            }
        )
        yield routes


def openai_function(**overrides) -> OpenAIEmbeddingFunction:
    args = {
        "api_key": SecretStr("sk-test"),
        "base_url": OPENAI_URL,
        "max_retries": 0,
        "dimensions": 8,
    }
    return OpenAIEmbeddingFunction("text-embedding-3-small", **(args | overrides))


def test_openai_embeddings_go_through_our_http_client(openai_routes) -> None:
    vectors = openai_function()(["SSO login fails", "invoice dispute"])

    request = openai_routes["embeddings"].calls.last.request
    assert json.loads(request.content)["input"] == [
        "SSO login fails",
        "invoice dispute",
    ]
    assert request.headers["authorization"] == "Bearer sk-test"
    assert [list(v) for v in vectors] == [[0.5] * 8, [1.5] * 8]


def test_openai_refusal_is_a_typed_error(openai_routes) -> None:
    openai_routes["embeddings"].respond(
        401, json={"error": {"message": "Incorrect API key provided", "code": "401"}}
    )

    with pytest.raises(EmbeddingServiceError, match="Incorrect API key") as failed:
        openai_function()(["hello"])

    assert failed.value.model == "text-embedding-3-small"
    assert "CSOPS_EMBEDDING_PROVIDER=minilm" in str(failed.value)


def test_openai_config_round_trips_without_the_key() -> None:
    function = openai_function()

    rebuilt = OpenAIEmbeddingFunction.build_from_config(function.get_config())

    assert function.get_config() == {"model": "text-embedding-3-small", "dimensions": 8}
    assert (rebuilt.model, rebuilt.dimension) == ("text-embedding-3-small", 8)


def test_settings_choose_the_embedding_function(tmp_path: Path) -> None:
    local = Settings(data_dir=tmp_path)
    keyless = Settings(data_dir=tmp_path, embedding_provider="openai")
    keyed = keyless.model_copy(update={"openai_api_key": SecretStr("sk-real")})

    assert isinstance(embedding_function(local), MiniLMEmbeddingFunction)
    assert embedding_function(keyed).model == "text-embedding-3-small"
    with pytest.raises(SettingsError, match="OPENAI_API_KEY"):
        embedding_function(keyless)


def test_an_unreachable_chroma_server_is_a_typed_error(chroma_routes) -> None:
    chroma_routes["heartbeat"].side_effect = httpx.ConnectError("connection refused")
    settings = Settings(chroma_url=CHROMA_URL)

    with pytest.raises(ChromaUnavailableError, match="connection refused") as failed:
        chroma_client(settings)

    assert failed.value.url == CHROMA_URL
    assert "CSOPS_CHROMA_URL" in str(failed.value)


def test_a_failing_heartbeat_is_a_typed_error(chroma_routes) -> None:
    chroma_routes["heartbeat"].respond(503)

    with pytest.raises(ChromaUnavailableError, match="answered 503"):
        chroma_client(Settings(chroma_url=CHROMA_URL))


def test_the_http_client_carries_our_timeout(chroma_routes) -> None:
    client = chroma_client(Settings(chroma_url=CHROMA_URL, chroma_timeout_s=7.5))

    assert client._server._session.timeout == httpx.Timeout(7.5, connect=5.0)


def test_a_stalled_chroma_server_ends_in_a_typed_error(chroma_routes) -> None:
    chroma_routes.get(f"{DATABASE}/collections/account_context").mock(
        side_effect=httpx.ReadTimeout("read timed out")
    )
    settings = Settings(chroma_url=CHROMA_URL, chroma_timeout_s=1.0)

    with pytest.raises(ChromaUnavailableError, match="timed out"):
        ContextIndex.open(settings)
