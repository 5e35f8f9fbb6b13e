"""Test data for the sync client: realistic early-warning reports, some urgent, some with photos."""

from __future__ import annotations

import functools
import json
import random
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path
from uuid import UUID

from sync.paths import resource_path
from sync.regions import Regions
from sync.store import Store
from sync.store.attachments import add_attachment
from sync.store.reports import create_draft, submit_report
from sync.store.settings import set_office

OFFICE = "81.01"
_CATEGORIES = [
    "politik_identitas",
    "konflik_pendukung",
    "hoaks",
    "intimidasi",
    "politik_uang",
    "gangguan_keamanan",
]


@functools.cache
def _vocabulary() -> tuple[list[str], list[str]]:
    """The Indonesian words of the bundled forms and the office's village names: text that gzip
    compresses about as well as real reports (~30 %), unlike a few repeated sentences."""
    texts: list[str] = []

    def collect(node: object) -> None:
        if isinstance(node, dict):
            if isinstance(node.get("id"), str) and "en" in node:
                texts.append(node["id"])
            for value in node.values():
                collect(value)
        elif isinstance(node, list):
            for value in node:
                collect(value)

    for path in resource_path("forms").glob("*.json"):
        collect(json.loads(path.read_text(encoding="utf-8")))
    words = sorted(set(re.findall(r"[a-z]{3,}", " ".join(texts).lower())))
    regions = Regions.load()
    places = [d.name for k in regions.kecamatan_of(OFFICE) for d in regions.desa_of(k.code)]
    return words, places


def _prose(rng: random.Random, words: int) -> str:
    vocabulary, places = _vocabulary()
    picked = [
        rng.choice(places) if rng.random() < 0.1 else rng.choice(vocabulary) for _ in range(words)
    ]
    sentences = [" ".join(picked[i : i + 12]).capitalize() + "." for i in range(0, words, 12)]
    return " ".join(sentences)


def report_data(rng: random.Random, *, urgent: bool = False) -> dict:
    """Valid `deteksi_dini` values with a few hundred words of Indonesian-looking text."""
    kecamatan = rng.choice(Regions.load().kecamatan_of(OFFICE)).code
    when = datetime(2024, 1, 10, tzinfo=UTC) + timedelta(minutes=rng.randrange(60 * 24 * 60))
    return {
        "waktu_kejadian": when.isoformat(),
        "kecamatan": kecamatan,
        "kategori": rng.choice(_CATEGORIES),
        "tingkat": rng.choice(["siaga", "awas"]) if urgent else rng.choice(["normal", "waspada"]),
        "kronologi": _prose(rng, rng.randint(40, 80)),
        "upaya_cegah_dini": _prose(rng, rng.randint(10, 25)),
    }


def prepare_office(store: Store) -> None:
    with store.session() as session:
        set_office(session=session, code=OFFICE)


def make_reports(store: Store, count: int, *, seed: int = 1, urgent: bool = False) -> list[UUID]:
    """`count` submitted reports, in one session; returns their ids in creation order."""
    rng = random.Random(seed)
    with store.session() as session:
        return [
            create_draft(
                session=session,
                form_id="deteksi_dini",
                data=report_data(rng, urgent=urgent),
                submit=True,
            ).id
            for _ in range(count)
        ]


def make_report_with_photo(store: Store, photo: Path, *, seed: int = 1) -> UUID:
    with store.session() as session:
        draft = create_draft(
            session=session, form_id="deteksi_dini", data=report_data(random.Random(seed))
        )
        add_attachment(
            store=store, session=session, report_id=draft.id, source=photo, mime="image/jpeg"
        )
        return submit_report(session=session, report_id=draft.id).id


def random_photo(directory: Path, size: int, *, seed: int) -> Path:
    """A file of `size` random bytes (incompressible, like a JPEG) named photo-<seed>.jpg."""
    path = directory / f"photo-{seed}.jpg"
    path.write_bytes(random.Random(seed).randbytes(size))
    return path
