"""The poor-link proxy: bandwidth is the limit (not latency), cuts happen, HTTP is counted."""

from __future__ import annotations

import contextlib
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests

from tests.support.netproxy import CHUNK, SHALLOW_BUFFER, LinkProfile, NetProxy


def test_throughput_is_bandwidth_bound_not_latency_bound(tiny_server):
    port = tiny_server.server_address[1]
    with NetProxy(port, LinkProfile(bandwidth=64_000, rtt=0.3)) as proxy:
        started = time.monotonic()
        response = requests.get(f"{proxy.url}/bytes/32000", timeout=(5, 20))
        elapsed = time.monotonic() - started
    assert len(response.content) == 32_000
    # 32 kB at 64 kB/s = 0.5 s, plus handshake and one round trip (0.6 s): the proxy never
    # delivers sooner. A latency-bound pipe (one 1 kB chunk per RTT) would take > 9 s; the
    # upper bound only separates the two, with 5 s of room for a loaded machine.
    assert 0.5 <= elapsed < 6, elapsed
    assert proxy.bytes_down > 32_000


def test_latency_is_added_per_round_trip(tiny_server):
    port = tiny_server.server_address[1]
    with NetProxy(port, LinkProfile(rtt=0.6)) as proxy, requests.Session() as session:
        session.get(f"{proxy.url}/health", timeout=20)  # pays the handshake
        started = time.monotonic()
        session.get(f"{proxy.url}/health", timeout=20)
        elapsed = time.monotonic() - started
    # One round trip is never faster than the RTT (a lower bound no load can break), and the
    # request reused the connection: no second handshake was paid.
    assert elapsed >= 0.6, elapsed
    assert proxy.connections == 1


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


def _queued_ahead_of_a_small_request(port: int, profile: LinkProfile) -> tuple[float, float]:
    """While another connection uploads 64 kB: (seconds of data queued on the link ahead of a
    tiny request when it is sent, seconds the request took)."""
    with NetProxy(port, profile) as proxy, requests.Session() as session:
        session.get(f"{proxy.url}/health", timeout=5)  # pays the handshake
        bulk = threading.Thread(target=_upload, args=(f"{proxy.url}/bulk", 64_000))
        bulk.start()
        deadline = time.monotonic() + 5
        # until the bulk body is queued behind the pipe (as deep as it goes: 0.5 s of data in
        # a deep buffer, the most a shallow one holds otherwise)
        target = min(0.5, profile.buffer_seconds / 2)
        while proxy.pipe_backlog("up") <= target and time.monotonic() < deadline:
            time.sleep(0.01)
        ahead = proxy.pipe_backlog("up")
        started = time.monotonic()
        session.get(f"{proxy.url}/health", timeout=20)
        elapsed = time.monotonic() - started
    bulk.join(30)
    return ahead, elapsed


def test_deep_buffer_queues_every_connection_behind_the_bulk(tiny_server):
    port = tiny_server.server_address[1]
    with ThreadPoolExecutor(2) as pool:  # two proxies, each its own link: side by side
        shallow_link = pool.submit(
            _queued_ahead_of_a_small_request, port, LinkProfile(bandwidth=64_000, rtt=0.1)
        )
        deep_link = pool.submit(
            _queued_ahead_of_a_small_request,
            port,
            LinkProfile(bandwidth=64_000, rtt=0.1, buffer_seconds=30),
        )
        (shallow, _), (deep, waited) = shallow_link.result(60), deep_link.result(60)
    # A shallow buffer never queues more than its depth (and one read) ahead of anyone; a
    # deep one takes what the other connection wrote at once (1 s of data here) ...
    assert 0 < shallow <= SHALLOW_BUFFER + CHUNK / 64_000, shallow
    assert deep > 0.5, deep
    # ... and the small request waits behind all of it: the proxy never delivers it sooner.
    assert waited >= deep, (waited, deep)
