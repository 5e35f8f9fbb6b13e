"""The form registry the server validates against: bundled forms plus published versions."""

from __future__ import annotations

import threading
from typing import Any

from sqlmodel import Session, func, select

from sync.forms import FormRegistry
from sync.server.models import PublishedForm


class FormCatalogue:
    """Caches the registry per process; rebuilt when the published forms change.

    The cache key is read from the database on every use, so several server processes
    never disagree for longer than one request.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._key: tuple[Any, ...] | None = None
        self._registry: FormRegistry | None = None

    def registry(self, *, session: Session) -> FormRegistry:
        key = tuple(session.exec(select(func.count(), func.max(PublishedForm.published_at))).one())
        with self._lock:
            if self._registry is None or key != self._key:
                definitions = session.exec(
                    select(PublishedForm.definition).order_by(
                        PublishedForm.form_id, PublishedForm.version
                    )
                ).all()
                self._registry = FormRegistry.bundled().with_definitions(list(definitions))
                self._key = key
            return self._registry
