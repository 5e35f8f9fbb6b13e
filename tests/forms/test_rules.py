"""Checks across fields written in the form JSON: definitions refused when wrong, rules on the real forms."""

from __future__ import annotations

import copy
from datetime import UTC, datetime
from typing import Any

import pytest

from sync.forms import FormDefinitionError, FormRegistry, parse_form, validate
from tests.forms.conftest import NAMLEA, OFFICE

NOW = datetime(2024, 2, 14, 3, 0, tzinfo=UTC)  # 12:00 WIT


def _errors(form_id: str, data: dict[str, Any], version: int | None = None) -> list[tuple[str, str, str]]:
    form = FormRegistry.bundled().get(form_id, version)
    return [(e.field, e.code, e.message_id) for e in validate(form, data, office=OFFICE, now=NOW)]


def test_activity_ending_before_it_started_and_more_disabled_than_participants(minimal_pendidikan):
    data = dict(minimal_pendidikan, tanggal_selesai="2023-11-19", peserta_disabilitas=200)
    errors = _errors("pendidikan_politik", data)
    assert errors == [
        ("tanggal_selesai", "check",
         "Tanggal selesai (19/11/2023) tidak boleh sebelum Tanggal (20/11/2023)."),
        ("peserta_disabilitas", "check",
         "Di antaranya penyandang disabilitas (200) tidak boleh lebih dari "
         "Peserta laki-laki + Peserta perempuan (97)."),
    ]
    en = validate(FormRegistry.bundled().get("pendidikan_politik"), data, office=OFFICE, now=NOW)
    assert en[0].message_en == "End date (19/11/2023) must not be before Date (20/11/2023)."
    ok = dict(minimal_pendidikan, tanggal_selesai="2023-11-20", peserta_disabilitas=97)
    assert _errors("pendidikan_politik", ok) == []


def test_old_versions_stay_valid(minimal_pendidikan):
    data = dict(minimal_pendidikan, tanggal_selesai="2023-11-19", peserta_disabilitas=200)
    assert _errors("pendidikan_politik", data, version=1) == []


def test_a_check_with_an_empty_or_bad_side_is_left_to_the_field_messages(minimal_pendidikan):
    assert _errors("pendidikan_politik", dict(minimal_pendidikan, tanggal_selesai="")) == []
    data = dict(minimal_pendidikan, peserta_laki_laki="banyak", peserta_disabilitas=200)
    assert [code for _, code, _ in _errors("pendidikan_politik", data)] == ["integer"]
    only_women = dict(minimal_pendidikan, peserta_disabilitas=60)
    del only_women["peserta_laki_laki"]  # an empty part of a sum counts as 0
    found = [(f, code) for f, code, _ in _errors("pendidikan_politik", only_women)]
    assert found == [("peserta_laki_laki", "required"), ("peserta_disabilitas", "check")]


def test_an_event_in_the_future_beyond_the_tolerance(minimal_deteksi):
    in_an_hour = dict(minimal_deteksi, waktu_kejadian="2024-02-14T12:59:00+09:00")
    assert _errors("deteksi_dini", in_an_hour) == []
    five_days = dict(minimal_deteksi, waktu_kejadian="2024-02-19T10:00:00+09:00")
    assert _errors("deteksi_dini", five_days) == [
        ("waktu_kejadian", "future",
         "Waktu kejadian (19/02/2024 10:00 WIT) tidak boleh di masa depan (sekarang 14/02/2024 12:00 WIT).")
    ]


def test_reserve_payments_bounded_by_the_reserve_entry_by_entry_and_in_total():
    data = {
        "tanggal_laporan": "2024-02-01", "tahun_anggaran": 2024, "jumlah": 5_000_000_000,
        "akumulasi": 15_000_000_000, "dasar_hukum": "Perda No. 3 Tahun 2022",
        "status_realisasi": "sebagian",
        "penyaluran": [
            {"penerima": "kpu", "jumlah": 10_000_000_000, "tanggal": "2024-01-10"},
            {"penerima": "bawaslu", "jumlah": 16_000_000_000, "tanggal": "2024-03-01"},
        ],
    }
    form = FormRegistry.bundled().get("dana_cadangan")
    found = {(e.field, e.code) for e in validate(form, data, office=OFFICE, now=NOW)}
    assert ("penyaluran[1].jumlah", "check") in found
    assert ("penyaluran[0].jumlah", "check") not in found
    assert ("penyaluran", "check") in found  # 26 miliar paid of a 15 miliar reserve
    assert ("penyaluran[1].tanggal", "future") in found
    message = next(e.message_id for e in validate(form, data, office=OFFICE, now=NOW) if e.field == "penyaluran[1].jumlah")
    assert message == ("Jumlah (Penyaluran (NPHD) ke-2) (Rp 16.000.000.000) tidak boleh lebih dari "
                       "Akumulasi dana cadangan (Rp 15.000.000.000).")


