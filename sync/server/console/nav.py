"""The console's navigation: one list; a new page adds its entry here and nowhere else."""

from __future__ import annotations

from dataclasses import dataclass

from sync.server.sessions import SignedIn
from sync.server.users import ROLES

REVIEWERS = ("analyst", "admin")
ADMINS = ("admin",)


@dataclass(frozen=True, slots=True)
class NavItem:
    path: str
    label: str
    roles: tuple[str, ...] = ROLES  # who sees the entry (the route checks again)


NAV: list[NavItem] = [
    NavItem("/", "Beranda"),
    NavItem("/laporan", "Daftar laporan"),
    NavItem("/peta", "Peta"),
    NavItem("/rekap", "Rekap provinsi"),
    NavItem("/sinkronisasi", "Kesehatan sinkronisasi"),
    NavItem("/bundel", "Bundel flashdisk", REVIEWERS),
    NavItem("/admin/perangkat", "Perangkat", ADMINS),
    NavItem("/admin/akun", "Akun", ADMINS),
    NavItem("/admin/formulir", "Formulir", ADMINS),
    NavItem("/admin/audit", "Audit", ADMINS),
]


def visible(user: SignedIn | None) -> list[NavItem]:
    return [item for item in NAV if user is not None and user.role in item.roles]


def current(path: str) -> str:
    """The entry a path belongs to: `/laporan/…` lights up "Daftar laporan"."""
    best = "/"
    for item in NAV:
        if item.path != "/" and (path == item.path or path.startswith(item.path + "/")):
            best = item.path
    return best
