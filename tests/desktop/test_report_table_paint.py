"""What repainting the report list costs the GUI thread: one call per cell, and only cells that change."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QStyledItemDelegate, QStyleOptionViewItem

from desktop.report_table_model import PAGE_SIZE, REPORT_ROLE, Column, ReportTableModel
from tests.support.qt import wait_loaded
from tests.support.reports import add_reports, review


def _model(qtbot, ctx) -> ReportTableModel:
    model = ReportTableModel(ctx)
    model.reload()
    wait_loaded(qtbot, model)
    return model


def test_a_delegate_paints_each_cell_as_data_describes_it(qtbot, ctx, store):
    reports = add_reports(store, 6)  # urgent and calm ones
    review(store, reports[1], "needs_revision", "Lengkapi daftar hadir.")
    model = _model(qtbot, ctx)
    delegate = QStyledItemDelegate()
    for row in range(model.rowCount()):
        for column in Column:
            index = model.index(row, column)
            option = QStyleOptionViewItem()
            delegate.initStyleOption(option, index)  # Qt 6 asks `multiData` for every role at once
            assert option.text == index.data()
            assert option.font.bold() == bool(index.data(Qt.ItemDataRole.FontRole))
            background = index.data(Qt.ItemDataRole.BackgroundRole)
            assert option.backgroundBrush.color() == (background if background is not None else option.backgroundBrush.color())
            assert option.backgroundBrush.style() == (Qt.BrushStyle.SolidPattern if background is not None
                                                      else Qt.BrushStyle.NoBrush)
            assert option.icon.isNull() == (index.data(Qt.ItemDataRole.DecorationRole) is None)
    assert any(model.index(row, 0).data(Qt.ItemDataRole.BackgroundRole) is not None for row in range(6))


def test_a_cell_of_a_page_still_loading_says_so(qtbot, ctx, store):
    add_reports(store, PAGE_SIZE + 5)
    model = _model(qtbot, ctx)
    delegate, title, date = QStyledItemDelegate(), QStyleOptionViewItem(), QStyleOptionViewItem()
    delegate.initStyleOption(title, model.index(PAGE_SIZE + 1, Column.TITLE))  # the second page: not read yet
    delegate.initStyleOption(date, model.index(PAGE_SIZE + 1, Column.DATE))
    assert (title.text, date.text) == ("Memuat…", "")
    qtbot.waitUntil(lambda: model.report_at(PAGE_SIZE + 1) is not None, timeout=5000)


def test_sending_changes_only_the_status_cells_of_those_reports(qtbot, ctx, store):
    add_reports(store, 12)
    model = _model(qtbot, ctx)
    changes: list[tuple[int, int, int, int]] = []
    model.dataChanged.connect(lambda top, bottom, _roles: changes.append(
        (top.row(), top.column(), bottom.row(), bottom.column())))
    ids = {row: model.index(row, 0).data(REPORT_ROLE).id for row in range(model.rowCount())}

    model.set_sending(frozenset({ids[2], ids[7]}))
    assert sorted(changes) == [(2, Column.STATE, 2, Column.STATE), (7, Column.STATE, 7, Column.STATE)]
    assert model.index(2, Column.STATE).data() == "Sedang dikirim"

    changes.clear()
    model.set_sending(frozenset({ids[2], ids[7]}))
    assert changes == []

    model.set_sending(frozenset({ids[7], ids[9]}))
    assert sorted(changes) == [(2, Column.STATE, 2, Column.STATE), (9, Column.STATE, 9, Column.STATE)]
    assert model.index(2, Column.STATE).data() == "Menunggu dikirim"
