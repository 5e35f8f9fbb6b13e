"""The `pantau` program: the desktop app with no command, the CLI with one, the sync child.

Each process starts here, so what every process needs is done here first (the OS trust
store for TLS). The sync child (`--sync-worker`) is told apart before anything of the GUI
is imported: it never loads QtWidgets.
"""

from __future__ import annotations

import gc
import sys
from collections.abc import Sequence

from desktop.sync_child import WORKER_OPTION

# Options of the desktop app that take a value, so their value is not mistaken for a command.
_VALUE_OPTIONS = {"--data-dir", "--lang"}
CLI_PROGRAM = "pantau-cli.exe" if sys.platform == "win32" else "pantau-cli"


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


def _no_console(args: list[str]) -> int:
    """A command given to the windowed program, which has no stdout: say where commands run."""
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtWidgets import QMessageBox

    from desktop.app import application

    application()
    QMessageBox.information(None, "Pantau", QCoreApplication.translate(
        "App", "Perintah \"%1\" dijalankan dengan %2 dari Command Prompt, misalnya:\n\n%2 %1")
        .replace("%1", " ".join(args)).replace("%2", CLI_PROGRAM))
    return 2


def _exiting(code: int, argv: Sequence[str] | None) -> int:
    """`code`; for the program's own run (not `main(args)` from a test), the process exits next:
    its objects are left to the OS, not collected one by one (0.2 s of every command and of
    every sync child's stop, which the window waits for when it closes)."""
    if argv is None:
        gc.freeze()
    return code


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    from sync.client.trust import use_os_trust_store

    use_os_trust_store()
    if WORKER_OPTION in args:
        from desktop.sync_child import main as child_main

        return _exiting(child_main(args), argv)
    if _has_command(args):
        if sys.stdout is None:  # the windowed pantau.exe: output would vanish, or crash on write
            return _no_console(args)
        from sync.cli import main as cli_main

        return _exiting(cli_main(args), argv)
    from desktop.app import run

    return run(args)


if __name__ == "__main__":
    sys.exit(main())
