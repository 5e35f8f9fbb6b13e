"""Analyst lists, details and reviews; the office pulls feedback and forms with a cursor."""

from __future__ import annotations

import json
import uuid
from pathlib import Path

import pytest

from sync.paths import resource_path
from tests.server.conftest import Client, enrolled, item
from tests.support.server import ServerHandle


def pull_all(device: Client, cursor: str | None = None) -> tuple[list[dict], str]:
    """Every feed item after `cursor` (bounded loop over `more`)."""
    items: list[dict] = []
    for _ in range(20):
        response = device.get("/pull", params={"cursor": cursor} if cursor else None)
        assert response.status_code == 200, response.text
        body = response.json()
        items += body["items"]
        cursor = body["cursor"]
        if not body["more"]:
            return items, cursor
    raise AssertionError("pull never finished")


def test_list_is_urgent_first_then_newest_with_filters(
    server: ServerHandle, analyst: Client
) -> None:
    buru = enrolled(server, "81.01")
    calm_old, urgent_old, calm_new = item("81.01"), item("81.01", urgent=True), item("81.01")
    for batch in ([calm_old], [urgent_old], [calm_new]):
        assert buru.statuses(batch) == ["accepted"]
    listed = analyst.get("/reports", params={"office": "81.01"}).json()
    assert listed["count"] == 3
    assert [r["id"] for r in listed["items"]] == [urgent_old["id"], calm_new["id"], calm_old["id"]]
    assert listed["items"][0]["urgent"] is True
    assert "Siaga" in listed["items"][0]["title"]
    only_urgent = analyst.get("/reports", params={"office": "81.01", "urgent": "true"}).json()
    assert [r["id"] for r in only_urgent["items"]] == [urgent_old["id"]]
    page = analyst.get("/reports", params={"office": "81.01", "limit": 1, "offset": 1}).json()
    assert page["count"] == 3 and [r["id"] for r in page["items"]] == [calm_new["id"]]
    assert (
        analyst.get("/reports", params={"office": "81.01", "form": "dana_cadangan"}).json()["count"]
        == 0
    )
    assert analyst.get("/reports", params={"since": "2999-01-01T00:00:00Z"}).json()["count"] == 0
    assert analyst.get("/reports", params={"office": "bad"}).status_code == 422


def test_detail_has_every_revision_and_server_order(server: ServerHandle, analyst: Client) -> None:
    device = enrolled(server, "81.71")
    first = item()
    second = item(report_id=first["id"], revision=2, urgent=True)
    assert device.statuses([second]) == ["accepted"]
    assert device.statuses([first]) == ["accepted"]  # an older revision arriving late
    detail = analyst.get(f"/reports/{first['id']}").json()
    assert detail["latest_revision"] == 2 and detail["urgent"] is True
    revisions = detail["revisions"]
    assert [r["revision"] for r in revisions] == [1, 2]
    assert revisions[0]["seq"] > revisions[1]["seq"]  # server order is arrival order
    assert revisions[1]["received_at"] <= revisions[0]["received_at"]
    assert analyst.get(f"/reports/{uuid.uuid4()}").status_code == 404


def test_review_reaches_only_its_own_office(server: ServerHandle, analyst: Client) -> None:
    ambon, tual = enrolled(server, "81.71"), enrolled(server, "81.72")
    _, ambon_cursor = pull_all(ambon)
    _, tual_cursor = pull_all(tual)
    report = item("81.71")
    assert ambon.statuses([report]) == ["accepted"]
    review = analyst.post(
        f"/reports/{report['id']}/review",
        json={"decision": "needs_revision", "comment": "Lengkapi kronologi."},
    )
    assert review.status_code == 200, review.text
    assert review.json()["review"] == "needs_revision"
    feedback, ambon_cursor = pull_all(ambon, ambon_cursor)
    assert [(f["kind"], f["report_id"], f["decision"], f["comment"]) for f in feedback] == [
        ("review", report["id"], "needs_revision", "Lengkapi kronologi.")
    ]
    assert pull_all(tual, tual_cursor)[0] == []
    assert pull_all(ambon, ambon_cursor)[0] == []  # the cursor moved past it
    # A new revision reopens the report for review.
    assert ambon.statuses([item("81.71", report_id=report["id"], revision=2)]) == ["accepted"]
    assert analyst.get(f"/reports/{report['id']}").json()["review"] is None


def test_review_rules(server: ServerHandle, analyst: Client, device: Client) -> None:
    assert (
        analyst.post(f"/reports/{uuid.uuid4()}/review", json={"decision": "verified"}).status_code
        == 404
    )
    report = item()
    device.statuses([report])
    assert (
        analyst.post(f"/reports/{report['id']}/review", json={"decision": "maybe"}).status_code
        == 422
    )
    assert (
        device.post(f"/reports/{report['id']}/review", json={"decision": "verified"}).status_code
        == 403
    )
    assert analyst.get("/pull").status_code == 403


@pytest.mark.parametrize("cursor", ["garbage", "f1.!!!", "f1.LTE", "f1." + "OTk5" * 8])
def test_bad_cursor_is_422(device: Client, cursor: str) -> None:
    response = device.get("/pull", params={"cursor": cursor})
    assert response.status_code == 422
    assert response.json()["code"] == "invalid_cursor"


def test_published_form_is_pulled_and_accepted(
    server: ServerHandle, device: Client, tmp_path: Path
) -> None:
    _, cursor = pull_all(device)
    definition = json.loads(
        resource_path("forms", "dana_cadangan.v1.json").read_text(encoding="utf-8")
    )
    definition["version"] = 7
    path = tmp_path / "dana_cadangan.v7.json"
    path.write_text(json.dumps(definition), encoding="utf-8")
    # The installed command once (on SQLite: the backend is the in-process cases' to vary);
    # the refusals below, and the PostgreSQL case, through its main() in this process.
    installed = server.database_url is None
    published = json.loads(server.cli("form", "publish", str(path), "--json", process=installed))
    assert (published["form_id"], published["version"]) == ("dana_cadangan", 7)
    forms, _ = pull_all(device, cursor)
    assert [(f["kind"], f["form_id"], f["version"]) for f in forms] == [
        ("form", "dana_cadangan", 7)
    ]
    assert forms[0]["definition"] == definition
    fund = {
        "tanggal_laporan": "2024-01-15",
        "tahun_anggaran": 2023,
        "jumlah": 1_250_000_000,
        "dasar_hukum": "Perda Kota Ambon No. 5 Tahun 2022",
        "status_realisasi": "dicadangkan",
    }
    assert device.statuses([item(form_id="dana_cadangan", form_version=7, data=fund)]) == [
        "accepted"
    ]
    assert device.statuses([item(form_id="dana_cadangan", form_version=8, data=fund)]) == [
        "rejected"
    ]
    # Publishing the same version again, or a broken file, is refused with a clear message.
    again = server.command("form", "publish", str(path))
    assert again.returncode == 2 and "already published" in again.stderr
    path.write_text("{not json", encoding="utf-8")
    broken = server.command("form", "publish", str(path))
    assert broken.returncode == 2 and "not valid JSON" in broken.stderr
