"""Form definitions published by the province, and the registry that merges them with the bundled ones."""

from __future__ import annotations

import logging

from sqlmodel import Session, select

from sync.forms import FormRegistry, parse_form
from sync.store.db import write_session
from sync.store.models import FormVersion

logger = logging.getLogger(__name__)

# A published (form_id, version) never changes, so a registry is cached per set of versions.
_registries: dict[frozenset[tuple[str, int]], FormRegistry] = {}


def store_form_version(*, session: Session, form_id: str, version: int, definition: dict) -> None:
    """Keep a form version pulled from the province (idempotent); refuses a broken definition."""
    form = parse_form(definition)  # raises FormDefinitionError before anything is written
    if (form.id, form.version) != (form_id, version):
        raise ValueError(
            f"definition is {form.id} v{form.version}, announced as {form_id} v{version}"
        )
    write_session(session)
    existing = session.get(FormVersion, (form_id, version))
    if existing is None:
        session.add(FormVersion(form_id=form_id, version=version, definition=definition))
    elif existing.definition != definition:
        logger.warning(
            "form %s v%s was published again with changes; keeping the first", form_id, version
        )
    session.commit()


def form_registry(*, session: Session) -> FormRegistry:
    """The bundled forms plus every version pulled from the province."""
    keys = frozenset(session.exec(select(FormVersion.form_id, FormVersion.version)).all())
    if not keys:
        return FormRegistry.bundled()
    registry = _registries.get(keys)
    if registry is None:
        definitions = session.exec(select(FormVersion.definition)).all()
        registry = FormRegistry.bundled().with_definitions(definitions)
        _registries[keys] = registry
    return registry
