"""The store read without SQLAlchemy for the desktop's first window: the same as the list's, or nothing."""

from __future__ import annotations

import copy
import subprocess
import sys
from pathlib import Path

import pytest

from sync.forms import FormRegistry
from sync.store import Store, db, keys
from sync.store.form_versions import store_form_version
from sync.store.listing import count_reports, list_reports
from sync.store.quick_read import DB_NAME, glance
from sync.store.reports import create_draft
from sync.store.schemas import ReportQuery
from tests.store.conftest import raw_connection
from tests.support.reports import OFFICE, add_reports, education_data

ROOT = Path(__file__).resolve().parents[2]


def test_the_first_look_is_the_lists_first_page(store: Store) -> None:
    add_reports(store, 30)
    with store.session() as session:  # a draft among the submitted reports
        create_draft(session=session, form_id="pendidikan_politik", data=education_data(tanggal=None))
    definition = copy.deepcopy(FormRegistry.bundled().get("dana_cadangan").definition)
    definition["version"] = 3
    with store.session() as session:
        store_form_version(session=session, form_id="dana_cadangan", version=3, definition=definition)
        newest = list_reports(session=session, query=ReportQuery(limit=12))
        every = list_reports(session=session, query=ReportQuery(limit=100))
        total = count_reports(session=session, query=ReportQuery())

    look = glance(store.data_dir, limit=12)

    assert look is not None
    assert (look.office, look.total, look.newest) == (OFFICE, total, newest)
    assert look.published_forms == [definition]
    assert look.key == store.key
    assert glance(store.data_dir, limit=100).newest == every


def test_reading_loads_no_sqlalchemy(store: Store) -> None:
    code = ("import sys\nfrom pathlib import Path\nfrom sync.store.quick_read import glance\n"
            "look = glance(Path(sys.argv[1]), limit=5)\n"
            "print(look.office, 'sqlalchemy' in sys.modules, 'sqlmodel' in sys.modules)")  # fmt: skip
    done = subprocess.run([sys.executable, "-c", code, str(store.data_dir)], cwd=ROOT, capture_output=True,
                          text=True, encoding="utf-8", timeout=120, check=True)  # fmt: skip
    assert done.stdout.split() == [OFFICE, "False", "False"]


def test_a_store_that_asks_for_its_passphrase_is_not_read(store: Store, monkeypatch) -> None:
    monkeypatch.setattr(keys, "_unlocked", {})  # as in a new process
    monkeypatch.delenv(keys.PASSPHRASE_ENV)
    assert glance(store.data_dir, limit=5) is None


def test_a_store_that_needs_a_migration_is_not_read(store: Store) -> None:
    conn = raw_connection(store.data_dir)
    conn.execute("UPDATE alembic_version SET version_num = '0005'")
    conn.commit()
    conn.close()
    assert glance(store.data_dir, limit=5) is None


@pytest.mark.parametrize("leftover", [".encrypting", ".encrypting.done"])
def test_an_encryption_left_half_done_is_not_read(store: Store, leftover: str) -> None:
    Path(f"{store.db_path}{leftover}").write_bytes(b"")
    assert glance(store.data_dir, limit=5) is None


def test_no_store_yet_is_nothing_to_read(tmp_path: Path) -> None:
    assert glance(tmp_path, limit=5) is None


def test_a_damaged_database_is_left_to_open_store(store: Store) -> None:
    with open(store.db_path, "r+b") as f:
        f.seek(0)
        f.write(b"\x00" * 4096)
    assert glance(store.data_dir, limit=5) is None


def test_the_database_name_is_the_stores() -> None:
    assert DB_NAME == db.DB_NAME
