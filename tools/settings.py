"""The one settings class of csops.

Only the entry points (`api/`) construct `Settings()`, which reads the environment
(prefix `CSOPS_`, plus the standard `OPENAI_API_KEY` and `OPENAI_BASE_URL`); every
layer below receives the built object.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from platformdirs import user_data_dir
from pydantic import AliasChoices, Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

ModelProvider = Literal["auto", "openai", "offline"]
EmbeddingProvider = Literal["minilm", "openai"]

_PLACEHOLDER_KEYS = {"", "changeme", "sk-...", "your-key-here", "sk-xxx"}


class SettingsError(ValueError):
    """A setting is present but unusable; the message names the variable to fix."""


class Settings(BaseSettings):
    """Configuration for every csops entry point (CLI, API, benchmarks)."""

    model_config = SettingsConfigDict(
        env_prefix="CSOPS_", env_file=None, extra="ignore", populate_by_name=True
    )

    data_dir: Path = Field(
        default_factory=lambda: Path(user_data_dir("csops", appauthor=False)),
        description="Where the embedded SQLite database and checkpoints live.",
    )
    database_url: str | None = Field(
        default=None,
        description="SQLAlchemy URL; default: a SQLite file under data_dir.",
    )
    model_provider: ModelProvider = Field(
        default="auto",
        description="`auto` uses OpenAI when OPENAI_API_KEY is set, else offline.",
    )
    model_name: str = "gpt-4o-mini"
    openai_api_key: SecretStr | None = Field(
        default=None,
        validation_alias=AliasChoices("OPENAI_API_KEY", "CSOPS_OPENAI_API_KEY"),
    )
    openai_base_url: str | None = Field(
        default=None,
        validation_alias=AliasChoices("OPENAI_BASE_URL", "CSOPS_OPENAI_BASE_URL"),
    )
    model_timeout_s: float = Field(default=60.0, gt=0)
    model_max_retries: int = Field(
        default=2, ge=0, description="SDK retries of 429/5xx and connection errors."
    )
    design_review: bool = Field(
        default=False, description="Pause the designer for a human review."
    )
    chroma_url: str | None = Field(
        default=None,
        description="Chroma server URL (CSOPS_CHROMA_URL); default: a persistent "
        "Chroma under data_dir/chroma.",
    )
    chroma_timeout_s: float = Field(default=30.0, gt=0)
    embedding_provider: EmbeddingProvider = Field(
        default="minilm",
        description="`minilm` runs all-MiniLM-L6-v2 locally; `openai` needs a key.",
    )
    openai_embedding_model: str = "text-embedding-3-small"
    hubspot_token: SecretStr | None = Field(
        default=None, description="HubSpot private-app token (`csops sync hubspot`)."
    )
    zendesk_subdomain: str | None = Field(
        default=None, description="`acme` for https://acme.zendesk.com."
    )
    zendesk_email: str | None = Field(
        default=None, description="Agent email the Zendesk API token belongs to."
    )
    zendesk_token: SecretStr | None = Field(
        default=None, description="Zendesk API token (Admin Center > Zendesk API)."
    )
    connector_timeout_s: float = Field(
        default=30.0, gt=0, description="Per-request timeout of the sync connectors."
    )
    calendar_country: str | None = Field(
        default=None,
        description="ISO country whose public holidays the vendor team keeps in SLA "
        "clocks (CSOPS_CALENDAR_COUNTRY); default: each account's country.",
    )
    delivery_channel: Literal["file", "email"] = Field(
        default="file",
        description="`file` writes messages under data_dir/outbox (the demo); "
        "`email` sends through CSOPS_SMTP_HOST.",
    )
    smtp_host: str = "localhost"
    smtp_port: int = Field(default=25, gt=0)
    mail_from: str = "csops@localhost"
    slack_webhook_url: SecretStr | None = Field(
        default=None, description="Escalations also go to this incoming webhook."
    )
    delivery_timeout_s: float = Field(default=10.0, gt=0)

    api_keys: SecretStr | None = Field(
        default=None,
        description="HTTP API keys as a JSON list of {name, role, key or sha256, "
        "person} (CSOPS_API_KEYS); role is ops, csm or viewer.",
    )
    api_keys_file: Path | None = Field(
        default=None, description="A JSON file of API keys in the same shape."
    )
    link_secret: SecretStr | None = Field(
        default=None,
        description="Signs magic links (CSOPS_LINK_SECRET, 32+ random characters); "
        "unset: links are off.",
    )
    public_url: str = Field(
        default="http://127.0.0.1:8000",
        description="Where people reach this server; links are {public_url}/l/TOKEN.",
    )
    api_rate_limit: str = Field(
        default="600/minute", description="Requests per API key, e.g. 600/minute."
    )
    link_rate_limit: str = Field(
        default="30/minute",
        description="Magic-link requests (pages and API) per client address.",
    )
    auth_failure_rate_limit: str = Field(
        default="20/minute",
        description="Failed API-key or sign-in attempts per client address.",
    )
    session_secret: SecretStr | None = Field(
        default=None,
        description="Signs the pages' sign-in cookie (32+ random characters); "
        "unset: the link secret, else a random one per process.",
    )

    @field_validator("openai_api_key", "hubspot_token", "zendesk_token")
    @classmethod
    def _refuse_placeholder_key(cls, key: SecretStr | None) -> SecretStr | None:
        if key is not None and key.get_secret_value().strip() in _PLACEHOLDER_KEYS:
            return None
        return key

    @field_validator("link_secret", "session_secret")
    @classmethod
    def _refuse_placeholder_secret(cls, secret: SecretStr | None) -> SecretStr | None:
        if secret is not None:
            from tools.magic_links import check_link_secret  # raises naming the fix

            check_link_secret(secret.get_secret_value())
        return secret

    @property
    def resolved_database_url(self) -> str:
        """The database URL in force: the configured one or the embedded SQLite."""
        if self.database_url:
            return self.database_url
        return f"sqlite:///{self.data_dir / 'csops.db'}"

    @property
    def checkpoint_path(self) -> Path:
        """SQLite file holding LangGraph checkpoints (designer reviews, run graphs)."""
        return self.data_dir / "checkpoints.sqlite"

    @property
    def engine(self) -> Literal["openai", "offline"]:
        """The reasoning engine in force after resolving `auto`."""
        if self.model_provider == "offline":
            return "offline"
        if self.model_provider == "openai":
            if self.openai_api_key is None:
                raise SettingsError(
                    "CSOPS_MODEL_PROVIDER=openai needs OPENAI_API_KEY; set it, or use "
                    "CSOPS_MODEL_PROVIDER=offline"
                )
            return "openai"
        return "openai" if self.openai_api_key is not None else "offline"
