"""The office's own papers in the app: typed, checked, saved in the store with a copy of the emblem."""

from __future__ import annotations

from PySide6.QtGui import QColor, QImage

from desktop.office_dialog import OfficeDialog
from sync.store.settings import get_office_papers


def test_office_papers_are_checked_then_saved_with_a_copy_of_the_emblem(qtbot, ctx, tmp_path):
    emblem = tmp_path / "Lambang Malteng.png"
    image = QImage(120, 140, QImage.Format.Format_RGB32)
    image.fill(QColor("#1f618d"))
    assert image.save(str(emblem), "PNG")
    dialog = OfficeDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.address.setText("Jl. Abdullah Soulissa No. 1, Masohi")
    dialog.postal_code.setText("975")
    dialog.email.setText("kesbangpol-at-malteng")
    dialog.signatory_nip.setText("1968 0512 1994")
    dialog.save()
    assert dialog.problem.text().splitlines() == [
        "Kode pos terdiri dari 5 angka.",
        "Alamat pos-el tidak sah, mis. kesbangpol@malukutengahkab.go.id.",
        "NIP terdiri dari 18 angka.",
    ]
    with ctx.store.session() as session:
        assert get_office_papers(session=session).address == ""  # nothing saved yet
    dialog.postal_code.setText("97511")
    dialog.email.setText("kesbangpol@malukutengahkab.go.id")
    dialog.signatory_nip.setText("19680512 199403 1 007")
    dialog._show_emblem(str(emblem))
    with qtbot.waitSignal(dialog.accepted, timeout=5000):
        dialog.save()
    with ctx.store.session() as session:
        papers = get_office_papers(session=session)
    assert (papers.address, papers.postal_code) == ("Jl. Abdullah Soulissa No. 1, Masohi", "97511")
    copy = ctx.store.data_dir / "lambang.png"
    assert papers.emblem == str(copy) and copy.read_bytes() == emblem.read_bytes()
    emblem.unlink()  # the original may go: the printout keeps its emblem
    again = OfficeDialog(ctx)
    qtbot.addWidget(again)
    assert again.papers() == papers
