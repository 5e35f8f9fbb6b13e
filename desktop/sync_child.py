"""The background sync's child process: the engine's scheduler, JSON lines out, commands in.

`pantau --sync-worker --data-dir D` lands here from `desktop.entry` before anything of the
GUI is imported: the child loads no Qt at all (no QtWidgets DLLs to map, no platform plugin,
a smaller target for antivirus scanners). It runs `sync.client.scheduler.Scheduler` and
writes one JSON object per line on stdout: `progress`, `result`, `error`, `link`,
`clock`. It reads commands on stdin (`sync`, `submitted`, `stop`) and stops when stdin
closes, so it never outlives the window. `desktop.sync_worker` is the window's side.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from desktop.logs import SYNC_LOG_FILE, configure_logging
from sync import paths

log = logging.getLogger(__name__)

WORKER_OPTION = "--sync-worker"
SUBMIT_DELAY_OPTION = "--submit-delay"  # seconds from a submit to the pass; the scheduler's own if absent


class _Reporter:
    """Writes the scheduler's callbacks as JSON lines on stdout (from any thread)."""

    def __init__(self, out) -> None:
        self._out = out
        self._lock = threading.Lock()

    def write(self, **message: Any) -> None:
        line = json.dumps(message, default=str)
        with self._lock:
            self._out.write(line + "\n")
            self._out.flush()

    def progress(self, progress) -> None:
        if progress.phase != "done":
            self.write(kind="progress", done=progress.items_done, total=progress.items_total,
                       sending=[str(i) for i in progress.sending])

    def result(self, result) -> None:
        self.write(kind="result", outcome=result.outcome, delivered=result.delivered,
                   duplicates=result.duplicates, rejected=len(result.rejected), pending=result.pending)

    def error(self, error: BaseException) -> None:
        self.write(kind="error", type=type(error).__name__, message=str(error),
                   status=getattr(error, "status", None), code=getattr(error, "code", None))

    def link_state(self, value: str) -> None:
        self.write(kind="link", value=value)

    def clock(self, offset: float) -> None:
        self.write(kind="clock", offset=round(offset, 1))


def _listen(scheduler, commands) -> None:
    """Commands from the window; end of input (the window is gone) stops the scheduler."""
    for line in commands:
        command = line.strip()
        if command == "sync":
            scheduler.request_sync()
        elif command == "submitted":
            scheduler.notify_submitted()
        elif command == "stop":
            break
    scheduler.stop()


def run_sync_process(data_dir: Path, *, submit_delay: float | None = None) -> int:
    """The child's main: run the scheduler on `data_dir` until told to stop."""
    from sync.client.scheduler import Scheduler
    from sync.store import open_store

    if sys.stdout is None or sys.stdin is None:  # started without pipes: nobody to report to
        log.error("the sync process needs stdin and stdout pipes from the window")
        return 2
    store = open_store(data_dir, auto_backup=False)
    reporter = _Reporter(sys.stdout)
    timing = {} if submit_delay is None else {"submit_delay": submit_delay}
    scheduler = Scheduler(store, on_progress=reporter.progress, on_result=reporter.result,
                          on_error=reporter.error, on_link_state=reporter.link_state,
                          on_clock=reporter.clock, **timing)
    threading.Thread(target=_listen, args=(scheduler, sys.stdin), name="commands", daemon=True).start()
    try:
        scheduler.run()
    finally:
        store.close()
    return 0


def main(args: Sequence[str]) -> int:
    """`pantau --sync-worker --data-dir D`: log to the child's own file, then sync until stopped."""
    parser = argparse.ArgumentParser(prog="pantau " + WORKER_OPTION)
    parser.add_argument(WORKER_OPTION, action="store_true")
    parser.add_argument("--data-dir")
    parser.add_argument(SUBMIT_DELAY_OPTION, type=float)
    options, _unknown = parser.parse_known_args(list(args))
    configure_logging(name=SYNC_LOG_FILE)
    return run_sync_process(paths.data_dir(options.data_dir), submit_delay=options.submit_delay)
