"""Console benchmark: the provincial console's pages at 200,000 reports of the 11 offices, on PostgreSQL.

    .venv/bin/python bench/console.py [--reports 200000] [--database-url URL] [--runs 7]

Fills a fresh PostgreSQL database (`pantau_bench_console`, next to the one in
$PANTAU_TEST_DATABASE_URL unless `--database-url` names one) with reports of the five forms
spread over two years, a third of them reviewed, then fetches each page over
HTTP from a real server process (uvicorn, one worker: routing, session, query, template). For
each page it prints the median and the worst wall time of `--runs` fetches, the median time the
server spent on it (its access log: from the request to the last byte handed over, gzip
included), the page's size and the machine's load average (1 minute) while it was measured.
Every list filter and search is fetched twice: its first page and its last (a keyset cursor
50 rows from the end). It also prints how long the server process took from its start to its
first answer. Targets: Beranda ≤ 300 ms, list and search ≤ 200 ms at any depth, a report
≤ 100 ms, the map ≤ 300 ms (also a year), a month's recap ≤ 3 s.

The console keeps Beranda's shared figures and the maps while no report or review arrives
(a minute at most): the worst of the runs is the first fetch, which works them out.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import requests  # noqa: E402
import sqlalchemy as sa  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402
from sqlmodel import Session  # noqa: E402
from starlette.datastructures import QueryParams  # noqa: E402

from sync.forms import FormRegistry  # noqa: E402
from sync.maps.shapes import KECAMATAN, areas  # noqa: E402
from sync.regions import Regions  # noqa: E402
from sync.server import admin, users  # noqa: E402
from sync.server.console import listing  # noqa: E402
from sync.server.console.labels import labels_for  # noqa: E402
from sync.server.db import make_engine, migrate  # noqa: E402
from sync.server.device_health import contact_day  # noqa: E402
from sync.server.models import Device, DeviceContact, DeviceHealth, Report, ReportRevision  # noqa: E402
from sync.server.report_columns import list_columns, place_columns  # noqa: E402
from tests.support.server import ServerHandle, running_server  # noqa: E402

DATABASE = "pantau_bench_console"
PASSWORD = "bench-kata-sandi-1"
WORDS = ["massa", "berkumpul", "spanduk", "hoaks", "beredar", "grup", "percakapan", "warga", "desa", "tokoh", "adat", "pasar", "pelabuhan", "kapal", "pemilih", "kampanye", "sembako", "intimidasi", "aparat", "patroli", "kecamatan", "bentrok", "pendukung", "calon", "selebaran", "ujaran", "kebencian", "gereja", "masjid", "pemuda", "nelayan", "petani"]  # fmt: skip
CATEGORIES = ("politik_identitas", "konflik_pendukung", "hoaks", "intimidasi", "politik_uang",
              "gangguan_keamanan", "netralitas_asn", "unjuk_rasa", "bencana", "lainnya")  # fmt: skip
LEVELS = ("normal", "normal", "waspada", "waspada", "siaga", "awas")
FORMS = ("deteksi_dini",) * 4 + ("pendidikan_politik", "koordinasi_forkopimda", "situasi_politik", "dana_cadangan")


PLACES = {a.code: (p.y, p.x) for a in areas(KECAMATAN) for p in [a.geometry.representative_point()]}


def prose(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize() + "."


def data_for(form_id: str, rng: random.Random, office: str, day: date) -> dict[str, Any]:
    kecamatan = rng.choice(Regions.load().kecamatan_of(office)).code
    if form_id == "deteksi_dini":
        warning = {"waktu_kejadian": f"{day.isoformat()}T10:30:00+09:00", "kecamatan": kecamatan,
                   "kategori": rng.choice(CATEGORIES), "tingkat": rng.choice(LEVELS),
                   "kronologi": prose(rng, rng.randint(30, 80)), "upaya_cegah_dini": prose(rng, 15)}
        if rng.random() < 0.4:  # from a phone's GPS: near the kecamatan, a few km either way
            lat, lon = PLACES[kecamatan]
            warning["koordinat"] = {"lat": round(lat + rng.uniform(-0.03, 0.03), 5),
                                    "lon": round(lon + rng.uniform(-0.03, 0.03), 5)}
        return warning
    if form_id == "pendidikan_politik":
        return {"nama_kegiatan": prose(rng, 4), "tanggal": day.isoformat(), "platform": "konvensional",
                "sasaran": ["pemilih_pemula", rng.choice(["perempuan", "pemuda", "masyarakat_umum"])],
                "peserta_laki_laki": rng.randint(5, 80), "peserta_perempuan": rng.randint(5, 80), "kecamatan": kecamatan}
    if form_id == "koordinasi_forkopimda":
        return {"tanggal": day.isoformat(), "agenda": prose(rng, 6), "unsur_hadir": ["kapolres", "dandim"],
                "aspek": ["keamanan"], "kesimpulan": prose(rng, 20)}
    if form_id == "dana_cadangan":
        return {"tanggal_laporan": day.isoformat(), "tahun_anggaran": day.year, "jumlah": rng.randint(1, 90) * 100_000_000,
                "dasar_hukum": "Perda No. 3 Tahun 2022", "status_realisasi": "dicadangkan"}
    return {"tanggal_laporan": day.isoformat(), "periode": "bulanan", "penilaian_umum": "kondusif",
            "kondisi_partai": prose(rng, 30), "potensi_konflik": prose(rng, 20)}


def bench_database(base_url: str, *, name: str, reuse: bool) -> tuple[str, bool]:
    """The benchmark database's URL, and whether it must be filled (a new one)."""
    url = make_url(base_url)
    admin_engine = sa.create_engine(url, isolation_level="AUTOCOMMIT")
    with admin_engine.connect() as connection:
        exists = connection.execute(
            sa.text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}
        ).first()
        if not (reuse and exists):
            connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    admin_engine.dispose()
    return url.set(database=name).render_as_string(hide_password=False), not (reuse and exists)


