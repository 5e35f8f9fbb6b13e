"""The old HTML view's address and the admin CLI's machine-readable output."""

from __future__ import annotations

import json
from datetime import timedelta

import requests

from sync.server.tokens import utcnow
from tests.server.conftest import TIMEOUT, Client, enrolled, enrolment_code, item
from tests.support.server import ServerHandle


def test_old_view_page_leads_to_the_console(server: ServerHandle, device: Client) -> None:
    token = device.http.headers["Authorization"].removeprefix("Bearer ")
    page = requests.get(f"{server.url}/view", params={"token": token}, timeout=TIMEOUT)
    assert page.url == f"{server.url}/" and page.status_code == 401  # the sign-in page
    assert 'name="username"' in page.text and "Laporan Deteksi Dini" not in page.text


def test_office_and_device_lists_as_json(server: ServerHandle) -> None:
    device = enrolled(server, "81.05", "PC kepala kantor")
    device.statuses([item("81.05")])
    offices = {o["code"]: o for o in json.loads(server.cli("office", "list", "--json"))}
    assert len(offices) == 11
    assert offices["81.05"]["devices"] >= 1 and offices["81.05"]["last_contact"]
    assert offices["81.05"]["reports"] == 1 and offices["81.05"]["backlog"] == 1
    devices = json.loads(server.cli("device", "list", "--office", "81.05", "--json"))
    assert any(d["id"] == device.device_id and d["label"] == "PC kepala kantor" for d in devices)
    revoked = json.loads(server.cli("device", "revoke", device.device_id, "--json"))
    assert revoked["revoked_at"]


def test_enrolment_codes_expire_and_are_single_use(server: ServerHandle) -> None:
    stale = enrolment_code(server, "81.71", now=utcnow() - timedelta(days=8))
    response = requests.post(
        f"{server.api}/enroll", json={"code": stale, "label": "PC"}, timeout=TIMEOUT
    )
    assert response.status_code == 401 and "expired" in response.json()["detail"]
    code = enrolment_code(server, "81.71")
    spaced = code.lower().replace("-", " ")  # people retype codes
    assert (
        requests.post(
            f"{server.api}/enroll", json={"code": spaced, "label": "PC"}, timeout=TIMEOUT
        ).status_code
        == 200
    )
    again = requests.post(
        f"{server.api}/enroll", json={"code": code, "label": "PC"}, timeout=TIMEOUT
    )
    assert again.status_code == 401 and "already used" in again.json()["detail"]
    unknown = requests.post(
        f"{server.api}/enroll", json={"code": "AAAA-BBBB", "label": "PC"}, timeout=TIMEOUT
    )
    assert unknown.status_code == 401


def test_enrolment_for_an_unknown_office_is_refused(server: ServerHandle) -> None:
    try:
        server.cli("device", "enroll", "81.99", "--label", "PC")
    except RuntimeError as exc:
        assert "unknown office" in str(exc)
    else:
        raise AssertionError("enrolment for 81.99 was accepted")


def test_access_log_is_structured(server: ServerHandle, device: Client) -> None:
    device.get("/pull")
    lines = [line for line in server.access_log() if line["path"] == "/api/v1/pull"]
    assert lines and lines[-1]["status"] == 200 and lines[-1]["caller"].startswith("device:")
    assert {"ts", "method", "ms", "bytes_in", "bytes_out"} <= set(lines[-1])
