"""Photos made small enough for a 64 kbit/s link before they are attached; originals kept locally.

Only QImage (thread-safe) is used here, so everything runs off the GUI thread.
"""

from __future__ import annotations

import logging
import mimetypes
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QCoreApplication, QSize, Qt
from PySide6.QtGui import QColor, QImage, QImageReader, QImageWriter, QPainter

from sync.store.settings import DEFAULT_PHOTO_MAX_SIDE, DEFAULT_PHOTO_QUALITY

log = logging.getLogger(__name__)

_PHOTO_FORMATS = {b"jpeg", b"jpg", b"png", b"bmp", b"webp", b"tiff", b"tif", b"heic", b"heif", b"gif"}


class PhotoError(Exception):
    """A file that looked like a photo could not be read; the message says why."""


@dataclass(frozen=True, slots=True)
class PhotoOptions:
    """How far photos are reduced: longest side in pixels and JPEG quality (1–100)."""

    max_side: int = DEFAULT_PHOTO_MAX_SIDE  # the store keeps the defaults (and the clerk's choice)
    quality: int = DEFAULT_PHOTO_QUALITY


@dataclass(frozen=True, slots=True)
class PreparedFile:
    """What to hand to the store: the file, the name the province sees, its type."""

    path: Path
    filename: str
    mime: str


# HEIF brands (bytes 8-12 after "ftyp") that iPhones and newer Android phones write.
_HEIF_BRANDS = {b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"mif1", b"msf1", b"avif"}


def is_photo(path: Path) -> bool:
    return bytes(QImageReader.imageFormat(str(path)).data()).lower() in _PHOTO_FORMATS


def is_unreadable_heif(path: Path) -> bool:
    """A HEIC/HEIF photo (from a phone) that this PC's Qt has no reader for."""
    try:
        with path.open("rb") as f:
            head = f.read(12)
    except OSError:
        return False
    if head[4:8] != b"ftyp" or head[8:12] not in _HEIF_BRANDS:
        return False
    readable = {bytes(f.data()).lower() for f in QImageReader.supportedImageFormats()}
    return not readable & {b"heic", b"heif", b"avif"}


def _reader(source: Path | QBuffer) -> QImageReader:
    reader = QImageReader(source if isinstance(source, QBuffer) else str(source))
    reader.setAutoTransform(True)  # phones store portrait photos sideways with an EXIF flag
    return reader


def downscale_photo(source: Path, target: Path, options: PhotoOptions = PhotoOptions()) -> Path:
    """Write `source` as a JPEG no longer than `options.max_side` on its longest side."""
    reader = _reader(source)
    size = reader.size()
    longest = max(size.width(), size.height())
    if longest > options.max_side:
        factor = options.max_side / longest  # the longest side stays the longest after rotation
        reader.setScaledSize(QSize(max(1, round(size.width() * factor)), max(1, round(size.height() * factor))))
    image = reader.read()
    if image.isNull():
        raise PhotoError(f"{source.name}: {reader.errorString()}")
    if max(image.width(), image.height()) > options.max_side:  # readers that ignore scaled size
        image = image.scaled(options.max_side, options.max_side, Qt.AspectRatioMode.KeepAspectRatio,
                             Qt.TransformationMode.SmoothTransformation)
    if image.hasAlphaChannel():  # JPEG has no transparency: put it on white, not black
        flat = QImage(image.size(), QImage.Format.Format_RGB32)
        flat.fill(QColor("white"))
        painter = QPainter(flat)
        painter.drawImage(0, 0, image)
        painter.end()
        image = flat
    writer = QImageWriter(str(target), b"jpeg")
    writer.setQuality(options.quality)
    writer.setOptimizedWrite(True)
    if not writer.write(image):
        raise PhotoError(f"{target.name}: {writer.errorString()}")
    log.info("photo %s: %dx%d → %dx%d, %d → %d bytes", source.name, size.width(), size.height(),
             image.width(), image.height(), source.stat().st_size, target.stat().st_size)
    return target


def prepare_for_sending(source: Path, *, work_dir: Path, keep_original: Callable[[Path], object],
                        options: PhotoOptions = PhotoOptions()) -> PreparedFile:
    """A photo → its original kept, a reduced JPEG to send; any other document → as it is.

    A HEIC photo that Qt cannot read is refused (`PhotoError`, in Indonesian): sent as it is,
    it would be many megabytes that the province's browsers cannot show.
    """
    if is_unreadable_heif(source):
        raise PhotoError(QCoreApplication.translate(
            "Photos", "Foto %1 berformat HEIC (dari ponsel) dan tidak dapat dibaca di komputer ini. "
            "Simpan ulang sebagai JPG (di iPhone: Pengaturan › Kamera › Format › Paling Kompatibel, "
            "atau kirim lewat WhatsApp), lalu lampirkan lagi.").replace("%1", source.name))
    if not is_photo(source):
        mime = mimetypes.guess_type(source.name)[0] or "application/octet-stream"
        return PreparedFile(source, source.name, mime)
    keep_original(source)  # the full-size photo, kept (encrypted) in the data folder
    work_dir.mkdir(parents=True, exist_ok=True)
    reduced = downscale_photo(source, work_dir / f"{source.stem}.jpg", options)
    return PreparedFile(reduced, f"{source.stem}.jpg", "image/jpeg")


def thumbnail(source: Path | bytes | None, side: int = 96) -> QImage:
    """A small preview of an image file or an image's bytes (null image for anything else)."""
    if source is None:
        return QImage()
    buffer = QBuffer()
    if isinstance(source, bytes):
        buffer.setData(QByteArray(source))
    reader = _reader(buffer if isinstance(source, bytes) else source)
    size = reader.size()
    if size.isValid() and max(size.width(), size.height()) > side:
        reader.setScaledSize(size.scaled(side, side, Qt.AspectRatioMode.KeepAspectRatio))
    return reader.read()
