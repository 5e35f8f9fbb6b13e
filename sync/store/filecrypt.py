"""Attachment files encrypted in 64 KiB chunks (XChaCha20-Poly1305), readable from any offset.

A file is `MAGIC` followed by chunks, each `nonce | ciphertext | tag` of one plaintext chunk;
every chunk but the last holds exactly `CHUNK` bytes. Each chunk's additional data is its
index and whether it is the last, so chunks cannot be reordered, dropped or the file cut
short without the reading failing. A range (the uploader's resume offset) decrypts only
the chunks it touches.
"""

from __future__ import annotations

import struct
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

import nacl.bindings as sodium
import nacl.exceptions
import nacl.utils

MAGIC = b"PANTAUa1"
CHUNK = 64 * 1024
_NONCE = sodium.crypto_aead_xchacha20poly1305_ietf_NPUBBYTES
_TAG = sodium.crypto_aead_xchacha20poly1305_ietf_ABYTES
_SEALED = _NONCE + CHUNK + _TAG


class FileDamaged(Exception):
    """The file does not decrypt with the key (damaged, cut short, or not one of this store's)."""


def _aad(index: int, last: bool) -> bytes:
    return struct.pack(">QB", index, last)


def encrypt(source: BinaryIO, out: BinaryIO, key: bytes) -> Iterator[bytes]:
    """Write `source` encrypted to `out`; yields each plaintext chunk (for the caller's hash)."""
    out.write(MAGIC)
    index = 0
    chunk = source.read(CHUNK)
    while True:
        following = source.read(CHUNK) if len(chunk) == CHUNK else b""
        last = not following
        nonce = nacl.utils.random(_NONCE)
        out.write(nonce + sodium.crypto_aead_xchacha20poly1305_ietf_encrypt(chunk, _aad(index, last), nonce, key))
        yield chunk
        if last:
            return
        chunk, index = following, index + 1


def is_encrypted(path: Path) -> bool:
    with open(path, "rb") as f:
        return f.read(len(MAGIC)) == MAGIC


def plaintext_size(path: Path) -> int:
    """The size of the file's plaintext, from its encrypted size (no decryption)."""
    body = Path(path).stat().st_size - len(MAGIC)
    full, rest = divmod(body, _SEALED)
    return full * CHUNK + max(rest - _NONCE - _TAG, 0)


def _chunk_count(path: Path) -> int:
    body = Path(path).stat().st_size - len(MAGIC)
    full, rest = divmod(body, _SEALED)
    return full + (1 if rest else 0)


def _open_chunk(f: BinaryIO, index: int, count: int, key: bytes) -> bytes:
    f.seek(len(MAGIC) + index * _SEALED)
    sealed = f.read(_SEALED)
    try:
        return sodium.crypto_aead_xchacha20poly1305_ietf_decrypt(
            sealed[_NONCE:], _aad(index, index == count - 1), sealed[:_NONCE], key
        )
    except (nacl.exceptions.CryptoError, ValueError) as exc:
        raise FileDamaged(f"chunk {index} of {f.name} does not decrypt") from exc


def read_range(path: Path, key: bytes, offset: int = 0, size: int | None = None) -> bytes:
    """`size` plaintext bytes from `offset` (all to the end when None); `FileDamaged` if they do not decrypt."""
    count = _chunk_count(path)
    end = plaintext_size(path) if size is None else min(offset + size, plaintext_size(path))
    if offset >= end:
        return b""
    parts = []
    with open(path, "rb") as f:
        if f.read(len(MAGIC)) != MAGIC:
            raise FileDamaged(f"{path} is not an encrypted attachment")
        for index in range(offset // CHUNK, (end - 1) // CHUNK + 1):
            parts.append(_open_chunk(f, index, count, key))
    first = offset - (offset // CHUNK) * CHUNK
    return b"".join(parts)[first : first + end - offset]


def chunks(path: Path, key: bytes) -> Iterator[bytes]:
    """The plaintext, chunk by chunk, each verified (a whole file without holding it in memory)."""
    count = _chunk_count(path)
    with open(path, "rb") as f:
        if f.read(len(MAGIC)) != MAGIC:
            raise FileDamaged(f"{path} is not an encrypted attachment")
        for index in range(count):
            yield _open_chunk(f, index, count, key)
