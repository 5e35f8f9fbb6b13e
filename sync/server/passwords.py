"""Passwords of console accounts: argon2id hashes (argon2-cffi), strength rule, generation."""

from __future__ import annotations

import os
import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from sync.server.errors import InvalidInput

MIN_LENGTH = 10
MAX_LENGTH = 256
# `minimum`: argon2's cheapest parameters for new hashes, for test suites that make hundreds of
# accounts (docs/security.md). A hash is always verified with the parameters it was made with.
COST_ENV = "PANTAU_SERVER_PASSWORD_COST"
_standard = PasswordHasher()  # argon2id with the library's current recommended parameters
_minimum = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)


def _hasher() -> PasswordHasher:
    return _minimum if os.environ.get(COST_ENV) == "minimum" else _standard


# Checked when the account does not exist, so an unknown name takes as long as a wrong password.
_DUMMY_HASH = _hasher().hash(secrets.token_urlsafe(16))


def check_strength(password: str) -> None:
    if len(password) < MIN_LENGTH:
        raise InvalidInput(f"the password must be at least {MIN_LENGTH} characters")
    if len(password) > MAX_LENGTH:
        raise InvalidInput(f"the password must be at most {MAX_LENGTH} characters")


def hash_password(password: str) -> str:
    check_strength(password)
    return _hasher().hash(password)


def verify_password(hashed: str | None, password: str) -> bool:
    """True if `password` matches; `hashed=None` still spends the same time and says False."""
    if len(password) > MAX_LENGTH:
        return False
    try:
        return _standard.verify(hashed or _DUMMY_HASH, password) and hashed is not None
    except (VerificationError, InvalidHashError):
        return False


def generate_password() -> str:
    """A strong password for `user add` without `--password-stdin`, printed once."""
    return secrets.token_urlsafe(15)
