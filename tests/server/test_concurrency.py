"""Several server processes on one PostgreSQL: migrations and the same batch at once."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from pathlib import Path

import pytest
import requests
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
                running_server(tmp_path / name, database_url=url, extra_env=LIMITS)
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
