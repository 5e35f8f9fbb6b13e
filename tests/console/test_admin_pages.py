"""Administration pages in-process: devices, accounts, forms, audit — the same rules as the CLI."""

from __future__ import annotations

import html
import json
import re
import uuid
from pathlib import Path

import pytest
from sqlmodel import select

from sync.server.cli import main as server_cli
from sync.server.models import AuditEntry, Device, PublishedForm
from tests.console.conftest import Console, csrf_of
from tests.support.server import ROOT

FORM_V2 = ROOT / "resources" / "forms" / "dana_cadangan.v2.json"


def post(browser, path: str, data: dict | None = None, files: dict | None = None, page: str = "/admin/perangkat"):
    token = csrf_of(browser.get(page).text)
    return browser.post(path, data={"csrf_token": token, **(data or {})}, files=files, follow_redirects=False)


def test_other_roles_are_refused_every_admin_page(sqlite_console: Console) -> None:
    analyst = sqlite_console.sign_in("analis", "analyst")
    for path in ("/admin/perangkat", "/admin/akun", "/admin/formulir", "/admin/audit"):
        answer = analyst.get(path)
        assert answer.status_code == 403 and "hanya untuk administrator" in answer.text
    assert "/admin/perangkat" not in analyst.get("/sinkronisasi").text  # not in the menu either


def test_enrol_slip_relabel_and_revoke(sqlite_console: Console) -> None:
    console = sqlite_console
    boss = console.sign_in("kepala", "admin")
    slip = post(boss, "/admin/perangkat/daftar", {"kantor": "81.71", "label": "PC sekretariat"})
    assert slip.status_code == 200 and "Slip pendaftaran PC Pantau" in slip.text
    code = re.search(r'id="kode">([A-Z0-9-]+)<', slip.text)[1]
    assert "http://testserver" in slip.text and "hanya ditampilkan sekali" in slip.text
    enrolled = console.client.post("/api/v1/enroll", json={"code": code, "label": "PC sekretariat"})
    assert enrolled.status_code == 200
    device_id = enrolled.json()["device_id"]
    refused = post(boss, f"/admin/perangkat/{device_id}/label", {"label": "PC\x1b[31m <b>x</b>"})
    assert refused.status_code == 422 and "karakter kendali" in refused.text
    markup = post(boss, f"/admin/perangkat/{device_id}/label", {"label": "<b>PC</b> depan"})
    assert markup.status_code == 303
    page = boss.get("/admin/perangkat?selesai=label").text
    assert "&lt;b&gt;PC&lt;/b&gt; depan" in page and "<b>PC</b>" not in page
    assert post(boss, f"/admin/perangkat/{device_id}/cabut", {"alasan": "PC rusak"}).status_code == 303
    again = post(boss, f"/admin/perangkat/{device_id}/cabut", {"alasan": "lagi"})
    assert again.status_code == 422 and "sudah dicabut" in again.text
    refused_sync = console.client.get("/api/v1/pull", headers={"Authorization": f"Bearer {enrolled.json()['token']}"})
    assert refused_sync.status_code == 401 and refused_sync.json()["code"] == "revoked"
    with console.session() as session:
        actions = [(e.actor, e.action) for e in session.exec(select(AuditEntry).order_by(AuditEntry.id)).all()]
        revoked = session.get(Device, uuid.UUID(device_id))
    assert ("konsol:kepala", "device.code") in actions and ("konsol:kepala", "device.revoke") in actions
    assert revoked.revoked_at is not None
    assert "dicabut" in boss.get("/sinkronisasi").text


