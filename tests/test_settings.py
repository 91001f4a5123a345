"""Settings resolve the engine and database from the environment they are given."""

from __future__ import annotations

import pytest

from tools.llm import chat_model
from tools.settings import Settings, SettingsError


@pytest.fixture(autouse=True)
def clean_env(monkeypatch):
    for name in ("OPENAI_API_KEY", "OPENAI_BASE_URL", "CSOPS_MODEL_PROVIDER"):
        monkeypatch.delenv(name, raising=False)


def test_auto_is_offline_without_a_key(tmp_path):
    settings = Settings(data_dir=tmp_path)
    assert settings.engine == "offline"
    assert settings.resolved_database_url == f"sqlite:///{tmp_path / 'csops.db'}"


def test_auto_is_openai_with_a_key_from_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("OPENAI_API_KEY", "sk-real-looking")
    monkeypatch.setenv("OPENAI_BASE_URL", "http://127.0.0.1:8000/v1")
    settings = Settings(data_dir=tmp_path)
    assert settings.engine == "openai"
    assert settings.openai_base_url == "http://127.0.0.1:8000/v1"


@pytest.mark.parametrize("key", ["", "changeme", "sk-..."])
def test_placeholder_keys_count_as_no_key(monkeypatch, key):
    monkeypatch.setenv("OPENAI_API_KEY", key)
    assert Settings().engine == "offline"


def test_forcing_openai_without_a_key_names_the_fix():
    with pytest.raises(SettingsError, match="needs OPENAI_API_KEY"):
        _ = Settings(model_provider="openai").engine


def test_environment_prefix_and_explicit_database(monkeypatch):
    monkeypatch.setenv("CSOPS_MODEL_PROVIDER", "offline")
    monkeypatch.setenv("CSOPS_DATABASE_URL", "postgresql+psycopg://u@h/db")
    settings = Settings()
    assert settings.model_provider == "offline"
    assert settings.resolved_database_url == "postgresql+psycopg://u@h/db"


def test_model_factory_uses_explicit_httpx_clients_and_limits():
    settings = Settings(
        openai_api_key="sk-test", model_timeout_s=7, model_max_retries=1
    )
    model = chat_model(settings)
    assert model.http_client is not None and model.http_async_client is not None
    assert model.request_timeout == 7
    assert model.max_retries == 1


def test_model_factory_refuses_without_a_key():
    with pytest.raises(SettingsError, match="offline engine"):
        chat_model(Settings(model_provider="offline"))


def test_a_bad_setting_is_one_line_and_exit_2(tmp_path):
    import os
    import subprocess
    import sys

    env = os.environ | {
        "CSOPS_DATA_DIR": str(tmp_path),
        "CSOPS_MODEL_TIMEOUT_S": "-1",
    }
    done = subprocess.run(
        [sys.executable, "-c", "from api.cli import main; main()", "workflows", "list"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == [
        "error: CSOPS_MODEL_TIMEOUT_S: Input should be greater than 0"
    ]
