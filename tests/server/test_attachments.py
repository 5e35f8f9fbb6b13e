"""Attachments: missing list, chunked resumable upload, hash check, office isolation, limits."""

from __future__ import annotations

import hashlib
import os
import uuid
from datetime import timedelta
from pathlib import Path

import pytest
from sqlmodel import Session

from sync.server.attachments import AttachmentStore, parse_content_range
from sync.server.db import make_engine, migrate
from sync.server.errors import TooLarge
from sync.server.tokens import utcnow
from sync.wire import UploadState
from tests.server.conftest import Client, enrolled, item
from tests.support.server import ServerHandle

CHUNK = 64 * 1024


def blob(size: int) -> tuple[bytes, str]:
    data = os.urandom(size)
    return data, hashlib.sha256(data).hexdigest()


def put(device: Client, sha: str, data: bytes, start: int, total: int) -> object:
    end = start + len(data) - 1
    return device.put(
        f"/attachments/{sha}",
        data=data,
        headers={
            "Content-Range": f"bytes {start}-{end}/{total}",
            "Content-Type": "application/octet-stream",
        },
    )


def upload(device: Client, data: bytes, sha: str, *, start: int = 0) -> dict:
    body: dict = {}
    for offset in range(start, len(data), CHUNK):
        response = put(device, sha, data[offset : offset + CHUNK], offset, len(data))
        assert response.status_code == 200, response.text
        body = response.json()
    return body


def ref(data: bytes, sha: str, name: str = "foto.jpg") -> dict:
    return {"sha256": sha, "size": len(data), "filename": name, "mime": "image/jpeg"}


def test_missing_lists_only_what_this_office_lacks(device: Client) -> None:
    data, sha = blob(1000)
    other = hashlib.sha256(b"other").hexdigest()
    assert device.post("/attachments/missing", json={"sha256": [sha, other, sha]}).json() == {
        "missing": [sha, other]
    }
    assert upload(device, data, sha) == {"offset": 1000, "complete": True}
    assert device.post("/attachments/missing", json={"sha256": [sha, other]}).json() == {
        "missing": [other]
    }
    assert device.post("/attachments/missing", json={"sha256": ["XYZ"]}).status_code == 422


def test_chunked_upload_then_report_with_it(server: ServerHandle, device: Client) -> None:
    data, sha = blob(3 * CHUNK + 123)
    assert device.get(f"/attachments/{sha}").json() == {"offset": 0, "complete": False}
    first = put(device, sha, data[:CHUNK], 0, len(data))
    assert first.json() == {"offset": CHUNK, "complete": False}
    assert device.get(f"/attachments/{sha}").json() == {"offset": CHUNK, "complete": False}
    assert upload(device, data, sha, start=CHUNK)["complete"] is True
    stored = server.data_dir / "attachments" / "81.71" / sha[:2] / sha
    assert stored.read_bytes() == data
    report = item(attachments=[ref(data, sha)], data=dict(item()["data"], foto=[sha]))
    assert device.statuses([report]) == ["accepted"]
    # Sending the last chunk again changes nothing.
    again = put(device, sha, data[-123:], len(data) - 123, len(data))
    assert again.json() == {"offset": len(data), "complete": True}


def test_report_before_its_attachment_is_rejected_as_missing(device: Client) -> None:
    data, sha = blob(500)
    report = item(attachments=[ref(data, sha)])
    results = device.push([report, report]).json()["results"]
    assert [r["status"] for r in results] == ["rejected", "rejected"]  # the repeat too
    assert "missing attachment" in results[0]["reason"]
    upload(device, data, sha)
    assert device.statuses([report]) == ["accepted"]


def test_wrong_start_is_409_with_the_servers_offset(device: Client) -> None:
    data, sha = blob(2 * CHUNK)
    put(device, sha, data[:CHUNK], 0, len(data))
    response = put(device, sha, data[CHUNK + 10 :], CHUNK + 10, len(data))
    assert response.status_code == 409
    assert response.json()["offset"] == CHUNK
    # The same chunk sent twice (its answer was lost) is refused the same way.
    assert put(device, sha, data[:CHUNK], 0, len(data)).json()["offset"] == CHUNK


def test_interrupted_upload_resumes_after_a_server_restart(
    server: ServerHandle, device: Client
) -> None:
    data, sha = blob(4 * CHUNK)
    put(device, sha, data[:CHUNK], 0, len(data))
    put(device, sha, data[CHUNK : 2 * CHUNK], CHUNK, len(data))
    server.stop()
    server.start()
    offset = device.get(f"/attachments/{sha}").json()["offset"]
    assert offset == 2 * CHUNK
    assert upload(device, data, sha, start=offset)["complete"] is True
    assert (server.data_dir / "attachments" / "81.71" / sha[:2] / sha).read_bytes() == data
    assert chunk_ranges(server, len(data)) == [
        f"bytes {o}-{o + CHUNK - 1}/{len(data)}" for o in range(0, len(data), CHUNK)
    ]


