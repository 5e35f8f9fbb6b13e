"""The report list: filters, every sort key, paging, counts and full-text search, all in SQL."""

from __future__ import annotations

from datetime import date

import pytest

from sync.store import Store
from sync.store import reports as repo
from sync.store.schemas import ReportQuery, ReportState
from tests.support.reports import education_data, warning_data


@pytest.fixture
def filled(store: Store) -> Store:
    with store.session() as s:
        repo.import_reports(
            session=s,
            form_id="deteksi_dini",
            items=[
                warning_data(
                    waktu_kejadian=f"2024-02-{day:02d}T08:00:00+09:00",
                    tingkat=level,
                    kronologi=text,
                )
                for day, level, text in [
                    (1, "normal", "Rapat warga di balai desa berjalan tertib."),
                    (2, "siaga", "Bentrokan kecil antar pendukung di pelabuhan Amahai."),
                    (3, "awas", "Pengrusakan baliho dan ancaman terhadap penyelenggara."),
                    (
                        4,
                        "waspada",
                        "Hoaks tentang pemungutan suara ulang beredar di grup WhatsApp.",
                    ),
                ]
            ],
            submit=True,
        )
        repo.import_reports(
            session=s,
            form_id="pendidikan_politik",
            items=[education_data(tanggal="2024-01-15"), education_data(tanggal="2024-03-01")],
            submit=False,
        )
    return store


def _list(store: Store, **query) -> list:
    with store.session() as s:
        return repo.list_reports(session=s, query=ReportQuery(**query))


def _count(store: Store, **query) -> int:
    with store.session() as s:
        return repo.count_reports(session=s, query=ReportQuery(**query))


def test_sorted_by_report_date_newest_first(filled: Store) -> None:
    days = [r.report_date for r in _list(filled)]
    assert days == sorted(days, reverse=True) and days[0] == date(2024, 3, 1)
    assert [r.report_date for r in _list(filled, descending=False)] == sorted(days)


def test_every_sort_key_works(filled: Store) -> None:
    for key in (
        "report_date",
        "updated_at",
        "form_id",
        "state",
        "title",
        "alert_level",
        "kecamatan",
    ):
        assert len(_list(filled, sort=key)) == 6, key
    levels = [r.alert_level for r in _list(filled, sort="alert_level", form_id="deteksi_dini")]
    assert levels == ["awas", "siaga", "waspada", "normal"]
    with pytest.raises(ValueError, match="sort"):
        _list(filled, sort="data")


def test_filters(filled: Store) -> None:
    assert {r.form_id for r in _list(filled, form_id="pendidikan_politik")} == {
        "pendidikan_politik"
    }
    assert _count(filled, states=(ReportState.DRAFT,)) == 2
    assert _count(filled, states=(ReportState.QUEUED, ReportState.DRAFT)) == 6
    assert _count(filled, urgent_only=True) == 2
    assert _count(filled, date_from=date(2024, 2, 2), date_to=date(2024, 2, 3)) == 2
    assert _count(filled, kecamatan="81.01.01") == 4
    assert (
        _count(filled, form_id="deteksi_dini", states=(ReportState.QUEUED,), urgent_only=True) == 2
    )


def test_paging_is_stable_and_complete(filled: Store) -> None:
    pages = [r.id for offset in range(0, 6, 2) for r in _list(filled, limit=2, offset=offset)]
    assert pages == [r.id for r in _list(filled)]
    assert _list(filled, limit=2, offset=6) == []


def test_full_text_search(filled: Store) -> None:
    assert [r.alert_level for r in _list(filled, search="pelabuhan")] == ["siaga"]
    assert _count(filled, search="baliho ancaman") == 1  # every word must match
    assert _count(filled, search="pendu") == 1  # prefix of "pendukung"
    assert _count(filled, search="HOAKS") == 4  # the category label of every warning, any case
    assert _count(filled, search='"; DROP TABLE report; --') == 0  # punctuation is not FTS syntax
    assert _count(filled, search="   ") == 6  # no words, no filter


def test_search_follows_edits(store: Store) -> None:
    with store.session() as s:
        draft = repo.create_draft(
            session=s, form_id="deteksi_dini", data=warning_data(kronologi="kapal tenggelam")
        )
        assert repo.count_reports(session=s, query=ReportQuery(search="kapal")) == 1
        repo.save_draft(
            session=s, report_id=draft.id, data=warning_data(kronologi="banjir bandang")
        )
        assert repo.count_reports(session=s, query=ReportQuery(search="kapal")) == 0
        assert repo.count_reports(session=s, query=ReportQuery(search="banjir")) == 1
        repo.delete_draft(session=s, report_id=draft.id)
        assert repo.count_reports(session=s, query=ReportQuery(search="banjir")) == 0
