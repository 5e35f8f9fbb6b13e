"""`pantau-server`: run the provincial server and administer offices, devices, analysts, forms."""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any
from uuid import UUID

from pydantic import ValidationError
from sqlalchemy.exc import OperationalError

from sync.cli import silence_broken_pipe
from sync.server.errors import ServerError
from sync.server.private import keep_private
from sync.server.settings import ServerSettings

if TYPE_CHECKING:  # the admin modules load lazily, so `--help` stays quick
    from sqlalchemy.engine import Engine
    from sqlmodel import Session

Handler = Callable[[argparse.Namespace, ServerSettings], int]
# uvicorn's default (5 s) closed connections whose next request still waited in a deep
# modem queue; 75 s (nginx's default) outlasts the queues seen on island links.
KEEP_ALIVE_SECONDS = 75.0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="pantau-server", description=__doc__.splitlines()[0])
    parser.add_argument(
        "--data-dir",
        help="server data folder (default: $PANTAU_SERVER_DATA_DIR or the user data dir)",
    )
    parser.add_argument(
        "--database-url",
        help="database URL (default: $DATABASE_URL, else SQLite in the data folder)",
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="log debug messages")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    serve = commands.add_parser("serve", help="migrate the database and serve the API")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8700)
    serve.add_argument(
        "--workers", type=int, default=1, help="server processes (PostgreSQL: several are fine)"
    )
    serve.add_argument(
        "--keep-alive",
        type=float,
        default=KEEP_ALIVE_SECONDS,
        metavar="SECONDS",
        help=f"close a connection idle this long (default {KEEP_ALIVE_SECONDS:.0f}; the next "
        "request of an office PC may wait that long in a modem's or VSAT terminal's queue)",
    )
    serve.add_argument(
        "--database-url", dest="serve_database_url", metavar="URL", help="same as the global option"
    )
    serve.set_defaults(handler=_serve)

    migrate = commands.add_parser("migrate", help="bring the database schema up to date")
    migrate.set_defaults(handler=_migrate)

    check = commands.add_parser(
        "check", help="find stored text a read would fail on (NUL, lone surrogates); exit 1 if any"
    )
    check.set_defaults(handler=_check)

    office = commands.add_parser("office", help="regency and city offices").add_subparsers(
        dest="action", required=True
    )
    office_list = office.add_parser(
        "list", help="offices with devices, last contact and review backlog"
    )
    office_list.add_argument("--json", action="store_true")
    office_list.set_defaults(handler=_office_list)

    device = commands.add_parser("device", help="office PCs").add_subparsers(
        dest="action", required=True
    )
    enroll = device.add_parser("enroll", help="print a one-time enrolment code for a PC of OFFICE")
    enroll.add_argument("office", metavar="OFFICE", help="office code, e.g. 81.71")
    enroll.add_argument("--label", required=True, help="which PC, e.g. 'PC sekretariat'")
    enroll.add_argument(
        "--slip-out",
        type=Path,
        metavar="FILE",
        help="enrol the PC now and write its enrolment slip (for `pantau enroll --file`, no network)",
    )
    enroll.add_argument(
        "--server-url", metavar="URL", help="with --slip-out: the address the PC syncs with later"
    )
    enroll.add_argument("--json", action="store_true")
    enroll.set_defaults(handler=_device_enroll)
    device_list = device.add_parser("list", help="enrolled devices")
    device_list.add_argument("--office")
    device_list.add_argument("--json", action="store_true")
    device_list.set_defaults(handler=_device_list)
    revoke = device.add_parser("revoke", help="revoke a device's token at once")
    revoke.add_argument("device_id", metavar="DEVICE_ID")
    revoke.add_argument("--reason", default="", help="why (kept in the audit)")
    revoke.add_argument("--json", action="store_true")
    revoke.set_defaults(handler=_device_revoke)
    relabel = device.add_parser("label", help="give a device a new label")
    relabel.add_argument("device_id", metavar="DEVICE_ID")
    relabel.add_argument("label", metavar="LABEL")
    relabel.add_argument("--json", action="store_true")
    relabel.set_defaults(handler=_device_label)

    analyst = commands.add_parser("analyst", help="provincial analysts").add_subparsers(
        dest="action", required=True
    )
    analyst_add = analyst.add_parser(
        "add", help="print a read/review token for a provincial analyst"
    )
    analyst_add.add_argument("name", metavar="NAME")
    analyst_add.add_argument("--json", action="store_true")
    analyst_add.set_defaults(handler=_analyst_add)
    analyst_list = analyst.add_parser("list", help="analyst API tokens (for scripts)")
    analyst_list.add_argument("--json", action="store_true")
    analyst_list.set_defaults(handler=_analyst_list)
    analyst_revoke = analyst.add_parser("revoke", help="revoke an analyst API token at once")
    analyst_revoke.add_argument("analyst_id", metavar="ANALYST_ID")
    analyst_revoke.add_argument("--json", action="store_true")
    analyst_revoke.set_defaults(handler=_analyst_revoke)

    user = commands.add_parser("user", help="console accounts (people)").add_subparsers(
        dest="action", required=True
    )
    user_add = user.add_parser(
        "add", help="add a console account; without --password-stdin a password is generated"
    )
    user_add.add_argument("username", metavar="NAME")
    user_add.add_argument("--role", required=True, choices=("admin", "analyst", "viewer"))
    user_add.add_argument(
        "--password-stdin", action="store_true", help="read the password from standard input"
    )
    user_add.add_argument("--json", action="store_true")
    user_add.set_defaults(handler=_user_add)
    user_list = user.add_parser("list", help="console accounts with role and state")
    user_list.add_argument("--json", action="store_true")
    user_list.set_defaults(handler=_user_list)
    user_disable = user.add_parser("disable", help="stop an account signing in (ends its sessions)")
    user_disable.add_argument("username", metavar="NAME")
    user_disable.add_argument("--json", action="store_true")
    user_disable.set_defaults(handler=_user_disable)
    user_password = user.add_parser("password", help="set an account's password (ends its sessions)")
    user_password.add_argument("username", metavar="NAME")
    user_password.add_argument(
        "--password-stdin", action="store_true", help="read the password from standard input"
    )
    user_password.add_argument("--json", action="store_true")
    user_password.set_defaults(handler=_user_password)

    user_role = user.add_parser("role", help="change an account's role")
    user_role.add_argument("username", metavar="NAME")
    user_role.add_argument("role", choices=("admin", "analyst", "viewer"))
    user_role.add_argument("--json", action="store_true")
    user_role.set_defaults(handler=_user_role)

    form = commands.add_parser("form", help="form versions").add_subparsers(
        dest="action", required=True
    )
    publish = form.add_parser("publish", help="publish a form version (JSON file) to every office")
    publish.add_argument("file", metavar="FILE", type=Path)
    publish.add_argument("--json", action="store_true")
    publish.set_defaults(handler=_form_publish)

    bundle = commands.add_parser("bundle", help="flash-drive bundles from offices").add_subparsers(
        dest="action", required=True
    )
    bundle_import = bundle.add_parser(
        "import", help="store an office's bundle like a push and write the receipt for its PC"
    )
    bundle_import.add_argument("file", type=Path, help="the bundle file")
    bundle_import.add_argument("--receipt-out", required=True, type=Path, metavar="RECEIPT")
    bundle_import.add_argument("--json", action="store_true")
    bundle_import.set_defaults(handler=_bundle_import)
    return parser


