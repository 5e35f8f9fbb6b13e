"""FormDef's display helpers: values as people read them, list titles, search text, report date."""

from __future__ import annotations

from datetime import date

import pytest

from sync.forms import FormDef
from tests.forms.conftest import NAMLEA, SHA

VALUES = [
    ("tanggal", "2024-02-14", "id", "14/02/2024"),
    ("waktu", "2024-02-14T01:30:00+00:00", "id", "14/02/2024 10:30 WIT"),
    ("waktu", "2024-02-14T10:30:00+09:00", "en", "14/02/2024 10:30 WIT"),
    ("waktu", "2024-02-13T20:00:00-05:00", "id", "14/02/2024 10:00 WIT"),
    ("biaya", 1_250_000_000, "id", "Rp 1.250.000.000"),
    ("biaya", 1_250_000_000, "en", "Rp 1,250,000,000"),
    ("jumlah", 1250, "id", "1.250"),
    ("tahun", 2024, "id", "2024"),
    ("tingkat", "siaga", "id", "Siaga"),
    ("tingkat", "siaga", "en", "SIAGA"),
    ("sasaran", ["pemuda", "umum"], "id", "Pemuda, Masyarakat umum"),
    ("selesai", True, "id", "Ya"),
    ("selesai", False, "en", "No"),
    ("kecamatan", NAMLEA, "id", "Namlea (81.04.01)"),
    ("koordinat", {"lat": -3.25, "lon": 127.1}, "id", "3,25000° LS; 127,10000° BT"),
    ("koordinat", {"lat": -3.25, "lon": 127.1}, "en", "3.25000° S, 127.10000° E"),
    ("foto", [SHA, "b" * 64], "id", "2 lampiran"),
    (
        "tindak_lanjut",
        [{"tindakan": "Patroli", "batas_waktu": "2024-02-20"}],
        "id",
        "Tindakan: Patroli, Batas waktu: 20/02/2024",
    ),
    ("judul", None, "id", ""),
    ("judul", "", "id", ""),
    # Bad stored values are shown as they are rather than failing.
    ("tanggal", "14-02-2024", "id", "14-02-2024"),
    ("tingkat", "gawat", "id", "gawat"),
    ("biaya", "banyak", "id", "banyak"),
]


@pytest.mark.parametrize(("field", "value", "lang", "shown"), VALUES)
def test_format_value(all_types: FormDef, field: str, value, lang: str, shown: str) -> None:
    assert all_types.format_value(field, value, lang) == shown


def test_report_title(all_types: FormDef, registry, minimal_deteksi) -> None:
    assert (
        all_types.report_title({"judul": "Apel siaga", "kecamatan": NAMLEA})
        == "Apel siaga — Namlea"
    )
    assert all_types.report_title({}) == "Uji semua jenis"
    assert all_types.report_title({}, "en") == "All types test"
    deteksi = registry.get("deteksi_dini")
    assert deteksi.report_title(minimal_deteksi) == "Siaga — Hoaks / disinformasi — Namlea"
    assert deteksi.report_title(minimal_deteksi, "en") == "Watch — Hoax / disinformation — Namlea"
    long = registry.get("koordinasi_forkopimda").report_title({"agenda": "x" * 300})
    assert len(long) <= 120 and long.endswith("…")


def test_report_date_urgency_alert_region(registry, minimal_deteksi) -> None:
    form = registry.get("deteksi_dini")
    # 23:30 UTC on the 13th is already the 14th in WIT.
    assert form.report_date({"waktu_kejadian": "2024-02-13T23:30:00+00:00"}) == date(2024, 2, 14)
    assert form.report_date({"waktu_kejadian": "2024-02-13T23:30:00"}) is None
    assert form.report_date({}) is None
    assert form.is_urgent(minimal_deteksi)
    assert form.is_urgent({**minimal_deteksi, "tingkat": "awas"})
    assert not form.is_urgent({**minimal_deteksi, "tingkat": "waspada"})
    assert not form.is_urgent({})
    assert form.alert_level(minimal_deteksi) == "siaga"
    assert form.alert_level({"tingkat": "gawat"}) is None
    assert form.region(minimal_deteksi) == NAMLEA
    pendidikan = registry.get("pendidikan_politik")
    assert pendidikan.report_date({"tanggal": "2023-11-20"}) == date(2023, 11, 20)
    assert not pendidikan.is_urgent({"tanggal": "2023-11-20"})
    assert pendidikan.alert_level({}) is None
    assert pendidikan.region({}) is None


def test_searchable_text(all_types: FormDef) -> None:
    data = {
        "judul": "Hoaks surat suara",
        "uraian": "Pesan berantai di WhatsApp",
        "tingkat": "siaga",
        "sasaran": ["pemuda"],
        "kecamatan": NAMLEA,
        "jumlah": 5,
        "tindak_lanjut": [{"tindakan": "Klarifikasi di radio", "batas_waktu": "2024-02-20"}],
    }
    text = all_types.searchable_text(data)
    for part in (
        "Hoaks surat suara",
        "Pesan berantai",
        "Siaga",
        "Pemuda",
        "Namlea",
        "Klarifikasi di radio",
    ):
        assert part in text
    assert "2024" not in text and "5" not in text
    assert "Youth" in all_types.searchable_text(data, "en")
