"""What a photo is, by its first bytes, and how many pixels it has, by its header alone.

Shared by the laptop (``hfhate.services.notices.evidence``, when a photo is added) and the
server (``hfhate.server.photos``, when one arrives), so a photo the laptop keeps is one the
server takes: JPEG, PNG, WebP or HEIC, known by their file signature, never by a name or a
media type a caller states; and only up to a pixel count, read from the header without
decoding the image (JPEG's SOF segment, PNG's IHDR chunk, WebP's VP8/VP8L/VP8X header,
HEIC's ``ispe`` property), so a small file that would decode to gigabytes (a "pixel bomb") is
refused before anyone opens it. Pillow is not needed: each reader is a few lines.
"""

from __future__ import annotations

import struct

# The most pixels (width x height, read from the header) a kept photo may have.
MAX_PHOTO_PIXELS = 50_000_000

# The JPEG markers that start a frame and carry its size (SOF0-15 but DHT, JPG, DAC).
_SOF = {0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF}
_HEIC_BRANDS = (b"ftypheic", b"ftypheix", b"ftypmif1")


class NotAPhoto(ValueError):
    """The bytes are not a photo the server keeps; the message says why, in plain words."""


def media_type(content: bytes) -> str | None:
    """``image/jpeg``, ``image/png``, ``image/webp`` or ``image/heic`` by signature, or None."""
    if content.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if content.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if content[:4] == b"RIFF" and content[8:12] == b"WEBP":
        return "image/webp"
    if content[4:12] in _HEIC_BRANDS:
        return "image/heic"
    return None


def dimensions(content: bytes) -> tuple[int, int]:
    """(width, height) from the header; NotAPhoto if the type or its header is not readable."""
    kind = media_type(content)
    readers = {"image/jpeg": _jpeg, "image/png": _png, "image/webp": _webp, "image/heic": _heic}
    if kind is None:
        raise NotAPhoto("The file is not a JPEG, PNG, WebP or HEIC photo.")
    try:
        size = readers[kind](content)
    except (struct.error, IndexError):
        size = None
    if size is None or min(size) <= 0:
        raise NotAPhoto(f"The photo's size cannot be read from its {kind} header.")
    return size


def check_photo(content: bytes, max_pixels: int) -> str:
    """The photo's media type, or NotAPhoto if it is not one or has more than ``max_pixels``."""
    width, height = dimensions(content)
    if width * height > max_pixels:
        raise NotAPhoto(
            f"The photo is {width} x {height} pixels, more than the {max_pixels:,} a photo "
            "may have."
        )
    return media_type(content) or ""


def _png(content: bytes) -> tuple[int, int] | None:
    if content[12:16] != b"IHDR":
        return None
    width, height = struct.unpack(">II", content[16:24])
    return int(width), int(height)


def _jpeg(content: bytes) -> tuple[int, int] | None:
    at = 2
    while at + 4 <= len(content):
        if content[at] != 0xFF:
            return None
        marker = content[at + 1]
        if marker == 0xFF:  # fill byte
            at += 1
            continue
        if marker in (0x01, *range(0xD0, 0xD8)):  # markers without a length
            at += 2
            continue
        (length,) = struct.unpack(">H", content[at + 2 : at + 4])
        if marker in _SOF:
            height, width = struct.unpack(">HH", content[at + 5 : at + 9])
            return int(width), int(height)
        if marker == 0xDA:  # start of scan before any frame header
            return None
        at += 2 + length
    return None


def _webp(content: bytes) -> tuple[int, int] | None:
    chunk = content[12:16]
    if chunk == b"VP8X":
        width = int.from_bytes(content[24:27], "little") + 1
        height = int.from_bytes(content[27:30], "little") + 1
        return width, height
    if chunk == b"VP8 ":
        width, height = struct.unpack("<HH", content[26:30])
        return width & 0x3FFF, height & 0x3FFF
    if chunk == b"VP8L":
        bits = int.from_bytes(content[21:25], "little")
        return (bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1
    return None


def _heic(content: bytes) -> tuple[int, int] | None:
    """The largest ``ispe`` (image spatial extent) property in the top-level ``meta`` box:
    the full image's size (the others are thumbnails and tiles)."""
    meta = _top_level_box(content, b"meta")
    largest: tuple[int, int] | None = None
    at = meta.find(b"ispe")
    while at != -1:
        width, height = struct.unpack(">II", meta[at + 8 : at + 16])  # after version/flags
        if largest is None or width * height > largest[0] * largest[1]:
            largest = (int(width), int(height))
        at = meta.find(b"ispe", at + 4)
    return largest


def _top_level_box(content: bytes, kind: bytes) -> bytes:
    """The bytes of the first top-level ISO-BMFF box of type ``kind`` (empty if none)."""
    at = 0
    while at + 8 <= len(content):
        size, found = struct.unpack(">I4s", content[at : at + 8])
        if size == 1:
            (size,) = struct.unpack(">Q", content[at + 8 : at + 16])
        elif size == 0:
            size = len(content) - at
        if size < 8:
            return b""
        if found == kind:
            return content[at : at + size]
        at += size
    return b""
