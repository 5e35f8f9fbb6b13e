"""PostgreSQL in production: several server processes on one database, and outages."""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack, contextmanager
from pathlib import Path

import psycopg
import pytest
import requests
from sqlalchemy.engine import make_url
from sqlmodel import func, select

from sync.server.models import Report, ReportRevision
from tests.server.conftest import LIMITS, db_session, enrolled, item
from tests.support.server import ServerHandle, pg_database_url, running_server

pytestmark = [pytest.mark.postgres, pytest.mark.slow]
PUSHES = 6


def test_two_processes_store_a_concurrent_batch_once(tmp_path: Path) -> None:
    url = pg_database_url()
    if url is None:
        pytest.skip("PANTAU_TEST_DATABASE_URL is not set")
    with ExitStack() as stack, ThreadPoolExecutor(PUSHES) as pool:
        # Both start, and so migrate, at the same moment: the advisory lock serialises that.
        def start(name: str) -> ServerHandle:
            return stack.enter_context(
                running_server(tmp_path / name, database_url=url, extra_env=LIMITS, process=True)
            )

        servers = list(pool.map(start, ["a", "b"]))
        device = enrolled(servers[0], "81.71")
        batch = [item(urgent=i % 7 == 0) for i in range(200)]
        barrier = threading.Barrier(PUSHES)

        def push(server: ServerHandle) -> list[str]:
            barrier.wait(10)
            response = requests.post(
                f"{server.api}/push", json={"items": batch}, headers=device.http.headers, timeout=60
            )
            assert response.status_code == 200, response.text
            return [r["status"] for r in response.json()["results"]]

        answers = list(pool.map(push, [servers[i % 2] for i in range(PUSHES)]))
    # Each item was accepted by exactly one push and reported duplicate by all the others.
    for index in range(len(batch)):
        assert sorted(a[index] for a in answers) == ["accepted"] + ["duplicate"] * (PUSHES - 1)
    with db_session(servers[0]) as session:
        assert session.exec(select(func.count()).select_from(ReportRevision)).one() == len(batch)
        assert session.exec(select(func.count()).select_from(Report)).one() == len(batch)


def test_database_outage_is_503_then_recovers(tmp_path: Path) -> None:
    url = pg_database_url()
    if url is None:
        pytest.skip("PANTAU_TEST_DATABASE_URL is not set")
    with running_server(tmp_path / "s", database_url=url, extra_env=LIMITS) as server:
        device = enrolled(server, "81.71")
        with _database_stopped(url):
            response = device.push([item()])
            assert response.status_code == 503
            assert response.json()["code"] == "unavailable"
            assert response.headers["Retry-After"]
            assert device.get("/health").status_code == 200  # the process itself is fine
        assert device.statuses([item()]) == ["accepted"]


@contextmanager
def _database_stopped(url: str) -> Iterator[None]:
    """Refuse new connections to the test database and cut the open ones, then allow again."""
    name = make_url(url).database
    admin = make_url(os.environ["PANTAU_TEST_DATABASE_URL"]).set(drivername="postgresql")
    with psycopg.connect(
        admin.render_as_string(hide_password=False), autocommit=True
    ) as connection:
        connection.execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS false')
        connection.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s", [name]
        )
        try:
            yield
        finally:
            connection.execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS true')
