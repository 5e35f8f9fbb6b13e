"""Encryption at rest: nothing readable on disk, the key's passphrase, recovery and rotation, backups of another key."""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
from pathlib import Path

import pytest

from sync.store import Store, backup, check, cipher, keys, open_store, rekey, restore
from sync.store import reports as repo
from sync.store.attachments import ENCRYPTED_MARK, add_attachment, attachment_path, read_attachment
from sync.store.db import DB_NAME
from sync.store.errors import (
    KeyMissing,
    KeyThrottled,
    PassphraseNeeded,
    WrongKey,
    WrongPassphrase,
    WrongRecoveryKey,
)
from sync.store.filecrypt import FileDamaged
from sync.store.plaintext import CRASH_ENV
from sync.store.schemas import ReportQuery
from sync.store.settings import set_office
from tests.support.programs import open_store_in_a_program, run
from tests.support.reports import OFFICE, warning_data

# Distinctive strings: found anywhere on disk, they were written in clear.
SECRET_TEXT = "Saksi-Rahasia-Kronologi-7Q4Z"
SECRET_VILLAGE = "DesaRahasiaWaeyasel"
PASSPHRASE = os.environ["PANTAU_PASSPHRASE"]


def _write_secret_report(store: Store) -> None:
    with store.session() as s:
        set_office(session=s, code=OFFICE)
        repo.create_draft(
            session=s,
            form_id="deteksi_dini",
            data=warning_data(kronologi=f"{SECRET_TEXT} di {SECRET_VILLAGE}"),
            submit=True,
        )


def _files_with(folder: Path, *needles: str) -> list[str]:
    found = []
    for path in folder.rglob("*"):
        if path.is_file():
            content = path.read_bytes()
            for needle in needles:
                for encoded in (needle.encode("utf-8"), needle.encode("utf-16-le")):
                    if encoded in content:
                        found.append(f"{path.name}: {needle}")
    return found


def _count(store: Store) -> int:
    with store.session() as s:
        return len(repo.list_reports(session=s, query=ReportQuery()))


def test_no_report_text_is_readable_in_the_data_folder_or_a_backup(store: Store, tmp_path: Path) -> None:
    _write_secret_report(store)
    saved = backup(store, tmp_path / "cadangan.db")
    with store.session() as s:  # found by the full-text index, which is encrypted too
        found = repo.list_reports(session=s, query=ReportQuery(search=SECRET_TEXT))
        assert len(found) == 1
    # While the store is open: the -wal and -shm files are there and hold the newest pages.
    assert Path(f"{store.db_path}-wal").exists()
    assert _files_with(store.data_dir, SECRET_TEXT, SECRET_VILLAGE) == []
    assert _files_with(saved.parent, SECRET_TEXT, SECRET_VILLAGE) == []
    store.close()
    reopened = open_store(store.data_dir)  # makes an automatic backup of the report
    reopened.close()
    assert _files_with(store.data_dir, SECRET_TEXT, SECRET_VILLAGE) == []
    with pytest.raises(sqlite3.DatabaseError):  # what any other program sees
        sqlite3.connect(store.db_path).execute("SELECT * FROM report").fetchall()