def vacuum(url: str) -> None:
    """What autovacuum does to a table that has settled: statistics and the visibility map."""
    engine = sa.create_engine(url, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(sa.text("VACUUM ANALYZE"))
    engine.dispose()


def fill(engine: sa.engine.Engine, count: int, now: datetime) -> None:
    rng = random.Random(2024)
    registry = FormRegistry.bundled()
    offices = [r.code for r in Regions.load().regencies()]
    span = timedelta(days=730).total_seconds()
    batch = 5000
    started = time.perf_counter()
    with Session(engine) as session:
        admin.seed_offices(session=session)
        seq = 0
        for start in range(0, count, batch):
            revisions, reports = [], []
            for _ in range(min(batch, count - start)):
                seq += 1
                office = rng.choice(offices)
                form_id = rng.choice(FORMS)
                received = now - timedelta(seconds=rng.random() * span)
                day = (received - timedelta(days=rng.randint(0, 3))).date()
                data = data_for(form_id, rng, office, day)
                form = registry.get(form_id, 1)
                report_id = uuid.uuid4()
                withdrawn = rng.random() < 0.02
                row = dict(report_id=report_id, revision=1, office=office, device_id=uuid.UUID(int=1), form_id=form_id,
                           form_version=1, status="withdrawn" if withdrawn else "submitted",
                           urgent=form.is_urgent(data) and not withdrawn, title=form.report_title(data), data=data,
                           attachments=[], withdraw_reason="Salah input" if withdrawn else None,
                           created_at=received, updated_at=received, received_at=received, seq=seq,
                           content_hash=f"{seq:064x}")
                revisions.append(row)
                reviewed = rng.random() < 0.35
                reports.append(dict(
                    id=report_id, office=office, form_id=form_id, latest_revision=1, latest_seq=seq,
                    status=row["status"], urgent=row["urgent"], title=row["title"], received_at=received,
                    review=rng.choice(["verified", "verified", "needs_revision"]) if reviewed else None,
                    review_comment="" if reviewed else None, reviewed_revision=1 if reviewed else None,
                    reviewed_at=received + timedelta(days=1) if reviewed else None,
                    **list_columns(form, data, received_at=received),
                    **place_columns(form, data),
                ))
            columns = {c.name for c in ReportRevision.__table__.columns}
            session.execute(ReportRevision.__table__.insert(), [{k: v for k, v in r.items() if k in columns} for r in revisions])
            session.execute(Report.__table__.insert(), reports)
            session.commit()
    print(f"filled {count:,} reports in {time.perf_counter() - started:.0f} s", flush=True)


def fill_health(engine: sa.engine.Engine, now: datetime) -> None:
    """The sync-health board's data: 11 offices × 5 PCs, their heartbeats and a year of contacts."""
    rng = random.Random(9)
    with Session(engine) as session:
        if session.execute(sa.select(sa.func.count()).select_from(Device)).scalar_one():
            return
        devices, health, contacts = [], [], []
        for office in [r.code for r in Regions.load().regencies()]:
            for n in range(5):
                device_id = uuid.uuid4()
                seen = now - timedelta(hours=rng.choice([0.2, 3, 30, 60, 200]))
                devices.append(dict(id=device_id, office=office, label=f"PC {n + 1}", token_hash=f"{device_id.hex}{n:032x}",
                                    created_at=now - timedelta(days=400), last_seen_at=seen))
                health.append(dict(device_id=device_id, heard_at=seen, last_push_at=seen,
                                   heartbeat={"app": "0.1.0", "wait": rng.randint(0, 40), "urgent": rng.randint(0, 2),
                                              "oldest": rng.randint(0, 90000), "uoldest": rng.randint(0, 9000),
                                              "forms": {"deteksi_dini": 2, "situasi_politik": 2}}))
                contacts += [dict(device_id=device_id, day=contact_day(now) - timedelta(days=d), contacts=rng.randint(0, 30))
                             for d in range(365)]
        session.execute(Device.__table__.insert(), devices)
        session.execute(DeviceHealth.__table__.insert(), health)
        session.execute(DeviceContact.__table__.insert(), contacts)
        session.commit()
    print(f"filled {len(devices)} devices, {len(contacts):,} days of contacts", flush=True)


@dataclass
class Timing:
    median: float
    worst: float
    server: float  # median of the server's own times (access log)
    size: int
    wire: int  # as sent (gzip), what the 200 kB page bound is about
    load: float


def timed(client: requests.Session, server: ServerHandle, url: str, runs: int) -> Timing:
    times = []
    size = wire = 0
    seen = len(server.access_log())
    for _ in range(runs):
        began = time.perf_counter()
        response = client.get(url, timeout=60)
        times.append((time.perf_counter() - began) * 1000)
        assert response.status_code == 200, (url, response.status_code, response.text[:300])
        size = len(response.content)
        wire = int(response.headers.get("content-length", size))
    handled = [line["ms"] for line in server.access_log()[seen:] if line.get("method") == "GET"]
    return Timing(statistics.median(times), max(times), statistics.median(handled or [0]), size, wire, os.getloadavg()[0])


def last_page(session: Session, labels: Any, path: str) -> str:
    """`path` with the cursor of its last page: 50 rows before the end, in the list's order."""
    query = listing.parse(QueryParams(path.partition("?")[2]), labels)
    column, newest_first = listing.SORTS[query.sort]
    order = (column.asc(), Report.id.asc()) if newest_first else (column.desc(), Report.id.desc())
    key, report_id = session.execute(
        sa.select(column, Report.id).where(*listing.conditions(session, query)).order_by(*order).offset(50).limit(1)
    ).one()
    joint = "&" if "?" in path else "?"
    return f"{path}{joint}sesudah={quote(f'{key.isoformat()}~{report_id}')}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=200_000)
    parser.add_argument("--database-url", default=os.environ.get("PANTAU_TEST_DATABASE_URL"))
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--reuse", action="store_true", help="keep the database of an earlier run")
    parser.add_argument("--database-name", default=DATABASE, help="the database made (and dropped) for the run")
    args = parser.parse_args()
    if not args.database_url:
        print("give --database-url or set PANTAU_TEST_DATABASE_URL (a PostgreSQL server)", file=sys.stderr)
        return 2
    url, empty = bench_database(args.database_url, name=args.database_name, reuse=args.reuse)
    now = datetime.now(UTC)
    with tempfile.TemporaryDirectory() as folder:
        engine = make_engine(url)
        migrate(engine)
        if empty:
            fill(engine, args.reports, now)
        fill_health(engine, now)
        vacuum(url)
        with Session(engine) as session:
            if empty:
                users.add_user(session=session, username="bench", role="analyst", password=PASSWORD, actor="bench")
            some = session.execute(sa.select(Report.id).where(Report.form_id == "deteksi_dini").limit(1)).scalar_one()
            kecamatan = session.execute(sa.select(Report.kecamatan).where(Report.kecamatan.is_not(None)).limit(1)).scalar_one()
            month = (now.replace(day=1) - timedelta(days=1)).strftime("%Y-%m")
            year_ago = (now - timedelta(days=365)).date()
            labels = labels_for(FormRegistry.bundled())
            lists = [
                ("list", "/laporan"),
                ("list, regency", "/laporan?kabupaten=81.71"),
                ("list, form", "/laporan?formulir=pendidikan_politik"),
                ("list, alert level siaga+awas", "/laporan?tingkat=siaga&tingkat=awas"),
                ("list, category", "/laporan?kategori=politik_uang"),
                ("list, kecamatan", f"/laporan?kecamatan={kecamatan}"),
                ("list, date range (a month)", f"/laporan?dari={month}-01&sampai={month}-28"),
                ("list, not reviewed, oldest first", "/laporan?tinjauan=belum&urut=diterima_lama"),
                ("list, withdrawn", "/laporan?ditarik=ya"),
                ("search, one word", "/laporan?q=hoaks"),
                ("search, two words", "/laporan?q=kapal+nelayan"),
                ("search, two words + regency", "/laporan?q=gereja+selebaran&kabupaten=81.01"),
            ]
            pages = [("Beranda", "/", 300)]
            for name, path in lists:
                pages += [(f"{name}, first page", path, 200), (f"{name}, last page", last_page(session, labels, path), 200)]
        pages += [
            ("report detail", f"/laporan/{some}", 100),
            ("sync health board (55 PCs, a year)", "/sinkronisasi", 200),
            ("map, last 30 days", "/peta", 300),
            ("map, a month, siaga+awas", f"/peta?dari={month}-01&sampai={month}-28&tingkat=siaga&tingkat=awas", 300),
            ("map, the province, a year", f"/peta?dari={year_ago}", 300),
            ("map, one regency, a year", f"/peta?kabupaten=81.01&dari={year_ago}", 300),
            ("recap page (month)", f"/rekap?bulan={month}", 3000),
            ("recap PDF (month)", f"/rekap?bulan={month}&format=pdf", 3000),
            ("recap XLSX (month)", f"/rekap?bulan={month}&format=xlsx", 3000),
        ]
        began = time.perf_counter()
        with running_server(Path(folder), database_url=url, process=True) as server:
            print(f"server start to its first answer: {time.perf_counter() - began:.2f} s "
                  f"(load average {os.getloadavg()[0]:.1f})", flush=True)  # fmt: skip
            client = requests.Session()
            base = server.url
            page = client.get(f"{base}/login", timeout=30)
            token = page.text.split('name="csrf_token" value="')[1].split('"')[0]
            client.post(f"{base}/login", data={"username": "bench", "password": PASSWORD, "csrf_token": token}, timeout=30)
            print(f"{'page':44} {'median':>9} {'worst':>9} {'server':>9} {'target':>8} {'bytes':>9} {'wire':>9} {'load':>5}")
            for name, path, target in pages:
                t = timed(client, server, base + path, args.runs)
                mark = "ok" if t.median <= target else "SLOW"
                print(f"{name:44} {t.median:7.1f}ms {t.worst:7.1f}ms {t.server:7.1f}ms {target:6d}ms {t.size:9,} {t.wire:9,} "
                      f"{t.load:5.1f} {mark}", flush=True)  # fmt: skip
        engine.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
