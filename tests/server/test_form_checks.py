"""The server refuses a report whose fields contradict each other (the form's checks), per item."""

from __future__ import annotations

from tests.server.conftest import Client, count_revisions, item
from tests.support.server import ServerHandle

ACTIVITY = {
    "tanggal": "2023-11-20",
    "tanggal_selesai": "2023-11-19",
    "sasaran": ["pemilih_pemula"],
    "peserta_laki_laki": 45,
    "peserta_perempuan": 50,
    "peserta_disabilitas": 200,
    "platform": "konvensional",
}


def test_contradictions_are_rejected_naming_the_fields_and_old_versions_still_pass(
    server: ServerHandle, device: Client
) -> None:
    contradicting = item(form_id="pendidikan_politik", form_version=2, data=ACTIVITY)
    future = item(data=dict(item()["data"], waktu_kejadian="2999-01-01T10:00:00+09:00"), form_version=2)
    old = item(form_id="pendidikan_politik", form_version=1, data=ACTIVITY)
    results = device.push([contradicting, future, old]).json()["results"]
    assert [r["status"] for r in results] == ["rejected", "rejected", "accepted"]
    assert "tanggal_selesai: End date (19/11/2023) must not be before Date (20/11/2023)." in results[0]["reason"]
    assert "peserta_disabilitas:" in results[0]["reason"]
    assert "waktu_kejadian:" in results[1]["reason"] and "future" in results[1]["reason"]
    assert count_revisions(server, contradicting["id"]) == 0
