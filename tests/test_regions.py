"""Regions: Kemendagri code lookups over the 2023 and 2025 editions."""

from __future__ import annotations

import pytest

from sync.regions import Region, Regions


@pytest.fixture(scope="module")
def regions() -> Regions:
    return Regions.load()


def test_loaded_once(regions: Regions) -> None:
    assert Regions.load() is regions


def test_the_eleven_offices(regions: Regions) -> None:
    offices = regions.regencies()
    assert [r.code for r in offices] == [
        "81.01", "81.02", "81.03", "81.04", "81.05", "81.06", "81.07", "81.08", "81.09", "81.71", "81.72",
    ]  # fmt: skip
    assert offices[3] == Region("81.04", "Kabupaten Buru", "kabupaten_kota")
    assert offices[-2].name == "Kota Ambon"
    assert all(regions.is_office(r.code) for r in offices)
    assert (
        not regions.is_office("81")
        and not regions.is_office("81.04.01")
        and not regions.is_office("82.01")
    )


def test_names_levels_and_display(regions: Regions) -> None:
    assert regions.name("81.01.01") == "Amahai"
    assert regions.level("81") == "provinsi"
    assert regions.level("81.01") == "kabupaten_kota"
    assert regions.level("81.01.01") == "kecamatan"
    assert regions.level("81.01.01.1009") == "desa_kelurahan"
    assert regions.name("81.99") is None and regions.level("81.99") is None
    assert regions.display("81.01.01") == "Amahai (81.01.01)"
    assert regions.display("81.99.99") == "81.99.99"
    # The 2025 spelling is preferred over the 2023 upper-case one.
    assert regions.name("81.01") == "Kabupaten Maluku Tengah"


def test_kecamatan_and_desa_by_edition(regions: Regions) -> None:
    kec_2025 = regions.kecamatan_of("81.05")
    kec_2023 = regions.kecamatan_of("81.05", edition="2023")
    assert len(kec_2025) == len(kec_2023) + 1
    assert "81.05.16" in {k.code for k in kec_2025} - {k.code for k in kec_2023}
    assert all(k.level == "kecamatan" and k.code.startswith("81.05.") for k in kec_2025)
    total = sum(len(regions.kecamatan_of(r.code)) for r in regions.regencies())
    assert total == 119
    assert sum(len(regions.kecamatan_of(r.code, "2023")) for r in regions.regencies()) == 118
    desa = regions.desa_of("81.01.01")
    assert desa and all(
        d.level == "desa_kelurahan" and d.code.startswith("81.01.01.") for d in desa
    )
    assert regions.desa_of("81.05.16", edition="2023") == []
    assert regions.kecamatan_of("81.01.01") == []  # a kecamatan has desa, not kecamatan
    assert regions.desa_of("81.01") == []
    with pytest.raises(ValueError, match="unknown regions edition '2024'"):
        regions.kecamatan_of("81.01", edition="2024")


def test_a_code_of_either_edition_is_accepted(regions: Regions) -> None:
    old_only = "81.05.02.2046"  # a desa that moved to the new kecamatan 81.05.16 in 2025
    assert regions.level(old_only) == "desa_kelurahan"
    assert old_only not in {d.code for d in regions.desa_of("81.05.02")}
    assert old_only in {d.code for d in regions.desa_of("81.05.02", edition="2023")}
    assert regions.within(old_only, "81.05")


def test_within(regions: Regions) -> None:
    assert regions.within("81.04.01", "81.04")
    assert regions.within(regions.desa_of("81.04.01")[0].code, "81.04")
    assert not regions.within("81.01.01", "81.04")
    assert not regions.within("81.04", "81.04")  # the regency itself is not inside it
    assert not regions.within("81.04.99", "81.04")  # unknown code
    assert not regions.within("81.04.01", "81.04.01")  # not an office

