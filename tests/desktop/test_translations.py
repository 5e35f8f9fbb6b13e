"""Indonesian is the source language; English comes from resources/i18n/pantau_en.qm."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from PySide6.QtWidgets import QApplication

from desktop.app import install_translations
from desktop.main_window import MainWindow
from desktop.report_table_model import state_label
from sync.paths import resource_path
from sync.store.schemas import ReportState
from tests.support.qt import wait_loaded


@pytest.fixture
def english(qapp):
    translators = install_translations(qapp, "en")
    yield translators
    for translator in translators:
        QApplication.removeTranslator(translator)


def test_every_english_entry_is_translated():
    root = ET.parse(resource_path("i18n", "pantau_en.ts")).getroot()
    messages = list(root.iter("message"))
    assert len(messages) > 150
    unfinished = [m.find("source").text for m in messages
                  if m.find("translation").get("type") in ("unfinished", "obsolete", "vanished")]
    assert unfinished == []
    assert resource_path("i18n", "pantau_en.qm").stat().st_size > 1000


def test_english_window(qtbot, ctx, english):
    assert english, "pantau_en.qm loaded"
    window = MainWindow(ctx, start_sync=False)
    qtbot.addWidget(window)
    wait_loaded(qtbot, window.model)
    assert window.new_action.text() == "New report"
    assert window.send_now_action.text() == "Send now"
    assert window.filters.search.placeholderText() == "Search reports… (Ctrl+F)"
    assert state_label(ReportState.NEEDS_REVISION) == "Needs revision"


def test_indonesian_is_the_default(qtbot, ctx, qapp):
    for translator in install_translations(qapp, "id"):
        QApplication.removeTranslator(translator)
    window = MainWindow(ctx, start_sync=False)
    qtbot.addWidget(window)
    wait_loaded(qtbot, window.model)
    assert window.new_action.text() == "Laporan baru"
    assert state_label(ReportState.DRAFT) == "Draf"
