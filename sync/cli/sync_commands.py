"""CLI commands that talk to the provincial server: `enroll`, `sync`, `status`."""

from __future__ import annotations

import argparse
import errno
import json
import logging
import sys
import threading
import time
from pathlib import Path

from sync.bundle.enrol_slip import enroll_from_slip
from sync.bundle.seal import SealError
from sync.cli import CliError, command_store
from sync.client import progress as outcomes
from sync.client.clock import clock_warning
from sync.client.credentials import CredentialStore
from sync.client.enrollment import enroll
from sync.client.errors import SyncAuthError, SyncError, SyncNoAnswer
from sync.client.progress import (
    CONNECTED,
    DISCONNECTED,
    UNANSWERED,
    SyncProgress,
    SyncResult,
)
from sync.client.scheduler import Scheduler
from sync.client.transport import Transport
from sync.forms.display import format_wit
from sync.store import Store
from sync.store.errors import StoreError
from sync.store.listing import list_reports
from sync.store.outbox import quarantined, sync_status
from sync.store.schemas import ReportQuery, ReportState
from sync.store.settings import get_ca_bundle, get_office, get_server_url

PENDING_SHOWN = 20
# The words the desktop's status bar uses, so that a clerk reads the same in both.
LINK_WORDS = {
    None: "no server set",
    CONNECTED: "Terhubung (the server answers)",
    UNANSWERED: "Server tidak menjawab (reached, but requests go unanswered)",
    DISCONNECTED: "Tidak terhubung (the server cannot be reached)",
}

