"""Sign-in, sign-out, sessions, throttling, CSRF and roles of the console, through the app in-process."""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa

from sync.server.models import AuditEntry, ConsoleSession, Review
from sync.server.sessions import COOKIE
from sync.server.tokens import utcnow
from tests.console.conftest import PASSWORD, Console, csrf_of, sign_in


def test_pages_need_a_session_and_sign_in_leads_back(console: Console) -> None:
    page = console.client.get("/?asal=tautan")
    assert page.status_code == 401 and "Silakan masuk" in page.text
    assert 'name="lanjut" value="/?asal=tautan"' in page.text
    console.add_user("sari", "analyst")
    browser = console.browser()
    response = sign_in(browser, "Sari", PASSWORD, lanjut="/")
    assert response.status_code == 303 and response.headers["location"] == "/"
    cookie = response.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie.replace("Strict", "strict")
    home = browser.get("/")
    assert home.status_code == 200 and "Perlu perhatian" in home.text and "sari" in home.text


def test_wrong_password_unknown_and_disabled_users(console: Console, caplog) -> None:
    console.add_user("budi", "viewer")
    browser = console.browser()
    wrong = sign_in(browser, "budi", "salah-sekali-123")
    assert wrong.status_code == 401 and "Nama pengguna atau kata sandi salah" in wrong.text
    unknown = sign_in(browser, "tidakada", PASSWORD)
    assert unknown.status_code == 401 and "Nama pengguna atau kata sandi salah" in unknown.text
    console.add_user("admin1", "admin")
    from sync.server import users

    with console.session() as session:
        users.disable_user(session=session, username="budi", actor="test")
    disabled = sign_in(browser, "budi", PASSWORD)
    assert disabled.status_code == 403 and "dinonaktifkan" in disabled.text
    assert "salah-sekali-123" not in caplog.text and PASSWORD not in caplog.text


def test_failed_sign_ins_are_throttled_per_account_and_per_address(console: Console) -> None:
    console.add_user("rina", "analyst")
    browser = console.browser()
    for _ in range(console.settings.login_failures_per_account):
        assert sign_in(browser, "rina", "bukan-kata-sandinya").status_code == 401
    locked = sign_in(browser, "rina", PASSWORD)  # even the right password waits
    assert locked.status_code == 429 and "Terlalu banyak percobaan" in locked.text
    assert "15 menit" in locked.text
    # Another account from the same address still works, until the address limit.
    assert sign_in(browser, "rina2", "x" * 12).status_code == 401
    with console.session() as session:
        session.exec(sa.text("UPDATE login_failure SET address = 'elsewhere'"))
        session.commit()


def test_address_limit(tmp_path) -> None:
    from tests.console.conftest import make_console

    for console in make_console(tmp_path / "s", login_failures_per_address=3):
        browser = console.browser()
        for name in ("a1", "a2", "a3"):
            assert sign_in(browser, name, "salah-salah-salah").status_code == 401
        console.add_user("dewi", "viewer")
        assert sign_in(browser, "dewi", PASSWORD).status_code == 429


def test_sign_out_ends_the_session_and_idle_sessions_expire(console: Console) -> None:
    browser = console.sign_in("yanti")
    home = browser.get("/")
    out = browser.post("/keluar", data={"csrf_token": csrf_of(home.text)}, follow_redirects=False)
    assert out.status_code == 303 and out.headers["location"] == "/login"
    with console.session() as session:
        assert session.exec(sa.select(sa.func.count()).select_from(ConsoleSession)).one()[0] == 0
    browser = console.sign_in("yanti", add=False)
    with console.session() as session:
        session.exec(
            sa.update(ConsoleSession).values(
                last_seen_at=utcnow() - console.settings.console_idle - timedelta(minutes=1)
            )
        )
        session.commit()
    expired = browser.get("/")
    assert expired.status_code == 401 and "Sesi Anda telah berakhir" in expired.text


def test_forged_cookie_and_device_token_open_no_page(console: Console) -> None:
    browser = console.browser()
    browser.cookies.set(COOKIE, "palsu")
    assert browser.get("/").status_code == 401
    anonymous = console.browser()
    page = anonymous.get("/", headers={"Authorization": "Bearer sometoken"})
    assert page.status_code == 401 and "Perlu perhatian" not in page.text


def test_old_view_and_token_links_lead_to_the_console(console: Console) -> None:
    browser = console.browser()
    old = browser.get("/view?token=abc", follow_redirects=False)
    assert old.status_code == 303 and "token" not in old.headers["location"]
    assert browser.get("/view", follow_redirects=False).headers["location"] == "/"


def test_csrf_is_required_on_every_form(console: Console) -> None:
    browser = console.sign_in("eko")
    refused = browser.post("/keluar", data={"csrf_token": "palsu"}, follow_redirects=False)
    assert refused.status_code == 403 and "token keamanannya" in refused.text
    missing = browser.post("/keluar", follow_redirects=False)
    assert missing.status_code == 403
    assert browser.get("/").status_code == 200  # still signed in: nothing happened
    login = console.browser().post("/login", data={"username": "eko", "password": PASSWORD})
    assert login.status_code == 403


def test_unknown_page_is_an_indonesian_404(console: Console) -> None:
    browser = console.sign_in("fajar")
    page = browser.get("/tidak-ada")
    assert page.status_code == 404 and "tidak ada" in page.text
    api = browser.get("/api/v1/tidak-ada")
    assert api.json()["code"]  # the API keeps answering JSON


def test_audit_records_account_changes(console: Console) -> None:
    console.add_user("gita", "analyst")
    with console.session() as session:
        actions = session.exec(sa.select(AuditEntry.action, AuditEntry.target)).all()
    assert ("user.add", "gita") in [tuple(a) for a in actions]
    assert Review  # reviews are audited in test_detail
