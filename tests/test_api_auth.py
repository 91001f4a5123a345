"""Keys, roles, limits: who may call what, and how the API says no."""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient
from pydantic import SecretStr

from api.app import create_app
from api.auth import hash_key
from tests.api_support import (
    CSM,
    OPS,
    OPS_KEY,
    VIEWER,
    settings_for,
)
from tools.settings import SettingsError


def test_health_needs_no_key(api_client):
    assert api_client.get("/api/health").json() == {"status": "ok"}


@pytest.mark.parametrize(
    ("headers", "detail"),
    [
        ({}, "missing API key"),
        ({"Authorization": "Bearer nope"}, "invalid API key"),
        ({"X-API-Key": "nope"}, "invalid API key"),
    ],
)
def test_bad_or_missing_key_is_401(api_client, headers, detail):
    answer = api_client.get("/api/workflows", headers=headers)

    assert (answer.status_code, answer.json()) == (401, {"detail": detail})
    assert answer.headers["www-authenticate"] == "Bearer"


@pytest.mark.parametrize(
    ("headers", "role"),
    [(OPS, "ops"), (CSM, "csm"), (VIEWER, "viewer"), ({"X-API-Key": OPS_KEY}, "ops")],
)
def test_me_names_the_role_of_either_header(api_client, headers, role):
    assert api_client.get("/api/me", headers=headers).json()["role"] == role


def test_a_hashed_key_works_and_the_plain_one_is_not_kept(api_book):
    keys = [{"name": "hashed", "role": "viewer", "sha256": hash_key(OPS_KEY)}]
    settings = settings_for(api_book, api_keys=SecretStr(json.dumps(keys)))

    with TestClient(create_app(settings)) as api_client:
        answer = api_client.get("/api/me", headers={"X-API-Key": OPS_KEY})

    assert answer.json() == {"name": "hashed", "role": "viewer", "person": None}


@pytest.mark.parametrize(
    ("keys", "message"),
    [
        ([{"name": "a", "role": "ops", "key": "short"}], "too short"),
        ([{"name": "a", "role": "ops", "key": "changeme-changeme-changeme"}], "too"),
        ([{"name": "a", "role": "csm", "key": OPS_KEY}], "needs person"),
        ("not json", "not a JSON list"),
    ],
)
def test_placeholder_and_malformed_keys_are_refused(api_book, keys, message):
    text = keys if isinstance(keys, str) else json.dumps(keys)

    with pytest.raises(SettingsError, match=message):
        create_app(settings_for(api_book, api_keys=SecretStr(text)))


def test_rate_limit_is_429_per_key(api_book):
    with TestClient(create_app(settings_for(api_book, api_rate_limit="3/minute"))) as c:
        codes = [c.get("/api/me", headers=OPS).status_code for _ in range(4)]
        other = c.get("/api/me", headers=VIEWER)

    assert codes == [200, 200, 200, 429]
    assert other.status_code == 200


def test_rate_limited_answer_is_exact(api_book):
    with TestClient(create_app(settings_for(api_book, api_rate_limit="1/minute"))) as c:
        c.get("/api/me", headers=OPS)
        answer = c.get("/api/me", headers=OPS)

    assert answer.json() == {"detail": "rate limit exceeded"}
    assert 1 <= int(answer.headers["retry-after"]) <= 60


def test_body_over_the_limit_is_413(api_client):
    body = json.dumps({"description": "a" * 1_100_000})

    answer = api_client.post(
        "/api/workflows/design",
        content=body,
        headers=OPS | {"Content-Type": "application/json"},
    )

    assert (answer.status_code, answer.json()) == (
        413,
        {"detail": "request body too large"},
    )


def test_chunked_body_over_the_limit_is_413(api_client):
    def chunks():
        yield b'{"description": "'
        for _ in range(20):
            yield b"a" * 100_000
        yield b'"}'

    answer = api_client.post(
        "/api/workflows/design",
        content=chunks(),
        headers=OPS | {"Content-Type": "application/json"},
    )

    assert (answer.status_code, answer.json()) == (
        413,
        {"detail": "request body too large"},
    )


def test_openapi_is_published_with_both_key_schemes(api_client):
    document = api_client.get("/openapi.json").json()

    assert set(document["components"]["securitySchemes"]) == {
        "HTTPBearer",
        "APIKeyHeader",
    }
    assert "/api/workflows/{ref}/publish" in document["paths"]
    assert api_client.get("/docs").status_code == 200
