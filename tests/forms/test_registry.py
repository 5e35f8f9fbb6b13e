"""FormRegistry: bundled files, published versions with no code change, old versions still valid."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from sync.forms import FormDefinitionError, FormRegistry, UnknownForm, validate
from sync.paths import resource_path
from tests.forms.conftest import OFFICE


def deteksi_v3() -> dict[str, Any]:
    """Version 3 as the province might publish it: a new required field and a new category."""
    definition = json.loads(
        resource_path("forms", "deteksi_dini.v1.json").read_text(encoding="utf-8")
    )
    definition["version"] = 3
    kategori = next(f for f in definition["fields"] if f["id"] == "kategori")
    kategori["choices"].insert(
        -1, {"value": "kampanye_hitam", "label": {"id": "Kampanye hitam", "en": "Black campaign"}}
    )
    definition["fields"].append(
        {
            "id": "nomor_tps",
            "type": "text",
            "label": {"id": "Nomor TPS", "en": "Polling station number"},
            "required": True,
        }
    )
    return definition


def test_bundled_is_cached_and_lists_versions(registry: FormRegistry) -> None:
    assert FormRegistry.bundled() is registry
    assert registry.versions("deteksi_dini") == [1, 2]
    assert registry.latest("deteksi_dini") is registry.get("deteksi_dini", 2)


def test_new_version_file_needs_no_code_change(
    tmp_path: Path, registry: FormRegistry, minimal_deteksi
) -> None:
    path = tmp_path / "deteksi_dini.v3.json"
    path.write_text(json.dumps(deteksi_v3()), encoding="utf-8")
    extended = registry.with_definitions([json.loads(path.read_text(encoding="utf-8"))])

    assert extended.versions("deteksi_dini") == [1, 2, 3]
    v3 = extended.get("deteksi_dini")
    assert v3.version == 3
    assert [e.field for e in validate(v3, minimal_deteksi, office=OFFICE)] == ["nomor_tps"]
    report = {**minimal_deteksi, "kategori": "kampanye_hitam", "nomor_tps": "TPS 004"}
    assert validate(v3, report, office=OFFICE) == []
    assert v3.format_value("kategori", "kampanye_hitam") == "Kampanye hitam"

    # An old report keeps its version and still validates and displays.
    v1 = extended.get("deteksi_dini", 1)
    assert validate(v1, minimal_deteksi, office=OFFICE) == []
    assert [e.code for e in validate(v1, report, office=OFFICE)] == ["unknown_field", "choice"]
    # The bundled registry itself is unchanged.
    assert registry.versions("deteksi_dini") == [1, 2]


def test_new_form_from_a_folder(tmp_path: Path, all_types_definition: dict[str, Any]) -> None:
    (tmp_path / "uji_semua.v1.json").write_text(json.dumps(all_types_definition), encoding="utf-8")
    v3 = copy.deepcopy(all_types_definition) | {"version": 3}
    (tmp_path / "uji_semua.v3.json").write_text(json.dumps(v3), encoding="utf-8")
    registry = FormRegistry.from_folder(tmp_path)
    assert [f.id for f in registry.forms()] == ["uji_semua"]
    assert registry.versions("uji_semua") == [1, 3]


def test_file_name_must_match_content(tmp_path: Path, all_types_definition: dict[str, Any]) -> None:
    (tmp_path / "uji_semua.v2.json").write_text(json.dumps(all_types_definition), encoding="utf-8")
    with pytest.raises(FormDefinitionError, match="uji_semua.v2.json: holds form uji_semua v1"):
        FormRegistry.from_folder(tmp_path)


def test_bad_files_are_named(tmp_path: Path) -> None:
    (tmp_path / "deteksi.json").write_text("{}", encoding="utf-8")
    with pytest.raises(FormDefinitionError, match="must be named <form_id>.v<version>.json"):
        FormRegistry.from_folder(tmp_path)
    (tmp_path / "deteksi.json").unlink()
    (tmp_path / "deteksi_dini.v1.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(FormDefinitionError, match="deteksi_dini.v1.json: cannot read JSON"):
        FormRegistry.from_folder(tmp_path)
    (tmp_path / "deteksi_dini.v1.json").unlink()
    with pytest.raises(FormDefinitionError, match="no form definitions"):
        FormRegistry.from_folder(tmp_path)


def test_broken_published_definition_is_refused(registry: FormRegistry) -> None:
    broken = deteksi_v3()
    broken["fields"][0]["type"] = "timestamp"
    with pytest.raises(FormDefinitionError, match="waktu_kejadian"):
        registry.with_definitions([broken])


def test_published_copy_of_a_known_version_replaces_it(registry: FormRegistry, caplog) -> None:
    changed = deteksi_v3() | {"version": 1}
    replaced = registry.with_definitions([changed])
    assert replaced.get("deteksi_dini", 1).definition == changed
    assert "replaces the bundled one" in caplog.text


def test_unknown_form_and_version(registry: FormRegistry) -> None:
    with pytest.raises(UnknownForm) as caught:
        registry.get("laporan_harian")
    assert str(caught.value).startswith(
        "unknown form 'laporan_harian'; known forms: dana_cadangan, "
    )
    assert isinstance(caught.value, KeyError)
    with pytest.raises(UnknownForm, match="has no version 7; known versions: 1"):
        registry.get("deteksi_dini", 7)
    with pytest.raises(UnknownForm):
        registry.versions("laporan_harian")
