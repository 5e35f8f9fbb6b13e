"""A revision's content fingerprint: one (report id, revision) must always carry the same content."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from typing import Any

from sync.wire import PushItem

# What the clerk wrote and decided; the PC's timestamps are left out so that a resend of
# the same revision with re-serialised times is still the same revision.
CONTENT_FIELDS = ("form_id", "form_version", "status", "data", "attachments", "withdraw_reason")


def content_hash(revision: Mapping[str, Any]) -> str:
    """SHA-256 (hex) of the revision's content fields as canonical JSON (sorted keys, no spaces)."""
    canonical = json.dumps(
        {name: revision[name] for name in CONTENT_FIELDS},
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
        allow_nan=False,
    )
    return hashlib.sha256(canonical.encode("utf-8", "surrogatepass")).hexdigest()


def item_content_hash(item: PushItem) -> str:
    """The content hash of a pushed item, equal to that of the row it is stored as."""
    return content_hash(
        {
            "form_id": item.form_id,
            "form_version": item.form_version,
            "status": item.status,
            "data": item.data,
            "attachments": [ref.model_dump() for ref in item.attachments],
            "withdraw_reason": item.withdraw_reason,
        }
    )
