"""Every bad bundle or receipt is refused with a clear message and exit 2; nothing changes.

One server for the module, a fresh office PC per case. The province's checks run in
process (`import_bundle`, `import_receipt`); the CLIs' exit code 2 is checked once per side
(`test_one_byte_changed`, `test_export_without_province_key`).
"""

from __future__ import annotations

import errno
import os
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest

from sync import fileio
from sync.bundle.office import export_bundle, import_receipt, office_keys
from sync.bundle.payload import BUNDLE_MAGIC, pack
from sync.bundle.province import ImportOutcome, import_bundle, read_file
from sync.bundle.seal import PublicKeys, SealError, seal
from sync.client.enrollment import enroll
from sync.server import admin
from sync.server.settings import ServerSettings
from sync.server.tokens import utcnow
from sync.store import open_store
from sync.store.outbox import pending_count, pending_entries
from sync.store.settings import get_device_id, get_server_bundle_key
from tests.bundle.conftest import pantau, server_import
from tests.server.conftest import database_url, db_session
from tests.support.fixtures import Analyst
from tests.support.reports import OFFICE, make_reports, prepare_office
from tests.support.server import ServerHandle, running_server


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerHandle]:
    with running_server(tmp_path_factory.mktemp("bad-bundles-server")) as handle:
        yield handle


@pytest.fixture(scope="module")
def analyst(server: ServerHandle) -> Analyst:
    return Analyst(server)


def enrol(store, server: ServerHandle, office: str = OFFICE):
    """Enrol `store` through the API with a code issued in this process; returns its device id."""
    with db_session(server) as session:
        code = admin.issue_enrolment_code(session=session, office=office, label="test PC", ttl=timedelta(hours=1)).code
    return enroll(store, server_url=server.url, code=code, label="test PC").device_id


@pytest.fixture
def enrolled(store, server):
    enrol(store, server)
    return store


def _pending(store) -> int:
    with store.session() as session:
        return pending_count(session=session)[0]


def province_import(server: ServerHandle, path: Path, data_dir: Path | None = None) -> ImportOutcome:
    """What `pantau-server bundle import` does, in this process, on the server's database."""
    settings = ServerSettings(
        data_dir=data_dir or server.data_dir, database_url=database_url(server), log_file=False
    )
    with db_session(server) as session:
        return import_bundle(session=session, settings=settings, data=read_file(path), now=utcnow())


@pytest.fixture
def bundle(enrolled, tmp_path):
    make_reports(enrolled, 5, seed=7)
    path = tmp_path / "kantor.pantau"
    export_bundle(enrolled, path)
    return path


def _refused(server, analyst, path, tmp_path, words: str, *, data_dir: Path | None = None) -> None:
    before = analyst.report_ids()
    with pytest.raises(SealError) as refused:
        province_import(server, path, data_dir)
    assert words in refused.value.message
    assert analyst.report_ids() == before


def test_one_byte_changed(server, analyst, bundle, tmp_path):
    """Through the CLI: exit 2, the English message, no receipt written, nothing stored."""
    data = bytearray(bundle.read_bytes())
    data[len(data) // 2] ^= 0x01
    changed = tmp_path / "changed.pantau"
    changed.write_bytes(bytes(data))
    before = analyst.report_ids()
    receipt = tmp_path / "receipt.pantau"
    done = server_import(server, changed, receipt, process=True)
    assert done.code == 2, (done.out, done.err)
    assert "damaged or was altered" in done.err and "Traceback" not in done.err
    assert not receipt.exists()
    assert analyst.report_ids() == before


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
    """Another server's data folder holds another key pair."""
    _refused(server, analyst, bundle, tmp_path, "sealed for another key", data_dir=tmp_path / "other-server")


def test_from_a_revoked_device(server, analyst, enrolled, bundle, tmp_path):
    with enrolled.session() as session:
        device = get_device_id(session=session)
    with db_session(server) as session:
        admin.revoke_device(session=session, device_id=device, actor="test")
    _refused(server, analyst, bundle, tmp_path, "was revoked")


def test_signed_by_another_office(server, analyst, enrolled, tmp_path):
    """A PC of 81.02 seals a bundle claiming to be office 81.01's: refused whole."""
    other = open_store(tmp_path / "pc-8102", auto_backup=False)
    try:
        answer_device = enrol(other, server, "81.02")
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


def test_receipt_for_another_pc(server, enrolled, bundle, tmp_path):
    receipt = tmp_path / "receipt.pantau"
    receipt.write_bytes(province_import(server, bundle).receipt)
    other = open_store(tmp_path / "pc-2", auto_backup=False)
    try:
        prepare_office(other)
        enrol(other, server)
        make_reports(other, 2, seed=11)
        with pytest.raises(SealError) as refused:
            import_receipt(other, receipt)
        assert "sealed for another key" in refused.value.message
        assert _pending(other) == 2
    finally:
        other.close()


def test_not_a_receipt(enrolled, bundle, tmp_path):
    for wrong in (bundle, tmp_path / "nothing-here"):
        with pytest.raises(SealError) as refused:
            import_receipt(enrolled, wrong)
        assert "not a Pantau receipt" in refused.value.message or "cannot read" in refused.value.message
    assert _pending(enrolled) == 5


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
