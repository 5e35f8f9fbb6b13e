"""The `pantau` store commands and their contract: output, exit status, and bad input writing nothing."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from sync import migrations
from tests.cli.conftest import Pantau
from tests.store.conftest import raw_connection
from tests.support.reports import OTHER_KECAMATAN, education_data, warning_data


def _count(pantau: Pantau) -> int:
    return len(json.loads(pantau("list", "--json").out))


def test_new_draft_submit_amend_withdraw_show(pantau: Pantau) -> None:
    made = pantau("new", "deteksi_dini", "--data", str(pantau.write_json("r.json", warning_data())))
    assert made.code == 0
    report_id = made.out.strip()
    assert len(report_id) == 36
    assert "draft" in pantau("list").out
    submitted = pantau("submit", report_id[:8])  # a unique prefix is enough
    assert submitted.code == 0 and "queued" in submitted.out
    amended = pantau(
        "amend", report_id, "--data", str(pantau.write_json("a.json", warning_data(tingkat="awas")))
    )
    assert amended.code == 0 and "revision 2" in amended.out
    assert pantau("withdraw", report_id, "--reason", "Laporan ganda").code == 0
    shown = json.loads(pantau("show", report_id, "--json").out)
    assert [r["status"] for r in shown["revisions"]] == ["submitted", "submitted", "withdrawn"]
    assert shown["revisions"][2]["withdraw_reason"] == "Laporan ganda"
    text = pantau("show", report_id[:12]).out
    assert (
        "Kabupaten Maluku Tengah" in text and "withdrawn" in text and "Alert level: Warning" in text
    )


def test_new_from_stdin_submit_at_once(pantau: Pantau, monkeypatch: pytest.MonkeyPatch) -> None:
    made = pantau(
        "new",
        "pendidikan_politik",
        "--data",
        "-",
        "--submit",
        stdin=json.dumps(education_data()),
        monkeypatch=monkeypatch,
    )
    assert made.code == 0
    (listed,) = json.loads(pantau("list", "--status", "queued", "--json").out)
    assert listed["id"] == made.out.strip() and listed["form_id"] == "pendidikan_politik"


def test_bulk_import_all_or_nothing(pantau: Pantau) -> None:
    good = pantau.write_json(
        "ok.json", [warning_data(), warning_data(tingkat="siaga"), education_data()]
    )
    failed = pantau("new", "deteksi_dini", "--data", str(good), "--submit")
    assert failed.code == 2 and "#3." in failed.err and "nothing" in failed.err
    assert _count(pantau) == 0
    items = pantau.write_json("ok2.json", [warning_data(), warning_data(tingkat="siaga")])
    made = pantau("new", "deteksi_dini", "--data", str(items), "--submit")
    assert made.code == 0 and len(made.out.split()) == 2
    assert _count(pantau) == 2


@pytest.mark.parametrize(
    ("args", "data", "expected"),
    [
        (["new", "laporan_fiktif"], warning_data(), "unknown form 'laporan_fiktif'"),
        (["new", "deteksi_dini", "--submit"], warning_data(tingkat="genting"), "tingkat"),
        (
            ["new", "deteksi_dini", "--submit"],
            {k: v for k, v in warning_data().items() if k != "kronologi"},
            "kronologi",
        ),
        (
            ["new", "deteksi_dini", "--submit"],
            warning_data(kecamatan=OTHER_KECAMATAN),
            "kecamatan: District (kecamatan) must lie within Kabupaten Maluku Tengah",
        ),
        (
            ["new", "deteksi_dini", "--submit"],
            warning_data(waktu_kejadian="2024-02-10T10:30:00"),
            "waktu_kejadian",
        ),
        (["new", "deteksi_dini"], ["not", "objects"], "JSON object"),
        (  # a draft may leave fields empty, but not fill them wrongly
            ["new", "deteksi_dini"],
            {"kecamatan": OTHER_KECAMATAN},
            "kecamatan: District (kecamatan) must lie within Kabupaten Maluku Tengah",
        ),
        (["new", "deteksi_dini"], [warning_data(), {"tingkat": "genting"}], "#2.tingkat"),
    ],
)
def test_bad_input_names_the_problem_and_writes_nothing(
    pantau: Pantau, args: list[str], data, expected: str
) -> None:
    result = pantau(*args, "--data", str(pantau.write_json("bad.json", data)))
    assert result.code == 2 and expected in result.err, result.err
    assert result.out == "" and _count(pantau) == 0


def test_malformed_json_and_missing_file(pantau: Pantau, tmp_path: Path) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text('{"kronologi": "tanpa penutup"', encoding="utf-8")
    result = pantau("new", "deteksi_dini", "--data", str(broken))
    assert result.code == 2 and "malformed JSON" in result.err and "line 1" in result.err
    result = pantau("new", "deteksi_dini", "--data", str(tmp_path / "nowhere.json"))
    assert result.code == 2 and "cannot read" in result.err
    assert _count(pantau) == 0


def test_unknown_ids_and_forbidden_transitions(pantau: Pantau) -> None:
    for args in (
        ["submit", "deadbeefdeadbeef"],
        ["show", "1234"],
        ["withdraw", "00000000", "--reason", "x"],
    ):
        result = pantau(*args)
        assert result.code == 2 and "report" in result.err
    draft = pantau(
        "new", "deteksi_dini", "--data", str(pantau.write_json("r.json", warning_data()))
    ).out.strip()
    result = pantau("withdraw", draft, "--reason", "x")
    assert result.code == 2 and "never submitted" in result.err


def test_no_office_set(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    fresh = Pantau(tmp_path / "fresh", capsys)
    result = fresh("new", "deteksi_dini", "--data", str(fresh.write_json("r.json", warning_data())))
    assert result.code == 2 and "pantau init --office" in result.err
    assert fresh("init", "--office", "81.99").code == 2


def test_list_filters_and_search(pantau: Pantau) -> None:
    pantau(
        "new",
        "deteksi_dini",
        "--submit",
        "--data",
        str(
            pantau.write_json(
                "a.json",
                [
                    warning_data(kronologi="Kapal logistik tertahan gelombang tinggi."),
                    warning_data(tingkat="awas"),
                ],
            )
        ),
    )
    pantau(
        "new", "pendidikan_politik", "--data", str(pantau.write_json("b.json", education_data()))
    )
    assert len(json.loads(pantau("list", "--form", "deteksi_dini", "--json").out)) == 2
    assert len(json.loads(pantau("list", "--status", "draft", "--json").out)) == 1
    (found,) = json.loads(pantau("list", "--search", "gelombang", "--json").out)
    assert found["data"]["kronologi"].startswith("Kapal")
    lines = pantau("list").out.splitlines()
    assert len(lines) == 3 and sum(" ! " in line for line in lines) == 1  # the urgent mark


def test_export_formats(pantau: Pantau, tmp_path: Path) -> None:
    pantau(
        "new",
        "deteksi_dini",
        "--submit",
        "--data",
        str(pantau.write_json("a.json", [warning_data()] * 3)),
    )
    for fmt in ("csv", "json", "xlsx"):
        out = tmp_path / f"export.{fmt}"
        result = pantau("export", "--format", fmt, "--out", str(out), "--month", "2024-02")
        assert result.code == 0 and "3 report(s)" in result.out and out.stat().st_size > 0
    with (tmp_path / "export.csv").open(encoding="utf-8-sig") as f:
        assert len(list(csv.DictReader(f))) == 3
    assert (
        pantau(
            "export", "--format", "csv", "--out", str(tmp_path / "x.csv"), "--month", "02-2024"
        ).code
        == 2
    )


def test_check_backup_restore(pantau: Pantau, tmp_path: Path) -> None:
    pantau(
        "new",
        "deteksi_dini",
        "--submit",
        "--data",
        str(pantau.write_json("a.json", warning_data())),
    )
    checked = pantau("check")
    assert (
        checked.code == 0
        and f"schema revision: {migrations.HEAD}" in checked.out
        and checked.out.strip().endswith("ok")
    )
    saved = tmp_path / "cadangan.db"
    assert pantau("backup", "--out", str(saved)).code == 0
    pantau(
        "new",
        "deteksi_dini",
        "--submit",
        "--data",
        str(pantau.write_json("b.json", warning_data())),
    )
    assert _count(pantau) == 2
    restored = pantau("restore", str(saved))
    assert restored.code == 0 and "restored 1 report(s)" in restored.out
    assert _count(pantau) == 1
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"junk" * 1000)
    assert pantau("restore", str(junk)).code == 2
    assert _count(pantau) == 1


def test_check_reports_damage(pantau: Pantau) -> None:
    pantau(
        "new",
        "deteksi_dini",
        "--submit",
        "--data",
        str(pantau.write_json("a.json", warning_data())),
    )
    conn = raw_connection(pantau.data_dir)
    conn.execute("PRAGMA foreign_keys = OFF")
    conn.execute("DELETE FROM revision")  # an outbox entry without its revision
    conn.commit()
    conn.close()
    result = pantau("check")
    assert result.code == 1 and "foreign key" in result.out and "DAMAGED" in result.out


@pytest.mark.slow
def test_as_a_real_process(pantau: Pantau) -> None:
    made = pantau.spawn(
        "new", "deteksi_dini", "--data", "-", "--submit", stdin=json.dumps(warning_data())
    )
    assert made.code == 0, made.err
    shown = pantau.spawn("show", made.out.strip(), "--json")
    assert json.loads(shown.out)["report"]["state"] == "queued"
    bad = pantau.spawn("new", "deteksi_dini", "--data", "-", stdin="{")
    assert bad.code == 2 and "malformed JSON" in bad.err
    assert pantau.spawn("check").code == 0
