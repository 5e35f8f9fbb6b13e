"""The store key: 32 random bytes made at first start, kept in the OS credential store or wrapped by a passphrase.

`pantau.key` beside the database holds only what finds or unwraps the key, never the key in
clear: its id, whether the OS credential store keeps it (Windows Credential Manager through
keyring, the Secret Service on Linux), the passphrase wrap (argon2id salt and cost, the key
sealed with the derived key), and older keys sealed with the current one so that backups
made before a `pantau key rotate` still open. The recovery key shown once at set-up is the
store key itself in base32 groups: it opens the store even when the credential store was
wiped and the key file lost.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import logging
import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import keyring
import nacl.exceptions
import nacl.pwhash
import nacl.secret
import nacl.utils

from sync import fileio
from sync.client.credentials import SERVICE, CredentialStore
from sync.store.errors import (
    KeyMissing,
    KeyThrottled,
    PassphraseNeeded,
    WrongPassphrase,
    WrongRecoveryKey,
)

logger = logging.getLogger(__name__)

KEY_FILE = "pantau.key"
ATTEMPTS_FILE = "pantau.key.attempts"
KEY_BYTES = nacl.secret.SecretBox.KEY_SIZE
PASSPHRASE_ENV = "PANTAU_PASSPHRASE"
# "minimum" makes passphrase wraps cheap to derive: for the test suite, which opens hundreds of
# stores. It only weakens wraps made while it is set, by whoever can already set this account's
# environment (docs/security.md).
KDF_COST_ENV = "PANTAU_KDF_COST"
# The desktop's sync child process gets the key the window unlocked (a passphrase typed once):
# the environment of a process is readable only by its own user, who could read its memory too.
CHILD_KEY_ENV = "PANTAU_STORE_KEY"
MAX_DELAY_S = 300
_FORMAT = 1
_GROUP = 4

# Keys unlocked in this process, by data folder: reopening the store (after a restore, a
# rotation, in a test) costs no second passphrase prompt or key derivation.
_unlocked: dict[str, bytes] = {}
clock: Callable[[], float] = time.time


@dataclass(frozen=True)
class Unlocked:
    """The store key, and the recovery key to show once when this call made it (else None)."""

    key: bytes
    recovery: str | None = None


def key_id(key: bytes) -> str:
    """A short public name of a key: tells which key a file was made with, reveals nothing of it."""
    return hashlib.blake2b(key, digest_size=8, person=b"pantau-storekey").hexdigest()


def recovery_code(key: bytes) -> str:
    """The key as a recovery key to print: base32 in groups of four ("ABCD-EFGH-…")."""
    text = base64.b32encode(key).decode("ascii").rstrip("=")
    return "-".join(text[i : i + _GROUP] for i in range(0, len(text), _GROUP))


def parse_recovery(text: str) -> bytes:
    """The key in a recovery key as typed (any case, spaces or dashes); `WrongRecoveryKey` if malformed."""
    compact = "".join(ch for ch in text.upper() if ch.isalnum())
    try:
        key = base64.b32decode(compact + "=" * (-len(compact) % 8))
    except (binascii.Error, ValueError) as exc:
        raise WrongRecoveryKey("that is not a recovery key (letters A-Z and digits 2-7 in groups of four)") from exc
    if len(key) != KEY_BYTES:
        raise WrongRecoveryKey(f"a recovery key has {len(recovery_code(bytes(KEY_BYTES)))} characters; that one is incomplete")
    return key


class _KeyringSlot(CredentialStore):
    """The store key in the OS credential store, one entry per data folder and key id."""

    def __init__(self, data_dir: Path, ident: str) -> None:
        super().__init__(data_dir)
        # The id in the name: a rotation adds the new entry before the key file names it, so a
        # crash between the two leaves both keys findable.
        self._account = f"store-key:{self.data_dir.resolve()}:{ident}"

    def put(self, key: bytes) -> bool:
        return self._keyring_save(base64.b64encode(key).decode("ascii"))

    def get(self) -> bytes | None:
        stored = self._keyring_call(keyring.get_password, SERVICE, self._account)
        try:
            return base64.b64decode(stored, validate=True) if stored else None
        except (binascii.Error, ValueError):
            return None

    def drop(self) -> None:
        self._keyring_call(keyring.delete_password, SERVICE, self._account)


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _kdf_cost() -> tuple[int, int]:
    if os.environ.get(KDF_COST_ENV) == "minimum":
        return nacl.pwhash.argon2id.OPSLIMIT_MIN, nacl.pwhash.argon2id.MEMLIMIT_MIN
    return nacl.pwhash.argon2id.OPSLIMIT_INTERACTIVE, nacl.pwhash.argon2id.MEMLIMIT_INTERACTIVE


def _derive(passphrase: str, wrap: dict[str, Any]) -> nacl.secret.SecretBox:
    kek = nacl.pwhash.argon2id.kdf(
        KEY_BYTES,
        passphrase.encode("utf-8"),
        base64.b64decode(wrap["salt"]),
        opslimit=int(wrap["ops"]),
        memlimit=int(wrap["mem"]),
    )
    return nacl.secret.SecretBox(kek)


def _passphrase_wrap(key: bytes, passphrase: str) -> dict[str, Any]:
    ops, mem = _kdf_cost()
    wrap = {"salt": _b64(nacl.utils.random(nacl.pwhash.argon2id.SALTBYTES)), "ops": ops, "mem": mem}
    wrap["box"] = _b64(_derive(passphrase, wrap).encrypt(key))
    return wrap


def key_path(data_dir: Path) -> Path:
    return Path(data_dir) / KEY_FILE


def read_key_file(data_dir: Path) -> dict[str, Any] | None:
    """The key file's content, None when there is none (a new store, or a lost file)."""
    try:
        raw = key_path(data_dir).read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    try:
        content = json.loads(raw)
    except ValueError:
        content = None
    if not isinstance(content, dict) or content.get("format") != _FORMAT:
        raise KeyMissing(f"{key_path(data_dir)} is damaged; give the recovery key to open the store")
    return content


