"""Splitting a document into blocks and sentences, keeping exact character offsets into the original text.

FOI texts arrive in two shapes: one paragraph per line (pasted from a PDF or web page, with sentences sometimes
glued together as in "fulfilled or not;With regards"), or e-mail text hard-wrapped at about 72 columns. Blocks
follow paragraphs and list items in both shapes; sentences are cut inside blocks.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from statistics import median

# A list item or a numbered question at the start of a line: "- ", "* ", "1.)", "4)", "5.a)", "a)", "(b)".
LIST_MARKER = re.compile(r"^\s*(?P<marker>[-*•]|\(?\d{1,2}(?:\.[a-z])?\.?\)|\d{1,2}\.|\(?[a-h]\))(?=\s|$)\s*")
BULLET = re.compile(r"^[-*•]$")
SIGN_OFF = re.compile(r"^(?:Sincerely|Yours sincerely|Yours faithfully|Kind regards|Regards|Best wishes)\b", re.I)
# Where one sentence ends and the next begins. Also glued ends: ";With" and "truancy.No" (a lower-case word,
# a stop or semicolon, then a capitalised word), which are common in text pasted from PDFs.
SENTENCE_END = re.compile(
    r"(?<=[.!?])[\"”’)]?\s+(?=[\"“‘(]?[A-Z0-9*•-])"
    r"|(?<=[A-Za-z)]);(?=[A-Z])|(?<=[a-z]{3})[.](?=[A-Z][a-z])|(?<=[.;:])\s+(?=[a-h]\)\s)"
    # A sign-off glued to the next sentence: "Sincerely,Jen PerssonI have dealt with your request".
    r"|(?<=[a-z]{2})(?=I [a-z])"
)
ABBREVIATION = re.compile(r"(?:\b(?:ie|i\.e|eg|e\.g|etc|No|no|Mr|Mrs|Ms|Dr|St|vs|cf|[A-Z])\.)$")


@dataclass(frozen=True)
class Sentence:
    """A sentence with its offsets into the document text and the block (paragraph or list item) it is in."""

    start: int
    end: int
    text: str
    block: int
    marker: str  # the list marker opening its block ("-", "a)", "4)") or ""
    first_in_block: bool


def _lines(text: str) -> list[tuple[int, int]]:
    """(start, end) of every line, end excluding the newline."""
    spans, position = [], 0
    for line in text.split("\n"):
        spans.append((position, position + len(line)))
        position += len(line) + 1
    return spans


def is_hard_wrapped(text: str) -> bool:
    """True for e-mail style text wrapped near a fixed width, where a newline is usually not a paragraph end."""
    lengths = [len(line) for line in text.split("\n") if line.strip()]
    return bool(lengths) and median(lengths) <= 80 and sorted(lengths)[int(len(lengths) * 0.9)] <= 90


def _starts_block(previous: str, line: str, wrapped: bool, width: int) -> bool:
    if not wrapped or not previous.strip() or not line.strip():
        return True
    if LIST_MARKER.match(line) or SIGN_OFF.match(line) or SIGN_OFF.match(previous.strip()) \
            or line.startswith("Dear "):
        return True
    stripped = previous.rstrip()
    starts_capital = line.lstrip()[:1].isupper() or line.lstrip()[:1] in "“\""
    # A short line ends its paragraph (a salutation, a heading, the last line of a paragraph); so does a line
    # ending a sentence or a quoted request when the next one starts a new sentence.
    return (
        stripped.endswith(":")
        or len(stripped) < width * 0.6
        or (starts_capital and (len(stripped) < width * 0.8 or stripped[-1] in ".?!”\""))
    )


def blocks(text: str) -> list[tuple[int, int]]:
    """(start, end) of each block: a paragraph or list item, whichever shape the text has."""
    wrapped = is_hard_wrapped(text)
    line_spans = _lines(text)
    lengths = sorted(e - s for s, e in line_spans if e > s)
    width = lengths[int(len(lengths) * 0.9)] if lengths else 0
    result: list[list[int]] = []
    previous = ""
    for start, end in line_spans:
        line = text[start:end]
        if not line.strip():
            previous = ""
            continue
        if result and not _starts_block(previous, line, wrapped, width):
            result[-1][1] = end
        else:
            result.append([start, end])
        previous = line
    return [(s, e) for s, e in result]


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def sentences(text: str) -> list[Sentence]:
    """Every sentence of the document, in order, with exact offsets."""
    result: list[Sentence] = []
    for number, (block_start, block_end) in enumerate(blocks(text)):
        block_text = text[block_start:block_end]
        found = LIST_MARKER.match(block_text)
        marker = found.group("marker") if found else ""
        cuts = [0]
        for match in SENTENCE_END.finditer(block_text):
            if found and match.start() <= found.end():
                continue  # never cut a list marker ("1.)") from its own item
            # The few characters before the cut are enough (an abbreviation is short); the whole block before
            # it would make a long paragraph quadratic.
            if ABBREVIATION.search(block_text[max(match.start() - 16, 0): match.start()].rstrip("\"”’)")):
                continue
            cuts.append(match.end() if match.group(0).strip() in ("", ";") else match.start() + 1)
        cuts.append(len(block_text))
        first = True
        for left, right in zip(cuts, cuts[1:]):
            start, end = _trimmed(text, block_start + left, block_start + right)
            if end > start:
                # Newlines become spaces (same length, so offsets hold): a hard-wrapped line break is just a space.
                result.append(Sentence(start, end, text[start:end].replace("\n", " "), number, marker, first))
                first = False
    return result

