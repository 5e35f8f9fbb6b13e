"""Numbers as Indonesians write them: what is read exactly, what is refused (never a silent change)."""

from __future__ import annotations

import pytest

from sync.forms import FormRegistry
from sync.forms.numbers import NumberError, numbers_from_text, parse_number

ACCEPTED = [
    ("7500000", 7_500_000),
    ("7.500.000", 7_500_000),
    ("7.500.000,00", 7_500_000),
    ("7500000,0", 7_500_000),
    ("  7.500.000  ", 7_500_000),
    ("Rp 7.500.000", 7_500_000),
    ("Rp. 1.000", 1_000),
    ("rp7.500", 7_500),
    ("7.500", 7_500),
    ("0", 0),
    ("007", 7),
    ("-12", -12),
    ("15 miliar", 15_000_000_000),
    ("15 Miliar", 15_000_000_000),
    ("15 milyar", 15_000_000_000),
    ("15miliar", 15_000_000_000),
    ("1,5 juta", 1_500_000),
    ("2,5 rb", 2_500),
    ("3 jt", 3_000_000),
    ("1 triliun", 10**12),
    ("1.250 juta", 1_250_000_000),
]

REFUSED = [
    ("7.5", "titik hanya memisahkan ribuan"),
    ("1.5 juta", "titik hanya memisahkan ribuan"),
    ("7.50.000", "titik hanya memisahkan ribuan"),
    ("7,500,000", "ribuan dipisah dengan titik"),
    ("7,000", "ribuan dipisah dengan titik"),
    ("7.500.000,50", "bukan bilangan bulat"),
    ("0,5", "bukan bilangan bulat"),
    ("1,2345 ribu", "bukan bilangan bulat"),
    ("abc", "tidak terbaca sebagai angka"),
    ("15 miliard", "tidak terbaca sebagai angka"),
    ("7 500 000", "tidak terbaca sebagai angka"),
    ("1e6", "tidak terbaca sebagai angka"),
    ("", "tidak terbaca sebagai angka"),
    ("+5", "tidak terbaca sebagai angka"),
    ("٣", "tidak terbaca sebagai angka"),  # digits of another script: not what a clerk means
]


@pytest.mark.parametrize(("text", "number"), ACCEPTED)
def test_accepted(text: str, number: int) -> None:
    assert parse_number(text) == number


@pytest.mark.parametrize(("text", "message"), REFUSED)
def test_refused_with_an_indonesian_message(text: str, message: str) -> None:
    with pytest.raises(NumberError) as caught:
        parse_number(text)
    assert message in caught.value.text.id
    assert caught.value.text.en and caught.value.text.en != caught.value.text.id


def test_report_strings_become_numbers_and_unreadable_ones_are_named() -> None:
    form = FormRegistry.bundled().get("dana_cadangan", 1)
    data = {
        "jumlah": "15 miliar",
        "akumulasi": 20_000_000_000,
        "catatan": "7.500",
        "penyaluran": [{"jumlah": "7.500.000,00"}, {"jumlah": "7.500.000,50"}],
    }
    read, errors = numbers_from_text(form.fields, data)
    assert read["jumlah"] == 15_000_000_000
    assert read["catatan"] == "7.500"  # text fields are left alone
    assert read["penyaluran"][0]["jumlah"] == 7_500_000
    assert read["penyaluran"][1]["jumlah"] == "7.500.000,50"  # unchanged, and said so
    assert [(e.field, e.code) for e in errors] == [("penyaluran[1].jumlah", "number_text")]
    assert "bukan bilangan bulat" in errors[0].message_id
    assert data["jumlah"] == "15 miliar"  # the caller's data is not changed
