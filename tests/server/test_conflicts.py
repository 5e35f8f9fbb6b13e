"""Same (report id, revision), other content: a conflict with the server's latest revision."""

from __future__ import annotations

import threading
import uuid
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
import requests
from sqlmodel import select

from sync.server.models import Report, ReportRevision
from tests.server.conftest import Client, db_session, enrolled, item, report_data
from tests.support.server import ServerHandle


def _amended(first: dict[str, Any], revision: int, **data: Any) -> dict[str, Any]:
    return item(report_id=first["id"], revision=revision, data=dict(first["data"], **data))


def test_same_revision_with_other_content_is_a_conflict(
    server: ServerHandle, device: Client
) -> None:
    """The restore story: rev 2 = A delivered, then a restored PC numbers its amendment B as 2."""
    first = item()
    amendment_a = _amended(first, 2, kronologi="Amandemen A sebelum pemulihan.")
    assert device.statuses([first, amendment_a]) == ["accepted", "accepted"]
    amendment_b = _amended(first, 2, kronologi="Amandemen B sesudah pemulihan.", tingkat="awas")
    withdrawal = item(
        report_id=first["id"], revision=2, status="withdrawn", data={}, withdraw_reason="salah"
    )
    response = device.push([amendment_b, withdrawal, amendment_a])
    assert response.status_code == 200, response.text
    results = response.json()["results"]
    assert [r["status"] for r in results] == ["conflict", "conflict", "duplicate"]
    assert [r["latest_revision"] for r in results[:2]] == [2, 2]
    assert "revision 3" in results[0]["reason"]
    # Resolved as the server said: the change goes in as latest_revision + 1.
    assert device.statuses([dict(amendment_b, revision=3)]) == ["accepted"]
    with db_session(server) as session:
        report = session.get(Report, uuid.UUID(first["id"]))
        assert report is not None and report.latest_revision == 3 and report.urgent
        stored = session.exec(
            select(ReportRevision).where(ReportRevision.report_id == uuid.UUID(first["id"]))
        ).all()
        assert {r.revision: r.data["kronologi"] for r in stored}[2] == "Amandemen A sebelum pemulihan."


def test_resend_with_other_timestamps_is_still_a_duplicate(device: Client) -> None:
    first = item()
    assert device.statuses([first]) == ["accepted"]
    resent = dict(first, updated_at="2024-02-14T10:00:00+09:00")
    assert device.statuses([resent]) == ["duplicate"]


def test_conflict_inside_one_batch_names_the_latest(device: Client) -> None:
    first = item()
    other = dict(first, data=report_data(kronologi="Isi lain untuk id dan revisi yang sama."))
    response = device.push([first, other, first])
    results = response.json()["results"]
    assert [r["status"] for r in results] == ["accepted", "conflict", "duplicate"]
    assert results[1]["latest_revision"] == 1


def test_latest_revisions_answers_only_this_offices_reports(
    server: ServerHandle, device: Client
) -> None:
    mine = item()
    assert device.statuses([mine, _amended(mine, 2, kronologi="Revisi kedua.")]) == ["accepted"] * 2
    tual = enrolled(server, "81.72")
    theirs = item("81.72")
    assert tual.statuses([theirs]) == ["accepted"]
    unknown = str(uuid.uuid4())
    response = device.post("/revisions/latest", json={"ids": [mine["id"], theirs["id"], unknown]})
    assert response.status_code == 200, response.text
    assert response.json() == {"latest": {mine["id"]: 2}}
    assert tual.post("/revisions/latest", json={"ids": [mine["id"]]}).json() == {"latest": {}}
    assert requests.post(
        f"{server.api}/revisions/latest", json={"ids": [mine["id"]]}, timeout=10
    ).status_code == 401


def test_two_offices_pushing_one_new_id_at_once_leave_one_owner(server: ServerHandle) -> None:
    """Ownership is decided by the database: never revisions from both, never a silent loss."""
    ambon, tual = enrolled(server, "81.71"), enrolled(server, "81.07")
    trials = 12
    with ThreadPoolExecutor(2) as pool:
        for _ in range(trials):
            report_id = str(uuid.uuid4())
            barrier = threading.Barrier(2)

            def push(device: Client, report_id: str = report_id, barrier: Any = barrier) -> str:
                batch = [item(device.office, report_id=report_id, revision=r) for r in (1, 2)]
                barrier.wait(10)
                response = device.push(batch)
                assert response.status_code == 200, response.text
                statuses = {r["status"] for r in response.json()["results"]}
                assert len(statuses) == 1, statuses
                return statuses.pop()

            answers = sorted(pool.map(push, [ambon, tual]))
            assert answers == ["accepted", "rejected"]
            with db_session(server) as session:
                report = session.get(Report, uuid.UUID(report_id))
                revisions = session.exec(
                    select(ReportRevision).where(ReportRevision.report_id == uuid.UUID(report_id))
                ).all()
                assert report is not None
                assert {r.office for r in revisions} == {report.office}
                assert len(revisions) == 2 and report.latest_revision == 2


@pytest.mark.parametrize("ids", [[], ["not-a-uuid"]])
def test_latest_revisions_input(device: Client, ids: list[str]) -> None:
    response = device.post("/revisions/latest", json={"ids": ids})
    assert response.status_code == (200 if not ids else 422)
