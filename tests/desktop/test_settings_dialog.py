"""Settings: read from the store off the GUI thread, validated, saved, language kept for the next start."""

from __future__ import annotations

from desktop.events import events
from desktop.settings import gui_settings
from desktop.settings_dialog import SettingsDialog, StoreSettings


def _dialog(qtbot, ctx) -> SettingsDialog:
    dialog = SettingsDialog(ctx)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(dialog.server_url.isEnabled, timeout=5000)
    return dialog


def test_shows_the_stored_settings_and_saves_changes(qtbot, ctx, store, tmp_path):
    dialog = _dialog(qtbot, ctx)
    assert dialog.interval.value() == StoreSettings.read(store).sync_interval_minutes
    bundle = tmp_path / "provinsi-ca.pem"
    bundle.write_text("-----BEGIN CERTIFICATE-----\n", encoding="ascii")
    dialog.server_url.setText("https://pantau.malukuprov.go.id/")
    dialog.ca_bundle.setText(str(bundle))
    dialog.interval.setValue(30)
    dialog.photo_side.setValue(1280)
    dialog.photo_quality.setValue(70)
    dialog.language.setCurrentIndex(dialog.language.findData("en"))
    with qtbot.waitSignal(events().settings_changed, timeout=5000):
        dialog.buttons.accepted.emit()
    assert dialog.result() == dialog.DialogCode.Accepted
    saved = StoreSettings.read(store)
    assert saved == StoreSettings(server_url="https://pantau.malukuprov.go.id", ca_bundle=str(bundle),
                                  sync_interval_minutes=30, photo_max_side=1280, photo_quality=70)
    assert gui_settings(store.data_dir).language() == "en"


def test_refuses_a_bad_server_address_and_a_missing_ca_file(qtbot, ctx, store):
    dialog = _dialog(qtbot, ctx)
    dialog.server_url.setText("pantau.malukuprov.go.id")
    dialog.buttons.accepted.emit()
    assert dialog.message.text() == "Alamat server harus diawali http:// atau https://"
    dialog.server_url.setText("https://pantau.malukuprov.go.id")
    dialog.ca_bundle.setText("/tidak/ada.pem")
    dialog.buttons.accepted.emit()
    assert dialog.message.text() == "Berkas sertifikat CA tidak ditemukan."
    assert dialog.result() == 0
    assert StoreSettings.read(store).server_url is None


def test_enrol_again_needs_address_and_code(qtbot, ctx):
    dialog = _dialog(qtbot, ctx)
    dialog.enroll_button.click()
    assert dialog.message.text() == "Isi alamat server dan kode pendaftaran."
