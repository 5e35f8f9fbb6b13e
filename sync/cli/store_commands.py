"""CLI commands over the local store: init, new, submit, amend, withdraw, list, show, export, check, backup, restore."""

from __future__ import annotations

import argparse
import dataclasses
import functools
import json
import sys
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any
from uuid import UUID

import sqlalchemy as sa

from sync import paths
from sync.cli import CliError, command_store, hold_lock
from sync.cli.key_commands import unlock_asking
from sync.export import FORMATS, export_reports
from sync.forms import FieldError, FormDef, FormDefinitionError, UnknownForm, validate
from sync.forms.numbers import numbers_from_text
from sync.regions import Regions
from sync.store import attachments as store_attachments
from sync.store import backup, check, cipher, restore
from sync.store import reports as repo
from sync.store.db import DB_NAME, Store, classify_error
from sync.store.errors import StoreError, ValidationFailed
from sync.store.form_versions import form_registry
from sync.store.schemas import ReportDetail, ReportPublic, ReportQuery, ReportState
from sync.store.settings import get_office, set_office

Handler = Callable[[argparse.Namespace], int]
LIST_LIMIT = 1_000_000


def _guarded(handler: Handler) -> Handler:
    """Turn the engine's errors about bad input into `CliError` (a message, exit status 2)."""

    @functools.wraps(handler)
    def run(args: argparse.Namespace) -> int:
        try:
            return handler(args)
        except ValidationFailed as exc:
            lines = "\n".join(f"  {e.field}: {e.message_en}" for e in exc.errors)
            raise CliError(f"{exc.summary}; nothing was written:\n{lines}") from exc
        except (StoreError, UnknownForm, FormDefinitionError, ValueError) as exc:
            raise CliError(str(exc)) from exc
        except (sa.exc.DBAPIError, cipher.Error) as exc:  # a full disk, a file in use…
            raise CliError(str(classify_error(paths.data_dir(args.data_dir) / DB_NAME, exc))) from exc

    return run


def _read_text(source: str) -> str:
    """UTF-8 text from a file or standard input, with or without the BOM Windows editors add."""
    if source != "-":
        return Path(source).read_text(encoding="utf-8-sig")
    raw = getattr(sys.stdin, "buffer", None)
    if raw is None:  # a text stream that is not a console or pipe (already decoded)
        return sys.stdin.read().removeprefix("\ufeff")
    return raw.read().decode("utf-8-sig")


def _read_json(source: str) -> Any:
    where = "standard input" if source == "-" else source
    try:
        text = _read_text(source)
    except OSError as exc:
        raise CliError(f"cannot read {source}: {exc.strerror}") from exc
    except UnicodeDecodeError as exc:
        raise CliError(f"{where} is not UTF-8 text (byte {exc.start}); save it as UTF-8") from exc
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise CliError(
            f"malformed JSON in {where}: {exc.msg} at line {exc.lineno} column {exc.colno}"
        ) from exc


def _json_default(value: Any) -> Any:
    if isinstance(value, UUID):
        return str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    raise TypeError(f"cannot show {type(value).__name__} as JSON")


def _print_json(value: Any) -> None:
    print(json.dumps(value, default=_json_default, ensure_ascii=False, indent=2))


def _report_id(store: Store, text: str) -> UUID:
    with store.session() as session:
        return repo.resolve_report_id(session=session, text=text)


@_guarded
def cmd_init(args: argparse.Namespace) -> int:
    store = command_store(args, writes=True)
    with store.session() as session:
        set_office(session=session, code=args.office)
    print(f"office set: {args.office} {Regions.load().name(args.office) or ''}".rstrip())
    return 0


def _numbered(items: list[Any], errors_of: Callable[[Any], list[FieldError]]) -> list[FieldError]:
    """Every item's errors, fields prefixed by the item's number when there are several (`#3.jumlah`)."""
    return [
        dataclasses.replace(e, field=f"#{n}.{e.field}" if len(items) > 1 else e.field)
        for n, item in enumerate(items, start=1)
        for e in errors_of(item)
    ]


def _read_numbers(form: FormDef, payload: Any) -> Any:
    """Numbers given as text ("7.500.000", "15 miliar") become numbers; text that is not exactly
    a number stops the command with the field named (exit 2), nothing written."""
    items = payload if isinstance(payload, list) else [payload]
    read = [numbers_from_text(form.fields, item) for item in items]
    errors = _numbered([found for _, found in read], lambda found: found)
    if errors:
        raise ValidationFailed(errors)
    values = [data for data, _ in read]
    return values if isinstance(payload, list) else values[0]


