"""The heartbeat the office PC sends with every request: what waits, since when, the last error."""

from __future__ import annotations

import threading
import time
from datetime import UTC, datetime

from sqlmodel import Session, func, select

from sync import __version__
from sync.client.progress import SUCCESS
from sync.store import Store
from sync.store.models import FormVersion, OutboxItem, SyncLog
from sync.store.outbox import pending_count
from sync.wire import Heartbeat

# A push of thousands of reports makes many requests: the store is read again at most this often.
REFRESH_SECONDS = 5.0
MAX_ERROR = 80  # with the rest, the header stays under about 200 bytes


def heartbeat_of(*, session: Session, now: datetime) -> Heartbeat:
    """This PC's state as the province sees it."""
    waiting, urgent = pending_count(session=session)
    waiting_since = select(func.min(OutboxItem.queued_at)).where(
        OutboxItem.quarantine_reason.is_(None)  # type: ignore[union-attr]
    )
    oldest = _age(session.exec(waiting_since).one(), now)
    urgent_oldest = _age(session.exec(waiting_since.where(OutboxItem.urgent.is_(True))).one(), now)  # type: ignore[attr-defined]
    last = session.exec(select(SyncLog).order_by(SyncLog.id.desc()).limit(1)).first()  # type: ignore[union-attr]
    error = "" if last is None or last.outcome == SUCCESS else (last.detail or last.outcome)
    pulled = session.exec(
        select(FormVersion.form_id, func.max(FormVersion.version)).group_by(FormVersion.form_id)
    ).all()
    return Heartbeat(
        app=__version__,
        wait=waiting,
        urgent=urgent,
        oldest=oldest,
        uoldest=urgent_oldest,
        err=" ".join(error.split())[:MAX_ERROR],
        forms=dict(pulled),
    )


def _age(since: datetime | None, now: datetime) -> int | None:
    if since is None:
        return None
    since = since if since.tzinfo else since.replace(tzinfo=UTC)  # SQLite keeps no offset
    return max(0, int((now - since).total_seconds()))


class HeartbeatSource:
    """The transport's header callable for one store; cached for `REFRESH_SECONDS`."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._lock = threading.Lock()
        self._value = ""
        self._at = -REFRESH_SECONDS

    def __call__(self) -> str:
        with self._lock:
            if time.monotonic() - self._at >= REFRESH_SECONDS:
                with self.store.session() as session:
                    self._value = heartbeat_of(session=session, now=datetime.now(UTC)).header()
                self._at = time.monotonic()
            return self._value

    def refresh(self) -> None:
        """Read the store again at the next request (after a pass changed what waits)."""
        with self._lock:
            self._at = -REFRESH_SECONDS
