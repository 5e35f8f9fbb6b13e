"""Settings: read from the store off the GUI thread, validated, saved, language kept for the next start."""

from __future__ import annotations

import ssl
from pathlib import Path

from desktop.events import events
from desktop.settings import gui_settings
from desktop.settings_dialog import SettingsDialog, StoreSettings
from tests.support.pki import make_pki


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
    assert dialog.enroll_button.text() == "Daftarkan"  # never enrolled: not "again"
    dialog.enroll_button.click()
    assert dialog.message.text() == "Isi alamat server dan kode pendaftaran."


def test_a_der_cer_file_from_windows_is_kept_as_pem(qtbot, ctx, store, tmp_path):
    pki = make_pki(tmp_path)
    dialog = _dialog(qtbot, ctx)
    dialog.server_url.setText("https://pantau.malukuprov.go.id")
    dialog.ca_bundle.setText(str(pki["ca_der"]))
    with qtbot.waitSignal(events().settings_changed, timeout=5000):
        dialog.buttons.accepted.emit()
    kept = Path(StoreSettings.read(store).ca_bundle)
    assert kept.parent == store.data_dir / "certificates"
    assert kept.read_text(encoding="ascii") == ssl.DER_cert_to_PEM_cert(pki["ca_der"].read_bytes())


def test_a_file_that_is_no_certificate_is_refused_in_indonesian(qtbot, ctx, store, tmp_path):
    wrong = tmp_path / "sertifikat.cer"
    wrong.write_bytes(b"bukan sertifikat")
    dialog = _dialog(qtbot, ctx)
    dialog.ca_bundle.setText(str(wrong))
    dialog.buttons.accepted.emit()
    qtbot.waitUntil(lambda: dialog.message.text() != "", timeout=5000)
    assert dialog.message.text().startswith("Berkas sertifikat CA tidak dapat dipakai")
    assert dialog.result() == 0
    assert StoreSettings.read(store).ca_bundle is None


def test_the_enrol_button_says_daftarkan_until_this_pc_is_enrolled(qtbot, ctx, store):
    from uuid import uuid4

    from sync.store.settings import set_device_id

    with store.session() as session:
        set_device_id(session=session, device_id=uuid4())
    assert _dialog(qtbot, ctx).enroll_button.text() == "Daftarkan ulang"
