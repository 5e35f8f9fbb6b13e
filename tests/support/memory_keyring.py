"""An OS credential store that works, kept in memory: `with memory_keyring() as entries: …`."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import keyring
from keyring.backend import KeyringBackend


class MemoryKeyring(KeyringBackend):
    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        self.entries: dict[tuple[str, str], str] = {}

    def get_password(self, service, username):
        return self.entries.get((service, username))

    def set_password(self, service, username, password):
        self.entries[(service, username)] = password

    def delete_password(self, service, username):
        self.entries.pop((service, username), None)


@contextmanager
def memory_keyring() -> Iterator[dict[tuple[str, str], str]]:
    """keyring's backend is a working in-memory one inside the block; its entries are yielded."""
    previous = keyring.get_keyring()
    memory = MemoryKeyring()
    keyring.set_keyring(memory)
    try:
        yield memory.entries
    finally:
        keyring.set_keyring(previous)
