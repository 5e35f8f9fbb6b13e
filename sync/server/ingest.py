"""Push: validate each item, store new revisions once, answer every item separately."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any
from uuid import UUID

import sqlalchemy as sa
from sqlmodel import Session

from sync.forms import FieldDef, FormRegistry, UnknownForm, validate, values
from sync.server.attachments import held_sizes
from sync.server.content import item_content_hash
from sync.server.db import upsert_insert
from sync.server.models import Report, ReportRevision
from sync.server.report_columns import LIST_COLUMNS, PLACE_COLUMNS, list_columns, place_columns
from sync.server.schemas import Principal
from sync.wire import ItemResult, PushItem

log = logging.getLogger(__name__)

MAX_INT32 = 2**31 - 1
# A new revision may be at most this far above the server's latest: the ones between may be
# on their way or were superseded on the PC (a rejected revision replaced by a fixed one).
MAX_REVISION_STEP = 10
EARLIEST = datetime(2000, 1, 1, tzinfo=UTC)
LATEST = datetime(2100, 1, 1, tzinfo=UTC)
TITLE_MAX = 300
REASON_MAX = 2000


@dataclass(slots=True)
class _Candidate:
    index: int
    item: PushItem
    row: dict[str, Any]


class _Refused(Exception):
    """One item cannot be accepted; the message is the reason sent back for it."""


def push_items(
    *,
    session: Session,
    device: Principal,
    items: list[PushItem],
    registry: FormRegistry,
    max_attachment_bytes: int,
    lang: str = "en",
    now: datetime,
) -> list[ItemResult]:
    """Store the batch in one transaction; a refused item never blocks the others.

    Duplicates are decided by the database's unique (report_id, revision) constraint, so
    several server processes receiving the same batch at once still store it once.
    """
    assert device.office is not None
    results: list[ItemResult | None] = [None] * len(items)
    candidates: dict[tuple[UUID, int], _Candidate] = {}
    first_seen: dict[tuple[UUID, int], int] = {}
    repeats: list[int] = []  # the same (id, revision) again in this batch: answered like the first
    for index, item in enumerate(items):
        key = (item.id, item.revision)
        if key in first_seen:
            repeats.append(index)
            continue
        first_seen[key] = index
        try:
            row = _checked_row(
                item,
                office=device.office,
                registry=registry,
                max_attachment_bytes=max_attachment_bytes,
                lang=lang,
            )
        except _Refused as exc:
            results[index] = _rejected(item, str(exc))
            continue
        row.update(device_id=device.id, received_at=now)
        candidates[key] = _Candidate(index=index, item=item, row=row)

    _refuse_missing_attachments(
        session=session, office=device.office, candidates=candidates, results=results
    )
    claimed = _claim_reports(session=session, office=device.office, candidates=candidates, now=now)
    _refuse_foreign_reports(
        office=device.office, owners=claimed.owners, candidates=candidates, results=results
    )
    _refuse_implausible_revisions(claims=claimed, candidates=candidates, results=results)

    inserted = _insert_revisions(session=session, rows=[c.row for c in candidates.values()])
    latest = dict(claimed.latest)
    for report_id, revision in inserted:
        latest[report_id] = max(latest.get(report_id, 0), revision)
    held = _held_hashes(session=session, keys=[k for k in candidates if k not in inserted])
    for key, candidate in candidates.items():
        results[candidate.index] = _answer(
            candidate.item,
            inserted=key in inserted,
            same=held.get(key) == candidate.row["content_hash"],
            latest=latest.get(key[0]),
        )
    _update_reports(
        session=session,
        registry=registry,
        rows=[c.row | {"seq": inserted[k]} for k, c in candidates.items() if k in inserted],
    )
    _drop_unused_claims(session=session, ids=claimed.new)
    session.commit()
    for index in repeats:
        item = items[index]
        key = (item.id, item.revision)
        first = results[first_seen[key]]
        assert first is not None
        if first.status == "rejected":
            results[index] = _rejected(item, first.reason or "")
            continue
        stored = candidates[key].row["content_hash"] if key in inserted else held.get(key)
        results[index] = _answer(
            item, inserted=False, same=item_content_hash(item) == stored, latest=latest.get(item.id)
        )
    log.info(
        "push device=%s office=%s items=%d accepted=%d",
        device.id,
        device.office,
        len(items),
        len(inserted),
    )
    return [result for result in results if result is not None]


def _rejected(item: PushItem, reason: str) -> ItemResult:
    return ItemResult(
        id=item.id, revision=item.revision, status="rejected", reason=reason[:REASON_MAX]
    )


def _utc(value: datetime, name: str) -> datetime:
    if value.tzinfo is None:
        raise _Refused(f"{name} has no UTC offset; send ISO 8601 with an offset")
    try:
        return value.astimezone(UTC)
    except OverflowError:
        raise _Refused(f"{name} is out of range") from None


def _checked_row(
    item: PushItem, *, office: str, registry: FormRegistry, max_attachment_bytes: int, lang: str
) -> dict[str, Any]:
    """The revision row for `item`, or `_Refused` with the reason."""
    if item.office != office:
        raise _Refused(
            f"report of office {item.office}, but this device is enrolled for office {office}"
        )
    if item.revision > MAX_INT32 or item.form_version > MAX_INT32:
        raise _Refused("revision or form version out of range")
    created_at = _utc(item.created_at, "created_at")
    updated_at = _utc(item.updated_at, "updated_at")
    for ref in item.attachments:
        if ref.size > max_attachment_bytes:
            raise _Refused(f"attachment {ref.filename} is larger than {max_attachment_bytes} bytes")
    try:
        form = registry.get(item.form_id, item.form_version)
    except UnknownForm as exc:
        raise _Refused(str(exc)) from None
    errors = validate(form, item.data, office=office, lang=lang)
    # A withdrawal need not be complete, but what it holds is held to the same rules.
    blocking = [e for e in errors if item.status == "submitted" or e.code != "required"]
    if blocking:
        raise _Refused("; ".join(f"{err.field}: {err.message(lang)}" for err in blocking))
    _check_times(form.fields, item.data, created_at=created_at, updated_at=updated_at)
    valid = not errors
    return {
        "report_id": item.id,
        "revision": item.revision,
        "office": office,
        "form_id": item.form_id,
        "form_version": item.form_version,
        "status": item.status,
        "urgent": valid and item.status == "submitted" and form.is_urgent(item.data),
        "title": (form.report_title(item.data) if valid else form.title())[:TITLE_MAX],
        "data": item.data,
        "attachments": [ref.model_dump() for ref in item.attachments],
        "withdraw_reason": item.withdraw_reason,
        "created_at": created_at,
        "updated_at": updated_at,
        "content_hash": item_content_hash(item),
    }


def _check_times(
    fields: tuple[FieldDef, ...], data: dict[str, Any], *, created_at: datetime, updated_at: datetime
) -> None:
    """PC clocks are often wrong, so the bounds are wide; they stop years like 9999."""
    if updated_at < created_at:
        raise _Refused("updated_at is before created_at")
    for name, moment in (("created_at", created_at), ("updated_at", updated_at)):
        if not EARLIEST <= moment < LATEST:
            raise _Refused(f"{name} is outside {EARLIEST.year}–{LATEST.year - 1}")
    for path, day in _dates_in(fields, data, ""):
        if not EARLIEST.date() <= day < LATEST.date():
            raise _Refused(f"{path}: the date is outside {EARLIEST.year}–{LATEST.year - 1}")


def _dates_in(
    fields: tuple[FieldDef, ...], data: dict[str, Any], prefix: str
) -> Iterator[tuple[str, date]]:
    """Every date and date-time value of a validated `data`, with its field path."""
    for field in fields:
        value = data.get(field.id)
        if field.type == "date" and (day := values.parse_date(value)):
            yield prefix + field.id, day
        elif field.type == "datetime" and (moment := values.parse_datetime(value)):
            yield prefix + field.id, moment.date()
        elif field.type == "group" and isinstance(value, list):
            for index, entry in enumerate(value):
                if isinstance(entry, dict):
                    yield from _dates_in(field.fields, entry, f"{prefix}{field.id}[{index}].")


def _answer(item: PushItem, *, inserted: bool, same: bool, latest: int | None) -> ItemResult:
    """accepted (stored now), duplicate (held with this content) or conflict (other content)."""
    if inserted or same:
        status = "accepted" if inserted else "duplicate"
        return ItemResult(id=item.id, revision=item.revision, status=status)
    return ItemResult(
        id=item.id,
        revision=item.revision,
        status="conflict",
        reason=(
            f"the server holds revision {item.revision} of this report with other content; "
            f"send the change as revision {(latest or item.revision) + 1}"
        ),
        latest_revision=latest,
    )


@dataclass(slots=True)
class _Claims:
    owners: dict[UUID, str]  # report id -> the office that owns it
    latest: dict[UUID, int]  # report id -> newest revision held before this push
    forms: dict[UUID, str]  # report id -> its form
    new: list[UUID]  # reports first created by this push (placeholders until filled)


def _claim_reports(
    *, session: Session, office: str, candidates: dict[tuple[UUID, int], _Candidate], now: datetime
) -> _Claims:
    """Create the report rows this push introduces, then lock and read every report it touches.

    The database decides ownership: of two offices (or server processes) pushing one new id
    at once, the second INSERT waits for the first to commit and then does nothing, and the
    row lock (PostgreSQL; SQLite's write lock covers the whole push) keeps the owner read
    here valid until this transaction commits.
    """
    firsts: dict[UUID, _Candidate] = {}
    for (report_id, _), candidate in sorted(candidates.items(), key=lambda kv: kv[0]):
        firsts.setdefault(report_id, candidate)
    if not firsts:
        return _Claims({}, {}, {}, [])
    table = Report.__table__
    placeholders = [
        {
            "id": report_id,
            "office": office,
            "form_id": candidate.item.form_id,
            "latest_revision": 0,
            "latest_seq": 0,
            "status": candidate.item.status,
            "urgent": False,
            "title": "",
            "received_at": now,
        }
        for report_id, candidate in firsts.items()  # sorted: concurrent pushes lock in one order
    ]
    new = session.execute(
        upsert_insert(session, table)
        .on_conflict_do_nothing(index_elements=["id"])
        .returning(table.c.id),
        placeholders,
    ).scalars().all()
    rows = session.execute(
        sa.select(table.c.id, table.c.office, table.c.latest_revision, table.c.form_id)
        .where(table.c.id.in_(list(firsts)))
        .order_by(table.c.id)
        .with_for_update()
    ).all()
    return _Claims(
        owners={row.id: row.office for row in rows},
        latest={row.id: row.latest_revision for row in rows if row.latest_revision},
        forms={row.id: row.form_id for row in rows},
        new=list(new),
    )


def _refuse_foreign_reports(
    *,
    office: str,
    owners: dict[UUID, str],
    candidates: dict[tuple[UUID, int], _Candidate],
    results: list[ItemResult | None],
) -> None:
    for key in [k for k in candidates if owners.get(k[0], office) != office]:
        candidate = candidates.pop(key)
        results[candidate.index] = _rejected(
            candidate.item, "this report id belongs to another office"
        )


def _refuse_implausible_revisions(
    *,
    claims: _Claims,
    candidates: dict[tuple[UUID, int], _Candidate],
    results: list[ItemResult | None],
) -> None:
    """A new revision follows the report's latest (within MAX_REVISION_STEP) and keeps its form."""
    reached = dict(claims.latest)
    for key in sorted(candidates):
        report_id, revision = key
        candidate = candidates[key]
        latest = reached.get(report_id, 0)
        if candidate.item.form_id != claims.forms.get(report_id, candidate.item.form_id):
            reason = (
                f"this report is a {claims.forms[report_id]} report; "
                "a later revision cannot switch to another form"
            )
        elif revision > latest + MAX_REVISION_STEP:
            reason = (
                f"revision {revision} does not follow the server's latest revision {latest} "
                f"of this report (at most {MAX_REVISION_STEP} above it)"
            )
        else:
            reached[report_id] = max(latest, revision)
            continue
        del candidates[key]
        results[candidate.index] = _rejected(candidate.item, reason)


def _held_hashes(*, session: Session, keys: list[tuple[UUID, int]]) -> dict[tuple[UUID, int], str]:
    """The stored content hash of revisions that were already held."""
    if not keys:
        return {}
    table = ReportRevision.__table__
    wanted = set(keys)
    rows = session.execute(
        sa.select(table.c.report_id, table.c.revision, table.c.content_hash).where(
            table.c.report_id.in_({report_id for report_id, _ in wanted}),
            table.c.revision.in_({revision for _, revision in wanted}),
        )
    ).all()
    return {
        (row.report_id, row.revision): row.content_hash
        for row in rows
        if (row.report_id, row.revision) in wanted
    }


def _drop_unused_claims(*, session: Session, ids: list[UUID]) -> None:
    """Remove the report rows claimed by this push that received no revision after all."""
    if ids:
        table = Report.__table__
        session.execute(
            table.delete().where(table.c.id.in_(ids), table.c.latest_revision == 0)
        )


def _refuse_missing_attachments(
    *,
    session: Session,
    office: str,
    candidates: dict[tuple[UUID, int], _Candidate],
    results: list[ItemResult | None],
) -> None:
    wanted = {ref.sha256 for c in candidates.values() for ref in c.item.attachments}
    if not wanted:
        return
    held = held_sizes(session=session, office=office, hashes=wanted)
    for key in list(candidates):
        candidate = candidates[key]
        for ref in candidate.item.attachments:
            if ref.sha256 not in held:
                reason = (
                    f"missing attachment {ref.sha256} ({ref.filename}); upload it before the report"
                )
            elif held[ref.sha256] != ref.size:
                reason = f"attachment {ref.filename} is {held[ref.sha256]} bytes on the server, not {ref.size}"
            else:
                continue
            del candidates[key]
            results[candidate.index] = _rejected(candidate.item, reason)
            break


def _insert_revisions(
    *, session: Session, rows: list[dict[str, Any]]
) -> dict[tuple[UUID, int], int]:
    """Insert the rows the database does not hold yet; returns the new ones' sequence numbers."""
    if not rows:
        return {}
    # A fixed order keeps two processes inserting overlapping batches from deadlocking.
    rows = sorted(rows, key=lambda r: (r["report_id"], r["revision"]))
    table = ReportRevision.__table__
    statement = (
        upsert_insert(session, table)
        .on_conflict_do_nothing(index_elements=["report_id", "revision"])
        .returning(table.c.report_id, table.c.revision, table.c.seq)
    )
    inserted = session.execute(statement, rows).all()
    return {(report_id, revision): seq for report_id, revision, seq in inserted}


def _update_reports(
    *, session: Session, registry: FormRegistry, rows: list[dict[str, Any]]
) -> None:
    """Upsert each report's latest state; an older revision arriving late changes nothing."""
    latest: dict[UUID, dict[str, Any]] = {}
    for row in rows:
        current = latest.get(row["report_id"])
        if current is None or row["revision"] > current["revision"]:
            latest[row["report_id"]] = row
    if not latest:
        return
    table = Report.__table__
    values = [
        {
            "id": row["report_id"],
            "office": row["office"],
            "form_id": row["form_id"],
            "latest_revision": row["revision"],
            "latest_seq": row["seq"],
            "status": row["status"],
            "urgent": row["urgent"],
            "title": row["title"],
            "received_at": row["received_at"],
            **list_columns(
                registry.get(row["form_id"], row["form_version"]),
                row["data"],
                received_at=row["received_at"],
            ),
            **place_columns(registry.get(row["form_id"], row["form_version"]), row["data"]),
        }
        for _, row in sorted(latest.items())
    ]
    statement = upsert_insert(session, table)
    excluded = statement.excluded
    statement = statement.on_conflict_do_update(
        index_elements=["id"],
        set_={
            "latest_revision": excluded.latest_revision,
            "latest_seq": excluded.latest_seq,
            "status": excluded.status,
            "urgent": excluded.urgent,
            "title": excluded.title,
            "received_at": excluded.received_at,
            "form_id": excluded.form_id,
            **{name: excluded[name] for name in (*LIST_COLUMNS, *PLACE_COLUMNS)},
        },
        where=sa.and_(
            table.c.latest_revision < excluded.latest_revision, table.c.office == excluded.office
        ),
    )
    session.execute(statement, values)


def latest_revisions(*, session: Session, office: str, ids: list[UUID]) -> dict[UUID, int]:
    """The server's newest revision of each of these reports that belongs to `office`."""
    if not ids:
        return {}
    table = Report.__table__
    rows = session.execute(
        sa.select(table.c.id, table.c.latest_revision).where(
            table.c.id.in_(set(ids)), table.c.office == office, table.c.latest_revision > 0
        )
    ).all()
    return {row.id: row.latest_revision for row in rows}
