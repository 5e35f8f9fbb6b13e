"""Report data for every suite: wire items, valid form values, realistic and numbered reports.

One place for what the server, client, store, desktop and console tests push and store;
the old modules (tests/client/factories.py, tests/desktop/sample_reports.py,
tests/console/samples.py, the conftests) re-export these names.
"""

from __future__ import annotations

import functools
import json
import random
import re
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from uuid import UUID

from sync.paths import resource_path
from sync.regions import Regions
from sync.store import Store
from sync.store.attachments import add_attachment
from sync.store.outbox import apply_review, mark_delivered, mark_rejected
from sync.store.reports import create_draft, import_reports, submit_report
from sync.store.schemas import ReportPublic
from sync.store.settings import set_office

# -- an office PC's realistic reports (sync client tests, benches) --------------------------

OFFICE = "81.01"  # Kabupaten Maluku Tengah
_CATEGORIES = [
    "politik_identitas",
    "konflik_pendukung",
    "hoaks",
    "intimidasi",
    "politik_uang",
    "gangguan_keamanan",
]


@functools.cache
def _vocabulary() -> tuple[list[str], list[str]]:
    """The Indonesian words of the bundled forms and the office's village names: text that gzip
    compresses about as well as real reports (~30 %), unlike a few repeated sentences."""
    texts: list[str] = []

    def collect(node: object) -> None:
        if isinstance(node, dict):
            if isinstance(node.get("id"), str) and "en" in node:
                texts.append(node["id"])
            for value in node.values():
                collect(value)
        elif isinstance(node, list):
            for value in node:
                collect(value)

    for path in resource_path("forms").glob("*.json"):
        collect(json.loads(path.read_text(encoding="utf-8")))
    words = sorted(set(re.findall(r"[a-z]{3,}", " ".join(texts).lower())))
    regions = Regions.load()
    places = [d.name for k in regions.kecamatan_of(OFFICE) for d in regions.desa_of(k.code)]
    return words, places


def _prose(rng: random.Random, words: int) -> str:
    vocabulary, places = _vocabulary()
    picked = [
        rng.choice(places) if rng.random() < 0.1 else rng.choice(vocabulary) for _ in range(words)
    ]
    sentences = [" ".join(picked[i : i + 12]).capitalize() + "." for i in range(0, words, 12)]
    return " ".join(sentences)


def prose_data(rng: random.Random, *, urgent: bool = False) -> dict:
    """Valid `deteksi_dini` values with a few hundred words of Indonesian-looking text."""
    kecamatan = rng.choice(Regions.load().kecamatan_of(OFFICE)).code
    when = datetime(2024, 1, 10, tzinfo=UTC) + timedelta(minutes=rng.randrange(60 * 24 * 60))
    return {
        "waktu_kejadian": when.isoformat(),
        "kecamatan": kecamatan,
        "kategori": rng.choice(_CATEGORIES),
        "tingkat": rng.choice(["siaga", "awas"]) if urgent else rng.choice(["normal", "waspada"]),
        "kronologi": _prose(rng, rng.randint(40, 80)),
        "upaya_cegah_dini": _prose(rng, rng.randint(10, 25)),
    }


def prepare_office(store: Store) -> None:
    with store.session() as session:
        set_office(session=session, code=OFFICE)


def make_reports(store: Store, count: int, *, seed: int = 1, urgent: bool = False) -> list[UUID]:
    """`count` submitted reports, in one session; returns their ids in creation order."""
    rng = random.Random(seed)
    with store.session() as session:
        return [
            create_draft(
                session=session,
                form_id="deteksi_dini",
                data=prose_data(rng, urgent=urgent),
                submit=True,
            ).id
            for _ in range(count)
        ]


def make_report_with_photo(store: Store, photo: Path, *, seed: int = 1) -> UUID:
    with store.session() as session:
        draft = create_draft(
            session=session, form_id="deteksi_dini", data=prose_data(random.Random(seed))
        )
        add_attachment(
            store=store, session=session, report_id=draft.id, source=photo, mime="image/jpeg"
        )
        return submit_report(session=session, report_id=draft.id).id


def random_photo(directory: Path, size: int, *, seed: int) -> Path:
    """A file of `size` random bytes (incompressible, like a JPEG) named photo-<seed>.jpg."""
    path = directory / f"photo-{seed}.jpg"
    path.write_bytes(random.Random(seed).randbytes(size))
    return path


# -- valid form values (store tests) ---------------------------------------------------------

KECAMATAN = "81.01.01"  # Amahai, in OFFICE
OTHER_KECAMATAN = "81.71.01"  # in Kota Ambon, outside it


