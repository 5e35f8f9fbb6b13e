"""The `pantau` program: the desktop app with no arguments, the CLI with a command."""

from __future__ import annotations

import sys
from collections.abc import Sequence

GUI_FLAGS = {"--self-test", "--data-dir", "--lang"}


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    wants_cli = any(not a.startswith("-") for a in args if a not in GUI_FLAGS) or {"-h", "--help"} & set(args)
    if wants_cli:
        from sync.cli import main as cli_main

        return cli_main(args)
    from desktop.app import run

    return run(args)


if __name__ == "__main__":
    sys.exit(main())
