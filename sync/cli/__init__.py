"""`pantau` command line: the engine without a GUI (list, export, sync, …).

Each area registers its own sub-commands: `store_commands` (reports, export,
backup) and `sync_commands` (enroll, sync, status). A command handler takes the
parsed arguments and returns the process exit code; `CliError` becomes a clean
message on stderr and exit status 2.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Callable, Sequence

Handler = Callable[[argparse.Namespace], int]


class CliError(Exception):
    """A problem the user can fix (bad input, unknown id); printed without a traceback."""


def silence_broken_pipe() -> int:
    """The reader of stdout went away (`pantau list | head`): stop quietly, as Unix tools do."""
    os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return 141


def build_parser() -> argparse.ArgumentParser:
    from sync.cli import store_commands, sync_commands

    parser = argparse.ArgumentParser(prog="pantau", description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", help="data folder (default: $PANTAU_DATA_DIR or the user data dir)")
    parser.add_argument("-v", "--verbose", action="store_true", help="log debug messages to stderr")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    store_commands.register(subparsers)
    sync_commands.register(subparsers)
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
        return handler(args)
    except CliError as exc:
        print(f"pantau: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("pantau: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return silence_broken_pipe()
