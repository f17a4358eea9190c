"""Photo types by signature and sizes from headers alone, for each type the laptop takes."""

from __future__ import annotations

import pytest

from hfhate.services.image_check import NotAPhoto, check_photo, dimensions
from tests.fixtures.photo_bytes import heic, jpeg, png, webp_lossless, webp_vp8x


@pytest.mark.parametrize(
    ("content", "size"),
    [
        (jpeg(4032, 3024), (4032, 3024)),
        (b"\xff\xd8\xff\xe1\x00\x04ab" + jpeg(10, 20)[2:], (10, 20)),  # after an EXIF segment
        (png(800, 600), (800, 600)),
        (webp_vp8x(5000, 4000), (5000, 4000)),
        (webp_lossless(640, 480), (640, 480)),
        (heic(4032, 3024), (4032, 3024)),
    ],
)
def test_sizes_are_read_from_headers(content: bytes, size: tuple[int, int]) -> None:
    assert dimensions(content) == size


def test_a_pixel_bomb_or_an_unknown_type_is_refused() -> None:
    assert check_photo(png(8000, 6000), 50_000_000) == "image/png"
    with pytest.raises(NotAPhoto, match="more than the 50,000,000"):
        check_photo(png(8000, 7000), 50_000_000)
    with pytest.raises(NotAPhoto, match="not a JPEG"):
        check_photo(b"GIF89a" + b"\x00" * 20, 50_000_000)
    with pytest.raises(NotAPhoto, match="cannot be read"):
        check_photo(b"\x89PNG\r\n\x1a\n", 50_000_000)
