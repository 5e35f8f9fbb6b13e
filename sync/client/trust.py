"""TLS trust from the operating system's certificate store (`truststore`), for the whole process.

On Windows this is the certificate store that group policy fills: a government CA, or the
root of an antivirus that inspects HTTPS, works as it does in the browser. `requests`
otherwise trusts only the certifi bundle shipped with the program. A CA file chosen in the
settings still applies on top. Call `use_os_trust_store()` once at process start, before
any connection is made.
"""

from __future__ import annotations

import logging

log = logging.getLogger(__name__)


def use_os_trust_store() -> bool:
    """Make every TLS connection of this process verify against the OS store; False if not possible."""
    try:
        import truststore

        truststore.inject_into_ssl()
    except (ImportError, RuntimeError, OSError) as exc:  # too old an OpenSSL, no store: keep certifi
        log.warning("the OS certificate store is not used (%s); trusting the bundled CAs", exc)
        return False
    return True
