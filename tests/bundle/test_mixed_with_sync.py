"""Half by bundle, half by sync, then both again: every revision stored once, every state right."""

from __future__ import annotations

import sqlite3
from collections import Counter

from sqlmodel import select

from sync.bundle.office import export_bundle, import_receipt
from sync.cli import main as office_main
from sync.store.models import Report
from sync.store.reports import withdraw_report
from sync.store.schemas import ReportState
from tests.bundle.conftest import server_import
from tests.support.fixtures import engine_for
from tests.support.reports import make_reports


def _withdraw(store, ids) -> None:
    with store.session() as session:
        for report_id in ids:
            withdraw_report(session=session, report_id=report_id, reason="dobel")


def _states(store) -> Counter:
    with store.session() as session:
        return Counter(ReportState(r.state) for r in session.exec(select(Report)).all())


def test_bundles_and_syncs_store_each_revision_once(enrolled, server, tmp_path):
    store = enrolled
    first = make_reports(store, 20, seed=21)
    one, receipt_one = tmp_path / "1.pantau", tmp_path / "r1.pantau"
    export_bundle(store, one)
    assert server_import(server, one, receipt_one).code == 0

    second = make_reports(store, 20, seed=22)
    _withdraw(store, first[:5])
    synced = engine_for(store).run_pass()
    assert synced.error is None and synced.duplicates == 20 and synced.delivered == 25

    _withdraw(store, second[:5])
    two, receipt_two = tmp_path / "2.pantau", tmp_path / "r2.pantau"
    assert export_bundle(store, two).items == 5
    assert server_import(server, two, receipt_two).code == 0

    again = server_import(server, one, tmp_path / "r1-again.pantau")  # the old drive, again
    assert again.code == 0 and "20 duplicate" in again.out, again.out
    import_receipt(store, receipt_one)  # after the sync: acknowledges nothing new
    assert import_receipt(store, receipt_two).outcome.delivered == 5
    assert engine_for(store).run_pass().delivered == 0

    with sqlite3.connect(server.data_dir / "pantau-server.db") as db:
        revisions = db.execute("SELECT count(*), count(DISTINCT report_id) FROM report_revision").fetchone()
        withdrawn = db.execute("SELECT count(*) FROM report WHERE status = 'withdrawn'").fetchone()
    assert revisions == (50, 40) and withdrawn == (10,)
    assert _states(store) == {ReportState.DELIVERED: 30, ReportState.WITHDRAWN: 10}
    store.close()
    assert office_main(["--data-dir", str(store.data_dir), "check"]) == 0
