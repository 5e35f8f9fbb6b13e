"""Names people read instead of codes: forms, alert levels, categories, review states, regions."""

from __future__ import annotations

from dataclasses import dataclass

from sync.forms import FormRegistry
from sync.regions import Regions

EARLY_WARNING = "deteksi_dini"
ALERT_FIELD = "tingkat"
CATEGORY_FIELD = "kategori"
ALERT_LEVELS = ("normal", "waspada", "siaga", "awas")
REVIEW_STATES = {
    "belum": "Belum ditinjau",
    "terverifikasi": "Terverifikasi",
    "perlu_perbaikan": "Perlu perbaikan",
}
# The console's words for the stored decisions (the wire keeps English ones).
DECISIONS = {"terverifikasi": "verified", "perlu_perbaikan": "needs_revision"}
DECISION_LABELS = {"verified": "Terverifikasi", "needs_revision": "Perlu perbaikan"}


@dataclass(frozen=True, slots=True)
class Labels:
    forms: dict[str, str]
    alert_levels: dict[str, str]
    categories: dict[str, str]
    offices: dict[str, str]

    def region(self, code: str | None) -> str:
        if not code:
            return "—"
        return Regions.load().name(code) or code


def labels_for(registry: FormRegistry) -> Labels:
    warning = registry.latest(EARLY_WARNING)
    return Labels(
        forms={form.id: form.title("id") for form in registry.forms()},
        alert_levels={c.value: c.label("id") for c in warning.field(ALERT_FIELD).choices},
        categories={c.value: c.label("id") for c in warning.field(CATEGORY_FIELD).choices},
        offices={r.code: r.name for r in Regions.load().regencies()},
    )
