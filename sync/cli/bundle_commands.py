"""CLI commands for flash-drive delivery: `bundle export` and `bundle import` (a receipt)."""

from __future__ import annotations

import argparse
from pathlib import Path

from sync.bundle.office import export_bundle, import_receipt
from sync.bundle.seal import SealError
from sync.cli import CliError, command_store, disk_message
from sync.store.errors import StoreError


def register(subparsers: argparse._SubParsersAction) -> None:
    bundle = subparsers.add_parser(
        "bundle", help="send reports on a flash drive and read the province's receipt"
    ).add_subparsers(dest="action", required=True, metavar="ACTION")
    p = bundle.add_parser("export", help="write everything not yet acknowledged into a sealed file")
    p.add_argument("--out", required=True, type=Path, help="the bundle file to write (e.g. on the flash drive)")
    p.set_defaults(handler=cmd_export)
    p = bundle.add_parser("import", help="apply the province's receipt of a bundle")
    p.add_argument("receipt", type=Path, help="the receipt file")
    p.set_defaults(handler=cmd_import)


def cmd_export(args: argparse.Namespace) -> int:
    try:
        done = export_bundle(command_store(args, writes=True), args.out)
    except (SealError, StoreError) as exc:
        raise CliError(str(exc)) from exc
    except OSError as exc:  # a full or pulled-out flash drive: the old file (if any) is intact
        raise CliError(f"the bundle was not written, nothing changed: {disk_message(exc)}") from exc
    print(f"bundle {done.number} written to {args.out}: {done.items} report revisions, "
          f"{done.files} attachments, {done.size} bytes")
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    try:
        read = import_receipt(command_store(args, writes=True), args.receipt)
    except (SealError, StoreError) as exc:
        raise CliError(str(exc)) from exc
    outcome = read.outcome
    print(f"receipt of bundle {read.number}: {outcome.delivered + outcome.duplicates} acknowledged, "
          f"{len(outcome.rejected)} refused, {outcome.conflicts} renumbered, "
          f"{read.feed_items} reviews and forms")
    for rejection in outcome.rejected:
        print(f"  refused {rejection.report_id} rev {rejection.revision}: {rejection.reason}")
    return 0
