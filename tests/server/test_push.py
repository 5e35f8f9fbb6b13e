"""Push: per-item results, dedupe by the database, office scoping, body limits, bad input."""

from __future__ import annotations

import gzip
import http.client
import json
import socket
import time
import uuid

from tests.server.conftest import Client, client, count_revisions, enrolled, item, report_data
from tests.support.server import ServerHandle


def test_health_needs_no_token(server: ServerHandle) -> None:
    response = client(server).get("/health")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"
    assert response.json()["time"].endswith("Z") or "+00:00" in response.json()["time"]


def test_batch_gets_one_result_per_item_and_rejects_never_block(
    server: ServerHandle, device: Client
) -> None:
    good, invalid, foreign, unknown_form = (
        item(),
        item(data={"kronologi": "tanpa isian wajib"}),
        item(office="81.01"),
        item(form_id="tidak_ada"),
    )
    response = device.push([good, invalid, foreign, unknown_form, good])
    assert response.status_code == 200, response.text
    results = response.json()["results"]
    assert [r["status"] for r in results] == [
        "accepted",
        "rejected",
        "rejected",
        "rejected",
        "duplicate",
    ]
    assert [r["id"] for r in results] == [
        i["id"] for i in (good, invalid, foreign, unknown_form, good)
    ]
    assert "waktu_kejadian" in results[1]["reason"]
    assert "81.01" in results[2]["reason"]
    assert "tidak_ada" in results[3]["reason"]
    assert count_revisions(server, foreign["id"]) == 0
    assert count_revisions(server, invalid["id"]) == 0


def test_same_batch_twice_is_stored_once(server: ServerHandle, device: Client) -> None:
    batch = [item(), item(urgent=True), item()]
    assert device.statuses(batch) == ["accepted"] * 3
    assert device.statuses(batch) == ["duplicate"] * 3
    assert all(count_revisions(server, i["id"]) == 1 for i in batch)


def test_new_revision_is_accepted_and_stored_beside_the_first(
    server: ServerHandle, device: Client
) -> None:
    first = item()
    second = item(report_id=first["id"], revision=2, data=dict(first["data"], tingkat="awas"))
    withdrawn = item(
        report_id=first["id"],
        revision=3,
        status="withdrawn",
        data={},
        withdraw_reason="salah input",
    )
    assert device.statuses([first]) == ["accepted"]
    assert device.statuses([second, withdrawn]) == ["accepted", "accepted"]
    assert count_revisions(server, first["id"]) == 3


def test_report_of_another_office_is_never_stored(server: ServerHandle, device: Client) -> None:
    ambon_report = item("81.71")
    assert device.statuses([ambon_report]) == ["accepted"]
    tual = enrolled(server, "81.72")
    hijack = item("81.72", report_id=ambon_report["id"], revision=2)
    response = tual.push([hijack, item("81.72")])
    results = response.json()["results"]
    assert [r["status"] for r in results] == ["rejected", "accepted"]
    assert "another office" in results[0]["reason"]
    assert count_revisions(server, ambon_report["id"]) == 1


def test_gzip_body_is_accepted(device: Client) -> None:
    response = device.push([item(), item()], gzipped=True)
    assert response.status_code == 200, response.text
    assert [r["status"] for r in response.json()["results"]] == ["accepted", "accepted"]


def test_body_over_the_limit_is_413(server: ServerHandle, device: Client) -> None:
    """Refused by its declared length before a byte of it is read, so none is sent here: a
    server that closes a connection with bytes unread resets it, and the reset can overtake
    the answer on its way to the client."""
    big = json.dumps({"items": [item(data=dict(item()["data"], kronologi="x" * (1024 * 1024)))]})
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=15)
    connection.putrequest("POST", "/api/v1/push")
    connection.putheader("Authorization", device.http.headers["Authorization"])
    connection.putheader("Content-Type", "application/json")
    connection.putheader("Content-Length", str(len(big.encode())))
    connection.endheaders()
    response = connection.getresponse()
    assert response.status == 413
    assert json.loads(response.read())["code"] == "too_large"
    connection.close()


