"""Pulling the feed through a sync pass: page after page while the server says `more`, forms arrive."""

from __future__ import annotations

import json
from pathlib import Path

import sqlalchemy as sa
from sqlmodel import select

from sync.client.transport import Transport
from sync.store.models import FormVersion
from sync.store.reports import get_report
from sync.store.schemas import ReportState
from tests.support.fixtures import Analyst, engine_for, enroll_store
from tests.support.reports import make_reports
from tests.support.server import running_server

FORMS = Path(__file__).resolve().parents[2] / "resources" / "forms"


def _pull_pages(monkeypatch) -> list[int]:
    """Counts the pages a pass pulls (the number of items of each)."""
    pages: list[int] = []
    original = Transport.pull

    def pull(self, cursor):
        page = original(self, cursor)
        pages.append(len(page.items))
        return page

    monkeypatch.setattr(Transport, "pull", pull)
    return pages


def test_a_pass_pulls_page_after_page_until_the_feed_is_empty(store, tmp_path, monkeypatch):
    with running_server(tmp_path / "server", extra_env={"PANTAU_SERVER_PULL_PAGE_SIZE": "2"}) as server:
        enroll_store(store, server)
        ids = make_reports(store, 5)
        engine_for(store).run_pass()
        analyst = Analyst(server)
        for report_id in ids:
            analyst.review(report_id, "verified", "")
        pages = _pull_pages(monkeypatch)
        assert engine_for(store).run_pass().pulled == 5
    assert pages == [2, 2, 1]  # the `more` loop ran: three pages of at most two
    with store.session() as session:
        for report_id in ids:
            assert get_report(session=session, report_id=report_id).report.state == ReportState.VERIFIED


def _publish(server, tmp_path: Path, form_id: str, version: int) -> dict:
    definition = json.loads((FORMS / f"{form_id}.v2.json").read_text(encoding="utf-8"))
    definition["version"] = version
    path = tmp_path / f"{form_id}.v{version}.json"
    path.write_text(json.dumps(definition), encoding="utf-8")
    server.cli("form", "publish", str(path))
    return definition


def _versions(store) -> set[tuple[str, int]]:
    with store.session() as session:
        return set(session.exec(select(FormVersion.form_id, FormVersion.version)).all())


def test_a_published_form_reaches_the_pc_and_a_bad_one_is_set_aside(store, server, analyst, tmp_path):
    enroll_store(store, server)
    first, second = make_reports(store, 2)
    engine_for(store).run_pass()
    analyst.review(first, "verified", "")
    _publish(server, tmp_path, "situasi_politik", 3)
    analyst.review(second, "needs_revision", "Tambahkan jam kejadian.")
    # A definition this PC cannot read (as a newer Pantau's form would be), between two reviews
    # in one page: it is set aside, the reviews around it are kept.
    engine = sa.create_engine(f"sqlite:///{server.data_dir / 'pantau-server.db'}")
    with engine.begin() as conn:
        row = conn.execute(sa.text("SELECT seq, payload FROM feed_event WHERE kind = 'form'")).one()
        payload = json.loads(row.payload)
        payload["definition"]["fields"] = "not a list of fields"
        conn.execute(
            sa.text("UPDATE feed_event SET payload = :p WHERE seq = :s"), {"p": json.dumps(payload), "s": row.seq}
        )
    engine.dispose()
    assert engine_for(store).run_pass().pulled >= 2
    assert ("situasi_politik", 3) not in _versions(store)
    with store.session() as session:
        assert get_report(session=session, report_id=first).report.state == ReportState.VERIFIED
        assert get_report(session=session, report_id=second).report.state == ReportState.NEEDS_REVISION
    # The next good version arrives through the next pass.
    _publish(server, tmp_path, "situasi_politik", 4)
    engine_for(store).run_pass()
    assert ("situasi_politik", 4) in _versions(store)
