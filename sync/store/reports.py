"""Reports and their lifecycle (design §3), enforced here whatever the caller.

draft (editable, never synced) → submitted (frozen, queued) → delivered → reviewed
(verified / needs_revision). After submission a report changes only by new revisions:
an amendment (edited as a draft revision, then submitted) or a withdrawal. A report and
its outbox entry are always written in the same transaction.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from typing import Any, TypeVar
from uuid import UUID, uuid4

import sqlalchemy as sa
from sqlmodel import Session, func, select

from sync.forms import WIT, FieldError, FormDef, FormRegistry, apply_defaults, validate
from sync.store.attachments import copy_links, missing_links
from sync.store.errors import InvalidTransition, OfficeNotSet, StoreError, ValidationFailed
from sync.store.form_versions import form_registry
from sync.store.listing import count_reports, list_reports
from sync.store.models import OutboxItem, Report, Revision, RevisionAttachment
from sync.store.public import report_detail, report_public
from sync.store.schemas import ReportDetail, ReportPublic, ReportState
from sync.store.search import index_new_reports, index_report, unindex_report
from sync.store.settings import get_office
from sync.store.states import refresh_state
from sync.store.units import load_report, resolve_report_id, writing

__all__ = [
    "amend_report",
    "count_reports",
    "create_draft",
    "delete_draft",
    "get_report",
    "import_reports",
    "list_reports",
    "resolve_report_id",
    "save_draft",
    "start_amendment",
    "submit_report",
    "withdraw_report",
]

T = TypeVar("T")


def _now() -> datetime:
    return datetime.now(UTC)


def _checked_data(data: Any) -> dict[str, Any]:
    """A deep copy of `data`, which must be a JSON object."""
    if not isinstance(data, dict):
        raise StoreError(
            f"report data must be a JSON object of field values, not {type(data).__name__}",
            message_id="Data laporan harus berupa objek JSON.",
        )
    try:
        json.dumps(data)
    except (TypeError, ValueError) as exc:
        raise StoreError(
            f"report data is not JSON: {exc}", message_id="Data laporan bukan JSON."
        ) from exc
    return copy.deepcopy(data)


def _lenient(compute: Callable[[], T], fallback: T, *, draft: bool) -> T:
    """A draft may hold half-typed values; its list columns then fall back instead of failing."""
    if not draft:
        return compute()
    try:
        return compute()
    except (ValueError, TypeError, KeyError, AttributeError):
        return fallback


def _alert_rank(form: FormDef, level: str | None) -> int:
    """1 + the level's position among the alert field's choices (ordered low to high); 0 for none."""
    if level is None or form.alert_field is None:
        return 0
    return 1 + [c.value for c in form.field(form.alert_field).choices].index(level)


def _columns(
    form: FormDef, data: dict[str, Any], *, draft: bool, created_at: datetime
) -> dict[str, Any]:
    """The report's list columns and search text, from the values of its current revision."""
    day: date | None = _lenient(lambda: form.report_date(data), None, draft=draft)
    level: str | None = _lenient(lambda: form.alert_level(data), None, draft=draft)
    return {
        "form_version": form.version,
        "data": data,
        "title": _lenient(lambda: form.report_title(data), "", draft=draft) or form.title("id"),
        "search_text": _lenient(lambda: form.searchable_text(data), "", draft=draft),
        "urgent": _lenient(lambda: bool(form.is_urgent(data)), False, draft=draft),
        "alert_level": level,
        "alert_rank": _alert_rank(form, level),
        "kecamatan": _lenient(lambda: form.region(data), None, draft=draft),
        # Undated drafts sort by the day they were made (in WIT, the offices' time zone).
        "report_date": day or created_at.astimezone(WIT).date(),
    }


def _describe(
    session: Session, report: Report, form: FormDef, data: dict[str, Any], *, draft: bool
) -> None:
    """Set an existing report's list columns from `data`, and keep FTS in step."""
    old = (report.title, report.search_text)
    for name, value in _columns(form, data, draft=draft, created_at=report.created_at).items():
        setattr(report, name, value)
    report.updated_at = _now()
    index_report(session, report, old=old)


