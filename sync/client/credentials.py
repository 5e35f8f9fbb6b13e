"""The device token: in the OS keyring where one works, else a file only the user can read."""

from __future__ import annotations

import contextlib
import logging
import os
from pathlib import Path

import keyring
from keyring.errors import KeyringError

log = logging.getLogger(__name__)

SERVICE = "Pantau"
TOKEN_FILE = "device_token"


class CredentialStore:
    """Keeps one device token per data folder (the keyring entry is named after the folder)."""

    def __init__(self, data_dir: Path, *, use_keyring: bool = True) -> None:
        self.data_dir = Path(data_dir)
        self.use_keyring = use_keyring
        self._account = f"device-token:{self.data_dir.resolve()}"

    @property
    def token_file(self) -> Path:
        return self.data_dir / TOKEN_FILE

    def save(self, token: str) -> str:
        """Store the token; returns where it went ("keyring" or the file path)."""
        if self.use_keyring and self._keyring_save(token):
            self.token_file.unlink(missing_ok=True)
            return "keyring"
        self._file_save(token)
        return str(self.token_file)

    def load(self) -> str | None:
        if self.use_keyring:
            try:
                token = keyring.get_password(SERVICE, self._account)
            except KeyringError:
                token = None
            if token:
                return token
        try:
            return self.token_file.read_text(encoding="utf-8").strip() or None
        except FileNotFoundError:
            return None

    def clear(self) -> None:
        if self.use_keyring:
            with contextlib.suppress(KeyringError):
                keyring.delete_password(SERVICE, self._account)
        self.token_file.unlink(missing_ok=True)

    def _keyring_save(self, token: str) -> bool:
        """True only if the keyring really kept it (the fail and null backends do not)."""
        try:
            keyring.set_password(SERVICE, self._account, token)
            return keyring.get_password(SERVICE, self._account) == token
        except (KeyringError, RuntimeError) as exc:
            log.info("OS keyring unavailable (%s); keeping the token in a private file", exc)
            return False

    def _file_save(self, token: str) -> None:
        self.data_dir.mkdir(parents=True, exist_ok=True)
        tmp = self.token_file.with_suffix(".tmp")
        tmp.unlink(missing_ok=True)
        # Created 0600 from the start, so the token is never readable by others, even briefly.
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(token)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, self.token_file)
