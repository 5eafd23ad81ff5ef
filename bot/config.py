"""Settings: the one place that reads the environment (and `.env`)."""

from __future__ import annotations

import re
from functools import cached_property
from pathlib import Path
from typing import Literal

from pydantic import Field, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

KINDS = ("researcher", "company", "hospital", "university", "investor", "public", "staff")
REGIONS = ("capital-region-dk", "region-zealand", "region-skane", "massachusetts", "other")

_PLACEHOLDERS = {"changeme", "change-me", "secret", "xxx", "todo"}


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    environment: Literal["development", "production"] = "development"

    # storage
    bot_data_dir: Path = Path("./var")
    database_url: str | None = None
    chroma_host: str | None = None
    chroma_port: int = 8000
    chroma_collection: str = "knowledge"
    knowledge_dir: Path = Path("./knowledge")

    # answering
    llm_model: str | None = None
    llm_base_url: str | None = None
    llm_api_key: str | None = None
    llm_timeout_seconds: float = 30.0
    llm_max_tokens: int = 600
    max_question_chars: int = 1500
    # Calibrated on eval/qa_knowledge.jsonl with `python -m bot eval qa --calibrate`.
    abstain_threshold: float = 0.395
    staff_contact: str = "the collaboration secretariat (#oresund-massachusetts-help)"

    # retrieval
    retrieval_k: int = 6
    embed_threads: int = 0  # 0: let onnxruntime decide

    # Slack
    slack_bot_token: str | None = None
    slack_signing_secret: str | None = None
    slack_app_token: str | None = None
    slack_api_url: str | None = None
    staff_slack_ids: str = ""
    staff_slack_usergroup: str | None = None
    staff_channel: str | None = None
    user_rate_per_minute: int = 12

    # introductions
    intro_require_approval: bool = False
    intro_expiry_days: int = 14
    intro_reminder_days: int = 7
    intro_max_open_per_requester: int = 5
    intro_max_open_per_contact: int = 3
    intro_sweep_minutes: int = 15

    # knowledge base uploads
    max_upload_bytes: int = 10 * 1024 * 1024
    kb_url_allowlist: str = ""  # comma-separated hosts that /kb add URL may fetch even if private

    # Teams
    teams_app_id: str | None = None
    teams_app_password: str | None = None
    teams_tenant_id: str | None = None

    log_level: str = Field(default="INFO")

    @field_validator("database_url")
    @classmethod
    def _normalise_db_url(cls, value: str | None) -> str | None:
        # Hosting platforms hand out plain postgres:// URLs; SQLAlchemy needs the driver named.
        if not value:
            return None
        for prefix in ("postgres://", "postgresql://"):
            if value.startswith(prefix):
                return "postgresql+psycopg://" + value[len(prefix):]
        return value

    @field_validator("chroma_collection")
    @classmethod
    def _chroma_collection_name(cls, value: str) -> str:
        # Chroma's own rule; checked here so a typo is a configuration error, not an "unavailable" server.
        if not re.fullmatch(r"[a-zA-Z0-9][a-zA-Z0-9._-]{1,510}[a-zA-Z0-9]", value):
            raise ValueError("CHROMA_COLLECTION must be 3-512 characters of letters, digits, '.', '_' or '-', "
                             "starting and ending with a letter or digit")
        return value

    @model_validator(mode="after")
    def _refuse_placeholders_in_production(self) -> "Settings":
        if self.environment == "production":
            for name in ("slack_signing_secret", "slack_bot_token", "teams_app_password"):
                value = getattr(self, name)
                if value is not None and value.strip().lower() in _PLACEHOLDERS:
                    raise ValueError(f"{name.upper()} holds a placeholder value; set the real secret")
        return self

    @property
    def resolved_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.bot_data_dir / 'assistant.sqlite3').resolve()}"

    @property
    def chroma_path(self) -> Path:
        return self.bot_data_dir / "chroma"

    @property
    def uploads_dir(self) -> Path:
        return self.bot_data_dir / "uploads"

    @cached_property
    def staff_ids(self) -> frozenset[str]:
        return frozenset(s.strip() for s in self.staff_slack_ids.split(",") if s.strip())

    @cached_property
    def url_allowlist(self) -> frozenset[str]:
        return frozenset(s.strip().lower() for s in self.kb_url_allowlist.split(",") if s.strip())

    @property
    def teams_production(self) -> bool:
        return bool(self.teams_app_id and self.teams_app_password and self.teams_tenant_id)
