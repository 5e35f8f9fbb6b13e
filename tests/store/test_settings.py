"""Typed settings: office rules, defaults, round trips."""

from __future__ import annotations

from uuid import uuid4

import pytest

from sync.store import Store, settings
from sync.store import reports as repo
from sync.store.errors import OfficeMismatch
from tests.support.reports import warning_data


def test_office_must_be_a_regency_or_city(bare_store: Store) -> None:
    with bare_store.session() as s:
        assert settings.get_office(session=s) is None
        for wrong in ("81", "81.01.01", "82.01", "Ambon"):
            with pytest.raises(OfficeMismatch):
                settings.set_office(session=s, code=wrong)
        settings.set_office(session=s, code="81.71")
        settings.set_office(session=s, code="81.72")  # no report sent yet: may change
        assert settings.get_office(session=s) == "81.72"


def test_office_is_fixed_once_a_report_was_submitted(store: Store) -> None:
    with store.session() as s:
        repo.create_draft(session=s, form_id="deteksi_dini", data=warning_data(), submit=True)
        settings.set_office(session=s, code="81.01")  # the same: fine
        with pytest.raises(OfficeMismatch, match="already submitted"):
            settings.set_office(session=s, code="81.71")
        assert settings.get_office(session=s) == "81.01"


def test_typed_accessors_round_trip_with_defaults(store: Store) -> None:
    device = uuid4()
    with store.session() as s:
        assert settings.get_server_url(session=s) is None
        assert (
            settings.get_sync_interval_minutes(session=s) == settings.DEFAULT_SYNC_INTERVAL_MINUTES
        )
        assert settings.get_photo_max_side(session=s) == settings.DEFAULT_PHOTO_MAX_SIDE
        settings.set_server_url(session=s, url="https://pantau.malukuprov.go.id/")
        settings.set_ca_bundle(session=s, path="/etc/pantau/ca.pem")
        settings.set_device_id(session=s, device_id=device)
        settings.set_pull_cursor(session=s, cursor="c-42")
        settings.set_sync_interval_minutes(session=s, minutes=5)
        settings.set_photo_quality(session=s, quality=70)
        settings.set_photo_max_side(session=s, pixels=1280)
    with store.session() as s:
        assert settings.get_server_url(session=s) == "https://pantau.malukuprov.go.id"
        assert settings.get_ca_bundle(session=s) == "/etc/pantau/ca.pem"
        assert settings.get_device_id(session=s) == device
        assert settings.get_pull_cursor(session=s) == "c-42"
        assert settings.get_sync_interval_minutes(session=s) == 5
        assert (settings.get_photo_quality(session=s), settings.get_photo_max_side(session=s)) == (
            70,
            1280,
        )
        settings.set_ca_bundle(session=s, path=None)
        assert settings.get_ca_bundle(session=s) is None
        with pytest.raises(ValueError):
            settings.set_sync_interval_minutes(session=s, minutes=0)
        with pytest.raises(ValueError):
            settings.set_photo_quality(session=s, quality=100)
