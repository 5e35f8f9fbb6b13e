"""Valid report data of each form for console tests and the benchmark."""

from __future__ import annotations

from typing import Any

from tests.server.conftest import report_data


def education(day: str = "2024-02-10", *, male: int = 30, female: int = 25, targets: tuple[str, ...] = ("pemilih_pemula",)) -> dict[str, Any]:
    return {"nama_kegiatan": "Sosialisasi pemilih pemula", "tanggal": day, "platform": "konvensional",
            "sasaran": list(targets), "peserta_laki_laki": male, "peserta_perempuan": female}


def meeting(day: str = "2024-02-05") -> dict[str, Any]:
    return {"tanggal": day, "agenda": "Kesiapan pengamanan pemungutan suara", "unsur_hadir": ["kapolres", "dandim"],
            "aspek": ["keamanan"], "kesimpulan": "Situasi kondusif."}


def reserve(day: str = "2024-02-01", *, amount: int = 7_500_000_000) -> dict[str, Any]:
    return {"tanggal_laporan": day, "tahun_anggaran": 2024, "jumlah": amount, "dasar_hukum": "Perda No. 3 Tahun 2022",
            "status_realisasi": "dicadangkan"}


def warning(office: str, *, day: str = "2024-02-14", urgent: bool = False, **changes: Any) -> dict[str, Any]:
    return report_data(office, urgent=urgent, waktu_kejadian=f"{day}T10:30:00+09:00", **changes)
