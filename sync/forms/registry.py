"""All known form versions: the bundled files in resources/forms plus versions the province published."""

from __future__ import annotations

import functools
import json
import logging
import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from sync.forms.definition import FormDef, parse_form
from sync.forms.errors import FormDefinitionError, UnknownForm
from sync.paths import resource_path

log = logging.getLogger(__name__)

FILE_RE = re.compile(r"^(?P<id>[a-z][a-z0-9_]*)\.v(?P<version>[1-9][0-9]*)\.json$")


class FormRegistry:
    """Immutable map of form id → version → FormDef."""

    def __init__(self, forms: Mapping[str, Mapping[int, FormDef]]) -> None:
        self._forms = {
            form_id: dict(sorted(versions.items())) for form_id, versions in forms.items()
        }

    @classmethod
    def bundled(cls) -> FormRegistry:
        """The forms shipped in resources/forms, read once per process."""
        return _bundled()

    @classmethod
    def from_folder(cls, folder: Path) -> FormRegistry:
        """Every `<form_id>.v<version>.json` file of `folder`."""
        forms: dict[str, dict[int, FormDef]] = {}
        for path in sorted(folder.glob("*.json")):
            form = read_form_file(path)
            forms.setdefault(form.id, {})[form.version] = form
        if not forms:
            raise FormDefinitionError(f"no form definitions (*.json) in {folder}")
        return cls(forms)

    def with_definitions(self, definitions: Iterable[dict[str, Any]]) -> FormRegistry:
        """A registry that also knows these definitions (e.g. versions published by the province).

        A definition for a version already known replaces it only if it differs, with a
        warning: the province's published copy is the reference.
        """
        forms = {form_id: dict(versions) for form_id, versions in self._forms.items()}
        for definition in definitions:
            form = parse_form(definition)
            known = forms.setdefault(form.id, {}).get(form.version)
            if known is not None and known.definition != form.definition:
                log.warning(
                    "form %s v%d: a published definition replaces the bundled one",
                    form.id,
                    form.version,
                )
            forms[form.id][form.version] = form
        return FormRegistry(forms)

    def get(self, form_id: str, version: int | None = None) -> FormDef:
        """One version of a form, the latest when `version` is None."""
        versions = self._forms.get(form_id)
        if not versions:
            known = ", ".join(sorted(self._forms)) or "none"
            raise UnknownForm(f"unknown form {form_id!r}; known forms: {known}")
        if version is None:
            return versions[max(versions)]
        if version not in versions:
            listed = ", ".join(str(v) for v in versions)
            raise UnknownForm(
                f"form {form_id!r} has no version {version}; known versions: {listed}"
            )
        return versions[version]

    def latest(self, form_id: str) -> FormDef:
        return self.get(form_id)

    def forms(self) -> list[FormDef]:
        """The latest version of every form, by form id."""
        return [self.get(form_id) for form_id in sorted(self._forms)]

    def versions(self, form_id: str) -> list[int]:
        self.get(form_id)  # raises UnknownForm with the known ids
        return list(self._forms[form_id])


def read_form_file(path: Path) -> FormDef:
    """Parse one definition file; its name must be `<id>.v<version>.json` matching its content."""
    match = FILE_RE.match(path.name)
    if match is None:
        raise FormDefinitionError(
            f"{path.name}: a form file must be named <form_id>.v<version>.json"
        )
    try:
        definition = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise FormDefinitionError(f"{path.name}: cannot read JSON: {exc}") from exc
    try:
        form = parse_form(definition)
    except FormDefinitionError as exc:
        raise FormDefinitionError(f"{path.name}: {exc}") from exc
    if (form.id, form.version) != (match["id"], int(match["version"])):
        raise FormDefinitionError(
            f"{path.name}: holds form {form.id} v{form.version}, not what its name says"
        )
    return form


@functools.cache
def _bundled() -> FormRegistry:
    return FormRegistry.from_folder(resource_path("forms"))
