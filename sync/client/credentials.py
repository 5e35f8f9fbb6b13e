"""The device token: in the OS keyring where one works, else a file only the user can read.

Keyring backends raise their own errors, not only `KeyringError`: on Windows the Credential
Manager raises `pywintypes.error` (1312 "a specified logon session does not exist" in
temporary and remote-desktop sessions), D-Bus backends raise theirs. Any failure of the
keyring means "no keyring": the token goes to the file. The token is the only proof of an
enrolment whose one-time code the server has consumed, so it is never dropped silently.
"""

from __future__ import annotations

import logging
from pathlib import Path

import keyring

from sync import fileio

log = logging.getLogger(__name__)

SERVICE = "Pantau"
TOKEN_FILE = "device_token"


class CredentialStore:
    """Keeps one device token per data folder (the keyring entry is named after the folder).

    The file wins over the keyring when both hold a token: a save that fell back to the file
    may not have been able to remove an older keyring entry, while a save to the keyring
    removes the file.
    """

    def __init__(self, data_dir: Path, *, use_keyring: bool = True) -> None:
        self.data_dir = Path(data_dir)
        self.use_keyring = use_keyring
        self._account = f"device-token:{self.data_dir.resolve()}"

    @property
    def token_file(self) -> Path:
        return self.data_dir / TOKEN_FILE

    def save(self, token: str) -> str:
        """Store the token; returns where it went ("keyring" or the file path).

        Raises `OSError` only when neither the keyring nor the file could keep it.
        """
        if self.use_keyring and self._keyring_save(token):
            try:
                fileio.unlink(self.token_file)
            except OSError as exc:  # an older token would win over the keyring's: overwrite it
                log.warning("could not remove %s (%s); keeping the token there too", self.token_file, exc)
                self._file_save(token)
            return "keyring"
        self._file_save(token)
        if self.use_keyring:
            self._keyring_call(keyring.delete_password, SERVICE, self._account)
        return str(self.token_file)

    def load(self) -> str | None:
        try:
            token = self.token_file.read_text(encoding="utf-8").strip()
        except FileNotFoundError:
            token = ""
        if token or not self.use_keyring:
            return token or None
        return self._keyring_call(keyring.get_password, SERVICE, self._account) or None

    def clear(self) -> None:
        if self.use_keyring:
            self._keyring_call(keyring.delete_password, SERVICE, self._account)
        fileio.unlink(self.token_file)

    def _keyring_save(self, token: str) -> bool:
        """True only if the keyring really kept it (the fail and null backends do not)."""
        if self._keyring_call(keyring.set_password, SERVICE, self._account, token) is False:
            return False
        return self._keyring_call(keyring.get_password, SERVICE, self._account) == token

    @staticmethod
    def _keyring_call(operation, *args):
        """`operation(*args)`, or False when the keyring fails in any way (logged)."""
        try:
            return operation(*args)
        except Exception as exc:  # noqa: BLE001 - each backend raises its own errors (pywintypes.error…)
            log.info("OS keyring unavailable (%s: %s); using the private file", type(exc).__name__, exc)
            return False

    def _file_save(self, token: str) -> None:
        self.data_dir.mkdir(parents=True, exist_ok=True)
        fileio.write_text(self.token_file, token, private=True)  # 0600 from its first byte
