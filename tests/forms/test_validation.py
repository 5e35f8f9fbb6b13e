"""The shared validator: every field type, required fields, regions, groups, messages, speed."""

from __future__ import annotations

from typing import Any

import pytest

from sync.forms import FieldError, FormDef, FormRegistry, apply_defaults, parse_form, validate
from tests.forms.conftest import NAMLEA, OFFICE, SHA

BASE = {"waktu": "2024-02-14T10:30:00+09:00"}

CASES: list[tuple[str, Any, str | None]] = [
    ("judul", "Rapat", None),
    ("judul", 12, "text"),
    ("judul", "x" * 21, "max_length"),
    ("uraian", "panjang " * 1000, None),
    ("uraian", ["a"], "text"),
    ("uraian", "a\x00b", "nul"),
    ("jumlah", 0, None),
    ("jumlah", 100, None),
    ("jumlah", -1, "min"),
    ("jumlah", 101, "max"),
    ("jumlah", 1.5, "integer"),
    ("jumlah", "5", "integer"),
    ("jumlah", True, "integer"),
    ("tahun", 2024, None),
    ("tahun", 2019, "min"),
    ("biaya", 1_250_000_000, None),
    ("biaya", 0, None),
    ("biaya", -5, "money"),
    ("biaya", 1000.5, "money"),
    ("biaya", 2**53, "max"),
    ("tanggal", "2024-02-14", None),
    ("tanggal", "14/02/2024", "date"),
    ("tanggal", "2024-02-30", "date"),
    ("tanggal", "2019-12-31", "date_min"),
    ("tanggal", "2031-01-01", "date_max"),
    ("waktu", "2024-02-14T10:30:00+09:00", None),
    ("waktu", "2024-02-14T01:30:00Z", None),
    ("waktu", "2024-02-14T10:30:00", "datetime_offset"),
    ("waktu", "2024-02-14", "datetime"),
    ("waktu", "kemarin sore", "datetime"),
    ("tingkat", "awas", None),
    ("tingkat", "gawat", "choice"),
    ("tingkat", 3, "choice"),
    ("sasaran", ["pemuda", "perempuan"], None),
    ("sasaran", ["pemuda", "lansia"], "choice"),
    ("sasaran", ["pemuda", "pemuda"], "duplicate"),
    ("sasaran", ["pemuda", "perempuan", "umum"], "max_items"),
    ("sasaran", "pemuda", "choice_list"),
    ("selesai", False, None),
    ("selesai", "ya", "boolean"),
    ("kecamatan", NAMLEA, None),
    ("kecamatan", "81.01.01", "region_outside"),  # Amahai, Maluku Tengah
    ("kecamatan", "81.04.99", "region_unknown"),
    ("kecamatan", "81.04", "region_level"),
    ("kecamatan", 8104, "region"),
    ("koordinat", {"lat": -3.25, "lon": 127.1}, None),
    ("koordinat", {"lat": 3.25, "lon": 127.1}, "coordinates_outside"),
    ("koordinat", {"lat": -3.25, "lon": 140.0}, "coordinates_outside"),
    ("koordinat", {"lat": "-3.25", "lon": 127.1}, "coordinates"),
    ("koordinat", {"lat": -3.25}, "coordinates"),
    ("koordinat", [-3.25, 127.1], "coordinates"),
    ("foto", [SHA, "b" * 64], None),
    ("foto", ["A" * 64], "sha256"),
    ("foto", ["abc"], "sha256"),
    ("foto", [SHA, SHA], "duplicate"),
    ("foto", [SHA, "b" * 64, "c" * 64], "max_items"),
    ("tindak_lanjut", [{"tindakan": "Patroli", "batas_waktu": "2024-02-20"}], None),
    ("tindak_lanjut", {"tindakan": "Patroli"}, "group"),
]


def codes(errors: list[FieldError]) -> list[tuple[str, str]]:
    return [(e.field, e.code) for e in errors]


@pytest.mark.parametrize(("field", "value", "code"), CASES)
def test_field_types(all_types: FormDef, field: str, value: Any, code: str | None) -> None:
    errors = validate(all_types, {**BASE, field: value}, office=OFFICE)
    if code is None:
        assert errors == []
    else:
        assert (field, code) in codes(errors), errors
        for error in errors:
            assert error.message_id and error.message_en