def chunk_ranges(server: ServerHandle, total: int) -> list[str]:
    """Content-Range of every PUT the server logged for a file of `total` bytes."""
    return [
        line["range"] for line in server.access_log() if line.get("range", "").endswith(f"/{total}")
    ]


def test_corrupted_upload_is_refused_and_discarded(server: ServerHandle, device: Client) -> None:
    data, sha = blob(2 * CHUNK)
    put(device, sha, data[:CHUNK], 0, len(data))
    corrupted = bytearray(data[CHUNK:])
    corrupted[5] ^= 0xFF
    response = put(device, sha, bytes(corrupted), CHUNK, len(data))
    assert response.status_code == 422
    assert response.json()["code"] == "hash_mismatch"
    assert device.get(f"/attachments/{sha}").json() == {"offset": 0, "complete": False}
    assert not (server.data_dir / "attachments" / "81.71" / sha[:2] / sha).exists()
    assert device.post("/attachments/missing", json={"sha256": [sha]}).json()["missing"] == [sha]


def test_attachments_are_kept_per_office(server: ServerHandle, device: Client) -> None:
    data, sha = blob(700)
    upload(device, data, sha)
    tual = enrolled(server, "81.72")
    assert tual.post("/attachments/missing", json={"sha256": [sha]}).json()["missing"] == [sha]
    assert tual.get(f"/attachments/{sha}").json()["complete"] is False
    result = tual.push([item("81.72", attachments=[ref(data, sha)])]).json()["results"][0]
    assert result["status"] == "rejected"


def test_size_limits_and_bad_ranges(device: Client) -> None:
    sha = hashlib.sha256(b"x").hexdigest()
    too_big = device.put(
        f"/attachments/{sha}", data=b"x", headers={"Content-Range": f"bytes 0-0/{3 * 1024 * 1024}"}
    )
    assert too_big.status_code == 413
    mismatch = device.put(
        f"/attachments/{sha}", data=b"xy", headers={"Content-Range": "bytes 0-0/1"}
    )
    assert mismatch.status_code == 422
    garbage = device.put(f"/attachments/{sha}", data=b"x", headers={"Content-Range": "bytes=0-0"})
    assert garbage.status_code == 422
    assert device.get("/attachments/NOT-A-HASH").status_code == 422
    data, big_sha = blob(10)
    report = item(attachments=[{**ref(data, big_sha), "size": 3 * 1024 * 1024}])
    assert device.push([report]).json()["results"][0]["status"] == "rejected"


def test_empty_file_finishes_with_star_range(device: Client) -> None:
    sha = hashlib.sha256(b"").hexdigest()
    response = device.put(f"/attachments/{sha}", data=b"", headers={"Content-Range": "bytes */0"})
    assert response.json() == {"offset": 0, "complete": True}


def test_missing_answers_the_largest_allowed_request(device: Client) -> None:
    hashes = [hashlib.sha256(str(i).encode()).hexdigest() for i in range(10_000)]
    response = device.post("/attachments/missing", json={"sha256": hashes})
    assert response.status_code == 200
    assert response.json()["missing"] == hashes


def _store_and_session(tmp_path: Path) -> tuple[AttachmentStore, Session]:
    engine = make_engine(f"sqlite:///{tmp_path / 'server.db'}")
    migrate(engine)
    store = AttachmentStore(tmp_path / "files", max_bytes=1000, partial_quota=2500)
    return store, Session(engine)


def test_unfinished_uploads_have_a_per_device_quota(tmp_path: Path) -> None:
    store, session = _store_and_session(tmp_path)
    now = utcnow()
    pc, other_pc = uuid.uuid4(), uuid.uuid4()

    def start(device: uuid.UUID, n: int) -> UploadState:
        return store.put_chunk(
            session=session,
            office="81.71",
            device=device,
            sha256=hashlib.sha256(b"%d" % n).hexdigest(),
            chunk_range=parse_content_range("bytes 0-899/1000"),
            data=b"x" * 900,
            now=now,
        )

    assert start(pc, 1).offset == 900 and start(pc, 2).offset == 900
    with pytest.raises(TooLarge, match="unfinished uploads"):
        start(pc, 3)
    assert start(other_pc, 3).offset == 900  # the quota is each device's own


def test_unfinished_uploads_expire(tmp_path: Path) -> None:
    store, session = _store_and_session(tmp_path)
    pc = uuid.uuid4()
    sha = hashlib.sha256(b"old").hexdigest()
    store.put_chunk(
        session=session,
        office="81.71",
        device=pc,
        sha256=sha,
        chunk_range=parse_content_range("bytes 0-9/1000"),
        data=b"x" * 10,
        now=utcnow(),
    )
    assert store.state(session=session, office="81.71", device=pc, sha256=sha).offset == 10
    assert store.expire_partials(now=utcnow()) == 0
    assert store.expire_partials(now=utcnow() + timedelta(days=8)) == 1
    assert store.state(session=session, office="81.71", device=pc, sha256=sha).offset == 0
