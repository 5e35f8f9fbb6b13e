"""Qt test helpers: showing windows, the editor, the all-types form, PDFs, message boxes, stalls.

Store-backed helpers use the `ctx` fixture of tests/desktop/conftest.py (office 81.01). The
old modules (tests/desktop/fixtures_forms.py, loop_watch.py, message_boxes.py) re-export these.
"""

from __future__ import annotations

import time
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from desktop.fields.base import FieldEnv
from sync.forms import FormDef, parse_form

OFFICE = "81.01"  # Kabupaten Maluku Tengah
KECAMATAN = "81.01.01"  # Amahai
DESA = "81.01.01.2002"  # Sepa


def _text(id_: str, en: str) -> dict[str, str]:
    return {"id": id_, "en": en}


# One field of every type, so the widget tests do not depend on how the real forms evolve.
ALL_TYPES_FORM: dict[str, Any] = {
    "id": "uji_semua_jenis",
    "version": 1,
    "title": _text("Uji semua jenis isian", "All field types test"),
    "description": _text("Formulir untuk pengujian.", "A form for tests."),
    "date_field": "tanggal",
    "region_field": "kecamatan",
    "fields": [
        {"id": "judul", "type": "text", "label": _text("Judul", "Title"), "required": True,
         "help": _text("Judul singkat kegiatan.", "Short title."), "section": _text("Umum", "General")},
        {"id": "uraian", "type": "textarea", "label": _text("Uraian", "Description")},
        {"id": "jumlah", "type": "integer", "label": _text("Jumlah peserta", "Participants"), "min": 0, "max": 5000},
        {"id": "anggaran", "type": "money", "label": _text("Anggaran", "Budget")},
        {"id": "tanggal", "type": "date", "label": _text("Tanggal", "Date"), "required": True},
        {"id": "waktu", "type": "datetime", "label": _text("Waktu", "Time")},
        {"id": "tingkat", "type": "choice", "label": _text("Tingkat", "Level"), "choices": [
            {"value": "normal", "label": _text("Normal", "Normal")},
            {"value": "siaga", "label": _text("Siaga", "Alert")}]},
        {"id": "sasaran", "type": "multichoice", "label": _text("Sasaran", "Target"), "choices": [
            {"value": "pemuda", "label": _text("Pemuda", "Youth")},
            {"value": "perempuan", "label": _text("Perempuan", "Women")},
            {"value": "pemilih_pemula", "label": _text("Pemilih pemula", "First-time voters")}]},
        {"id": "kecamatan", "type": "region", "label": _text("Kecamatan", "District"), "level": "kecamatan"},
        {"id": "desa", "type": "region", "label": _text("Desa", "Village"), "level": "desa", "parent": "kecamatan"},
        {"id": "koordinat", "type": "coordinates", "label": _text("Koordinat", "Coordinates")},
        {"id": "tindak_lanjut", "type": "group", "label": _text("Tindak lanjut", "Follow-up"), "fields": [
            {"id": "kegiatan", "type": "text", "label": _text("Kegiatan", "Action"), "required": True},
            {"id": "batas_waktu", "type": "date", "label": _text("Batas waktu", "Due date")}]},
        {"id": "lampiran", "type": "attachments", "label": _text("Lampiran", "Attachments")},
        {"id": "mendesak", "type": "boolean", "label": _text("Mendesak", "Urgent")},
    ],
}

FULL_VALUE: dict[str, Any] = {
    "judul": "Sosialisasi pemilu",
    "uraian": "Baris satu\nBaris dua",
    "jumlah": 120,
    "anggaran": 1250000,
    "tanggal": "2024-02-14",
    "waktu": "2024-02-14T01:30:00+00:00",
    "tingkat": "siaga",
    "sasaran": ["pemuda", "pemilih_pemula"],
    "kecamatan": KECAMATAN,
    "desa": DESA,
    "koordinat": {"lat": -3.3312, "lon": 128.9187},
    "tindak_lanjut": [{"kegiatan": "Patroli", "batas_waktu": "2024-02-20"}, {"kegiatan": "Rapat"}],
    "lampiran": ["a" * 64],
    "mendesak": True,
}


