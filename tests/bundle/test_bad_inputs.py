"""Every bad bundle or receipt is refused with a clear message and exit 2; nothing changes."""

from __future__ import annotations

import errno
import os

import pytest

from sync import fileio
from sync.bundle.office import export_bundle, office_keys
from sync.bundle.payload import BUNDLE_MAGIC, pack
from sync.bundle.seal import PublicKeys, SealError, seal
from sync.store import open_store
from sync.store.outbox import pending_count, pending_entries
from sync.store.settings import get_device_id, get_server_bundle_key
from tests.bundle.conftest import pantau, run, server_import
from tests.client.conftest import enroll_store
from tests.client.factories import OFFICE, make_reports, prepare_office


def _pending(store) -> int:
    with store.session() as session:
        return pending_count(session=session)[0]


@pytest.fixture
def bundle(enrolled, tmp_path):
    make_reports(enrolled, 5, seed=7)
    path = tmp_path / "kantor.pantau"
    export_bundle(enrolled, path)
    return path


def _refused(server, analyst, path, tmp_path, words: str) -> None:
    receipt = tmp_path / "receipt.pantau"
    done = server_import(server, path, receipt)
    assert done.code == 2, (done.out, done.err)
    assert words in done.err and "Traceback" not in done.err
    assert not receipt.exists()
    assert analyst.report_ids() == []


def test_one_byte_changed(server, analyst, bundle, tmp_path):
    data = bytearray(bundle.read_bytes())
    data[len(data) // 2] ^= 0x01
    changed = tmp_path / "changed.pantau"
    changed.write_bytes(bytes(data))
    _refused(server, analyst, changed, tmp_path, "damaged or was altered")


def test_truncated(server, analyst, bundle, tmp_path):
    cut = tmp_path / "cut.pantau"
    cut.write_bytes(bundle.read_bytes()[:-100])
    _refused(server, analyst, cut, tmp_path, "damaged or was altered")


def test_not_a_bundle(server, analyst, tmp_path):
    other = tmp_path / "laporan.xlsx"
    other.write_bytes(b"PK\x03\x04 a spreadsheet, not a bundle")
    _refused(server, analyst, other, tmp_path, "not a Pantau bundle")
    _refused(server, analyst, tmp_path / "missing.pantau", tmp_path, "cannot read")


def test_for_another_server(server, analyst, bundle, tmp_path):
    env = {**server.env(), "PANTAU_SERVER_DATA_DIR": str(tmp_path / "other-server")}
    done = run("sync.server.cli", "bundle", "import", str(bundle), "--receipt-out", str(tmp_path / "r"), env=env)
    assert done.code == 2 and "sealed for another key" in done.err, done.err
    assert analyst.report_ids() == []


def test_from_a_revoked_device(server, analyst, enrolled, bundle, tmp_path):
    with enrolled.session() as session:
        device = get_device_id(session=session)
    server.cli("device", "revoke", str(device))
    _refused(server, analyst, bundle, tmp_path, "was revoked")


def test_signed_by_another_office(server, analyst, enrolled, tmp_path):
    """A PC of 81.02 seals a bundle claiming to be office 81.01's: refused whole."""
    other = open_store(tmp_path / "pc-8102", auto_backup=False)
    try:
        answer_device = enroll_store_for(other, server, "81.02")
        with enrolled.session() as session:
            server_key = PublicKeys.parse(get_server_bundle_key(session=session))
        make_reports(enrolled, 1, seed=9)
        with enrolled.session() as session:
            items = [e.item for e in pending_entries(session=session)]
        meta = {"kind": "bundle", "number": 1, "device_id": str(answer_device), "office": OFFICE,
                "pull_cursor": None, "items": items}
        forged = tmp_path / "forged.pantau"
        forged.write_bytes(seal(BUNDLE_MAGIC, pack(meta, {}), sender=office_keys(other),
                                sender_id=answer_device, recipient=server_key))
        _refused(server, analyst, forged, tmp_path, "signed by a PC of office 81.02")
    finally:
        other.close()


def enroll_store_for(store, server, office: str):
    from sync.client.enrollment import enroll

    return enroll(store, server_url=server.url, code=server.enroll_code(office), label="other").device_id


def test_receipt_for_another_pc(server, enrolled, bundle, tmp_path):
    receipt = tmp_path / "receipt.pantau"
    assert server_import(server, bundle, receipt).code == 0
    other = open_store(tmp_path / "pc-2", auto_backup=False)
    prepare_office(other)
    enroll_store(other, server)
    make_reports(other, 2, seed=11)
    other.close()
    done = pantau(tmp_path / "pc-2", "bundle", "import", str(receipt))
    assert done.code == 2 and "sealed for another key" in done.err, done.err
    reopened = open_store(tmp_path / "pc-2", auto_backup=False)
    assert _pending(reopened) == 2
    reopened.close()


def test_not_a_receipt(enrolled, bundle, tmp_path):
    enrolled.close()
    for wrong in (bundle, tmp_path / "nothing-here"):
        done = pantau(enrolled.data_dir, "bundle", "import", str(wrong))
        assert done.code == 2, done.err
        assert "not a Pantau receipt" in done.err or "cannot read" in done.err
    store = open_store(enrolled.data_dir, auto_backup=False)
    assert _pending(store) == 5
    store.close()


def test_full_flash_drive_while_writing(enrolled, tmp_path, monkeypatch):
    make_reports(enrolled, 3, seed=5)
    drive = tmp_path / "drive"
    drive.mkdir()
    out = drive / "kantor.pantau"
    out.write_bytes(b"the previous bundle")

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(fileio.os, "fsync", full)
    with pytest.raises(OSError):
        export_bundle(enrolled, out)
    monkeypatch.undo()
    assert out.read_bytes() == b"the previous bundle"
    assert sorted(p.name for p in drive.iterdir()) == ["kantor.pantau"]
    assert _pending(enrolled) == 3
    assert export_bundle(enrolled, out).number == 1  # the failed one used no number


def test_export_without_province_key(store, tmp_path):
    make_reports(store, 1, seed=1)
    with pytest.raises(SealError, match="enrol it first"):
        export_bundle(store, tmp_path / "b.pantau")
    store.close()
    done = pantau(store.data_dir, "bundle", "export", "--out", str(tmp_path / "x" / "b.pantau"))
    assert done.code == 2 and "enrol it first" in done.err
