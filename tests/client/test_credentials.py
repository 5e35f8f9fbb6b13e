"""The device token where Windows' keyring fails with its own errors: kept in the private file, never lost."""

from __future__ import annotations

import stat
from collections.abc import Iterator

import keyring
import pytest
from keyring.backend import KeyringBackend

from sync.client.credentials import SERVICE, CredentialStore
from sync.client.enrollment import enroll, transport_for
from tests.support.reports import OFFICE


class error(Exception):  # noqa: N801 - named as pywin32's `pywintypes.error`, which is no KeyringError
    def __init__(self, winerror: int, funcname: str, strerror: str) -> None:
        super().__init__(winerror, funcname, strerror)
        self.winerror = winerror


LOGON_SESSION_GONE = error(1312, "CredWrite", "A specified logon session does not exist.")


class _WindowsKeyring(KeyringBackend):
    """The Credential Manager as in a temporary or remote-desktop session: some calls fail."""

    priority = 0.5  # type: ignore[assignment]

    def __init__(self, *, failing: set[str]) -> None:
        self.failing = failing
        self.entries: dict[tuple[str, str], str] = {}

    def _maybe_fail(self, call: str) -> None:
        if call in self.failing:
            raise LOGON_SESSION_GONE

    def get_password(self, service, username):
        self._maybe_fail("get")
        return self.entries.get((service, username))

    def set_password(self, service, username, password):
        self._maybe_fail("set")
        self.entries[(service, username)] = password

    def delete_password(self, service, username):
        self._maybe_fail("delete")
        self.entries.pop((service, username), None)


@pytest.fixture
def windows_keyring() -> Iterator[_WindowsKeyring]:
    previous = keyring.get_keyring()
    backend = _WindowsKeyring(failing={"set", "get", "delete"})
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


@pytest.mark.parametrize("failing", [{"set", "get", "delete"}, {"set"}, {"get"}])
def test_a_keyring_raising_its_own_error_leaves_the_token_in_the_private_file(tmp_path, windows_keyring,
                                                                             failing):
    windows_keyring.failing = failing
    store = CredentialStore(tmp_path)
    assert store.save("token-1") == str(tmp_path / "device_token")
    assert stat.S_IMODE((tmp_path / "device_token").stat().st_mode) == 0o600
    assert CredentialStore(tmp_path).load() == "token-1"
    store.clear()
    assert store.load() is None


def test_a_token_saved_to_the_file_wins_over_an_older_keyring_entry(tmp_path, windows_keyring):
    windows_keyring.failing = set()
    store = CredentialStore(tmp_path)
    assert store.save("token-lama") == "keyring"
    windows_keyring.failing = {"set", "delete"}  # the next session cannot write it any more
    store.save("token-baru")
    assert windows_keyring.entries  # the old entry could not be removed…
    assert CredentialStore(tmp_path).load() == "token-baru"  # …but the new token is the one used


def test_enrolment_keeps_the_token_when_the_keyring_fails(store, server, windows_keyring):
    answer = enroll(store, server_url=server.url, code=server.enroll_code(OFFICE))
    assert (store.data_dir / "device_token").read_text(encoding="utf-8") == answer.token
    with transport_for(store) as transport:  # the server accepts it: the enrolment is usable
        assert transport.pull(None) is not None
    assert (SERVICE, f"device-token:{store.data_dir.resolve()}") not in windows_keyring.entries
