"""Qt's own widgets speak Indonesian too: file dialogs (resources/i18n/qtbase_id) and calendars (locale)."""

from __future__ import annotations

from PySide6.QtCore import QDate, QLocale, Qt
from PySide6.QtWidgets import (
    QApplication,
    QCalendarWidget,
    QFileDialog,
    QLabel,
    QToolButton,
    QTreeView,
)

from desktop.app import install_translations


def test_the_file_dialog_and_the_calendar_are_indonesian(qtbot, qapp, tmp_path):
    translators = install_translations(qapp, "id")
    try:
        dialog = QFileDialog(None, "Simpan", str(tmp_path), "PDF (*.pdf)")
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        qtbot.addWidget(dialog)
        dialog.show()
        labels = [label.text() for label in dialog.findChildren(QLabel)]
        assert "&Lihat di:" in labels and "&Jenis berkas:" in labels
        assert "Folder induk" in [button.toolTip() for button in dialog.findChildren(QToolButton)]
        model = dialog.findChild(QTreeView).model()
        assert model.headerData(0, Qt.Orientation.Horizontal) == "Nama"
        calendar = QCalendarWidget()
        qtbot.addWidget(calendar)
        assert QLocale().language() == QLocale.Language.Indonesian
        assert calendar.locale().monthName(2) == "Februari"
        assert calendar.locale().toString(QDate(2024, 2, 14), "dddd") == "Rabu"
        assert QLocale().toString(3.5, "f", 1) == "3,5"  # one decimal separator: the comma
    finally:
        for translator in translators:
            QApplication.removeTranslator(translator)
        QLocale.setDefault(QLocale.c())
