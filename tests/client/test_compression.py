"""Push-body codecs: the shipped dictionary, its negotiation header, a capped zstd decoder."""

from __future__ import annotations

import gzip
import json
import random

import pytest
import zstandard

from sync import compression
from tests.client.factories import report_data

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
