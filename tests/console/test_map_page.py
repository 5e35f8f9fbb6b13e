"""`/peta` and Beranda's small map: counts per kecamatan, filters, links to the list, odd reports."""

from __future__ import annotations

import gzip
import re
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qsl, urlsplit

import sqlalchemy as sa

from sync.server.models import Report
from tests.console.conftest import Console
from tests.server.conftest import report_data

FEBRUARY = "/peta?dari=2024-02-01&sampai=2024-02-29"
SIRIMAU = "81.71.02"
AMAHAI = "81.01.01"
SEPA = {"lat": -3.3376, "lon": 128.9284}


def _shapes(html: str) -> dict[str, int]:
    return {code: int(n) for code, n in re.findall(r'data-kode="([\d.]+)" data-jumlah="(\d+)"', html)}


def _month(console: Console) -> None:
    """February 2024: 3 in Sirimau, 2 in Amahai (one with coordinates), one odd code, one in March."""
    for level in ("awas", "siaga", "waspada"):
        console.push("81.71", data=report_data("81.71", kecamatan=SIRIMAU, tingkat=level))
    console.push("81.01", data=report_data("81.01", kecamatan=AMAHAI, tingkat="awas", koordinat=SEPA))
    odd = console.push("81.01", data=report_data("81.01", kecamatan=AMAHAI, tingkat="normal",
                                                 koordinat={"lat": -3.35, "lon": 128.95}))  # fmt: skip
    legacy = console.push("81.71", data=report_data("81.71", tingkat="normal"))
    console.push("81.71", data=report_data("81.71", waktu_kejadian="2024-03-02T10:00:00+09:00"))
    with console.session() as session:  # what older software could have stored: no validator saw it
        session.exec(sa.update(Report).where(Report.id == legacy).values(kecamatan="81.99.01"))
        session.exec(sa.update(Report).where(Report.id == odd).values(lat=128.95, lon=-3.35))
        session.commit()


def test_the_map_counts_a_month_per_kecamatan_and_links_to_the_list(console: Console) -> None:
    _month(console)
    browser = console.sign_in("pengamat", "viewer")
    page = browser.get(FEBRUARY)
    assert page.status_code == 200, page.text
    shapes = _shapes(page.text)
    assert len(shapes) == 119
    assert shapes[SIRIMAU] == 3 and shapes[AMAHAI] == 2 and shapes["81.71.01"] == 0
    assert sum(shapes.values()) == 5
    assert "Tanpa lokasi/di luar peta: 1 laporan tanpa kecamatan di peta ini (81.99.01: 1); " \
           "1 koordinat tertukar lintang/bujur." in page.text  # fmt: skip
    assert len(re.findall(r"<circle [^>]*data-tingkat=\"awas\"", page.text)) == 1  # Sepa
    link = re.search(r'<a href="([^"]+)" aria-label="Sirimau', page.text)[1].replace("&amp;", "&")
    url = urlsplit(link)
    assert url.path == "/laporan"
    assert dict(parse_qsl(url.query)) == {"kecamatan": SIRIMAU, "dari": "2024-02-01", "sampai": "2024-02-29",
                                          "formulir": "deteksi_dini", "ditarik": "tidak"}  # fmt: skip
    listed = browser.get(link)  # the list shows exactly what the map counted there
    assert listed.status_code == 200 and "<strong>3 laporan</strong>" in listed.text
    table = page.text[page.text.index('id="tabel-peta"'):]
    assert re.search(rf'<tr data-kode="{SIRIMAU}"><th scope="row"><a href="[^"]+">Sirimau</a>', table)
    assert 'aria-current="page">Peta<' in page.text


