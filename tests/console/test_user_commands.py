"""`pantau-server user …` and `analyst list/revoke`: the real CLI on a real database.

One command of each group runs as the installed program (a process, stdin piped); the
others through the same `main()` in this process, output captured."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import sqlalchemy as sa
from sqlmodel import Session

from sync.server.db import make_engine
from sync.server.models import AuditEntry, UserAccount
from sync.server.settings import SQLITE_FILE
from tests.support.server import stopped_server


def run(data_dir: Path, *args: str, stdin: str = "", process: bool = False) -> subprocess.CompletedProcess[str]:
    """`pantau-server ARGS` on `data_dir`: through the CLI's main() here, or the real command."""
    return stopped_server(data_dir).command(*args, stdin=stdin, process=process)


def test_user_lifecycle_from_the_shell(tmp_path: Path) -> None:
    made = run(tmp_path, "user", "add", "kepala", "--role", "admin", "--json")
    assert made.returncode == 0, made.stderr
    issued = json.loads(made.stdout)
    assert issued["user"]["role"] == "admin" and len(issued["password"]) >= 16
    piped = run(tmp_path, "user", "add", "Analis.Satu", "--role", "analyst", "--password-stdin",
                stdin="rahasia-panjang-sekali\n", process=True)
    assert piped.returncode == 0 and "Password" not in piped.stdout
    short = run(tmp_path, "user", "add", "pendek", "--role", "viewer", "--password-stdin", stdin="abc\n")
    assert short.returncode == 2 and "at least 10" in short.stderr and "abc" not in short.stderr
    role = run(tmp_path, "user", "add", "x1", "--role", "boss")
    assert role.returncode == 2
    again = run(tmp_path, "user", "add", "kepala", "--role", "viewer")
    assert again.returncode == 2 and "already exists" in again.stderr
    changed = run(tmp_path, "user", "password", "analis.satu", "--password-stdin", stdin="baru-lagi-panjang-1\n")
    assert changed.returncode == 0, changed.stderr
    last_admin = run(tmp_path, "user", "disable", "kepala")
    assert last_admin.returncode == 2 and "last active administrator" in last_admin.stderr
    assert run(tmp_path, "user", "disable", "analis.satu").returncode == 0
    listed = {u["username"]: u for u in json.loads(run(tmp_path, "user", "list", "--json").stdout)}
    assert listed["analis.satu"]["disabled_at"] and not listed["kepala"]["disabled_at"]
    assert "password_hash" not in listed["kepala"]
    engine = make_engine(f"sqlite:///{tmp_path / SQLITE_FILE}")
    with Session(engine) as session:
        hashes = session.exec(sa.select(UserAccount.password_hash)).scalars().all()
        actions = session.exec(sa.select(AuditEntry.action, AuditEntry.actor)).all()
    assert all(h.startswith("$argon2id$") for h in hashes)
    assert [a for a, _ in actions] == ["user.add", "user.add", "user.password", "user.disable"]
    assert all(actor.startswith("cli") for _, actor in actions)
    engine.dispose()


def test_analyst_tokens_list_and_revoke(tmp_path: Path) -> None:
    added = json.loads(run(tmp_path, "analyst", "add", "Skrip\x1b[31m", "--json", process=True).stdout)
    listed = run(tmp_path, "analyst", "list")
    assert "\x1b" not in listed.stdout and "\\x1b" in listed.stdout
    revoked = json.loads(run(tmp_path, "analyst", "revoke", added["id"], "--json").stdout)
    assert revoked["revoked_at"]
    assert run(tmp_path, "analyst", "revoke", "nope").returncode == 2
