"""Text from PDF files: the text layer, with lines that the page layout wrapped joined back into paragraphs.

A PDF has lines, not paragraphs. The extractor reads one paragraph per line (or hard-wrapped e-mail text), so a
line is joined to the next where the layout, not the author, broke it: where the next line's first word would
not have fitted in the space left at the end of the line. Lines that end short (a paragraph's last line, an
e-mail's own wrap, a heading), lines followed by a paragraph gap, and a list item after a finished sentence keep
their break.
"""
from __future__ import annotations

import io
import logging
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from pdfminer.high_level import extract_pages
from pdfminer.layout import LAParams, LTChar, LTFigure, LTPage, LTTextContainer, LTTextLineHorizontal
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

from flowatlas.loaders.errors import LoadError
from flowatlas.loaders.segment import LIST_MARKER

# pdfminer logs a warning for every recoverable flaw of a page (a colour, a font); a build prints one line per
# file, and its errors are LoadErrors.
logging.getLogger("pdfminer").setLevel(logging.ERROR)

NO_TEXT = "no text layer (a scanned PDF?): run OCR first"
# A bullet drawn from a symbol font has no Unicode meaning: pdfminer gives "(cid:N)" or a private-use character
# (Word's Symbol bullet is U+F0B7). At the start of a line it can only be a list item's bullet.
SYMBOL_BULLET = re.compile(r"^(?:\(cid:\d+\)|[\ue000-\uf8ff])(?=\s)")
# A line ending a sentence or a clause, possibly inside closing quotes or brackets.
CLAUSE_END = re.compile(r"[.:;?!][\"”’)\]]*$")
# Vertical space between two lines that exceeds the usual space between lines by this part of a line's height
# is a paragraph gap.
PARAGRAPH_GAP = 0.5
# Characters on one baseline are one line however far apart (pdfminer's default cuts a line at a gap of two
# characters' width): a justified line that a long word (a URL) left with a few words stretched across the
# page is still one line. The price: columns side by side are read as one line. Text inside figures (drawn
# from a form XObject, as some PDF writers do with whole pages) is laid out too.
LAYOUT = LAParams(char_margin=1000, all_texts=True)


@dataclass(frozen=True)
class Line:
    """A line of text on a page, with the geometry that tells whether the layout wrapped it (PDF points)."""

    page: int
    text: str
    right: float
    bottom: float
    top: float
    first_word: float  # width of the line's first word
    space: float  # width of a space at the line's font size

    @property
    def height(self) -> float:
        return self.top - self.bottom


def _line(page: int, line: LTTextLineHorizontal) -> Line | None:
    """The line with single spaces between words, or None if it shows no text."""
    chars = [c for c in line if isinstance(c, LTChar)]
    text = SYMBOL_BULLET.sub("•", " ".join(line.get_text().split()))
    if not text or not chars:
        return None
    word: list[LTChar] = []
    for char in chars:
        if char.get_text().isspace():
            if word:
                break
        else:
            word.append(char)
    return Line(page, text, line.x1, line.y0, line.y1, first_word=word[-1].x1 - word[0].x0 if word else 0.0,
                space=0.25 * max(c.size for c in chars))


def _boxes(item: LTPage | LTFigure) -> Iterator[LTTextContainer]:
    """Text boxes in pdfminer's reading order, including those inside figures."""
    for child in item:
        if isinstance(child, LTTextContainer):
            yield child
        elif isinstance(child, LTFigure):
            yield from _boxes(child)


def _lines(pages: list[LTPage]) -> list[Line]:
    """Every line with text, in reading order."""
    return [found for number, page in enumerate(pages) for box in _boxes(page) for item in box
            if isinstance(item, LTTextLineHorizontal) and (found := _line(number, item)) is not None]


def _below(line: Line, following: Line) -> bool:
    return following.page == line.page and following.bottom < line.bottom


def _usual_gap(lines: list[Line]) -> float:
    """The space between the lines of a paragraph: the smallest gap (in whole points) that is common, i.e. found
    between at least 5 % of consecutive lines. Not the smallest gap: lines that overlap (a table's cells, a
    superscript) would set it; nor a typical one: in a list of one-line items most gaps are paragraph gaps."""
    gaps = Counter(round(a.bottom - b.top) for a, b in zip(lines, lines[1:]) if _below(a, b))
    common = [gap for gap, count in gaps.items() if count >= max(2, 0.05 * gaps.total())]
    return float(min(common or gaps, default=0))


def _wrapped(line: Line, following: Line, right_edge: float, usual_gap: float) -> bool:
    """True where the layout broke the line: the following line's first word would not have fitted after it."""
    if _below(line, following) and line.bottom - following.top > usual_gap + PARAGRAPH_GAP * line.height:
        return False
    if LIST_MARKER.match(following.text) and CLAUSE_END.search(line.text):
        return False
    return right_edge - line.right < line.space + following.first_word


def _split_word(line: Line, right_edge: float) -> bool:
    """A word broken across lines: after a hyphen ("child-" "in-need"), or a word too long for any line (a URL),
    which fills a line on its own to within a character (an em) of the edge."""
    return bool(re.search(r"[^\W\d_]-$", line.text)) or (" " not in line.text
                                                         and right_edge - line.right < 4 * line.space)


def _paragraphs(lines: list[Line]) -> list[str]:
    right_edge = max(line.right for line in lines)
    usual_gap = _usual_gap(lines)
    paragraphs = [lines[0].text]
    for line, following in zip(lines, lines[1:]):
        if _wrapped(line, following, right_edge, usual_gap):
            paragraphs[-1] += ("" if _split_word(line, right_edge) else " ") + following.text
        else:
            paragraphs.append(following.text)
    return paragraphs


def _pages(path: Path, data: bytes) -> list[LTPage]:
    """The laid-out pages; LoadError for a file that is not a whole, readable PDF."""
    if not data.strip():
        raise LoadError(path, "empty file")
    # Both checks are the ones PDF readers make: the header and the end-of-file marker each within 1 KiB of
    # their end of the file. A PDF cut short (an interrupted download) lacks the marker.
    if b"%PDF-" not in data[:1024]:
        raise LoadError(path, "not a PDF file (no %PDF- header)")
    if b"%%EOF" not in data[-1024:]:
        raise LoadError(path, "truncated PDF (no %%EOF marker at its end)")
    try:
        return list(extract_pages(io.BytesIO(data), laparams=LAYOUT))
    except PDFPasswordIncorrect:
        raise LoadError(path, "encrypted PDF that needs a password: save an unprotected copy") from None
    except PDFEncryptionError as error:
        raise LoadError(path, f"encrypted PDF that cannot be read ({error})") from None
    except Exception as error:  # noqa: BLE001 - pdfminer raises all kinds of errors on a damaged file
        reason = str(error).splitlines()[0] if str(error) else type(error).__name__
        raise LoadError(path, f"damaged PDF ({reason})") from None


def pdf_text(path: Path, data: bytes) -> str:
    """The text of a PDF, one paragraph or list item per line; LoadError if it has no text layer."""
    lines = _lines(_pages(path, data))
    if not lines:
        raise LoadError(path, NO_TEXT)
    return "\n".join(_paragraphs(lines))
