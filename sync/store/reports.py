"""Reports and their lifecycle (design §3), enforced here whatever the caller.

draft (editable, never synced) → submitted (frozen, queued) → delivered → reviewed
(verified / needs_revision). After submission a report changes only by new revisions:
an amendment (edited as a draft revision, then submitted) or a withdrawal. A report and
its outbox entry are always written in the same transaction.
"""

from __future__ import annotations

import copy
import json
import logging
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any, TypeVar
from uuid import UUID, uuid4

import sqlalchemy as sa
from sqlmodel import Session

from sync.forms import FieldError, FormDef, FormRegistry, apply_defaults, validate
from sync.store.attachments import copy_links, link_referenced
from sync.store.errors import InvalidTransition, OfficeNotSet, StoreError, ValidationFailed
from sync.store.form_versions import form_registry
from sync.store.listing import count_reports, list_reports
from sync.store.models import OutboxItem, Report, Revision, RevisionAttachment
from sync.store.public import report_detail, report_public
from sync.store.schemas import ReportDetail, ReportPublic, ReportState
from sync.store.search import index_report, unindex_report
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

logger = logging.getLogger(__name__)

WIT = timezone(timedelta(hours=9), "WIT")
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


def _describe(
    session: Session, report: Report, form: FormDef, data: dict[str, Any], *, draft: bool
) -> None:
    """Set the report's list columns and search text from `data`, and keep FTS in step."""
    old = None if report.num is None else (report.title, report.search_text)
    report.form_version = form.version
    report.data = data
    report.title = _lenient(lambda: form.report_title(data), "", draft=draft) or form.title("id")
    report.search_text = _lenient(lambda: form.searchable_text(data), "", draft=draft)
    report.urgent = _lenient(lambda: bool(form.is_urgent(data)), False, draft=draft)
    report.alert_level = _lenient(lambda: form.alert_level(data), None, draft=draft)
    report.kecamatan = _lenient(lambda: form.region(data), None, draft=draft)
    day: date | None = _lenient(lambda: form.report_date(data), None, draft=draft)
    # Undated drafts sort by the day they were made (in WIT, the offices' time zone).
    report.report_date = day or report.created_at.astimezone(WIT).date()
    report.updated_at = _now()
    if report.num is None:
        session.add(report)
        session.flush()
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
    report: Report,
    form: FormDef,
    data: dict[str, Any],
    revision: int,
    *,
    context: str = "",
) -> dict[str, Any]:
    """`data` with defaults applied, or ValidationFailed naming every bad field."""
    complete = apply_defaults(form, data)
    errors = validate(form, complete, office=report.office)
    if not errors:
        errors = link_referenced(
            session, report_id=report.id, revision=revision, form=form, data=complete
        )
    if errors:
        raise ValidationFailed(errors, context=context)
    return complete


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
    session: Session,
    report: Report,
    form: FormDef,
    revision: Revision,
    data: dict[str, Any],
    *,
    context: str = "",
) -> None:
    complete = _valid_data(session, report, form, data, revision.revision, context=context)
    revision.data = complete
    revision.status = "submitted"
    revision.created_at = _now()
    _describe(session, report, form, complete, draft=False)
    _queue(session, report, revision)


def _new_report(
    session: Session,
    registry: FormRegistry,
    office: str,
    form_id: str,
    data: Any,
    *,
    submit: bool,
    context: str = "",
) -> Report:
    form = registry.get(form_id)
    values = _checked_data(data)
    now = _now()
    report = Report(
        id=uuid4(),
        form_id=form.id,
        form_version=form.version,
        office=office,
        state=ReportState.DRAFT,
        revision=1,
        draft_revision=1,
        data={},
        created_at=now,
        updated_at=now,
    )
    _describe(session, report, form, values, draft=True)
    revision = Revision(
        report_id=report.id,
        revision=1,
        status="draft",
        form_version=form.version,
        data=values,
        created_at=now,
    )
    session.add(revision)
    session.flush()
    if submit:
        _freeze(session, report, form, revision, values, context=context)
    return report


def create_draft(
    *, session: Session, form_id: str, data: dict[str, Any], submit: bool = False
) -> ReportPublic:
    """A new report on the latest version of the form: a draft, or submitted at once (validated)."""
    with writing(session):
        report = _new_report(
            session, form_registry(session=session), _office(session), form_id, data, submit=submit
        )
    return report_public(report)


def import_reports(
    *, session: Session, form_id: str, items: list[dict[str, Any]], submit: bool
) -> list[ReportPublic]:
    """Create many reports in one transaction: all of them, or (on any error) none."""
    if not isinstance(items, list):
        raise StoreError(
            "bulk import needs a list of JSON objects",
            message_id="Impor massal memerlukan daftar objek JSON.",
        )
    with writing(session):
        registry = form_registry(session=session)
        office = _office(session)
        reports = []
        errors: list[FieldError] = []
        for index, item in enumerate(items, start=1):
            # Savepoint per item: every invalid item is reported, not only the first.
            try:
                with session.begin_nested():
                    reports.append(
                        _new_report(session, registry, office, form_id, item, submit=submit)
                    )
            except ValidationFailed as exc:
                errors.extend(replace(e, field=f"#{index}.{e.field}") for e in exc.errors)
            except StoreError as exc:
                raise StoreError(f"item {index}: {exc}", message_id=exc.message_id) from exc
        if errors:
            raise ValidationFailed(errors, context=f"nothing imported, {len(items)} items: ")
    return [report_public(r) for r in reports]


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


def _open_amendment(session: Session, report: Report) -> Revision:
    """The amendment draft of a submitted report, made from its last frozen revision if not open yet."""
    _check_amendable(report)
    if report.draft_revision is not None:
        return _revision(session, report, report.draft_revision)
    last = _revision(session, report, report.submitted_revision)
    number = report.submitted_revision + 1
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
        number = report.submitted_revision + 1
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
