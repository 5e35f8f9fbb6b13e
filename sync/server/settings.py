"""Server configuration: one pydantic-settings class read from the environment."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Literal

from pydantic import AliasChoices, Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from sync.paths import server_data_dir

SQLITE_FILE = "pantau-server.db"
# Passwords copied from tutorials and compose files; a provincial server must not run with them.
DEFAULT_SECRETS = frozenset({"changethis", "changeme", "secret", "password", "example"})


class ServerSettings(BaseSettings):
    """Everything the server process needs; `PANTAU_SERVER_*` variables and `DATABASE_URL`."""

    model_config = SettingsConfigDict(env_prefix="PANTAU_SERVER_", extra="ignore")

    data_dir: Path = Field(default_factory=server_data_dir)
    database_url: str | None = Field(
        default=None, validation_alias=AliasChoices("DATABASE_URL", "PANTAU_SERVER_DATABASE_URL")
    )
    max_body_bytes: int = Field(default=16 * 1024 * 1024, ge=1024)
    max_attachment_bytes: int = Field(default=25 * 1024 * 1024, ge=1)
    # A file uploaded in the console by a signed-in analyst or admin (a flash-drive bundle);
    # it is held in memory while it is opened. Larger bundles: `pantau-server bundle import`.
    max_upload_bytes: int = Field(default=256 * 1024 * 1024, ge=1024)
    # Before a bearer token is verified: a small body, sent in time (see docs/deploy.md).
    max_anonymous_body_bytes: int = Field(default=64 * 1024, ge=1024)
    anonymous_body_timeout: float = Field(default=30.0, gt=0)
    body_idle_timeout: float = Field(default=60.0, gt=0)  # seconds without a byte of body
    header_timeout: float = Field(default=30.0, gt=0)  # seconds for a request's headers
    enrol_failures_allowed: int = Field(default=10, ge=1)  # refused codes per address …
    enrol_failure_window: float = Field(default=600.0, gt=0)  # … within this many seconds
    # Unfinished uploads: bytes one device may leave half-sent (default 4 attachments), and
    # how long an untouched one is kept before it is deleted.
    max_unfinished_upload_bytes: int | None = Field(default=None, ge=1)
    unfinished_upload_ttl: timedelta = timedelta(days=7)
    enrolment_code_ttl: timedelta = timedelta(days=7)
    pull_page_size: int = Field(default=500, ge=1, le=10_000)
    db_pool_size: int = Field(default=10, ge=1)
    api_docs: bool = False  # serve /docs, /redoc and /openapi.json
    log_file: bool = True
    log_level: Literal["debug", "info", "warning", "error"] = "info"
    # Console: a session ends after this long without a page; sign-in failures are throttled.
    console_idle: timedelta = timedelta(minutes=60)
    login_window: timedelta = timedelta(minutes=15)
    login_failures_per_account: int = Field(default=5, ge=1)
    login_failures_per_address: int = Field(default=20, ge=1)
    # Kesehatan sinkronisasi: an office silent this long is marked at the top of the board.
    silence_threshold: timedelta = timedelta(hours=48)
    letterhead_address: str = "Ambon"  # the line under the provincial recap's letterhead

    @field_validator("database_url")
    @classmethod
    def _check_database_url(cls, value: str | None) -> str | None:
        if not value:
            return None
        try:
            url = make_url(value)
        except ArgumentError as exc:
            raise ValueError(f"DATABASE_URL is not a database URL: {exc}") from exc
        if url.drivername in {"postgresql", "postgres"}:
            url = url.set(drivername="postgresql+psycopg")
        if url.password and url.password.lower() in DEFAULT_SECRETS:
            raise ValueError(
                "DATABASE_URL uses a well-known default password; set a real one before serving"
            )
        return url.render_as_string(hide_password=False)

    @property
    def resolved_database_url(self) -> str:
        """The configured URL, else the embedded SQLite file in the data folder."""
        return self.database_url or f"sqlite:///{self.data_dir / SQLITE_FILE}"

    @property
    def attachments_dir(self) -> Path:
        return self.data_dir / "attachments"

    @property
    def thumbnails_dir(self) -> Path:
        return self.data_dir / "thumbnails"

    @property
    def log_dir(self) -> Path:
        return self.data_dir / "logs"
