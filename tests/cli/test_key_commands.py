"""`pantau key rotate` and `pantau key recovery`, the recovery key printed once, a passphrase missing."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from sync.store import keys
from tests.cli.conftest import Pantau
from tests.store.conftest import warning_data

RECOVERY = re.compile(r"(?:[A-Z2-7]{4}-){12}[A-Z2-7]{4}")


def _new_report(pantau: Pantau) -> None:
    made = pantau("new", "deteksi_dini", "--submit", "--data", str(pantau.write_json("a.json", warning_data())))
    assert made.code == 0, made.err


def test_the_recovery_key_is_printed_at_set_up_only(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    runner = Pantau(tmp_path / "data", capsys)
    first = runner("init", "--office", "81.01")
    assert first.code == 0 and RECOVERY.search(first.err) and not RECOVERY.search(first.out)
    again = runner("list")
    assert again.code == 0 and not RECOVERY.search(again.err)


def test_rotate_then_recover_with_the_new_recovery_key(pantau: Pantau, monkeypatch: pytest.MonkeyPatch) -> None:
    _new_report(pantau)
    rotated = pantau("key", "rotate")
    assert rotated.code == 0, rotated.err
    new_recovery = RECOVERY.search(rotated.err).group(0)
    keys.key_path(pantau.data_dir).unlink()  # the key file lost
    keys.forget()
    refused = pantau("list")
    assert refused.code == 2 and "pantau key recovery" in refused.err
    wrong = pantau("key", "recovery", "AAAA-" * 12 + "AAAA")
    assert wrong.code == 2 and "does not open" in wrong.err
    recovered = pantau("key", "recovery", stdin=new_recovery + "\n", monkeypatch=monkeypatch)
    assert recovered.code == 0, recovered.err
    keys.forget()
    listed = pantau("list")
    assert listed.code == 0 and len(listed.out.strip().splitlines()) >= 1


def test_no_passphrase_in_a_script_is_a_clear_message(pantau: Pantau, monkeypatch: pytest.MonkeyPatch) -> None:
    keys.forget()
    monkeypatch.delenv(keys.PASSPHRASE_ENV)
    result = pantau("list", stdin="", monkeypatch=monkeypatch)
    assert result.code == 2 and keys.PASSPHRASE_ENV in result.err and "Traceback" not in result.err
    monkeypatch.setenv(keys.PASSPHRASE_ENV, "bukan-frasa-ini")
    wrong = pantau.spawn("list")  # a real process: a wrong passphrase, said in one line
    assert wrong.code == 2 and "wrong passphrase" in wrong.err and "Traceback" not in wrong.err
