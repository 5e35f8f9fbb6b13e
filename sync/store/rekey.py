"""Changing the store key (`pantau key rotate`) and opening a store again with its recovery key."""

from __future__ import annotations

import logging
from pathlib import Path

import nacl.utils

from sync.store import cipher, keys
from sync.store.attachments import reencrypt_files
from sync.store.backup import list_backups
from sync.store.db import DB_NAME, open_store, store_errors
from sync.store.errors import WrongRecoveryKey

logger = logging.getLogger(__name__)


def _rekey(path: Path, old: bytes, new: bytes) -> bool:
    """Re-encrypt the database `path` from `old` to `new` (False: `old` does not open it)."""
    conn = cipher.connect(path, old)
    try:
        if not cipher.readable(conn):
            return False
        conn.execute(f"PRAGMA rekey = {cipher.key_sql(new)}")
        return True
    finally:
        conn.close()


def rotate(data_dir: Path, *, passphrase: str | None = None) -> str:
    """Give the store in `data_dir` a new key; returns the new recovery key (the old one stops working).

    The caller holds the folder's lock with no store open. The key file names the new key
    (the old one sealed in it as retired) before the database is re-encrypted: a crash in
    between is finished by the next `open_store`. Automatic backups are re-encrypted too;
    backups kept elsewhere still restore through the retired key.
    """
    data_dir = Path(data_dir)
    db = data_dir / DB_NAME
    with store_errors(db):
        old = keys.unlock(data_dir, passphrase=passphrase)
        new = nacl.utils.random(keys.KEY_BYTES)
        keys.replace_key(data_dir, old, new, passphrase=passphrase)
        _rekey(db, old, new)
        store = open_store(data_dir, auto_backup=False)
        try:
            reencrypt_files(store, old, new)
        finally:
            store.close()
        for made in list_backups(data_dir):
            if not _rekey(made, old, new):
                logger.warning("automatic backup %s does not open with the old key; left as it is", made)
    logger.info("store key of %s rotated", data_dir)
    return keys.recovery_code(new)


def recover(data_dir: Path, recovery: str, *, passphrase: str | None = None) -> None:
    """Keep the key in `recovery` again for the store in `data_dir` (the credential store was wiped,
    the key file lost); `WrongRecoveryKey` when it does not open this store, nothing changed."""
    data_dir = Path(data_dir)
    key = keys.parse_recovery(recovery)
    db = data_dir / DB_NAME
    with store_errors(db):
        conn = cipher.connect(db, key)
        try:
            opens = cipher.readable(conn)
        finally:
            conn.close()
    if not opens:
        raise WrongRecoveryKey(f"that recovery key does not open {db}; nothing was changed")
    keys.restore_key(data_dir, key, passphrase=passphrase)
    logger.info("store key of %s restored from its recovery key", data_dir)
