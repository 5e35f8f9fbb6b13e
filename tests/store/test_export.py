"""Export files re-read and checked (CSV, JSON, XLSX), and the monthly recap."""

from __future__ import annotations

import csv
import json
from datetime import date
from pathlib import Path
from uuid import UUID

import pytest
from openpyxl import load_workbook

from sync.export import COMMON, export_reports
from sync.recap import monthly_recap
from sync.store import Store
from sync.store import reports as repo
from tests.support.reports import education_data, warning_data


@pytest.fixture
def filled(store: Store) -> Store:
    with store.session() as s:
        repo.import_reports(
            session=s,
            form_id="deteksi_dini",
            items=[
                warning_data(
                    tingkat="siaga", pihak_terlibat="Pendukung paslon 1; pendukung paslon 2"
                ),
                warning_data(tingkat="awas", kecamatan="81.01.02"),
                warning_data(tingkat="siaga", waktu_kejadian="2024-03-02T09:00:00+09:00"),
            ],
            submit=True,
        )
        repo.import_reports(
            session=s,
            form_id="pendidikan_politik",
            items=[education_data(), education_data(peserta_laki_laki=10, peserta_perempuan=20)],
            submit=True,
        )
        repo.create_draft(
            session=s, form_id="pendidikan_politik", data=education_data()
        )  # drafts: no recap
    return store


def _export(store: Store, fmt: str, out: Path, month: str | None = None) -> int:
    with store.session() as s:
        return export_reports(session=s, fmt=fmt, out=out, month=month)


def test_csv_one_flat_row_per_report(filled: Store, tmp_path: Path) -> None:
    out = tmp_path / "laporan.csv"
    assert _export(filled, "csv", out, month="2024-02") == 5
    with out.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    assert list(rows[0])[: len(COMMON)] == list(COMMON)
    warnings = [r for r in rows if r["form_id"] == "deteksi_dini"]
    assert sorted(r["tingkat"] for r in warnings) == ["awas", "siaga"]
    assert {r["kecamatan_name"] for r in warnings} >= {"Amahai"}
    lessons = [r for r in rows if r["form_id"] == "pendidikan_politik"]
    assert {r["sasaran"] for r in lessons} == {"pemilih_pemula; perempuan"}
    assert sorted(int(r["peserta_perempuan"]) for r in lessons) == [20, 35, 35]
    assert {r["state"] for r in rows} == {"queued", "draft"}


def test_json_is_complete(filled: Store, tmp_path: Path) -> None:
    out = tmp_path / "laporan.json"
    assert _export(filled, "json", out) == 6
    exported = json.loads(out.read_text(encoding="utf-8"))
    with filled.session() as s:
        for item in exported:
            detail = repo.get_report(session=s, report_id=UUID(item["report"]["id"]))
            assert item["report"]["data"] == detail.report.data
            assert [r["data"] for r in item["revisions"]] == [r.data for r in detail.revisions]


def test_xlsx_sheet_per_form_with_typed_cells(filled: Store, tmp_path: Path) -> None:
    out = tmp_path / "laporan.xlsx"
    assert _export(filled, "xlsx", out) == 6
    book = load_workbook(out)
    assert book.sheetnames[0] == "Laporan"
    assert set(book.sheetnames[1:]) == {"deteksi_dini", "pendidikan_politik"}
    assert [c.value for c in book["Laporan"][1]] == list(COMMON)
    assert book["Laporan"].max_row == 7
    lessons = book["pendidikan_politik"]
    header = [c.value for c in lessons[1]]
    males = [
        row[header.index(_label("pendidikan_politik", "peserta_laki_laki"))]
        for row in lessons.iter_rows(min_row=2, values_only=True)
    ]
    assert sorted(males) == [10, 40, 40]  # numbers stay numbers
    dates = [
        row[header.index(_label("pendidikan_politik", "tanggal"))]
        for row in lessons.iter_rows(min_row=2, values_only=True)
    ]
    assert {d.date() for d in dates} == {date(2024, 2, 5)}
    warnings = book["deteksi_dini"]
    header = [c.value for c in warnings[1]]
    levels = {
        row[header.index(_label("deteksi_dini", "tingkat"))]
        for row in warnings.iter_rows(min_row=2, values_only=True)
    }
    assert levels == {"Siaga", "Awas"}  # choice labels, as the clerk knows them


def _label(form_id: str, field_id: str) -> str:
    from sync.forms import FormRegistry

    return FormRegistry.bundled().get(form_id).field(field_id).label("id")


def test_bad_month_and_format(filled: Store, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="YYYY-MM"):
        _export(filled, "csv", tmp_path / "x.csv", month="Februari")
    with pytest.raises(ValueError, match="format"):
        _export(filled, "pdf", tmp_path / "x.pdf")
    assert not (tmp_path / "x.csv").exists()


def test_monthly_recap(filled: Store) -> None:
    with filled.session() as s:
        recap = monthly_recap(session=s, month="2024-02")
        march = monthly_recap(session=s, month="2024-03")
    assert (
        recap.office == "81.01"
        and recap.first_day == date(2024, 2, 1)
        and recap.last_day == date(2024, 2, 29)
    )
    assert (
        recap.reports_by_form["deteksi_dini"] == 2
        and recap.reports_by_form["pendidikan_politik"] == 2
    )
    assert recap.reports_by_form["dana_cadangan"] == 0 and recap.total_reports == 4
    assert recap.urgent == 2
    assert recap.warnings_by_level == {"normal": 0, "waspada": 0, "siaga": 1, "awas": 1}
    assert {(k.code, k.total) for k in recap.warnings_by_kecamatan} == {
        ("81.01.01", 1),
        ("81.01.02", 1),
    }
    assert (recap.education_activities, recap.participants_male, recap.participants_female) == (
        2,
        50,
        55,
    )
    assert recap.participants_total == 105
    assert march.reports_by_form["deteksi_dini"] == 1 and march.warnings_by_level["siaga"] == 1


def test_text_that_looks_like_a_formula_stays_text(store: Store, tmp_path: Path) -> None:
    formula = '=HYPERLINK("http://contoh.invalid","klik")'
    with store.session() as s:
        repo.import_reports(
            session=s,
            form_id="deteksi_dini",
            items=[warning_data(kronologi=formula, pihak_terlibat="=cmd|' /C calc'!A0")],
            submit=True,
        )
    csv_out, xlsx_out = tmp_path / "laporan.csv", tmp_path / "laporan.xlsx"
    _export(store, "csv", csv_out)
    with csv_out.open(encoding="utf-8-sig", newline="") as f:
        row = next(csv.DictReader(f))
    assert row["kronologi"] == "'" + formula
    assert row["pihak_terlibat"].startswith("'=cmd")
    _export(store, "xlsx", xlsx_out)
    sheet = load_workbook(xlsx_out)["deteksi_dini"]
    cells = [cell for row in sheet.iter_rows(min_row=2) for cell in row if cell.value]
    texts = [cell for cell in cells if str(cell.value).startswith("=")]
    assert texts, "the formula-like text is in the sheet"
    assert all(cell.data_type == "s" for cell in texts)
