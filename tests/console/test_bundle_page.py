"""`/bundel` against a real server: upload, per-item results, receipt, roles, CSRF, every bad bundle."""

from __future__ import annotations

import html
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from sync.bundle.office import import_receipt, office_keys
from sync.bundle.payload import BUNDLE_MAGIC, pack
from sync.bundle.seal import KeyPair, PublicKeys, seal
from sync.server import users
from sync.server.audit import list_entries
from sync.store import Store
from sync.store.outbox import pending_entries
from sync.store.reports import get_report
from sync.store.schemas import ReportState
from sync.store.settings import get_device_id, get_server_bundle_key
from tests.console.bundle_support import (
    TIMEOUT,
    bundle_of,
    office_pc,
    pending,
    signed_in,
    stored,
    upload,
)
from tests.server.conftest import db_session
from tests.support.reports import OFFICE, make_report_with_photo, make_reports, random_photo
from tests.support.server import ServerHandle, pg_database_url, running_server

PASSWORD = "kata-sandi-bundel-1"
MAX_UPLOAD = 1024 * 1024
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerHandle]:
    extra = {"PANTAU_SERVER_MAX_UPLOAD_BYTES": MAX_UPLOAD}
    with running_server(tmp_path_factory.mktemp("bundle-server"), extra_env=extra) as handle:
        with db_session(handle) as session:
            for name, role in (("admin", "admin"), ("analis", "analyst"), ("pimpinan", "viewer")):
                users.add_user(session=session, username=name, role=role, password=PASSWORD, actor="test")
        yield handle


@pytest.fixture(scope="module")
def analis(server: ServerHandle) -> requests.Session:
    return signed_in(server, "analis", PASSWORD)


@pytest.fixture
def pc(server: ServerHandle, tmp_path: Path) -> Iterator[Store]:
    store = office_pc(tmp_path / "pc", server)
    yield store
    store.close()


@pytest.fixture
def bundle(pc: Store, tmp_path: Path) -> Path:
    make_reports(pc, 2, seed=21)
    return bundle_of(pc, tmp_path / "kantor.pantau")


def _receipts(server: ServerHandle) -> list[str]:
    folder = server.data_dir / "receipts"
    return sorted(p.name for p in folder.iterdir()) if folder.is_dir() else []


def _refused(server: ServerHandle, answer: requests.Response, status: int, words: str) -> None:
    assert answer.status_code == status, answer.text[:500]
    assert words in html.unescape(answer.text), answer.text[:2000]
    assert "Traceback" not in answer.text


@pytest.fixture
def nothing_stored(server: ServerHandle) -> Iterator[None]:
    """The test's refusals leave the server's reports, files and receipts as they were."""
    before = stored(server), _receipts(server)
    yield
    assert (stored(server), _receipts(server)) == before


def test_upload_shows_results_and_the_receipt_marks_reports_sent(
    server: ServerHandle, analis: requests.Session, pc: Store, tmp_path: Path
) -> None:
    ids = make_reports(pc, 3, seed=5)
    ids.append(make_report_with_photo(pc, random_photo(tmp_path, 40_000, seed=2), seed=4))
    data = bundle_of(pc, tmp_path / "kantor.pantau").read_bytes()
    page = upload(server, analis, data)
    assert page.status_code == 200, page.text[:500]
    text = html.unescape(page.text)
    assert "Hasil bundel 1 dari Kabupaten Maluku Tengah" in text
    assert "4 diterima" in text and "Unduh tanda terima" in text
    for report_id in ids:
        assert f'href="/laporan/{report_id}"' in page.text

    link = page.text.split('href="/bundel/tanda-terima/')[1].split('"')[0]
    receipt = analis.get(f"{server.url}/bundel/tanda-terima/{link}", timeout=TIMEOUT)
    assert receipt.status_code == 200
    assert 'filename="tanda-terima-81.01-bundel-1.pantau"' in receipt.headers["content-disposition"]
    (tmp_path / "tanda-terima.pantau").write_bytes(receipt.content)
    read = import_receipt(pc, tmp_path / "tanda-terima.pantau")
    assert read.outcome.delivered == 4 and pending(pc) == 0
    with pc.session() as session:
        assert {get_report(session=session, report_id=i).report.state for i in ids} == {ReportState.DELIVERED}

    with db_session(server) as session:
        entry = list_entries(session=session, action="bundle.import", limit=1)[0]
    assert entry.actor == "konsol:analis" and entry.detail["office"] == OFFICE
    assert entry.detail["counts"] == {"accepted": 4} and entry.detail["bundle"] == 1

    again = upload(server, analis, data)  # the same bundle again: stored once, answered again
    assert again.status_code == 200 and "4 sudah ada" in html.unescape(again.text)
    assert stored(server)[1] >= 4


