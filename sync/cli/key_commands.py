"""CLI of the store key: `pantau key rotate|recovery|passphrase`, and the passphrase prompt of every command."""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from pathlib import Path

from sync import paths
from sync.cli import CliError, hold_lock
from sync.store import keys, rekey
from sync.store.db import Store, open_store
from sync.store.errors import KeyMissing, PassphraseNeeded, StoreError

_ATTEMPTS = 3
NEW_PASSPHRASE_ENV = "PANTAU_NEW_PASSPHRASE"  # `pantau key passphrase` in a script


def _ask_passphrase(new: bool) -> str:
    """The passphrase typed at the terminal (twice when it is being chosen)."""
    if not sys.stdin or not sys.stdin.isatty():
        raise CliError(
            f"the store key needs a passphrase: set {keys.PASSPHRASE_ENV} or run the command in a terminal"
        )
    if not new:
        return getpass.getpass("Pantau passphrase: ")
    for _ in range(_ATTEMPTS):
        chosen = getpass.getpass("Choose a passphrase for this PC's Pantau data: ")
        if len(chosen) < 8:
            print("pantau: a passphrase has at least 8 characters", file=sys.stderr)
        elif getpass.getpass("Type it again: ") == chosen:
            return chosen
        else:
            print("pantau: the two passphrases differ", file=sys.stderr)
    raise CliError("no passphrase chosen; nothing was changed")


def show_recovery(recovery: str) -> None:
    """Print the recovery key once, to stderr (stdout may be a command's JSON)."""
    print(
        "\nPantau made this PC's data key. RECOVERY KEY (shown only now; print it and give it to "
        f"the head of office):\n\n    {recovery}\n\nWithout it the data cannot be opened if this "
        "PC's credential store or passphrase is lost.\n",
        file=sys.stderr,
    )


def open_store_asking(data_dir: Path, *, auto_backup: bool = True) -> Store:
    """`open_store`, asking for the passphrase at the terminal when the key needs it."""
    passphrase = None
    while True:
        try:
            store = open_store(data_dir, auto_backup=auto_backup, passphrase=passphrase)
            break
        except PassphraseNeeded as exc:
            if passphrase is not None:
                raise
            passphrase = _ask_passphrase(exc.new)
        except KeyMissing as exc:
            raise CliError(f"{exc}; run `pantau key recovery`") from exc
    if store.new_recovery:
        show_recovery(store.new_recovery)
    return store


def unlock_asking(data_dir: Path) -> None:
    """Unlock the key of the store in `data_dir` for this process (prompting if needed)."""
    open_store_asking(data_dir, auto_backup=False).close()


def _passphrase_if_needed(data_dir: Path) -> str | None:
    content = keys.read_key_file(data_dir) or {}
    given = keys.passphrase_given(None)
    return given or (_ask_passphrase(False) if content.get("passphrase") else None)


def cmd_rotate(args: argparse.Namespace) -> int:
    data_dir = paths.data_dir(args.data_dir)
    hold_lock(args)
    try:
        unlock_asking(data_dir)
        recovery = rekey.rotate(data_dir, passphrase=_passphrase_if_needed(data_dir))
    except StoreError as exc:
        raise CliError(str(exc)) from exc
    print(f"store key of {data_dir} changed; the old recovery key no longer opens it", file=sys.stderr)
    show_recovery(recovery)
    return 0


def cmd_recovery(args: argparse.Namespace) -> int:
    data_dir = paths.data_dir(args.data_dir)
    hold_lock(args)
    code = args.recovery_key or (sys.stdin.readline() if not sys.stdin.isatty() else getpass.getpass("Recovery key: "))
    try:
        try:
            rekey.recover(data_dir, code, passphrase=None)
        except PassphraseNeeded as exc:
            rekey.recover(data_dir, code, passphrase=_ask_passphrase(exc.new))
    except StoreError as exc:
        raise CliError(str(exc)) from exc
    print(f"the store key of {data_dir} is kept on this PC again; Pantau opens as before")
    return 0


def cmd_passphrase(args: argparse.Namespace) -> int:
    data_dir = paths.data_dir(args.data_dir)
    hold_lock(args)
    try:
        unlock_asking(data_dir)
        key = keys.unlock(data_dir)
        chosen = None if args.remove else (os.environ.get(NEW_PASSPHRASE_ENV) or _ask_passphrase(True))
        if chosen is not None and len(chosen) < 8:
            raise CliError("a passphrase has at least 8 characters; nothing was changed")
        keys.keep_under(data_dir, key, passphrase=chosen)
    except StoreError as exc:
        raise CliError(str(exc)) from exc
    where = "this PC's credential store (no passphrase asked)" if args.remove else "the new passphrase only"
    print(f"the store key of {data_dir} is now kept under {where}; the recovery key is unchanged")
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add `pantau key …` to `pantau`."""
    key = subparsers.add_parser(
        "key", help="the data key: rotate it, restore it with the recovery key, choose where it is kept"
    )
    actions = key.add_subparsers(dest="key_command", metavar="ACTION", required=True)
    actions.add_parser(
        "rotate", help="re-encrypt the data with a new key; prints the new recovery key"
    ).set_defaults(handler=cmd_rotate)
    recovery = actions.add_parser(
        "recovery",
        help="the credential store was wiped or the key file lost: give the recovery key (argument, or stdin)",
    )
    recovery.add_argument("recovery_key", nargs="?", metavar="RECOVERY_KEY")
    recovery.set_defaults(handler=cmd_recovery)
    passphrase = actions.add_parser(
        "passphrase",
        help=f"ask a passphrase at every start (a new one, typed twice or from {NEW_PASSPHRASE_ENV}), "
        "or with --remove keep the key in the credential store again",
    )
    passphrase.add_argument(
        "--remove", action="store_true", help="no passphrase: the OS credential store keeps the key"
    )
    passphrase.set_defaults(handler=cmd_passphrase)
