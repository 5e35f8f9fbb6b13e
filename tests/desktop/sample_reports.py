"""Realistic reports for the desktop tests and `bench/gui.py`, made through the store's bulk path."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from sync.regions import Regions
from sync.store import Store
from sync.store.outbox import apply_review, mark_delivered, mark_rejected
from sync.store.reports import import_reports
from sync.store.schemas import ReportPublic

LEVELS = ("normal", "waspada", "siaga", "awas")
CATEGORIES = ("politik_identitas", "konflik_pendukung", "hoaks", "intimidasi", "politik_uang",
              "gangguan_keamanan", "bencana", "lainnya")
PLACES = ("pasar", "pelabuhan", "balai desa", "gedung serbaguna", "sekolah", "masjid raya", "gereja")
START = date(2024, 1, 1)


def early_warning(i: int, office: str, *, level: str | None = None) -> dict:
    kecamatan = Regions.load().kecamatan_of(office)
    when = datetime(2024, 1, 1, 8, 0, tzinfo=UTC) + timedelta(hours=7 * i)
    place = PLACES[i % len(PLACES)]
    return {
        "waktu_kejadian": when.isoformat(),
        "kecamatan": kecamatan[i % len(kecamatan)].code,
        "kategori": CATEGORIES[i % len(CATEGORIES)],
        "tingkat": level or LEVELS[i % len(LEVELS)],
        "kronologi": (f"Laporan nomor {i}: sekitar pukul 10.00 WIT terjadi kerumunan di {place} "
                      "setelah beredar pesan berantai berisi hoaks tentang calon. Tim pemantau "
                      "bersama Babinsa dan tokoh agama menenangkan warga; situasi terkendali."),
    }


def education(i: int) -> dict:
    return {
        "tanggal": (START + timedelta(hours=7 * (i % 2400))).isoformat(),
        "platform": ("digital", "konvensional", "hybrid")[i % 3],
        "sasaran": [("pemilih_pemula", "perempuan", "pemuda", "masyarakat_umum")[i % 4]],
        "peserta_laki_laki": 10 + i % 40,
        "peserta_perempuan": 12 + i % 35,
    }


def add_reports(store: Store, count: int, *, submit: bool = True, chunk: int = 5000) -> list[ReportPublic]:
    """`count` submitted reports, half early warnings (every level), half political education."""
    with store.session() as session:
        from sync.store.settings import get_office

        office = get_office(session=session)
    assert office, "set the office first"
    made: list[ReportPublic] = []
    for first in range(0, count, chunk):
        n = min(chunk, count - first)
        warnings = [early_warning(first + k, office) for k in range(0, n, 2)]
        lessons = [education(first + k) for k in range(1, n, 2)]
        with store.session() as session:
            made += import_reports(session=session, form_id="deteksi_dini", items=warnings, submit=submit)
        with store.session() as session:
            made += import_reports(session=session, form_id="pendidikan_politik", items=lessons, submit=submit)
    return made


def deliver(store: Store, report: ReportPublic) -> None:
    with store.session() as session:
        mark_delivered(session=session, report_id=report.id, revision=report.revision,
                       server_time=datetime.now(UTC))


def review(store: Store, report: ReportPublic, decision: str, comment: str) -> None:
    deliver(store, report)
    with store.session() as session:
        apply_review(session=session, report_id=report.id, revision=report.revision,
                     decision=decision, comment=comment, reviewed_at=datetime.now(UTC))


def reject(store: Store, report: ReportPublic, reason: str) -> None:
    with store.session() as session:
        mark_rejected(session=session, report_id=report.id, revision=report.revision, reason=reason)
