"""The transport: timeouts on every call, gzip bodies, errors mapped to domain errors."""

from __future__ import annotations

import gzip
import json
import socket
import time

import pytest

from sync.client.errors import (
    SyncAuthError,
    SyncNoAnswer,
    SyncProtocolError,
    SyncRejected,
    SyncUnavailable,
)
from sync.client.transport import Transport
from tests.support.netproxy import LinkProfile, NetProxy


def _url(server) -> str:
    return f"http://127.0.0.1:{server.server_address[1]}"


def test_push_body_is_gzip_and_token_sent_on_one_connection(tiny_server):
    with (
        NetProxy(tiny_server.server_address[1]) as proxy,
        Transport(proxy.url, token="secret") as transport,
    ):
        with pytest.raises(SyncProtocolError, match="PushResponse"):  # the tiny server's echo
            transport.push([{"a": "b" * 1000}])
        transport.health()
        assert proxy.connections == 1  # keep-alive: one connection for both calls
    method, path, headers, body = tiny_server.seen[0]
    assert (method, path) == ("POST", "/api/v1/push")
    assert headers["Content-Encoding"] == "gzip" and headers["Authorization"] == "Bearer secret"
    assert json.loads(gzip.decompress(body)) == {"items": [{"a": "b" * 1000}]}
    assert len(body) < 200
    assert transport.requests == 2 and transport.bytes_up > len(body)


@pytest.mark.parametrize(
    ("status", "error"),
    [
        (401, SyncAuthError),
        (500, SyncUnavailable),
        (503, SyncUnavailable),
        (413, SyncRejected),
        (422, SyncRejected),
    ],
)
def test_http_errors_become_domain_errors(tiny_server, status, error):
    transport = Transport(_url(tiny_server))
    with pytest.raises(error) as caught:
        transport._call("GET", f"/status/{status}")
    if isinstance(caught.value, SyncRejected):
        assert caught.value.status == status and caught.value.code == "test"
    assert "told to fail" in str(caught.value) or status == 401


def test_conflicting_chunk_offset_returns_none(tiny_server):
    transport = Transport(_url(tiny_server))
    transport.base_url = f"{_url(tiny_server)}/status/409"  # every path answers 409
    assert transport.upload_chunk("ab" * 32, start=0, data=b"x", total=1) is None


def test_unreachable_server_fails_fast_with_sync_unavailable():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    transport = Transport(f"http://127.0.0.1:{port}")
    with pytest.raises(SyncUnavailable, match="unreachable"):
        transport.health()


def test_silent_server_times_out_with_the_probe_timeout(tiny_server):
    # A link this slow delivers nothing within the probe's short timeout; giving up well
    # before the 30 s answer shows the probe's timeout was the one used.
    with NetProxy(tiny_server.server_address[1], LinkProfile(rtt=60.0)) as proxy:
        started = time.monotonic()
        with pytest.raises(SyncNoAnswer):  # "Server tidak menjawab", not "Tidak terhubung"
            Transport(proxy.url).health(timeout=0.5)
        assert time.monotonic() - started < 20


def test_bad_url_is_refused_clearly():
    with pytest.raises(ValueError, match="http:// or https://"):
        Transport("ftp://example")
