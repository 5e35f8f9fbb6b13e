"""`pantau new`/`amend` and the forms: numbers written as text, contradictions refused, `--attach`."""

from __future__ import annotations

import json

import pytest

from tests.cli.conftest import Pantau
from tests.support.reports import education_data, warning_data


def _shown(pantau: Pantau, report_id: str) -> dict:
    return json.loads(pantau("show", report_id, "--json").out)


def test_numbers_given_as_text_are_read_the_indonesian_way(pantau: Pantau) -> None:
    data = education_data(anggaran="7.500.000,00", peserta_laki_laki="1.200", peserta_perempuan="35")
    made = pantau("new", "pendidikan_politik", "--data", str(pantau.write_json("r.json", data)), "--submit")
    assert made.code == 0, made.err
    values = _shown(pantau, made.out.strip())["report"]["data"]
    assert (values["anggaran"], values["peserta_laki_laki"], values["peserta_perempuan"]) == (7_500_000, 1_200, 35)


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"anggaran": "7.500.000,50"}, "anggaran", "is not a whole number"),
        ({"anggaran": "7,500,000"}, "anggaran", "thousands are grouped with dots"),
        ({"peserta_perempuan": "banyak"}, "peserta_perempuan", "cannot be read as a number"),
        ({"tanggal_selesai": "2024-02-04"}, "tanggal_selesai", "must not be before Date (05/02/2024)"),
        ({"peserta_disabilitas": 200}, "peserta_disabilitas", "must not be more than"),
        ({"tanggal": "2999-02-05"}, None, None),  # an activity may be planned: no future check on it
    ],
)
@pytest.mark.parametrize("submit", [True, False])
def test_each_contradiction_or_unreadable_number_exits_2_naming_the_field(
    pantau: Pantau, changes: dict, field: str | None, words: str | None, submit: bool
) -> None:
    args = ["new", "pendidikan_politik", "--data", str(pantau.write_json("r.json", education_data(**changes)))]
    result = pantau(*args, *(["--submit"] if submit else []))
    if field is None:
        assert result.code == 0, result.err
        return
    assert result.code == 2, result.err
    assert f"  {field}: " in result.err and words in result.err
    assert result.out == "" and json.loads(pantau("list", "--json").out) == []


def test_an_event_in_the_future_is_refused(pantau: Pantau) -> None:
    data = warning_data(waktu_kejadian="2999-01-01T10:00:00+09:00")
    result = pantau("new", "deteksi_dini", "--data", str(pantau.write_json("r.json", data)), "--submit")
    assert result.code == 2 and "  waktu_kejadian: " in result.err and "future" in result.err


def test_attach_files_to_a_new_report_and_to_an_amendment(pantau: Pantau) -> None:
    photo = pantau.data_dir.parent / "kejadian.jpg"
    photo.write_bytes(b"\xff\xd8\xff\xe0 not really a jpeg but some bytes")
    letter = pantau.data_dir.parent / "surat.pdf"
    letter.write_bytes(b"%PDF-1.4 letter")
    data = str(pantau.write_json("r.json", warning_data()))
    made = pantau("new", "deteksi_dini", "--data", data, "--attach", f"foto={photo}", "--submit")
    assert made.code == 0, made.err
    report_id = made.out.strip()
    shown = _shown(pantau, report_id)
    assert shown["report"]["state"] == "queued"
    assert len(shown["report"]["data"]["foto"]) == 1
    assert [a["filename"] for a in shown["revisions"][0]["attachments"]] == ["kejadian.jpg"]

    amended = pantau("amend", report_id, "--data", data, "--attach", f"foto={photo}", "--attach", f"foto={letter}")
    assert amended.code == 0 and "revision 2" in amended.out, amended.err
    latest = _shown(pantau, report_id)["revisions"][-1]
    assert sorted(a["filename"] for a in latest["attachments"]) == ["kejadian.jpg", "surat.pdf"]
    assert len(latest["data"]["foto"]) == 2


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ("foto={empty}", "is empty (0 bytes)"),
        ("foto={missing}", "cannot read"),
        ("sampul={photo}", "has no attachments field 'sampul' (its attachments fields: foto)"),
        ("foto", "write FIELD=PATH"),
    ],
)
def test_bad_attachments_are_refused_and_nothing_is_written(pantau: Pantau, spec: str, message: str) -> None:
    folder = pantau.data_dir.parent
    (folder / "kosong.jpg").write_bytes(b"")
    (folder / "ada.jpg").write_bytes(b"bytes")
    spec = spec.format(empty=folder / "kosong.jpg", missing=folder / "hilang.jpg", photo=folder / "ada.jpg")
    data = str(pantau.write_json("r.json", warning_data()))
    result = pantau("new", "deteksi_dini", "--data", data, "--attach", spec)
    assert result.code == 2 and message in result.err, result.err
    assert json.loads(pantau("list", "--json").out) == []
