"""Enrolment slips: the file a PC enrols from with no network, signed by the province.

A slip is `PANTAU-SLIP-1\\n`, the fingerprint of the province's public keys and a newline,
then an Ed25519-signed message (by the province's key): that header followed by a JSON
object with the server's address and public keys, the office, the device id, its token and
the key pair the province made for this PC. It is not encrypted (the PC holds no key yet):
whoever holds a slip can act as that PC, like whoever holds its token, so it is handed over
in person and the device revoked when a slip is lost (docs/bundles.md).
"""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from uuid import UUID

from nacl.exceptions import BadSignatureError

from sync.bundle.seal import FINGERPRINT_CHARS, KeyPair, PublicKeys, SealError, read_file

SLIP_MAGIC = b"PANTAU-SLIP-1\n"
SIGNATURE_BYTES = 64


@dataclass(frozen=True, slots=True)
class Slip:
    server_url: str
    server_key: PublicKeys
    office: str
    device_id: UUID
    token: str
    device_keys: KeyPair
    label: str


def _header(server_key: PublicKeys) -> bytes:
    return SLIP_MAGIC + server_key.fingerprint().encode("ascii") + b"\n"


def sign_slip(slip: Slip, *, server: KeyPair) -> bytes:
    """The slip's bytes, signed by the province's key pair (whose public half is `slip.server_key`)."""
    header = _header(slip.server_key)
    content = {
        "kind": "slip",
        "server_url": slip.server_url,
        "server_key": slip.server_key.encoded(),
        "office": slip.office,
        "device_id": str(slip.device_id),
        "token": slip.token,
        "device_keys": base64.b64encode(slip.device_keys.to_bytes()).decode("ascii"),
        "label": slip.label,
    }
    message = json.dumps(content, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    return header + bytes(server.sign.sign(header + message))


def _damaged() -> SealError:
    return SealError(
        "this enrolment slip is damaged or was altered (its signature is wrong); ask the province for a new one",
        "Berkas pendaftaran ini rusak atau telah diubah. Minta berkas baru ke provinsi.",
    )


def open_slip(data: bytes) -> Slip:
    """The slip in `data`, its signature checked against the key it names; `SealError` otherwise."""
    if not data.startswith(SLIP_MAGIC):
        raise SealError("this file is not a Pantau enrolment slip", "Berkas ini bukan berkas pendaftaran Pantau.")
    end = len(SLIP_MAGIC) + FINGERPRINT_CHARS + 1
    header, signed = data[:end], data[end:]
    message = signed[SIGNATURE_BYTES:]
    if not message.startswith(header):
        raise _damaged()
    try:
        content: dict[str, Any] = json.loads(message[len(header) :].decode("utf-8"))
        server_key = PublicKeys.parse(content["server_key"])
        slip = Slip(
            server_url=str(content["server_url"]),
            server_key=server_key,
            office=str(content["office"]),
            device_id=UUID(content["device_id"]),
            token=str(content["token"]),
            device_keys=KeyPair.from_bytes(base64.b64decode(content["device_keys"], validate=True)),
            label=str(content.get("label", "")),
        )
    except (ValueError, KeyError, TypeError, UnicodeDecodeError):
        raise _damaged() from None
    if _header(server_key) != header:
        raise _damaged()
    try:
        server_key.verify.verify(signed)
    except BadSignatureError:
        raise _damaged() from None
    return slip


def read_slip_file(path: Path) -> Slip:
    return open_slip(read_file(path))
