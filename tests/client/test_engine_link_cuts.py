"""Batches that must go one at a time (urgent, with attachments) shrink after a cut like the others.

A retry re-plans its batch with the budget the cut halved: on a link that drops every few
kB, a batch that never fits would otherwise be sent again and again, and since urgent
reports go first, nothing behind them would ever leave either.
"""

from __future__ import annotations

from sync.client import progress as outcomes
from tests.client.test_poor_link import assert_no_acknowledged_item_resent
from tests.support.fixtures import engine_for, enroll_store
from tests.support.netproxy import LinkProfile, NetProxy
from tests.support.reports import make_reports

PASSES = 6  # a pass may give up on a run of cuts; the next one goes on


def test_urgent_reports_get_through_a_link_cut_every_3kb(store, server, analyst):
    urgent = make_reports(store, 30, seed=7, urgent=True)
    profile = LinkProfile(rtt=0.01, cut_after=3000, cut_jitter=0.3)
    with NetProxy(
        server.port, profile, seed=5, capture=lambda method, path: path.endswith("/push")
    ) as proxy:
        enroll_store(store, server, proxy.url)
        results = []
        for _ in range(PASSES):
            results.append(engine_for(store).run_pass(pull=False))
            if results[-1].outcome == outcomes.SUCCESS:
                break
        exchanges = proxy.exchanges()
    assert proxy.cuts >= 3  # the link really dropped
    assert results[-1].outcome == outcomes.SUCCESS and results[-1].pending == 0
    assert sum(r.acknowledged for r in results) == 30
    # The server holds each report once, as revision 1 (its only one: revisions count from
    # 1); no acknowledged one was sent again.
    assert latest_revisions(analyst) == {str(rid): 1 for rid in urgent}
    assert_no_acknowledged_item_resent(exchanges)


def latest_revisions(analyst) -> dict[str, int]:
    """Every report the server holds → its latest revision, in one request."""
    answer = analyst.session.get(f"{analyst.api}/reports", params={"limit": 500}, timeout=30)
    answer.raise_for_status()
    page = answer.json()
    assert page["count"] == len(page["items"])  # all of them on this page
    return {item["id"]: item["latest_revision"] for item in page["items"]}