def main(argv: Sequence[str] | None = None, *, settings: ServerSettings | None = None) -> int:
    """Run one command; returns the exit code (2 for a problem the user can fix).

    `settings` replaces what the environment says (tests run commands in-process on the
    configuration of their server); `--data-dir` and `--database-url` still override it.
    """
    parser = build_parser()
    args = parser.parse_args(list(sys.argv[1:] if argv is None else argv))
    handler: Handler | None = getattr(args, "handler", None)
    if handler is None:
        parser.print_help()
        return 2
    url = getattr(args, "serve_database_url", None) or args.database_url
    overrides: dict[str, Any] = {}
    if args.data_dir:
        overrides["data_dir"] = Path(args.data_dir)
    if url:
        overrides["database_url"] = url
    try:
        settings = ServerSettings(**((settings.model_dump() if settings else {}) | overrides))
    except ValidationError as exc:
        print(f"pantau-server: configuration refused: {_first_error(exc)}", file=sys.stderr)
        return 2
    keep_private(settings.data_dir)
    if handler is not _serve:
        logging.basicConfig(
            level=logging.DEBUG if args.verbose else logging.WARNING,
            format="%(levelname)s %(name)s: %(message)s",
        )
    try:
        return handler(args, settings)
    except BrokenPipeError:
        return silence_broken_pipe()
    except ServerError as exc:
        print(f"pantau-server: {exc.message}", file=sys.stderr)
        return 2
    except OperationalError as exc:
        print(f"pantau-server: cannot use the database: {exc.orig}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


def _first_error(exc: ValidationError) -> str:
    error = exc.errors()[0]
    return f"{'.'.join(str(p) for p in error['loc'])}: {error['msg']}"


def _engine(settings: ServerSettings) -> Engine:
    """A migrated, seeded database; every command may be the first run on a new server."""
    from sqlmodel import Session

    from sync.server import admin
    from sync.server.db import make_engine, migrate

    settings.data_dir.mkdir(parents=True, exist_ok=True)
    engine = make_engine(settings.resolved_database_url)
    migrate(engine)
    with Session(engine) as session:
        admin.seed_offices(session=session)
    return engine


@contextmanager
def _session(settings: ServerSettings) -> Iterator[Session]:
    """A session on a migrated database; its connections are closed when the block ends."""
    from sqlmodel import Session

    engine = _engine(settings)
    try:
        with Session(engine) as session:
            yield session
    finally:
        engine.dispose()


def _emit(args: argparse.Namespace, data: Any, lines: list[str]) -> int:
    from sync.server.schemas import to_json

    if getattr(args, "json", False):
        print(json.dumps(to_json(data), indent=2, ensure_ascii=False))
    else:
        for line in lines:
            print(line)
    return 0


def shown(text: str) -> str:
    """Text for the terminal: control characters (newlines, ANSI escapes) shown escaped."""
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


def _serve(args: argparse.Namespace, settings: ServerSettings) -> int:
    import uvicorn

    from sync.server import logs

    # Worker processes rebuild the settings from the environment: hand them this one.
    os.environ["PANTAU_SERVER_DATA_DIR"] = str(settings.data_dir)
    if settings.database_url:
        os.environ["DATABASE_URL"] = settings.database_url
    if args.verbose:
        os.environ["PANTAU_SERVER_LOG_LEVEL"] = "debug"
    if args.workers > 1:  # one rotating file cannot be shared by processes; stderr still has all
        os.environ["PANTAU_SERVER_LOG_FILE"] = "false"
    settings = ServerSettings()
    logs.configure(settings)
    _engine(settings).dispose()
    uvicorn.run(
        "sync.server.app:serve_app",
        factory=True,
        host=args.host,
        port=args.port,
        workers=args.workers,
        **uvicorn_options(settings, keep_alive=args.keep_alive),
    )
    return 0


def uvicorn_options(settings: ServerSettings, *, keep_alive: float = KEEP_ALIVE_SECONDS) -> dict[str, Any]:
    """How `serve` runs uvicorn, besides where (tests serving the app in a thread use it too)."""
    from sync.server.protocol import with_header_deadline

    return {
        "log_config": None,
        "access_log": False,
        "proxy_headers": True,
        "timeout_keep_alive": keep_alive,
        "http": with_header_deadline(settings.header_timeout),
        "timeout_graceful_shutdown": 10,
    }


def _check(args: argparse.Namespace, settings: ServerSettings) -> int:
    from sync.server.check import find_bad_text

    with _session(settings) as session:
        found = find_bad_text(session=session)
    for bad in found:
        print(f"{bad.table} {bad.row}: contains {bad.problem}")
    print(f"{len(found)} rows with text that cannot be read back" if found else "all stored text is readable")
    return 1 if found else 0


def _migrate(args: argparse.Namespace, settings: ServerSettings) -> int:
    _engine(settings).dispose()
    print("database schema is up to date")
    return 0


def _office_list(args: argparse.Namespace, settings: ServerSettings) -> int:
    from sync.server import admin

    with _session(settings) as session:
        offices = admin.list_offices(session=session)
    lines = [f"{'CODE':6} {'NAME':34} {'DEVICES':>7} {'REPORTS':>7} {'BACKLOG':>7}  LAST CONTACT"]
    lines += [
        f"{o.code:6} {o.name[:34]:34} {o.devices:7} {o.reports:7} {o.backlog:7}  "
        f"{o.last_contact.isoformat(timespec='minutes') if o.last_contact else 'never'}"
        for o in offices
    ]
    return _emit(args, offices, lines)


def _device_enroll(args: argparse.Namespace, settings: ServerSettings) -> int:
    from sync.server import admin
    from sync.server.audit import cli_actor

    if args.slip_out is not None or args.server_url is not None:
        return _device_slip(args, settings)
    with _session(settings) as session:
        issued = admin.issue_enrolment_code(
            session=session,
            office=args.office,
            label=args.label,
            ttl=settings.enrolment_code_ttl,
            actor=cli_actor(),
        )
    return _emit(
        args,
        issued,
        [
            f"Enrolment code for {issued.office} ({issued.label}): {issued.code}",
            f"Single use; expires {issued.expires_at.isoformat(timespec='minutes')}. It is not shown again.",
        ],
    )


def _device_slip(args: argparse.Namespace, settings: ServerSettings) -> int:
    """`device enroll --slip-out`: the device is enrolled now; its slip carries the token."""
    from sync import fileio
    from sync.bundle.province_slip import issue_slip
    from sync.server import admin
    from sync.server.audit import cli_actor
    from sync.server.errors import InvalidInput
    from sync.server.tokens import utcnow

    if args.slip_out is None or not args.server_url:
        raise InvalidInput("--slip-out FILE and --server-url URL go together")
    with _session(settings) as session:
        slip, data = issue_slip(
            session=session,
            settings=settings,
            office=args.office,
            label=args.label,
            server_url=args.server_url,
            actor=cli_actor(),
            now=utcnow(),
        )
        try:
            fileio.write_bytes(args.slip_out, data, private=True)
        except OSError as exc:
            admin.revoke_device(
                session=session, device_id=slip.device_id, actor=cli_actor(), reason="enrolment slip not written"
            )
            raise InvalidInput(
                f"the enrolment slip could not be written to {args.slip_out}: {exc.strerror or exc}; "
                "nothing usable was made (the device was revoked), try again"
            ) from None
    if args.json:
        written = {"device_id": str(slip.device_id), "office": slip.office, "label": slip.label,
                   "server_url": slip.server_url, "slip": str(args.slip_out)}
        print(json.dumps(written, indent=2, ensure_ascii=False))
    else:
        print(f"Enrolment slip for {slip.office} ({shown(slip.label)}) written to {args.slip_out}: "
              f"device {slip.device_id}.")
        print("It holds the device's token: hand it over in person, and revoke the device if it is lost.")
    return 0


def _bundle_import(args: argparse.Namespace, settings: ServerSettings) -> int:
    from sync import fileio
    from sync.bundle.province import import_bundle, read_file
    from sync.bundle.seal import SealError
    from sync.server.audit import cli_actor
    from sync.server.tokens import utcnow

    try:
        data = read_file(args.file)
        with _session(settings) as session:
            done = import_bundle(
                session=session, settings=settings, data=data, now=utcnow(), actor=cli_actor()
            )
    except SealError as exc:
        print(f"pantau-server: {exc.message}", file=sys.stderr)
        return 2
    try:
        fileio.write_bytes(args.receipt_out, done.receipt)
    except OSError as exc:
        print(
            f"pantau-server: the bundle was stored, but the receipt could not be written to "
            f"{args.receipt_out}: {exc.strerror or exc}; import the bundle again to write it "
            "(nothing is stored twice)",
            file=sys.stderr,
        )
        return 2
    counts = done.counts()
    summary = {
        "device_id": str(done.device_id),
        "office": done.office,
        "bundle": done.number,
        "counts": counts,
        "feed_items": done.feed_items,
        "receipt": str(args.receipt_out),
        "results": [r.model_dump(mode="json") for r in done.results],
    }
    lines = [
        f"bundle {done.number} of office {done.office} (device {done.device_id}): "
        + ", ".join(f"{n} {status}" for status, n in sorted(counts.items()))
        + f"; receipt written to {args.receipt_out}"
    ]
    lines += [
        f"  rejected {r.id} rev {r.revision}: {shown(r.reason or '')}"
        for r in done.results
        if r.status == "rejected"
    ]
    print(json.dumps(summary, indent=2, ensure_ascii=False) if args.json else "\n".join(lines))
    return 0


def _device_list(args: argparse.Namespace, settings: ServerSettings) -> int:
    from sync.server import admin

    with _session(settings) as session:
        devices = admin.list_devices(session=session, office=args.office)
    lines = [f"{'DEVICE ID':36}  {'OFFICE':6}  {'STATE':7}  {'LAST CONTACT':16}  LABEL"]
    lines += [
        f"{d.id}  {d.office:6}  {'revoked' if d.revoked_at else 'active':7}  "
        f"{d.last_seen_at.isoformat(timespec='minutes')[:16] if d.last_seen_at else 'never':16}  {shown(d.label)}"
        for d in devices
    ]
    return _emit(args, devices, lines)


def _device_id(text: str) -> UUID:
    from sync.server.errors import InvalidInput

    try:
        return UUID(text)
    except ValueError:
        raise InvalidInput(f"not a device id: {text!r} (see `pantau-server device list`)") from None


def _device_revoke(args: argparse.Namespace, settings: ServerSettings) -> int:
    from sync.server import admin
    from sync.server.audit import cli_actor

    device_id = _device_id(args.device_id)
    with _session(settings) as session:
        device = admin.revoke_device(
            session=session, device_id=device_id, actor=cli_actor(), reason=args.reason
        )
    return _emit(
        args, device, [f"Device {device.id} ({device.office}, {shown(device.label)}) is revoked."]
    )


def _device_label(args: argparse.Namespace, settings: ServerSettings) -> int:
    from sync.server import admin
    from sync.server.audit import cli_actor

    device_id = _device_id(args.device_id)
    with _session(settings) as session:
        device = admin.relabel_device(
            session=session, device_id=device_id, label=args.label, actor=cli_actor()
        )
    return _emit(args, device, [f"Device {device.id} is now labelled {shown(device.label)}."])


def _analyst_add(args: argparse.Namespace, settings: ServerSettings) -> int:
    from sync.server import admin

    with _session(settings) as session:
        issued = admin.add_analyst(session=session, name=args.name)
    return _emit(
        args,
        issued,
        [
            f"Analyst token for {issued.name}: {issued.token}",
            "It is not shown again; keep it safe.",
        ],
    )


def _analyst_list(args: argparse.Namespace, settings: ServerSettings) -> int:
    from sync.server import admin

    with _session(settings) as session:
        analysts = admin.list_analysts(session=session)
    lines = [f"{'ANALYST ID':36}  {'STATE':7}  NAME"]
    lines += [
        f"{a.id}  {'revoked' if a.revoked_at else 'active':7}  {_printable(a.name)}" for a in analysts
    ]
    return _emit(args, analysts, lines)


def _analyst_revoke(args: argparse.Namespace, settings: ServerSettings) -> int:
    from sync.server import admin
    from sync.server.audit import cli_actor
    from sync.server.errors import InvalidInput

    try:
        analyst_id = UUID(args.analyst_id)
    except ValueError:
        raise InvalidInput(
            f"not an analyst id: {args.analyst_id!r} (see `pantau-server analyst list`)"
        ) from None
    with _session(settings) as session:
        analyst = admin.revoke_analyst(session=session, analyst_id=analyst_id, actor=cli_actor())
    return _emit(args, analyst, [f"Analyst token {analyst.id} ({_printable(analyst.name)}) is revoked."])


def _printable(text: str) -> str:
    """Names typed by people, shown in a terminal: control characters become visible escapes."""
    return "".join(ch if ch.isprintable() else repr(ch)[1:-1] for ch in text)


def _read_password(args: argparse.Namespace) -> str | None:
    """The password piped on standard input (one line), or None to generate one."""
    from sync.server.errors import InvalidInput

    if not args.password_stdin:
        return None
    password = sys.stdin.readline().rstrip("\r\n")
    if not password:
        raise InvalidInput("no password on standard input")
    return password


def _user_add(args: argparse.Namespace, settings: ServerSettings) -> int:
    from sync.server import users
    from sync.server.audit import cli_actor

    password = _read_password(args)
    with _session(settings) as session:
        issued = users.add_user(
            session=session,
            username=args.username,
            role=args.role,
            password=password,
            actor=cli_actor(),
        )
    lines = [f"Account {issued.user.username} ({issued.user.role}) added."]
    if issued.password:
        lines.append(f"Password: {issued.password}")
        lines.append("It is not shown again; hand it over safely and ask for a change.")
    return _emit(args, issued, lines)


def _user_list(args: argparse.Namespace, settings: ServerSettings) -> int:
    from sync.server import users

    with _session(settings) as session:
        accounts = users.list_users(session=session)
    lines = [f"{'NAME':24} {'ROLE':8} {'STATE':8}  LAST SIGN-IN"]
    lines += [
        f"{u.username:24} {u.role:8} {'disabled' if u.disabled_at else 'active':8}  "
        f"{u.last_login_at.isoformat(timespec='minutes') if u.last_login_at else 'never'}"
        for u in accounts
    ]
    return _emit(args, accounts, lines)


def _user_disable(args: argparse.Namespace, settings: ServerSettings) -> int:
    from sync.server import users
    from sync.server.audit import cli_actor

    with _session(settings) as session:
        account = users.disable_user(session=session, username=args.username, actor=cli_actor())
    return _emit(args, account, [f"Account {account.username} is disabled."])


def _user_password(args: argparse.Namespace, settings: ServerSettings) -> int:
    from sync.server import passwords, users
    from sync.server.audit import cli_actor
    from sync.server.schemas import UserIssued

    password = _read_password(args)
    generated = password is None
    password = password or passwords.generate_password()
    with _session(settings) as session:
        account = users.set_password(
            session=session, username=args.username, password=password, actor=cli_actor()
        )
    lines = [f"Password of {account.username} changed; its open sessions ended."]
    if generated:
        lines.append(f"Password: {password}")
        lines.append("It is not shown again.")
    return _emit(args, UserIssued(user=account, password=password if generated else None), lines)


def _user_role(args: argparse.Namespace, settings: ServerSettings) -> int:
    from sync.server import users
    from sync.server.audit import cli_actor

    with _session(settings) as session:
        account = users.set_role(
            session=session, username=args.username, role=args.role, actor=cli_actor()
        )
    return _emit(args, account, [f"Account {account.username} is now {account.role}."])


def _form_publish(args: argparse.Namespace, settings: ServerSettings) -> int:
    from sync.server import admin
    from sync.server.audit import cli_actor
    from sync.server.errors import InvalidInput

    try:
        data = args.file.read_bytes()
    except OSError as exc:
        raise InvalidInput(f"cannot read {args.file}: {exc.strerror}") from None
    definition = admin.read_form_file(data, str(args.file))
    with _session(settings) as session:
        published = admin.publish_form(session=session, definition=definition, actor=cli_actor())
    return _emit(
        args,
        published,
        [
            f"Published {published.form_id} version {published.version}; offices get it on their next sync."
        ],
    )


if __name__ == "__main__":
    sys.exit(main())
