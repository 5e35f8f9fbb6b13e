"""Enrolment without a link: a slip from `device enroll --slip-out`, read by `pantau enroll --file`."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from sync.cli import main as office_main
from sync.server.cli import main as server_main
from sync.store.reports import withdraw_report
from tests.bundle.conftest import Ran, pantau, run, server_import
from tests.support.fixtures import engine_for
from tests.support.reports import OFFICE, make_reports
from tests.support.server import ServerHandle


def _slip(server: ServerHandle, out: Path, office: str = OFFICE, *extra: str) -> Ran:
    return run(
        "sync.server.cli", "device", "enroll", office, "--label", "PC sekretariat",
        "--slip-out", str(out), "--server-url", server.url, *extra, env=server.env(),
    )


def _server_revisions(server: ServerHandle) -> list[tuple[str, int]]:
    with sqlite3.connect(server.data_dir / "pantau-server.db") as db:
        return db.execute("SELECT report_id, revision FROM report_revision").fetchall()


@pytest.mark.slow
def test_slip_then_bundle_then_online_sync_store_every_revision_once(store, server, tmp_path):
    slip = tmp_path / "drive" / "pendaftaran.pantau-slip"
    slip.parent.mkdir()
    made = _slip(server, slip, OFFICE, "--json")
    assert made.code == 0, made.err
    device_id = json.loads(made.out)["device_id"]
    assert server.cli("device", "list", "--json").count(device_id) == 1

    enrolled = pantau(store.data_dir, "enroll", "--file", str(slip))
    assert enrolled.code == 0, enrolled.err
    assert device_id in enrolled.out

    first = make_reports(store, 12, seed=41)
    bundle, receipt = tmp_path / "drive" / "1.pantau-bundle", tmp_path / "drive" / "r1.pantau"
    assert pantau(store.data_dir, "bundle", "export", "--out", str(bundle)).code == 0
    listed = pantau(store.data_dir, "list")
    assert listed.out.count("bundled 1") == 12, listed.out
    status = pantau(store.data_dir, "status")
    assert status.out.count("Dikirim lewat flashdisk (bundel 1)") == 12, status.out
    imported = server_import(server, bundle, receipt, "--json", process=True)
    assert imported.code == 0, imported.err
    assert json.loads(imported.out)["counts"] == {"accepted": 12}
    read = pantau(store.data_dir, "bundle", "import", str(receipt))
    assert read.code == 0 and "12 acknowledged" in read.out, read.err

    # The same identity online: what the bundle carried is not sent again, the rest is.
    make_reports(store, 5, seed=42)
    with store.session() as session:
        withdraw_report(session=session, report_id=first[0], reason="dobel")
    synced = engine_for(store).run_pass()
    assert synced.error is None and synced.delivered == 6 and synced.duplicates == 0
    held = _server_revisions(server)
    assert len(held) == len(set(held)) == 18
    assert "bundled" not in pantau(store.data_dir, "list").out
    store.close()
    assert pantau(store.data_dir, "check").code == 0


def _in_process(main, argv: list[str], capsys) -> Ran:
    """A CLI run in this process (the bad inputs need no server process): exit code and output."""
    code = main(argv)
    out, err = capsys.readouterr()
    return Ran(code, out, err)


def _office(store, capsys, *args: str) -> Ran:
    return _in_process(office_main, ["--data-dir", str(store.data_dir), *args], capsys)


def _province(folder: Path, capsys, *args: str) -> Ran:
    """`pantau-server --data-dir FOLDER ARGS` (`device enroll OFFICE --label PC` unless ARGS start with `device`)."""
    command = list(args) if args[:1] == ("device",) else ["device", "enroll", OFFICE, "--label", "PC", *args]
    return _in_process(server_main, ["--data-dir", str(folder), "--database-url", f"sqlite:///{folder / 'p.db'}",
                                     *command], capsys)


def _made_slip(folder: Path, capsys, name: str = "pendaftaran.pantau-slip") -> Path:
    out = folder.parent / name
    made = _province(folder, capsys, "--slip-out", str(out), "--server-url", "https://pantau.test")
    assert made.code == 0, made.err
    return out


@pytest.fixture
def slip(tmp_path, capsys) -> Path:
    return _made_slip(tmp_path / "province", capsys)


def test_a_slip_used_twice_is_refused_and_changes_nothing(store, slip, capsys):
    assert _office(store, capsys, "enroll", "--file", str(slip)).code == 0
    again = _office(store, capsys, "enroll", "--file", str(slip))
    assert again.code == 2 and "already used on this PC" in again.err


def test_a_tampered_slip_is_refused(store, slip, tmp_path, capsys):
    data = bytearray(slip.read_bytes())
    data[len(data) // 2] ^= 0x01
    tampered = tmp_path / "diubah.pantau-slip"
    tampered.write_bytes(bytes(data))
    refused = _office(store, capsys, "enroll", "--file", str(tampered))
    assert refused.code == 2 and "damaged or was altered" in refused.err
    assert "enrolled: no" in _office(store, capsys, "status").out


def test_a_slip_of_another_server_is_refused(store, slip, tmp_path, capsys):
    foreign = _made_slip(tmp_path / "other" / "province", capsys, "lain.pantau-slip")
    assert _office(store, capsys, "enroll", "--file", str(slip)).code == 0
    refused = _office(store, capsys, "enroll", "--file", str(foreign))
    assert refused.code == 2 and "for another server" in refused.err


def test_not_a_slip_and_bad_server_options_are_refused(store, tmp_path, capsys):
    junk = tmp_path / "bukan.pantau-slip"
    junk.write_text("halo", encoding="utf-8")
    refused = _office(store, capsys, "enroll", "--file", str(junk))
    assert refused.code == 2 and "not a Pantau enrolment slip" in refused.err
    both = _office(store, capsys, "enroll", "--file", str(junk), "--code", "abcd")
    assert both.code == 2 and "not both" in both.err
    province = tmp_path / "province"
    no_url = _province(province, capsys, "--slip-out", str(tmp_path / "x"))
    assert no_url.code == 2 and "--server-url" in no_url.err
    (tmp_path / "berkas").write_text("", encoding="utf-8")
    unwritable = _province(province, capsys, "--slip-out", str(tmp_path / "berkas" / "x.pantau-slip"),
                           "--server-url", "https://pantau.test")  # a folder that is a file
    assert unwritable.code == 2 and "could not be written" in unwritable.err
    devices = _province(province, capsys, "device", "list", "--json")
    assert [d["revoked_at"] is not None for d in json.loads(devices.out)] == [True]
