"""Text from people (the province's comment, a title, a file name) shows in tooltips as typed."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from desktop.report_table_model import Column, ReportTableModel
from desktop.tooltips import plain_tooltip
from tests.support.qt import wait_loaded
from tests.support.reports import add_reports, reject, review

MARKUP = 'Lengkapi <b>foto</b> & <img src="https://contoh.invalid/x.png"> <a href="x">tautan</a>\nbaris 2'


def _shown(tooltip: str) -> str:
    """What a tooltip shows: a label decides rich or plain text as QToolTip does (Qt::AutoText)."""
    label = QLabel()
    label.setTextFormat(Qt.TextFormat.AutoText)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setText(tooltip)
    for length in range(len(tooltip), 0, -1):  # the longest selection the shown text has
        label.setSelection(0, length)
        if label.selectedText():
            return label.selectedText().replace("\u2028", "\n")  # <br> reads as a line separator
    return ""


def _tooltip(qtbot, ctx, column: Column) -> str:
    model = ReportTableModel(ctx)
    model.reload()
    wait_loaded(qtbot, model)
    index = model.index(0, column)
    index.data(Qt.ItemDataRole.ToolTipRole)  # the first ask fetches the page
    qtbot.waitUntil(lambda: index.data(Qt.ItemDataRole.ToolTipRole) is not None, timeout=5000)
    return index.data(Qt.ItemDataRole.ToolTipRole)


def test_a_review_comment_with_markup_is_shown_as_typed(qtbot, ctx, store):
    review(store, add_reports(store, 1)[0], "needs_revision", MARKUP)
    assert _shown(_tooltip(qtbot, ctx, Column.STATE)) == "Catatan provinsi: " + MARKUP


def test_a_rejection_reason_with_markup_is_shown_as_typed(qtbot, ctx, store):
    reject(store, add_reports(store, 1)[0], "<i>x</i> tidak sah")
    assert _shown(_tooltip(qtbot, ctx, Column.STATE)) == "Ditolak server: <i>x</i> tidak sah"


def test_plain_tooltip_keeps_text_and_line_breaks():
    assert _shown(plain_tooltip("a < b\nc")) == "a < b\nc"
    assert _shown(plain_tooltip("<b>judul</b>")) == "<b>judul</b>"
