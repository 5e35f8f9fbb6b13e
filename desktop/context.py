"""What every window needs to reach the engine: the store, the forms, the office, the language."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sync.forms import FormRegistry

if TYPE_CHECKING:
    from desktop.store_opening import OpeningStore
    from sync.store import Store


@dataclass
class AppContext:
    store: Store | OpeningStore  # an OpeningStore while it opens behind the first window
    forms: FormRegistry  # bundled forms plus versions published by the province
    office: str | None  # regency/city code of this PC, None before the first run finishes
    lang: str = "id"  # "id" or "en"
    restore_from: Path | None = None  # a backup the clerk chose: restored once the windows close
