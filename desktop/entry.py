"""The `pantau` program: the desktop app with no command, the CLI with one."""

from __future__ import annotations

import sys
from collections.abc import Sequence

# Options of the desktop app that take a value, so their value is not mistaken for a command.
_VALUE_OPTIONS = {"--data-dir", "--lang"}


def _has_command(args: list[str]) -> bool:
    skip = False
    for arg in args:
        if skip:
            skip = False
        elif arg in _VALUE_OPTIONS:
            skip = True
        elif arg in {"-h", "--help"} or not arg.startswith("-"):
            return True
    return False


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if _has_command(args):
        from sync.cli import main as cli_main

        return cli_main(args)
    from desktop.app import run

    return run(args)


if __name__ == "__main__":
    sys.exit(main())
