"""Rincian's content: every field as people read it, files, what each revision changed, reviews."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from uuid import UUID

from sqlmodel import Session, select

from sync.forms import FormDef, FormRegistry, UnknownForm
from sync.forms.display import format_value
from sync.server.models import Analyst, Report, ReportRevision, Review, UserAccount
from sync.server.reports import unreviewed

from .labels import DECISION_LABELS

IMAGE_TYPES = ("image/jpeg", "image/png", "image/webp", "image/gif")


@dataclass(frozen=True, slots=True)
class FileRef:
    sha256: str
    filename: str
    mime: str
    size: int

    @property
    def is_image(self) -> bool:
        return self.mime in IMAGE_TYPES


@dataclass(slots=True)
class FieldRow:
    """One field: a value, a group's rows of (label, value), or files."""

    label: str
    value: str = ""
    rows: list[list[tuple[str, str]]] = field(default_factory=list)
    files: list[FileRef] = field(default_factory=list)
    group_labels: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Change:
    label: str
    before: str
    after: str


@dataclass(slots=True)
class RevisionView:
    revision: int
    status: str
    received_at: datetime
    form_version: int
    withdraw_reason: str | None
    changes: list[Change]


@dataclass(frozen=True, slots=True)
class ReviewView:
    revision: int
    decision: str
    comment: str
    reviewed_at: datetime
    reviewer: str


@dataclass(slots=True)
class ReportView:
    report: Report
    form_title: str
    fields: list[FieldRow]
    revisions: list[RevisionView]
    reviews: list[ReviewView]
    withdraw_reason: str | None
    files: dict[str, FileRef]


def _shown(definition: Any, value: Any) -> str:
    try:
        return format_value(definition, value)
    except (KeyError, TypeError, ValueError):
        return str(value)


def _form(registry: FormRegistry, form_id: str, version: int) -> FormDef | None:
    try:
        return registry.get(form_id, version)
    except UnknownForm:
        return None


def field_rows(form: FormDef, data: dict[str, Any], files: dict[str, FileRef]) -> list[FieldRow]:
    """Every field with a value, in form order: groups as rows, attachments as files."""
    shown: list[FieldRow] = []
    for definition in form.fields:
        value = data.get(definition.id)
        if value in (None, "", []):
            continue
        row = FieldRow(label=definition.label("id"))
        if definition.type == "group" and isinstance(value, list):
            row.group_labels = [sub.label("id") for sub in definition.fields]
            row.rows = [
                [(sub.label("id"), _shown(sub, item.get(sub.id))) for sub in definition.fields]
                for item in value
                if isinstance(item, dict)
            ]
        elif definition.type == "attachments" and isinstance(value, list):
            row.files = [files[sha] for sha in value if isinstance(sha, str) and sha in files]
            row.value = "" if row.files else _shown(definition, value)
        else:
            row.value = _shown(definition, value)
        shown.append(row)
    return shown


def _flat(form: FormDef | None, data: dict[str, Any]) -> dict[str, tuple[str, str]]:
    """field id → (label, shown value) for comparing two revisions."""
    if form is None:
        return {key: (key, str(value)) for key, value in data.items()}
    flat = {}
    for definition in form.fields:
        value = data.get(definition.id)
        flat[definition.id] = (definition.label("id"), "" if value in (None, "", []) else _shown(definition, value))
    return flat


def changes(before: dict[str, tuple[str, str]], after: dict[str, tuple[str, str]]) -> list[Change]:
    found = []
    for key in dict.fromkeys([*before, *after]):
        old = before.get(key, ("", ""))
        new = after.get(key, ("", ""))
        if old[1] != new[1]:
            found.append(Change(label=new[0] or old[0], before=old[1], after=new[1]))
    return found


def load(*, session: Session, report_id: UUID, registry: FormRegistry) -> ReportView | None:
    report = session.get(Report, report_id)
    if report is None or report.latest_revision == 0:
        return None
    revisions = session.exec(
        select(ReportRevision).where(ReportRevision.report_id == report_id).order_by(ReportRevision.revision)
    ).all()
    files: dict[str, FileRef] = {}
    for rev in revisions:
        for ref in rev.attachments:
            files[ref["sha256"]] = FileRef(ref["sha256"], ref["filename"], ref["mime"], ref["size"])
    views: list[RevisionView] = []
    previous: dict[str, tuple[str, str]] = {}
    for index, rev in enumerate(revisions):
        flat = _flat(_form(registry, rev.form_id, rev.form_version), rev.data)
        views.append(
            RevisionView(
                revision=rev.revision,
                status=rev.status,
                received_at=rev.received_at,
                form_version=rev.form_version,
                withdraw_reason=rev.withdraw_reason,
                changes=changes(previous, flat) if index else [],
            )
        )
        previous = flat
    latest = revisions[-1]
    form = _form(registry, latest.form_id, latest.form_version)
    rows = field_rows(form, latest.data, files) if form else []
    shown = {f.sha256 for row in rows for f in row.files}
    others = [files[ref["sha256"]] for ref in latest.attachments if ref["sha256"] not in shown]
    if others:  # files the office attached to the report rather than to one field
        rows.append(FieldRow(label="Lampiran", files=others))
    return ReportView(
        report=report,
        form_title=form.title("id") if form else latest.form_id,
        fields=rows,
        revisions=views,
        reviews=_reviews(session, report_id),
        withdraw_reason=latest.withdraw_reason if latest.status == "withdrawn" else None,
        files=files,
    )


def _reviews(session: Session, report_id: UUID) -> list[ReviewView]:
    rows = session.exec(
        select(Review, UserAccount.username, Analyst.name)
        .outerjoin(UserAccount, UserAccount.id == Review.user_id)
        .outerjoin(Analyst, Analyst.id == Review.analyst_id)
        .where(Review.report_id == report_id)
        .order_by(Review.reviewed_at.desc(), Review.id.desc())
    ).all()
    return [
        ReviewView(
            revision=review.revision,
            decision=DECISION_LABELS.get(review.decision, review.decision),
            comment=review.comment,
            reviewed_at=review.reviewed_at,
            reviewer=username or (f"{analyst} (token API)" if analyst else "—"),
        )
        for review, username, analyst in rows
    ]


def next_to_review(*, session: Session, after: UUID | None) -> UUID | None:
    """The report an analyst should look at next: urgent first, then the longest waiting.

    One query per urgency, each walking the (urgent, received_at) index from the oldest.
    """
    for urgent in (True, False):
        query = (
            select(Report.id)
            .where(Report.urgent.is_(urgent), unreviewed(), Report.latest_revision > 0)
            .order_by(Report.received_at.asc(), Report.id)
            .limit(1)
        )
        if after is not None:
            query = query.where(Report.id != after)
        found = session.exec(query).first()
        if found is not None:
            return found
    return None


def has_file(*, session: Session, report_id: UUID, sha256: str) -> tuple[str, FileRef] | None:
    """(office, file) if `sha256` is one of the report's files."""
    report = session.get(Report, report_id)
    if report is None:
        return None
    for attachments in session.exec(
        select(ReportRevision.attachments).where(ReportRevision.report_id == report_id)
    ).all():
        for ref in attachments:
            if ref.get("sha256") == sha256:
                return report.office, FileRef(sha256, ref["filename"], ref["mime"], ref["size"])
    return None