def test_follow_up_due_before_the_meeting_is_named_by_entry():
    form = FormRegistry.bundled().get("koordinasi_forkopimda")
    data = {"tanggal": "2024-02-10", "tindak_lanjut": [{"batas_waktu": "2024-02-20"}, {"batas_waktu": "2024-02-01"}]}
    found = [(e.field, e.code) for e in validate(form, data, office=OFFICE, now=NOW) if e.code in ("check", "future")]
    assert found == [("tindak_lanjut[1].batas_waktu", "check")]


BAD_CHECKS = [
    ({"left": "tanggal", "op": "=>", "right": "tanggal"}, "op must be one of"),
    ({"left": "tanggal", "op": "<", "right": "jumlah"}, "both sides must be"),
    ({"left": "judul", "op": "<", "right": "jumlah"}, "must name a date, datetime, integer or money field"),
    ({"left": "tidak_ada", "op": "<", "right": "jumlah"}, "must name a date"),
    ({"left": "tanggal", "op": "<"}, "must be {"),
    ({"not_future": "jumlah"}, "not_future needs a date or datetime field"),
    ({"not_future": "tanggal", "tolerance_hours": -1}, "tolerance_hours must be a number"),
    ({"left": {"sum": ["tanggal"]}, "op": "<", "right": "jumlah"}, "a sum adds integer or money fields only"),
    ({"left": "jumlah", "op": "<", "right": "baris.nilai"}, "entry by entry"),
    ({"left": "jumlah", "op": "<", "right": "jumlah", "message": {"id": "x"}}, "message must be"),
    ({"left": "jumlah", "op": "<", "right": "jumlah", "pesan": "x"}, "must be {"),
]


@pytest.mark.parametrize(("check", "problem"), BAD_CHECKS)
def test_a_wrong_check_is_refused_with_its_place(check: dict[str, Any], problem: str) -> None:
    definition = {
        "id": "uji", "version": 1, "title": {"id": "Uji", "en": "Test"},
        "description": {"id": "Uji", "en": "Test"},
        "fields": [
            {"id": "judul", "type": "text", "label": {"id": "Judul", "en": "Title"}},
            {"id": "tanggal", "type": "date", "label": {"id": "Tanggal", "en": "Date"}},
            {"id": "jumlah", "type": "integer", "label": {"id": "Jumlah", "en": "Count"}},
            {"id": "baris", "type": "group", "label": {"id": "Baris", "en": "Rows"},
             "fields": [{"id": "nilai", "type": "integer", "label": {"id": "Nilai", "en": "Value"}}]},
        ],
        "checks": [copy.deepcopy(check)],
    }
    with pytest.raises(FormDefinitionError) as caught:
        parse_form(definition)
    assert "form uji v1: checks[0]" in str(caught.value)
    assert problem in str(caught.value)


def test_a_custom_message_replaces_the_generated_one(minimal_pendidikan):
    definition = copy.deepcopy(FormRegistry.bundled().get("pendidikan_politik").definition)
    definition["version"] = 9
    definition["checks"] = [{"left": "tanggal_selesai", "op": ">=", "right": "tanggal",
                             "message": {"id": "Selesai sebelum mulai.", "en": "Ends before it starts."}}]
    form = parse_form(definition)
    errors = validate(form, dict(minimal_pendidikan, tanggal_selesai="2023-01-01"), office=OFFICE, now=NOW)
    assert [(e.message_id, e.message_en) for e in errors] == [("Selesai sebelum mulai.", "Ends before it starts.")]


def test_the_clock_is_the_default_now(minimal_deteksi):
    form = FormRegistry.bundled().get("deteksi_dini")
    far = dict(minimal_deteksi, waktu_kejadian="2999-01-01T00:00:00+09:00", kecamatan=NAMLEA)
    assert [e.code for e in validate(form, far, office=OFFICE)] == ["future"]
