"""The CLI on a folder in use, a full disk, a file system that refuses, a newer database, BOM input."""

from __future__ import annotations

import json
import os
import signal
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from sync.store.lock import InstanceLock
from tests.cli.conftest import ROOT, Pantau
from tests.store.conftest import raw_connection
from tests.support.disk import fill_up
from tests.support.reports import warning_data


def _ids(pantau: Pantau) -> list[str]:
    listed = pantau("list", "--json")
    assert listed.code == 0, listed.err
    return [r["id"] for r in json.loads(listed.out)]


def test_writing_commands_are_refused_while_the_desktop_app_holds_the_folder(
    pantau: Pantau, tmp_path: Path
) -> None:
    data = pantau.write_json("laporan.json", warning_data())
    saved = tmp_path / "cadangan.db"
    assert pantau("backup", "--out", str(saved)).code == 0
    desktop = InstanceLock(pantau.data_dir)  # what the desktop app holds while it runs
    assert desktop.acquire()
    try:
        for command in (["new", "deteksi_dini", "--data", str(data)], ["restore", str(saved)],
                        ["init", "--office", "81.01"]):
            refused = pantau(*command)
            assert refused.code == 2, command
            assert "another Pantau" in refused.err and "close the Pantau window" in refused.err
            assert "Traceback" not in refused.err
        assert pantau("list").code == 0  # reading is allowed
        assert not list(pantau.data_dir.glob("pantau.db.before-restore-*"))
    finally:
        desktop.release()
    assert pantau("new", "deteksi_dini", "--data", str(data)).code == 0


def test_a_lock_left_by_a_program_that_died_is_free(pantau: Pantau) -> None:
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import sys, time\nfrom sync.store.lock import InstanceLock\n"
         "assert InstanceLock(sys.argv[1]).acquire()\nprint('locked', flush=True)\ntime.sleep(60)\n",
         str(pantau.data_dir)],
        stdout=subprocess.PIPE, text=True, encoding="utf-8", cwd=ROOT,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        assert pantau("init", "--office", "81.01").code == 2
        assert f"process {holder.pid}" in pantau("init", "--office", "81.01").err
    finally:
        holder.send_signal(signal.SIGKILL)
        holder.wait(10)
    assert (pantau.data_dir / "pantau.lock").exists()  # left behind by the killed program
    assert pantau("init", "--office", "81.01").code == 0


def test_a_lock_file_of_an_older_pantau_is_not_in_the_way(pantau: Pantau) -> None:
    (pantau.data_dir / "pantau.lock").write_text("999999\npantau\nkantor-pc\n", encoding="utf-8")
    assert pantau("init", "--office", "81.01").code == 0


def test_json_with_a_byte_order_mark_is_read(pantau: Pantau, monkeypatch: pytest.MonkeyPatch) -> None:
    text = "\ufeff" + json.dumps(warning_data(kronologi="Pesan berantai — dari Notepad"))
    from_file = pantau.data_dir.parent / "notepad.json"
    from_file.write_text(text, encoding="utf-8")
    assert pantau("new", "deteksi_dini", "--data", str(from_file)).code == 0
    assert pantau("new", "deteksi_dini", "--data", "-", stdin=text, monkeypatch=monkeypatch).code == 0
    piped = pantau.spawn("new", "deteksi_dini", "--data", "-", stdin=text)  # real stdin bytes
    assert piped.code == 0, piped.err
    assert len(_ids(pantau)) == 3


def test_input_that_is_not_utf8_says_so(pantau: Pantau) -> None:
    latin = pantau.data_dir.parent / "latin1.json"
    latin.write_bytes(json.dumps(warning_data(kronologi="caf\u00e9"), ensure_ascii=False).encode("latin-1"))
    result = pantau("new", "deteksi_dini", "--data", str(latin))
    assert result.code == 2 and "not UTF-8" in result.err


def test_file_system_errors_are_messages_not_tracebacks(pantau: Pantau, tmp_path: Path) -> None:
    a_file = tmp_path / "not-a-folder"
    a_file.write_bytes(b"x")
    for command in (["backup", "--out", str(a_file / "cadangan.db")],
                    ["export", "--format", "csv", "--out", str(tmp_path)]):
        result = pantau(*command)
        assert result.code == 1, command
        assert result.err.startswith("pantau: ") and "Traceback" not in result.err
        assert str(tmp_path) in result.err


def test_a_full_disk_is_said_and_loses_nothing(tiny_disk: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pantau = Pantau(tiny_disk / "data", capsys)
    assert pantau("init", "--office", "81.01").code == 0
    data = pantau.write_json("laporan.json", warning_data())
    assert pantau("new", "deteksi_dini", "--data", str(data), "--submit").code == 0
    fill_up(tiny_disk)
    full = pantau("new", "deteksi_dini", "--data", str(data), "--submit")
    assert full.code == 2
    assert "is full" in full.err and "not a usable" not in full.err and "Traceback" not in full.err
    (tiny_disk / "filler").unlink()
    assert len(_ids(pantau)) == 1


def test_a_database_of_a_newer_pantau_names_the_version_and_is_left_alone(pantau: Pantau) -> None:
    conn = raw_connection(pantau.data_dir)
    conn.execute("UPDATE alembic_version SET version_num = '9999'")
    conn.execute("PRAGMA user_version = 7003000")  # as Pantau 7.3.0 stamps it
    conn.commit()
    conn.close()
    result = pantau("list")
    assert result.code == 2
    assert "Install Pantau 7.3.0" in result.err and "not damaged" in result.err


@pytest.mark.skipif(os.name == "nt", reason="POSIX permissions")
def test_backup_output_is_private(pantau: Pantau, tmp_path: Path) -> None:
    out = tmp_path / "cadangan.db"
    assert pantau("backup", "--out", str(out)).code == 0
    assert stat.S_IMODE(out.stat().st_mode) == 0o600


def test_a_onedrive_data_folder_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    result = Pantau(tmp_path / "OneDrive" / "Pantau", capsys)("init", "--office", "81.01")
    assert result.code == 2 and "OneDrive" in result.err and "own disk" in result.err


def test_an_export_over_a_file_open_in_excel_keeps_it_and_says_why(
    pantau: Pantau, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sync import fileio

    out = tmp_path / "feb.csv"
    out.write_text("the previous export", encoding="utf-8")
    real_replace = os.replace

    def excel_holds_it(src: str, dst: str) -> None:
        if Path(dst) == out:  # what Windows answers while Excel has the file open
            raise PermissionError(13, "The process cannot access the file", str(src), None, str(dst))
        real_replace(src, dst)

    monkeypatch.setattr(fileio, "RETRY_DELAYS", (0, 0))
    monkeypatch.setattr(os, "replace", excel_holds_it)
    result = pantau("export", "--format", "csv", "--out", str(out))
    assert result.code == 1 and str(out) in result.err and "open in another program" in result.err
    assert out.read_text(encoding="utf-8") == "the previous export"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data", "feb.csv"]
