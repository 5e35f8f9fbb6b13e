"""The shared fixtures (a pytest plugin, see tests/conftest.py): a real server, an office store.

    server         a real Pantau server (SQLite) on 127.0.0.1, one per test, served in this process
    server_process the same in a process of its own (`pantau-server serve`)
    shared_server  a server for a whole test module: tests that need no fresh server take it
    store          an office PC's store (office 81.01), not enrolled yet
    analyst        the province's side of `server`, straight through its API

A suite whose tests need something else overrides the name in its conftest (tests/server
runs every module on SQLite and PostgreSQL; tests/desktop's store waits for Qt tasks).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from sync.client.backoff import Backoff
from sync.client.engine import SyncEngine
from sync.client.enrollment import enroll, transport_for
from sync.store import Store
from tests.support.reports import OFFICE
from tests.support.server import ServerHandle, running_server
from tests.support.stores import new_store


@pytest.fixture
def server(tmp_path: Path) -> Iterator[ServerHandle]:
    """A real Pantau server (SQLite) on 127.0.0.1, served in this process (tests/support/server.py)."""
    with running_server(tmp_path / "server") as handle:
        yield handle


@pytest.fixture
def server_process(tmp_path: Path) -> Iterator[ServerHandle]:
    """`pantau-server serve` in a process of its own: for a test that patches code the server runs too."""
    with running_server(tmp_path / "server", process=True) as handle:
        yield handle


@pytest.fixture(scope="module")
def shared_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerHandle]:
    """A real server shared by one test module: enrol a new PC per test instead of a new server."""
    with running_server(tmp_path_factory.mktemp("shared-server")) as handle:
        yield handle


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    """An office PC's store (office 81.01), not enrolled yet."""
    opened = new_store(tmp_path / "pc", office=OFFICE)
    yield opened
    opened.close()


def enroll_store(store: Store, server: ServerHandle, url: str | None = None) -> str:
    """Enrol `store` with `server` (through `url`, e.g. a proxy); returns the device id."""
    answer = enroll(
        store, server_url=url or server.url, code=server.enroll_code(OFFICE), label="test PC"
    )
    return str(answer.device_id)


def engine_for(store: Store, **options) -> SyncEngine:
    """An engine on the store's configured server, with fast backoff for tests."""
    options.setdefault("backoff", Backoff(base=0.05, cap=0.5))
    return SyncEngine(store, transport_for(store), **options)


class Analyst:
    """The province's side, straight to the server (no proxy): what arrived, and reviews."""

    def __init__(self, server: ServerHandle) -> None:
        self.api = server.api
        self.session = requests.Session()
        self.session.headers["Authorization"] = f"Bearer {server.analyst_token()}"

    def report_ids(self) -> list[str]:
        ids, offset = [], 0
        for _ in range(100):
            page = self.session.get(
                f"{self.api}/reports", params={"limit": 500, "offset": offset}, timeout=30
            )
            page.raise_for_status()
            items = page.json()["items"]
            ids += [item["id"] for item in items]
            offset += len(items)
            if not items:
                break
        return ids

    def detail(self, report_id) -> dict:
        answer = self.session.get(f"{self.api}/reports/{report_id}", timeout=30)
        answer.raise_for_status()
        return answer.json()

    def review(self, report_id, decision: str, comment: str) -> None:
        answer = self.session.post(
            f"{self.api}/reports/{report_id}/review",
            json={"decision": decision, "comment": comment},
            timeout=30,
        )
        answer.raise_for_status()


@pytest.fixture
def analyst(server) -> Analyst:
    return Analyst(server)
