"""A request the server refuses as a whole is split until the culprit stands alone and is held."""

from __future__ import annotations

from sync.client.engine import SyncEngine
from sync.client.transport import Transport
from sync.store.outbox import pending_count, quarantined
from tests.support.push_server import PushServer, answers
from tests.support.reports import make_reports


def _refusing(poisoned: set[str]):
    """Accepts pushes, but answers 422 to any push that carries a poisoned report id."""

    def answer(items: list[dict]) -> tuple[int, dict]:
        if any(item["id"] in poisoned for item in items):
            return 422, {"detail": "items.0.data: field 'x' is not allowed", "code": "invalid"}
        return 200, answers(items)

    return answer


def test_whole_request_refusal_isolates_the_bad_item(store):
    ids = make_reports(store, 40)
    bad = ids[17]
    with PushServer(_refusing({str(bad)})) as server:
        transport = Transport(server.url, token="t")
        result = SyncEngine(store, transport).run_pass(pull=False)
    assert result.delivered == 39
    assert [r.report_id for r in result.rejected] == [bad] and "not allowed" in result.rejected[
        0
    ].reason
    with store.session() as session:
        assert pending_count(session=session) == (0, 0)
        assert [r.id for r, _ in quarantined(session=session)] == [bad]
    assert 1 in map(len, server.pushes)  # it ended up alone in a request
