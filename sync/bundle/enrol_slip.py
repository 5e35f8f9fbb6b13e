"""Office side of enrolment slips: this PC enrolled from a slip, with no network."""

from __future__ import annotations

import logging
from pathlib import Path

from sync.bundle.office import KEY_FILE
from sync.bundle.seal import SealError
from sync.bundle.slip import Slip, read_slip_file
from sync.client.credentials import CredentialStore
from sync.client.enrollment import keep_enrolment
from sync.store import Store
from sync.store.settings import (
    get_ca_bundle,
    get_device_id,
    get_office,
    get_server_bundle_key,
    get_server_url,
)
from sync.wire import EnrollResponse

log = logging.getLogger(__name__)


def enroll_from_slip(store: Store, path: Path, *, credentials: CredentialStore | None = None) -> Slip:
    """Enrol this PC from a slip, with no network: it then writes bundles and syncs online as
    the slip's device. A slip for another server or office, or one this PC already used, is
    refused (`SealError`) and nothing is written."""
    slip = read_slip_file(path)
    with store.session() as session:
        known_key = get_server_bundle_key(session=session)
        office = get_office(session=session)
        device_id = get_device_id(session=session)
        server_url = get_server_url(session=session)
    if known_key is not None and known_key != slip.server_key.encoded():
        raise SealError(
            f"this enrolment slip is for another server ({slip.server_url}) than the one this PC "
            f"is enrolled with ({server_url}); nothing changed",
            "Berkas pendaftaran ini untuk server lain; tidak ada yang berubah.",
        )
    if device_id == slip.device_id:
        raise SealError(
            "this enrolment slip was already used on this PC; nothing changed",
            "Berkas pendaftaran ini sudah pernah dipakai di komputer ini; tidak ada yang berubah.",
        )
    if office is not None and office != slip.office:
        raise SealError(
            f"this enrolment slip belongs to office {slip.office}, but this PC is set to office {office}; "
            f"ask the province for a slip of office {office}",
            f"Berkas pendaftaran ini untuk kantor {slip.office}, sedangkan komputer ini milik kantor {office}.",
        )
    # The token first, as an online enrolment does; then the keys, then the settings.
    (credentials or CredentialStore(store.data_dir)).save(slip.token)
    slip.device_keys.save(store.data_dir / KEY_FILE)
    with store.session() as session:
        same_server = server_url == slip.server_url
        keep_enrolment(
            session,
            answer=EnrollResponse(
                device_id=slip.device_id, token=slip.token, office=slip.office,
                server_bundle_key=slip.server_key.encoded(),
            ),
            server_url=slip.server_url,
            ca_bundle=get_ca_bundle(session=session) if same_server else None,
        )
    log.info("enrolled from a slip as device %s of office %s", slip.device_id, slip.office)
    return slip