def _check_draft_values(session: Any, form: FormDef, payload: Any) -> None:
    """A draft from a file may leave fields empty, but what it does fill must be right."""
    items = payload if isinstance(payload, list) else [payload]
    if not all(isinstance(item, dict) for item in items):
        return  # the store refuses non-objects with its own message
    office = get_office(session=session)
    if office is None:
        return  # the store says the office is not set
    errors = _numbered(
        items, lambda item: [e for e in validate(form, item, office=office) if e.code != "required"]
    )
    if errors:
        raise ValidationFailed(errors)


def _files(form: FormDef, specs: list[str]) -> list[tuple[str, Path, str]]:
    """`--attach FIELD=PATH` options as (field, file, SHA-256); each file readable and not empty."""
    fields = [f.id for f in form.fields if f.type == "attachments"]
    files = []
    for spec in specs:
        name, _, path = spec.partition("=")
        if not name or not path:
            raise CliError(f"--attach {spec!r}: write FIELD=PATH, e.g. foto=kejadian.jpg")
        if name not in fields:
            known = ", ".join(fields) or "none"
            raise CliError(
                f"--attach {name}: form {form.id} has no attachments field {name!r} (its attachments fields: {known})"
            )
        source = Path(path)
        try:
            if source.stat().st_size == 0:
                raise CliError(f"--attach {name}: {path} is empty (0 bytes)")
            files.append((name, source, store_attachments.file_sha256(source)))
        except OSError as exc:
            raise CliError(f"--attach {name}: cannot read {path}: {exc.strerror}") from exc
    return files


def _with_files(data: Any, files: list[tuple[str, Path, str]]) -> dict[str, Any]:
    """`data` whose attachments fields also list the files' hashes (once each)."""
    if not isinstance(data, dict):
        raise CliError("--attach goes with one report: --data must be a JSON object, not a list")
    merged = dict(data)
    for name, _, sha in files:
        listed = merged.get(name) if isinstance(merged.get(name), list) else []
        merged[name] = listed if sha in listed else [*listed, sha]
    return merged


def _attach_and_submit(
    store: Store, session: Any, report_id: UUID, data: dict[str, Any], files: list[tuple[str, Path, str]], *, submit: bool
) -> ReportPublic:
    for _, source, _ in files:
        store_attachments.add_attachment(store=store, session=session, report_id=report_id, source=source)
    report = repo.save_draft(session=session, report_id=report_id, data=data)
    return repo.submit_report(session=session, report_id=report_id) if submit else report


def _new_with_files(store: Store, session: Any, form: FormDef, payload: Any, args: argparse.Namespace) -> int:
    """`pantau new --attach`: checked in full before anything is written, then draft, files, submit."""
    files = _files(form, args.attach)
    data = _with_files(payload, files)
    office = get_office(session=session)
    if office is not None:
        errors = [e for e in validate(form, data, office=office) if args.submit or e.code != "required"]
        if errors:
            raise ValidationFailed(errors)
    draft = repo.create_draft(session=session, form_id=form.id, data=data)
    print(_attach_and_submit(store, session, draft.id, data, files, submit=args.submit).id)
    sys.stdout.flush()
    return 0


def _amend_with_files(store: Store, session: Any, report_id: UUID, payload: Any, specs: list[str]) -> ReportPublic:
    """`pantau amend --attach`: the new values and files checked first, then one new revision."""
    found = repo.get_report(session=session, report_id=report_id).report
    form = form_registry(session=session).get(found.form_id, found.form_version)
    files = _files(form, specs)
    data = _with_files(payload, files)
    errors = validate(form, data, office=found.office)
    if errors:
        raise ValidationFailed(errors)
    repo.start_amendment(session=session, report_id=report_id)
    return _attach_and_submit(store, session, report_id, data, files, submit=True)


@_guarded
def cmd_new(args: argparse.Namespace) -> int:
    payload = _read_json(args.data)
    store = command_store(args, writes=True)
    with store.session() as session:
        form = form_registry(session=session).get(args.form_id)
        payload = _read_numbers(form, payload)
        if args.attach:
            return _new_with_files(store, session, form, payload, args)
        if not args.submit:
            _check_draft_values(session, form, payload)
        if isinstance(payload, list):
            made = repo.import_reports(
                session=session, form_id=args.form_id, items=payload, submit=args.submit
            )
        else:
            made = [
                repo.create_draft(
                    session=session, form_id=args.form_id, data=payload, submit=args.submit
                )
            ]
    for report in made:
        print(report.id)
    sys.stdout.flush()
    return 0