def all_types_form() -> FormDef:
    return parse_form(ALL_TYPES_FORM)


def field_env() -> FieldEnv:
    return FieldEnv(office=OFFICE, lang="id")


# The fields a valid deteksi_dini report needs (issue 2), with an "awas" level: urgent.
EARLY_WARNING: dict[str, Any] = {
    "waktu_kejadian": "2024-02-14T01:30:00+00:00",
    "kecamatan": KECAMATAN,
    "kategori": "hoaks",
    "tingkat": "awas",
    "kronologi": "Pesan berantai berisi hoaks tentang calon beredar di pasar Amahai.",
}


def shown(qtbot, widget, *, register: bool = True) -> None:
    """Show a top-level widget and make it the active window (keyboard shortcuts need that)."""
    if register:  # qtbot closes it after the test
        qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    widget.activateWindow()
    qtbot.waitUntil(widget.isActiveWindow)


def open_editor(qtbot, ctx, *, register: bool = True, **kwargs):
    """A ReportEditor, shown, once its form has loaded."""
    from desktop.report_editor import ReportEditor

    editor = ReportEditor(ctx, **kwargs)
    shown(qtbot, editor, register=register)
    qtbot.waitUntil(lambda: editor.form_widget is not None, timeout=10_000)
    return editor


def submitted_report(ctx, data: dict[str, Any] | None = None):
    """A deteksi_dini report submitted through the store (the editor's way is tested elsewhere)."""
    from sync.store import reports

    with ctx.store.session() as session:
        return reports.create_draft(session=session, form_id="deteksi_dini",
                                    data=dict(data or EARLY_WARNING), submit=True)


def pdf_pages(path) -> list[str]:
    """The text of each page of a PDF, read back with QtPdf (line breaks made spaces)."""
    from PySide6.QtPdf import QPdfDocument

    document = QPdfDocument()
    assert document.load(str(path)) == QPdfDocument.Error.None_, f"cannot read {path}"
    pages = [" ".join(document.getAllText(page).text().split()) for page in range(document.pageCount())]
    document.close()
    return pages


def wait_loaded(qtbot, model, timeout: int = 10_000) -> None:
    """Wait until the model's current query has answered."""
    qtbot.waitUntil(lambda: not model.is_loading(), timeout=timeout)


# -- modal message boxes -------------------------------------------------------------------

def close_next_box() -> list[tuple[str, str]]:
    """Close the next message box as soon as it shows; the list then holds its (text, informative text)."""
    seen: list[tuple[str, str]] = []

    def answer() -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox):
            seen.append((box.text(), box.informativeText()))
            box.done(0)
        else:
            QTimer.singleShot(20, answer)

    QTimer.singleShot(20, answer)
    return seen


# -- GUI responsiveness: a 10 ms QTimer whose longest gap between ticks is the worst stall --

TICK_MS = 10


class LoopWatch:
    """`start()`, run the event loop, `stop()`; then `.worst` (s) and `.stalls` over `limit`."""

    def __init__(self, limit: float = 0.050) -> None:
        self.limit = limit
        self.worst = 0.0
        self.ticks = 0
        self.stalls: list[tuple[float, float]] = []  # (seconds since start, gap)
        self.started = self._last = time.perf_counter()
        self._timer = QTimer()
        self._timer.setInterval(TICK_MS)
        self._timer.timeout.connect(self._tick)

    def start(self) -> None:
        self.started = self._last = time.perf_counter()
        self._timer.start()

    def _tick(self) -> None:
        now = time.perf_counter()
        gap = now - self._last
        if gap > self.limit:
            self.stalls.append((round(now - self.started, 2), round(gap, 3)))
        self.worst = max(self.worst, gap)
        self.ticks += 1
        self._last = now

    def stop(self) -> None:
        self._timer.stop()
