"""parse_form: the bundled definitions are sound, and broken definitions are refused clearly."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from sync.forms import FormDefinitionError, FormRegistry, parse_form

FORM_IDS = [
    "dana_cadangan",
    "deteksi_dini",
    "koordinasi_forkopimda",
    "pendidikan_politik",
    "situasi_politik",
]


def test_the_five_forms_are_bundled() -> None:
    forms = FormRegistry.bundled().forms()
    assert [f.id for f in forms] == FORM_IDS
    for form in forms:
        assert form.version == 2  # v2 adds checks across fields; v1 stays for its reports
        assert form.checks
        assert FormRegistry.bundled().get(form.id, 1).checks == ()
        assert form.title("id") and form.title("en") and form.title("id") != form.title("en")
        assert form.date_field is not None
        for field in form.fields:
            assert field.label("id") and field.label("en")
            assert all(c.label("id") and c.label("en") for c in field.choices)


def test_deteksi_dini_hints() -> None:
    form = FormRegistry.bundled().get("deteksi_dini")
    assert (form.date_field, form.region_field, form.alert_field) == (
        "waktu_kejadian",
        "kecamatan",
        "tingkat",
    )
    assert form.urgent_when is not None and form.urgent_when.values == {"siaga", "awas"}


def test_parsed_form_keeps_its_definition(all_types_definition: dict[str, Any]) -> None:
    form = parse_form(all_types_definition)
    assert form.definition == all_types_definition
    all_types_definition["id"] = "changed"
    assert form.definition["id"] == "uji_semua"  # a copy, not the caller's dict
    assert form.field("tindak_lanjut").field("batas_waktu").type == "date"
    assert form.field("judul").help() is None
    with pytest.raises(KeyError, match="no field 'nope'"):
        form.field("nope")


def _field(defn: dict[str, Any], field_id: str) -> dict[str, Any]:
    return next(f for f in defn["fields"] if f["id"] == field_id)


Breaker = Callable[[dict[str, Any]], None]
BROKEN: list[tuple[str, Breaker, str]] = [
    ("no id", lambda d: d.pop("id"), "form id None"),
    ("bad id", lambda d: d.update(id="Deteksi Dini"), "lowercase"),
    ("version 0", lambda d: d.update(version=0), "version 0"),
    ("version text", lambda d: d.update(version="1"), "version '1'"),
    ("unknown form key", lambda d: d.update(colour="red"), "unknown key(s) colour"),
    ("no fields", lambda d: d.update(fields=[]), "'fields' must be a non-empty list"),
    ("title one language", lambda d: d.update(title={"id": "Judul"}), "title must be"),
    (
        "empty description",
        lambda d: d.update(description={"id": "", "en": "x"}),
        "description must be",
    ),
    ("field not object", lambda d: d["fields"].append("judul"), "must be a JSON object"),
    ("bad type", lambda d: _field(d, "judul").update(type="string"), "type 'string' is not one of"),
    (
        "duplicate id",
        lambda d: d["fields"].append(dict(_field(d, "judul"))),
        "'judul' is used twice",
    ),
    ("no label", lambda d: _field(d, "judul").pop("label"), "(judul): label must be"),
    (
        "key of other type",
        lambda d: _field(d, "judul").update(choices=[]),
        "unknown key(s) choices",
    ),
    ("typo key", lambda d: _field(d, "judul").update(requird=True), "unknown key(s) requird"),
    (
        "required not bool",
        lambda d: _field(d, "judul").update(required="yes"),
        "required must be true or false",
    ),
    (
        "no choices",
        lambda d: _field(d, "tingkat").update(choices=[]),
        "choices must be a non-empty list",
    ),
    (
        "duplicate choice",
        lambda d: _field(d, "tingkat")["choices"].append(dict(_field(d, "tingkat")["choices"][0])),
        "value 'normal' is used twice",
    ),
    (
        "choice no label",
        lambda d: _field(d, "sasaran")["choices"].append({"value": "x"}),
        "choices[3] must be",
    ),
    ("min > max", lambda d: _field(d, "jumlah").update(min=10, max=5), "min is greater than max"),
    ("min text", lambda d: _field(d, "jumlah").update(min="0"), "min must be an integer"),
    ("grouping text", lambda d: _field(d, "tahun").update(grouping="no"), "grouping must be true"),
    ("date min", lambda d: _field(d, "tanggal").update(min="01/01/2020"), "min must be a date"),
    ("money below 0", lambda d: _field(d, "biaya").update(min=-1), "below 0"),
    ("bad items", lambda d: _field(d, "foto").update(max_items=-1), "max_items must be an integer"),
    ("bad level", lambda d: _field(d, "kecamatan").update(level="kabupaten"), "level must be"),
    (
        "parent on kecamatan",
        lambda d: _field(d, "kecamatan").update(parent="desa"),
        "only a desa-level",
    ),
    ("parent unknown", lambda d: _field(d, "desa").update(parent="nope"), "parent 'nope' must be"),
    ("empty group", lambda d: _field(d, "tindak_lanjut").update(fields=[]), "non-empty 'fields'"),
    (
        "nested group",
        lambda d: _field(d, "tindak_lanjut")["fields"].append(dict(_field(d, "tindak_lanjut"))),
        "cannot hold another group",
    ),
    (
        "bad default",
        lambda d: _field(d, "tingkat").update(default="gawat"),
        "default 'gawat' is not valid",
    ),
    (
        "default too big",
        lambda d: _field(d, "jumlah").update(default=1000),
        "must not be more than 100",
    ),
    (
        "region default",
        lambda d: _field(d, "kecamatan").update(default="81.04.01"),
        "cannot have a default",
    ),
    (
        "date_field wrong type",
        lambda d: d.update(date_field="judul"),
        "date_field 'judul' must name",
    ),
    ("region_field unknown", lambda d: d.update(region_field="lokasi"), "region_field 'lokasi'"),
    ("urgent shape", lambda d: d.update(urgent_when={"field": "tingkat"}), "urgent_when must be"),
    (
        "urgent bad value",
        lambda d: d.update(urgent_when={"field": "tingkat", "in": ["gawat"]}),
        "'gawat' is not a value of tingkat",
    ),
    ("summary group", lambda d: d.update(summary_fields=["tindak_lanjut"]), "summary_fields entry"),
]


@pytest.mark.parametrize(
    ("breaker", "message"), [(b, m) for _, b, m in BROKEN], ids=[n for n, _, _ in BROKEN]
)
def test_broken_definitions(
    all_types_definition: dict[str, Any], breaker: Breaker, message: str
) -> None:
    breaker(all_types_definition)
    with pytest.raises(FormDefinitionError) as caught:
        parse_form(all_types_definition)
    assert message in str(caught.value)


def test_not_an_object() -> None:
    with pytest.raises(FormDefinitionError, match="JSON object"):
        parse_form(["fields"])  # type: ignore[arg-type]
