"""`pantau key passphrase [--remove]`: the office switches between a passphrase at every start
and the OS credential store, without changing the key, the data or the recovery key."""

from __future__ import annotations

import pytest

from sync.cli.key_commands import NEW_PASSPHRASE_ENV
from sync.store import keys
from tests.cli.conftest import Pantau
from tests.store.conftest import warning_data
from tests.support.memory_keyring import memory_keyring

OLD = "frasa-sandi-uji"  # tests/conftest.py's PANTAU_PASSPHRASE, the store's passphrase at set-up
NEW = "pulau-banda-2026"


def _opens_with(pantau: Pantau, monkeypatch: pytest.MonkeyPatch, passphrase: str | None) -> tuple[int, str]:
    """`pantau list` in a fresh start (nothing unlocked in memory) given this passphrase, or none."""
    keys.forget()
    if passphrase is None:
        monkeypatch.delenv(keys.PASSPHRASE_ENV, raising=False)
    else:
        monkeypatch.setenv(keys.PASSPHRASE_ENV, passphrase)
    listed = pantau("list", stdin="", monkeypatch=monkeypatch)
    return listed.code, listed.out + listed.err


def test_from_passphrase_to_credential_store_and_back(pantau: Pantau, monkeypatch: pytest.MonkeyPatch) -> None:
    made = pantau("new", "deteksi_dini", "--submit", "--data", str(pantau.write_json("a.json", warning_data())))
    assert made.code == 0, made.err
    key_id = keys.read_key_file(pantau.data_dir)["key_id"]
    with memory_keyring() as entries:
        removed = pantau("key", "passphrase", "--remove")
        assert removed.code == 0, removed.err
        assert len(entries) == 1 and keys.read_key_file(pantau.data_dir)["passphrase"] is None
        code, said = _opens_with(pantau, monkeypatch, None)
        assert code == 0 and "deteksi_dini" in said

        monkeypatch.setenv(NEW_PASSPHRASE_ENV, NEW)
        chosen = pantau("key", "passphrase")
        assert chosen.code == 0, chosen.err
        assert entries == {}  # only the passphrase opens it now
        assert _opens_with(pantau, monkeypatch, None)[0] == 2
        code, said = _opens_with(pantau, monkeypatch, OLD)
        assert code == 2 and "wrong passphrase" in said
    monkeypatch.setattr(keys, "clock", lambda: 10**10)  # the wrong try made the next wait 1 s: past it
    code, said = _opens_with(pantau, monkeypatch, NEW)
    assert code == 0 and "deteksi_dini" in said
    assert keys.read_key_file(pantau.data_dir)["key_id"] == key_id  # same key: same recovery key, same data


def test_no_credential_store_keeps_the_passphrase(pantau: Pantau, monkeypatch: pytest.MonkeyPatch) -> None:
    before = keys.key_path(pantau.data_dir).read_bytes()  # tests' keyring is the "fail" backend
    refused = pantau("key", "passphrase", "--remove")
    assert refused.code == 2 and "no usable credential store" in refused.err
    monkeypatch.setenv(NEW_PASSPHRASE_ENV, "pendek")
    short = pantau("key", "passphrase")
    assert short.code == 2 and "at least 8 characters" in short.err
    assert keys.key_path(pantau.data_dir).read_bytes() == before
    assert _opens_with(pantau, monkeypatch, OLD)[0] == 0
