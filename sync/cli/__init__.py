"""`pantau` command line: the engine without a GUI (list, export, sync, …).

Each area registers its own sub-commands: `store_commands` (reports, export,
backup) and `sync_commands` (enroll, sync, status). A command handler takes the
parsed arguments and returns the process exit code; `CliError` becomes a clean
message on stderr and exit status 2, any other failure of the disk (`OSError`) a
clean message and exit status 1, never a traceback.
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import os
import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sync.store import Store

Handler = Callable[[argparse.Namespace], int]


class CliError(Exception):
    """A problem the user can fix (bad input, unknown id); printed without a traceback."""


def silence_broken_pipe() -> int:
    """The reader of stdout went away (`pantau list | head`): stop quietly, as Unix tools do."""
    os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return 141


def hold_lock(args: argparse.Namespace) -> None:
    """Hold the data folder's single-instance lock until the command ends (`StoreLocked` if taken)."""
    from sync import paths
    from sync.store.lock import InstanceLock

    if getattr(args, "lock", None) is None:
        lock = InstanceLock(paths.data_dir(args.data_dir))
        args.cleanup.enter_context(lock)
        args.lock = lock


def command_store(args: argparse.Namespace, *, writes: bool, auto_backup: bool = True) -> Store:
    """The store of `--data-dir`, closed when the command ends.

    A command that `writes` holds the single-instance lock throughout, so it is refused while
    the desktop app (or another command) uses the folder. One that only reads takes the lock
    just while the store opens, and when it is taken opens without making an automatic backup.
    """
    from sync import paths
    from sync.cli.key_commands import open_store_asking as open_store

    if writes:
        hold_lock(args)
        store = open_store(paths.data_dir(args.data_dir), auto_backup=auto_backup)
    else:
        from sync.store.lock import InstanceLock

        with contextlib.ExitStack() as briefly:
            if getattr(args, "lock", None) is None:
                lock = InstanceLock(paths.data_dir(args.data_dir))
                auto_backup = auto_backup and lock.acquire()
                briefly.callback(lock.release)
            store = open_store(paths.data_dir(args.data_dir), auto_backup=auto_backup)
    args.cleanup.callback(store.close)
    return store


def disk_message(exc: OSError) -> str:
    """An OSError as one line: what failed, on which file, and what to do when that is clear."""
    import errno

    what = exc.strerror or str(exc)
    named = exc.filename2 or exc.filename  # of a rename, the target is the file the user named
    where = f": {named}" if named else ""
    if exc.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
        return f"the disk is full{where}; free some space and try again"
    if isinstance(exc, PermissionError):
        return (f"{what}{where} (the file may be open in another program, or an antivirus "
                "may be checking it; try again in a moment)")
    return f"{what}{where}"


def build_parser() -> argparse.ArgumentParser:
    from sync.cli import bundle_commands, key_commands, store_commands, sync_commands

    parser = argparse.ArgumentParser(prog="pantau", description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", help="data folder (default: $PANTAU_DATA_DIR or the user data dir)")
    parser.add_argument("-v", "--verbose", action="store_true", help="log debug messages to stderr")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    store_commands.register(subparsers)
    sync_commands.register(subparsers)
    bundle_commands.register(subparsers)
    key_commands.register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run one CLI command; returns the exit code."""
    parser = build_parser()
    args = parser.parse_args(list(sys.argv[1:] if argv is None else argv))
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
    )
    handler: Handler | None = getattr(args, "handler", None)
    if handler is None:
        parser.print_help()
        return 2
    try:
        with contextlib.ExitStack() as args.cleanup:
            return handler(args)
    except CliError as exc:
        print(f"pantau: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("pantau: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return silence_broken_pipe()
    except OSError as exc:
        logging.getLogger(__name__).debug("command failed", exc_info=True)
        print(f"pantau: {disk_message(exc)}", file=sys.stderr)
        return 1
