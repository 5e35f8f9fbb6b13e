"""Console passwords: argon2id at the library's recommended cost, cheap only where tests ask."""

from __future__ import annotations

import pytest

from sync.server import passwords

PASSWORD = "kata-sandi-panjang-1"


def test_a_real_server_hashes_at_the_recommended_cost(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(passwords.COST_ENV, raising=False)
    hashed = passwords.hash_password(PASSWORD)
    assert hashed.startswith("$argon2id$v=19$m=65536,t=3,p=4$")
    assert passwords.verify_password(hashed, PASSWORD)


def test_the_test_suites_cheap_hashes_verify_like_any_other() -> None:
    """tests/conftest.py sets PANTAU_SERVER_PASSWORD_COST=minimum for hundreds of accounts."""
    hashed = passwords.hash_password(PASSWORD)
    assert hashed.startswith("$argon2id$v=19$m=8,t=1,p=1$")
    assert passwords.verify_password(hashed, PASSWORD)
    assert not passwords.verify_password(hashed, PASSWORD + "x")
    assert not passwords.verify_password(None, PASSWORD)
