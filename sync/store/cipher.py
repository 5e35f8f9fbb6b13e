"""SQLCipher: the one way a Pantau database file (the store, a backup, a copy) is opened, by its key."""

from __future__ import annotations

from pathlib import Path

import sqlcipher3.dbapi2 as dbapi

Error = dbapi.Error
DatabaseError = dbapi.DatabaseError
Connection = dbapi.Connection
# The first 16 bytes of every unencrypted SQLite file; an encrypted one starts with its random salt.
PLAINTEXT_HEADER = b"SQLite format 3\x00"
_SQLITE_NOTADB = 26  # what a wrong key looks like: the first page does not decrypt


def key_sql(key: bytes | None) -> str:
    # A raw key given as hex skips SQLCipher's own PBKDF2 (256,000 rounds per open): the key is
    # already random, and opening stays as fast as plain SQLite's. An empty key means no encryption.
    return f"\"x'{key.hex()}'\"" if key else "''"


def connect(path: Path | str, key: bytes | None, *, readonly: bool = False, check_same_thread: bool = True) -> Connection:
    """A connection to the database file `path` encrypted with `key` (None: an unencrypted file).

    Nothing is read yet: a wrong key shows as `DatabaseError` ("file is not a database") on the
    first statement that reads the file.
    """
    uri = Path(path).absolute().as_uri() + ("?mode=ro" if readonly else "")
    conn = dbapi.connect(uri, uri=True, check_same_thread=check_same_thread)
    conn.execute("PRAGMA cipher_log_level = NONE")  # a wrong key is our error to report, not stderr's
    if key:
        conn.execute(f"PRAGMA key = {key_sql(key)}")
    return conn


def is_plaintext(path: Path | str) -> bool:
    """`path` is an unencrypted SQLite database (of an older Pantau, or a plain copy)."""
    try:
        with open(path, "rb") as f:
            return f.read(len(PLAINTEXT_HEADER)) == PLAINTEXT_HEADER
    except FileNotFoundError:
        return False


def readable(conn: Connection) -> bool:
    """The key of `conn` opens its file (a wrong key or a file that is no database: False)."""
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except DatabaseError as exc:
        if getattr(exc, "sqlite_errorcode", 0) & 0xFF == _SQLITE_NOTADB:
            return False
        raise  # a full disk, a file in use: not a question of the key
    return True


def export(source: Connection, target: Path | str, key: bytes | None) -> None:
    """Copy the whole database of `source` into the new file `target`, encrypted with `key` (None: plain).

    SQLCipher's `sqlcipher_export` is the one way between an encrypted and an unencrypted file
    (the backup API copies pages only between files with the same key). It copies the schema,
    the data and `user_version`.
    """
    source.execute(f"ATTACH DATABASE ? AS exported KEY {key_sql(key)}", (str(target),))
    try:
        source.execute("SELECT sqlcipher_export('exported')").fetchall()
        version = source.execute("PRAGMA main.user_version").fetchone()[0]
        source.execute(f"PRAGMA exported.user_version = {int(version)}")
    finally:
        source.execute("DETACH DATABASE exported")
