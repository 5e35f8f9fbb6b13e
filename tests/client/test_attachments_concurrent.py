"""Two uploads of one file end at once: the server keeps it once, verified, and both finish."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from sqlmodel import func, select

from sync.client.attachments import AttachmentUploader
from sync.client.enrollment import transport_for
from sync.server.models import Attachment
from sync.store import Store, open_store
from sync.store.attachments import file_sha256
from sync.store.reports import get_report
from sync.store.schemas import AttachmentInfo
from tests.server.conftest import db_session
from tests.support.fixtures import enroll_store
from tests.support.netproxy import NetProxy
from tests.support.reports import OFFICE, make_report_with_photo, prepare_office, random_photo

SIZE = 8 * 1024 * 1024  # hashing it keeps the server busy while the other upload ends too
CHUNK = 1024 * 1024
LAST = 2048  # bytes each upload still has to send when both go on at once


@pytest.mark.parametrize("pcs", ["two PCs of one office", "one PC syncing twice at once"])
def test_two_uploads_ending_at_once_store_the_file_once(tmp_path, store, shared_server, pcs):
    server = shared_server  # each case uploads its own file
    photo = random_photo(tmp_path, SIZE, seed=len(pcs))
    with NetProxy(server.port) as proxy:
        stores = [store, store]
        enroll_store(store, server, proxy.url)
        if pcs == "two PCs of one office":
            stores[1] = open_store(tmp_path / "pc2", auto_backup=False)
            prepare_office(stores[1])
            enroll_store(stores[1], server, proxy.url)
        try:
            infos = [_attachment(s, photo) for s in stores]
            sha = infos[0].sha256
            assert infos[1].sha256 == sha == file_sha256(photo)
            for pc in dict.fromkeys(stores):  # each PC's upload was cut just before its end
                _send_all_but_the_end(pc, infos[0], photo.read_bytes())
            _end_both_at_once(stores, infos, photo.read_bytes(), proxy)
        finally:
            if stores[1] is not store:
                stores[1].close()
    office_dir = server.data_dir / "attachments" / OFFICE
    complete = [p for p in office_dir.rglob(sha) if "partial" not in p.parts]
    assert complete == [office_dir / sha[:2] / sha]
    assert file_sha256(complete[0]) == sha
    with db_session(server) as session:
        assert session.exec(select(func.count()).where(Attachment.sha256 == sha)).one() == 1


def _end_both_at_once(stores: list[Store], infos: list[AttachmentInfo], content: bytes,
                      proxy: NetProxy) -> None:
    """Both final chunks queue on the link and reach the server together; then each PC's
    uploader, as its next pass would, finds the file complete."""
    end = infos[0].size

    def hold_both() -> None:  # once both connections are open
        taken = proxy.taken("up")
        proxy.hold(lambda: proxy.taken("up") >= taken + 2 * LAST)

    start = threading.Barrier(2, action=hold_both)

    def finish(index: int) -> tuple[bool, int]:
        with transport_for(stores[index]) as transport:
            transport.health()
            start.wait(30)
            state = transport.upload_chunk(
                infos[index].sha256, start=end - LAST, data=content[end - LAST:], total=end
            )
            uploader = AttachmentUploader(transport, stores[index])
            uploader.upload(infos[index])
            return state is not None and state.complete, uploader.uploaded

    with ThreadPoolExecutor(2) as pool:
        assert list(pool.map(finish, range(2))) == [(True, 1), (True, 1)]


def _send_all_but_the_end(store: Store, info: AttachmentInfo, content: bytes) -> None:
    with transport_for(store) as transport:
        for offset in range(0, info.size - LAST, CHUNK):
            end = min(offset + CHUNK, info.size - LAST)
            transport.upload_chunk(info.sha256, start=offset, data=content[offset:end], total=info.size)


def _attachment(store: Store, photo: Path) -> AttachmentInfo:
    report_id = make_report_with_photo(store, photo)
    with store.session() as session:
        (info,) = get_report(session=session, report_id=report_id).revisions[0].attachments
    return info
