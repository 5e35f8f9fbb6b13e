"""Small JPEG copies of photos for the detail page, made once by Pillow and kept on disk."""

from __future__ import annotations

import os
from pathlib import Path

SIZE = (320, 320)
# A hostile "photo" that decompresses to gigapixels is refused, not rendered.
MAX_PIXELS = 60_000_000


class NotAnImage(Exception):
    """The file cannot be read as a picture."""


def thumbnail(source: Path, folder: Path, sha256: str) -> Path:
    """The thumbnail of `source` (named by its hash), made now if it does not exist yet."""
    target = folder / sha256[:2] / f"{sha256}.jpg"
    if target.exists():
        return target
    # here, not at the top: the server starts without loading Pillow
    from PIL import Image, ImageOps, UnidentifiedImageError

    Image.MAX_IMAGE_PIXELS = MAX_PIXELS
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(f".{os.getpid()}.part")
    try:
        with Image.open(source) as image:
            image = ImageOps.exif_transpose(image)
            image.thumbnail(SIZE)
            with open(partial, "wb") as out:
                image.convert("RGB").save(out, "JPEG", quality=80)
                out.flush()
                os.fsync(out.fileno())
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError, ValueError) as exc:
        partial.unlink(missing_ok=True)
        raise NotAnImage(str(exc)) from exc
    os.replace(partial, target)  # nobody holds the thumbnail open: it did not exist until now
    return target
