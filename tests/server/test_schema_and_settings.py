"""Migrations match the models on both backends; settings refuse what they should."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from pydantic import ValidationError
from sqlmodel import Session, select

from sync.server.attachments import parse_content_range
from sync.server.check import find_bad_text
from sync.server.cli import main as cli_main
from sync.server.content import item_content_hash
from sync.server.db import alembic_config, make_engine, migrate
from sync.server.errors import InvalidInput
from sync.server.feed import decode_cursor, encode_cursor
from sync.server.models import ReportRevision, ServerTable
from sync.server.settings import ServerSettings
from sync.wire import PushItem
from tests.server.conftest import BACKENDS, backend_url, item, report_data


@pytest.mark.parametrize("backend", BACKENDS)
def test_migrations_build_exactly_the_models(backend: str, tmp_path: Path) -> None:
    url = backend_url(backend) or f"sqlite:///{tmp_path / 'schema.db'}"
    engine = make_engine(url)
    migrate(engine)
    migrate(engine)  # a second run is a no-op
    with engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"include_object": _not_full_text_machinery}
        )
        assert compare_metadata(context, ServerTable.metadata) == []
    engine.dispose()


def _not_full_text_machinery(obj: object, name: str | None, type_: str, *_: object) -> bool:
    """Migration 0003's search objects are written per dialect in SQL, not in the models."""
    return not (
        (type_ == "table" and (name or "").startswith("report_fts"))
        or (type_ == "column" and name == "search_vector")
        or (type_ == "index" and name == "ix_report_search")
    )


@pytest.mark.parametrize("backend", BACKENDS)
def test_content_hash_migration_fills_existing_revisions(backend: str, tmp_path: Path) -> None:
    """Rows stored before 0002 get the hash a resend of the same item is compared with."""
    url = backend_url(backend) or f"sqlite:///{tmp_path / 'old.db'}"
    engine = make_engine(url)
    config = alembic_config()
    with engine.connect() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0001")
        connection.commit()
    pushed = PushItem.model_validate(item(data=report_data(kronologi="Sebelum migrasi.")))
    old_row = {
        "report_id": pushed.id,
        "revision": 1,
        "office": "81.71",
        "device_id": uuid.uuid4(),
        "form_id": pushed.form_id,
        "form_version": pushed.form_version,
        "status": pushed.status,
        "urgent": False,
        "title": "t",
        "data": pushed.data,
        "attachments": [],
        "withdraw_reason": None,
        "created_at": pushed.created_at,
        "updated_at": pushed.updated_at,
        "received_at": pushed.created_at,
    }
    columns = [
        sa.column(c.name, c.type)
        for c in ReportRevision.__table__.c
        if c.name not in ("seq", "content_hash")
    ]
    with engine.begin() as connection:
        connection.execute(sa.table("report_revision", *columns).insert(), [old_row])
    migrate(engine)
    with Session(engine) as session:
        stored = session.exec(select(ReportRevision)).one()
    assert stored.content_hash == item_content_hash(pushed)
    engine.dispose()


def test_settings_default_to_sqlite_in_the_data_dir(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setenv("PANTAU_SERVER_DATA_DIR", str(tmp_path))
    assert ServerSettings().resolved_database_url == f"sqlite:///{tmp_path / 'pantau-server.db'}"
    monkeypatch.setenv("DATABASE_URL", "postgresql://pantau:s3cret-Pw@db/pantau")
    assert (
        ServerSettings().resolved_database_url == "postgresql+psycopg://pantau:s3cret-Pw@db/pantau"
    )


@pytest.mark.parametrize("url", ["postgresql://pantau:changethis@db/pantau", "not a url"])
def test_settings_refuse_default_passwords_and_garbage(url: str) -> None:
    with pytest.raises(ValidationError):
        ServerSettings(database_url=url)


def test_cursor_round_trip() -> None:
    assert decode_cursor(None) == decode_cursor("") == 0
    assert decode_cursor(encode_cursor(12345)) == 12345
    for bad in ("12", "f1.", "f1.%%%", encode_cursor(1) + "x" * 40):
        with pytest.raises(InvalidInput):
            decode_cursor(bad)


def test_content_range_forms() -> None:
    chunk = parse_content_range("bytes 0-99/1000")
    assert (chunk.start, chunk.end, chunk.total, chunk.length) == (0, 99, 1000, 100)
    finish = parse_content_range("bytes */1000")
    assert (finish.start, finish.length) == (1000, 0)
    for bad in ("bytes 10-5/100", "bytes 0-100/100", "items 0-1/2", "bytes 0-1"):
        with pytest.raises(InvalidInput):
            parse_content_range(bad)


@pytest.fixture
def own_umask() -> Iterator[None]:
    """The CLI makes its process's new files private; the test process keeps its own."""
    umask = os.umask(0o022)
    os.umask(umask)
    yield
    os.umask(umask)


@pytest.mark.usefixtures("own_umask")
def test_check_finds_stored_text_that_cannot_be_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("DATABASE_URL", raising=False)
    assert cli_main(["--data-dir", str(tmp_path), "migrate"]) == 0
    assert cli_main(["--data-dir", str(tmp_path), "check"]) == 0
    engine = make_engine(f"sqlite:///{tmp_path / 'pantau-server.db'}")
    good = item(data=report_data(kronologi="Biasa saja."))
    poisoned = item(data=report_data(kronologi="\ud800 x"))  # stored before the wire refused it
    rows = []
    for pushed in (good, poisoned):
        row = PushItem.model_validate(pushed)
        rows.append(
            {
                "report_id": row.id, "revision": 1, "office": "81.71", "device_id": uuid.uuid4(),
                "form_id": row.form_id, "form_version": 1, "status": "submitted", "urgent": False,
                "title": "t", "data": row.data, "attachments": [], "withdraw_reason": None,
                "created_at": row.created_at, "updated_at": row.updated_at,
                "received_at": row.created_at, "content_hash": "0" * 64,
            }
        )
    with engine.begin() as connection:
        connection.execute(ReportRevision.__table__.insert(), rows)
    with Session(engine) as session:
        found = find_bad_text(session=session)
    assert [(bad.table, bad.row) for bad in found] == [("report_revision", f"{poisoned['id']} rev 1")]
    capsys.readouterr()
    assert cli_main(["--data-dir", str(tmp_path), "check"]) == 1
    assert poisoned["id"] in capsys.readouterr().out
    engine.dispose()