log = logging.getLogger(__name__)


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the sync sub-commands to `pantau`."""
    p = subparsers.add_parser(
        "enroll", help="enrol this PC with the provincial server (online, or from a slip with --file)"
    )
    p.add_argument("--server", help="server URL, e.g. https://pantau.malukuprov.go.id")
    p.add_argument("--code", help="one-time enrolment code from the province")
    p.add_argument(
        "--file", type=Path, help="an enrolment slip from the province: enrol with no network"
    )
    p.add_argument("--ca-bundle", help="PEM file of the CA that signed the server's certificate")
    p.add_argument("--label", help="name of this PC on the server (default: the host name)")
    p.set_defaults(handler=cmd_enroll)

    p = subparsers.add_parser("sync", help="send queued reports and fetch the province's feedback")
    p.add_argument("--once", action="store_true", help="one pass only")
    p.set_defaults(handler=cmd_sync)

    p = subparsers.add_parser("status", help="what waits to be sent, what was refused, last sync")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(handler=cmd_status)


def _store(args: argparse.Namespace, *, writes: bool = True) -> Store:
    try:
        return command_store(args, writes=writes)
    except StoreError as exc:
        raise CliError(str(exc)) from exc


# -- enroll ------------------------------------------------------------------------------------


def cmd_enroll(args: argparse.Namespace) -> int:
    if args.file is not None:
        if args.server or args.code:
            raise CliError("give either --file (an enrolment slip) or --server with --code, not both")
        return _enroll_from_slip(args)
    if not (args.server and args.code):
        raise CliError("give --server and --code (online), or --file with an enrolment slip")
    ca_bundle = None
    if args.ca_bundle:
        bundle = Path(args.ca_bundle).expanduser()
        if not bundle.is_file():
            raise CliError(f"--ca-bundle {args.ca_bundle}: no such file")
        ca_bundle = str(bundle.resolve())
    store = _store(args)
    try:
        answer = enroll(
            store, server_url=args.server, code=args.code, ca_bundle=ca_bundle, label=args.label
        )
    except ValueError as exc:
        raise CliError(f"--server: {exc}") from exc
    except SyncAuthError as exc:
        raise CliError(f"enrolment refused: {exc}") from exc
    except (SyncError, StoreError) as exc:
        raise CliError(f"enrolment failed: {exc}") from exc
    finally:
        store.close()
    print(
        f"enrolled: device {answer.device_id}, office {answer.office}, server {args.server.rstrip('/')}"
    )
    return 0


def _enroll_from_slip(args: argparse.Namespace) -> int:
    store = _store(args)
    try:
        slip = enroll_from_slip(store, args.file)
    except SealError as exc:
        raise CliError(exc.message) from exc
    except StoreError as exc:
        raise CliError(f"enrolment failed: {exc}") from exc
    finally:
        store.close()
    print(
        f"enrolled from {args.file}: device {slip.device_id}, office {slip.office}, server {slip.server_url} "
        "(no network needed; bundles can be written now, and sync works once a link exists)"
    )
    return 0


# -- sync --------------------------------------------------------------------------------------


class _ProgressBar:
    """A bar redrawn in place on a terminal (10×/s); on a pipe or log, a plain line every 5 s."""

    WIDTH = 30

    def __init__(self) -> None:
        self.live = sys.stderr.isatty()
        self._every = 0.1 if self.live else 5.0
        self._drawn = 0.0

    def update(self, p: SyncProgress) -> None:
        now = time.monotonic()
        if now - self._drawn < self._every and p.phase != "done":
            return
        self._drawn = now
        filled = self.WIDTH * p.items_done // p.items_total if p.items_total else self.WIDTH
        bar = "#" * filled + "." * (self.WIDTH - filled)
        line = f"[{bar}] {p.items_done}/{p.items_total}  up {_size(p.bytes_up)}  down {_size(p.bytes_down)}  {p.phase}"
        sys.stderr.write(f"\r{line:<90}" if self.live else f"{line}\n")
        sys.stderr.flush()

    def close(self) -> None:
        if self.live:
            sys.stderr.write("\n")
            sys.stderr.flush()


def _size(n: int) -> str:
    return f"{n / 1_000_000:.2f} MB" if n >= 1_000_000 else f"{n / 1000:.1f} kB"


def cmd_sync(args: argparse.Namespace) -> int:
    store = _store(args)
    bar = _ProgressBar()
    passes: list[SyncResult] = []
    scheduler = Scheduler(store, on_progress=bar.update)
    scheduler.on_result = passes.append
    scheduler.on_error = lambda error: passes.append(
        scheduler.last_result or SyncResult(error=error)
    )
    crashed: list[BaseException] = []

    def run() -> None:
        try:
            scheduler.run(until_idle=True, max_passes=1 if args.once else None)
        except Exception as exc:  # reported below: a crash must never read as success
            log.debug("sync thread crashed", exc_info=True)  # shown with -v
            crashed.append(exc)

    worker = threading.Thread(target=run, name="pantau-sync")
    started = time.monotonic()
    worker.start()
    try:
        while worker.is_alive():
            worker.join(0.2)
    except KeyboardInterrupt:
        scheduler.stop()
        worker.join(30)
        raise
    finally:
        bar.close()
        store.close()
    if crashed:
        raise CliError(
            f"sync failed: {_crash_text(crashed[0])}; queued reports are kept and go with the next sync"
            " (-v shows the details)"
        )
    if warning := clock_warning(scheduler.clock.offset):
        print(f"pantau: {warning}", file=sys.stderr)
    return _summary(passes, time.monotonic() - started)


def _crash_text(exc: BaseException) -> str:
    cause = getattr(exc, "orig", None) or exc  # SQLAlchemy wraps the driver's error
    if (isinstance(cause, OSError) and cause.errno == errno.ENOSPC) or "disk is full" in str(cause):
        return "the disk is full (free some space, then sync again)"
    return f"{type(cause).__name__}: {cause}"


def _summary(passes: list[SyncResult], elapsed: float) -> int:
    last = passes[-1] if passes else SyncResult()
    rejected = [r for p in passes for r in p.rejected]
    print(
        f"delivered {sum(p.delivered for p in passes)}, duplicates {sum(p.duplicates for p in passes)}, "
        f"rejected {len(rejected)}; up {_size(sum(p.bytes_up for p in passes))}, "
        f"down {_size(sum(p.bytes_down for p in passes))}; {elapsed:.1f} s"
    )
    for r in rejected:
        print(f"  rejected {r.report_id} rev {r.revision}: {r.reason}")
    if conflicts := sum(p.conflicts for p in passes):
        print(
            f"conflicts {conflicts}: the server held other content under those revision numbers"
            " (e.g. after a restore); the changes were sent again as new revisions"
        )
    print(f"still waiting: {last.pending} ({last.pending_urgent} urgent)")
    if last.error is None:
        return 0
    if isinstance(last.error, SyncAuthError):
        raise CliError(str(last.error))
    print(f"pantau: sync stopped: {last.error}", file=sys.stderr)
    return 1 if last.outcome == outcomes.UNREACHABLE else 3


# -- status ------------------------------------------------------------------------------------


def _link_state(store: Store) -> str | None:
    """What a health probe says about the link; None without a server."""
    with store.session() as session:
        url = get_server_url(session=session)
        ca_bundle = get_ca_bundle(session=session)
    if not url:
        return None
    try:
        with Transport(url, ca_bundle=ca_bundle) as transport:
            transport.health()
    except SyncNoAnswer:
        return UNANSWERED
    except SyncError:
        return DISCONNECTED
    return CONNECTED


def cmd_status(args: argparse.Namespace) -> int:
    store = _store(args, writes=False)
    try:
        with store.session() as session:
            status = sync_status(session=session)
            office = get_office(session=session)
            server = get_server_url(session=session)
            waiting = list_reports(
                session=session, query=ReportQuery(
                    states=(ReportState.QUEUED, ReportState.CONFLICT, ReportState.BUNDLED), limit=10_000
                ),
            )
            held = quarantined(session=session)
        enrolled = bool(server) and CredentialStore(store.data_dir).load() is not None
        link = _link_state(store)
    finally:
        store.close()
    waiting.sort(key=lambda r: (not r.urgent, r.updated_at))
    data = {
        "office": office,
        "server": server,
        "enrolled": enrolled,
        "server_reachable": None if link is None else link == CONNECTED,
        "link": link,
        "pending": status.pending,
        "pending_urgent": status.pending_urgent,
        "pending_reports": [
            {
                "id": str(r.id),
                "form_id": r.form_id,
                "revision": r.revision,
                "urgent": r.urgent,
                "title": r.title,
                "bundle": r.bundle_number,
            }
            for r in waiting
        ],
        "quarantined": [
            {
                "id": str(r.id),
                "form_id": r.form_id,
                "revision": r.revision,
                "title": r.title,
                "reason": reason,
            }
            for r, reason in held
        ],
        "last_success": status.last_success.isoformat() if status.last_success else None,
        "last_attempt": status.last_attempt.isoformat() if status.last_attempt else None,
    }
    if args.json:
        print(json.dumps(data, indent=2, ensure_ascii=False))
        return 0
    print(
        f"office {office or '(not set)'}; server {server or '(none)'}: {LINK_WORDS[link]}; enrolled: {'yes' if enrolled else 'no'}"
    )
    print(f"waiting to be sent: {status.pending} ({status.pending_urgent} urgent)")
    for r in waiting[:PENDING_SHOWN]:
        carried = f"  [Dikirim lewat flashdisk (bundel {r.bundle_number})]" if r.bundle_number else ""
        print(
            f"  {'URGENT ' if r.urgent else '       '}{r.id}  rev {r.revision}  {r.form_id}  {r.title}{carried}"
        )
    if len(waiting) > PENDING_SHOWN:
        print(f"  … and {len(waiting) - PENDING_SHOWN} more")
    print(f"refused by the province: {len(held)}")
    for r, reason in held:
        print(f"  {r.id}  rev {r.revision}  {r.title}: {reason}")
    success, attempt = (format_wit(t) if t else "never" for t in (status.last_success, status.last_attempt))
    print(f"last successful sync: {success}; last attempt: {attempt}")
    return 0
