"""Migrations: a database made by the first migration, with data in it, upgrades to head losing nothing."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import sqlalchemy as sa
from alembic.script import ScriptDirectory

from sync import migrations
from sync.store import check, open_store
from sync.store import reports as repo
from sync.store.db import DB_NAME, make_engine
from sync.store.models import SQLModel
from sync.store.schemas import ReportQuery, ReportState

REPORT_ID = "0f1e2d3c4b5a69788796a5b4c3d2e1f0"
DATA = {
    "waktu_kejadian": "2024-02-10T01:30:00+00:00",
    "kecamatan": "81.01.01",
    "kategori": "politik_uang",
    "tingkat": "awas",
    "kronologi": "Pembagian amplop kepada warga menjelang pencoblosan.",
}


def _database_at_first_migration(folder: Path) -> Path:
    folder.mkdir()
    engine = make_engine(folder / DB_NAME, None)  # an older Pantau's: not encrypted
    migrations.upgrade(engine, "0001")
    engine.dispose()
    db = folder / DB_NAME
    conn = sqlite3.connect(db)
    with conn:
        stamp = "2024-02-10 02:00:00.000000"
        conn.execute("INSERT INTO setting VALUES ('office', '81.01')")
        conn.execute(
            "INSERT INTO report (form_id, form_version, office, state, title, urgent, alert_level, kecamatan,"
            " report_date, num, id, revision, submitted_revision, draft_revision, withdrawn, data, search_text,"
            " rejected_reason, review_comment, created_at, updated_at)"
            " VALUES ('deteksi_dini', 1, '81.01', 'queued', 'Awas — Politik uang — Amahai', 1, 'awas', '81.01.01',"
            " '2024-02-10', 1, ?, 1, 1, NULL, 0, ?, 'Pembagian amplop kepada warga', NULL, NULL, ?, ?)",
            (REPORT_ID, json.dumps(DATA), stamp, stamp),
        )
        conn.execute(
            "INSERT INTO revision VALUES (?, 1, 'submitted', 1, ?, ?, NULL, NULL, NULL)",
            (REPORT_ID, json.dumps(DATA), stamp),
        )
        conn.execute("INSERT INTO outbox VALUES (?, 1, 1, ?, 0, NULL)", (REPORT_ID, stamp))
    conn.close()
    return db


def test_upgrade_from_first_migration_keeps_data(tmp_path: Path) -> None:
    _database_at_first_migration(tmp_path / "old")
    store = open_store(tmp_path / "old", auto_backup=False)  # migrates to head
    assert migrations.current_revision(store.engine) == migrations.HEAD
    with store.session() as s:
        (report,) = repo.list_reports(session=s, query=ReportQuery())
        assert (
            report.id.hex == REPORT_ID
            and report.data == DATA
            and report.state is ReportState.QUEUED
        )
        # the FTS index of migration 0002 was built from the existing text
        assert [
            r.id.hex for r in repo.list_reports(session=s, query=ReportQuery(search="amplop"))
        ] == [REPORT_ID]
        # migration 0003's alert rank was filled in: sorting by alert level works on old rows
        assert (
            repo.list_reports(session=s, query=ReportQuery(sort="alert_level"))[0].alert_level
            == "awas"
        )
        detail = repo.get_report(session=s, report_id=report.id)
        assert len(detail.revisions) == 1
    assert check(store).ok, check(store).problems


def test_head_constant_matches_the_scripts(tmp_path: Path) -> None:
    engine = make_engine(tmp_path / DB_NAME, None)
    scripts = ScriptDirectory.from_config(migrations.alembic_config(engine))
    assert scripts.get_current_head() == migrations.HEAD
    assert [s.revision for s in reversed(list(scripts.walk_revisions()))] == list(migrations.KNOWN)


def test_migrated_schema_has_every_model_column(tmp_path: Path) -> None:
    store = open_store(tmp_path, auto_backup=False)
    inspector = sa.inspect(store.engine)
    for table in SQLModel.metadata.sorted_tables:
        actual = {c["name"] for c in inspector.get_columns(table.name)}
        assert {c.name for c in table.columns} == actual, table.name


def test_downgrade_and_upgrade_again(tmp_path: Path) -> None:
    from alembic import command

    store = open_store(tmp_path, auto_backup=False)
    command.downgrade(migrations.alembic_config(store.engine), "0001")
    assert migrations.current_revision(store.engine) == "0001"
    migrations.upgrade(store.engine)
    assert check(store).ok
