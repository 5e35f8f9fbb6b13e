"""A SQLite server whose database cannot be written answers 503 with Retry-After, then recovers."""

from __future__ import annotations

from pathlib import Path

import requests

from tests.server.conftest import LIMITS, count_revisions, enrolled, item
from tests.support.disk import fill_up, small_disk
from tests.support.server import running_server


def _unavailable(response: requests.Response) -> None:
    assert response.status_code == 503, response.text
    assert response.json()["code"] == "unavailable"
    assert int(response.headers["Retry-After"]) > 0


def test_a_full_disk_under_the_sqlite_database_is_503_then_recovers(tmp_path: Path) -> None:
    with small_disk(tmp_path / "disk", "8m") as disk, running_server(
        tmp_path / "server", database_url=f"sqlite:///{disk / 'pantau.db'}", extra_env=LIMITS
    ) as server:
        seen = enrolled(server, "81.71")
        assert seen.post("/attachments/missing", json={"sha256": []}).status_code == 200
        new = enrolled(server, "81.71", "PC baru")  # its first call records when it was seen
        batch = [item() for _ in range(150)]  # more than the WAL's free pages can take
        filler = fill_up(disk)
        _unavailable(seen.push(batch))  # the push route's write fails
        _unavailable(new.push(batch[:1]))  # the token check's write fails first
        assert seen.get("/health").status_code == 200  # the process itself is fine
        assert count_revisions(server, batch[0]["id"]) == 0  # nothing half-stored
        filler.unlink()
        assert seen.statuses(batch) == ["accepted"] * len(batch)
        assert new.statuses(batch[:1]) == ["duplicate"]
        assert count_revisions(server, batch[-1]["id"]) == 1
