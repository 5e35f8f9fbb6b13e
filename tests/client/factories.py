"""Test data for the sync client: realistic early-warning reports, some urgent, some with photos."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from pathlib import Path
from uuid import UUID

from sync.regions import Regions
from sync.store import Store
from sync.store.attachments import add_attachment
from sync.store.reports import create_draft, submit_report
from sync.store.settings import set_office

OFFICE = "81.01"
_SENTENCES = [
    "Sekelompok pendukung pasangan calon berkumpul di depan kantor kecamatan.",
    "Beredar pesan berantai di grup WhatsApp yang menuduh penyelenggara tidak netral.",
    "Tokoh agama dan tokoh adat setempat sudah diajak berdialog oleh tim deteksi dini.",
    "Aparat kepolisian sektor melakukan patroli gabungan bersama Babinsa.",
    "Warga melaporkan pembagian uang dan sembako menjelang masa tenang.",
    "Spanduk salah satu partai dirusak oleh orang tidak dikenal pada malam hari.",
    "Situasi terpantau kondusif setelah mediasi oleh camat dan Forkopimcam.",
    "Panwascam mencatat dugaan pelanggaran dan meneruskannya ke Bawaslu kabupaten.",
    "Akses jalan ke desa terputus karena banjir sehingga logistik pemilu terlambat.",
    "Isu SARA mulai dimainkan di media sosial oleh akun anonim.",
]
_CATEGORIES = [
    "politik_identitas",
    "konflik_pendukung",
    "hoaks",
    "intimidasi",
    "politik_uang",
    "gangguan_keamanan",
]


def report_data(rng: random.Random, *, urgent: bool = False) -> dict:
    """Valid `deteksi_dini` values: a few hundred characters of Indonesian text, like real ones."""
    kecamatan = rng.choice(Regions.load().kecamatan_of(OFFICE)).code
    when = datetime(2024, 1, 10, tzinfo=UTC) + timedelta(minutes=rng.randrange(60 * 24 * 60))
    return {
        "waktu_kejadian": when.isoformat(),
        "kecamatan": kecamatan,
        "kategori": rng.choice(_CATEGORIES),
        "tingkat": rng.choice(["siaga", "awas"]) if urgent else rng.choice(["normal", "waspada"]),
        "kronologi": " ".join(rng.choice(_SENTENCES) for _ in range(rng.randint(3, 6))),
        "upaya_cegah_dini": " ".join(rng.choice(_SENTENCES) for _ in range(2)),
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
                data=report_data(rng, urgent=urgent),
                submit=True,
            ).id
            for _ in range(count)
        ]


def make_report_with_photo(store: Store, photo: Path, *, seed: int = 1) -> UUID:
    with store.session() as session:
        draft = create_draft(
            session=session, form_id="deteksi_dini", data=report_data(random.Random(seed))
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
