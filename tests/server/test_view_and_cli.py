"""The old HTML view's address, the admin CLI's machine-readable output, `migrate`."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
import requests
import sqlalchemy as sa
from alembic.script import ScriptDirectory

from sync.server.cli import shown
from sync.server.db import alembic_config, make_engine
from sync.server.enrol_throttle import FailureThrottle
from sync.server.tokens import utcnow
from tests.server.conftest import TIMEOUT, Client, enrolled, enrolment_code, item
from tests.support.server import ServerHandle, stopped_server


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
    assert response.status_code == 401
    expired = response.json()
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
    assert again.status_code == 401
    unknown = requests.post(
        f"{server.api}/enroll", json={"code": "AAAA-BBBB", "label": "PC"}, timeout=TIMEOUT
    )
    assert unknown.status_code == 401
    # One answer for all three: a guesser cannot tell a used or expired code from a wrong one.
    assert expired == again.json() == unknown.json()
    assert expired["code"] == "invalid_code" and "expired" in expired["detail"]


def test_enrolment_guesses_are_throttled_per_address(server: ServerHandle) -> None:
    guesser = {"X-Forwarded-For": "10.8.0.9"}  # uvicorn trusts it from 127.0.0.1, like nginx's
    answers = [
        requests.post(
            f"{server.api}/enroll",
            json={"code": f"GUESS-{n:04d}", "label": "PC"},
            headers=guesser,
            timeout=TIMEOUT,
        )
        for n in range(12)
    ]
    assert [a.status_code for a in answers] == [401] * 10 + [429] * 2
    assert int(answers[-1].headers["Retry-After"]) > 0
    code = enrolment_code(server, "81.71")
    blocked = requests.post(
        f"{server.api}/enroll", json={"code": code, "label": "PC"}, headers=guesser, timeout=TIMEOUT
    )
    assert blocked.status_code == 429  # even a right code waits: the guesser cannot test one
    elsewhere = requests.post(
        f"{server.api}/enroll",
        json={"code": code, "label": "PC"},
        headers={"X-Forwarded-For": "10.8.0.10"},
        timeout=TIMEOUT,
    )
    assert elsewhere.status_code == 200


def test_throttle_forgets_old_failures() -> None:
    now = [0.0]
    throttle = FailureThrottle(limit=2, window=60, max_addresses=2, clock=lambda: now[0])
    throttle.failed("a")
    throttle.failed("a")
    assert throttle.retry_after("a") == 61 and throttle.retry_after("b") == 0
    now[0] = 61
    assert throttle.retry_after("a") == 0
    for address in ("b", "c", "d"):
        throttle.failed(address)
    assert len(throttle._failures) <= 2


def test_device_labels_are_printable_and_shown_escaped(server: ServerHandle) -> None:
    forged = "PC\n81.71  active  never  PC palsu\x1b[31m"
    code = enrolment_code(server, "81.72")
    refused = requests.post(
        f"{server.api}/enroll", json={"code": code, "label": forged}, timeout=TIMEOUT
    )
    assert refused.status_code == 422 and "printable" in refused.text
    with pytest.raises(RuntimeError, match="printable"):
        server.cli("device", "enroll", "81.72", "--label", "PC\x1b[2J")
    assert shown("PC\n\x1b[31m") == "PC\\n\\x1b[31m"


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


def test_migrate_builds_a_new_database_and_is_a_no_op_after(tmp_path) -> None:
    """`pantau-server migrate` as an administrator runs it (the installed command), twice."""
    data = stopped_server(tmp_path)
    for process in (True, False):  # the second run through the same main(), in this process
        run = data.command("migrate", process=process)
        assert (run.returncode, run.stdout.strip()) == (0, "database schema is up to date"), run.stderr
    engine = make_engine(f"sqlite:///{tmp_path / 'pantau-server.db'}")
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    with engine.connect() as conn:
        assert conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalar() == head
    engine.dispose()