def test_desa_must_lie_in_the_chosen_kecamatan(all_types: FormDef, namlea_desa: str) -> None:
    assert (
        validate(all_types, {**BASE, "kecamatan": NAMLEA, "desa": namlea_desa}, office=OFFICE) == []
    )
    other = "81.04.02"  # Air Buaya, same regency
    errors = validate(all_types, {**BASE, "kecamatan": other, "desa": namlea_desa}, office=OFFICE)
    assert codes(errors) == [("desa", "region_parent")]
    assert validate(all_types, {**BASE, "desa": "81.04"}, office=OFFICE)[0].code == "region_level"


def test_required_empty_values(all_types: FormDef) -> None:
    for empty in (None, "", "   "):
        errors = validate(all_types, {"waktu": empty}, office=OFFICE)
        assert codes(errors) == [("waktu", "required")]
    assert validate(all_types, {}, office=OFFICE)[0].message_id == "Waktu wajib diisi."
    assert validate(all_types, {}, office=OFFICE)[0].message_en == "Time is required."


def test_optional_empty_values_are_fine(all_types: FormDef) -> None:
    data = {**BASE, "judul": "", "jumlah": None, "sasaran": [], "tindak_lanjut": [], "foto": []}
    assert validate(all_types, data, office=OFFICE) == []


def test_unknown_field_is_rejected(all_types: FormDef) -> None:
    errors = validate(all_types, {**BASE, "tingkatan": "awas"}, office=OFFICE)
    assert codes(errors) == [("tingkatan", "unknown_field")]
    assert "tingkatan" in errors[0].message_id and "Uji semua jenis" in errors[0].message_id


def test_data_must_be_an_object(all_types: FormDef) -> None:
    assert codes(validate(all_types, ["x"], office=OFFICE)) == [("", "not_object")]  # type: ignore[arg-type]


def test_group_items_report_paths_and_entry_labels(all_types: FormDef) -> None:
    data = {
        **BASE,
        "tindak_lanjut": [
            {"tindakan": "Patroli gabungan", "batas_waktu": "2024-02-20"},
            {"tindakan": "Dialog tokoh adat", "batas_waktu": "20-02-2024", "pic": "Camat"},
            "bukan objek",
        ],
    }
    errors = validate(all_types, data, office=OFFICE)
    assert codes(errors) == [
        ("tindak_lanjut[1].pic", "unknown_field"),
        ("tindak_lanjut[1].batas_waktu", "date"),
        ("tindak_lanjut[2]", "not_object"),
    ]
    assert errors[1].message_id.startswith("Batas waktu (Tindak lanjut ke-2) harus berupa tanggal")
    assert errors[1].message_en.startswith("Due date (Follow-up no. 2) must be a date")
    missing = validate(all_types, {**BASE, "tindak_lanjut": [{}]}, office=OFFICE)
    assert codes(missing) == [
        ("tindak_lanjut[0].tindakan", "required"),
        ("tindak_lanjut[0].batas_waktu", "required"),
    ]


def test_group_item_count(all_types: FormDef) -> None:
    item = {"tindakan": "Patroli", "batas_waktu": "2024-02-20"}
    errors = validate(all_types, {**BASE, "tindak_lanjut": [item] * 4}, office=OFFICE)
    assert codes(errors) == [("tindak_lanjut", "max_items")]


def test_region_outside_office_message_names_the_regency(registry, minimal_deteksi) -> None:
    form = registry.get("deteksi_dini")
    errors = validate(form, {**minimal_deteksi, "kecamatan": "81.01.01"}, office=OFFICE)
    assert codes(errors) == [("kecamatan", "region_outside")]
    assert errors[0].message_id == "Kecamatan harus berada di Kabupaten Buru."
    assert errors[0].message("en") == "District (kecamatan) must lie within Kabupaten Buru."
    assert str(errors[0]) == "kecamatan: Kecamatan harus berada di Kabupaten Buru."


def test_a_2023_code_is_still_accepted() -> None:
    form = FormRegistry.bundled().get("deteksi_dini")
    data = {
        "waktu_kejadian": "2023-06-01T08:00:00+09:00",
        "kecamatan": "81.05.02",
        "desa": "81.05.02.2046",  # moved to the new kecamatan 81.05.16 in the 2025 edition
        "kategori": "lainnya",
        "tingkat": "normal",
        "kronologi": "Laporan lama.",
    }
    assert validate(form, data, office="81.05") == []


def test_unknown_office_is_a_programming_error(all_types: FormDef) -> None:
    with pytest.raises(ValueError, match="not an office"):
        validate(all_types, BASE, office="81.04.01")


