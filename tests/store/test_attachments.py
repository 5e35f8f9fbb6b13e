"""Attachments: stored once by SHA-256, only on open drafts, carried by revisions, checked."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from sync.store import Store, check
from sync.store import reports as repo
from sync.store.attachments import (
    add_attachment,
    attachment_path,
    read_attachment,
    remove_attachment,
)
from sync.store.errors import InvalidTransition, StoreError, ValidationFailed
from sync.store.outbox import mark_delivered, next_batch
from tests.support.reports import warning_data


def _photo(tmp_path: Path, name: str, content: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(content)
    return path


def test_same_file_is_stored_once_and_named_by_its_hash(store: Store, tmp_path: Path) -> None:
    content = b"\xff\xd8\xff" + b"foto kerumunan" * 1000
    sha = hashlib.sha256(content).hexdigest()
    with store.session() as s:
        a = repo.create_draft(session=s, form_id="deteksi_dini", data=warning_data())
        b = repo.create_draft(session=s, form_id="deteksi_dini", data=warning_data())
        info = add_attachment(
            store=store,
            session=s,
            report_id=a.id,
            source=_photo(tmp_path, "kerumunan.jpg", content),
        )
        add_attachment(
            store=store, session=s, report_id=b.id, source=_photo(tmp_path, "lagi.jpg", content)
        )
    assert (info.sha256, info.filename, info.mime, info.size) == (
        sha,
        "kerumunan.jpg",
        "image/jpeg",
        len(content),
    )
    path = attachment_path(store, sha)
    assert path == store.attachments_dir / sha[:2] / sha and read_attachment(store, sha) == content
    assert content not in path.read_bytes()  # encrypted on disk
    assert [p for p in store.attachments_dir.rglob("??/*") if p.is_file()] == [path]


def test_files_travel_with_the_submitted_revision_and_into_amendments(
    store: Store, tmp_path: Path
) -> None:
    with store.session() as s:
        draft = repo.create_draft(session=s, form_id="deteksi_dini", data=warning_data())
        info = add_attachment(
            store=store, session=s, report_id=draft.id, source=_photo(tmp_path, "a.jpg", b"A")
        )
        repo.save_draft(session=s, report_id=draft.id, data=warning_data(foto=[info.sha256]))
        repo.submit_report(session=s, report_id=draft.id)
        (entry,) = next_batch(session=s, max_items=5, max_bytes=10**6)
        assert [f.sha256 for f in entry.attachments] == [info.sha256]
        assert entry.item["attachments"][0]["filename"] == "a.jpg"
        with pytest.raises(InvalidTransition):
            add_attachment(
                store=store, session=s, report_id=draft.id, source=_photo(tmp_path, "b.jpg", b"B")
            )
        mark_delivered(session=s, report_id=draft.id, revision=1, server_time=entry.queued_at)
        repo.start_amendment(session=s, report_id=draft.id)
        extra = add_attachment(
            store=store, session=s, report_id=draft.id, source=_photo(tmp_path, "b.jpg", b"B")
        )
        remove_attachment(session=s, report_id=draft.id, sha256=info.sha256)
        repo.save_draft(session=s, report_id=draft.id, data=warning_data(foto=[extra.sha256]))
        repo.submit_report(session=s, report_id=draft.id)
        detail = repo.get_report(session=s, report_id=draft.id)
    assert [[f.filename for f in r.attachments] for r in detail.revisions] == [["a.jpg"], ["b.jpg"]]
    assert attachment_path(store, info.sha256).exists()  # revision 1 still needs it


def test_a_report_naming_a_file_this_pc_lacks_is_refused(store: Store) -> None:
    with store.session() as s, pytest.raises(ValidationFailed) as failed:
        repo.create_draft(
            session=s, form_id="deteksi_dini", data=warning_data(foto=["ab" * 32]), submit=True
        )
    assert failed.value.errors[0].field == "foto[0]"


def test_missing_source_file(store: Store, tmp_path: Path) -> None:
    with store.session() as s:
        draft = repo.create_draft(session=s, form_id="deteksi_dini", data=warning_data())
        with pytest.raises(StoreError, match="not a readable file"):
            add_attachment(
                store=store, session=s, report_id=draft.id, source=tmp_path / "hilang.jpg"
            )


def test_check_finds_missing_and_altered_files(store: Store, tmp_path: Path) -> None:
    with store.session() as s:
        draft = repo.create_draft(session=s, form_id="deteksi_dini", data=warning_data())
        one = add_attachment(
            store=store, session=s, report_id=draft.id, source=_photo(tmp_path, "1.jpg", b"one")
        )
        two = add_attachment(
            store=store, session=s, report_id=draft.id, source=_photo(tmp_path, "2.jpg", b"two")
        )
    assert check(store).ok
    attachment_path(store, one.sha256).unlink()
    attachment_path(store, two.sha256).write_bytes(b"owt")
    problems = check(store).problems
    assert any(one.sha256 in p and "missing" in p for p in problems)
    assert any(two.sha256 in p and "hash" in p for p in problems)