@_guarded
def cmd_submit(args: argparse.Namespace) -> int:
    store = command_store(args, writes=True)
    report_id = _report_id(store, args.id)
    with store.session() as session:
        report = repo.submit_report(session=session, report_id=report_id)
    print(f"{report.id} {report.state.value} (revision {report.revision})")
    return 0


@_guarded
def cmd_amend(args: argparse.Namespace) -> int:
    payload = _read_json(args.data)
    store = command_store(args, writes=True)
    report_id = _report_id(store, args.id)
    with store.session() as session:
        found = repo.get_report(session=session, report_id=report_id).report
        payload = _read_numbers(form_registry(session=session).get(found.form_id, found.form_version), payload)
        if args.attach:
            report = _amend_with_files(store, session, report_id, payload, args.attach)
        else:
            report = repo.amend_report(session=session, report_id=report_id, data=payload)
    print(f"{report.id} {report.state.value} (revision {report.revision})")
    return 0


@_guarded
def cmd_withdraw(args: argparse.Namespace) -> int:
    store = command_store(args, writes=True)
    report_id = _report_id(store, args.id)
    with store.session() as session:
        report = repo.withdraw_report(session=session, report_id=report_id, reason=args.reason)
    print(f"{report.id} withdrawal queued (revision {report.revision})")
    return 0


def state_words(report: ReportPublic) -> str:
    """The state as the CLI prints it; a bundled report names its bundle, as the desktop does."""
    if report.state is ReportState.BUNDLED:
        return f"bundled {report.bundle_number}"
    return report.state.value


def _list_line(report: ReportPublic) -> str:
    day = report.report_date.strftime("%d/%m/%Y") if report.report_date else "--/--/----"
    mark = "!" if report.urgent else " "
    return (
        f"{report.id}  {day}  {mark} {state_words(report):<14} {report.form_id:<22} {report.title}"
    )


@_guarded
def cmd_list(args: argparse.Namespace) -> int:
    query = ReportQuery(
        form_id=args.form,
        states=(ReportState(args.status),) if args.status else (),
        search=args.search,
        limit=args.limit or LIST_LIMIT,
    )
    store = command_store(args, writes=False)
    with store.session() as session:
        found = repo.list_reports(session=session, query=query)
    if args.json:
        _print_json([dataclasses.asdict(r) for r in found])
    else:
        for report in found:
            print(_list_line(report))
    return 0


def _print_detail(store: Store, detail: ReportDetail) -> None:
    report = detail.report
    with store.session() as session:
        registry = form_registry(session=session)
    form = registry.get(report.form_id, report.form_version)
    print(f"{report.title}")
    print(f"  id:       {report.id}")
    print(f"  form:     {form.title('en')} ({report.form_id} v{report.form_version})")
    print(f"  office:   {report.office} {Regions.load().name(report.office) or ''}")
    print(f"  state:    {state_words(report)}{' (urgent)' if report.urgent else ''}")
    amending = report.draft_revision is not None and report.state is not ReportState.DRAFT
    print(f"  revision: {report.revision}{' (an amendment is being edited)' if amending else ''}")
    if report.rejected_reason:
        print(f"  rejected: {report.rejected_reason}")
    if report.review_comment:
        print(f"  review:   {report.review_comment}")
    print()
    for field in form.fields:
        value = report.data.get(field.id)
        if value not in (None, "", [], {}):
            print(f"  {field.label('en')}: {form.format_value(field.id, value, 'en')}")
    print("\nRevisions:")
    for revision in detail.revisions:
        sent = (
            f", delivered {revision.delivered_at:%Y-%m-%d %H:%M} UTC"
            if revision.delivered_at
            else ""
        )
        files = f", {len(revision.attachments)} file(s)" if revision.attachments else ""
        why = f" — {revision.withdraw_reason}" if revision.withdraw_reason else ""
        print(
            f"  {revision.revision}: {revision.status}, {revision.created_at:%Y-%m-%d %H:%M} UTC{sent}{files}{why}"
        )
    for review in detail.reviews:
        print(f"Review of revision {review.revision}: {review.decision} {review.comment}".rstrip())


@_guarded
def cmd_show(args: argparse.Namespace) -> int:
    store = command_store(args, writes=False)
    report_id = _report_id(store, args.id)
    with store.session() as session:
        detail = repo.get_report(session=session, report_id=report_id)
    if args.json:
        _print_json(dataclasses.asdict(detail))
    else:
        _print_detail(store, detail)
    return 0


