"""Laying a document out on a reportlab canvas: wrapped text, label and value rows, boxes,
barcodes, and pages.

A document is first laid out as a ``Flow`` of rows (each row knows its height and what to draw
in it), so the A4 layout can split it into pages with the notice number on each page and the
roll layout can size its single long page to fit. Word widths are measured once per font and
size and kept, because the same wording repeats on every notice of a batch.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO, TypeVar

from reportlab.graphics.barcode.code128 import Code128
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas

from hfhate.printing.fonts import BOLD, register_fonts

Target = str | Path | BinaryIO
Item = TypeVar("Item")


@dataclass(frozen=True)
class Style:
    """A font, its size and the height of one line (points)."""

    font: str
    size: float
    leading: float


# A drawing operation inside a row: it gets the canvas, the row's left x and top y.
Draw = Callable[[Canvas, float, float], None]


@dataclass
class Row:
    """One line (or box, or barcode) of a document: its height and how to draw it."""

    height: float
    draws: list[Draw] = field(default_factory=list)
    keep_with_next: bool = False
    is_space: bool = False


_widths: dict[tuple[str, float], dict[str, float]] = {}


def text_width(text: str, font: str, size: float) -> float:
    """The width of ``text`` in points (remembered per font, size and text)."""
    known = _widths.setdefault((font, size), {})
    width = known.get(text)
    if width is None:
        width = pdfmetrics.stringWidth(text, font, size)
        if len(known) < 50_000:
            known[text] = width
    return width


# Paragraphs already wrapped: a batch prints the wording's paragraphs on every notice.
_wrapped: dict[tuple[str, str, float, float], tuple[str, ...]] = {}


def wrap(text: str, font: str, size: float, width: float) -> list[str]:
    """``text`` broken into lines no wider than ``width``; line breaks in it are kept
    (remembered per text, font, size and width)."""
    key = (text, font, size, width)
    known = _wrapped.get(key)
    if known is None:
        known = tuple(_wrap(text, font, size, width))
        if len(_wrapped) < 20_000:
            _wrapped[key] = known
    return list(known)


def _wrap(text: str, font: str, size: float, width: float) -> list[str]:
    lines: list[str] = []
    space = text_width(" ", font, size)
    for paragraph in text.splitlines() or [""]:
        line: list[str] = []
        used = 0.0
        for word in paragraph.split():
            word_width = text_width(word, font, size)
            if word_width > width:
                if line:
                    lines.append(" ".join(line))
                pieces = _break_word(word, font, size, width)
                lines.extend(pieces[:-1])
                line, used = [pieces[-1]], text_width(pieces[-1], font, size)
            elif line and used + space + word_width > width:
                lines.append(" ".join(line))
                line, used = [word], word_width
            else:
                used += word_width + (space if line else 0.0)
                line.append(word)
        lines.append(" ".join(line))
    return lines


def _break_word(word: str, font: str, size: float, width: float) -> list[str]:
    pieces, current = [], ""
    for character in word:
        if current and pdfmetrics.stringWidth(current + character, font, size) > width:
            pieces.append(current)
            current = ""
        current += character
    pieces.append(current)
    return pieces


def _baseline(style: Style) -> float:
    """Distance from a row's top to the baseline of its text."""
    return (style.leading - style.size) / 2 + style.size * 0.8


def _text(
    x: float, dy: float, style: Style, text: str, align: str = "left", width: float = 0.0
) -> Draw:
    if align == "center":

        def draw(c: Canvas, left: float, top: float) -> None:
            c.setFont(style.font, style.size)
            c.drawCentredString(left + x + width / 2, top - dy, text)
    elif align == "right":

        def draw(c: Canvas, left: float, top: float) -> None:
            c.setFont(style.font, style.size)
            c.drawRightString(left + x + width, top - dy, text)
    else:

        def draw(c: Canvas, left: float, top: float) -> None:
            c.setFont(style.font, style.size)
            c.drawString(left + x, top - dy, text)

    return draw


