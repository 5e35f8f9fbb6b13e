"""The list sorted by form title (not id), page by page across the forms' boundaries, both ways."""

from __future__ import annotations

from sync.store.reports import import_reports, list_reports
from sync.store.schemas import ReportQuery
from tests.support.reports import education_data, warning_data

# By title: "Kegiatan Pendidikan Politik" before "Laporan Deteksi Dini"; by id the other way.
BY_TITLE = ("pendidikan_politik", "deteksi_dini")


def test_pages_follow_the_title_order_across_forms(store) -> None:
    with store.session() as session:
        import_reports(session=session, form_id="deteksi_dini", items=[warning_data()] * 7, submit=True)
        import_reports(session=session, form_id="pendidikan_politik", items=[education_data()] * 5, submit=True)
    for descending in (False, True):
        whole = ReportQuery(sort="form_id", descending=descending, form_order=BY_TITLE, limit=100)
        with store.session() as session:
            everything = list_reports(session=session, query=whole)
            pages = [list_reports(session=session, query=ReportQuery(
                sort="form_id", descending=descending, form_order=BY_TITLE, offset=offset, limit=3))
                for offset in range(0, 15, 3)]
        forms = [r.form_id for r in everything]
        expected = ["pendidikan_politik"] * 5 + ["deteksi_dini"] * 7
        assert forms == (expected[::-1] if descending else expected)
        assert [r.id for page in pages for r in page] == [r.id for r in everything]
    with store.session() as session:
        only = list_reports(session=session, query=ReportQuery(
            sort="form_id", form_order=BY_TITLE, form_id="deteksi_dini", offset=5, limit=10))
    assert [r.form_id for r in only] == ["deteksi_dini"] * 2
