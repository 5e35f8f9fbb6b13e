"""Maluku's administrative regions (Kemendagri codes), from the 2023 and 2025 editions."""

from __future__ import annotations

import csv
import functools
import logging
from dataclasses import dataclass

from sync.paths import resource_path

log = logging.getLogger(__name__)

PROVINCE = "81"
EDITIONS = ("2025", "2023")  # preferred first: a name is taken from the newest edition
LEVELS = ("provinsi", "kabupaten_kota", "kecamatan", "desa_kelurahan")


@dataclass(frozen=True, slots=True)
class Region:
    code: str
    name: str
    level: str


class Regions:
    """Code lookups over both editions; a code valid in either one is accepted."""

    def __init__(self, editions: dict[str, list[Region]]) -> None:
        self._by_edition = editions
        self._by_code: dict[str, Region] = {}
        for edition in reversed(EDITIONS):  # newer editions overwrite older names
            for region in editions.get(edition, []):
                self._by_code[region.code] = region
        self._children: dict[tuple[str, str], list[Region]] = {}
        for edition, regions in editions.items():
            for region in regions:
                parent = region.code.rpartition(".")[0]
                if parent:
                    self._children.setdefault((edition, parent), []).append(region)
        self._offices = tuple(
            r
            for r in sorted(self._by_code.values(), key=lambda r: r.code)
            if r.level == "kabupaten_kota"
        )

    @classmethod
    def load(cls) -> Regions:
        """The bundled regions, read once per process."""
        return _bundled()

    def __len__(self) -> int:
        return len(self._by_code)

    def get(self, code: str) -> Region | None:
        return self._by_code.get(code)

    def name(self, code: str) -> str | None:
        region = self._by_code.get(code)
        return region.name if region else None

    def level(self, code: str) -> str | None:
        region = self._by_code.get(code)
        return region.level if region else None

    def regencies(self) -> list[Region]:
        """The 11 regencies and cities, each the territory of one office."""
        return list(self._offices)

    def kecamatan_of(self, regency: str, edition: str = "2025") -> list[Region]:
        return self._children_of(regency, edition, "kecamatan")

    def desa_of(self, kecamatan: str, edition: str = "2025") -> list[Region]:
        return self._children_of(kecamatan, edition, "desa_kelurahan")

    def is_office(self, code: str) -> bool:
        return self.level(code) == "kabupaten_kota"

    def within(self, code: str, office: str) -> bool:
        """True when `code` is a known kecamatan or desa inside the regency `office`."""
        return (
            self.level(code) in ("kecamatan", "desa_kelurahan")
            and self.is_office(office)
            and code.startswith(office + ".")
        )

    def display(self, code: str) -> str:
        """'Amahai (81.01.01)'; an unknown code is shown as it is."""
        name = self.name(code)
        return f"{name} ({code})" if name else code

    def _children_of(self, code: str, edition: str, level: str) -> list[Region]:
        if edition not in self._by_edition:
            raise ValueError(f"unknown regions edition {edition!r}; known: {', '.join(EDITIONS)}")
        return [r for r in self._children.get((edition, code), []) if r.level == level]


def read_edition(edition: str) -> list[Region]:
    """Rows of one bundled CSV edition, in file order."""
    path = resource_path("regions", f"maluku_wilayah_{edition}.csv")
    with path.open(encoding="utf-8", newline="") as handle:
        rows = [
            Region(code=row["kode"], name=row["nama"], level=row["tingkat"])
            for row in csv.DictReader(handle)
        ]
    unknown = {r.level for r in rows} - set(LEVELS)
    if unknown:
        raise ValueError(f"{path}: unknown level(s) {sorted(unknown)}")
    return rows


@functools.cache
def _bundled() -> Regions:
    regions = Regions({edition: read_edition(edition) for edition in EDITIONS})
    log.debug("loaded %d region codes", len(regions))
    return regions
