"""The inside of a bundle or receipt: a JSON header, then the attachment files it lists."""

from __future__ import annotations

import hashlib
import json
import struct
from typing import Any

from sync.bundle.seal import SealError

# Both sides' file kinds; the office's program carries no server code, so they live here.
BUNDLE_MAGIC = b"PANTAU-BUNDLE-1\n"
RECEIPT_MAGIC = b"PANTAU-RECEIPT-1\n"
BUNDLE_WORDS = ("bundle", "bundel")
RECEIPT_WORDS = ("receipt", "tanda terima")

_LENGTH = struct.Struct(">Q")


def _malformed(name: str, nama: str) -> SealError:
    return SealError(f"the {name} is signed but its content is malformed", f"Isi {nama} ini tidak sah.")


def pack(meta: dict[str, Any], files: dict[str, bytes]) -> bytes:
    """`meta` with `files` (SHA-256 -> bytes) listed in it as `files: [[sha, size], …]`."""
    order = sorted(files)
    header = json.dumps(
        {**meta, "files": [[sha, len(files[sha])] for sha in order]},
        separators=(",", ":"),
        ensure_ascii=False,
    ).encode("utf-8")
    return b"".join([_LENGTH.pack(len(header)), header, *(files[sha] for sha in order)])


def unpack(data: bytes, *, what: tuple[str, str]) -> tuple[dict[str, Any], dict[str, bytes]]:
    """The meta and files of `pack`; every file is checked against its SHA-256."""
    try:
        (length,) = _LENGTH.unpack_from(data)
        meta = json.loads(data[_LENGTH.size : _LENGTH.size + length].decode("utf-8"))
        listed = meta.pop("files")
        offset = _LENGTH.size + length
        files: dict[str, bytes] = {}
        for sha, size in listed:
            blob = data[offset : offset + size]
            if len(blob) != size or hashlib.sha256(blob).hexdigest() != sha:
                raise ValueError("file does not match its hash")
            files[sha] = blob
            offset += size
        if offset != len(data) or not isinstance(meta, dict):
            raise ValueError("trailing bytes")
    except (ValueError, TypeError, KeyError, AttributeError, struct.error):
        raise _malformed(*what) from None
    return meta, files