def warning_data(**changes: Any) -> dict[str, Any]:
    """A valid `deteksi_dini` report with just the fixed fields."""
    data = {
        "waktu_kejadian": "2024-02-10T10:30:00+09:00",
        "kecamatan": KECAMATAN,
        "kategori": "hoaks",
        "tingkat": "waspada",
        "kronologi": "Beredar pesan berantai tentang surat suara tercoblos di Desa Haruru.",
    }
    data.update(changes)
    return data


def education_data(**changes: Any) -> dict[str, Any]:
    """A valid `pendidikan_politik` report with just the fixed fields."""
    data = {
        "tanggal": "2024-02-05",
        "sasaran": ["pemilih_pemula", "perempuan"],
        "peserta_laki_laki": 40,
        "peserta_perempuan": 35,
        "platform": "konvensional",
    }
    data.update(changes)
    return data


# -- wire items as a PC pushes them (server and console tests) ---------------------------

VALID_DATA = {
    "waktu_kejadian": "2024-02-14T10:30:00+09:00",
    "kecamatan": "81.71.01",
    "kategori": "hoaks",
    "tingkat": "waspada",
    "kronologi": "Beredar pesan berantai berisi hoaks tentang jadwal pencoblosan.",
}


def report_data(office: str = "81.71", *, urgent: bool = False, **changes: Any) -> dict[str, Any]:
    """A valid deteksi_dini report of `office`; `urgent` makes it `siaga`."""
    data = dict(
        VALID_DATA,
        kecamatan=Regions.load().kecamatan_of(office)[0].code,
        tingkat="siaga" if urgent else "waspada",
    )
    data.update(changes)
    return data


def item(
    office: str = "81.71", *, revision: int = 1, report_id: str | None = None, **changes: Any
) -> dict[str, Any]:
    """One push item (wire form) with valid data; keyword arguments override any key."""
    urgent = changes.pop("urgent", False)
    body = {
        "id": report_id or str(uuid.uuid4()),
        "revision": revision,
        "form_id": "deteksi_dini",
        "form_version": 1,
        "office": office,
        "status": "submitted",
        "created_at": "2024-02-14T01:00:00+00:00",
        "updated_at": "2024-02-14T01:00:00+00:00",
        "data": report_data(office, urgent=urgent),
        "attachments": [],
    }
    body.update(changes)
    return body


# -- numbered reports through the store's bulk path (desktop tests, bench/gui.py) -----------

LEVELS = ("normal", "waspada", "siaga", "awas")
CATEGORIES = ("politik_identitas", "konflik_pendukung", "hoaks", "intimidasi", "politik_uang",
              "gangguan_keamanan", "bencana", "lainnya")
PLACES = ("pasar", "pelabuhan", "balai desa", "gedung serbaguna", "sekolah", "masjid raya", "gereja")
START = date(2024, 1, 1)


def numbered_warning(i: int, office: str, *, level: str | None = None) -> dict:
    kecamatan = Regions.load().kecamatan_of(office)
    when = datetime(2024, 1, 1, 8, 0, tzinfo=UTC) + timedelta(hours=7 * (i % 2400))  # never in the future
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


def numbered_education(i: int) -> dict:
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
        warnings = [numbered_warning(first + k, office) for k in range(0, n, 2)]
        lessons = [numbered_education(first + k) for k in range(1, n, 2)]
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


# -- one valid report of each form (console tests, bench/console.py) --------------------

def sample_education(day: str = "2024-02-10", *, male: int = 30, female: int = 25, targets: tuple[str, ...] = ("pemilih_pemula",)) -> dict[str, Any]:
    return {"nama_kegiatan": "Sosialisasi pemilih pemula", "tanggal": day, "platform": "konvensional",
            "sasaran": list(targets), "peserta_laki_laki": male, "peserta_perempuan": female}


def sample_meeting(day: str = "2024-02-05") -> dict[str, Any]:
    return {"tanggal": day, "agenda": "Kesiapan pengamanan pemungutan suara", "unsur_hadir": ["kapolres", "dandim"],
            "aspek": ["keamanan"], "kesimpulan": "Situasi kondusif."}


def sample_reserve(day: str = "2024-02-01", *, amount: int = 7_500_000_000) -> dict[str, Any]:
    return {"tanggal_laporan": day, "tahun_anggaran": 2024, "jumlah": amount, "dasar_hukum": "Perda No. 3 Tahun 2022",
            "status_realisasi": "dicadangkan"}


def sample_warning(office: str, *, day: str = "2024-02-14", urgent: bool = False, **changes: Any) -> dict[str, Any]:
    return report_data(office, urgent=urgent, waktu_kejadian=f"{day}T10:30:00+09:00", **changes)
