"""Other programs on this PC: real processes that start without a second of imports each.

    assert run(open_store_in_a_program, folder, {CRASH_ENV: "after-swap"}) == (-9, "")
    assert at_once(3, open_store_in_a_program, folder) == [(0, "")] * 3

Each program is a process of its own (its own pid, file locks and memory, killed for real),
forked from a server process that imported the store once (multiprocessing's forkserver), not
a new interpreter paying its imports. A test about what a new interpreter loads still starts
one (tests/support/imports.py).
"""

from __future__ import annotations

import contextlib
import functools
import multiprocessing
import os
import traceback
from collections.abc import Callable
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

TIMEOUT = 120.0  # only an upper bound: a loaded 2-core machine is slow
# What opening a store loads (the store's modules load lazily): imported once, by the server.
PRELOAD = [
    __name__,
    "sync.store.db",
    "sync.store.keys",
    "sync.store.plaintext",
    "sync.store.attachments",
    "sync.migrations",
    "alembic.command",
    "alembic.config",
    "alembic.runtime.migration",
    "alembic.script",
    "sqlalchemy.dialects.sqlite",
    "keyring",
]


@functools.cache
def _context() -> Any:
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(PRELOAD)
    return context


def open_store_in_a_program(folder: str | Path, env: dict[str, str] | None = None) -> None:
    """What a Pantau program does first: open the store in `folder` (with `env` set), then close it."""
    os.environ.update(env or {})
    from sync.store import open_store

    open_store(folder, auto_backup=False).close()


def _program(parent: Connection, target: Callable[..., object], args: tuple) -> None:
    try:
        parent.send("ready")
        if parent.poll(TIMEOUT):
            parent.recv()  # go
        target(*args)
    except BaseException:
        parent.send(traceback.format_exc())
        raise SystemExit(1) from None
    parent.send("")


def at_once(count: int, target: Callable[..., object], *args: object) -> list[tuple[int, str]]:
    """`target(*args)` (a module-level function) in `count` new processes let go at the same
    moment; each one's exit code (-9: killed by SIGKILL) and traceback, if it raised."""
    context = _context()
    started = []
    for _ in range(count):
        mine, theirs = context.Pipe()
        process = context.Process(target=_program, args=(theirs, target, args))
        process.start()
        theirs.close()
        started.append((process, mine))
    for _process, program in started:  # a program that died on its way says why below
        with contextlib.suppress(EOFError):
            if program.poll(TIMEOUT):
                program.recv()  # ready
    for _process, program in started:
        with contextlib.suppress(OSError):
            program.send("go")
    results = []
    for process, program in started:
        process.join(TIMEOUT)
        if process.is_alive():
            process.kill()
            process.join()
            raise AssertionError(f"a program still ran after {TIMEOUT:.0f} s")
        try:
            error = program.recv()
        except EOFError:  # killed before it could answer
            error = ""
        program.close()
        results.append((process.exitcode, error))
    return results


def run(target: Callable[..., object], *args: object) -> tuple[int, str]:
    """`target(*args)` in a new process: its exit code (-9: killed by SIGKILL) and traceback."""
    return at_once(1, target, *args)[0]
