"""Enrolment without a link: a slip from `device enroll --slip-out`, read by `pantau enroll --file`."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from sync.store.reports import withdraw_report
from tests.bundle.conftest import Ran, pantau, run, server_import
from tests.client.conftest import engine_for
from tests.client.factories import OFFICE, make_reports
from tests.support.server import ServerHandle, running_server


def _slip(server: ServerHandle, out: Path, office: str = OFFICE, *extra: str) -> Ran:
    return run(
        "sync.server.cli", "device", "enroll", office, "--label", "PC sekretariat",
        "--slip-out", str(out), "--server-url", server.url, *extra, env=server.env(),
    )


def _server_revisions(server: ServerHandle) -> list[tuple[str, int]]:
    with sqlite3.connect(server.data_dir / "pantau-server.db") as db:
        return db.execute("SELECT report_id, revision FROM report_revision").fetchall()


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
    imported = server_import(server, bundle, receipt, "--json")
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


@pytest.fixture
def slip(server, tmp_path) -> Path:
    out = tmp_path / "pendaftaran.pantau-slip"
    assert _slip(server, out).code == 0
    return out


def test_a_slip_used_twice_is_refused_and_changes_nothing(store, slip):
    assert pantau(store.data_dir, "enroll", "--file", str(slip)).code == 0
    again = pantau(store.data_dir, "enroll", "--file", str(slip))
    assert again.code == 2 and "already used on this PC" in again.err


def test_a_tampered_slip_is_refused(store, slip, tmp_path):
    data = bytearray(slip.read_bytes())
    data[len(data) // 2] ^= 0x01
    tampered = tmp_path / "diubah.pantau-slip"
    tampered.write_bytes(bytes(data))
    refused = pantau(store.data_dir, "enroll", "--file", str(tampered))
    assert refused.code == 2 and "damaged or was altered" in refused.err
    assert "enrolled: no" in pantau(store.data_dir, "status").out


def test_a_slip_of_another_server_is_refused(store, slip, tmp_path):
    with running_server(tmp_path / "other") as other:
        foreign = tmp_path / "lain.pantau-slip"
        assert _slip(other, foreign).code == 0
    assert pantau(store.data_dir, "enroll", "--file", str(slip)).code == 0
    refused = pantau(store.data_dir, "enroll", "--file", str(foreign))
    assert refused.code == 2 and "for another server" in refused.err


def test_not_a_slip_and_bad_server_options_are_refused(store, server, tmp_path):
    junk = tmp_path / "bukan.pantau-slip"
    junk.write_text("halo", encoding="utf-8")
    refused = pantau(store.data_dir, "enroll", "--file", str(junk))
    assert refused.code == 2 and "not a Pantau enrolment slip" in refused.err
    both = pantau(store.data_dir, "enroll", "--file", str(junk), "--code", "abcd")
    assert both.code == 2
    no_url = run("sync.server.cli", "device", "enroll", OFFICE, "--label", "PC",
                 "--slip-out", str(tmp_path / "x"), env=server.env())
    assert no_url.code == 2 and "--server-url" in no_url.err
    (tmp_path / "berkas").write_text("", encoding="utf-8")
    unwritable = _slip(server, tmp_path / "berkas" / "x.pantau-slip")  # a folder that is a file
    assert unwritable.code == 2 and "could not be written" in unwritable.err
    assert "Traceback" not in unwritable.err + no_url.err
