"""The report editor driven like a clerk: choose, type, autosave, crash, reopen, submit, amend."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QComboBox, QPushButton

from desktop.report_editor import ReportEditor
from desktop.tasks import wait_for_tasks
from sync.forms import WIT
from sync.store import reports
from sync.store.outbox import apply_review, mark_delivered
from sync.store.schemas import ReportState
from tests.support.qt import EARLY_WARNING, KECAMATAN, open_editor, shown, submitted_report


@pytest.fixture(autouse=True)
def _quick_autosave(monkeypatch):
    monkeypatch.setattr(ReportEditor, "AUTOSAVE_MS", 300)


def _input(editor: ReportEditor, field_id: str, index: int = 0):
    return editor.form_widget.editor(field_id).focus_widgets()[index]


def _detail(ctx, report_id):
    with ctx.store.session() as session:
        return reports.get_report(session=session, report_id=report_id)


def _type_early_warning(qtbot, editor: ReportEditor) -> None:
    qtbot.keyClicks(_input(editor, "waktu_kejadian", 0), "14/02/2024")
    qtbot.keyClicks(_input(editor, "waktu_kejadian", 1), "10:30")
    kecamatan: QComboBox = _input(editor, "kecamatan")
    kecamatan.setCurrentIndex(kecamatan.findData(KECAMATAN))
    for field_id, label in (("kategori", "Hoaks / disinformasi"), ("tingkat", "Awas")):
        combo: QComboBox = _input(editor, field_id)
        index = next(i for i in range(combo.count()) if combo.itemText(i).startswith(label.split(" ")[0]))
        combo.setCurrentIndex(index)
    qtbot.keyClicks(_input(editor, "kronologi"), "Pesan berantai berisi hoaks tentang calon.")


def test_new_report_from_the_chooser_and_ctrl_s(qtbot, ctx):
    editor = ReportEditor(ctx)
    shown(qtbot, editor)
    chooser = editor.findChild(QComboBox)
    chooser.setCurrentIndex(chooser.findData("deteksi_dini"))
    start = next(b for b in editor.findChildren(QPushButton) if b.text() == "Mulai isi")
    qtbot.mouseClick(start, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: editor.form_widget is not None)
    assert editor.form_widget.form.id == "deteksi_dini"
    assert QApplication.focusWidget() is _input(editor, "waktu_kejadian")  # ready to type
    qtbot.keyClicks(_input(editor, "kronologi"), "Kerumunan di pasar")
    with qtbot.waitSignal(editor.saved, timeout=5000) as saved:
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    detail = _detail(ctx, saved.args[0])
    assert detail.report.state is ReportState.DRAFT
    assert detail.revisions[-1].data["kronologi"] == "Kerumunan di pasar"


def test_autosave_survives_a_crash_and_the_draft_reopens(qtbot, ctx):
    editor = open_editor(qtbot, ctx, form_id="deteksi_dini", register=False)
    with qtbot.waitSignal(editor.saved, timeout=5000) as saved:  # no Ctrl+S: the autosave
        _type_early_warning(qtbot, editor)
    report_id = saved.args[0]
    typed = editor.form_widget.value()
    # The program dies: the window is never closed, its C++ side just goes away.
    shiboken6.delete(editor)
    reopened = open_editor(qtbot, ctx, report_id=report_id)
    assert reopened.form_widget.value() == typed
    assert typed["kronologi"] == "Pesan berantai berisi hoaks tentang calon."
    assert typed["waktu_kejadian"] == "2024-02-14T01:30:00+00:00"  # 10:30 WIT


def test_autosave_is_debounced_to_one_write_after_typing(qtbot, ctx):
    editor = open_editor(qtbot, ctx, form_id="deteksi_dini")
    writes = []
    editor.saved.connect(writes.append)
    for ch in "Kerumunan":
        qtbot.keyClicks(_input(editor, "kronologi"), ch)
        qtbot.wait(30)
    qtbot.waitUntil(lambda: len(writes) == 1, timeout=5000)
    qtbot.wait(350)  # more than the autosave delay: a write that set off another would show
    assert len(writes) == 1


def test_submit_with_errors_shows_them_and_goes_to_the_first(qtbot, ctx):
    editor = open_editor(qtbot, ctx, form_id="deteksi_dini")
    qtbot.keyClicks(_input(editor, "kronologi"), "Baru sebagian")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    errors = editor.form_widget.errors()
    assert set(errors) >= {"waktu_kejadian", "kecamatan", "kategori", "tingkat"}
    assert "kronologi" not in errors
    assert QApplication.focusWidget() is _input(editor, "waktu_kejadian")
    assert "4 isian perlu diperbaiki" in editor.status_message()
    wait_for_tasks()
    assert editor.isVisible()
    assert editor.report_id is None or _detail(ctx, editor.report_id).report.state is ReportState.DRAFT


def test_submit_queues_the_report_and_closes(qtbot, ctx):
    editor = open_editor(qtbot, ctx, form_id="deteksi_dini")
    _type_early_warning(qtbot, editor)
    with qtbot.waitSignal(editor.submitted, timeout=5000) as sent:
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    detail = _detail(ctx, sent.args[0])
    assert detail.report.state is ReportState.QUEUED
    assert detail.report.urgent  # awas
    assert detail.revisions[-1].data["tingkat"] == "awas"
    qtbot.waitUntil(lambda: not editor.isVisible())


def test_closing_saves_what_was_typed(qtbot, ctx):
    editor = open_editor(qtbot, ctx, form_id="deteksi_dini")
    qtbot.keyClicks(_input(editor, "kronologi"), "Ditutup cepat")
    with qtbot.waitSignal(editor.saved, timeout=5000) as saved:
        editor.close()
    qtbot.waitUntil(lambda: not editor.isVisible())
    assert _detail(ctx, saved.args[0]).revisions[-1].data["kronologi"] == "Ditutup cepat"


def test_opening_and_closing_a_new_form_writes_nothing(qtbot, ctx):
    editor = open_editor(qtbot, ctx, form_id="deteksi_dini")
    editor.close()
    wait_for_tasks()
    assert not editor.isVisible()
    assert editor.report_id is None


def test_amend_prefills_and_submits_a_new_revision(qtbot, ctx):
    report = submitted_report(ctx)
    editor = open_editor(qtbot, ctx, report_id=report.id, amend=True)
    assert editor.form_widget.value()["kronologi"] == EARLY_WARNING["kronologi"]
    kronologi = _input(editor, "kronologi")
    kronologi.setFocus()
    qtbot.keyClick(kronologi, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(kronologi, " Situasi kini terkendali.")
    with qtbot.waitSignal(editor.submitted, timeout=5000):
        qtbot.keyClick(kronologi, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    detail = _detail(ctx, report.id)
    assert [r.revision for r in detail.revisions] == [1, 2]
    assert detail.revisions[0].data["kronologi"] == EARLY_WARNING["kronologi"]
    assert detail.revisions[1].data["kronologi"].endswith("Situasi kini terkendali.")
    assert detail.revisions[1].status == "submitted"


def test_an_amendment_closed_unchanged_is_dropped(qtbot, ctx):
    report = submitted_report(ctx)
    editor = open_editor(qtbot, ctx, report_id=report.id, amend=True)
    editor.close()
    qtbot.waitUntil(lambda: not editor.isVisible())
    wait_for_tasks()
    assert [r.status for r in _detail(ctx, report.id).revisions] == ["submitted"]


def test_a_submitted_report_opens_read_only_without_amend(qtbot, ctx):
    report = submitted_report(ctx)
    editor = open_editor(qtbot, ctx, report_id=report.id)
    assert _input(editor, "kronologi").isReadOnly()
    assert "sudah dikirim" in editor.status_message()


def test_the_chooser_offers_every_form(qtbot, ctx):
    editor = ReportEditor(ctx)
    shown(qtbot, editor)
    chooser = editor.findChild(QComboBox)
    offered = {chooser.itemData(i) for i in range(chooser.count())}
    assert offered == {form.id for form in ctx.forms.forms()}
    assert editor.form_widget is None  # nothing written until a form is chosen


def test_an_amendment_survives_a_crash_too(qtbot, ctx):
    report = submitted_report(ctx)
    editor = open_editor(qtbot, ctx, report_id=report.id, amend=True, register=False)
    kronologi = _input(editor, "kronologi")
    kronologi.setFocus()
    with qtbot.waitSignal(editor.saved, timeout=5000):  # the amendment's draft, autosaved
        qtbot.keyClick(kronologi, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
        qtbot.keyClicks(kronologi, " Tambahan.")
    shiboken6.delete(editor)
    reopened = open_editor(qtbot, ctx, report_id=report.id, amend=True)
    assert reopened.form_widget.value()["kronologi"].endswith(" Tambahan.")
    detail = _detail(ctx, report.id)
    assert [r.status for r in detail.revisions] == ["submitted", "draft"]
    assert detail.report.data["kronologi"] == EARLY_WARNING["kronologi"]  # the list still shows revision 1


def test_quitting_the_program_writes_the_last_keystrokes(qtbot, ctx):
    editor = open_editor(qtbot, ctx, form_id="deteksi_dini")
    with qtbot.waitSignal(editor.saved, timeout=5000):
        qtbot.keyClicks(_input(editor, "kronologi"), "Awal")
    qtbot.keyClicks(_input(editor, "kronologi"), " dan akhir")  # within the autosave delay
    QApplication.instance().aboutToQuit.emit()  # what QApplication does when the program ends
    assert _detail(ctx, editor.report_id).revisions[-1].data["kronologi"] == "Awal dan akhir"
    assert not editor.is_dirty()


def test_the_amend_editor_shows_the_comment_it_answers(qtbot, ctx):
    report = submitted_report(ctx)
    with ctx.store.session() as session:
        mark_delivered(session=session, report_id=report.id, revision=1, server_time=datetime.now(UTC))
        apply_review(session=session, report_id=report.id, revision=1, decision="needs_revision",
                     comment="Lengkapi jumlah massa & pihak yang terlibat.",
                     reviewed_at=datetime(2024, 2, 15, 1, 0, tzinfo=UTC))
    editor = open_editor(qtbot, ctx, report_id=report.id, amend=True)
    text = editor.review_text()
    assert "Provinsi meminta perbaikan" in text and "15/02/2024 10:00 WIT" in text
    assert "Lengkapi jumlah massa &amp; pihak yang terlibat." in text
    plain = open_editor(qtbot, ctx, form_id="deteksi_dini")
    assert plain.review_text() == ""


def test_draft_saved_time_is_in_wit(qtbot, ctx, monkeypatch):
    editor = open_editor(qtbot, ctx, form_id="deteksi_dini")
    qtbot.keyClicks(_input(editor, "kronologi"), "Kerumunan")
    with qtbot.waitSignal(editor.saved, timeout=5000):
        editor.save_draft()
    assert re.fullmatch(r"Draf tersimpan pukul \d\d:\d\d:\d\d WIT", editor.status_message())
    now_wit = datetime.now(WIT)
    shown_hour = int(editor.status_message().split()[-2][:2])
    assert shown_hour in {now_wit.hour, (now_wit.hour - 1) % 24}  # the minute may turn, not the zone
