"""Flash-drive bundles: size per report against the sync's bytes, and export/import time.

    .venv/bin/python bench/bundle.py [--reports 2000] [--photos 50] [--photo-kb 150]

An office store gets `--reports` submitted early-warning reports, `--photos` of them with
one photo each (random bytes: as incompressible as a JPEG). It enrols with a real server,
then the clock runs around: the bundle export (`pantau bundle export`'s function), its
import at the province (`pantau-server bundle import`'s, in this process on the server's
SQLite file) and the receipt read back at the office. Sizes: the bundle per report,
against what the sync sends for the same items as push bodies — the zstd dictionary and
gzip-6 encodings of `sync.compression`, i.e. `bench/sync_link.py`'s lower-bound body —
with and without the photos (which both carry as they are).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
# The office store is encrypted; a throw-away store here takes its key from a passphrase.
os.environ.setdefault("PANTAU_PASSPHRASE", "frasa-sandi-bench")

from bench.sync_link import _table  # noqa: E402
from sync import compression  # noqa: E402
from sync.bundle.office import export_bundle, import_receipt  # noqa: E402
from sync.bundle.province import import_bundle, read_file  # noqa: E402
from sync.client.enrollment import enroll  # noqa: E402
from sync.server.settings import ServerSettings  # noqa: E402
from sync.server.tokens import utcnow  # noqa: E402
from sync.store import Store, open_store  # noqa: E402
from sync.store.outbox import next_batch  # noqa: E402
from tests.server.conftest import database_url, db_session  # noqa: E402
from tests.support.reports import (  # noqa: E402
    OFFICE,
    make_report_with_photo,
    make_reports,
    prepare_office,
    random_photo,
)
from tests.support.server import ServerHandle, running_server  # noqa: E402


def office(work: Path, server: ServerHandle, reports: int, photos: int, photo_bytes: int) -> Store:
    store = open_store(work / "pc", auto_backup=False)
    prepare_office(store)
    enroll(store, server_url=server.url, code=server.enroll_code(OFFICE), label="bench")
    make_reports(store, reports - photos, seed=11)
    for i in range(photos):
        make_report_with_photo(store, random_photo(work, photo_bytes, seed=i), seed=i)
    return store


def push_bodies(store: Store) -> dict[str, int]:
    """The outbox's items as one push body in each encoding the sync uses."""
    with store.session() as session:
        items = [e.item for e in next_batch(session=session, max_items=10**6, max_bytes=10**12)]
    body = json.dumps({"items": items}, separators=(",", ":")).encode()
    newest = max(compression.dictionaries(), default=None)
    sizes = {"json": len(body), "gzip": len(compression.encode(body, dict_id=None)[0])}
    if newest is not None:
        sizes["dictionary"] = len(compression.encode(body, dict_id=newest)[0])
    return sizes


def timed(action):  # noqa: ANN001, ANN201
    started = time.perf_counter()
    result = action()
    return result, time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=2000)
    parser.add_argument("--photos", type=int, default=50)
    parser.add_argument("--photo-kb", type=int, default=150)
    args = parser.parse_args(argv)
    photo_bytes = args.photo_kb * 1000
    with tempfile.TemporaryDirectory(ignore_cleanup_errors=True) as tmp, running_server(Path(tmp) / "server", process=True) as server:
        work = Path(tmp)
        store = office(work, server, args.reports, args.photos, photo_bytes)
        try:
            wire = push_bodies(store)
            bundle = work / "drive" / "kantor.pantau"
            bundle.parent.mkdir()
            exported, export_s = timed(lambda: export_bundle(store, bundle))
            settings = ServerSettings(data_dir=server.data_dir, database_url=database_url(server), log_file=False)
            with db_session(server) as session:
                outcome, import_s = timed(lambda: import_bundle(
                    session=session, settings=settings, data=read_file(bundle), now=utcnow()))  # fmt: skip
            assert outcome.counts() == {"accepted": args.reports}, outcome.counts()
            receipt = work / "drive" / "tanda-terima.pantau"
            receipt.write_bytes(outcome.receipt)
            read, receipt_s = timed(lambda: import_receipt(store, receipt))
            assert read.outcome.delivered == args.reports
        finally:
            store.close()
    photos_total = args.photos * photo_bytes
    text = exported.size - photos_total  # photos are stored, not compressible: the rest is the reports
    n = args.reports
    print(f"{n} reports, {args.photos} with a {args.photo_kb} kB photo\n")
    rows = [
        ("bundle (zlib-6, sealed)", f"{text / n:.0f} B", f"{exported.size / 1e6:.2f} MB", f"{exported.size / n:.0f} B"),
        ("sync push body, zstd dictionary", f"{wire.get('dictionary', 0) / n:.0f} B",
         f"{(wire.get('dictionary', 0) + photos_total) / 1e6:.2f} MB", f"{(wire.get('dictionary', 0) + photos_total) / n:.0f} B"),
        ("sync push body, gzip-6 (lower bound)", f"{wire['gzip'] / n:.0f} B",
         f"{(wire['gzip'] + photos_total) / 1e6:.2f} MB", f"{(wire['gzip'] + photos_total) / n:.0f} B"),
        ("uncompressed JSON", f"{wire['json'] / n:.0f} B",
         f"{(wire['json'] + photos_total) / 1e6:.2f} MB", f"{(wire['json'] + photos_total) / n:.0f} B"),
    ]  # fmt: skip
    _table(("carrier", "per report (text)", "total with photos", "per report with photos"), rows)
    print()
    _table(
        ("step", "time"),
        [
            ("export at the office (pantau bundle export)", f"{export_s:.1f} s"),
            ("import at the province (pantau-server bundle import)", f"{import_s:.1f} s"),
            ("receipt read at the office (pantau bundle import)", f"{receipt_s:.1f} s"),
        ],
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
