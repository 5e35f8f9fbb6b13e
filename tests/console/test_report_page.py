"""Rincian: fields as people read them, photos as thumbnails, files, revisions, reviews and roles."""

from __future__ import annotations

import io
import uuid

import sqlalchemy as sa
from PIL import Image

from sync.regions import Regions
from sync.server.models import AuditEntry, FeedEvent, Report, Review
from tests.console.conftest import Console, csrf_of, hold_file, jpeg
from tests.server.conftest import report_data


def test_fields_photo_file_and_revisions(console: Console) -> None:
    photo, notes = jpeg(), b"catatan lapangan\n"
    photo_sha, notes_sha = hold_file(console, "81.71", photo), hold_file(console, "81.71", notes)
    refs = [
        {"sha256": photo_sha, "size": len(photo), "filename": "massa.jpg", "mime": "image/jpeg"},
        {"sha256": notes_sha, "size": len(notes), "filename": "catatan.txt", "mime": "text/plain"},
    ]
    data = report_data("81.71", foto=[photo_sha, notes_sha], kronologi="Massa berkumpul di depan kantor KPU.")
    report_id = console.push("81.71", data=data, attachments=refs)
    changed = dict(data, kronologi="Massa bubar dengan tertib pukul 15.00 WIT.")
    console.push("81.71", report_id=report_id, revision=2, data=changed, attachments=refs)
    browser = console.sign_in("maria", "viewer")
    page = browser.get(f"/laporan/{report_id}")
    assert page.status_code == 200
    html = page.text
    assert "Kronologi" in html and "Massa bubar dengan tertib" in html
    kecamatan = Regions.load().name(data["kecamatan"])
    assert f"<dd>{kecamatan} (" in html  # the name first (the shared display adds the code)
    assert "14/02/2024 10:30 WIT" in html  # the event's time, in WIT
    assert "Revisi 2" in html and "<del>Massa berkumpul" in html and "<ins>Massa bubar" in html
    small = browser.get(f"/laporan/{report_id}/berkas/{photo_sha}/kecil")
    assert small.status_code == 200 and small.headers["content-type"] == "image/jpeg"
    assert max(Image.open(io.BytesIO(small.content)).size) <= 320
    download = browser.get(f"/laporan/{report_id}/berkas/{notes_sha}")
    assert download.content == notes and "attachment" in download.headers["content-disposition"]
    assert browser.get(f"/laporan/{report_id}/berkas/{'0' * 64}").status_code == 404
    assert browser.get(f"/laporan/{report_id}/berkas/{notes_sha}/kecil").status_code == 404


def test_withdraw_reason_is_shown(console: Console) -> None:
    report_id = console.push("81.71")
    console.push("81.71", report_id=report_id, revision=2, status="withdrawn", withdraw_reason="Kejadian ganda <b>dobel</b>")
    page = console.sign_in("ana", "viewer").get(f"/laporan/{report_id}")
    assert "Kejadian ganda &lt;b&gt;dobel&lt;/b&gt;" in page.text


def test_review_needs_a_comment_for_revision_and_is_audited(console: Console) -> None:
    urgent = console.push("81.71", data=report_data("81.71", urgent=True))
    calm = console.push("81.71")
    browser = console.sign_in("analis1", "analyst")
    page = browser.get(f"/laporan/{urgent}")
    assert f'href="/laporan/{calm}" data-key="n"' in page.text
    token = csrf_of(page.text)
    empty = browser.post(f"/laporan/{urgent}/tinjau", data={"csrf_token": token, "keputusan": "perlu_perbaikan", "komentar": "  "})
    assert empty.status_code == 422 and "tulis komentar" in empty.text
    odd = browser.post(f"/laporan/{urgent}/tinjau", data={"csrf_token": token, "keputusan": "hapus"})
    assert odd.status_code == 422
    with console.session() as session:
        assert session.exec(sa.select(sa.func.count()).select_from(Review)).one()[0] == 0
    done = browser.post(
        f"/laporan/{urgent}/tinjau",
        data={"csrf_token": token, "keputusan": "perlu_perbaikan", "komentar": "Lengkapi kronologi."},
        follow_redirects=False,
    )
    assert done.status_code == 303
    after = browser.get(done.headers["location"])
    assert "Tinjauan disimpan" in after.text and "Lengkapi kronologi." in after.text and "analis1" in after.text
    with console.session() as session:
        report = session.get(Report, urgent)
        assert report.review == "needs_revision" and report.review_comment == "Lengkapi kronologi."
        events = session.exec(sa.select(FeedEvent.payload).where(FeedEvent.office == "81.71")).scalars().all()
        assert any(e.get("comment") == "Lengkapi kronologi." for e in events)
        audit = session.exec(sa.select(AuditEntry).where(AuditEntry.action == "report.review")).scalars().one()
        assert audit.actor == "konsol:analis1" and audit.target == str(urgent)
    nxt = browser.get(f"/laporan/berikutnya?sesudah={urgent}", follow_redirects=False)
    assert nxt.headers["location"] == f"/laporan/{calm}"


def test_a_viewer_cannot_review(console: Console) -> None:
    report_id = console.push("81.71")
    browser = console.sign_in("tamu", "viewer")
    page = browser.get(f"/laporan/{report_id}")
    assert 'name="keputusan"' not in page.text
    refused = browser.post(
        f"/laporan/{report_id}/tinjau",
        data={"csrf_token": csrf_of(page.text), "keputusan": "terverifikasi"},
    )
    assert refused.status_code == 403 and "Akses ditolak" in refused.text
    with console.session() as session:
        assert session.get(Report, report_id).review is None


def test_unknown_and_malformed_ids_are_404(console: Console) -> None:
    browser = console.sign_in("budi", "viewer")
    for path in (f"/laporan/{uuid.uuid4()}", "/laporan/bukan-id", f"/laporan/{uuid.uuid4()}/berkas/{'a' * 64}"):
        page = browser.get(path)
        assert page.status_code == 404 and "tidak" in page.text, path