def test_accounts_follow_the_cli_rules(sqlite_console: Console) -> None:
    boss = sqlite_console.sign_in("kepala", "admin")
    added = post(boss, "/admin/akun/tambah", {"nama": "Rina", "peran": "analyst"}, page="/admin/akun")
    assert added.status_code == 200 and "hanya ditampilkan sekali" in added.text
    assert post(boss, "/admin/akun/tambah", {"nama": "rina", "peran": "viewer"}, page="/admin/akun").status_code == 422
    last = post(boss, "/admin/akun/kepala/nonaktif", page="/admin/akun")
    assert last.status_code == 422 and "administrator aktif terakhir" in last.text
    demoted = post(boss, "/admin/akun/kepala/peran", {"peran": "viewer"}, page="/admin/akun")
    assert demoted.status_code == 422 and "administrator aktif terakhir" in demoted.text
    cli = ["--data-dir", str(sqlite_console.settings.data_dir), "user", "role"]
    assert server_cli([*cli, "kepala", "analyst"]) == 2  # the shell keeps the same rule
    assert post(boss, "/admin/akun/rina/peran", {"peran": "admin"}, page="/admin/akun").status_code == 303
    assert server_cli([*cli, "rina", "viewer"]) == 0 and server_cli([*cli, "rina", "admin"]) == 0
    reset = post(boss, "/admin/akun/rina/sandi", page="/admin/akun")
    assert "Kata sandi untuk <strong>rina</strong>" in reset.text
    assert post(boss, "/admin/akun/rina/nonaktif", page="/admin/akun").status_code == 303
    assert "nonaktif sejak" in boss.get("/admin/akun").text


def test_form_upload_errors_preview_publish_once(sqlite_console: Console, tmp_path: Path) -> None:
    console = sqlite_console
    boss = console.sign_in("kepala", "admin")
    bad = post(boss, "/admin/formulir/periksa", files={"berkas": ("f.json", b"{not json", "application/json")}, page="/admin/formulir")
    assert bad.status_code == 422 and "bukan JSON yang sah" in bad.text
    broken = post(boss, "/admin/formulir/periksa", files={"berkas": ("f.json", b'{"id": "x"}', "application/json")}, page="/admin/formulir")
    assert broken.status_code == 422 and "Definisi formulir ditolak" in broken.text
    definition = json.loads(FORM_V2.read_text(encoding="utf-8"))
    definition["version"] = 3
    preview = post(boss, "/admin/formulir/periksa", files={"berkas": ("dana.json", json.dumps(definition).encode(), "application/json")}, page="/admin/formulir")
    assert preview.status_code == 200 and "Pratinjau" in preview.text and "Terbitkan dana_cadangan versi 3" in preview.text
    with console.session() as session:
        assert session.exec(select(PublishedForm)).all() == []  # nothing until "Terbitkan"
    hidden = re.search(r'name="definisi" value="([^"]*)"', preview.text)[1]
    published = post(boss, "/admin/formulir/terbitkan", {"definisi": html.unescape(hidden)}, page="/admin/formulir")
    assert published.status_code == 303
    twice = post(boss, "/admin/formulir/terbitkan", {"definisi": html.unescape(hidden)}, page="/admin/formulir")
    assert twice.status_code == 422 and "sudah diterbitkan" in twice.text
    path = tmp_path / "dana.json"
    path.write_text(json.dumps(definition), encoding="utf-8")
    args = ["--data-dir", str(console.settings.data_dir), "form", "publish", str(path)]
    assert server_cli(args) == 2  # the CLI refuses it the same way
    page = boss.get("/admin/formulir").text
    assert "0 dari 0 PC" in page


def test_audit_lists_console_and_cli_changes_filtered(sqlite_console: Console) -> None:
    console = sqlite_console
    boss = console.sign_in("kepala", "admin")
    post(boss, "/admin/perangkat/daftar", {"kantor": "81.01", "label": "PC Namlea"})
    assert server_cli(["--data-dir", str(console.settings.data_dir), "device", "enroll", "81.02", "--label", "PC Tual"]) == 0
    everything = boss.get("/admin/audit").text
    assert "konsol:kepala" in everything and "cli:" in everything
    only_cli = boss.get("/admin/audit", params={"sasaran": "81.02"}).text
    assert "PC Tual" in only_cli and "PC Namlea" not in only_cli


@pytest.mark.parametrize("label", ["PC\x1b[2J", "PC\nbaru"])
def test_device_labels_with_control_characters_are_refused_everywhere(sqlite_console: Console, label: str) -> None:
    args = ["--data-dir", str(sqlite_console.settings.data_dir), "device", "enroll", "81.71", "--label", label]
    assert server_cli(args) == 2
