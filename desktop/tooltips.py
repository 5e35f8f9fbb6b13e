"""Tooltips of text that comes from people (comments, titles, file names): shown as typed, never as markup."""

from __future__ import annotations

import html

# Not Qt.convertFromPlainText/mightBeRichText: importing the `Qt` namespace of QtGui makes
# PySide6 6.11 crash at a later garbage collection.


def plain_tooltip(text: str) -> str:
    """`text` for `setToolTip`/`ToolTipRole`, shown exactly as typed.

    Qt renders a tooltip that looks like HTML as rich text: a comment with `<img src=…>` would
    fetch and draw, `<b>` would vanish. Text with a `<` is therefore escaped into a paragraph
    (line breaks kept); text without one is never taken for HTML and stays untouched.
    """
    if "<" not in text:
        return text
    return "<p>" + html.escape(text, quote=False).replace("\n", "<br>") + "</p>"