def test_filters_narrow_the_map(console: Console) -> None:
    _month(console)
    browser = console.sign_in("analis")
    urgent = _shapes(browser.get(FEBRUARY + "&tingkat=awas&tingkat=siaga").text)
    assert urgent[SIRIMAU] == 2 and urgent[AMAHAI] == 1
    ambon = browser.get(FEBRUARY + "&kabupaten=81.71")
    assert sorted(_shapes(ambon.text)) == ["81.71.01", "81.71.02", "81.71.03", "81.71.04", "81.71.05"]
    assert "Peta laporan — Kota Ambon" in ambon.text
    assert "1 laporan tanpa kecamatan" in ambon.text  # the odd Ambon report is still counted
    assert sum(_shapes(browser.get(FEBRUARY + "&q=pencoblosan").text).values()) == 5  # the list's search
    assert sum(_shapes(browser.get(FEBRUARY + "&q=kapal").text).values()) == 0
    reviewed = _shapes(browser.get(FEBRUARY + "&tinjauan=terverifikasi").text)
    assert sum(reviewed.values()) == 0
    nothing = browser.get("/peta?dari=2023-01-01&sampai=2023-01-31")
    assert nothing.status_code == 200 and len(_shapes(nothing.text)) == 119
    assert "Tidak ada laporan pada periode dan saringan ini." in nothing.text
    assert "Tanpa lokasi/di luar peta: tidak ada." in nothing.text


def test_nonsense_filters_get_a_clear_page(console: Console) -> None:
    browser = console.sign_in("analis")
    for query, message in [
        ("dari=kemarin", "tanggal “dari” harus tanggal yang valid (TTTT-BB-HH), bukan “kemarin”"),
        ("dari=2024-03-01&sampai=2024-02-01", "jatuh setelah"),
        ("tingkat=merah", "tingkat kewaspadaan tidak dikenal: merah"),
        ("kabupaten=81.99", "kabupaten/kota tidak dikenal: 81.99"),
        ("formulir=%3Cscript%3E", "jenis laporan tidak dikenal: &lt;script&gt;"),
        ("dari=2000-01-01&sampai=2024-01-01", "Periode peta paling panjang tiga tahun."),
    ]:
        page = browser.get(f"/peta?{query}")
        assert page.status_code == 422 and message in page.text, query
    assert console.browser().get("/peta").status_code == 401


def test_the_page_is_light_over_the_wire(console: Console) -> None:
    _month(console)
    browser = console.sign_in("analis")
    page = browser.get(FEBRUARY, headers={"Accept-Encoding": "gzip"})
    assert page.headers.get("content-encoding") == "gzip"
    assert page.num_bytes_downloaded < 200_000
    assert len(gzip.compress(page.content)) < 200_000


def test_beranda_shows_the_small_map_of_the_last_30_days(console: Console) -> None:
    yesterday = (datetime.now(UTC) - timedelta(days=1)).isoformat(timespec="seconds")
    console.push("81.71", data=report_data("81.71", kecamatan=SIRIMAU, tingkat="awas", waktu_kejadian=yesterday))
    page = console.sign_in("analis").get("/")
    assert page.status_code == 200
    section = page.text[page.text.index('id="peta-kecil"'):]
    shapes = _shapes(section)
    assert len(shapes) == 119 and shapes[SIRIMAU] == 1
    assert '<a href="/peta">Buka peta lengkap</a>' in section


def test_reports_stored_before_the_map_get_their_coordinates(console: Console) -> None:
    """Migration 0004 fills `report.lat/lon` from each report's latest revision."""
    import importlib

    fill = importlib.import_module("sync.server.migrations.versions.0004_report_place")._fill
    placed = console.push("81.01", data=report_data("81.01", kecamatan=AMAHAI, koordinat=SEPA))
    bare = console.push("81.01", data=report_data("81.01", kecamatan=AMAHAI))
    with console.session() as session:
        session.exec(sa.update(Report).values(lat=None, lon=None))
        session.commit()
    with console.engine.begin() as connection:
        fill(connection)
    with console.session() as session:
        assert (session.get(Report, placed).lat, session.get(Report, placed).lon) == (SEPA["lat"], SEPA["lon"])
        assert session.get(Report, bare).lat is None