def test_minimal_fixed_field_reports_are_valid(
    registry, minimal_deteksi, minimal_pendidikan
) -> None:
    assert validate(registry.get("deteksi_dini"), minimal_deteksi, office=OFFICE) == []
    assert validate(registry.get("pendidikan_politik"), minimal_pendidikan, office=OFFICE) == []


def test_fixed_fields_cannot_be_left_out(registry, minimal_deteksi, minimal_pendidikan) -> None:
    for form_id, data in (
        ("deteksi_dini", minimal_deteksi),
        ("pendidikan_politik", minimal_pendidikan),
    ):
        form = registry.get(form_id)
        for field in data:
            rest = {k: v for k, v in data.items() if k != field}
            assert codes(validate(form, rest, office=OFFICE)) == [(field, "required")]


def test_fixed_field_types(registry) -> None:
    deteksi = registry.get("deteksi_dini")
    assert {
        f: deteksi.field(f).type
        for f in ("waktu_kejadian", "kecamatan", "kategori", "tingkat", "kronologi")
    } == {
        "waktu_kejadian": "datetime",
        "kecamatan": "region",
        "kategori": "choice",
        "tingkat": "choice",
        "kronologi": "textarea",
    }
    assert [c.value for c in deteksi.field("tingkat").choices] == [
        "normal",
        "waspada",
        "siaga",
        "awas",
    ]
    assert {
        "politik_identitas", "konflik_pendukung", "hoaks", "intimidasi", "politik_uang",
        "gangguan_keamanan", "bencana", "lainnya",
    } <= deteksi.field("kategori").choice_values  # fmt: skip
    pendidikan = registry.get("pendidikan_politik")
    assert pendidikan.field("tanggal").type == "date"
    assert pendidikan.field("sasaran").type == "multichoice"
    assert {
        "pemilih_pemula",
        "perempuan",
        "penyandang_disabilitas",
        "pemuda",
        "masyarakat_umum",
    } <= (pendidikan.field("sasaran").choice_values)
    assert pendidikan.field("platform").choice_values == {"digital", "konvensional", "hybrid"}
    for field in ("peserta_laki_laki", "peserta_perempuan"):
        assert pendidikan.field(field).type == "integer" and pendidikan.field(field).min == 0


def test_apply_defaults_fills_and_normalises(all_types: FormDef) -> None:
    data = {
        "waktu": "2024-02-14T10:30:00+09:00",
        "tindak_lanjut": [{"tindakan": "Patroli", "batas_waktu": "2024-02-20"}],
    }
    filled = apply_defaults(all_types, data)
    assert filled["waktu"] == "2024-02-14T01:30:00+00:00"
    assert filled["tingkat"] == "normal"
    assert data["waktu"] == "2024-02-14T10:30:00+09:00"  # the input is not changed
    assert validate(all_types, filled, office=OFFICE) == []
    # An invalid value is left for the validator to report.
    assert apply_defaults(all_types, {"waktu": "2024-02-14T10:30"})["waktu"] == "2024-02-14T10:30"


def test_apply_defaults_on_real_form(registry, minimal_deteksi) -> None:
    form = registry.get("deteksi_dini")
    filled = apply_defaults(form, minimal_deteksi)
    assert filled["waktu_kejadian"] == "2024-02-14T01:30:00+00:00"
    assert filled["status_verifikasi"] == "belum_terverifikasi"
    assert validate(form, filled, office=OFFICE) == []


def test_a_missing_field_with_default_is_not_required() -> None:
    form = parse_form(
        {
            "id": "x",
            "version": 1,
            "title": {"id": "X", "en": "X"},
            "description": {"id": "X", "en": "X"},
            "fields": [
                {
                    "id": "status",
                    "type": "choice",
                    "label": {"id": "Status", "en": "Status"},
                    "required": True,
                    "default": "baru",
                    "choices": [{"value": "baru", "label": {"id": "Baru", "en": "New"}}],
                }
            ],
        }
    )
    assert validate(form, {}, office=OFFICE) == []


def test_a_full_deteksi_report_validates_the_same_every_time(
    registry, minimal_deteksi, namlea_desa
) -> None:
    form = registry.get("deteksi_dini")
    data = {
        **minimal_deteksi,
        "desa": namlea_desa,
        "koordinat": {"lat": -3.25, "lon": 127.1},
        "instansi_dilibatkan": ["polres", "kodim", "fkub"],
        "foto": [SHA],
        "pihak_terlibat": "Pendukung dua pasangan calon",
    }
    assert all(validate(form, data, office=OFFICE) == [] for _ in range(3))
