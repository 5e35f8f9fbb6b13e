"""Cut push bodies are kept briefly and few per device: pruning by count, age and size."""

from __future__ import annotations

import os
from datetime import timedelta
from uuid import uuid4

from sync.server.push_spool import PushSpool
from sync.server.tokens import utcnow


def _age(spool: PushSpool, device, push_id: str, minutes: float) -> None:
    path = spool.root / str(device) / f"{push_id}.part"
    when = (utcnow() - timedelta(minutes=minutes)).timestamp()
    os.utime(path, (when, when))


def test_a_device_keeps_its_newest_few_cut_pushes(tmp_path):
    spool = PushSpool(tmp_path, max_bytes=1000, keep=2)
    device, other = uuid4(), uuid4()
    ids = [f"{i:064x}" for i in range(3)]
    now = utcnow()
    spool.keep(device=other, push_id=ids[0], data=b"o" * 5, now=now)
    for minutes, push_id in zip((20, 10), ids[:2], strict=True):
        spool.keep(device=device, push_id=push_id, data=b"a" * 7, now=now)
        _age(spool, device, push_id, minutes)
    spool.keep(device=device, push_id=ids[2], data=b"b" * 9, now=now)
    offsets = [spool.offset(device=device, push_id=i, now=now) for i in ids]
    assert offsets == [0, 7, 9]  # the oldest of three went
    assert spool.offset(device=other, push_id=ids[0], now=now) == 5  # another PC's are its own
    assert spool.held(device=device, push_id=ids[2]) == b"b" * 9


def test_cut_pushes_expire_after_an_hour_and_big_ones_are_not_kept(tmp_path):
    spool = PushSpool(tmp_path, max_bytes=100, ttl=timedelta(hours=1))
    device = uuid4()
    now = utcnow()
    spool.keep(device=device, push_id="a" * 64, data=b"x" * 50, now=now)
    spool.keep(device=device, push_id="b" * 64, data=b"x" * 101, now=now)  # over the push limit
    spool.keep(device=device, push_id="c" * 64, data=b"x" * 20, now=now)
    _age(spool, device, "a" * 64, 61)
    assert spool.offset(device=device, push_id="a" * 64, now=now) == 0  # too old to resume
    assert spool.offset(device=device, push_id="b" * 64, now=now) == 0
    assert spool.expire(now=now) == 1
    assert sorted(p.name[:1] for p in (tmp_path / str(device)).iterdir()) == ["c"]
    spool.discard(device=device, push_id="c" * 64)
    assert spool.offset(device=device, push_id="c" * 64, now=now) == 0


def test_what_a_device_keeps_stays_within_the_push_limit(tmp_path):
    spool = PushSpool(tmp_path, max_bytes=20)
    device = uuid4()
    now = utcnow()
    for minutes, push_id in zip((3, 2, 1), ("a" * 64, "b" * 64, "c" * 64), strict=True):
        spool.keep(device=device, push_id=push_id, data=b"x" * 9, now=now)
        _age(spool, device, push_id, minutes)
    spool.keep(device=device, push_id="d" * 64, data=b"x" * 9, now=now)
    assert sorted(p.name[:1] for p in (tmp_path / str(device)).iterdir()) == ["c", "d"]
