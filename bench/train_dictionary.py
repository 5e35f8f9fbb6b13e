"""Train the zstd dictionary for push bodies: `resources/zstd/reports-vN.zdict`.

    .venv/bin/python bench/train_dictionary.py --version 2 [--reports 3000] [--size 65536]

Retrain when a form changes (new fields, choices or wording) or the region list does;
give the new dictionary the next version and keep the old ones, so that servers and PCs
that have not been updated yet still understand each other (see docs/benchmarks.md).

The samples are what a PC pushes: the wire items of synthetic reports built from the
bundled forms' vocabulary and Maluku's village names (the same generator as the tests,
with a seed the benches do not use), plus the text of every form definition and the
region list. The script prints the bytes per report with gzip and with the dictionary.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
import tempfile
from pathlib import Path

import zstandard

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sync import compression  # noqa: E402
from sync.paths import resource_path  # noqa: E402
from sync.store import open_store  # noqa: E402
from sync.store.outbox import next_batch  # noqa: E402
from tests.support.reports import make_reports, prepare_office  # noqa: E402

TRAINING_SEED = 9_001  # no bench or test uses it: the figures are not measured on the samples


def sample_items(count: int, seed: int) -> list[bytes]:
    with tempfile.TemporaryDirectory(ignore_cleanup_errors=True) as tmp:
        store = open_store(Path(tmp) / "pc", auto_backup=False)
        try:
            prepare_office(store)
            make_reports(store, count, seed=seed)
            with store.session() as session:
                entries = next_batch(session=session, max_items=10**6, max_bytes=10**12)
        finally:
            store.close()
    return [json.dumps(e.item, separators=(",", ":")).encode() for e in entries]


def reference_texts() -> list[bytes]:
    """The forms and regions as they are shipped, one sample per line of text."""
    samples = []
    for path in sorted(resource_path("forms").glob("*.json")):
        definition = json.loads(path.read_text(encoding="utf-8"))
        samples.append(json.dumps(definition, separators=(",", ":"), ensure_ascii=False).encode())
    for path in sorted(resource_path("regions").glob("*.csv")):
        lines = path.read_text(encoding="utf-8").splitlines()
        samples += [" ".join(lines[i : i + 50]).encode() for i in range(0, len(lines), 50)]
    return samples


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--version", type=int, required=True, help="the new dictionary's version")
    parser.add_argument("--reports", type=int, default=3000, help="synthetic reports to sample")
    parser.add_argument("--size", type=int, default=64 * 1024, help="dictionary size in bytes")
    parser.add_argument("--out", type=Path, default=resource_path("zstd"))
    args = parser.parse_args(argv)
    items = sample_items(args.reports, TRAINING_SEED)
    trained = zstandard.train_dictionary(
        args.size,
        items + reference_texts(),
        dict_id=compression.dictionary_id(args.version),
        level=compression.ZSTD_LEVEL,
        threads=-1,
    )
    args.out.mkdir(parents=True, exist_ok=True)
    target = args.out / f"reports-v{args.version}.zdict"
    target.write_bytes(trained.as_bytes())

    check = sample_items(200, TRAINING_SEED + 1)  # reports the dictionary has not seen
    compressor = zstandard.ZstdCompressor(level=compression.ZSTD_LEVEL, dict_data=trained)
    for batch in (1, 20):
        bodies = [
            b'{"items":[' + b",".join(check[i : i + batch]) + b"]}" for i in range(0, 200, batch)
        ]
        gz = sum(len(gzip.compress(b, compression.GZIP_LEVEL)) for b in bodies) / 200
        zd = sum(len(compressor.compress(b)) for b in bodies) / 200
        print(f"batches of {batch:>2}: gzip {gz:.0f} B/report, dictionary {zd:.0f} B/report")
    print(f"wrote {target} (id {trained.dict_id()}, {len(trained.as_bytes())} bytes)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
