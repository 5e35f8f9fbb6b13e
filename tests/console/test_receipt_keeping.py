"""The console keeps a bundle's receipt for download for 90 days, then lets it go."""

from __future__ import annotations

import os
import time
import uuid
from pathlib import Path

from sync.bundle.province import ImportOutcome
from sync.server.console.bundle_page import RECEIPT_KEEP_S, _keep_receipt
from sync.server.settings import ServerSettings


def _outcome(number: int) -> ImportOutcome:
    return ImportOutcome(uuid.uuid4(), "81.01", number, [], 0, b"sealed receipt %d" % number)


def test_receipts_older_than_ninety_days_go_when_a_new_one_is_kept(tmp_path: Path) -> None:
    settings = ServerSettings(data_dir=tmp_path)
    old, recent = _keep_receipt(settings, _outcome(1)), _keep_receipt(settings, _outcome(2))
    folder = tmp_path / "receipts"
    stale = time.time() - RECEIPT_KEEP_S - 60
    os.utime(folder / old, (stale, stale))
    unrelated = folder / "catatan.txt"  # only receipts are ever pruned
    unrelated.write_text("x", encoding="utf-8")
    os.utime(unrelated, (stale, stale))

    newest = _keep_receipt(settings, _outcome(3))

    assert sorted(p.name for p in folder.iterdir()) == sorted([recent, newest, "catatan.txt"])
    assert (folder / newest).read_bytes() == b"sealed receipt 3"
