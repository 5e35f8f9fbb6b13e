"""Conflicts: a queued revision renumbered above the server's, a restored copy numbering above it."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime
from pathlib import Path

from sync.store import Store, backup, keys, open_store, restore
from sync.store import reports as repo
from sync.store.attachments import add_attachment
from sync.store.outbox import (
    mark_delivered,
    next_batch,
    note_server_revisions,
    resolve_conflict,
)
from sync.store.schemas import ReportState
from sync.store.settings import clear_copy_mark, is_copy
from tests.support.reports import warning_data

T0 = datetime(2024, 2, 14, 1, 0, tzinfo=UTC)


def _delivered(store: Store, **data):
    with store.session() as s:
        report = repo.create_draft(
            session=s, form_id="deteksi_dini", data=warning_data(**data), submit=True
        )
        mark_delivered(session=s, report_id=report.id, revision=1, server_time=T0)
    return report


def _batch(store: Store, **options) -> list[tuple]:
    with store.session() as s:
        entries = next_batch(session=s, max_items=50, max_bytes=1 << 20, **options)
    return [(e.report_id, e.revision, e.urgent, e.item["revision"]) for e in entries]


def test_a_conflict_renumbers_the_change_above_the_server_and_keeps_everything(
    store: Store, tmp_path: Path
) -> None:
    report = _delivered(store)
    photo = tmp_path / "massa.jpg"
    photo.write_bytes(b"\xff\xd8 kerumunan massa")
    with store.session() as s:
        repo.start_amendment(session=s, report_id=report.id)
        info = add_attachment(store=store, session=s, report_id=report.id, source=photo)
        repo.submit_report(session=s, report_id=report.id)  # revision 2: the change (B)
        repo.start_amendment(session=s, report_id=report.id)  # revision 3: a draft on top
    changed = repo.get_report(session=store.session(), report_id=report.id).revisions[1]

    with store.session() as s:
        # The server holds another revision 2 (sent before this PC was restored).
        assert resolve_conflict(session=s, report_id=report.id, revision=2, server_latest=2) == 3
        detail = repo.get_report(session=s, report_id=report.id)
    assert [(r.revision, r.status, r.renumbered_from) for r in detail.revisions] == [
        (1, "submitted", None),
        (3, "submitted", 2),
        (4, "draft", 3),
    ]
    moved = detail.revisions[1]
    assert moved.data == changed.data and moved.attachments == changed.attachments == [info]
    assert detail.revisions[2].attachments == [info]
    assert (detail.report.state, detail.report.revision, detail.report.draft_revision) == (
        ReportState.CONFLICT,
        3,
        4,
    )
    assert _batch(store) == [(report.id, 3, False, 3)]  # queued again under its new number

    with store.session() as s:
        mark_delivered(session=s, report_id=report.id, revision=3, server_time=T0)
        assert repo.get_report(session=s, report_id=report.id).report.state == (
            ReportState.DELIVERED
        )
        repo.submit_report(session=s, report_id=report.id)
        assert repo.get_report(session=s, report_id=report.id).report.revision == 4


def test_a_report_goes_one_revision_at_a_time_lowest_first_as_urgent_as_its_newest(
    store: Store,
) -> None:
    calm = _delivered(store)
    other = _delivered(store)
    with store.session() as s:
        repo.amend_report(session=s, report_id=calm.id, data=warning_data(tingkat="waspada"))
        repo.amend_report(session=s, report_id=calm.id, data=warning_data(tingkat="awas"))
        repo.amend_report(session=s, report_id=other.id, data=warning_data(kategori="lainnya"))
    # Revision 3 is urgent: revision 2 goes first, in its place; revision 3 waits for it.
    assert _batch(store) == [(calm.id, 2, True, 2), (other.id, 2, False, 2)]
    assert _batch(store, exclude={(calm.id, 2)}) == [(other.id, 2, False, 2)]
    with store.session() as s:
        mark_delivered(session=s, report_id=calm.id, revision=2, server_time=T0)
    assert _batch(store) == [(calm.id, 3, True, 3), (other.id, 2, False, 2)]


def test_a_restored_copy_numbers_new_revisions_above_the_server(
    store: Store, tmp_path: Path
) -> None:
    report = _delivered(store)
    with store.session() as s:
        assert not is_copy(session=s)
    saved = backup(store, tmp_path / "cadangan.db")
    (tmp_path / "pc2").mkdir()
    # A second PC set up from this one's backup, with its key file (the office's passphrase opens it).
    shutil.copyfile(keys.key_path(store.data_dir), keys.key_path(tmp_path / "pc2"))
    restore(tmp_path / "pc2", saved)
    copy = open_store(tmp_path / "pc2", auto_backup=False)
    try:
        with copy.session() as s:
            assert is_copy(session=s)
            note_server_revisions(session=s, latest={report.id: 4})
            clear_copy_mark(session=s)
            assert not is_copy(session=s)
            amended = repo.amend_report(session=s, report_id=report.id, data=warning_data())
            assert amended.revision == 5
            withdrawn = repo.withdraw_report(session=s, report_id=report.id, reason="Ganda")
            assert withdrawn.revision == 6
    finally:
        copy.close()
