"""The poor-link proxy: bandwidth is the limit (not latency), cuts happen, HTTP is counted."""

from __future__ import annotations

import contextlib
import threading
import time

import pytest
import requests

from tests.support.netproxy import LinkProfile, NetProxy


def test_throughput_is_bandwidth_bound_not_latency_bound(tiny_server):
    port = tiny_server.server_address[1]
    with NetProxy(port, LinkProfile(bandwidth=32_000, rtt=0.2)) as proxy:
        started = time.monotonic()
        response = requests.get(f"{proxy.url}/bytes/32000", timeout=(5, 10))
        elapsed = time.monotonic() - started
    assert len(response.content) == 32_000
    # 32 kB at 32 kB/s = 1 s, plus handshake and one round trip (0.4 s): the proxy never
    # delivers sooner. A latency-bound pipe (one chunk per RTT) would take > 6 s; the upper
    # bound only separates the two, with room for a loaded machine.
    assert 1.0 <= elapsed < 5, elapsed
    assert proxy.bytes_down > 32_000


def test_latency_is_added_per_round_trip(tiny_server):
    port = tiny_server.server_address[1]
    with NetProxy(port, LinkProfile(rtt=1.0)) as proxy, requests.Session() as session:
        session.get(f"{proxy.url}/health", timeout=20)  # pays the handshake
        started = time.monotonic()
        session.get(f"{proxy.url}/health", timeout=20)
        elapsed = time.monotonic() - started
    # One round trip is never faster than the RTT; a second one (a new handshake) would
    # double it, a margin (a second for two tiny local requests) no load on the machine eats.
    assert 1.0 <= elapsed < 2.0, elapsed


def test_connection_is_cut_after_n_bytes_and_exchanges_say_what_arrived(tiny_server):
    port = tiny_server.server_address[1]
    with NetProxy(port, LinkProfile(cut_after=5_000)) as proxy:
        with pytest.raises(requests.exceptions.RequestException):
            requests.put(f"{proxy.url}/upload", data=b"y" * 20_000, timeout=(5, 5))
        ok = requests.post(f"{proxy.url}/small", data=b"z" * 100, timeout=(5, 5))
        exchanges = proxy.exchanges()
    assert ok.json() == {"size": 100}
    assert proxy.cuts == 1
    cut, small = exchanges
    assert (cut.method, cut.path, cut.request_complete, cut.response_complete) == (
        "PUT",
        "/upload",
        False,
        False,
    )
    assert 0 < cut.body_delivered < 5_000
    assert small.request_complete and small.response_complete and small.response_status == 200


def test_random_cut_points_vary_around_the_limit(tiny_server):
    port = tiny_server.server_address[1]
    with NetProxy(port, LinkProfile(cut_after=4_000, cut_jitter=0.5), seed=7) as proxy:
        for _ in range(6):
            with pytest.raises(requests.exceptions.RequestException):
                requests.get(f"{proxy.url}/bytes/50000", timeout=(5, 5))
        delivered = proxy.bytes_down
    assert proxy.cuts == 6
    assert 6 * 2_000 - 6 * 200 <= delivered + proxy.bytes_up <= 6 * 6_000


def test_body_capture_and_stop_is_bounded(tiny_server):
    port = tiny_server.server_address[1]
    proxy = NetProxy(port, capture=lambda method, path: method == "POST").start()
    requests.post(f"{proxy.url}/push", data=b"hello", timeout=5)
    requests.put(f"{proxy.url}/other", data=b"world", timeout=5)
    thread = proxy._thread
    proxy.stop()
    assert thread is not None and not thread.is_alive()  # ended within stop's timeout
    posted, put = proxy.exchanges()
    assert bytes(posted.body) == b"hello" and put.body is None


def _upload(url: str, size: int) -> None:
    with contextlib.suppress(requests.RequestException):  # cut when the proxy stops: measured by then
        requests.put(url, data=b"x" * size, timeout=30)


def _small_request_latency(port: int, profile: LinkProfile) -> float:
    """Seconds a tiny request takes while another connection uploads 128 kB."""
    with NetProxy(port, profile) as proxy, requests.Session() as session:
        session.get(f"{proxy.url}/health", timeout=5)  # pays the handshake
        bulk = threading.Thread(target=_upload, args=(f"{proxy.url}/bulk", 128_000))
        bulk.start()
        for _ in range(100):  # until the bulk body is queued behind the pipe (as deep as it goes)
            if proxy.pipe_backlog("up") > min(0.5, profile.buffer_seconds / 2):
                break
            time.sleep(0.02)
        started = time.monotonic()
        session.get(f"{proxy.url}/health", timeout=20)
        elapsed = time.monotonic() - started
    bulk.join(30)
    return elapsed


def test_deep_buffer_queues_every_connection_behind_the_bulk(tiny_server):
    port = tiny_server.server_address[1]
    shallow = _small_request_latency(port, LinkProfile(bandwidth=32_000, rtt=0.1))
    deep = _small_request_latency(port, LinkProfile(bandwidth=32_000, rtt=0.1, buffer_seconds=30))
    # 128 kB at 32 kB/s: in the deep queue the small request waits ~4 s behind the bulk
    # another connection wrote (accepted at once) — the proxy never delivers it sooner; a
    # shallow buffer lets it through, with seconds of room for a loaded machine.
    assert deep > 3.0, deep
    assert shallow < deep - 1.5, (shallow, deep)
