"""Sync over poor links: Pantau's client against the physical lower bound and a naive client.

    .venv/bin/python bench/sync_link.py [--reports 2000] [--naive-reports 100] [--scenarios a,b,c]

Each scenario starts a real server and a fresh office store with `--reports` submitted
reports, puts the poor-link proxy between them and syncs until the queue is empty:
  (a) 64 kbit/s, 600 ms RTT   (b) 256 kbit/s, 300 ms RTT   (c) (a) with cuts every ~20 kB.
The lower bound is the whole outbox as one gzip body ÷ bandwidth + one round trip. The
naive client sends one uncompressed request per report (as OpenRosa-style tools do) on a
keep-alive connection, retrying after a cut; it runs on a sample of `--naive-reports` and
its time is scaled to the full count.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sync.client import progress as outcomes  # noqa: E402
from sync.client.engine import SyncEngine  # noqa: E402
from sync.client.enrollment import enroll, transport_for  # noqa: E402
from sync.store import open_store  # noqa: E402
from sync.store.outbox import next_batch  # noqa: E402
from tests.client.factories import OFFICE, make_reports, prepare_office  # noqa: E402
from tests.support.netproxy import LinkProfile, NetProxy  # noqa: E402
from tests.support.server import running_server  # noqa: E402

SCENARIOS = {
    "a": ("64 kbit/s, 600 ms RTT", LinkProfile.kbit(64, 600)),
    "b": ("256 kbit/s, 300 ms RTT", LinkProfile.kbit(256, 300)),
    "c": (
        "64 kbit/s, 600 ms RTT, cut every ~20 kB",
        LinkProfile.kbit(64, 600, cut_after=20_000, cut_jitter=0.5),
    ),
}


@dataclass
class Run:
    wall: float
    bytes_up: int
    bytes_down: int
    requests: int
    cuts: int


def _items(store) -> list[dict]:
    with store.session() as session:
        return [e.item for e in next_batch(session=session, max_items=10**6, max_bytes=10**12)]


def lower_bound(items: list[dict], profile: LinkProfile) -> tuple[float, int]:
    body = gzip.compress(json.dumps({"items": items}, separators=(",", ":")).encode(), 6)
    return len(body) / profile.bandwidth + profile.rtt, len(body)


def run_pantau(work: Path, count: int, profile: LinkProfile) -> tuple[Run, float, int]:
    with running_server(work / "server") as server:
        store = open_store(work / "pc", auto_backup=False)
        prepare_office(store)
        make_reports(store, count, seed=11)
        bound, gz = lower_bound(_items(store), profile)
        with NetProxy(server.port, profile, seed=5) as proxy:
            enroll(store, server_url=proxy.url, code=server.enroll_code(OFFICE), label="bench")
            proxy.reset_counters()
            engine = SyncEngine(store, transport_for(store))
            started = time.monotonic()
            for _ in range(10):
                result = engine.run_pass(pull=False)
                if result.outcome == outcomes.SUCCESS:
                    break
            wall = time.monotonic() - started
            if result.pending:
                raise RuntimeError(
                    f"{result.pending} reports left after the passes: {result.error}"
                )
            run = Run(wall, proxy.bytes_up, proxy.bytes_down, len(proxy.exchanges()), proxy.cuts)
        store.close()
    return run, bound, gz


def run_naive(work: Path, count: int, profile: LinkProfile) -> Run:
    """One plain request per report; after a cut, the same request again (bounded)."""
    with running_server(work / "server") as server:
        store = open_store(work / "pc", auto_backup=False)
        prepare_office(store)
        make_reports(store, count, seed=12)
        items = _items(store)
        store.close()
        token = requests.post(
            f"{server.api}/enroll",
            json={"code": server.enroll_code(OFFICE), "label": "naive"},
            timeout=30,
        ).json()["token"]
        with NetProxy(server.port, profile, seed=5) as proxy, requests.Session() as session:
            session.headers["Authorization"] = f"Bearer {token}"
            started = time.monotonic()
            for item in items:
                for _ in range(50):
                    try:
                        session.post(
                            f"{proxy.url}/api/v1/push", json={"items": [item]}, timeout=(10, 60)
                        ).raise_for_status()
                        break
                    except requests.RequestException:
                        continue
                else:
                    raise RuntimeError("naive client: a report never got through")
            wall = time.monotonic() - started
            return Run(wall, proxy.bytes_up, proxy.bytes_down, len(proxy.exchanges()), proxy.cuts)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=2000)
    parser.add_argument(
        "--naive-reports", type=int, default=100, help="sample size for the naive client"
    )
    parser.add_argument("--scenarios", default="a,b,c")
    args = parser.parse_args(argv)
    rows = []
    for key in args.scenarios.split(","):
        title, profile = SCENARIOS[key]
        with tempfile.TemporaryDirectory(ignore_cleanup_errors=True) as tmp:
            pantau, bound, gz = run_pantau(Path(tmp) / "pantau", args.reports, profile)
        with tempfile.TemporaryDirectory(ignore_cleanup_errors=True) as tmp:
            naive = run_naive(Path(tmp) / "naive", args.naive_reports, profile)
        scale = args.reports / args.naive_reports
        naive_wall = naive.wall * scale
        rows.append(
            (
                f"({key}) {title}",
                f"{pantau.wall:.1f} s",
                f"{bound:.1f} s ({gz / 1000:.0f} kB gz)",
                f"{pantau.wall / bound:.2f}",
                f"{pantau.bytes_up / 1000:.0f} / {pantau.bytes_down / 1000:.0f} kB",
                f"{pantau.requests} ({pantau.cuts} cuts)",
                f"{naive_wall:.0f} s",
                f"{naive.bytes_up * scale / 1000:.0f} / {naive.bytes_down * scale / 1000:.0f} kB",
                f"{naive.requests * scale:.0f}",
                f"{naive_wall / pantau.wall:.1f}×",
            )
        )
        print(f"done {key}: {rows[-1]}", file=sys.stderr, flush=True)
    header = (
        "link",
        "Pantau wall",
        "lower bound",
        "ratio",
        "Pantau up / down",
        "Pantau requests",
        f"naive wall (×{args.reports}/{args.naive_reports})",
        "naive up / down",
        "naive requests",
        "Pantau faster",
    )
    print(f"{args.reports} reports\n")
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    for row in rows:
        print("| " + " | ".join(row) + " |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
