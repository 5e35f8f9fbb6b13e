"""Push one batch from the outbox and apply the server's per-item answers to the store."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from uuid import UUID

from sync.client.progress import Rejection
from sync.client.transport import Exchange, Transport
from sync.store import Store
from sync.store.outbox import mark_delivered_many, mark_rejected, resolve_conflict
from sync.store.schemas import OutboxEntry
from sync.wire import PushResponse

log = logging.getLogger(__name__)


@dataclass(slots=True)
class BatchOutcome:
    delivered: int = 0
    duplicates: int = 0
    rejected: list[Rejection] = field(default_factory=list)
    conflicts: int = 0  # renumbered above the server's newest revision and queued again
    unanswered: list[OutboxEntry] = field(default_factory=list)  # left in the outbox


def push_batch(
    transport: Transport, store: Store, entries: list[OutboxEntry]
) -> tuple[BatchOutcome, Exchange]:
    """Send `entries` in one gzip request and apply the answers."""
    response, exchange = transport.push([entry.item for entry in entries])
    return apply_answers(store, entries, response), exchange


def apply_answers(store: Store, entries: list[OutboxEntry], response: PushResponse) -> BatchOutcome:
    """Accepted/duplicate leave the outbox; rejected are quarantined; conflicts are renumbered
    and queued again; unanswered stay queued."""
    answers = {(r.id, r.revision): r for r in response.results}
    outcome = BatchOutcome()
    delivered: list[tuple[UUID, int]] = []
    with store.session() as session:
        for entry in entries:
            answer = answers.get((entry.report_id, entry.revision))
            if answer is None:
                log.warning(
                    "server gave no answer for %s rev %d; it stays queued",
                    entry.report_id,
                    entry.revision,
                )
                outcome.unanswered.append(entry)
            elif answer.status == "rejected":
                reason = answer.reason or "rejected by the server"
                mark_rejected(
                    session=session,
                    report_id=entry.report_id,
                    revision=entry.revision,
                    reason=reason,
                )
                outcome.rejected.append(Rejection(entry.report_id, entry.revision, reason))
                log.info("report %s rev %d rejected: %s", entry.report_id, entry.revision, reason)
            elif answer.status == "conflict":
                resolve_conflict(
                    session=session,
                    report_id=entry.report_id,
                    revision=entry.revision,
                    server_latest=answer.latest_revision,
                )
                outcome.conflicts += 1
            else:
                delivered.append((entry.report_id, entry.revision))
                if answer.status == "accepted":
                    outcome.delivered += 1
                else:
                    outcome.duplicates += 1
        # One transaction for the whole batch's acknowledgements.
        mark_delivered_many(session=session, keys=delivered, server_time=response.server_time)
    return outcome


def quarantine(store: Store, entries: list[OutboxEntry], reason: str) -> list[Rejection]:
    """Hold entries that cannot be sent as they are (the clerk must amend them)."""
    with store.session() as session:
        for entry in entries:
            mark_rejected(
                session=session, report_id=entry.report_id, revision=entry.revision, reason=reason
            )
    return [Rejection(e.report_id, e.revision, reason) for e in entries]
