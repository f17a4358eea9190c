"""The print bench's baseline child: a bare reportlab process writing given lines as pages.

``python -m bench._raw_pages LINES.json OUT.pdf FONT.ttf``: reads the pages (a JSON list of
pages, each a list of text lines), registers the TrueType font and draws each page's lines one
``drawString`` after another, nothing else, into one compressed PDF. It imports only reportlab
and the standard library, as the plainest program writing the same pages would.
"""

from __future__ import annotations

import json
import sys

from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

FONT = "BaselineFont"


def main(lines_file: str, out: str, font_file: str) -> int:
    with open(lines_file, encoding="utf-8") as source:
        pages = json.load(source)
    pdfmetrics.registerFont(TTFont(FONT, font_file))
    canvas = Canvas(out, pagesize=A4, pageCompression=1)
    for lines in pages:
        canvas.setFont(FONT, 8.5)
        y = 800.0
        for line in lines:
            canvas.drawString(36, y, line)
            y -= 10.5
        canvas.showPage()
    canvas.save()
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:4]))
