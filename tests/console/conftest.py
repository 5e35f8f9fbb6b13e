"""Console fixtures: the app in-process on a real SQLite file (or PostgreSQL), accounts, reports."""

from __future__ import annotations

import hashlib
import io
import re
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine
from sqlmodel import Session

from sync.forms import FormRegistry
from sync.server import admin, ingest, users
from sync.server.app import create_app
from sync.server.db import make_engine, migrate
from sync.server.schemas import Principal
from sync.server.settings import ServerSettings
from sync.server.tokens import utcnow
from sync.wire import PushItem
from tests.server.conftest import report_data
from tests.support.server import copy_migrated_sqlite, pg_database_url

PASSWORD = "kata-sandi-rahasia-1"
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


@dataclass
class Console:
    """The app with its database; `client` is an anonymous browser, `browser()` makes more."""

    settings: ServerSettings
    engine: Engine
    client: TestClient

    def session(self) -> Session:
        return Session(self.engine)

    def browser(self) -> TestClient:
        return TestClient(self.client.app, base_url="http://testserver")

    def add_user(self, name: str, role: str, password: str = PASSWORD) -> None:
        with self.session() as session:
            users.add_user(session=session, username=name, role=role, password=password, actor="test")

    def sign_in(self, name: str, role: str = "analyst", *, add: bool = True) -> TestClient:
        """A new browser signed in as `name` (the account is made first unless `add=False`)."""
        if add:
            self.add_user(name, role)
        browser = self.browser()
        response = sign_in(browser, name, PASSWORD)
        assert response.status_code == 303, response.text
        return browser

    def push(self, office: str = "81.71", *, form_id: str = "deteksi_dini", revision: int = 1,
             report_id: uuid.UUID | None = None, data: dict[str, Any] | None = None,
             status: str = "submitted", attachments: list[dict[str, Any]] | None = None,
             withdraw_reason: str | None = None, now: datetime | None = None) -> uuid.UUID:
        """One report revision through the real ingest path; returns the report id."""
        report_id = report_id or uuid.uuid4()
        item = PushItem.model_validate(
            {
                "id": str(report_id),
                "revision": revision,
                "form_id": form_id,
                "form_version": 1,
                "office": office,
                "status": status,
                "created_at": "2024-02-14T01:00:00+00:00",
                "updated_at": "2024-02-14T01:00:00+00:00",
                "data": data if data is not None else report_data(office),
                "attachments": attachments or [],
                "withdraw_reason": withdraw_reason,
            }
        )
        device = Principal(kind="device", id=uuid.UUID(int=1), office=office)
        with self.session() as session:
            results = ingest.push_items(
                session=session,
                device=device,
                items=[item],
                registry=FormRegistry.bundled(),
                max_attachment_bytes=10**8,
                now=now or utcnow(),
            )
        assert results[0].status == "accepted", results[0]
        return report_id


def csrf_of(html: str) -> str:
    found = CSRF.search(html)
    assert found, "the page has no CSRF field"
    return found[1]


def sign_in(browser: TestClient, name: str, password: str, **extra: str) -> Any:
    page = browser.get("/login")
    return browser.post(
        "/login",
        data={"username": name, "password": password, "csrf_token": csrf_of(page.text), **extra},
        follow_redirects=False,
    )


def make_console(data_dir: Path, database_url: str | None = None, **overrides: Any) -> Iterator[Console]:
    settings = ServerSettings(data_dir=data_dir, database_url=database_url, log_file=False, **overrides)
    data_dir.mkdir(parents=True, exist_ok=True)
    if database_url is None:
        copy_migrated_sqlite(data_dir)  # migrate() below then finds it current
    engine = make_engine(settings.resolved_database_url, pool_size=2)
    migrate(engine)
    with Session(engine) as session:
        admin.seed_offices(session=session)
    with TestClient(create_app(settings), base_url="http://testserver") as client:
        yield Console(settings=settings, engine=engine, client=client)
    engine.dispose()


BACKENDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]


@pytest.fixture(params=BACKENDS)
def console(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Console]:
    url = None
    if request.param == "postgres":
        url = pg_database_url(migrated=True)
        if url is None:
            pytest.skip("PANTAU_TEST_DATABASE_URL is not set")
    yield from make_console(tmp_path / "server", url)


@pytest.fixture
def sqlite_console(tmp_path: Path) -> Iterator[Console]:
    yield from make_console(tmp_path / "server")


def jpeg(width: int = 800, height: int = 600) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (width, height), (200, 40, 40)).save(out, "JPEG")
    return out.getvalue()


def hold_file(console: Console, office: str, content: bytes) -> str:
    """A complete attachment on the server, as an upload leaves it (file, then its row)."""
    from sync.server.models import Attachment

    sha = hashlib.sha256(content).hexdigest()
    path = console.settings.attachments_dir / office / sha[:2] / sha
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    with console.session() as session:
        session.add(Attachment(office=office, sha256=sha, size=len(content), stored_at=utcnow()))
        session.commit()
    return sha