def test_the_page_is_for_analysts_and_admins(server: ServerHandle, bundle: Path, nothing_stored: None) -> None:
    viewer = signed_in(server, "pimpinan", PASSWORD)
    assert "/bundel" not in viewer.get(f"{server.url}/", timeout=TIMEOUT).text
    _refused(server, viewer.get(f"{server.url}/bundel", timeout=TIMEOUT), 403, "hanya untuk analis atau administrator")
    home = viewer.get(f"{server.url}/", timeout=TIMEOUT).text
    token = home.split('name="csrf_token" value="')[1].split('"')[0]  # the viewer's own token
    _refused(server, upload(server, viewer, bundle.read_bytes(), csrf=token), 403, "hanya untuk analis")
    admin = signed_in(server, "admin", PASSWORD)
    assert 'href="/bundel"' in admin.get(f"{server.url}/", timeout=TIMEOUT).text
    _refused(server, viewer.get(f"{server.url}/bundel/tanda-terima/x.pantau", timeout=TIMEOUT), 403, "Akses ditolak")
    _refused(server, admin.get(f"{server.url}/bundel/tanda-terima/tanda-terima-81.01-bundel-9-"
                                  "AAAAAAAAAAAAAAAAAAAAAA.pantau", timeout=TIMEOUT), 404, "Tanda terima ini tidak ada")  # fmt: skip


def test_csrf_is_required(server: ServerHandle, analis: requests.Session, bundle: Path, nothing_stored: None) -> None:
    _refused(server, upload(server, analis, bundle.read_bytes(), csrf=""), 403, "kedaluwarsa")
    _refused(server, upload(server, analis, bundle.read_bytes(), csrf="bukan-tokennya"), 403, "kedaluwarsa")
    anonymous = requests.Session()
    answer = anonymous.post(f"{server.url}/bundel", files={"berkas": ("b.pantau", bundle.read_bytes())}, timeout=TIMEOUT)
    _refused(server, answer, 403, "kedaluwarsa")
    # without a session the body guard keeps the anonymous limit, whatever the page
    big = anonymous.post(f"{server.url}/bundel", files={"berkas": ("b.pantau", b"\0" * 100_000)}, timeout=TIMEOUT)
    _refused(server, big, 413, "lebih besar dari batas 64 KB")


