"""Enrolment of this PC with the provincial server, and the transport built from it."""

from __future__ import annotations

import logging
import socket

from sqlmodel import Session

from sync.bundle.office import office_keys
from sync.client.batching import BatchSizer
from sync.client.certificates import pem_ca_bundle
from sync.client.credentials import CredentialStore
from sync.client.errors import SyncAuthError
from sync.client.transport import Transport
from sync.store import Store
from sync.store.errors import OfficeMismatch
from sync.store.settings import (
    get_ca_bundle,
    get_office,
    get_server_url,
    set_ca_bundle,
    set_device_id,
    set_office,
    set_pull_cursor,
    set_server_bundle_key,
    set_server_url,
)
from sync.wire import EnrollResponse

log = logging.getLogger(__name__)


def enroll(
    store: Store,
    *,
    server_url: str,
    code: str,
    ca_bundle: str | None = None,
    label: str | None = None,
    credentials: CredentialStore | None = None,
) -> EnrollResponse:
    """Trade a one-time code for a device token; keep the token safely and the office it belongs to.

    Refuses (`OfficeMismatch`, nothing stored) when this PC is already set to another office.
    The server has consumed the code once it answers: the token is kept before anything else
    is written, so no later failure can lose it. A DER certificate (`.cer`) is kept as PEM.
    """
    server_url = server_url.strip().rstrip("/")
    if ca_bundle:
        ca_bundle = pem_ca_bundle(ca_bundle, store.data_dir)
    with Transport(server_url, ca_bundle=ca_bundle) as transport:
        answer = transport.enroll(
            code=code.strip(),
            label=label or socket.gethostname() or "pantau",
            bundle_key=office_keys(store).public.encoded(),
        )
    with store.session() as session:
        office = get_office(session=session)
        if office is not None and office != answer.office:
            raise OfficeMismatch(
                f"this enrolment code belongs to office {answer.office}, but this PC is set to office "
                f"{office}; ask the province for a code of office {office}",
                message_id=f"Kode pendaftaran ini untuk kantor {answer.office}, "
                f"sedangkan komputer ini milik kantor {office}.",
            )
        where = (credentials or CredentialStore(store.data_dir)).save(answer.token)
        keep_enrolment(session, answer=answer, server_url=server_url, ca_bundle=ca_bundle)
    log.info(
        "enrolled as device %s of office %s; token kept in %s",
        answer.device_id,
        answer.office,
        where,
    )
    return answer


def keep_enrolment(
    session: Session, *, answer: EnrollResponse, server_url: str, ca_bundle: str | None
) -> None:
    """Remember an enrolment whose token is kept already: the office (if unset), server, device, keys."""
    if get_office(session=session) is None:
        set_office(session=session, code=answer.office)
    if get_server_url(session=session) != server_url:
        set_pull_cursor(session=session, cursor=None)  # a cursor means nothing to another server
    set_server_url(session=session, url=server_url)
    set_ca_bundle(session=session, path=ca_bundle)
    set_device_id(session=session, device_id=answer.device_id)
    set_server_bundle_key(session=session, key=answer.server_bundle_key)


def transport_for(store: Store, *, sizer: BatchSizer | None = None) -> Transport:
    """A transport to this PC's server with its token; `SyncAuthError` when not enrolled."""
    with store.session() as session:
        url = get_server_url(session=session)
        ca_bundle = get_ca_bundle(session=session)
    token = CredentialStore(store.data_dir).load()
    if not url or not token:
        raise SyncAuthError(
            "this PC is not enrolled with the provincial server; run `pantau enroll`"
        )
    return Transport(url, token=token, ca_bundle=ca_bundle, sizer=sizer)