class Flow:
    """Rows of a document column ``width`` points wide, built top to bottom."""

    def __init__(self, width: float) -> None:
        self.width = width
        self.rows: list[Row] = []

    @property
    def height(self) -> float:
        return sum(row.height for row in self.rows)

    def space(self, height: float) -> None:
        self.rows.append(Row(height, is_space=True))

    def text(
        self,
        text: str,
        style: Style,
        *,
        indent: float = 0.0,
        align: str = "left",
        keep_with_next: bool = False,
        bullet: str = "",
    ) -> None:
        """A paragraph, wrapped; ``bullet`` is drawn in the indent of its first line."""
        lines = wrap(text, style.font, style.size, self.width - indent)
        baseline = _baseline(style)
        for number, line in enumerate(lines):
            draws = [_text(indent, baseline, style, line, align, self.width - indent)]
            if bullet and number == 0:
                draws.insert(0, _text(max(indent - style.size, 0.0), baseline, style, bullet))
            last = number == len(lines) - 1
            self.rows.append(Row(style.leading, draws, keep_with_next or not last))

    def heading(self, text: str, style: Style, *, space_before: float = 0.0) -> None:
        if space_before:
            self.space(space_before)
        self.text(text, style, keep_with_next=True)

    def field(
        self, label: str, value: str, label_style: Style, value_style: Style, *, label_width: float
    ) -> None:
        """A label and its value side by side (or the label above, when ``label_width`` is 0)."""
        if label_width <= 0:
            self.text(label, label_style, keep_with_next=True)
            self.text(value, value_style)
            return
        gap = label_style.size
        labels = wrap(label, label_style.font, label_style.size, label_width - gap)
        values = wrap(value, value_style.font, value_style.size, self.width - label_width)
        leading = max(label_style.leading, value_style.leading)
        for number in range(max(len(labels), len(values))):
            draws: list[Draw] = []
            if number < len(labels):
                draws.append(_text(0.0, _baseline(label_style), label_style, labels[number]))
            if number < len(values):
                draws.append(
                    _text(label_width, _baseline(value_style), value_style, values[number])
                )
            self.rows.append(Row(leading, draws, keep_with_next=number < len(labels) - 1))

    def boxed(self, text: str, style: Style, *, line_width: float = 1.5) -> None:
        """Text centred in a ruled box, for the COPY and CANCELLED markings."""
        padding = style.size * 0.5
        lines = wrap(text, style.font, style.size, self.width - 2 * padding)
        height = len(lines) * style.leading + 2 * padding
        width = self.width

        def draw(c: Canvas, left: float, top: float) -> None:
            c.setLineWidth(line_width)
            c.rect(left, top - height, width, height, stroke=1, fill=0)
            c.setFont(style.font, style.size)
            for number, line in enumerate(lines):
                baseline = padding + number * style.leading + _baseline(style)
                c.drawCentredString(left + width / 2, top - baseline, line)

        self.rows.append(Row(height, [draw]))

    def rule(self, line_width: float = 0.5, space: float = 4.0) -> None:
        width = self.width

        def draw(c: Canvas, left: float, top: float) -> None:
            c.setLineWidth(line_width)
            c.line(left, top - space, left + width, top - space)

        self.rows.append(Row(2 * space, [draw], is_space=True))

    def barcode(self, value: str, *, bar_width: float, height: float, x: float = 0.0) -> None:
        self.rows.append(
            Row(height, [barcode_draw(value, bar_width=bar_width, height=height, x=x)])
        )


def barcode_draw(value: str, *, bar_width: float, height: float, x: float = 0.0) -> Draw:
    """Draw a Code 128 barcode of ``value`` (no quiet zone drawn: margins give it)."""
    symbol = Code128(value, barWidth=bar_width, barHeight=height, quiet=0, humanReadable=0)

    def draw(c: Canvas, left: float, top: float) -> None:
        symbol.drawOn(c, left + x, top - height)

    return draw


def barcode_width(value: str, bar_width: float) -> float:
    symbol = Code128(value, barWidth=bar_width, quiet=0, humanReadable=0)
    width: float = symbol.width
    return width


KEEP_LINES = 3  # a long paragraph split across pages leaves at least this many rows together


def paginate(rows: list[Row], available: float) -> list[list[Row]]:
    """Rows split into pages of at most ``available`` points.

    Rows kept with the next (a heading and its paragraph, a paragraph's lines) stay on one
    page when together they take at most a third of it; a longer run is split where the page
    ends, keeping ``KEEP_LINES`` rows together, so a long account does not leave a page
    half empty.
    """
    pages: list[list[Row]] = [[]]
    used = 0.0
    split_until = -1  # the last row of a long run being split across pages
    run_ends = _run_ends(rows)
    for index, row in enumerate(rows):
        if not pages[-1] and row.is_space:
            continue  # no space at the top of a page
        end = run_ends[index]
        if index > split_until and _height(rows, index, end) > available / 3:
            split_until = end
        if index <= split_until:
            end = min(end, index + KEEP_LINES - 1)
        needed = _height(rows, index, end)
        if pages[-1] and used + needed > available:
            pages.append([])
            used = 0.0
            if row.is_space:
                continue
        pages[-1].append(row)
        used += row.height
    return pages


