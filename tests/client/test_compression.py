"""Push-body codecs: the shipped dictionary, its negotiation header, a capped zstd decoder."""

from __future__ import annotations

import gzip
import json
import random

import pytest
import requests
import zstandard

from sync import compression
from sync.client.credentials import CredentialStore
from sync.client.enrollment import transport_for
from sync.client.transport import Transport
from sync.store.outbox import next_batch
from tests.support.fixtures import enroll_store
from tests.support.netproxy import NetProxy
from tests.support.reports import make_reports
from tests.support.reports import prose_data as report_data

LATEST = max(compression.dictionaries())


def _body(count: int) -> bytes:
    rng = random.Random(4)
    return json.dumps({"items": [report_data(rng) for _ in range(count)]}).encode()


def _decode(body: bytes, limit: int = 10**7, piece: int = 1000) -> bytes:
    inflater = compression.ZstdInflater()
    out = b"".join(inflater.decode(body[i : i + piece], limit) for i in range(0, len(body), piece))
    inflater.finish()
    return out


def test_a_dictionary_ships_and_beats_gzip_on_a_small_batch():
    assert compression.dictionary_id(1) == LATEST
    raw = _body(5)
    zstd_body, coding = compression.encode(raw, dict_id=LATEST)
    gzip_body, plain = compression.encode(raw, dict_id=None)
    assert (coding, plain) == ("zstd", "gzip") and gzip.decompress(gzip_body) == raw
    assert len(zstd_body) < 0.8 * len(gzip_body)
    assert zstandard.get_frame_parameters(zstd_body).dict_id == LATEST  # named in the frame
    for piece in (1, 7, 1000):  # however the body arrives
        assert _decode(zstd_body, piece=piece) == raw


@pytest.mark.parametrize(
    ("header", "expected"),
    [(None, None), ("", None), ("999", None), (f"{LATEST}", LATEST), (f"7, {LATEST},x", LATEST)],
)
def test_a_client_uses_only_a_dictionary_the_server_named(header, expected):
    assert compression.shared_dictionary(header) == expected


def test_a_zstd_bomb_stops_at_the_limit():
    bomb = zstandard.ZstdCompressor(level=19).compress(b"\0" * 50_000_000)
    assert len(bomb) < 5_000
    inflater = compression.ZstdInflater()
    with pytest.raises(compression.TooLarge):
        inflater.decode(bomb, 1_000_000)


def test_unknown_dictionary_truncated_and_garbage_bodies_are_refused_clearly():
    other = zstandard.train_dictionary(4096, [_body(1)[i::7] for i in range(50)] * 4, dict_id=424242)
    foreign = zstandard.ZstdCompressor(dict_data=other).compress(_body(2))
    with pytest.raises(compression.DecodeError, match="424242 is unknown") as caught:
        _decode(foreign)
    assert caught.value.code == "unknown_dictionary"
    whole, _ = compression.encode(_body(2), dict_id=LATEST)
    with pytest.raises(compression.DecodeError, match="truncated"):
        _decode(whole[:-10])
    with pytest.raises(compression.DecodeError, match="not valid zstd"):
        _decode(b"this is not zstd at all, just text")


# -- negotiation with a real server ----------------------------------------------------------


def _push(server, token: str, body: bytes, coding: str) -> requests.Response:
    return requests.post(
        f"{server.api}/push",
        data=body,
        headers={
            "Authorization": f"Bearer {token}",
            "Content-Type": "application/json",
            "Content-Encoding": coding,
        },
        timeout=30,
    )


def test_negotiation_old_client_unknown_dictionary_and_a_bomb(store, server):
    enroll_store(store, server)
    make_reports(store, 6)
    token = CredentialStore(store.data_dir).load()
    with store.session() as session:
        items = [e.item for e in next_batch(session=session, max_items=10, max_bytes=10**9)]
    raw = json.dumps({"items": items[:2]}).encode()

    # An old client knows nothing of dictionaries: gzip works and the answer offers zstd.
    old = _push(server, token, gzip.compress(raw), "gzip")
    assert old.status_code == 200 and [r["status"] for r in old.json()["results"]] == ["accepted"] * 2
    assert "zstd" in old.headers["Accept-Encoding"]
    assert compression.shared_dictionary(old.headers[compression.DICTIONARIES_HEADER]) == LATEST

    # A dictionary this server does not hold: refused with a clear message, nothing stored.
    other = zstandard.train_dictionary(4096, [raw[i::5] for i in range(40)] * 3, dict_id=77777)
    foreign = _push(server, token, zstandard.ZstdCompressor(dict_data=other).compress(raw), "zstd")
    assert foreign.status_code == 400 and "77777 is unknown" in foreign.json()["detail"]

    # A bomb: a few kB that would inflate to 50 MB stop at the server's limit.
    bomb = zstandard.ZstdCompressor(level=19).compress(b"[" + b" " * 50_000_000 + b"]")
    refused = _push(server, token, bomb, "zstd")
    assert refused.status_code == 413 and "decompressed" in refused.json()["detail"]

    # The client: zstd with the shared dictionary once the server named it.
    with NetProxy(server.port) as proxy:
        transport = Transport(proxy.url, token=token)
        transport.push(items[2:3])  # the first push goes gzip and learns the offer
        assert transport.dictionary == LATEST
        answer, _ = transport.push(items[3:4])
        codings = [e.headers.get("content-encoding") for e in proxy.exchanges()]
    assert codings == ["gzip", "zstd"] and [r.status for r in answer.results] == ["accepted"]


def test_a_client_whose_dictionary_is_refused_goes_back_to_gzip(store, server_process, monkeypatch):
    """The patched dictionaries are this PC's only: the server runs in a process of its own."""
    enroll_store(store, server_process)
    make_reports(store, 1)
    with store.session() as session:
        items = [e.item for e in next_batch(session=session, max_items=10, max_bytes=10**9)]
    unknown = zstandard.train_dictionary(4096, [_body(1)[i::7] for i in range(50)] * 4, dict_id=55555)
    monkeypatch.setattr(compression, "dictionaries", lambda: {55555: unknown})
    transport = transport_for(store)
    transport.dictionary = 55555  # as if a server had named it, and then lost it
    answer, _ = transport.push(items)
    assert [r.status for r in answer.results] == ["accepted"]
    assert (transport.resent, transport.dictionary, transport.use_dictionary) == (1, None, False)
