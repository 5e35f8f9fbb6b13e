"""Helpers of the bundle page tests: office PCs with bundles, and a signed-in requests browser."""

from __future__ import annotations

import re
from pathlib import Path

import requests
from sqlmodel import func, select

from sync.bundle.office import export_bundle
from sync.client.enrollment import enroll
from sync.server.models import Attachment, Report, ReportRevision
from sync.store import Store, open_store
from sync.store.outbox import pending_count
from sync.store.settings import set_office
from tests.server.conftest import db_session
from tests.support.server import ServerHandle

CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
TIMEOUT = 60


def office_pc(folder: Path, server: ServerHandle, office: str = "81.01", label: str = "PC") -> Store:
    """An office PC's store enrolled with `server` (its bundle keys made then)."""
    store = open_store(folder, auto_backup=False)
    with store.session() as session:
        set_office(session=session, code=office)
    enroll(store, server_url=server.url, code=server.enroll_code(office, label), label=label)
    return store


def bundle_of(store: Store, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    export_bundle(store, path)
    return path


def pending(store: Store) -> int:
    with store.session() as session:
        return pending_count(session=session)[0]


def stored(server: ServerHandle) -> tuple[int, int, int]:
    """Reports, revisions and attachments the server holds."""
    with db_session(server) as session:
        return tuple(session.exec(select(func.count()).select_from(table)).one()
                     for table in (Report, ReportRevision, Attachment))  # fmt: skip


def csrf_of(html: str) -> str:
    found = CSRF.search(html)
    assert found, "the page has no CSRF field"
    return found[1]


def signed_in(server: ServerHandle, username: str, password: str) -> requests.Session:
    browser = requests.Session()
    page = browser.get(f"{server.url}/login", timeout=TIMEOUT)
    answer = browser.post(
        f"{server.url}/login",
        data={"username": username, "password": password, "csrf_token": csrf_of(page.text)},
        allow_redirects=False,
        timeout=TIMEOUT,
    )
    assert answer.status_code == 303, answer.text
    return browser


def upload(server: ServerHandle, browser: requests.Session, data: bytes | None, name: str = "kantor.pantau",
           *, csrf: str | None = None) -> requests.Response:  # fmt: skip
    """The bundle form as a browser posts it (the page's CSRF token unless `csrf` is given)."""
    if csrf is None:
        csrf = csrf_of(browser.get(f"{server.url}/bundel", timeout=TIMEOUT).text)
    files = {"berkas": (name if data is not None else "", data or b"", "application/octet-stream")}
    return browser.post(f"{server.url}/bundel", data={"csrf_token": csrf}, files=files, timeout=TIMEOUT)
