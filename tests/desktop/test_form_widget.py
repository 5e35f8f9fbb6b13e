"""The generic form widget, driven like a clerk: every field type, inline messages, Tab order."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QCheckBox, QComboBox, QLabel, QLineEdit

from desktop.fields.region import RegionEditor
from desktop.form_widget import FormWidget
from sync.regions import Regions
from tests.support.qt import FULL_VALUE, KECAMATAN, OFFICE, all_types_form, field_env


def _form(qtbot) -> FormWidget:
    widget = FormWidget(all_types_form(), field_env())
    qtbot.addWidget(widget)
    widget.resize(800, 1200)
    widget.show()
    qtbot.waitExposed(widget)
    widget.activateWindow()
    qtbot.waitUntil(widget.isActiveWindow)
    return widget


def _edit(widget: FormWidget, field_id: str, index: int = 0) -> QLineEdit:
    return widget.editor(field_id).focus_widgets()[index]


def _tick(qtbot, box: QCheckBox) -> None:
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(6, box.height() // 2))  # on the box


def _visible_error(widget: FormWidget, field_id: str) -> str:
    label = widget.findChild(QLabel, f"error_{field_id}")
    return label.text() if label is not None and label.isVisible() else ""


def test_value_round_trips_every_field_type(qtbot):
    widget = _form(qtbot)
    widget.set_value(FULL_VALUE)
    assert widget.value() == FULL_VALUE
    assert widget.errors() == {}  # a complete value is valid (the attachment hash included)
    assert _edit(widget, "anggaran").text() == "1.250.000"
    assert [e.text() for e in widget.editor("waktu").focus_widgets()] == ["14/02/2024", "10:30"]  # WIT


def test_unknown_keys_and_offsets_are_kept_until_edited(qtbot):
    widget = _form(qtbot)
    data = {"judul": "x", "tanggal": "2024-02-14", "waktu": "2024-02-14T10:30:15+09:00", "lama": 1}
    widget.set_value(data)
    assert widget.value() == data
    time_edit = _edit(widget, "waktu", 1)
    time_edit.clear()
    qtbot.keyClicks(time_edit, "11:45")
    assert widget.value()["waktu"] == "2024-02-14T02:45:00+00:00"  # typed in WIT, stored in UTC


def test_clerk_fills_every_field_type_by_keyboard_and_mouse(qtbot):
    widget = _form(qtbot)
    qtbot.keyClicks(_edit(widget, "judul"), "Sosialisasi pemilu")
    qtbot.keyClicks(_edit(widget, "uraian"), "Baris satu")
    qtbot.keyClicks(_edit(widget, "jumlah"), "120")
    qtbot.keyClicks(_edit(widget, "anggaran"), "1250000")
    qtbot.keyClicks(_edit(widget, "tanggal"), "14/02/2024")
    qtbot.keyClicks(_edit(widget, "waktu", 0), "14/02/2024")
    qtbot.keyClicks(_edit(widget, "waktu", 1), "10:30")
    level: QComboBox = _edit(widget, "tingkat")
    level.setCurrentIndex(level.findText("Siaga"))
    boxes: list[QCheckBox] = widget.editor("sasaran").focus_widgets()
    _tick(qtbot, boxes[2])
    _tick(qtbot, boxes[0])
    kecamatan: QComboBox = _edit(widget, "kecamatan")
    kecamatan.setCurrentIndex(kecamatan.findData(KECAMATAN))
    desa: QComboBox = _edit(widget, "desa")  # follows the kecamatan field: only its own combo
    assert desa.count() == 1 + len(Regions.load().desa_of(KECAMATAN))
    desa.setCurrentIndex(desa.findText("Sepa"))
    qtbot.keyClicks(_edit(widget, "koordinat", 0), "-3,3312")  # a decimal comma is fine
    qtbot.keyClicks(_edit(widget, "koordinat", 1), "128.9187")
    group = widget.editor("tindak_lanjut")
    qtbot.mouseClick(group.focus_widgets()[-1], Qt.MouseButton.LeftButton)
    qtbot.keyClicks(group.row_panel(0).editor("kegiatan").focus_widgets()[0], "Patroli")
    qtbot.keyClicks(group.row_panel(0).editor("batas_waktu").focus_widgets()[0], "20/02/2024")
    _tick(qtbot, _edit(widget, "mendesak"))

    assert _edit(widget, "anggaran").text() == "1.250.000"
    assert widget.value() == {
        "judul": "Sosialisasi pemilu", "uraian": "Baris satu", "jumlah": 120, "anggaran": 1250000,
        "tanggal": "2024-02-14", "waktu": "2024-02-14T01:30:00+00:00", "tingkat": "siaga",
        "sasaran": ["pemuda", "pemilih_pemula"], "kecamatan": KECAMATAN, "desa": "81.01.01.2002",
        "koordinat": {"lat": -3.3312, "lon": 128.9187},
        "tindak_lanjut": [{"kegiatan": "Patroli", "batas_waktu": "2024-02-20"}], "mendesak": True,
    }
    assert widget.errors() == {}


def test_money_keeps_the_cursor_while_regrouping(qtbot):
    widget = _form(qtbot)
    money = _edit(widget, "anggaran")
    qtbot.keyClicks(money, "1250")
    assert money.text() == "1.250"
    money.setCursorPosition(1)  # after the "1": typing "9" makes 19.250
    qtbot.keyClicks(money, "9")
    assert money.text() == "19.250"
    assert money.cursorPosition() == 2


def test_money_reads_indonesian_amounts_exactly_or_says_why_not(qtbot):
    widget = _form(qtbot)
    money = _edit(widget, "anggaran")
    for typed, value in [("7.500.000,00", 7_500_000), ("15 miliar", 15_000_000_000), ("7500000", 7_500_000)]:
        money.clear()
        qtbot.keyClicks(money, typed)
        assert widget.value()["anggaran"] == value, typed
        assert _visible_error(widget, "anggaran") == ""
    assert money.text() == "7.500.000"
    for typed, message in [("7.500.000,50", "bukan bilangan bulat"), ("7,500,000", "ribuan dipisah dengan titik")]:
        money.clear()
        qtbot.keyClicks(money, typed)
        assert money.text() == typed  # left as typed: nothing is dropped or guessed
        assert "anggaran" not in widget.value()
        assert message in _visible_error(widget, "anggaran")
    assert "7.500.000,00" in money.toolTip()  # the hint says what is accepted


def test_a_date_time_row_shows_all_its_problems_at_once(qtbot):
    widget = _form(qtbot)
    qtbot.keyClicks(_edit(widget, "waktu", 0), "30/02/2024")
    qtbot.keyClicks(_edit(widget, "waktu", 1), "25:00")
    shown = _visible_error(widget, "waktu")
    assert "Tanggal tidak ada" in shown and "Jam tidak dikenali" in shown


def test_fields_do_not_move_while_messages_come_and_go(qtbot):
    widget = _form(qtbot)
    below = _edit(widget, "tanggal")
    before = below.mapTo(widget, below.rect().topLeft()).y()
    jumlah = _edit(widget, "jumlah")
    qtbot.keyClicks(jumlah, "12a")  # a message appears under Jumlah…
    assert _visible_error(widget, "jumlah") != ""
    assert below.mapTo(widget, below.rect().topLeft()).y() == before
    jumlah.clear()
    qtbot.keyClicks(jumlah, "12")  # …and goes away: nothing below has moved
    assert _visible_error(widget, "jumlah") == ""
    assert below.mapTo(widget, below.rect().topLeft()).y() == before


def test_messages_appear_inline_in_indonesian_as_the_clerk_types(qtbot):
    widget = _form(qtbot)
    assert _visible_error(widget, "judul") == ""  # untouched fields stay quiet
    qtbot.keyClicks(_edit(widget, "jumlah"), "12a")
    assert "tidak terbaca sebagai angka" in _visible_error(widget, "jumlah")
    qtbot.keyClicks(_edit(widget, "tanggal"), "31/02/2024")  # written right, but no such day
    assert _visible_error(widget, "tanggal") == "Tanggal tidak ada: 02/2024 hanya sampai tanggal 29"
    jumlah = _edit(widget, "jumlah")
    jumlah.clear()
    qtbot.keyClicks(jumlah, "9000")  # the shared validator's range check, in Indonesian
    assert _visible_error(widget, "jumlah") != ""
    assert _visible_error(widget, "judul") == ""

    errors = widget.check(show_all=True)  # as on submit: everything shows, cursor to the first
    assert list(errors)[:3] == ["judul", "jumlah", "tanggal"]
    assert _visible_error(widget, "judul") != ""
    assert widget.focus_first_error() == "judul"
    assert QApplication.focusWidget() is _edit(widget, "judul")


def test_group_rows_validate_inside_and_can_be_removed(qtbot):
    widget = _form(qtbot)
    group = widget.editor("tindak_lanjut")
    group.add_row()
    group.add_row()
    qtbot.keyClicks(group.row_panel(0).editor("kegiatan").focus_widgets()[0], "Rapat")
    errors = widget.check(show_all=True)
    assert "tindak_lanjut[1].kegiatan" in errors
    row_error = group.row_panel(1).findChild(QLabel, "error_kegiatan")
    qtbot.waitUntil(row_error.isVisible)
    assert row_error.text()
    widget.focus_first_error()
    group.row_panel(0)  # still there
    remove = [b for b in group.findChildren(type(group.focus_widgets()[-1])) if b.text() == "Hapus baris"]
    qtbot.mouseClick(remove[1], Qt.MouseButton.LeftButton)
    assert group.row_count() == 1
    assert widget.value()["tindak_lanjut"] == [{"kegiatan": "Rapat"}]
    assert "tindak_lanjut[1].kegiatan" not in widget.check(show_all=True)


def test_region_picker_offers_only_the_office_kecamatan(qtbot):
    widget = _form(qtbot)
    editor = widget.editor("kecamatan")
    assert isinstance(editor, RegionEditor)
    combo: QComboBox = editor.focus_widgets()[0]
    offered = [combo.itemData(i) for i in range(1, combo.count())]
    assert offered == [r.code for r in Regions.load().kecamatan_of(OFFICE)]
    assert all(code.startswith(OFFICE + ".") for code in offered)


def test_tab_follows_the_form(qtbot):
    widget = _form(qtbot)
    widget.activateWindow()
    chain = widget.focus_widgets()
    chain[0].setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is chain[0])
    visited = [QApplication.focusWidget()]
    for _ in range(len(chain) - 1):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        visited.append(QApplication.focusWidget())
    assert visited == chain


def test_every_bundled_form_renders_and_round_trips(qtbot):
    from sync.forms import FormRegistry, apply_defaults

    for form in FormRegistry.bundled().forms():
        widget = FormWidget(form, field_env())
        qtbot.addWidget(widget)
        assert set(widget.editors()) == {f.id for f in form.fields}
        start = apply_defaults(form, {})
        widget.set_value(start)
        assert widget.value() == start, form.id


def test_a_date_can_be_picked_from_the_calendar(qtbot):
    from PySide6.QtCore import QDate, QTimer
    from PySide6.QtWidgets import QCalendarWidget, QToolButton

    widget = _form(qtbot)
    button = widget.editor("tanggal").findChild(QToolButton)
    picked = []

    def pick() -> None:
        calendar = QApplication.activePopupWidget().findChild(QCalendarWidget)
        calendar.setSelectedDate(QDate(2024, 2, 14))
        calendar.activated.emit(QDate(2024, 2, 14))
        picked.append(True)

    QTimer.singleShot(50, pick)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert picked
    assert _edit(widget, "tanggal").text() == "14/02/2024"
    assert widget.value()["tanggal"] == "2024-02-14"


def test_a_new_group_row_stays_quiet_until_typed_in(qtbot):
    widget = _form(qtbot)
    group = widget.editor("tindak_lanjut")
    first = group.add_row()
    second = group.add_row()
    assert first.findChild(QLabel, "error_kegiatan").text() == ""  # empty, untouched
    qtbot.keyClicks(second.editor("batas_waktu").focus_widgets()[0], "99/99/2024")
    assert second.findChild(QLabel, "error_batas_waktu").text() != ""  # typed: told at once
    assert second.findChild(QLabel, "error_kegiatan").text() == ""
    widget.check(show_all=True)  # submit: everything speaks
    assert first.findChild(QLabel, "error_kegiatan").text() != ""


def test_labels_and_messages_follow_the_language(qtbot):
    from desktop.fields.base import FieldEnv

    widget = FormWidget(all_types_form(), FieldEnv(office=OFFICE, lang="en"))
    qtbot.addWidget(widget)
    labels = {label.text() for label in widget.findChildren(QLabel)}
    assert any(text.startswith("Title") for text in labels) and "Participants" in labels
    errors = widget.check(show_all=True)
    assert "required" in errors["judul"].lower()


def test_examples_come_from_the_office_and_add_buttons_read_as_a_sentence(qtbot):
    widget = _form(qtbot)
    lat, lon = widget.editor("koordinat").focus_widgets()
    assert (lat.placeholderText(), lon.placeholderText()) == ("-3,2975", "128,9600")  # Masohi, seat of Maluku Tengah
    qtbot.keyClicks(lat, "utara")
    qtbot.keyClicks(lon, "1")
    assert "misalnya -3,2975 dan 128,9600" in _visible_error(widget, "koordinat")
    assert widget.editor("tindak_lanjut")._add_button.text() == "+ Tambah tindak lanjut"
