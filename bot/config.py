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

MAX_REQUEST_BYTES = 1024 * 1024  # the HTTP endpoints' body limit unless MAX_REQUEST_BYTES says otherwise
_PLACEHOLDERS = {"changeme", "change-me", "secret", "xxx", "todo"}


def command_prefix(value: str) -> str:
    """`X`, `/x` or `x-` to `x`; Slack allows 32 characters per command, and `-profile` takes 8 of them."""
    value = value.strip().strip("/-").lower()
    if value and not re.fullmatch(r"[a-z0-9][a-z0-9_-]{0,20}", value):
        raise ValueError(f"a slash-command prefix is up to 21 lowercase letters, digits, - or _, e.g. `oresund` (got {value!r})")
    return value


class Settings(BaseSettings):
    # Each field's docstring is its meaning in `.env.example` (`python -m bot config env-example`).
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore",
                                      use_attribute_docstrings=True)

    environment: Literal["development", "production"] = "development"
    """`development` or `production`; `production` refuses placeholder secrets."""

    # storage
    bot_data_dir: Path = Path("./var")
    """Where embedded state lives: the SQLite file, Chroma files, uploads, caches."""
    database_url: str | None = None
    """SQLAlchemy URL of the database; a plain postgresql://user@host:port/db works too. Unset: SQLite under BOT_DATA_DIR."""
    auto_migrate: bool = True
    """Migrate the schema when a process starts. Set false in production and run `python -m bot db upgrade` as a deploy step (the app's database role then needs no DDL rights); a process then refuses to start on an older schema."""
    chroma_host: str | None = None
    """A Chroma server (`chroma run`) for the knowledge base; required when several hosts serve. Unset: embedded Chroma files under BOT_DATA_DIR."""
    chroma_port: int = 8000
    """Port of the Chroma server."""
    chroma_collection: str = "knowledge"
    """The Chroma collection of the knowledge base."""
    knowledge_dir: Path = Path("./knowledge")
    """The documents `index_docs.py` indexes by default."""
    index_examples: bool | None = None
    """Index illustrative documents (front matter `example: true`). Unset: yes in development, no in production."""

    # answering
    llm_model: str | None = None
    """A LangChain chat model, provider:model (openai:gpt-4o-mini, anthropic:..., ollama:llama3.1). Unset: offline extractive answers."""
    llm_base_url: str | None = None
    """An OpenAI-compatible server (llama.cpp, vLLM) for LLM_MODEL."""
    llm_api_key: str | None = None
    """The API key of the LLM provider or server."""
    llm_timeout_seconds: float = 30.0
    """After this many seconds the answer falls back to the extractive one, with a note."""
    llm_max_tokens: int = 600
    """Longest LLM answer, in tokens."""
    max_question_chars: int = 1500
    """Longer questions are refused with a message."""
    abstain_threshold: float = 0.395
    """Below this retrieval score the assistant says it does not know (calibrated with `python -m bot eval qa --calibrate`)."""
    staff_contact: str = "the collaboration secretariat (#oresund-massachusetts-help)"
    """Who the assistant names when it does not know."""

    # retrieval
    retrieval_k: int = 6
    """Chunks retrieved per question."""
    embed_threads: int = 0
    """Threads of the embedding model; 0 lets onnxruntime decide."""

    # Slack
    slack_bot_token: str | None = None
    """The Slack app's Bot User OAuth Token (xoxb-...)."""
    slack_signing_secret: str | None = None
    """The Slack app's signing secret; every HTTP request is verified with it."""
    slack_app_token: str | None = None
    """A Socket Mode app-level token (xapp-...); when set, `serve` uses Socket Mode instead of HTTP."""
    slack_api_url: str | None = None
    """Base URL of the Slack Web API (tests and proxies). Unset: Slack's."""
    slack_command_prefix: str = ""
    """Prefix for the slash commands where /ask or /match is taken: `x` gives /x-ask, /x-match, /x-profile, /x-kb. Use the same value with `python -m bot slack manifest --command-prefix`."""
    staff_slack_ids: str = ""
    """Comma-separated Slack user IDs allowed to manage the knowledge base and contacts."""
    staff_slack_usergroup: str | None = None
    """A Slack user group whose members are staff too."""
    staff_channel: str | None = None
    """Channel for "Ask a human", introductions needing approval and contacts without Slack."""
    user_rate_per_minute: int = 12
    """Questions one person may ask per minute."""

    # introductions
    intro_require_approval: bool = False
    """An ambassador approves each introduction request before the contact sees it."""
    intro_expiry_days: int = 14
    """Unanswered introduction requests expire after this many days."""
    intro_reminder_days: int = 7
    """The contact gets one reminder after this many days."""
    intro_max_open_per_requester: int = 5
    """Open introduction requests one person may have."""
    intro_max_open_per_contact: int = 3
    """Open introduction requests one contact may receive."""
    intro_sweep_minutes: int = 15
    """How often reminders and expiry are swept."""
    intro_follow_up_days: int = 7
    """Days after an accepted introduction when both sides are asked "Did you meet? Was it useful?"."""
    intro_unanswered_limit: int = 3
    """Requests a contact may leave to expire unanswered before they stop being suggested (until they answer one or save their profile)."""

    # background jobs and notice delivery (bot/jobs, bot/notices)
    jobs_backend: Literal["auto", "sqlite", "postgres", "redis"] = "auto"
    """Where the job queue lives. auto: Redis when REDIS_URL is set, else PostgreSQL when DATABASE_URL is PostgreSQL, else a SQLite file under BOT_DATA_DIR."""
    redis_url: str | None = None
    """A Redis server for the job queue (redis://127.0.0.1:6379/0), for scale-out."""
    jobs_queue: str = "assistant"
    """The job queue's name: deployments sharing one Redis or database keep apart."""
    jobs_workers: int = 2
    """Worker threads of `python -m bot worker` (and of the jobs `serve` runs in-process)."""
    jobs_in_process: bool = True
    """`serve` and `serve-teams` run the background jobs themselves; false: `python -m bot worker` processes do."""
    jobs_periodic: bool = True
    """Run the periodic jobs (the outbox safety net each minute, the introduction sweep); false where an outside scheduler runs `intros sweep`."""
    outbox_retry_seconds: float = 5.0
    """The first retry of a notice that failed; each further one waits twice as long."""
    outbox_max_retry_seconds: float = 3600.0
    """The longest wait between two attempts at a notice."""
    outbox_max_attempts: int = 10
    """Attempts at a notice before the staff channel gets it with the reason."""
    outbox_claim_seconds: float = 60.0
    """A worker that died while sending frees its notice after this many seconds."""

    # knowledge base uploads
    max_upload_bytes: int = 10 * 1024 * 1024
    """Largest file or page staff can add to the knowledge base, in bytes."""
    kb_inline_max_bytes: int = 2 * 1024 * 1024
    """Files shared with the bot up to this size (bytes) are indexed at once; larger ones by a background job (the worker, or in-process), with a message when done."""
    kb_url_allowlist: str = ""
    """Comma-separated hosts `/kb add URL` may fetch even though they are private."""
    kb_fetch_deadline_seconds: float = 30.0
    """A whole `/kb add URL` fetch, redirects included, must finish within this many seconds."""
    staff_work_threads: int = 2
    """Threads for slow staff work (page fetches, shared files, re-indexing), apart from the answer workers."""
    staff_work_queue: int = 8
    """Staff jobs that may wait for those threads; more are refused with a message."""

    # HTTP endpoints
    max_request_bytes: int = MAX_REQUEST_BYTES
    """Request bodies above this size (bytes) get 413 before they are read, on the Slack and Teams endpoints; Slack's and Teams' payloads stay far below it."""

    # Teams
    teams_app_id: str | None = None
    """The Azure bot registration's app id. TEAMS_* unset: local development on 127.0.0.1 without authentication."""
    teams_app_password: str | None = None
    """The Azure bot registration's client secret."""
    teams_tenant_id: str | None = None
    """The Entra tenant of the bot registration."""
    teams_staff_channel: str | None = None
    """The Teams channel (conversation id) that gets staff notices when STAFF_CHANNEL (Slack) is unset; the bot must have seen a message there."""
    staff_teams_ids: str = ""
    """Comma-separated AAD object ids allowed to approve introductions in Teams."""

    # staff console (`python -m bot console`)
    console_base_url: str = "http://127.0.0.1:8080"
    """The address staff open the console at (behind a proxy: its public https address); sign-in links and sign-in provider redirects use it."""
    console_secret_key: str | None = None
    """Signs the console's cookies and forms; every console process of a deployment needs the same value. Unset: a random key kept in BOT_DATA_DIR/console-secret."""
    console_idle_minutes: float = Field(default=30.0, gt=0)
    """A console session ends after this many minutes without a request."""
    console_session_hours: float = Field(default=12.0, gt=0)
    """A console session ends after this many hours in any case."""
    console_slack_client_id: str | None = None
    """"Sign in with Slack" (OpenID Connect): the Slack app's client id; with the secret it shows the button."""
    console_slack_client_secret: str | None = None
    """The Slack app's client secret, for "Sign in with Slack"."""
    console_slack_oidc_url: str = "https://slack.com"
    """Where Slack's OpenID Connect endpoints are (/openid/connect/authorize, /api/openid.connect.token)."""
    console_entra_client_id: str | None = None
    """Sign in with Microsoft Entra ID: the app registration's client id; with the secret it shows the button."""
    console_entra_client_secret: str | None = None
    """The Entra app registration's client secret."""
    console_entra_authority: str | None = None
    """The Entra authority, e.g. https://login.microsoftonline.com/<tenant id>. Unset: that URL with TEAMS_TENANT_ID (else `organizations`)."""

    # operations
    shutdown_grace_seconds: float = Field(default=20.0, ge=0)
    """On SIGTERM, serve and serve-teams stop accepting requests and give answers in flight this long to finish."""
    log_level: str = Field(default="INFO")
    """DEBUG, INFO, WARNING or ERROR, for serve, serve-teams and the worker (the other commands log warnings only, unless DEBUG)."""
    log_format: Literal["text", "json"] = "text"
    """`json`: one JSON object per line (time, level, logger, surface, event id, hashed user, latency), for log collectors."""

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

    @field_validator("slack_command_prefix")
    @classmethod
    def _command_prefix(cls, value: str) -> str:
        return command_prefix(value)

    @field_validator("log_level")
    @classmethod
    def _log_level(cls, value: str) -> str:
        value = value.strip().upper()
        if value not in {"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"}:
            raise ValueError("LOG_LEVEL must be DEBUG, INFO, WARNING, ERROR or CRITICAL")
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
            for name in ("slack_signing_secret", "slack_bot_token", "teams_app_password", "console_secret_key",
                         "console_slack_client_secret", "console_entra_client_secret"):
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
    def include_examples(self) -> bool:
        return self.index_examples if self.index_examples is not None else self.environment != "production"

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
    def staff_teams(self) -> frozenset[str]:
        return frozenset(s.strip() for s in self.staff_teams_ids.split(",") if s.strip())

    @cached_property
    def url_allowlist(self) -> frozenset[str]:
        return frozenset(s.strip().lower() for s in self.kb_url_allowlist.split(",") if s.strip())

    @property
    def teams_production(self) -> bool:
        return bool(self.teams_app_id and self.teams_app_password and self.teams_tenant_id)
