"""A bundle carries the outbox to the province and its receipt brings the answers back."""

from __future__ import annotations

import hashlib
import json

import pytest

from sync.server.audit import list_entries
from sync.store.outbox import pending_count
from tests.bundle.conftest import pantau, server_import
from tests.server.conftest import db_session
from tests.support.reports import OFFICE, make_report_with_photo, make_reports, random_photo


def _pending(store) -> int:
    with store.session() as session:
        return pending_count(session=session)[0]


@pytest.mark.slow
def test_round_trip_of_200_reports_with_photos(enrolled, server, analyst, tmp_path):
    store = enrolled
    ids = make_reports(store, 190, seed=3)
    photos = [random_photo(tmp_path, 30_000 + i, seed=i) for i in range(10)]
    ids += [make_report_with_photo(store, photo, seed=i) for i, photo in enumerate(photos)]
    bundle = tmp_path / "drive" / "kantor.pantau"
    bundle.parent.mkdir()
    done = pantau(store.data_dir, "bundle", "export", "--out", str(bundle))
    assert done.code == 0, done.err
    assert _pending(store) == 200  # still waiting until the receipt says so

    receipt = tmp_path / "drive" / "tanda-terima.pantau"
    imported = server_import(server, bundle, receipt, "--json", process=True)
    assert imported.code == 0, imported.err
    summary = json.loads(imported.out)
    assert summary["counts"] == {"accepted": 200}
    with db_session(server) as session:
        entry = list_entries(session=session, action="bundle.import", limit=1)[0]
    assert entry.actor.startswith("cli") and entry.detail["counts"] == {"accepted": 200}
    assert sorted(analyst.report_ids()) == sorted(str(i) for i in ids)
    for photo in photos:
        sha = hashlib.sha256(photo.read_bytes()).hexdigest()
        held = server.data_dir / "attachments" / OFFICE / sha[:2] / sha
        assert held.read_bytes() == photo.read_bytes()

    read = pantau(store.data_dir, "bundle", "import", str(receipt))
    assert read.code == 0, read.err
    assert "200 acknowledged" in read.out
    assert _pending(store) == 0

    again = pantau(store.data_dir, "bundle", "import", str(receipt))
    assert again.code == 2 and "already read" in again.err
