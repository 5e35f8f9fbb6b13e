"""Sync over poor links: Pantau's client against the physical lower bound and a naive client.

    .venv/bin/python bench/sync_link.py [--reports 2000] [--scenarios a,b,c,d,e]
        [--encodings dictionary,gzip] [--urgent-after 20] [--no-resume] [--naive-reports 0]

Each run starts a real server and an office store holding `--reports` submitted reports
(copied from one prepared store), puts the poor-link proxy between them and syncs until
the queue is empty:
  (a) 64 kbit/s, 600 ms RTT          (b) 256 kbit/s, 300 ms RTT
  (c) (a) with cuts every ~20 kB      (d) (a) behind a 30 s deep buffer (modem, VSAT)
  (e) (d) with cuts every ~20 kB.
Every run is made once with the zstd dictionary and once with gzip only (`--encodings`).
`--urgent-after S` also submits one urgent report S seconds into each run of (a) and (d)
and times it until the server holds it (asked directly, not through the proxy).
`--no-resume` sends cut pushes whole again, as the client did before resumable pushes.
The lower bound is the whole outbox as one gzip-6 body ÷ bandwidth + one round trip. The
naive client (`--naive-reports N`, 0: skipped) sends one uncompressed request per report
(as OpenRosa-style tools do) on a keep-alive connection, retrying after a cut; it runs on
a sample of N and its time is scaled to the full count.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import shutil
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
# The office stores are encrypted: their key sealed with a passphrase, never the OS keyring.
os.environ.setdefault("PANTAU_PASSPHRASE", "bench-sync-link")
os.environ["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"

from sync.client import progress as outcomes  # noqa: E402
from sync.client.engine import SyncEngine  # noqa: E402
from sync.client.enrollment import enroll, transport_for  # noqa: E402
from sync.store import open_store  # noqa: E402
from sync.store.outbox import next_batch  # noqa: E402
from tests.support.netproxy import HttpExchange, LinkProfile, NetProxy  # noqa: E402
from tests.support.reports import OFFICE, make_reports, prepare_office  # noqa: E402
from tests.support.server import ServerHandle, running_server  # noqa: E402

CUTS = {"cut_after": 20_000, "cut_jitter": 0.5}
DEEP = {"buffer_seconds": 30.0}
SCENARIOS = {
    "a": ("64 kbit/s, 600 ms RTT", LinkProfile.kbit(64, 600)),
    "b": ("256 kbit/s, 300 ms RTT", LinkProfile.kbit(256, 300)),
    "c": ("(a), cut every ~20 kB", LinkProfile.kbit(64, 600, **CUTS)),
    "d": ("(a), 30 s deep buffer", LinkProfile.kbit(64, 600, **DEEP)),
    "e": ("(d), cut every ~20 kB", LinkProfile.kbit(64, 600, **DEEP, **CUTS)),
}
URGENT_SCENARIOS = ("a", "d")


@dataclass
class Run:
    wall: float
    bytes_up: int
    bytes_down: int
    requests: int
    cuts: int
    urgent: float | None = None  # seconds from submitting an urgent report to the server holding it
    # Push body bytes that crossed without an answer ÷ all push body bytes: (cut half-way
    # and sent again, whole body there but its answer cut, cut half-way and resumed).
    resent: tuple[float, float, float] = (0.0, 0.0, 0.0)


def _range_start(exchange: HttpExchange) -> int:
    """Where a push's bytes start in its body: 0, or N of `bytes N-END/TOTAL`, or TOTAL of
    `bytes */TOTAL` (the server held all of it)."""
    span = exchange.headers.get("content-range", "")
    if not span.startswith("bytes "):
        return 0
    first, _, total = span[6:].partition("/")
    return int(total) if first == "*" else int(first.split("-")[0])


def resent_share(exchanges: list[HttpExchange]) -> tuple[float, float, float]:
    """Of the push body bytes that reached the server, the shares in requests whose answer
    never came back: (body cut half-way and sent again, whole body there but its answer cut
    and sent again, either but not sent again because the next request with the same
    Pantau-Push-Id resumed after them)."""
    pushes = [e for e in exchanges if e.path.endswith("/push")]
    pushed = sum(e.body_delivered for e in pushes) or 1
    half = whole = resumed = 0
    for i, push in enumerate(pushes):
        if push.response_complete:
            continue
        name = push.headers.get("pantau-push-id")
        later = next(
            (e for e in pushes[i + 1 :] if name and e.headers.get("pantau-push-id") == name), None
        )
        start = _range_start(push)
        kept = 0 if later is None else max(0, min(push.body_delivered, _range_start(later) - start))
        resumed += kept
        if push.request_complete:
            whole += push.body_delivered - kept
        else:
            half += push.body_delivered - kept
    return half / pushed, whole / pushed, resumed / pushed


def _items(store) -> list[dict]:
    with store.session() as session:
        return [e.item for e in next_batch(session=session, max_items=10**6, max_bytes=10**12)]


def lower_bound(items: list[dict], profile: LinkProfile) -> tuple[float, int]:
    body = gzip.compress(json.dumps({"items": items}, separators=(",", ":")).encode(), 6)
    return len(body) / profile.bandwidth + profile.rtt, len(body)


def prepared_store(work: Path, count: int) -> Path:
    """One office store with `count` submitted reports, copied for each run."""
    store = open_store(work / "template", auto_backup=False)
    prepare_office(store)
    make_reports(store, count, seed=11)
    store.close()
    return work / "template"


class UrgentTimer:
    """Submits one urgent report `after` seconds from start and times it until the server
    holds it (asked directly, not through the proxy)."""

    def __init__(self, server: ServerHandle, store, after: float) -> None:
        self.server, self.store, self.after = server, store, after
        self.seconds: float | None = None
        self.done = threading.Event()  # the sync ended: no report to make any more
        self._thread = threading.Thread(target=self._run, daemon=True)

    def start(self) -> UrgentTimer:
        self._thread.start()
        return self

    def join(self) -> None:
        self.done.set()
        self._thread.join(130)

    def _run(self) -> None:
        reader = requests.Session()
        reader.headers["Authorization"] = f"Bearer {self.server.analyst_token()}"
        if self.done.wait(self.after):
            return
        (report_id,) = make_reports(self.store, 1, seed=99, urgent=True)
        made = time.monotonic()
        for _ in range(1200):  # at most 120 s
            answer = reader.get(f"{self.server.api}/reports/{report_id}", timeout=10)
            if answer.status_code == 200:
                self.seconds = time.monotonic() - made
                return
            time.sleep(0.1)


def run_pantau(
    work: Path,
    template: Path,
    profile: LinkProfile,
    *,
    dictionary: bool,
    urgent_after: float | None,
    resume: bool = True,
) -> tuple[Run, float, int]:
    with running_server(work / "server", process=True) as server:
        shutil.copytree(template, work / "pc")
        store = open_store(work / "pc", auto_backup=False)
        bound, gz = lower_bound(_items(store), profile)
        with NetProxy(server.port, profile, seed=5) as proxy:
            enroll(store, server_url=proxy.url, code=server.enroll_code(OFFICE), label="bench")
            proxy.reset_counters()
            transport = transport_for(store)
            transport.use_dictionary = dictionary
            transport.resume = resume
            engine = SyncEngine(store, transport)
            urgent = UrgentTimer(server, store, urgent_after).start() if urgent_after else None
            started = time.monotonic()
            for _ in range(10):
                result = engine.run_pass(pull=False)
                print(
                    f"  pass: {result.outcome}, {result.requests} requests, "
                    f"{result.failures} failed, {result.resent} resent, {result.duplicates} duplicates",
                    file=sys.stderr,
                    flush=True,
                )
                if result.outcome == outcomes.SUCCESS:
                    break
            wall = time.monotonic() - started
            if urgent:
                urgent.join()
            if result.pending:
                raise RuntimeError(
                    f"{result.pending} reports left after the passes: {result.error}"
                )
            run = Run(
                wall,
                proxy.bytes_up,
                proxy.bytes_down,
                len(proxy.exchanges()),
                proxy.cuts,
                urgent.seconds if urgent else None,
                resent_share(proxy.exchanges()),
            )
        store.close()
    return run, bound, gz


def run_naive(work: Path, count: int, profile: LinkProfile) -> Run:
    """One plain request per report; after a cut, the same request again (bounded)."""
    with running_server(work / "server", process=True) as server:
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
    parser.add_argument("--scenarios", default="a,b,c,d,e")
    parser.add_argument("--encodings", default="dictionary,gzip")
    parser.add_argument(
        "--urgent-after", type=float, default=20.0, help="0: no urgent report during (a), (d)"
    )
    parser.add_argument(
        "--no-resume", action="store_true", help="cut pushes go whole again (as before resuming)"
    )
    parser.add_argument(
        "--naive-reports", type=int, default=0, help="sample size for the naive client (0: none)"
    )
    args = parser.parse_args(argv)
    rows, naive_rows = [], []
    with tempfile.TemporaryDirectory(ignore_cleanup_errors=True) as tmp:
        template = prepared_store(Path(tmp), args.reports)
        for key in args.scenarios.split(","):
            title, profile = SCENARIOS[key]
            for encoding in args.encodings.split(","):
                urgent_after = args.urgent_after if key in URGENT_SCENARIOS else None
                work = Path(tmp) / f"{key}-{encoding}"
                run, bound, gz = run_pantau(
                    work,
                    template,
                    profile,
                    dictionary=encoding == "dictionary",
                    urgent_after=urgent_after or None,
                    resume=not args.no_resume,
                )
                shutil.rmtree(work, ignore_errors=True)
                rows.append(
                    (
                        f"({key}) {title}",
                        encoding,
                        f"{run.wall:.1f} s",
                        f"{bound:.1f} s ({gz / 1000:.0f} kB gz)",
                        f"{run.wall / bound:.2f}",
                        f"{run.bytes_up / 1000:.0f} / {run.bytes_down / 1000:.0f} kB",
                        f"{(run.bytes_up + run.bytes_down) / args.reports:.0f} B",
                        f"{run.requests} ({run.cuts} cuts)",
                        f"{run.resent[0] + run.resent[1]:.0%} ({run.resent[0]:.0%} + {run.resent[1]:.0%})",
                        f"{run.resent[2]:.0%}",
                        "—" if run.urgent is None else f"{run.urgent:.1f} s",
                    )
                )
                print(f"done {key} {encoding}: {rows[-1]}", file=sys.stderr, flush=True)
            if args.naive_reports:
                with tempfile.TemporaryDirectory(ignore_cleanup_errors=True) as naive_tmp:
                    naive = run_naive(Path(naive_tmp) / "naive", args.naive_reports, profile)
                scale = args.reports / args.naive_reports
                naive_rows.append(
                    (
                        f"({key}) {title}",
                        f"{naive.wall * scale:.0f} s",
                        f"{naive.bytes_up * scale / 1000:.0f} / {naive.bytes_down * scale / 1000:.0f} kB",
                        f"{naive.requests * scale:.0f}",
                    )
                )
    print(f"{args.reports} reports\n")
    _table(
        (
            "link",
            "encoding",
            "Pantau wall",
            "lower bound",
            "ratio",
            "up / down",
            "wire bytes per report",
            "requests",
            "push bytes resent (body cut + answer cut)",
            "push bytes resumed",
            f"urgent report after {args.urgent_after:.0f} s",
        ),
        rows,
    )
    if naive_rows:
        print(f"\nnaive client, sample of {args.naive_reports} scaled ×{scale:.0f}\n")
        _table(("link", "naive wall", "naive up / down", "naive requests"), naive_rows)
    return 0


def _table(header: tuple[str, ...], rows: list[tuple[str, ...]]) -> None:
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    for row in rows:
        print("| " + " | ".join(row) + " |")


if __name__ == "__main__":
    raise SystemExit(main())
