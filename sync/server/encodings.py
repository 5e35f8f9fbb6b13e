"""Request body content-encodings: a small map of streaming decoders sharing one output cap.

    decoder = new_decoder("gzip")        # None: the encoding is not supported
    out = decoder.decode(piece, limit)  # at most `limit` bytes, else BodyTooLarge
    decoder.finish()                     # MalformedBody if the stream stopped half way

A decoder sees the body piece by piece as it arrives, so a "bomb" stops at the cap without
ever being held whole. To support another encoding, add a factory to `DECODERS`.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable
from typing import Protocol

from sync import compression


class MalformedBody(Exception):
    """The body is not valid in its declared encoding (the message says why)."""


class BodyTooLarge(Exception):
    """Decoding would produce more than the allowed number of bytes."""


class BodyDecoder(Protocol):
    def decode(self, data: bytes, limit: int) -> bytes:
        """The decoded bytes of the next piece; `BodyTooLarge` past `limit` bytes out."""
        ...

    def finish(self) -> None:
        """Called after the last piece; `MalformedBody` if the encoded stream is incomplete."""
        ...


class Identity:
    def decode(self, data: bytes, limit: int) -> bytes:
        if len(data) > limit:
            raise BodyTooLarge
        return data

    def finish(self) -> None:
        pass


class Gzip:
    def __init__(self) -> None:
        self._inflater = zlib.decompressobj(wbits=31)
        self._seen = False

    def decode(self, data: bytes, limit: int) -> bytes:
        self._seen = self._seen or bool(data)
        try:
            out = self._inflater.decompress(data, limit + 1)
        except zlib.error as exc:
            raise MalformedBody(f"the body is not valid gzip: {exc}") from None
        if len(out) > limit or self._inflater.unconsumed_tail:
            raise BodyTooLarge
        return out

    def finish(self) -> None:
        if self._seen and not self._inflater.eof:
            raise MalformedBody("the gzip body is truncated")


class Zstd:
    """zstd, plain or with one of Pantau's dictionaries (`sync.compression`)."""

    def __init__(self) -> None:
        self._inflater = compression.ZstdInflater()

    def decode(self, data: bytes, limit: int) -> bytes:
        try:
            return self._inflater.decode(data, limit)
        except compression.TooLarge:
            raise BodyTooLarge from None
        except compression.DecodeError as exc:
            raise MalformedBody(str(exc)) from None

    def finish(self) -> None:
        try:
            self._inflater.finish()
        except compression.DecodeError as exc:
            raise MalformedBody(str(exc)) from None


DECODERS: dict[str, Callable[[], BodyDecoder]] = {
    "identity": Identity,
    "gzip": Gzip,
    "zstd": Zstd,
}


def new_decoder(content_encoding: str) -> BodyDecoder | None:
    """A fresh decoder for a `Content-Encoding` value (empty means identity), or None."""
    factory = DECODERS.get(content_encoding.strip().lower() or "identity")
    return factory() if factory else None
