"""An upload cut half-way goes on from the server's offset: no byte the server holds is sent again."""

from __future__ import annotations

import re

from sync.client.attachments import AttachmentUploader
from sync.client.enrollment import transport_for
from sync.store.attachments import file_sha256
from sync.store.reports import get_report
from tests.support.fixtures import enroll_store
from tests.support.netproxy import NetProxy
from tests.support.reports import OFFICE, make_report_with_photo, random_photo

RANGE = re.compile(r"bytes (\d+)-(\d+)/(\d+)")
HELD = 20_000  # bytes the server kept from an upload a cut interrupted


def test_an_upload_goes_on_from_the_servers_offset(tmp_path, store, server):
    photo = random_photo(tmp_path, 60_000, seed=3)
    report_id = make_report_with_photo(store, photo)
    with store.session() as session:
        (info,) = get_report(session=session, report_id=report_id).revisions[0].attachments
    with NetProxy(server.port) as proxy:
        enroll_store(store, server, proxy.url)
        with transport_for(store) as transport:
            transport.upload_chunk(
                info.sha256, start=0, data=photo.read_bytes()[:HELD], total=info.size
            )
            proxy.reset_counters()
            AttachmentUploader(transport, store).upload(info)
        puts = [e for e in proxy.exchanges() if e.method == "PUT"]
    starts = [int(RANGE.match(e.headers["content-range"]).group(1)) for e in puts]
    assert starts[0] == HELD and starts == sorted(starts)
    assert sum(e.content_length for e in puts) == info.size - HELD
    held = server.data_dir / "attachments" / OFFICE / info.sha256[:2] / info.sha256
    assert file_sha256(held) == info.sha256 == file_sha256(photo)
