"""Start-up of an encrypted store: the passphrase dialog, a wrong passphrase, the recovery key, shown once."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialog

from desktop.unlock import RecoveryKeyShown, SecretDialog, open_store_asking
from sync.store import keys

PASSPHRASE = "frasa-sandi-kantor"


def _answer_dialogs(*answers: Callable[[QDialog], None]) -> list[QDialog]:
    """Answer the next modal dialogs in turn, each by its function; the list holds those seen."""
    seen: list[QDialog] = []
    answered: set[tuple[int, int]] = set()
    pending = list(answers)

    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        showing = (id(dialog), getattr(dialog, "asked", 0))  # a dialog may be asked again
        if isinstance(dialog, QDialog) and showing not in answered:
            answered.add(showing)
            seen.append(dialog)
            pending.pop(0)(dialog)
        if pending:
            QTimer.singleShot(20, answer)

    QTimer.singleShot(20, answer)
    return seen


def _type(secret: str, again: str | None = None) -> Callable[[QDialog], None]:
    def fill(dialog: QDialog) -> None:
        assert isinstance(dialog, SecretDialog)
        dialog.secret.setText(secret)
        if dialog.again is not None:
            dialog.again.setText(again if again is not None else secret)
        dialog._check()

    return fill


def _note_recovery(dialog: QDialog) -> None:
    assert isinstance(dialog, RecoveryKeyShown)
    dialog.accept()


@pytest.fixture
def no_passphrase(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(keys.PASSPHRASE_ENV)
    monkeypatch.delenv(keys.CHILD_KEY_ENV, raising=False)
    keys.forget()


def test_first_start_without_a_credential_store_asks_for_a_passphrase_and_shows_the_recovery_key(
    qtbot, tmp_path: Path, no_passphrase: None
) -> None:
    seen = _answer_dialogs(_type(PASSPHRASE), _note_recovery)
    store = open_store_asking(tmp_path / "data")
    assert store is not None and [type(d) for d in seen] == [SecretDialog, RecoveryKeyShown]
    assert seen[1].recovery == store.new_recovery
    assert seen[0].windowTitle() == "Frasa sandi Pantau"
    store.close()


def test_a_wrong_passphrase_is_said_in_the_dialog_and_the_right_one_opens(
    qtbot, tmp_path: Path, no_passphrase: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    _answer_dialogs(_type(PASSPHRASE), _note_recovery)
    open_store_asking(tmp_path / "data").close()
    keys.forget()
    now = [1_000.0]
    monkeypatch.setattr(keys, "clock", lambda: now[0])

    def wrong(dialog: QDialog) -> None:
        now[0] += 10  # the clerk takes a moment: the throttle's delay has passed
        _type("keliru-sekali")(dialog)

    def right(dialog: QDialog) -> None:
        assert "salah" in dialog.problem.text()
        now[0] += 10
        _type(PASSPHRASE)(dialog)

    seen = _answer_dialogs(wrong, right)
    store = open_store_asking(tmp_path / "data")
    assert store is not None and len(seen) == 2 and store.new_recovery is None
    store.close()


def test_cancelling_the_passphrase_opens_nothing(qtbot, tmp_path: Path, no_passphrase: None) -> None:
    _answer_dialogs(lambda dialog: dialog.reject())
    assert open_store_asking(tmp_path / "data") is None
    assert not keys.key_path(tmp_path / "data").exists()


def test_a_lost_key_is_opened_with_the_recovery_key(qtbot, tmp_path: Path) -> None:
    seen = _answer_dialogs(_note_recovery)
    store = open_store_asking(tmp_path / "data")
    recovery = seen[0].recovery
    store.close()
    keys.key_path(tmp_path / "data").unlink()
    keys.forget()
    seen = _answer_dialogs(_type("AAAA-BBBB"), _type(recovery))  # a typo first: said, then the right key
    store = open_store_asking(tmp_path / "data")
    assert store is not None and len(seen) == 2 and seen[0] is seen[1]  # the same dialog, asked again
    assert "tidak cocok" in seen[1].problem.text() or "bukan" in seen[1].problem.text()
    store.close()
