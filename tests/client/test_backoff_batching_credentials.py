"""Backoff with full jitter, the adaptive batch sizer, and where the device token is kept."""

from __future__ import annotations

import random
import stat

from sync.client.backoff import Backoff
from sync.client.batching import BatchSizer
from sync.client.credentials import CredentialStore
from tests.support.memory_keyring import memory_keyring


def test_backoff_is_full_jitter_exponential_and_capped():
    backoff = Backoff(base=1.0, cap=10.0, rng=random.Random(1))
    ceilings = []
    for _ in range(8):
        ceilings.append(backoff.ceiling())
        assert 0.0 <= backoff.next_delay() <= ceilings[-1]
    assert ceilings == [1, 2, 4, 8, 10, 10, 10, 10]
    delays = [Backoff(base=1, cap=8, rng=random.Random(i)).next_delay() for i in range(50)]
    assert len(set(delays)) == 50  # jittered, not synchronised across offices
    backoff.reset()
    assert backoff.ceiling() == 1


def test_sizer_budget_follows_the_link_halves_on_failure_and_grows_back():
    sizer = BatchSizer(target_seconds=4.0)
    # Learn a 8 kB/s link with 0.6 s round trip.
    sizer.link.observe(bytes_total=300, elapsed=0.6)
    sizer.link.observe(bytes_total=16_000, elapsed=0.6 + 2.0)
    assert 7_000 < sizer.link.throughput < 9_000
    for _ in range(5):
        sizer.record_success(wire_bytes=30_000, raw_bytes=90_000)
    assert 28_000 <= sizer.wire_budget() <= 36_000  # ~4 s of link, however often it succeeded
    assert sizer.limits().max_bytes > sizer.wire_budget()  # raw item bytes: before gzip
    before = sizer.limits()
    sizer.record_failure()
    after = sizer.limits()
    assert (
        after.chunk_bytes <= before.chunk_bytes // 2 + 1
        and after.max_items == before.max_items // 2
    )
    for _ in range(10):
        sizer.record_failure()
    assert sizer.limits().chunk_bytes == sizer.min_bytes and sizer.limits().max_items == 1
    for _ in range(10):
        sizer.record_success(wire_bytes=sizer.wire_budget())
    assert sizer.wire_budget() > 20_000


def test_read_timeout_is_generous_but_bounded():
    sizer = BatchSizer()
    assert 15 < sizer.read_timeout(10_000) <= 300
    assert sizer.read_timeout(10**9) == 300


def test_token_goes_to_a_private_file_when_no_keyring_works(tmp_path):
    store = CredentialStore(tmp_path)  # the test machine's keyring is the "fail" backend
    assert store.save("tok-1") == str(tmp_path / "device_token")
    assert stat.S_IMODE((tmp_path / "device_token").stat().st_mode) == 0o600
    assert store.load() == "tok-1"
    store.save("tok-2")
    assert CredentialStore(tmp_path).load() == "tok-2"
    store.clear()
    assert store.load() is None


def test_token_goes_to_the_os_keyring_when_it_works(tmp_path):
    with memory_keyring() as entries:
        store = CredentialStore(tmp_path / "a")
        assert store.save("tok") == "keyring"
        assert not store.token_file.exists()
        assert store.load() == "tok"
        assert CredentialStore(tmp_path / "b").load() is None  # one entry per data folder
        store.clear()
        assert entries == {}


def test_sizer_learns_how_often_the_link_drops_and_sizes_requests_for_it():
    sizer = BatchSizer(target_seconds=5.0)
    sizer.link.observe(bytes_total=300, elapsed=0.6)
    sizer.link.observe(bytes_total=40_000, elapsed=0.6 + 5.0)  # 8 kB/s
    for _ in range(6):
        sizer.record_success(wire_bytes=40_000)
    unlimited = sizer.wire_budget()
    for _ in range(5):  # the link drops after every ~20 kB
        sizer.carried(20_000)
        sizer.record_failure()
    for _ in range(3):
        sizer.record_success(wire_bytes=sizer.wire_budget())
    assert 5_000 < sizer.wire_budget() < 10_000 < unlimited
    sizer.carried(2_000_000)  # the link has stayed up for long: requests may grow again
    for _ in range(10):
        sizer.record_success(wire_bytes=sizer.wire_budget())
    assert sizer.wire_budget() >= 40_000