def test_gzip_bomb_is_413_without_inflating_it(device: Client) -> None:
    bomb = gzip.compress(b"{" + b" " * (16 * 1024 * 1024) + b"}", compresslevel=9)
    assert len(bomb) < 1024 * 1024
    response = device.post(
        "/push", data=bomb, headers={"Content-Encoding": "gzip", "Content-Type": "application/json"}
    )
    assert response.status_code == 413
    assert "decompressed" in response.json()["detail"]


def test_broken_gzip_is_a_clear_400(device: Client) -> None:
    response = device.post(
        "/push",
        data=b"not gzip at all",
        headers={"Content-Encoding": "gzip", "Content-Type": "application/json"},
    )
    assert response.status_code == 400
    assert "gzip" in response.json()["detail"]


def test_malformed_json_and_schema_are_422_with_a_message(device: Client) -> None:
    broken = device.post("/push", data=b'{"items": [', headers={"Content-Type": "application/json"})
    assert broken.status_code == 422
    assert "malformed JSON" in broken.json()["detail"]
    wrong = device.post("/push", json={"items": [{"id": "not-a-uuid", "revision": 0}]})
    assert wrong.status_code == 422
    assert "items[0].revision" in wrong.json()["detail"]
    extra = device.post("/push", json={"items": [], "unexpected": 1})
    assert extra.status_code == 422
    assert "unexpected" in extra.json()["detail"]


def test_text_that_a_database_cannot_store_is_422(device: Client) -> None:
    nul = item(data=dict(item()["data"], kronologi="a\u0000b"))
    assert device.push([nul]).status_code == 422
    nan = json.dumps({"items": [item()]}).replace('"revision": 1', '"revision": NaN')
    response = device.post("/push", data=nan, headers={"Content-Type": "application/json"})
    assert response.status_code == 422


def test_out_of_range_values_are_rejected_per_item(device: Client) -> None:
    huge = item(revision=2**40)
    naive = item(created_at="2024-02-14T01:00:00")
    ok = item()
    results = device.push([huge, naive, ok]).json()["results"]
    assert [r["status"] for r in results] == ["rejected", "rejected", "accepted"]
    assert "offset" in results[1]["reason"]


def test_tokens_no_unknown_revoked_analyst(server: ServerHandle, analyst: Client) -> None:
    device = enrolled(server, "81.71", "PC to revoke")
    assert client(server).push([item()]).status_code == 401
    assert client(server, "not-a-token").push([item()]).status_code == 401
    assert analyst.push([item()]).status_code == 403
    assert device.get("/reports").status_code == 403
    server.cli("device", "revoke", str(device.device_id))
    response = device.push([item()])
    assert response.status_code == 401
    assert response.json()["code"] == "revoked"


def test_validation_messages_follow_accept_language(device: Client) -> None:
    invalid = item(data={"kronologi": "x"})
    english = device.push([invalid]).json()["results"][0]["reason"]
    response = device.post(
        "/push",
        json={"items": [dict(invalid, id=str(uuid.uuid4()))]},
        headers={"Accept-Language": "id-ID,id;q=0.9"},
    )
    indonesian = response.json()["results"][0]["reason"]
    assert english != indonesian
    assert "waktu_kejadian" in english and "waktu_kejadian" in indonesian


def test_json_too_deep_for_storage_is_422(device: Client) -> None:
    nested: dict = {}
    for _ in range(100):
        nested = {"a": nested}
    deep = item(data=dict(item()["data"], extra=nested))
    assert device.push([deep]).status_code == 422
    very_deep = b'{"items": [' + b"[" * 100_000 + b'"\\u0000"' + b"]" * 100_000 + b"]}"
    response = device.post("/push", data=very_deep, headers={"Content-Type": "application/json"})
    assert response.status_code == 422
    assert "nested" in response.json()["detail"]


def test_body_that_is_not_json_gets_a_hint(device: Client) -> None:
    body = json.dumps({"items": [item()]})
    response = device.post("/push", data=body, headers={"Content-Type": "text/plain"})
    assert response.status_code == 422
    assert "Content-Type: application/json" in response.json()["detail"]


