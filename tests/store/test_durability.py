"""Durability settings in force on every connection the store hands out, not only on the first."""

from __future__ import annotations

import threading
from pathlib import Path

from sqlalchemy import text

from sync.store import open_store

NORMAL, FULL = 1, 2  # PRAGMA synchronous: with WAL, NORMAL survives a crash, FULL a power cut too


def _pragmas(session) -> dict[str, object]:
    return {
        name: session.exec(text(f"PRAGMA {name}")).one()[0]
        for name in ("synchronous", "journal_mode", "foreign_keys", "busy_timeout")
    }


def test_every_connection_writes_durably(tmp_path: Path) -> None:
    store = open_store(tmp_path, auto_backup=False)
    seen: list[dict[str, object]] = []
    held = threading.Barrier(2, timeout=30)

    def look() -> None:
        with store.session() as session:
            seen.append(_pragmas(session))
            held.wait()  # both sessions open at once: two connections from the pool

    try:
        threads = [threading.Thread(target=look) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(30)
    finally:
        store.close()
    assert len(seen) == 2
    for pragmas in seen:
        assert pragmas["synchronous"] in (NORMAL, FULL)
        assert pragmas["journal_mode"] == "wal" and pragmas["foreign_keys"] == 1
        assert pragmas["busy_timeout"] >= 1000
