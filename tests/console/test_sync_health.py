"""Heartbeat and the `/sinkronisasi` board in-process: what a PC says, silence, urgent reports stuck."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

from sqlmodel import select

from sync.client.heartbeat import HeartbeatSource
from sync.server import admin
from sync.server.models import DeviceContact, DeviceHealth
from sync.server.tokens import utcnow
from sync.store import open_store
from sync.store.outbox import log_sync
from sync.wire import HEARTBEAT_HEADER, Heartbeat
from tests.console.conftest import Console
from tests.support.reports import make_reports, prepare_office


def enrol(console: Console, office: str = "81.71", label: str = "PC sekretariat") -> str:
    with console.session() as session:
        code = admin.issue_enrolment_code(session=session, office=office, label=label, ttl=timedelta(days=1)).code
    answer = console.client.post("/api/v1/enroll", json={"code": code, "label": label})
    assert answer.status_code == 200, answer.text
    return answer.json()["token"]


def pull(console: Console, token: str, heartbeat: str | None) -> None:
    headers = {"Authorization": f"Bearer {token}"}
    if heartbeat is not None:
        headers[HEARTBEAT_HEADER] = heartbeat
    answer = console.client.get("/api/v1/pull", headers=headers)
    assert answer.status_code == 200, answer.text


def office_block(html: str, office: str) -> str:
    start = html.index(f'id="kantor-{office}"')
    return html[start : html.index("</tbody>", start)]


def test_a_store_heartbeat_is_small_and_says_what_waits(tmp_path: Path) -> None:
    store = open_store(tmp_path / "pc", auto_backup=False)
    try:
        prepare_office(store)
        make_reports(store, 3)
        make_reports(store, 2, seed=2, urgent=True)
        with store.session() as session:
            log_sync(session=session, started_at=utcnow(), finished_at=utcnow(), outcome="unreachable",
                     items_sent=0, items_delivered=0, items_rejected=0, bytes_up=0, bytes_down=0,
                     detail="connection to the server timed out " * 20)  # fmt: skip
        header = HeartbeatSource(store)()
    finally:
        store.close()
    assert len(header.encode("ascii")) < 200, header
    beat = Heartbeat.model_validate(json.loads(header))
    assert (beat.wait, beat.urgent) == (5, 2)
    assert beat.oldest is not None and beat.uoldest is not None
    assert beat.err.startswith("connection to the server timed out")
    assert beat.forms == {} and beat.app  # no form version pulled from the province yet


def test_board_marks_urgent_waiting_and_silence_when_the_clock_moves(sqlite_console: Console) -> None:
    console = sqlite_console
    token = enrol(console)
    beat = Heartbeat(app="0.1.0", wait=4, urgent=1, oldest=7300, uoldest=7200, err="timeout", forms={"deteksi_dini": 1})
    pull(console, token, beat.header())
    viewer = console.sign_in("pimpinan", "viewer")
    page = viewer.get("/sinkronisasi")
    assert page.status_code == 200
    block = office_block(page.text, "81.71")
    assert "perlu perhatian" in block and "(1 mendesak)" in block and "timeout" in block and "0.1.0" in block
    assert "1 laporan mendesak menunggu di PC sekretariat sejak 2 jam" in page.text
    assert "tidak ada kontak selama" not in page.text
    # The PC sends its backlog: nothing waits; the office is fine until the clock moves 49 hours.
    pull(console, token, Heartbeat(app="0.1.0", forms={"deteksi_dini": 1}).header())
    assert "perlu perhatian" not in office_block(viewer.get("/sinkronisasi").text, "81.71")
    now = utcnow()
    console.client.app.state.clock = lambda: now + timedelta(hours=49)
    page = viewer.get("/sinkronisasi")
    assert "perlu perhatian" in office_block(page.text, "81.71")
    assert "tidak ada kontak selama 2 hari" in page.text


def test_unreadable_heartbeats_are_ignored_and_contacts_counted_per_day(console: Console) -> None:
    token = enrol(console)
    for header in ("{not json", json.dumps({"wait": -1}), "x" * 2000, None):
        pull(console, token, header)  # never a refused request
    with console.session() as session:
        health = session.exec(select(DeviceHealth)).one()
        assert health.heartbeat == {}
        contacts = session.exec(select(DeviceContact)).all()
    assert [c.contacts for c in contacts] == [1]  # quick repeats are one contact
    older = Heartbeat(wait=1).header()
    pull(console, token, older)
    with console.session() as session:
        assert session.exec(select(DeviceHealth)).one().heartbeat == {"wait": 1}
