"""The pull feed: review results for one office and published forms for all, behind a cursor."""

from __future__ import annotations

import base64
import binascii
from datetime import datetime

import sqlalchemy as sa
from pydantic import TypeAdapter
from sqlmodel import Session, select

from sync.server.db import lock_feed
from sync.server.errors import InvalidInput
from sync.server.models import FeedEvent
from sync.wire import FormPublished, PullResponse, ReviewFeedback

FeedItem = ReviewFeedback | FormPublished
_item_adapter: TypeAdapter[FeedItem] = TypeAdapter(FeedItem)
CURSOR_PREFIX = "f1."
MAX_SEQ = 2**63 - 1


def append(*, session: Session, office: str | None, event: FeedItem, now: datetime) -> None:
    """Queue an event for `office` (None: every office) in the caller's transaction."""
    lock_feed(session.connection())
    session.add(
        FeedEvent(
            office=office, kind=event.kind, payload=event.model_dump(mode="json"), created_at=now
        )
    )


def encode_cursor(seq: int) -> str:
    return CURSOR_PREFIX + base64.urlsafe_b64encode(str(seq).encode()).decode().rstrip("=")


def decode_cursor(cursor: str | None) -> int:
    """The feed position a cursor stands for; empty means the beginning."""
    if not cursor:
        return 0
    body = cursor.removeprefix(CURSOR_PREFIX)
    try:
        if body == cursor or len(body) > 32:
            raise ValueError(cursor)
        text = base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)).decode("ascii")
        if not text.isascii() or not text.isdigit() or int(text) > MAX_SEQ:
            raise ValueError(text)
        return int(text)
    except (binascii.Error, UnicodeDecodeError, ValueError):
        raise InvalidInput(
            "invalid cursor; send the cursor of the previous pull, or none to start over",
            code="invalid_cursor",
        ) from None


def pull(*, session: Session, office: str, cursor: str | None, limit: int) -> PullResponse:
    """Events after `cursor` visible to `office`, oldest first, at most `limit`."""
    after = decode_cursor(cursor)
    rows = session.exec(
        select(FeedEvent.seq, FeedEvent.payload)
        .where(
            FeedEvent.seq > after, sa.or_(FeedEvent.office == office, FeedEvent.office.is_(None))
        )
        .order_by(FeedEvent.seq)
        .limit(limit + 1)
    ).all()
    more = len(rows) > limit
    rows = rows[:limit]
    items = [_item_adapter.validate_python(payload) for _seq, payload in rows]
    last = rows[-1][0] if rows else after
    return PullResponse(items=items, cursor=encode_cursor(last), more=more)
