"""Server ingest benchmark: 11 offices push report batches at once to a real server process.

    .venv/bin/python bench/server_ingest.py                      # SQLite, then PostgreSQL if configured
    .venv/bin/python bench/server_ingest.py --backend postgres --workers 3 --reports 2000

PostgreSQL comes from --database-url or PANTAU_TEST_DATABASE_URL (a throw-away database
is created in it). Bodies are gzip-compressed JSON built before the clock starts, as the
office client sends them. Prints accepted reports per second and p50/p95 push latency.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import sys
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

import requests

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sync.regions import Regions  # noqa: E402
from tests.support.server import ServerHandle, pg_database_url, running_server  # noqa: E402

OFFICES = [region.code for region in Regions.load().regencies()]


@dataclass
class Result:
    backend: str
    workers: int
    reports: int
    seconds: float
    latencies: list[float]

    @property
    def rate(self) -> float:
        return self.reports / self.seconds

    def percentile(self, fraction: float) -> float:
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))] * 1000


def report(office: str, index: int) -> dict:
    kecamatan = Regions.load().kecamatan_of(office)[0].code
    return {
        "id": str(uuid.uuid4()),
        "revision": 1,
        "form_id": "deteksi_dini",
        "form_version": 1,
        "office": office,
        "status": "submitted",
        "created_at": "2024-02-14T01:00:00+00:00",
        "updated_at": "2024-02-14T01:00:00+00:00",
        "data": {
            "waktu_kejadian": "2024-02-14T10:30:00+09:00",
            "kecamatan": kecamatan,
            "kategori": "hoaks",
            "tingkat": "siaga" if index % 10 == 0 else "waspada",
            "kronologi": f"Laporan uji beban nomor {index}: pesan berantai tentang jadwal pencoblosan.",
            "pihak_terlibat": "Akun media sosial anonim",
            "upaya_cegah_dini": "Klarifikasi bersama KPU dan Bawaslu setempat.",
        },
        "attachments": [],
    }


def enroll(server: ServerHandle, office: str) -> requests.Session:
    code = server.enroll_code(office, "bench")
    token = requests.post(
        f"{server.api}/enroll", json={"code": code, "label": "bench"}, timeout=30
    ).json()["token"]
    session = requests.Session()
    session.headers.update(
        {
            "Authorization": f"Bearer {token}",
            "Content-Encoding": "gzip",
            "Content-Type": "application/json",
        }
    )
    return session


def run(server: ServerHandle, *, backend: str, workers: int, per_office: int, batch: int) -> Result:
    sessions = {office: enroll(server, office) for office in OFFICES}
    bodies = {
        office: [
            gzip.compress(
                json.dumps({"items": [report(office, i + n) for n in range(batch)]}).encode(), 6
            )
            for i in range(0, per_office, batch)
        ]
        for office in OFFICES
    }
    latencies: list[float] = []
    accepted = [0]
    lock = threading.Lock()
    barrier = threading.Barrier(len(OFFICES) + 1)

    def office_worker(office: str) -> None:
        barrier.wait(60)
        for body in bodies[office]:
            started = time.perf_counter()
            response = sessions[office].post(f"{server.api}/push", data=body, timeout=120)
            elapsed = time.perf_counter() - started
            response.raise_for_status()
            count = sum(r["status"] == "accepted" for r in response.json()["results"])
            with lock:
                latencies.append(elapsed)
                accepted[0] += count

    threads = [threading.Thread(target=office_worker, args=(office,)) for office in OFFICES]
    for thread in threads:
        thread.start()
    barrier.wait(60)
    started = time.perf_counter()
    for thread in threads:
        thread.join(600)
    seconds = time.perf_counter() - started
    expected = per_office * len(OFFICES)
    if accepted[0] != expected:
        raise SystemExit(f"only {accepted[0]} of {expected} reports accepted")
    return Result(backend, workers, accepted[0], seconds, latencies)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument(
        "--database-url", help="PostgreSQL server URL (default: $PANTAU_TEST_DATABASE_URL)"
    )
    parser.add_argument(
        "--workers", type=int, default=None, help="server processes (default: 1 SQLite, 2 PG)"
    )
    parser.add_argument("--reports", type=int, default=2000, help="reports per office")
    parser.add_argument("--batch", type=int, default=100, help="reports per push")
    args = parser.parse_args()
    if args.database_url:
        os.environ["PANTAU_TEST_DATABASE_URL"] = args.database_url
    backends = ["sqlite", "postgres"] if args.backend == "both" else [args.backend]
    print(
        f"{len(OFFICES)} offices x {args.reports} reports, {args.batch} per push, {os.cpu_count()} CPUs"
    )
    print(
        f"{'backend':9} {'workers':>7} {'reports':>8} {'seconds':>8} {'reports/s':>10} {'p50 ms':>8} {'p95 ms':>8}"
    )
    for backend in backends:
        url = pg_database_url() if backend == "postgres" else None
        if backend == "postgres" and url is None:
            print("postgres: skipped (no --database-url or PANTAU_TEST_DATABASE_URL)")
            continue
        workers = args.workers or (2 if backend == "postgres" else 1)
        with (
            tempfile.TemporaryDirectory(ignore_cleanup_errors=True) as tmp,
            running_server(
                Path(tmp),
                database_url=url,
                workers=workers,
                extra_env={"PANTAU_SERVER_LOG_FILE": "false"},
                process=True,
            ) as server,
        ):
            result = run(
                server, backend=backend, workers=workers, per_office=args.reports, batch=args.batch
            )
        print(
            f"{result.backend:9} {result.workers:7} {result.reports:8} {result.seconds:8.1f} "
            f"{result.rate:10.0f} {result.percentile(0.5):8.0f} {result.percentile(0.95):8.0f}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
