"""Tooltips of text that comes from people (comments, titles, file names): shown as typed, never as markup."""

from __future__ import annotations

from PySide6.QtGui import Qt


def plain_tooltip(text: str) -> str:
    """`text` for `setToolTip`/`ToolTipRole`, shown exactly as typed.

    Qt renders a tooltip that `mightBeRichText` as HTML: a comment with `<img src=…>` would
    fetch and draw, `<b>` would vanish. Such text is escaped (line breaks kept); other text
    is already shown as it is and stays untouched.
    """
    if not Qt.mightBeRichText(text):
        return text
    return Qt.convertFromPlainText(text, Qt.WhiteSpaceMode.WhiteSpaceNormal)
