"""Certificates on office PCs: the OS trust store in every process, DER `.cer` files accepted."""

from __future__ import annotations

import json
import os
import ssl
import subprocess
import sys
import threading
import uuid
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from sync.client.certificates import CertificateUnusable, pem_ca_bundle
from sync.client.credentials import CredentialStore
from sync.client.enrollment import enroll
from sync.store.settings import get_ca_bundle
from tests.support.pki import make_pki

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def _no_ca_override(monkeypatch):
    """`requests` lets these variables override a session's CA file: not so on an office PC."""
    monkeypatch.delenv("REQUESTS_CA_BUNDLE", raising=False)
    monkeypatch.delenv("CURL_CA_BUNDLE", raising=False)


@pytest.fixture(scope="module")
def pki(tmp_path_factory) -> dict[str, Path]:
    return make_pki(tmp_path_factory.mktemp("pki"))


class _Enrol(BaseHTTPRequestHandler):
    """The provincial server's enrolment, enough to prove the TLS handshake was trusted."""

    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - BaseHTTPRequestHandler's name
        pass

    def do_POST(self) -> None:  # noqa: N802 - BaseHTTPRequestHandler's name
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        body = json.dumps({"device_id": str(uuid.uuid4()), "token": "token-tls", "office": "81.01"}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture
def https_url(pki) -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Enrol)
    server.daemon_threads = True
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(pki["cert"], pki["key"])
    server.socket = context.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True)
    thread.start()
    yield f"https://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()
    thread.join(5)


def test_enrolment_with_a_der_cer_file_from_windows(store, https_url, pki):
    enroll(store, server_url=https_url, code="KODE-1234", ca_bundle=str(pki["ca_der"]))
    assert CredentialStore(store.data_dir).load() == "token-tls"
    with store.session() as session:
        kept = Path(get_ca_bundle(session=session))
    assert kept.parent == store.data_dir / "certificates" and kept.name == "CA Provinsi.pem"
    assert kept.read_text(encoding="ascii") == ssl.DER_cert_to_PEM_cert(pki["ca_der"].read_bytes())


def test_a_pem_file_is_used_where_it_is(store, pki):
    assert pem_ca_bundle(pki["ca_pem"], store.data_dir) == str(pki["ca_pem"])


def test_a_file_that_is_no_certificate_is_refused_clearly(store, tmp_path):
    wrong = tmp_path / "sertifikat.cer"
    wrong.write_bytes(b"\x30\x82 bukan sertifikat")
    with pytest.raises(CertificateUnusable) as refused:
        pem_ca_bundle(wrong, store.data_dir)
    assert refused.value.message_id.startswith("Berkas sertifikat CA tidak dapat dipakai")
    assert not (store.data_dir / "certificates").exists()


def test_the_program_trusts_a_ca_installed_in_the_os_store(tmp_path, https_url, pki):
    """As a CA installed by group policy on Windows: the program trusts it without a CA file."""
    env = {**os.environ, "SSL_CERT_FILE": str(pki["ca_pem"])}  # the OS store on Linux (OpenSSL)
    result = subprocess.run(
        [sys.executable, "-m", "desktop.entry", "--data-dir", str(tmp_path / "pc"), "enroll",
         "--server", https_url, "--code", "KODE-1234"],
        cwd=ROOT, env=env, capture_output=True, text=True, encoding="utf-8", timeout=120)
    assert result.returncode == 0, result.stderr
    assert "enrolled: device" in result.stdout


def test_a_ca_file_chosen_in_pantau_wins_over_requests_ca_bundle(store, https_url, pki, monkeypatch):
    """An IT tool may set REQUESTS_CA_BUNDLE system-wide; the province's CA must still count."""
    import certifi

    monkeypatch.setenv("REQUESTS_CA_BUNDLE", certifi.where())
    enroll(store, server_url=https_url, code="KODE-1234", ca_bundle=str(pki["ca_der"]))
    assert CredentialStore(store.data_dir).load() == "token-tls"
