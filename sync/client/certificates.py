"""The CA certificate chosen for the provincial server, as the PEM file that `requests` reads.

IT staff on Windows export certificates as `.cer`, which is often DER (binary), not PEM. A
DER file is checked, converted and kept as PEM in the data folder (`certificates/NAME.pem`);
a PEM file is used where it is.
"""

from __future__ import annotations

import ssl
from pathlib import Path

from sync import fileio
from sync.store.errors import StoreError

CERTIFICATES_DIR = "certificates"
_PEM_MARK = b"-----BEGIN CERTIFICATE-----"


class CertificateUnusable(StoreError):
    """The chosen file is no certificate (neither PEM nor DER) or cannot be read."""

    message_id = ("Berkas sertifikat CA tidak dapat dipakai. Gunakan berkas sertifikat (.pem, .crt "
                  "atau .cer) yang diberikan petugas TI provinsi.")


def pem_ca_bundle(path: str | Path, data_dir: Path) -> str:
    """The PEM file to verify the server with: `path` itself, or its DER certificate converted."""
    source = Path(path)
    try:
        data = source.read_bytes()
    except OSError as exc:
        raise CertificateUnusable(f"CA certificate {source}: {exc.strerror or exc}") from exc
    if _PEM_MARK in data:
        return str(source)
    try:
        ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT).load_verify_locations(cadata=data)  # DER as bytes
    except (ssl.SSLError, ValueError) as exc:
        raise CertificateUnusable(f"CA certificate {source} is neither PEM nor DER: {exc}") from exc
    target = fileio.make_private_dir(data_dir / CERTIFICATES_DIR) / f"{source.stem}.pem"
    fileio.write_text(target, ssl.DER_cert_to_PEM_cert(data), encoding="ascii")
    return str(target)
