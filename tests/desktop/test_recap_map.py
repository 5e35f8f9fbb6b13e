"""The monthly recap's map page: the office's kecamatan, its counts, the odd line, on screen and in the PDF."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from desktop.recap_dialog import RecapDialog, load_recap, write_recap_pdf
from desktop.recap_map import recap_map
from sync.store import reports
from tests.support.qt import EARLY_WARNING, pdf_pages, shown

SEPA = {"lat": -3.3376, "lon": 128.9284}  # inside Amahai


@pytest.fixture
def march(ctx):
    """March 2024: four early warnings in Amahai (two with coordinates) and one in Masohi."""
    items = [
        dict(EARLY_WARNING, waktu_kejadian="2024-03-02T01:00:00+00:00", tingkat="awas", koordinat=SEPA),
        dict(EARLY_WARNING, waktu_kejadian="2024-03-03T01:00:00+00:00", tingkat="siaga", koordinat=SEPA),
        dict(EARLY_WARNING, waktu_kejadian="2024-03-04T01:00:00+00:00", tingkat="normal"),
        dict(EARLY_WARNING, waktu_kejadian="2024-03-05T01:00:00+00:00", tingkat="waspada"),
        dict(EARLY_WARNING, waktu_kejadian="2024-03-06T01:00:00+00:00", tingkat="siaga", kecamatan="81.01.14"),
    ]
    with ctx.store.session() as session:
        reports.import_reports(session=session, form_id="deteksi_dini", items=items, submit=True)
    return ctx


def test_the_map_counts_the_month_on_the_office_kecamatan(march) -> None:
    recap = load_recap(march, "2024-03")
    assert sorted(recap.warning_points) == [(-3.3376, 128.9284, "awas", 1), (-3.3376, 128.9284, "siaga", 1)]
    drawn = recap_map(recap, pixels=900)
    assert drawn.placed == 5
    assert drawn.odd_line == "Tanpa lokasi/di luar peta: tidak ada."
    assert drawn.image.width() == 900 and 600 < drawn.image.height() < 900  # Seram, Ambon, Lease, Banda
    colours = {drawn.image.pixelColor(x, y).name() for x in range(0, 900, 5) for y in range(0, 600, 5)}
    assert "#54278f" in colours  # the darkest purple: Amahai, 4 reports


def test_the_recap_pdf_ends_with_the_map_page(march, tmp_path) -> None:
    out = write_recap_pdf(march, "2024-03", tmp_path / "rekap.pdf")
    if os.environ.get("PANTAU_SCREENSHOTS"):  # keep the PDF to look at (pdftoppm)
        shutil.copy(out, Path(os.environ["PANTAU_SCREENSHOTS"]) / "rekap-bulanan-peta.pdf")
    pages = pdf_pages(out)
    last = pages[-1]
    assert "Lampiran: Peta peringatan dini per kecamatan" in last
    assert "Maret 2024 — Kabupaten Maluku Tengah" in last
    assert "Tanpa lokasi/di luar peta: tidak ada." in last
    assert "Kepmendagri 300.2.2-2138/2025" in last
    assert f"Halaman {len(pages)} dari {len(pages)}" in last
    assert "Lampiran" not in " ".join(pages[:-1])  # the signature block stays above it


def test_the_preview_shows_the_map(qtbot, march) -> None:
    dialog = RecapDialog(march)
    shown(qtbot, dialog)
    dialog.year.setValue(2024)
    dialog.month.setCurrentIndex(2)
    qtbot.waitUntil(lambda: dialog.recap is not None and dialog.recap.month == "2024-03", timeout=20_000)
    assert "Lampiran: Peta peringatan dini per kecamatan" in dialog.preview.toPlainText()
    document = dialog.preview.document()
    assert not document.resource(document.ResourceType.ImageResource, "peta-kecamatan").isNull()
