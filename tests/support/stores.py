"""New office stores for tests, copied from a store made once per process.

Creating a store runs SQLCipher's set-up and every Alembic migration (≈ 75 ms); hundreds of
tests start from a new one. Each process makes one template per kind (with and without the
office set), closed, and every test gets a copy opened in its own folder — the same files
`open_store` would have written, and opened as at its first start (it carries the recovery key
made with it, shown once), so a test sees a store exactly as a new one. Tests of store creation
itself call `open_store` on an empty folder.
"""

from __future__ import annotations

import atexit
import dataclasses
import functools
import shutil
import tempfile
from pathlib import Path

from sync.store import Store, open_store
from sync.store.settings import set_office

OPENING_LOCK = "pantau.opening.lock"  # held only while opening; each copy makes its own


@functools.cache
def _template(office: str | None) -> tuple[Path, str | None]:
    """A closed store (office set or not) and its recovery key, made on first use in this process."""
    root = Path(tempfile.mkdtemp(prefix="pantau-store-template-"))
    atexit.register(shutil.rmtree, root, ignore_errors=True)
    made = open_store(root / "store", auto_backup=False)
    try:
        if office is not None:
            with made.session() as session:
                set_office(session=session, code=office)
    finally:
        made.close()
    return root / "store", made.new_recovery


def new_store(data_dir: Path, *, office: str | None, auto_backup: bool = False) -> Store:
    """A new store in `data_dir` (absent or empty), with `office` set unless None."""
    template, recovery = _template(office)
    shutil.copytree(template, data_dir, dirs_exist_ok=True, ignore=shutil.ignore_patterns(OPENING_LOCK))
    return dataclasses.replace(open_store(data_dir, auto_backup=auto_backup), new_recovery=recovery)
