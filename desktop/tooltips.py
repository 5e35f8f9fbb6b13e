"""Tooltips of text that comes from people (comments, titles, file names): shown as typed, never as markup."""

from __future__ import annotations

from PySide6.QtGui import Qt


def plain_tooltip(text: str) -> str:
    """`text` for `setToolTip`/`ToolTipRole`: Qt renders anything that looks like HTML as rich text,
    so a comment with `<img src=…>` or `<a href>` would draw or link; this escapes it and keeps line breaks."""
    return Qt.convertFromPlainText(text, Qt.WhiteSpaceMode.WhiteSpaceNormal)
