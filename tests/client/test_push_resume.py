"""A push body cut half-way is resumed: the PC sends only the bytes the server lacks.

Real server on 127.0.0.1, real HTTP through the poor-link proxy, which cuts one chosen
connection after a number of bytes and shows what each request carried.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from sync.client.credentials import CredentialStore
from sync.client.enrollment import transport_for
from sync.client.transport import Transport, _Body
from sync.store import Store
from sync.store.outbox import next_batch
from tests.support.fixtures import enroll_store
from tests.support.netproxy import HttpExchange, NetProxy
from tests.support.push_server import PushServer, answers
from tests.support.reports import make_reports

REPORTS = 40  # a push body of about 12 kB
CUT = 4_000  # bytes (request head and body) after which the first push's connection closes
PUSH = "/api/v1/push"


def pending_items(store: Store) -> list[dict]:
    with store.session() as session:
        return [e.item for e in next_batch(session=session, max_items=10**6, max_bytes=10**12)]


def requests_seen(proxy: NetProxy) -> list[HttpExchange]:
    return [e for e in proxy.exchanges() if e.path.startswith(PUSH)]


def spooled(server) -> list[Path]:
    return sorted((server.data_dir / "push-partial").rglob("*.part"))


def stored_once(analyst, ids) -> bool:
    held = analyst.report_ids()
    return sorted(held) == sorted(map(str, ids)) and all(
        [r["revision"] for r in analyst.detail(rid)["revisions"]] == [1] for rid in ids[:5]
    )


def pushes_finished(server) -> int:
    """Push requests the server is done with (its access log line comes last, also for one
    the link cut: after the body guard kept what arrived of it)."""
    return sum(line["path"] == PUSH for line in server.access_log())


def wait_finished(server, count: int) -> None:
    for _ in range(500):  # 10 s
        if pushes_finished(server) >= count:
            return
        time.sleep(0.02)
    raise AssertionError(f"the server did not finish {count} push(es) in time")


@pytest.fixture
def enrolled(store, server) -> Iterator[tuple[NetProxy, str]]:
    """The store enrolled through a proxy on `server`; (proxy, device token). After a cut, the
    link lets what the PC sends next through only once the server is done with the cut
    push, as any real link's round trip does: the question about a cut body never overtakes
    the server keeping it (it writes the file as it sees the close)."""
    with NetProxy(server.port) as proxy:
        enroll_store(store, server, proxy.url)
        proxy.reset_counters()
        proxy.hold(lambda: proxy.cuts == 0 or pushes_finished(server) >= 1)
        yield proxy, CredentialStore(store.data_dir).load()


def test_a_push_cut_half_way_sends_only_the_rest(store, server, analyst, enrolled):
    proxy, _token = enrolled
    ids = make_reports(store, REPORTS, seed=3)
    proxy.cut_next(CUT)
    with transport_for(store) as transport:
        response, _ = transport.push(pending_items(store))
    first, question, rest = requests_seen(proxy)
    assert {r.status for r in response.results} == {"accepted"} and len(response.results) == REPORTS
    total = first.content_length
    assert total > 2 * CUT  # the cut really was half-way
    held = first.body_delivered
    assert 0 < held < total and not first.request_complete
    name = first.headers["pantau-push-id"]
    assert (question.method, question.path) == ("GET", f"{PUSH}/partial/{name}")
    assert rest.headers["pantau-push-id"] == name
    assert rest.headers["content-range"] == f"bytes {held}-{total - 1}/{total}"
    assert rest.content_length == total - held and rest.response_status == 200
    # The server's own log: the second push carried only the tail.
    (line,) = [x for x in server.access_log() if x["path"] == PUSH and x["status"] == 200]
    assert line["bytes_in"] == total - held and line["range"].startswith(f"bytes {held}-")
    assert stored_once(analyst, ids)
    assert len(spooled(server)) == 1  # kept whole now, in case its answer were lost


def test_a_push_whose_answer_was_lost_is_not_sent_again(store, server, analyst, enrolled):
    proxy, _token = enrolled
    ids = make_reports(store, REPORTS, seed=8)
    proxy.cut_next_answer()
    with transport_for(store) as transport:
        response, _ = transport.push(pending_items(store))
    first, question, again = requests_seen(proxy)
    assert first.request_complete and not first.response_complete
    assert question.method == "GET"
    assert again.headers["content-range"] == f"bytes */{first.content_length}"
    assert again.content_length == 0 and again.response_status == 200
    # Stored by the first request; the server read the body it kept and answers for it.
    assert {r.status for r in response.results} == {"duplicate"} and len(response.results) == REPORTS
    assert stored_once(analyst, ids)


class _SpoilingTransport(Transport):
    """Spoils the server's copy of a cut body before asking how much of it the server holds,
    as a disk error or a bug would: the joined body is then not the one its id names."""

    spool: Path

    def _held(self, body: _Body) -> int:
        for _ in range(100):  # the server writes it as it sees the close: wait up to 5 s
            parts = list(self.spool.rglob("*.part"))
            if parts:
                break
            time.sleep(0.05)
        for part in parts:
            part.write_bytes(b"x" * part.stat().st_size)
        return super()._held(body)


def test_a_wrong_start_is_refused_and_the_body_sent_whole(store, server, analyst, enrolled):
    proxy, token = enrolled
    ids = make_reports(store, REPORTS, seed=4)
    proxy.cut_next(CUT)
    with _SpoilingTransport(proxy.url, token=token) as transport:
        transport.spool = server.data_dir / "push-partial"
        response, _ = transport.push(pending_items(store))
    cut, question, refused, whole = requests_seen(proxy)
    assert question.method == "GET"
    assert refused.headers["content-range"].startswith(f"bytes {cut.body_delivered}-")
    assert refused.response_status == 422
    assert "content-range" not in whole.headers and whole.content_length == cut.content_length
    assert whole.response_status == 200
    assert {r.status for r in response.results} == {"accepted"}
    assert stored_once(analyst, ids)
    (kept,) = spooled(server)  # the spoilt copy was dropped with the refusal, the whole kept
    assert kept.read_bytes()[:10] != b"x" * 10


@pytest.fixture
def device(enrolled) -> requests.Session:
    """HTTP as the enrolled PC, gzip JSON bodies."""
    session = requests.Session()
    session.headers["Authorization"] = f"Bearer {enrolled[1]}"
    session.headers["Content-Type"] = "application/json"
    session.headers["Content-Encoding"] = "gzip"
    return session


def test_the_server_refuses_a_rest_it_cannot_join(store, server, analyst, device):
    url = f"{server.url}{PUSH}"
    make_reports(store, 3, seed=5)
    body = gzip.compress(json.dumps({"items": pending_items(store)}).encode())
    name = hashlib.sha256(body).hexdigest()
    size = len(body)
    # The rest of a body the server holds nothing of.
    answer = device.post(
        url,
        data=body[10:],
        headers={"Pantau-Push-Id": name, "Content-Range": f"bytes 10-{size - 1}/{size}"},
        timeout=30,
    )
    assert answer.status_code == 409 and answer.json()["code"] == "wrong_offset"
    # A whole body that is not the one its id names.
    answer = device.post(url, data=body, headers={"Pantau-Push-Id": "0" * 64}, timeout=30)
    assert answer.status_code == 422 and answer.json()["code"] == "push_id_mismatch"
    assert "SHA-256" in answer.json()["detail"]
    answer = device.post(url, data=body, headers={"Pantau-Push-Id": "not-a-hash"}, timeout=30)
    assert answer.status_code == 422 and answer.json()["code"] == "bad_push_id"
    assert analyst.report_ids() == []
    # Named rightly, it is stored as any push.
    answer = device.post(url, data=body, headers={"Pantau-Push-Id": name}, timeout=30)
    assert answer.status_code == 200 and len(analyst.report_ids()) == 3


def test_an_old_client_without_a_push_id_works_and_leaves_nothing_kept(
    store, server, analyst, enrolled, device
):
    proxy, _token = enrolled
    make_reports(store, REPORTS, seed=6)
    body = gzip.compress(json.dumps({"items": pending_items(store)}).encode())
    proxy.cut_next(CUT)
    with pytest.raises(requests.ConnectionError):
        device.post(f"{proxy.url}{PUSH}", data=body, timeout=30)
    wait_finished(server, 1)
    assert spooled(server) == []  # an unnamed body cannot be resumed: nothing kept for it
    answer = device.post(f"{proxy.url}{PUSH}", data=body, timeout=30)
    assert answer.status_code == 200 and len(analyst.report_ids()) == REPORTS


def test_against_an_old_server_a_cut_push_goes_whole_again(store):
    make_reports(store, REPORTS, seed=7)
    with PushServer(lambda items: (200, answers(items))) as old, NetProxy(old.port) as proxy:
        proxy.cut_next(CUT)
        with Transport(proxy.url, token="t") as transport:
            response, _ = transport.push(pending_items(store))
            assert transport.resume is False  # learnt once: no more questions after later cuts
        cut, question, whole = proxy.exchanges()
    assert not cut.request_complete
    assert question.path.startswith(f"{PUSH}/partial/") and question.response_status == 404
    assert "content-range" not in whole.headers and whole.content_length == cut.content_length
    assert len(response.results) == REPORTS and len(old.pushes) == 1
