"""Pull province feedback and form versions with the cursor; the cursor is kept only after applying."""

from __future__ import annotations

import logging

from sync.client.transport import Transport
from sync.forms import FormDefinitionError
from sync.store import Store
from sync.store.outbox import apply_review, store_form_version
from sync.store.settings import get_pull_cursor, set_pull_cursor
from sync.wire import FormPublished, ReviewFeedback

log = logging.getLogger(__name__)

MAX_PAGES = 50  # per pass; the next pass continues from the saved cursor


def pull_all(transport: Transport, store: Store, *, max_pages: int = MAX_PAGES) -> int:
    """Apply pages while the server says `more`; returns how many items were applied."""
    with store.session() as session:
        cursor = get_pull_cursor(session=session)
    applied = 0
    for _ in range(max_pages):
        page = transport.pull(cursor)
        with store.session() as session:
            for item in page.items:
                apply_item(session, item)
                applied += 1
            # Every item above is idempotent, so a crash before this line only repeats them.
            set_pull_cursor(session=session, cursor=page.cursor)
        cursor = page.cursor
        if not page.more:
            break
    return applied


def apply_item(session, item: ReviewFeedback | FormPublished) -> None:
    """Apply one feed item (idempotent): a review, or a form version."""
    if isinstance(item, ReviewFeedback):
        apply_review(
            session=session,
            report_id=item.report_id,
            revision=item.revision,
            decision=item.decision,
            comment=item.comment,
            reviewed_at=item.reviewed_at,
        )
        return
    try:
        store_form_version(
            session=session, form_id=item.form_id, version=item.version, definition=item.definition
        )
    except (FormDefinitionError, ValueError) as exc:
        session.rollback()
        log.warning("form %s v%s from the server not stored: %s", item.form_id, item.version, exc)
