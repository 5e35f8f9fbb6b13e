"""A restore loses no change: a revision number the server holds with other content is a
conflict, resolved by sending the change again above the server's newest revision."""

from __future__ import annotations

from sync.cli import main
from sync.client import progress as outcomes
from sync.store import Store, open_store
from sync.store import reports as repo
from sync.store.schemas import ReportState
from tests.support.fixtures import engine_for, enroll_store
from tests.support.reports import make_reports


def _cli(store: Store, *args: str) -> int:
    return main(["--data-dir", str(store.data_dir), *args])


def _sync(store: Store):
    result = engine_for(store).run_pass()
    assert result.outcome == outcomes.SUCCESS and result.pending == 0, result.error
    return result


def _restored(store: Store, backup) -> Store:
    """`pantau restore` of the backup into the PC's data folder (no store open meanwhile)."""
    store.close()
    assert _cli(store, "restore", str(backup)) == 0
    return open_store(store.data_dir, auto_backup=False)


def _amended(store: Store, report_id, **changes):
    with store.session() as s:
        data = {**repo.get_report(session=s, report_id=report_id).report.data, **changes}
        return repo.amend_report(session=s, report_id=report_id, data=data)


def _on_server(analyst, report_id) -> list[tuple[int, str, str]]:
    """(revision, status, alert level) of every revision the server holds."""
    detail = analyst.detail(report_id)
    return [(r["revision"], r["status"], r["data"]["tingkat"]) for r in detail["revisions"]]


def test_changes_made_after_a_restore_reach_the_server_as_new_revisions(
    store, server, analyst, tmp_path
):
    enroll_store(store, server)
    x, y = make_reports(store, 2, seed=4)
    _sync(store)
    backup = tmp_path / "cadangan.db"
    assert _cli(store, "backup", "--out", str(backup)) == 0

    # After the backup: X amended (A), Y amended; the server holds both as revision 2.
    _amended(store, x, tingkat="waspada", kronologi="Perubahan A.")
    _amended(store, y, tingkat="waspada")
    _sync(store)

    # The disk is restored from the backup: this PC no longer knows those revisions 2.
    store = _restored(store, backup)
    try:
        assert _amended(store, x, tingkat="awas", kronologi="Perubahan B.").revision == 2
        with store.session() as s:
            assert repo.withdraw_report(session=s, report_id=y, reason="Laporan ganda").revision == 2
        result = _sync(store)
        assert (result.conflicts, result.delivered, result.duplicates) == (2, 2, 0)

        # The server keeps A and now holds B above it, and Y withdrawn.
        assert _on_server(analyst, x)[1:] == [(2, "submitted", "waspada"), (3, "submitted", "awas")]
        assert analyst.detail(x)["revisions"][2]["data"]["kronologi"] == "Perubahan B."
        assert [r[:2] for r in _on_server(analyst, y)] == [
            (1, "submitted"),
            (2, "submitted"),
            (3, "withdrawn"),
        ]
        assert analyst.detail(y)["status"] == "withdrawn"
        # The PC shows what the server holds: B delivered as revision 3, Y withdrawn.
        with store.session() as s:
            shown_x = repo.get_report(session=s, report_id=x)
            shown_y = repo.get_report(session=s, report_id=y).report
        assert (shown_x.report.state, shown_x.report.revision) == (ReportState.DELIVERED, 3)
        assert [(r.revision, r.renumbered_from) for r in shown_x.revisions] == [(1, None), (3, 2)]
        assert (shown_y.state, shown_y.revision) == (ReportState.WITHDRAWN, 3)
    finally:
        store.close()

    # Restored once more: the first sync learns the server's revisions before any new one
    # is numbered, so the next change goes straight above them.
    store = _restored(store, backup)
    try:
        assert _sync(store).conflicts == 0
        assert _amended(store, x, tingkat="siaga").revision == 4
        result = _sync(store)
        assert (result.conflicts, result.delivered) == (0, 1)
        assert [r[0] for r in _on_server(analyst, x)] == [1, 2, 3, 4]
    finally:
        store.close()