def test_changed_truncated_and_foreign_files_are_refused(
    server: ServerHandle, analis: requests.Session, bundle: Path, nothing_stored: None
) -> None:
    data = bundle.read_bytes()
    changed = bytearray(data)
    changed[len(changed) // 2] ^= 0x01
    damaged = "Bundel ini rusak atau telah diubah. Salin ulang dari aslinya. Tidak ada yang disimpan."
    _refused(server, upload(server, analis, bytes(changed)), 422, damaged)
    _refused(server, upload(server, analis, data[:-100]), 422, damaged)
    _refused(server, upload(server, analis, b"PK\x03\x04 a spreadsheet", "laporan.xlsx"), 422,
             "Berkas ini bukan bundel Pantau.")  # fmt: skip
    _refused(server, upload(server, analis, b"", "kosong.pantau"), 422, "bukan bundel Pantau")
    _refused(server, upload(server, analis, None), 422, "Pilih berkas bundel")


def test_a_bundle_for_another_server(server: ServerHandle, analis: requests.Session, pc: Store, nothing_stored: None) -> None:
    make_reports(pc, 1, seed=3)
    with pc.session() as session:
        items = [e.item for e in pending_entries(session=session)]
        device = get_device_id(session=session)
    meta = {"kind": "bundle", "number": 1, "device_id": str(device), "office": OFFICE, "pull_cursor": None, "items": items}
    elsewhere = seal(BUNDLE_MAGIC, pack(meta, {}), sender=office_keys(pc), sender_id=device,
                     recipient=KeyPair.generate().public)  # fmt: skip
    _refused(server, upload(server, analis, elsewhere), 422, "Bundel ini bukan untuk server ini.")


def test_a_revoked_pcs_bundle(server: ServerHandle, analis: requests.Session, pc: Store, bundle: Path,
                              nothing_stored: None) -> None:  # fmt: skip
    with pc.session() as session:
        server.cli("device", "revoke", str(get_device_id(session=session)))
    _refused(server, upload(server, analis, bundle.read_bytes()), 422, "perangkat yang sudah dicabut")


def test_signed_by_another_offices_pc(server: ServerHandle, analis: requests.Session, pc: Store, tmp_path: Path,
                                      nothing_stored: None) -> None:  # fmt: skip
    """A PC of 81.02 seals a bundle claiming office 81.01's reports: refused whole."""
    other = office_pc(tmp_path / "pc-8102", server, "81.02", "lain")
    try:
        make_reports(pc, 1, seed=9)
        with pc.session() as session:
            items = [e.item for e in pending_entries(session=session)]
            server_key = PublicKeys.parse(get_server_bundle_key(session=session))
        with other.session() as session:
            device = get_device_id(session=session)
        meta = {"kind": "bundle", "number": 1, "device_id": str(device), "office": OFFICE, "pull_cursor": None,
                "items": items}  # fmt: skip
        forged = seal(BUNDLE_MAGIC, pack(meta, {}), sender=office_keys(other), sender_id=device, recipient=server_key)
        _refused(server, upload(server, analis, forged), 422, "ditandatangani oleh komputer kantor lain")
    finally:
        other.close()


def test_an_oversized_upload(server: ServerHandle, analis: requests.Session, nothing_stored: None) -> None:
    answer = upload(server, analis, b"\0" * (MAX_UPLOAD + 1000), "besar.pantau")
    _refused(server, answer, 413, "lebih besar dari batas 1 MB; tidak ada yang disimpan")
    assert answer.headers["content-type"].startswith("text/html")
    assert analis.get(f"{server.url}/bundel", timeout=TIMEOUT).status_code == 200  # still signed in


def test_refused_items_show_their_reason(server: ServerHandle, analis: requests.Session, pc: Store) -> None:
    """A sound bundle whose second item breaks the form's rules: one stored, one refused with why."""
    make_reports(pc, 2, seed=17)
    with pc.session() as session:
        items = [e.item for e in pending_entries(session=session)]
        device = get_device_id(session=session)
        server_key = PublicKeys.parse(get_server_bundle_key(session=session))
    items[1] = {**items[1], "data": {**items[1]["data"], "tingkat": "kiamat"}}
    meta = {"kind": "bundle", "number": 1, "device_id": str(device), "office": OFFICE, "pull_cursor": None, "items": items}
    sealed = seal(BUNDLE_MAGIC, pack(meta, {}), sender=office_keys(pc), sender_id=device, recipient=server_key)
    page = upload(server, analis, sealed)
    assert page.status_code == 200, page.text[:500]
    text = html.unescape(page.text)
    assert "1 diterima, 1 ditolak" in text
    refused_row = text.split(items[1]["id"])[1].split("</tr>")[0]
    assert "ditolak" in refused_row and "tingkat" in refused_row
    assert f'href="/laporan/{items[0]["id"]}"' in page.text and f'href="/laporan/{items[1]["id"]}"' not in page.text


@pytest.mark.postgres
def test_upload_on_postgresql(tmp_path: Path) -> None:
    """The production database: the bundle stored, audited and answered as on SQLite."""
    url = pg_database_url()
    if url is None:
        pytest.skip("PANTAU_TEST_DATABASE_URL is not set")
    with running_server(tmp_path / "server", database_url=url) as server:
        with db_session(server) as session:
            users.add_user(session=session, username="analis", role="analyst", password=PASSWORD, actor="test")
        store = office_pc(tmp_path / "pc", server)
        try:
            make_reports(store, 3, seed=8)
            data = bundle_of(store, tmp_path / "kantor.pantau").read_bytes()
            page = upload(server, signed_in(server, "analis", PASSWORD), data)
            assert page.status_code == 200 and "3 diterima" in html.unescape(page.text), page.text[:500]
            assert stored(server)[:2] == (3, 3)
            with db_session(server) as session:
                assert list_entries(session=session, action="bundle.import")[0].detail["counts"] == {"accepted": 3}
        finally:
            store.close()