def _write_key_file(data_dir: Path, content: dict[str, Any]) -> None:
    fileio.write_text(key_path(data_dir), json.dumps(content, indent=1), private=True)


def _remembered(data_dir: Path) -> str:
    return str(Path(data_dir).resolve())


def _seal(
    data_dir: Path,
    key: bytes,
    *,
    passphrase: str | None,
    use_keyring: bool,
    retired: list[bytes],
) -> dict[str, Any]:
    """Write the key file for `key` (and keep it in the credential store when asked and possible)."""
    ident = key_id(key)
    in_keyring = use_keyring and _KeyringSlot(data_dir, ident).put(key)
    if not in_keyring and not passphrase:
        raise PassphraseNeeded(
            "this PC has no usable credential store: choose a passphrase for the store key "
            f"({PASSPHRASE_ENV}, or type it when asked)",
            new=True,
        )
    box = nacl.secret.SecretBox(key)
    content = {
        "format": _FORMAT,
        "key_id": ident,
        "keyring": in_keyring,
        "passphrase": _passphrase_wrap(key, passphrase) if passphrase else None,
        "retired": [_b64(box.encrypt(old)) for old in retired],
    }
    _write_key_file(data_dir, content)
    _unlocked[_remembered(data_dir)] = key
    return content


def passphrase_given(passphrase: str | None) -> str | None:
    return passphrase or os.environ.get(PASSPHRASE_ENV) or None


def create(data_dir: Path, *, passphrase: str | None = None, use_keyring: bool = True) -> Unlocked:
    """Make the key of a new store; `PassphraseNeeded(new=True)` when neither a passphrase nor a
    credential store can keep it. The passphrase (given, or `PANTAU_PASSPHRASE`) is the office's
    choice: given one, the key is wrapped by it; the credential store keeps it besides."""
    key = nacl.utils.random(KEY_BYTES)
    _seal(data_dir, key, passphrase=passphrase_given(passphrase), use_keyring=use_keyring, retired=[])
    logger.info("store key made for %s", data_dir)
    return Unlocked(key=key, recovery=recovery_code(key))


def _attempts_path(data_dir: Path) -> Path:
    return Path(data_dir) / ATTEMPTS_FILE


def _failures(data_dir: Path) -> tuple[int, float]:
    try:
        record = json.loads(_attempts_path(data_dir).read_text(encoding="utf-8"))
        return int(record["failures"]), float(record["last"])
    except (OSError, ValueError, KeyError, TypeError):
        return 0, 0.0


def delay_after(failures: int) -> int:
    """Seconds to wait after `failures` wrong passphrases in a row: 0, 1, 2, 4, … up to five minutes."""
    return 0 if failures <= 0 else min(2 ** (failures - 1), MAX_DELAY_S)


def _check_throttle(data_dir: Path) -> None:
    failures, last = _failures(data_dir)
    wait = delay_after(failures) - max(0.0, clock() - last)
    if wait > 0:
        raise KeyThrottled(int(wait) + 1)


def _record_failure(data_dir: Path) -> None:
    failures, _last = _failures(data_dir)
    record = {"failures": failures + 1, "last": clock()}
    fileio.write_text(_attempts_path(data_dir), json.dumps(record), private=True)


def _unwrap_passphrase(data_dir: Path, wrap: dict[str, Any], passphrase: str) -> bytes:
    _check_throttle(data_dir)
    try:
        key = _derive(passphrase, wrap).decrypt(base64.b64decode(wrap["box"]))
    except nacl.exceptions.CryptoError as exc:
        _record_failure(data_dir)
        wait = delay_after(_failures(data_dir)[0])
        raise WrongPassphrase(f"wrong passphrase; nothing was changed (next try allowed in {wait} s)") from exc
    fileio.unlink(_attempts_path(data_dir))
    return key


