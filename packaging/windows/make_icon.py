"""Make resources/icons/app.ico (the Windows program and installer icon) from app.svg.

Run after changing app.svg, and commit the .ico (PyInstaller and Inno Setup read it as a
file): `python packaging/windows/make_icon.py`. Each size is drawn from the SVG by Qt, so
16 px stays sharp instead of being shrunk from 256 px; Pillow writes the ICO.
"""

from __future__ import annotations

import io
import os
import sys
from pathlib import Path

from PIL import Image
from PySide6.QtCore import QBuffer, QIODevice, Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

ROOT = Path(__file__).resolve().parents[2]
SIZES = (16, 20, 24, 32, 40, 48, 64, 128, 256)  # what Explorer, the taskbar and Start ask for


def render(svg: Path, side: int) -> Image.Image:
    renderer = QSvgRenderer(str(svg))
    image = QImage(side, side, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    renderer.render(painter)
    painter.end()
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return Image.open(io.BytesIO(bytes(buffer.data()))).convert("RGBA")


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    QGuiApplication(sys.argv[:1])
    icons = ROOT / "resources" / "icons"
    images = [render(icons / "app.svg", side) for side in SIZES]
    largest = images[-1]
    largest.save(icons / "app.ico", format="ICO", sizes=[(s, s) for s in SIZES], append_images=images[:-1])
    sys.stdout.write(f"wrote {icons / 'app.ico'} ({', '.join(map(str, SIZES))} px)\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
