"""The data folder: refused on network drives and in OneDrive-synced folders, where WAL breaks."""

from __future__ import annotations

from pathlib import Path

import pytest

from sync import paths
from sync.paths import folder_problem
from sync.store.errors import UnsafeDataFolder

NOT_REMOTE = {"remote_drive": lambda root: False, "environ": {}}


@pytest.mark.parametrize(
    "folder",
    [
        r"\\fileserver\kesbangpol\pantau",
        "//fileserver/kesbangpol/pantau",
        r"\\?\UNC\fileserver\kesbangpol\pantau",
    ],
)
def test_network_shares_are_refused(folder: str) -> None:
    assert "network folder" in folder_problem(folder, **NOT_REMOTE)


def test_a_mapped_network_drive_is_refused_and_a_local_one_is_not() -> None:
    asked: list[str] = []

    def remote(root: str) -> bool:
        asked.append(root)
        return root.upper() == "Z:\\"

    assert "network drive Z:" in folder_problem(r"Z:\Pantau", remote_drive=remote, environ={})
    assert folder_problem(r"C:\Users\staf\AppData\Local\Pantau", remote_drive=remote, environ={}) is None
    assert asked == ["Z:\\", "C:\\"]


@pytest.mark.parametrize(
    "folder",
    [
        r"C:\Users\staf\OneDrive\Dokumen\Pantau",
        r"C:\Users\staf\OneDrive - Kemendagri\Pantau",
        "/home/staf/Dropbox/pantau",
    ],
)
def test_cloud_synced_folders_are_refused(folder: str) -> None:
    assert "OneDrive" in folder_problem(folder, **NOT_REMOTE)


def test_the_folder_onedrive_says_it_syncs_is_refused_whatever_its_name() -> None:
    environ = {"OneDriveCommercial": r"D:\Kantor Sinkron"}
    assert folder_problem(r"d:\kantor sinkron\pantau", remote_drive=lambda r: False, environ=environ)
    assert folder_problem(r"D:\Pantau", remote_drive=lambda r: False, environ=environ) is None


@pytest.mark.parametrize(
    "folder",
    [r"C:\Users\staf\AppData\Local\Pantau", r"\\?\C:\Data\Pantau", "/home/staf/.local/share/Pantau"],
)
def test_local_folders_are_fine(folder: str) -> None:
    assert folder_problem(folder, **NOT_REMOTE) is None


def test_the_cli_and_the_app_refuse_such_a_data_folder(tmp_path: Path) -> None:
    with pytest.raises(UnsafeDataFolder, match="own disk"):
        paths.data_dir(tmp_path / "OneDrive" / "Pantau")
    assert not (tmp_path / "OneDrive").exists()  # nothing made there
    assert paths.data_dir(tmp_path / "Pantau").is_dir()