def unlock(data_dir: Path, *, passphrase: str | None = None) -> bytes:
    """The key of the store in `data_dir`, from this process's memory, the credential store or the passphrase.

    Raises `PassphraseNeeded`, `WrongPassphrase`, `KeyThrottled`, or `KeyMissing` when only
    the recovery key can open the store (the credential store was wiped, the key file lost).
    """
    content = read_key_file(data_dir)
    if content is None:
        raise KeyMissing(f"{key_path(data_dir)} is missing; give the recovery key to open the store")
    ident = content["key_id"]
    for cached in (_unlocked.get(_remembered(data_dir)), _from_parent()):
        if cached is not None and key_id(cached) == ident:
            return cached
    key = _KeyringSlot(data_dir, ident).get() if content.get("keyring") else None
    if key is None and content.get("passphrase"):
        given = passphrase_given(passphrase)
        if not given:
            raise PassphraseNeeded("the store is locked by a passphrase: give it", new=False)
        key = _unwrap_passphrase(data_dir, content["passphrase"], given)
    if key is None or key_id(key) != ident:
        raise KeyMissing(
            "the store key is no longer in this PC's credential store; give the recovery key "
            "(`pantau key recovery`)"
        )
    _unlocked[_remembered(data_dir)] = key
    return key


def _from_parent() -> bytes | None:
    try:
        return bytes.fromhex(os.environ.get(CHILD_KEY_ENV, ""))
    except ValueError:
        return None


def share_with_children(key: bytes) -> None:
    """Let processes this one starts (the sync child) open the store without asking again."""
    os.environ[CHILD_KEY_ENV] = key.hex()


def retired_keys(data_dir: Path, key: bytes) -> list[bytes]:
    """The keys that `key` replaced (newest first): backups made before a rotation use them."""
    content = read_key_file(data_dir) or {}
    box = nacl.secret.SecretBox(key)
    found = []
    for sealed in content.get("retired", []):
        try:
            found.append(box.decrypt(base64.b64decode(sealed)))
        except (nacl.exceptions.CryptoError, binascii.Error, ValueError):
            logger.warning("a retired key in %s does not open with the current key", key_path(data_dir))
    return found


def replace_key(
    data_dir: Path, old: bytes, new: bytes, *, passphrase: str | None = None
) -> None:
    """Make `new` the store key, `old` a retired one; the credential store's old entry goes last.

    The caller re-encrypts the database after this: until then `old`, retired, still opens it.
    """
    content = read_key_file(data_dir) or {}
    wants_passphrase = bool(content.get("passphrase"))
    given = passphrase_given(passphrase)
    if wants_passphrase and not given:
        raise PassphraseNeeded("the new key is wrapped by the passphrase: give it", new=False)
    if wants_passphrase:
        _unwrap_passphrase(data_dir, content["passphrase"], given)  # the right one, not a typo
    _seal(
        data_dir,
        new,
        passphrase=given if wants_passphrase else None,
        use_keyring=bool(content.get("keyring")) or not wants_passphrase,
        retired=[old, *retired_keys(data_dir, old)],
    )
    _KeyringSlot(data_dir, key_id(old)).drop()


def restore_key(data_dir: Path, key: bytes, *, passphrase: str | None = None) -> None:
    """Keep `key` (from the recovery key) again, as set-up would: credential store, or the passphrase."""
    content = read_key_file(data_dir) or {}
    retired = retired_keys(data_dir, key) if content.get("key_id") == key_id(key) else []
    _seal(data_dir, key, passphrase=passphrase_given(passphrase), use_keyring=True, retired=retired)
    fileio.unlink(_attempts_path(data_dir))


def keep_under(data_dir: Path, key: bytes, *, passphrase: str | None) -> None:
    """Keep the unlocked `key` only under `passphrase` (asked at every start), or, given None,
    only in the OS credential store; `PassphraseNeeded` when this PC has none. The key itself,
    the data and the recovery key stay as they are."""
    ident = key_id(key)
    if passphrase is None and not _KeyringSlot(data_dir, ident).put(key):
        raise PassphraseNeeded(
            "this PC has no usable credential store: the passphrase stays; nothing was changed", new=False
        )
    _seal(data_dir, key, passphrase=passphrase, use_keyring=passphrase is None,
          retired=retired_keys(data_dir, key))  # fmt: skip
    if passphrase is not None:
        _KeyringSlot(data_dir, ident).drop()
    fileio.unlink(_attempts_path(data_dir))


def forget(data_dir: Path | None = None) -> None:
    """Drop unlocked keys from this process's memory (of one folder, or all, with the one shared with children)."""
    if data_dir is None:
        _unlocked.clear()
        os.environ.pop(CHILD_KEY_ENV, None)
    else:
        _unlocked.pop(_remembered(data_dir), None)