def test_body_cut_mid_way_is_logged_as_499_and_stores_nothing(server: ServerHandle) -> None:
    device = enrolled(server, "81.71", "PC on a bad link")
    head = (
        "POST /api/v1/push HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        f"Authorization: {device.http.headers['Authorization']}\r\n"
        "Content-Type: application/json\r\nContent-Length: 100000\r\n\r\n"
    )
    with socket.create_connection(("127.0.0.1", server.port), timeout=5) as connection:
        connection.sendall(head.encode() + json.dumps({"items": [item()]}).encode()[:-20])
    deadline = time.monotonic() + 5
    while not [line for line in server.access_log() if line["status"] == 499]:
        assert time.monotonic() < deadline, "the cut request was never logged"
        time.sleep(0.05)
    assert not [line for line in server.log_lines() if line["level"] == "error"]
    assert device.statuses([item()]) == ["accepted"]


def test_answers_to_large_batches_come_back_gzip_compressed(
    server: ServerHandle, device: Client
) -> None:
    """The answer crosses the same slow link: per-item results are compressed on the way back."""
    response = device.push([item() for _ in range(20)])
    assert response.status_code == 200, response.text
    assert response.headers.get("Content-Encoding") == "gzip"
    assert int(response.headers["Content-Length"]) < len(response.content) / 2
    assert [r["status"] for r in response.json()["results"]] == ["accepted"] * 20


def test_withdrawn_items_are_validated_except_for_required_fields(
    server: ServerHandle, device: Client
) -> None:
    first = item()
    assert device.statuses([first]) == ["accepted"]

    def withdrawal(data: dict, revision: int = 2) -> dict:
        return item(
            report_id=first["id"], revision=revision, status="withdrawn", data=data,
            withdraw_reason="salah input",
        )

    unknown = withdrawal({"tidak_ada": 1})
    wrong_type = withdrawal({"kronologi": 12345})
    foreign_place = withdrawal({"kecamatan": "81.01.01"})  # a kecamatan of another regency
    huge = withdrawal({"kronologi": ["x"] * 10_000})
    results = [device.push([bad]).json()["results"][0] for bad in (unknown, wrong_type, foreign_place, huge)]
    assert [r["status"] for r in results] == ["rejected"] * 4
    assert "tidak_ada" in results[0]["reason"] and "kronologi" in results[1]["reason"]
    assert "kecamatan" in results[2]["reason"]
    assert count_revisions(server, first["id"]) == 1
    assert device.statuses([withdrawal({})]) == ["accepted"]  # empty is fine: only "required" is skipped


def test_implausible_revisions_and_times_are_rejected(device: Client) -> None:
    first = item()
    assert device.statuses([first]) == ["accepted"]
    jump = item(report_id=first["id"], revision=2**31 - 1)
    new_jump = item(revision=500)
    other_form = item(
        report_id=first["id"],
        revision=2,
        form_id="dana_cadangan",
        status="withdrawn",
        data={},
    )
    year_9999 = item(data=report_data(waktu_kejadian="9999-02-14T10:30:00+09:00"))
    created_9999 = item(created_at="9999-01-01T00:00:00+00:00", updated_at="9999-01-01T00:00:00+00:00")
    backwards = item(created_at="2024-02-14T01:00:00+00:00", updated_at="2024-02-13T01:00:00+00:00")
    results = [
        device.push([bad]).json()["results"][0]
        for bad in (jump, new_jump, other_form, year_9999, created_9999, backwards)
    ]
    assert [r["status"] for r in results] == ["rejected"] * 6, results
    assert "does not follow" in results[0]["reason"] and "does not follow" in results[1]["reason"]
    assert "cannot switch to another form" in results[2]["reason"]
    assert "waktu_kejadian" in results[3]["reason"] and "created_at" in results[4]["reason"]
    assert "before created_at" in results[5]["reason"]
    # A batch may carry a report's revisions in any order; a small gap is allowed.
    fresh = item()
    later = [item(report_id=fresh["id"], revision=r) for r in (3, 1, 2)]
    assert device.statuses([*later, item(report_id=fresh["id"], revision=5)]) == ["accepted"] * 4
