"""Sealed files: signed with the sender's Ed25519 key, encrypted to the recipient's X25519 key (PyNaCl).

A sealed file is `MAGIC`, the recipient key's fingerprint (hex) and a newline, then a
`SealedBox` holding the sender's 16-byte id and the signed, compressed payload. Whoever
holds the file learns its size and which key it is for, nothing else.
"""

from __future__ import annotations

import base64
import hashlib
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from uuid import UUID

from nacl.exceptions import BadSignatureError, CryptoError
from nacl.public import PrivateKey, PublicKey, SealedBox
from nacl.signing import SigningKey, VerifyKey

from sync import fileio

KEY_BYTES = 32
FINGERPRINT_CHARS = 32
MAX_PAYLOAD = 4 * 1024**3  # decompressed; a larger one is refused, not allocated


class SealError(Exception):
    """A sealed file that cannot be opened; `message` is English, `message_id` Indonesian."""

    def __init__(self, message: str, message_id: str) -> None:
        super().__init__(message)
        self.message = message
        self.message_id = message_id


@dataclass(frozen=True, slots=True)
class PublicKeys:
    box: PublicKey
    verify: VerifyKey

    @classmethod
    def parse(cls, text: str) -> PublicKeys:
        raw = base64.b64decode(text.encode("ascii"), validate=True)
        if len(raw) != 2 * KEY_BYTES:
            raise ValueError("a public key is 64 bytes")
        return cls(PublicKey(raw[:KEY_BYTES]), VerifyKey(raw[KEY_BYTES:]))

    def encoded(self) -> str:
        return base64.b64encode(bytes(self.box) + bytes(self.verify)).decode("ascii")

    def fingerprint(self) -> str:
        return hashlib.sha256(bytes(self.box) + bytes(self.verify)).hexdigest()[:FINGERPRINT_CHARS]


@dataclass(frozen=True, slots=True)
class KeyPair:
    box: PrivateKey
    sign: SigningKey

    @classmethod
    def generate(cls) -> KeyPair:
        return cls(PrivateKey.generate(), SigningKey.generate())

    @classmethod
    def from_bytes(cls, raw: bytes) -> KeyPair:
        if len(raw) != 2 * KEY_BYTES:
            raise ValueError("a Pantau key pair is 64 bytes")
        return cls(PrivateKey(raw[:KEY_BYTES]), SigningKey(raw[KEY_BYTES:]))

    def to_bytes(self) -> bytes:
        return bytes(self.box) + bytes(self.sign)

    @classmethod
    def load_or_create(cls, path: Path) -> KeyPair:
        """The key pair kept in `path` (readable by its owner only), made on first use."""
        if path.is_file():
            try:
                return cls.from_bytes(path.read_bytes())
            except ValueError:
                raise ValueError(f"{path} is not a Pantau key file") from None
        pair = cls.generate()
        pair.save(path)
        return pair

    def save(self, path: Path) -> None:
        """Keep this pair in `path`, readable by its owner only (a whole file or none)."""
        path.parent.mkdir(parents=True, exist_ok=True)
        fileio.write_bytes(path, self.to_bytes(), private=True)

    @property
    def public(self) -> PublicKeys:
        return PublicKeys(self.box.public_key, self.sign.verify_key)


def seal(
    magic: bytes, payload: bytes, *, sender: KeyPair, sender_id: UUID, recipient: PublicKeys
) -> bytes:
    """`payload` compressed, signed by `sender` and encrypted to `recipient`."""
    header = magic + recipient.fingerprint().encode("ascii") + b"\n"
    signed = sender.sign.sign(header + zlib.compress(payload, 6))
    return header + SealedBox(recipient.box).encrypt(sender_id.bytes + bytes(signed))


def open_sealed(
    magic: bytes,
    data: bytes,
    *,
    recipient: KeyPair,
    sender_key: Callable[[UUID], PublicKeys],
    what: tuple[str, str],
) -> tuple[UUID, bytes]:
    """The sender's id and the payload; `SealError` for anything else. `sender_key` may raise
    `SealError` itself (unknown or revoked sender). `what` names the file (English, Indonesian)."""
    name, nama = what
    if not data.startswith(magic):
        raise SealError(f"this file is not a Pantau {name}", f"Berkas ini bukan {nama} Pantau.")
    end = len(magic) + FINGERPRINT_CHARS
    header = data[: end + 1]
    if data[end : end + 1] != b"\n" or header[len(magic) : end].decode("latin-1") != recipient.public.fingerprint():
        raise SealError(
            f"this {name} is sealed for another key: it was not made for this "
            f"{'server' if name == 'bundle' else 'PC'}",
            f"{nama.capitalize()} ini bukan untuk "
            f"{'server ini' if name == 'bundle' else 'komputer ini'}.",
        )
    damaged = SealError(
        f"this {name} is damaged or was altered (it cannot be decrypted or its signature is wrong); "
        "copy it again from the original",
        f"{nama.capitalize()} ini rusak atau telah diubah. Salin ulang dari aslinya.",
    )
    try:
        inner = SealedBox(recipient.box).decrypt(data[end + 1 :])
    except CryptoError:
        raise damaged from None
    if len(inner) < 16 + 64:
        raise damaged
    sender = UUID(bytes=inner[:16])
    try:
        signed_part = sender_key(sender).verify.verify(inner[16:])
    except BadSignatureError:
        raise SealError(
            f"this {name} is not signed by the key registered for its sender; it is refused",
            f"Tanda tangan {nama} ini tidak cocok dengan pengirimnya; ditolak.",
        ) from None
    if not signed_part.startswith(header):
        raise damaged
    inflater = zlib.decompressobj()
    try:
        payload = inflater.decompress(signed_part[len(header) :], MAX_PAYLOAD)
    except zlib.error:
        raise damaged from None
    if inflater.unconsumed_tail or not inflater.eof:
        raise damaged
    return sender, payload


def read_file(path: Path) -> bytes:
    """The bytes of a bundle, receipt or slip; a missing or unreadable file is a `SealError`."""
    try:
        return path.read_bytes()
    except OSError as exc:
        raise SealError(
            f"cannot read {path}: {exc.strerror or exc}", f"Berkas {path.name} tidak dapat dibaca."
        ) from None
