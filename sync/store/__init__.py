"""The office PC's local store: reports, revisions, outbox, attachments, settings (SQLite, no Qt)."""

from __future__ import annotations

import importlib
import sys
from types import ModuleType
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sync.store.backup import backup, restore
    from sync.store.check import check
    from sync.store.db import Store, open_store

__all__ = ["Store", "backup", "check", "open_store", "restore"]
# Loaded when first asked for: the submodules the desktop's start reads the store with
# (`cipher`, `keys`, `quick_read`) then import without SQLAlchemy, which these load.
_EXPORTS = {"Store": "db", "open_store": "db", "backup": "backup", "restore": "backup", "check": "check"}


class _Package(ModuleType):
    """`sync.store.backup` and `sync.store.check` name the functions, as when they were imported eagerly.

    The import system sets each submodule it loads as an attribute of its package; for these
    two names that would hide the function behind its module.
    """

    def __setattr__(self, name: str, value: Any) -> None:
        if not (name in _EXPORTS and isinstance(value, ModuleType)):
            super().__setattr__(name, value)


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


sys.modules[__name__].__class__ = _Package