@_guarded
def cmd_export(args: argparse.Namespace) -> int:
    store = command_store(args, writes=False)
    with store.session() as session:
        count = export_reports(
            session=session, fmt=args.format, out=Path(args.out), month=args.month
        )
    print(f"{count} report(s) written to {args.out}")
    return 0


@_guarded
def cmd_check(args: argparse.Namespace) -> int:
    store = command_store(args, writes=False, auto_backup=False)
    result = check(store)
    with store.session() as session:
        office = get_office(session=session)
    print(f"schema revision: {result.schema_revision}")
    print(f"office: {office or 'not set'}")
    print(f"reports: {result.reports}, attachments: {result.attachments}")
    for problem in result.problems:
        print(f"PROBLEM: {problem}")
    print("ok" if result.ok else "DAMAGED")
    return 0 if result.ok else 1


@_guarded
def cmd_backup(args: argparse.Namespace) -> int:
    written = backup(command_store(args, writes=False), Path(args.out))
    print(f"backup written to {written}")
    return 0


@_guarded
def cmd_restore(args: argparse.Namespace) -> int:
    source = Path(args.file)
    if not source.is_file():
        raise CliError(f"{source} is not a file")
    hold_lock(args)  # refused while the desktop app (or another command) has the folder open
    unlock_asking(paths.data_dir(args.data_dir))
    kept = restore(paths.data_dir(args.data_dir), source)
    store = command_store(args, writes=True, auto_backup=False)  # migrates a backup of an older Pantau
    result = check(store)
    print(f"restored {result.reports} report(s) from {source}; previous database kept as {kept}")
    return 0 if result.ok else 1


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the store's sub-commands to `pantau`."""

    def add(name: str, handler: Handler, help_text: str) -> argparse.ArgumentParser:
        parser = subparsers.add_parser(name, help=help_text, description=help_text)
        parser.set_defaults(handler=handler)
        return parser

    add("init", cmd_init, "set this PC's office (a regency/city code, 81.01 … 81.72)").add_argument(
        "--office", required=True, metavar="CODE"
    )
    new = add(
        "new",
        cmd_new,
        "create a draft (or submit at once) from JSON field values; prints the id(s)",
    )
    new.add_argument("form_id", metavar="FORM_ID")
    new.add_argument(
        "--data",
        required=True,
        metavar="FILE|-",
        help="a JSON object, or a list of them (all or nothing)",
    )
    new.add_argument("--submit", action="store_true", help="validate and queue for sending at once")
    attach_help = "attach a file to the form's attachments field FIELD (repeatable), e.g. foto=kejadian.jpg"
    new.add_argument("--attach", action="append", default=[], metavar="FIELD=PATH", help=attach_help)
    add(
        "submit", cmd_submit, "validate and submit a draft (or an amendment being edited)"
    ).add_argument("id", metavar="ID")
    amend = add("amend", cmd_amend, "submit new values for a submitted report (a new revision)")
    amend.add_argument("id", metavar="ID")
    amend.add_argument("--data", required=True, metavar="FILE|-")
    amend.add_argument("--attach", action="append", default=[], metavar="FIELD=PATH", help=attach_help)
    withdraw = add(
        "withdraw",
        cmd_withdraw,
        "withdraw a submitted report (a new revision, sent like the others)",
    )
    withdraw.add_argument("id", metavar="ID")
    withdraw.add_argument("--reason", required=True, metavar="TEXT")
    listing = add("list", cmd_list, "list reports, newest first")
    listing.add_argument("--form", metavar="F")
    listing.add_argument("--status", metavar="S", choices=[s.value for s in ReportState])
    listing.add_argument("--search", metavar="TEXT", help="words to find in the reports' text")
    listing.add_argument("--limit", type=int, metavar="N", help="at most N reports")
    listing.add_argument("--json", action="store_true")
    show = add("show", cmd_show, "show one report with its revisions and reviews")
    show.add_argument("id", metavar="ID")
    show.add_argument("--json", action="store_true")
    export = add("export", cmd_export, "export reports to a file")
    export.add_argument("--format", required=True, choices=FORMATS)
    export.add_argument("--out", required=True, metavar="FILE")
    export.add_argument("--month", metavar="YYYY-MM")
    add("check", cmd_check, "check the database's integrity and schema; non-zero exit if damaged")
    add("backup", cmd_backup, "write a copy of the database to FILE").add_argument(
        "--out", required=True, metavar="FILE"
    )
    add(
        "restore", cmd_restore, "replace the database with a backup (the current one is kept aside)"
    ).add_argument("file", metavar="FILE")