def test_a_wrong_passphrase_is_refused_throttled_and_changes_nothing(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    _write_secret_report(store)
    store.close()
    key_file = keys.key_path(store.data_dir).read_bytes()
    keys.forget()
    now = [1_000_000.0]
    monkeypatch.setattr(keys, "clock", lambda: now[0])
    with pytest.raises(WrongPassphrase) as wrong:
        open_store(store.data_dir, passphrase="bukan-ini")
    assert "salah" in wrong.value.message_id
    with pytest.raises(KeyThrottled) as throttled:  # even the right one, too soon after
        open_store(store.data_dir, passphrase=PASSPHRASE)
    assert throttled.value.wait_s >= 1 and "detik" in throttled.value.message_id
    now[0] += 1.5
    with pytest.raises(WrongPassphrase):
        open_store(store.data_dir, passphrase="salah-lagi")
    now[0] += 1.5  # the delay grows: 2 s after the second failure
    with pytest.raises(KeyThrottled):
        open_store(store.data_dir, passphrase=PASSPHRASE)
    # The count survives a new process (it is a file beside the key), and nothing else changed.
    assert json.loads((store.data_dir / keys.ATTEMPTS_FILE).read_text(encoding="utf-8"))["failures"] == 2
    assert keys.key_path(store.data_dir).read_bytes() == key_file
    now[0] += 2.5
    reopened = open_store(store.data_dir, passphrase=PASSPHRASE)
    assert _count(reopened) == 1
    reopened.close()
    assert not (store.data_dir / keys.ATTEMPTS_FILE).exists()


def test_no_passphrase_and_no_credential_store_asks_for_one(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PANTAU_PASSPHRASE")
    with pytest.raises(PassphraseNeeded) as needed:
        open_store(tmp_path / "baru")
    assert needed.value.new
    assert not keys.key_path(tmp_path / "baru").exists()


def test_the_recovery_key_opens_a_store_whose_key_was_lost(store: Store, tmp_path: Path) -> None:
    recovery = store.new_recovery
    assert recovery and len(recovery.split("-")) == 13
    _write_secret_report(store)
    store.close()
    keys.key_path(store.data_dir).unlink()  # the credential store wiped, the key file gone
    keys.forget()
    with pytest.raises(KeyMissing) as missing:
        open_store(store.data_dir)
    assert "kunci pemulihan" in missing.value.message_id
    with pytest.raises(WrongRecoveryKey):
        rekey.recover(store.data_dir, keys.recovery_code(bytes(32)))
    with pytest.raises(WrongRecoveryKey):
        rekey.recover(store.data_dir, "not-a-key")
    rekey.recover(store.data_dir, recovery.lower().replace("-", " "))
    keys.forget()
    reopened = open_store(store.data_dir)
    assert _count(reopened) == 1 and reopened.new_recovery is None
    reopened.close()


def test_a_backup_made_with_another_key_is_refused_and_changes_nothing(store: Store, tmp_path: Path) -> None:
    other = open_store(tmp_path / "kantor-lain")
    _write_secret_report(other)
    foreign = backup(other, tmp_path / "cadangan-lain.db")
    other.close()
    store.close()
    before = store.db_path.read_bytes()
    with pytest.raises(WrongKey) as refused:
        restore(store.data_dir, foreign)
    assert refused.value.message_id.startswith("Cadangan ini dibuat dengan kunci lain")
    assert store.db_path.read_bytes() == before


def test_rotation_changes_the_key_and_older_backups_still_restore(store: Store, tmp_path: Path) -> None:
    old_recovery = store.new_recovery
    _write_secret_report(store)
    saved = backup(store, tmp_path / "sebelum-rotasi.db")
    old_key = store.key
    store.close()
    new_recovery = rekey.rotate(store.data_dir)
    assert new_recovery != old_recovery
    keys.forget()
    rotated = open_store(store.data_dir, auto_backup=False)
    assert rotated.key != old_key and _count(rotated) == 1
    rotated.close()
    conn = cipher.connect(store.db_path, old_key)
    assert not cipher.readable(conn)
    conn.close()
    restore(store.data_dir, saved)  # made with the retired key: re-encrypted with the new one
    restored = open_store(store.data_dir, auto_backup=False)
    assert _count(restored) == 1
    restored.close()
    with pytest.raises(WrongRecoveryKey):
        rekey.recover(store.data_dir, old_recovery)


def test_a_rotation_cut_before_the_database_was_re_encrypted_is_finished_at_open(store: Store) -> None:
    _write_secret_report(store)
    store.close()
    old = store.key
    keys.replace_key(store.data_dir, old, bytes(range(32)))  # the key file changed, the db not yet
    keys.forget()
    reopened = open_store(store.data_dir, auto_backup=False)
    assert reopened.key == bytes(range(32)) and _count(reopened) == 1
    reopened.close()


def _plaintext_store(folder: Path) -> None:
    """A store as an older Pantau left it: an unencrypted SQLite file (with its WAL) and a backup."""
    store = open_store(folder)
    _write_secret_report(store)
    conn = cipher.connect(store.db_path, store.key)
    cipher.export(conn, folder / "plain.db", None)
    conn.close()
    store.close()
    for name in (DB_NAME, f"{DB_NAME}-wal", f"{DB_NAME}-shm", keys.KEY_FILE):
        (folder / name).unlink(missing_ok=True)
    for made in (folder / "backups").glob("*.db"):
        made.unlink()
    (folder / "plain.db").rename(folder / DB_NAME)
    plain = sqlite3.connect(folder / DB_NAME)
    plain.execute("PRAGMA journal_mode = WAL")
    plain.execute("UPDATE report SET title = title || ' (lama)'")  # a change still in the WAL
    plain.commit()
    plain.close()
    (folder / "backups" / "pantau-000001-20240101T000000Z.db").write_bytes((folder / DB_NAME).read_bytes())
    keys.forget()


def test_a_plaintext_store_of_an_older_pantau_is_encrypted_once(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    _plaintext_store(folder)
    photo = f"foto {SECRET_TEXT}".encode() * 5000
    sha = hashlib.sha256(photo).hexdigest()
    (folder / "attachments" / sha[:2]).mkdir(parents=True)
    (folder / "attachments" / sha[:2] / sha).write_bytes(photo)  # as an older Pantau stored it
    (folder / "attachments" / ENCRYPTED_MARK).unlink()
    assert _files_with(folder, SECRET_TEXT) != []
    store = open_store(folder)
    assert store.new_recovery  # its key was made now: the recovery key is shown
    assert _count(store) == 1 and read_attachment(store, sha) == photo
    store.close()
    assert _files_with(folder, SECRET_TEXT, SECRET_VILLAGE) == []


def test_attachments_are_encrypted_read_by_range_and_survive_a_rotation(store: Store, tmp_path: Path) -> None:
    with store.session() as s:
        set_office(session=s, code=OFFICE)
        draft = repo.create_draft(session=s, form_id="deteksi_dini", data=warning_data())
    content = b"".join(f"{SECRET_TEXT} {n:07d}\n".encode() for n in range(20_000))  # ~0.7 MB, 11 chunks
    source = tmp_path / "kronologi.txt"
    source.write_bytes(content)
    with store.session() as s:
        info = add_attachment(store=store, session=s, report_id=draft.id, source=source)
    assert info.size == len(content) and _files_with(store.data_dir, SECRET_TEXT) == []
    assert read_attachment(store, info.sha256) == content
    for offset, size in ((0, 10), (65_530, 20), (len(content) - 5, 100), (131_072, 65_536)):
        assert read_attachment(store, info.sha256, offset, size) == content[offset : offset + size]
    store.close()
    rekey.rotate(store.data_dir)
    rotated = open_store(store.data_dir, auto_backup=False)
    assert read_attachment(rotated, info.sha256) == content and check(rotated).ok
    path = attachment_path(rotated, info.sha256)
    with path.open("r+b") as f:  # one flipped byte in the middle of the file
        f.seek(300_000)
        byte = f.read(1)
        f.seek(300_000)
        f.write(bytes([byte[0] ^ 1]))
    with pytest.raises(FileDamaged):
        read_attachment(rotated, info.sha256)
    assert read_attachment(rotated, info.sha256, 0, 1000) == content[:1000]  # other chunks still read
    assert any("does not match" in p for p in check(rotated).problems)
    rotated.close()


@pytest.mark.parametrize("step", ["after-export", "after-marker", "before-swap", "after-swap"])
def test_a_migration_killed_at_any_step_leaves_a_store_that_opens(tmp_path: Path, step: str) -> None:
    folder = tmp_path / "data"
    _plaintext_store(folder)
    exit_code, error = run(open_store_in_a_program, folder, {CRASH_ENV: step})
    assert exit_code == -9, error
    assert (folder / DB_NAME).stat().st_size > 0  # the old store or the new one, never neither
    store = open_store(folder)  # finishes or rolls back, then encrypts
    with store.session() as s:
        titles = [r.title for r in repo.list_reports(session=s, query=ReportQuery())]
    assert len(titles) == 1 and titles[0].endswith("(lama)")  # the WAL's change was kept
    store.close()
    assert _files_with(folder, SECRET_TEXT, SECRET_VILLAGE) == []
    assert sorted(p.name for p in folder.iterdir() if "encrypting" in p.name) == []