def _office(session: Session) -> str:
    office = get_office(session=session)
    if office is None:
        raise OfficeNotSet()
    return office


def _form_of(registry: FormRegistry, report: Report, version: int | None = None) -> FormDef:
    return registry.get(report.form_id, version or report.form_version)


def _revision(session: Session, report: Report, number: int) -> Revision:
    revision = session.get(Revision, (report.id, number))
    if revision is None:
        raise StoreError(f"report {report.id} lacks revision {number}")
    return revision


def _valid_data(
    session: Session,
    *,
    report_id: UUID,
    office: str,
    form: FormDef,
    data: dict[str, Any],
    revision: int,
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """`data` with defaults applied and the file links it needs; ValidationFailed names every bad field."""
    complete = apply_defaults(form, data)
    errors = validate(form, complete, office=office)
    links: list[dict[str, Any]] = []
    if not errors:
        errors, links = missing_links(
            session, report_id=report_id, revision=revision, form=form, data=complete
        )
    if errors:
        raise ValidationFailed(errors)
    return complete, links


def _queue(session: Session, report: Report, revision: Revision) -> None:
    """Put a frozen revision in the outbox; older quarantined revisions are superseded by it."""
    session.execute(
        sa.delete(OutboxItem).where(
            OutboxItem.report_id == report.id,  # type: ignore[arg-type]
            OutboxItem.quarantine_reason.is_not(None),  # type: ignore[union-attr]
        )
    )
    session.add(
        OutboxItem(
            report_id=report.id, revision=revision.revision, urgent=report.urgent, queued_at=_now()
        )
    )
    report.submitted_revision = revision.revision
    report.draft_revision = None
    report.revision = revision.revision
    session.flush()
    refresh_state(session, report)


def _freeze(
    session: Session, report: Report, form: FormDef, revision: Revision, data: dict[str, Any]
) -> None:
    complete, links = _valid_data(
        session,
        report_id=report.id,
        office=report.office,
        form=form,
        data=data,
        revision=revision.revision,
    )
    if links:
        session.execute(sa.insert(RevisionAttachment), links)
    revision.data = complete
    revision.status = "submitted"
    revision.created_at = _now()
    _describe(session, report, form, complete, draft=False)
    _queue(session, report, revision)


@dataclass
class _NewRows:
    """The rows of one new report, built (and validated) before any is written."""

    report: dict[str, Any]
    revision: dict[str, Any]
    links: list[dict[str, Any]]
    queued: dict[str, Any] | None


def _prepare(
    session: Session, form: FormDef, office: str, data: Any, *, submit: bool, now: datetime
) -> _NewRows:
    values = _checked_data(data)
    report_id = uuid4()
    links: list[dict[str, Any]] = []
    if submit:
        values, links = _valid_data(
            session, report_id=report_id, office=office, form=form, data=values, revision=1
        )
    columns = _columns(form, values, draft=not submit, created_at=now)
    report = {
        "id": report_id,
        "form_id": form.id,
        "office": office,
        "state": (ReportState.QUEUED if submit else ReportState.DRAFT).value,
        "revision": 1,
        "submitted_revision": 1 if submit else 0,
        "draft_revision": None if submit else 1,
        "withdrawn": False,
        "rejected_reason": None,
        "review_comment": None,
        "bundle_number": None,
        "created_at": now,
        "updated_at": now,
        **columns,
    }
    revision = {
        "report_id": report_id,
        "revision": 1,
        "status": "submitted" if submit else "draft",
        "form_version": form.version,
        "data": values,
        "created_at": now,
        "delivered_at": None,
        "withdraw_reason": None,
        "rejected_reason": None,
    }
    queued = None
    if submit:
        queued = {
            "report_id": report_id,
            "revision": 1,
            "urgent": columns["urgent"],
            "queued_at": now,
            "attempts": 0,
            "quarantine_reason": None,
        }
    return _NewRows(report, revision, links, queued)


def _insert(session: Session, rows: list[_NewRows]) -> None:
    """Write new reports with their first revision, file links and outbox entries, and index them."""
    # Under the write lock, new rows get `num` above the current largest: that is what to index.
    last = session.exec(select(func.max(Report.num))).one() or 0
    session.execute(sa.insert(Report), [r.report for r in rows])
    session.execute(sa.insert(Revision), [r.revision for r in rows])
    if links := [link for r in rows for link in r.links]:
        session.execute(sa.insert(RevisionAttachment), links)
    if queued := [r.queued for r in rows if r.queued is not None]:
        session.execute(sa.insert(OutboxItem), queued)
    index_new_reports(session, after=last)


def create_draft(
    *, session: Session, form_id: str, data: dict[str, Any], submit: bool = False
) -> ReportPublic:
    """A new report on the latest version of the form: a draft, or submitted at once (validated)."""
    return import_reports(session=session, form_id=form_id, items=[data], submit=submit)[0]


def import_reports(
    *, session: Session, form_id: str, items: list[dict[str, Any]], submit: bool
) -> list[ReportPublic]:
    """Create reports on the latest version of the form in one transaction: all of them, or none.

    When items are invalid, ValidationFailed lists every problem of every item, its field
    prefixed by the item's number when there are several (`#3.kecamatan`).
    """
    if not isinstance(items, list):
        raise StoreError(
            "bulk import needs a list of JSON objects",
            message_id="Impor massal memerlukan daftar objek JSON.",
        )
    with writing(session):
        form = form_registry(session=session).get(form_id)
        office = _office(session)
        now = _now()
        rows: list[_NewRows] = []
        errors: list[FieldError] = []
        for index, item in enumerate(items, start=1):
            try:
                rows.append(_prepare(session, form, office, item, submit=submit, now=now))
            except ValidationFailed as exc:
                if len(items) == 1:
                    raise
                errors.extend(replace(e, field=f"#{index}.{e.field}") for e in exc.errors)
            except StoreError as exc:
                raise StoreError(f"item {index}: {exc}", message_id=exc.message_id) from exc
        if errors:
            raise ValidationFailed(errors, context=f"nothing imported, {len(items)} items: ")
        if rows:
            _insert(session, rows)
    return [report_public(r.report) for r in rows]


def save_draft(*, session: Session, report_id: UUID, data: dict[str, Any]) -> ReportPublic:
    """Replace the values of the report's open draft (a new report or an amendment); not validated.

    The values of an amendment draft are in `get_report(...).revisions[-1]`; the report's
    own `data` and list columns stay those of its last submitted revision until it is submitted.
    """
    values = _checked_data(data)
    with writing(session):
        report = load_report(session, report_id)
        if report.draft_revision is None:
            raise InvalidTransition(
                f"report {report_id} is {report.state} and frozen; amend it to change it",
                message_id="Laporan yang sudah dikirim tidak dapat diubah; buat perubahan (amandemen).",
            )
        revision = _revision(session, report, report.draft_revision)
        revision.data = values
        if report.submitted_revision == 0:
            form = _form_of(form_registry(session=session), report, revision.form_version)
            _describe(session, report, form, values, draft=True)
        else:
            # An amendment stays a private draft: the list shows what was submitted.
            report.updated_at = _now()
    return report_public(report)


def submit_report(*, session: Session, report_id: UUID) -> ReportPublic:
    """Validate and freeze the open draft (a new report or an amendment) and queue it for sync."""
    with writing(session):
        report = load_report(session, report_id)
        if report.draft_revision is None:
            raise InvalidTransition(
                f"report {report_id} has no draft to submit (it is {report.state})",
                message_id="Tidak ada draf untuk dikirim.",
            )
        revision = _revision(session, report, report.draft_revision)
        form = _form_of(form_registry(session=session), report, revision.form_version)
        _freeze(session, report, form, revision, revision.data)
    return report_public(report)


def _check_amendable(report: Report) -> None:
    if report.submitted_revision == 0:
        raise InvalidTransition(
            f"report {report.id} was never submitted; edit and submit the draft instead",
            message_id="Draf belum dikirim; ubah drafnya langsung.",
        )
    if report.withdrawn:
        raise InvalidTransition(
            f"report {report.id} was withdrawn and cannot be amended",
            message_id="Laporan yang ditarik tidak dapat diubah.",
        )


def _next_number(report: Report) -> int:
    """A new revision's number: above this PC's and above the newest the server is known to hold."""
    return max(report.submitted_revision, report.server_revision) + 1


def _open_amendment(session: Session, report: Report) -> Revision:
    """The amendment draft of a submitted report, made from its last frozen revision if not open yet."""
    _check_amendable(report)
    if report.draft_revision is not None:
        return _revision(session, report, report.draft_revision)
    last = _revision(session, report, report.submitted_revision)
    number = _next_number(report)
    revision = Revision(
        report_id=report.id,
        revision=number,
        status="draft",
        form_version=last.form_version,
        data=copy.deepcopy(last.data),
        created_at=_now(),
    )
    session.add(revision)
    session.flush()
    copy_links(session, report_id=report.id, source=last.revision, target=number)
    report.draft_revision = number
    report.updated_at = _now()
    return revision


def start_amendment(*, session: Session, report_id: UUID) -> ReportPublic:
    """Open a draft revision n+1 of a submitted report (its values and files copied), to edit then submit."""
    with writing(session):
        report = load_report(session, report_id)
        _open_amendment(session, report)
    return report_public(report)


def amend_report(*, session: Session, report_id: UUID, data: dict[str, Any]) -> ReportPublic:
    """Submit new values for a submitted report as revision n+1 (validated, queued); the old one is kept."""
    values = _checked_data(data)
    with writing(session):
        report = load_report(session, report_id)
        revision = _open_amendment(session, report)
        form = _form_of(form_registry(session=session), report, revision.form_version)
        _freeze(session, report, form, revision, values)
    return report_public(report)


def withdraw_report(*, session: Session, report_id: UUID, reason: str) -> ReportPublic:
    """Withdraw a submitted report: a new revision with the same values and a reason, queued."""
    reason = reason.strip()
    if not reason:
        raise StoreError("a withdrawal needs a reason", message_id="Alasan penarikan wajib diisi.")
    with writing(session):
        report = load_report(session, report_id)
        _check_amendable(report)
        if report.draft_revision is not None:
            raise InvalidTransition(
                f"report {report_id} has an amendment being edited; submit or discard it first",
                message_id="Ada perubahan yang belum dikirim; kirim atau buang dahulu.",
            )
        last = _revision(session, report, report.submitted_revision)
        number = _next_number(report)
        revision = Revision(
            report_id=report.id,
            revision=number,
            status="withdrawn",
            form_version=last.form_version,
            data=copy.deepcopy(last.data),
            created_at=_now(),
            withdraw_reason=reason,
        )
        session.add(revision)
        session.flush()
        copy_links(session, report_id=report.id, source=last.revision, target=number)
        report.withdrawn = True
        report.updated_at = _now()
        _queue(session, report, revision)
    return report_public(report)


def delete_draft(*, session: Session, report_id: UUID) -> None:
    """Delete a never-submitted report, or discard the open amendment draft of a submitted one."""
    with writing(session):
        report = load_report(session, report_id)
        if report.draft_revision is None:
            raise InvalidTransition(
                f"report {report_id} is {report.state}; submitted reports are never deleted (withdraw it)",
                message_id="Laporan yang sudah dikirim tidak dapat dihapus; tarik laporan tersebut.",
            )
        if report.submitted_revision == 0:
            unindex_report(session, report)
            session.delete(report)  # revisions and their file links go with it (ON DELETE CASCADE)
            return
        session.execute(
            sa.delete(RevisionAttachment).where(
                RevisionAttachment.report_id == report.id,  # type: ignore[arg-type]
                RevisionAttachment.revision == report.draft_revision,  # type: ignore[arg-type]
            )
        )
        session.delete(_revision(session, report, report.draft_revision))
        report.draft_revision = None
        report.updated_at = _now()


def get_report(*, session: Session, report_id: UUID) -> ReportDetail:
    """A report with every revision (values, files) and every review."""
    return report_detail(session, load_report(session, report_id))
