"""What an administration page says after an action: done (a fixed sentence) or refused (why)."""

from __future__ import annotations

from sync.server.errors import ServerError

DONE = {
    "dicabut": "PC telah dicabut; sinkronisasi berikutnya dari PC itu ditolak.",
    "label": "Label PC telah diubah.",
    "akun": "Akun telah ditambahkan.",
    "peran": "Peran akun telah diubah.",
    "nonaktif": "Akun telah dinonaktifkan; sesinya berakhir.",
    "terbit": "Versi formulir telah diterbitkan; kantor menerimanya pada sinkronisasi berikutnya.",
}


def done(key: str | None) -> str:
    """The sentence for `?selesai=key` (only known keys: the address cannot put words on the page)."""
    return DONE.get(key or "", "")


def refused(exc: ServerError) -> str:
    """The refusal in Indonesian when the rule gave one, else its English sentence."""
    return str(exc.extra.get("pesan") or exc.message)