def _run_ends(rows: list[Row]) -> list[int]:
    """For each row, the last row of the run kept together from it (read once, backwards)."""
    ends = list(range(len(rows)))
    for index in range(len(rows) - 2, -1, -1):
        if rows[index].keep_with_next:
            ends[index] = ends[index + 1]
    return ends


def _height(rows: list[Row], first: int, last: int) -> float:
    return sum(row.height for row in rows[first : last + 1])


def draw_rows(canvas: Canvas, rows: list[Row], left: float, top: float) -> float:
    """Draw ``rows`` from ``top`` down; returns the y below the last row."""
    y = top
    for row in rows:
        for draw in row.draws:
            draw(canvas, left, y)
        y -= row.height
    return y


WATERMARK_ANGLE = 35.0  # degrees, anticlockwise


def watermark_corners(
    text: str, centre_x: float, centre_y: float, size: float, angle: float = WATERMARK_ANGLE
) -> list[tuple[float, float]]:
    """The corners of the box a watermark's letters lie in, on the page (points): from a
    quarter of the size below the baseline (descenders) to three quarters above it."""
    width = text_width(text, BOLD, size)
    turn = math.radians(angle)
    cos, sin = math.cos(turn), math.sin(turn)
    half = size / 2  # the baseline is a quarter of the size below the centre: see below
    box = [(-width / 2, -half), (width / 2, -half), (width / 2, half), (-width / 2, half)]
    return [(centre_x + x * cos - y * sin, centre_y + x * sin + y * cos) for x, y in box]


def fitted_watermark(
    canvas: Canvas,
    text: str,
    page: tuple[float, float, float, float],
    margin: float,
    largest: float,
) -> float:
    """A large, light diagonal word (COPY, CANCELLED) across the middle of ``page`` (x, y,
    width, height), as large as ``largest`` but wholly inside the page less ``margin``;
    returns the size drawn."""
    x, y, page_width, page_height = page
    corners = watermark_corners(text, 0.0, 0.0, 1.0)
    reach_x = max(abs(cx) for cx, _cy in corners)
    reach_y = max(abs(cy) for _cx, cy in corners)
    size = min(largest, (page_width / 2 - margin) / reach_x, (page_height / 2 - margin) / reach_y)
    canvas.saveState()
    canvas.setFillGray(0.85)
    canvas.setFont(BOLD, size)
    canvas.translate(x + page_width / 2, y + page_height / 2)
    canvas.rotate(WATERMARK_ANGLE)
    canvas.drawCentredString(0, -size / 4, text)
    canvas.restoreState()
    return size


class PrintingStopped(Exception):
    """The person stopped the batch before the document was written."""


def new_canvas(target: Target, *, title: str, author: str) -> Canvas:
    """A canvas writing one compressed PDF to ``target`` (a path or a binary file)."""
    register_fonts()
    canvas = Canvas(str(target) if isinstance(target, Path) else target, pageCompression=1)
    canvas.setTitle(title)
    canvas.setAuthor(author)
    canvas.setCreator("hfhate")
    return canvas


def check_stop(stop: Callable[[], bool] | None) -> None:
    if stop is not None and stop():
        raise PrintingStopped("Stopped: no document was written.")


def write_pdf(
    target: Target,
    items: Sequence[Item],
    draw: Callable[[Canvas, Item], int],
    *,
    title: str,
    author: str,
    progress: Callable[[int, int], None] | None = None,
    stop: Callable[[], bool] | None = None,
) -> int:
    """Draw each of ``items`` (``draw`` returns its pages) into one PDF at ``target``; returns
    the number of pages.

    ``progress(done, total)`` is called after each item; when ``stop()`` turns true the
    batch ends with ``PrintingStopped`` and nothing is written.
    """
    canvas = new_canvas(target, title=title, author=author)
    pages = 0
    for done, item in enumerate(items, start=1):
        check_stop(stop)
        pages += draw(canvas, item)
        if progress is not None:
            progress(done, len(items))
    check_stop(stop)
    canvas.save()
    check_stop(stop)  # a Cancel pressed while the file was written still stops it
    return pages
