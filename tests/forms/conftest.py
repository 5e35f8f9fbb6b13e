"""Fixtures for the forms tests: a test form with every field type, and minimal real reports."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from sync.forms import FormDef, FormRegistry, parse_form
from sync.regions import Regions


def text(id_: str, en: str) -> dict[str, str]:
    return {"id": id_, "en": en}


ALL_TYPES: dict[str, Any] = {
    "id": "uji_semua",
    "version": 1,
    "title": text("Uji semua jenis", "All types test"),
    "description": text("Formulir uji.", "Test form."),
    "date_field": "waktu",
    "region_field": "kecamatan",
    "alert_field": "tingkat",
    "urgent_when": {"field": "tingkat", "in": ["siaga", "awas"]},
    "summary_fields": ["judul", "kecamatan"],
    "fields": [
        {"id": "judul", "type": "text", "label": text("Judul", "Title"), "max_length": 20},
        {"id": "uraian", "type": "textarea", "label": text("Uraian", "Description")},
        {"id": "jumlah", "type": "integer", "label": text("Jumlah", "Count"), "min": 0, "max": 100},
        {
            "id": "tahun",
            "type": "integer",
            "label": text("Tahun", "Year"),
            "min": 2020,
            "max": 2030,
            "grouping": False,
        },
        {"id": "biaya", "type": "money", "label": text("Biaya", "Cost")},
        {
            "id": "tanggal",
            "type": "date",
            "label": text("Tanggal", "Date"),
            "min": "2020-01-01",
            "max": "2030-12-31",
        },
        {"id": "waktu", "type": "datetime", "label": text("Waktu", "Time"), "required": True},
        {
            "id": "tingkat",
            "type": "choice",
            "label": text("Tingkat", "Level"),
            "default": "normal",
            "choices": [
                {"value": v, "label": text(v.title(), v.upper())}
                for v in ("normal", "waspada", "siaga", "awas")
            ],
        },
        {
            "id": "sasaran",
            "type": "multichoice",
            "label": text("Sasaran", "Targets"),
            "max_items": 2,
            "choices": [
                {"value": "pemuda", "label": text("Pemuda", "Youth")},
                {"value": "perempuan", "label": text("Perempuan", "Women")},
                {"value": "umum", "label": text("Masyarakat umum", "General public")},
            ],
        },
        {"id": "selesai", "type": "boolean", "label": text("Selesai", "Done")},
        {"id": "kecamatan", "type": "region", "label": text("Kecamatan", "District")},
        {
            "id": "desa",
            "type": "region",
            "label": text("Desa", "Village"),
            "level": "desa",
            "parent": "kecamatan",
        },
        {"id": "koordinat", "type": "coordinates", "label": text("Koordinat", "Coordinates")},
        {
            "id": "tindak_lanjut",
            "type": "group",
            "label": text("Tindak lanjut", "Follow-up"),
            "max_items": 3,
            "fields": [
                {
                    "id": "tindakan",
                    "type": "text",
                    "label": text("Tindakan", "Action"),
                    "required": True,
                },
                {
                    "id": "batas_waktu",
                    "type": "date",
                    "label": text("Batas waktu", "Due date"),
                    "required": True,
                },
            ],
        },
        {"id": "foto", "type": "attachments", "label": text("Foto", "Photos"), "max_items": 2},
    ],
}

SHA = "a" * 64
# Kabupaten Buru (81.04): Namlea kecamatan and one of its desa.
OFFICE = "81.04"
NAMLEA = "81.04.01"


@pytest.fixture
def all_types_definition() -> dict[str, Any]:
    return copy.deepcopy(ALL_TYPES)


@pytest.fixture(scope="session")
def all_types() -> FormDef:
    return parse_form(copy.deepcopy(ALL_TYPES))


@pytest.fixture(scope="session")
def namlea_desa() -> str:
    return Regions.load().desa_of(NAMLEA)[0].code


@pytest.fixture(scope="session")
def registry() -> FormRegistry:
    return FormRegistry.bundled()


@pytest.fixture
def minimal_deteksi() -> dict[str, Any]:
    return {
        "waktu_kejadian": "2024-02-14T10:30:00+09:00",
        "kecamatan": NAMLEA,
        "kategori": "hoaks",
        "tingkat": "siaga",
        "kronologi": "Beredar pesan berantai di grup WhatsApp tentang surat suara tercoblos.",
    }


@pytest.fixture
def minimal_pendidikan() -> dict[str, Any]:
    return {
        "tanggal": "2023-11-20",
        "sasaran": ["pemilih_pemula", "perempuan"],
        "peserta_laki_laki": 45,
        "peserta_perempuan": 52,
        "platform": "hybrid",
    }
