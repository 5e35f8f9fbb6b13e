"""Benchmark of the local store at 100,000 reports: bulk insert, list pages, filters, search, size, RSS.

    .venv/bin/python bench/store.py [--reports 100000] [--keep DIR] [--encryption both|on|off]

Builds realistic reports (11 offices, all five forms, Indonesian text of realistic length)
through the store's bulk path (`import_reports`, a few thousand per transaction), then times
what the report list does. With `--encryption both` (the default) it does so twice, on the
SQLCipher store and on a plain SQLite one, and ends with the figures side by side. Prints
one line per figure; see docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import psutil
import sqlalchemy as sa

from sync import migrations
from sync.export import export_reports
from sync.forms import FormRegistry
from sync.regions import Regions
from sync.store import keys, open_store
from sync.store.db import DB_NAME, Store, make_engine
from sync.store.models import Setting
from sync.store.reports import count_reports, import_reports, list_reports
from sync.store.schemas import ReportQuery, ReportState
from sync.store.units import writing

BATCH = 2_000
FORM_SHARE = {  # how often each form occurs in a real office's year
    "deteksi_dini": 0.40,
    "situasi_politik": 0.20,
    "pendidikan_politik": 0.20,
    "koordinasi_forkopimda": 0.15,
    "dana_cadangan": 0.05,
}
SUBJECTS = [
    "Tim pemantau", "Warga desa", "Pendukung salah satu pasangan calon", "Tokoh agama setempat",
    "Panitia pemungutan suara", "Anggota Bawaslu kecamatan", "Kelompok pemuda", "Aparat desa",
    "Pengurus partai politik", "Ormas kepemudaan", "Penyelenggara pemilu", "Masyarakat adat",
]  # fmt: skip
VERBS = [
    "melaporkan", "mengadakan pertemuan tentang", "menyebarkan informasi mengenai",
    "menyampaikan keberatan atas", "berkoordinasi dengan aparat terkait", "membahas",
    "mengawasi pelaksanaan", "memantau perkembangan", "menolak", "mendukung",
]  # fmt: skip
OBJECTS = [
    "pemutakhiran data pemilih", "pembagian sembako menjelang kampanye", "isu SARA di media sosial",
    "baliho yang dirusak orang tak dikenal", "distribusi logistik pemilu ke pulau terluar",
    "netralitas aparatur sipil negara", "jadwal kampanye terbuka", "hoaks surat suara tercoblos",
    "keterlambatan honor badan adhoc", "pengamanan tempat pemungutan suara", "politik uang",
    "sengketa batas desa yang memanas", "gelombang tinggi yang menghambat kapal logistik",
]  # fmt: skip
PLACES = [
    "di balai desa", "di pelabuhan", "di depan kantor camat", "di pasar", "di gedung gereja",
    "di masjid raya", "di lapangan sepak bola", "di sekolah", "di kantor KPU kabupaten",
]  # fmt: skip
TAILS = [
    "Situasi dapat dikendalikan setelah dialog dengan tokoh masyarakat.",
    "Tim akan terus memantau dan melaporkan perkembangan selanjutnya.",
    "Diperlukan koordinasi lebih lanjut dengan Polres dan Kodim.",
    "Masyarakat diimbau tidak terprovokasi informasi yang belum jelas sumbernya.",
    "Kegiatan berlangsung tertib dan lancar.",
]  # fmt: skip


def sentence(rnd: random.Random) -> str:
    return f"{rnd.choice(SUBJECTS)} {rnd.choice(VERBS)} {rnd.choice(OBJECTS)} {rnd.choice(PLACES)}. {rnd.choice(TAILS)}"


def paragraph(rnd: random.Random, low: int, high: int) -> str:
    return " ".join(sentence(rnd) for _ in range(rnd.randint(low, high)))


def some_day(rnd: random.Random) -> date:
    return date(2023, 6, 1) + timedelta(days=rnd.randrange(600))


def _deteksi_dini(rnd: random.Random, kecamatan: list[str]) -> dict[str, Any]:
    moment = datetime.combine(some_day(rnd), datetime.min.time(), UTC) + timedelta(
        minutes=rnd.randrange(1440)
    )
    return {
        "waktu_kejadian": moment.isoformat(),
        "kecamatan": rnd.choice(kecamatan),
        "kategori": rnd.choice(["politik_identitas", "konflik_pendukung", "hoaks", "intimidasi", "politik_uang", "gangguan_keamanan", "bencana", "lainnya"]),
        "tingkat": rnd.choices(["normal", "waspada", "siaga", "awas"], [60, 30, 8, 2])[0],
        "kronologi": paragraph(rnd, 3, 8),
        "upaya_cegah_dini": paragraph(rnd, 1, 3),
        "rekomendasi": paragraph(rnd, 1, 2),
    }  # fmt: skip


def _situasi_politik(rnd: random.Random, kecamatan: list[str]) -> dict[str, Any]:
    grade = ["kondusif", "perlu_perhatian", "rawan"]
    return {
        "tanggal_laporan": some_day(rnd).isoformat(),
        "periode": rnd.choice(["mingguan", "bulanan"]),
        "kondisi_partai": paragraph(rnd, 2, 5),
        "penilaian_partai": rnd.choice(grade),
        "kondisi_ormas": paragraph(rnd, 2, 4),
        "kondisi_penyelenggara": paragraph(rnd, 2, 4),
        "penilaian_umum": rnd.choices(grade, [70, 25, 5])[0],
        "potensi_konflik": paragraph(rnd, 1, 3),
        "rekomendasi": paragraph(rnd, 1, 2),
    }


def _pendidikan_politik(rnd: random.Random, kecamatan: list[str]) -> dict[str, Any]:
    return {
        "tanggal": some_day(rnd).isoformat(),
        "nama_kegiatan": f"Sosialisasi {rnd.choice(OBJECTS)}",
        "kecamatan": rnd.choice(kecamatan),
        "sasaran": rnd.sample(["pemilih_pemula", "perempuan", "penyandang_disabilitas", "pemuda", "masyarakat_umum"], 2),
        "peserta_laki_laki": rnd.randint(5, 150),
        "peserta_perempuan": rnd.randint(5, 150),
        "platform": rnd.choice(["digital", "konvensional", "hybrid"]),
        "uraian_materi": paragraph(rnd, 2, 4),
    }  # fmt: skip


def _koordinasi(rnd: random.Random, kecamatan: list[str]) -> dict[str, Any]:
    day = some_day(rnd)
    return {
        "tanggal": day.isoformat(),
        "agenda": f"Rapat kesiapan {rnd.choice(OBJECTS)}",
        "unsur_hadir": rnd.sample(["bupati_walikota", "sekda", "dprd", "kapolres", "dandim", "kesbangpol"], 4),
        "aspek": rnd.sample(["keamanan", "kesehatan", "mitigasi_bencana", "pencegahan_ancaman"], 2),
        "pembahasan": paragraph(rnd, 2, 5),
        "kesimpulan": paragraph(rnd, 1, 3),
        "tindak_lanjut": [
            {"tindakan": sentence(rnd)[:200], "penanggung_jawab": rnd.choice(["Polres", "Kodim", "BPBD", "Kesbangpol"]),
             "batas_waktu": (day + timedelta(days=rnd.randint(3, 30))).isoformat()}
            for _ in range(rnd.randint(1, 3))
        ],
    }  # fmt: skip


def _dana_cadangan(rnd: random.Random, kecamatan: list[str]) -> dict[str, Any]:
    return {
        "tanggal_laporan": some_day(rnd).isoformat(),
        "tahun_anggaran": rnd.choice([2022, 2023, 2024]),
        "jumlah": rnd.randrange(1_000, 50_000) * 1_000_000,
        "dasar_hukum": f"Peraturan Daerah Nomor {rnd.randint(1, 12)} Tahun {rnd.choice([2021, 2022])} tentang Dana Cadangan Pilkada",
        "status_realisasi": rnd.choice(["ditetapkan", "dicadangkan", "dicairkan_sebagian", "dicairkan_penuh"]),
        "catatan": paragraph(rnd, 1, 2),
    }  # fmt: skip


MAKERS: dict[str, Callable[[random.Random, list[str]], dict[str, Any]]] = {
    "deteksi_dini": _deteksi_dini,
    "situasi_politik": _situasi_politik,
    "pendidikan_politik": _pendidikan_politik,
    "koordinasi_forkopimda": _koordinasi,
    "dana_cadangan": _dana_cadangan,
}


def _act_as_office(store: Store, office: str) -> None:
    # A real PC is one office for ever; the bench fills one store with the whole province's
    # volume, so it switches the office setting directly between offices.
    with store.session() as session, writing(session):
        session.merge(Setting(key="office", value=office))


def build(store: Store, total: int, seed: int = 7) -> float:
    """Insert `total` reports through the bulk path; returns reports per second."""
    rnd = random.Random(seed)
    regions = Regions.load()
    offices = [r.code for r in regions.regencies()]
    started = time.perf_counter()
    made = 0
    for index, office in enumerate(offices):
        _act_as_office(store, office)
        kecamatan = [k.code for k in regions.kecamatan_of(office)]
        share = total // len(offices) + (1 if index < total % len(offices) else 0)
        while share > 0:
            size = min(BATCH, share)
            form_id = rnd.choices(list(FORM_SHARE), list(FORM_SHARE.values()))[0]
            items = [MAKERS[form_id](rnd, kecamatan) for _ in range(size)]
            with store.session() as session:
                import_reports(
                    session=session, form_id=form_id, items=items, submit=rnd.random() < 0.9
                )
            share -= size
            made += size
    return made / (time.perf_counter() - started)


FIGURES: dict[str, dict[str, float]] = {}  # label → {"on"/"off": ms}, for the side-by-side table


def timed_in_mode(label: str, action: Callable[[], Any], repeat: int = 5, mode: str = "on") -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        result = action()
        times.append((time.perf_counter() - start) * 1000)
    median = statistics.median(times)
    size = len(result) if isinstance(result, list) else result
    print(f"{label:<52} {median:8.1f} ms  (median of {repeat}; {size} rows)")
    FIGURES.setdefault(label, {})[mode] = median
    return median


def measure(store: Store, mode: str) -> None:
    def listing(**query: Any) -> Callable[[], Any]:
        def run() -> Any:
            with store.session() as session:
                return list_reports(session=session, query=ReportQuery(limit=100, **query))

        return run

    def counting(**query: Any) -> Callable[[], Any]:
        def run() -> Any:
            with store.session() as session:
                return count_reports(session=session, query=ReportQuery(**query))

        return run

    def timed(label: str, action: Callable[[], Any]) -> float:
        return timed_in_mode(label, action, mode=mode)

    timed("first page, newest report date first", listing())
    timed("deep page (offset 99,800), by date", listing(offset=99_800))
    timed("first page sorted by title", listing(sort="title", descending=False))
    timed(
        "deep page (offset 99,800) sorted by title",
        listing(sort="title", descending=False, offset=99_800),
    )
    by_title = tuple(f.id for f in sorted(FormRegistry.bundled().forms(), key=lambda f: f.title("id").casefold()))
    timed("first page sorted by form title", listing(sort="form_id", descending=False, form_order=by_title))
    timed(
        "deep page (offset 99,800) sorted by form title",
        listing(sort="form_id", descending=False, form_order=by_title, offset=99_800),
    )
    timed("first page sorted by alert level", listing(sort="alert_level"))
    timed(
        "filter form=deteksi_dini & state=queued",
        listing(form_id="deteksi_dini", states=(ReportState.QUEUED,)),
    )
    timed("filter urgent only", listing(urgent_only=True))
    timed(
        "filter state=queued, sorted by title, offset 30,000",
        listing(states=(ReportState.QUEUED,), sort="title", descending=False, offset=30_000),
    )
    timed(
        "filter form, sorted by kecamatan, offset 15,000",
        listing(form_id="pendidikan_politik", sort="kecamatan", offset=15_000),
    )
    timed("full-text search 'hoaks surat'", listing(search="hoaks surat"))
    timed("full-text search 'pelabuhan' (common word)", listing(search="pelabuhan"))
    timed("full-text search 'tenggelam' (no match)", listing(search="tenggelam"))
    timed(
        "full-text 'hoaks' + form + state, by alert level",
        listing(
            search="hoaks", form_id="deteksi_dini", states=(ReportState.QUEUED,), sort="alert_level"
        ),
    )
    timed("count all", counting())
    timed(
        "count form=deteksi_dini & state=queued",
        counting(form_id="deteksi_dini", states=(ReportState.QUEUED,)),
    )
    timed("count full-text 'politik uang'", counting(search="politik uang"))


def measure_export(store: Store, folder: Path) -> None:
    for fmt, month in (("csv", None), ("json", "2024-02"), ("xlsx", "2024-02")):
        out = folder / f"export.{fmt}"
        start = time.perf_counter()
        with store.session() as session:
            count = export_reports(session=session, fmt=fmt, out=out, month=month)
        took = time.perf_counter() - start
        label = f"export {fmt}, {'all' if month is None else 'one month'}"
        print(
            f"{label:<52} {took * 1000:8.0f} ms  ({count} reports, {out.stat().st_size / 1e6:.1f} MB)"
        )


def plain_store(folder: Path) -> Store:
    """A store as before encryption: the same schema in a plain SQLite file (for comparison only)."""
    folder.mkdir(parents=True, exist_ok=True)
    engine = make_engine(folder / DB_NAME, None)
    migrations.upgrade(engine)
    return Store(data_dir=folder, engine=engine)


def run(folder: Path, reports: int, mode: str) -> None:
    print(f"--- encryption {mode} ---")
    store = open_store(folder, auto_backup=False) if mode == "on" else plain_store(folder)
    rate = build(store, reports)
    print(f"{'bulk insert (import_reports, 2,000 per transaction)':<52} {rate:8.0f} reports/s")
    FIGURES.setdefault("bulk insert, reports/s", {})[mode] = rate
    with store.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        total = conn.execute(sa.text("SELECT count(*) FROM report")).scalar()
    print(f"{'reports in store':<52} {total:8d}")
    measure(store, mode)
    measure_export(store, folder)
    size = store.db_path.stat().st_size / 1e6
    print(f"{'database size':<52} {size:8.1f} MB")
    store.close()
    if mode == "on":
        for label, forget in (("open_store, key to derive from the passphrase", True),
                              ("open_store, key already unlocked", False)):
            if forget:
                keys.forget()
            start = time.perf_counter()
            open_store(folder, auto_backup=False).close()
            took = (time.perf_counter() - start) * 1000
            print(f"{label:<52} {took:8.1f} ms")
            FIGURES.setdefault(label, {})[mode] = took
    print(f"{'peak RSS':<52} {psutil.Process().memory_info().rss / 1e6:8.1f} MB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=100_000)
    parser.add_argument("--keep", type=Path, help="build the stores in this folder and keep them")
    parser.add_argument("--encryption", choices=("both", "on", "off"), default="both")
    args = parser.parse_args()
    # No credential store on a build machine: the key is wrapped by a passphrase, at its real cost.
    os.environ.setdefault(keys.PASSPHRASE_ENV, "bench-frasa-sandi")
    folder = args.keep or Path(tempfile.mkdtemp(prefix="pantau-bench-"))
    try:
        for mode in ("on", "off") if args.encryption == "both" else (args.encryption,):
            run(folder / f"encryption-{mode}", args.reports, mode)
    finally:
        if args.keep is None:
            shutil.rmtree(folder, ignore_errors=True)
    if args.encryption == "both":
        print(f"\n{'figure':<52} {'on':>9} {'off':>9} {'on/off':>7}")
        for label, by_mode in FIGURES.items():
            if {"on", "off"} <= by_mode.keys():
                print(f"{label:<52} {by_mode['on']:9.1f} {by_mode['off']:9.1f} {by_mode['on'] / by_mode['off']:7.2f}")


if __name__ == "__main__":
    main()
