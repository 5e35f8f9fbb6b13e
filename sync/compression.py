"""Body codecs of sync protocol v1: gzip, and zstd with Pantau's trained dictionaries.

A push body is JSON of Pantau's own forms: the same keys, choice values, region codes and
Indonesian words in every report. A zstd dictionary trained on that text
(`bench/train_dictionary.py`, shipped in `resources/zstd/`) lets even a small batch
compress as if the earlier reports were in it. The dictionary is named inside each zstd
frame (its id), so a request needs no extra header; the server tells which dictionaries
it holds in the `Pantau-Dictionaries` header of every answer, and a client uses one only
when the server named it. Old clients and old servers keep speaking gzip.
"""

from __future__ import annotations

import functools
import gzip
import re
from pathlib import Path

import zstandard

from sync.paths import resource_path

GZIP = "gzip"
ZSTD = "zstd"
DICTIONARIES_HEADER = "Pantau-Dictionaries"  # server → client: ids of the dictionaries it holds
DICTIONARY_FILE = re.compile(r"^reports-v(\d+)\.zdict$")
DICTIONARY_ID_BASE = 1_000_000  # ids below 32768 are reserved by the zstd format
ZSTD_LEVEL = 12  # fast enough for an old PC (~10 MB/s) and within 1 % of level 19 here
MAX_WINDOW = 8 * 1024 * 1024  # frames asking for a larger window are refused, not allocated
FEED_BYTES = 64  # compressed bytes per decode step: bounds one step's output (~2 MB)
GZIP_LEVEL = 6


class DecodeError(Exception):
    """A body that cannot be decoded; `code` names the problem for the API's error body."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


class TooLarge(DecodeError):
    """The decoded body would exceed its allowance (a compression bomb or just too big)."""

    def __init__(self) -> None:
        super().__init__("too_large", "request body over the limit once decompressed")


def dictionary_id(version: int) -> int:
    return DICTIONARY_ID_BASE + version


@functools.cache
def dictionaries(directory: Path | None = None) -> dict[int, zstandard.ZstdCompressionDict]:
    """The shipped dictionaries by id (`resources/zstd/reports-vN.zdict`)."""
    found = {}
    for path in sorted((directory or resource_path("zstd")).glob("*.zdict")):
        if DICTIONARY_FILE.match(path.name):
            data = zstandard.ZstdCompressionDict(path.read_bytes())
            found[data.dict_id()] = data
    return found


def advertised() -> str:
    """The `Pantau-Dictionaries` value a server sends: the ids it can decode."""
    return ",".join(str(i) for i in sorted(dictionaries()))


def shared_dictionary(header: str | None) -> int | None:
    """The newest dictionary both this program and the server that sent `header` hold."""
    offered = {int(part) for part in (header or "").split(",") if part.strip().isdigit()}
    shared = offered & set(dictionaries())
    return max(shared) if shared else None


def encode(data: bytes, *, dict_id: int | None) -> tuple[bytes, str]:
    """`data` compressed with dictionary `dict_id` (zstd), or gzip when None; returns (body, coding)."""
    if dict_id is None:
        return gzip.compress(data, compresslevel=GZIP_LEVEL), GZIP
    # A compressor is cheap once its dictionary is digested; one per call keeps the
    # engine's push threads from sharing one (zstandard's objects are not thread-safe).
    compressor = zstandard.ZstdCompressor(dict_data=_digested(dict_id), write_content_size=True)
    return compressor.compress(data), ZSTD


@functools.cache
def _digested(dict_id: int) -> zstandard.ZstdCompressionDict:
    """Dictionary `dict_id` digested once for `ZSTD_LEVEL` (not again for every body)."""
    digested = zstandard.ZstdCompressionDict(dictionaries()[dict_id].as_bytes())
    digested.precompute_compress(level=ZSTD_LEVEL)
    return digested


class ZstdInflater:
    """Decodes a zstd body fed in pieces, refusing output beyond a limit.

    Input is decoded a few bytes at a time, so a bomb (megabytes out of a few bytes in)
    stops at the limit instead of filling memory. The frame's dictionary id picks the
    dictionary; an unknown one is refused with code `unknown_dictionary`.
    """

    def __init__(self) -> None:
        self._head = b""
        self._decoder: zstandard.ZstdDecompressionObj | None = None

    def decode(self, data: bytes, limit: int) -> bytes:
        """Decoded bytes of the next piece; `TooLarge` past `limit`, `DecodeError` on garbage."""
        if self._decoder is None:
            self._head += data
            self._decoder = self._start(self._head)
            if self._decoder is None:
                return b""  # the frame header is not complete yet
            data, self._head = self._head, b""
        out = bytearray()
        try:
            for start in range(0, len(data), FEED_BYTES):
                if self._decoder.eof:
                    raise DecodeError("bad_zstd", "data after the end of the zstd frame")
                out += self._decoder.decompress(data[start : start + FEED_BYTES])
                if len(out) > limit:
                    raise TooLarge
        except zstandard.ZstdError as exc:
            raise DecodeError("bad_zstd", f"the body is not valid zstd: {exc}") from None
        return bytes(out)

    def finish(self) -> None:
        """The body ended: refuse a frame cut short."""
        if self._decoder is None or not self._decoder.eof:
            raise DecodeError("bad_zstd", "the zstd body is truncated")

    @staticmethod
    def _start(head: bytes) -> zstandard.ZstdDecompressionObj | None:
        """A decoder for the frame that `head` begins; None while its header is incomplete."""
        try:
            params = zstandard.get_frame_parameters(head)
        except zstandard.ZstdError as exc:
            if len(head) < 18 and zstandard.FRAME_HEADER.startswith(head[:4]):
                return None  # a frame header is at most 18 bytes
            raise DecodeError("bad_zstd", f"the body is not valid zstd: {exc}") from None
        if params.window_size > MAX_WINDOW:
            raise DecodeError("bad_zstd", "the zstd frame asks for too large a window")
        known = dictionaries()
        if params.dict_id and params.dict_id not in known:
            raise DecodeError(
                "unknown_dictionary",
                f"zstd dictionary {params.dict_id} is unknown here; this server holds "
                f"{advertised() or 'none'} (or send gzip)",
            )
        decompressor = zstandard.ZstdDecompressor(
            dict_data=known.get(params.dict_id), max_window_size=MAX_WINDOW
        )
        return decompressor.decompressobj()
