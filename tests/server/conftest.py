"""Server fixtures: one real server per backend (SQLite, PostgreSQL) per test module."""

from __future__ import annotations

import functools
import gzip
import json
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import pytest
import requests
from sqlalchemy.engine import Engine
from sqlmodel import Session, func, select

from sync.server import admin
from sync.server.db import make_engine
from sync.server.models import ReportRevision
from sync.server.settings import SQLITE_FILE
from tests.support.reports import VALID_DATA, item, report_data  # noqa: F401 (re-exported)
from tests.support.server import ServerHandle, pg_database_url, running_server

# Small limits so that the size rules are tested with small bodies.
LIMITS = {
    "PANTAU_SERVER_MAX_BODY_BYTES": str(1024 * 1024),
    "PANTAU_SERVER_MAX_ATTACHMENT_BYTES": str(2 * 1024 * 1024),
    "PANTAU_SERVER_API_DOCS": "true",  # schemathesis reads /openapi.json
}
TIMEOUT = 15
@dataclass
class Client:
    """A `requests.Session` with a bearer token against one server."""

    server: ServerHandle
    http: requests.Session
    office: str | None = None
    device_id: str | None = None

    def get(self, path: str, **kwargs: Any) -> requests.Response:
        return self.http.get(self.server.api + path, timeout=TIMEOUT, **kwargs)

    def post(self, path: str, **kwargs: Any) -> requests.Response:
        return self.http.post(self.server.api + path, timeout=TIMEOUT, **kwargs)

    def put(self, path: str, **kwargs: Any) -> requests.Response:
        return self.http.put(self.server.api + path, timeout=TIMEOUT, **kwargs)

    def push(self, items: list[dict[str, Any]], *, gzipped: bool = False) -> requests.Response:
        if not gzipped:
            return self.post("/push", json={"items": items})
        body = gzip.compress(json.dumps({"items": items}).encode())
        return self.post(
            "/push",
            data=body,
            headers={"Content-Encoding": "gzip", "Content-Type": "application/json"},
        )

    def statuses(self, items: list[dict[str, Any]]) -> list[str]:
        response = self.push(items)
        assert response.status_code == 200, response.text
        return [result["status"] for result in response.json()["results"]]


def client(server: ServerHandle, token: str | None = None) -> Client:
    http = requests.Session()
    if token:
        http.headers["Authorization"] = f"Bearer {token}"
    return Client(server=server, http=http)


def enrolment_code(
    server: ServerHandle, office: str, label: str = "PC", *, now: datetime | None = None
) -> str:
    """A code issued in-process on the server's database (the CLI costs a second per call)."""
    with db_session(server) as session:
        return admin.issue_enrolment_code(
            session=session, office=office, label=label, ttl=timedelta(days=7), now=now
        ).code


def enrolled(server: ServerHandle, office: str = "81.71", label: str = "PC") -> Client:
    """A device of `office`, enrolled through the API."""
    code = enrolment_code(server, office, label)
    response = requests.post(
        f"{server.api}/enroll", json={"code": code, "label": label}, timeout=TIMEOUT
    )
    assert response.status_code == 200, response.text
    body = response.json()
    device = client(server, body["token"])
    device.office = body["office"]
    device.device_id = body["device_id"]
    return device


def database_url(server: ServerHandle) -> str:
    return server.database_url or f"sqlite:///{server.data_dir / SQLITE_FILE}"


@functools.cache
def _engine(url: str) -> Engine:
    return make_engine(url, pool_size=2)


def db_session(server: ServerHandle) -> Session:
    """A session on the server's own database, to check what was really stored."""
    return Session(_engine(database_url(server)))


def count_revisions(server: ServerHandle, report_id: str) -> int:
    with db_session(server) as session:
        return session.exec(
            select(func.count()).where(ReportRevision.report_id == uuid.UUID(report_id))
        ).one()


BACKENDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]


def backend_url(backend: str, *, migrated: bool = False) -> str | None:
    if backend == "sqlite":
        return None
    url = pg_database_url(migrated=migrated)
    if url is None:
        pytest.skip("PANTAU_TEST_DATABASE_URL is not set")
    return url


@pytest.fixture(scope="module", params=BACKENDS)
def server(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[ServerHandle]:
    """A server on SQLite or on a fresh PostgreSQL database, shared by one test module."""
    url = backend_url(request.param, migrated=True)
    with running_server(
        tmp_path_factory.mktemp(f"server-{request.param}"), database_url=url, extra_env=LIMITS
    ) as handle:
        yield handle


@pytest.fixture(scope="module")
def analyst(server: ServerHandle) -> Client:
    return client(server, server.analyst_token("Analis Provinsi"))


@pytest.fixture(scope="module")
def device(server: ServerHandle) -> Client:
    return enrolled(server, "81.71")
