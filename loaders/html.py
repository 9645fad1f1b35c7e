"""Text from HTML pages saved from a browser: the main content only, one block per line.

The extractor reads text with one paragraph per line (or hard-wrapped e-mail text), so a page becomes exactly
that: each paragraph, list item, heading and table row on its own line, whitespace inside it collapsed, entities
decoded. Navigation, banners, scripts and the like are not the document and are left out.
"""
from __future__ import annotations

import codecs
import re
from pathlib import Path

import lxml.html
from lxml.etree import ParserError, _Element

from flowatlas.loaders.errors import LoadError

# Where a page says what its content is, most specific first; the first rule that matches wins. The site-specific
# rules keep only the text bodies (WhatDoTheyKnow's correspondence, gov.uk's govspeak), with the page's title put
# before them; the generic ones take the title along inside the container.
TITLED_CONTENT = [
    "//*[contains(concat(' ', normalize-space(@class), ' '), ' correspondence_text ')]",
    "//*[contains(concat(' ', normalize-space(@class), ' '), ' gem-c-govspeak ')]",
]
CONTENT = [
    "//main | //*[@role='main'] | //*[contains(concat(' ', normalize-space(@class), ' '), ' govuk-main-wrapper ')]",
    "//article",
]
# Never text of the document, wherever they are.
DROPPED = {"head", "script", "style", "noscript", "template", "nav", "aside", "form", "button", "select",
           "textarea", "input", "iframe", "object", "embed", "svg", "canvas", "audio", "video", "dialog"}
# Page furniture: dropped when no content container is found and the whole <body> is read.
FURNITURE = {"header", "footer"}
# Banners and links around the content, by the class or id that sites give them.
BANNER = re.compile(r"cookie[-_]?(?:banner|message|notice|consent|bar|dialog|popup)|cookiebot|onetrust|skip-?link"
                    r"|breadcrumb", re.I)
HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
BLOCKS = {"address", "article", "blockquote", "body", "caption", "center", "dd", "details", "div", "dl", "dt",
          "fieldset", "figcaption", "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hgroup", "hr",
          "legend", "li", "main", "menu", "ol", "p", "pre", "section", "summary", "table", "tbody", "tfoot", "thead",
          "tr", "ul"}
CELLS = {"td", "th"}
META_CHARSET = re.compile(rb"<meta[^>]*?charset\s*=\s*[\"']?\s*([-\w.:]+)", re.I)
# The WHATWG Encoding Standard reads these labels as windows-1252, as browsers do: pages that say latin-1 often
# hold Word's curly quotes (bytes 0x91-0x94), which only windows-1252 decodes.
WINDOWS_1252_ALIASES = {"iso8859-1", "ascii"}


def _encoding(path: Path, data: bytes) -> tuple[str, str]:
    """The page's encoding and what says so: a byte-order mark, else a <meta charset> near the top, else nothing
    (UTF-8 is assumed)."""
    if data.startswith(codecs.BOM_UTF8):
        return "utf-8-sig", "its byte-order mark"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16", "its byte-order mark"
    declared = META_CHARSET.search(data[:4096])
    if declared is None:
        return "utf-8", ""
    label = declared.group(1).decode("ascii")
    try:
        name = codecs.lookup(label).name
    except LookupError:
        raise LoadError(path, f"unknown character encoding '{label}' in <meta charset>") from None
    return "cp1252" if name in WINDOWS_1252_ALIASES else name, "its <meta charset>"


def decode_html(path: Path, data: bytes) -> str:
    """The page as text in the encoding it declares; LoadError if it is empty, binary or cannot be decoded."""
    if not data.strip():
        raise LoadError(path, "empty file")
    encoding, declared_by = _encoding(path, data)
    if b"\x00" in data and not encoding.startswith("utf-16"):
        raise LoadError(path, "binary file (contains NUL bytes), expected an HTML page")
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as error:
        said = f"as {declared_by} says" if declared_by else "and no <meta charset> names another encoding"
        raise LoadError(path, f"not {encoding} text {said} (invalid byte at offset {error.start})") from None
    return text.removeprefix("\ufeff")


def _is_banner(element: _Element) -> bool:
    return bool(BANNER.search(element.get("class", "")) or BANNER.search(element.get("id", "")))


def _is_dropped(element: _Element, furniture: bool) -> bool:
    tag = element.tag
    if not isinstance(tag, str):
        return True  # comments and processing instructions
    return (tag.lower() in DROPPED or (furniture and tag.lower() in FURNITURE)
            or element.get("hidden") is not None or element.get("aria-hidden") == "true"
            or bool(HIDDEN_STYLE.search(element.get("style", ""))) or _is_banner(element))


def _outermost(elements: list[_Element]) -> list[_Element]:
    """Matches nested in other matches are already inside them."""
    chosen = set(elements)
    return [e for e in elements if not any(a in chosen for a in e.iterancestors())]


def _title(root: _Element, blocks: list[_Element]) -> list[_Element]:
    """The page's title, which a site's text blocks leave out: the first <h1> of the main area if the page marks
    one (WhatDoTheyKnow's banner has an <h1> of its own, the site's logo), else of the page."""
    main = _outermost(root.xpath(CONTENT[0]))
    first = main[0].xpath("(.//h1)[1]") if main else root.xpath("(//h1)[1]")
    return [h for h in first if not any(a in blocks for a in h.iterancestors())]


def _content(root: _Element) -> tuple[list[_Element], bool]:
    """The elements holding the page's main text, in page order, and whether page furniture must be dropped."""
    for rule in TITLED_CONTENT:
        found = _outermost(root.xpath(rule))
        if found:
            return _title(root, found) + found, False
    for rule in CONTENT:
        found = _outermost(root.xpath(rule))
        if found:
            return found, False
    return root.xpath("//body") or [root], True


class _Lines:
    """Collects text into lines: a block element or <br> ends the current line."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.words: list[str] = []
        self.marker = ""  # a list item's marker, waiting for the item's first text

    def add(self, text: str | None, pre: bool = False) -> None:
        if not text:
            return
        if not pre:
            self.words.append(text)
            return
        first, *rest = text.split("\n")
        self.words.append(first)
        for line in rest:
            self.end()
            self.words.append(line)

    def end(self) -> None:
        line = " ".join("".join(self.words).split())
        self.words = []
        if line:
            self.lines.append(self.marker + line)
            self.marker = ""


def _marker(item: _Element) -> str:
    """'• ' for a bullet, 'N. ' in an ordered list, as a browser shows them."""
    parent = item.getparent()
    if parent is None or not isinstance(parent.tag, str) or parent.tag.lower() != "ol":
        return "• "
    start = parent.get("start", "1")
    number = (int(start) if start.lstrip("-").isdigit() else 1) + sum(
        1 for s in item.itersiblings(preceding=True) if isinstance(s.tag, str) and s.tag.lower() == "li")
    return f"{number}. "


def _walk(element: _Element, out: _Lines, furniture: bool, pre: bool = False) -> None:
    """The element's text and its children's; its tail is its parent's text and is added by the parent."""
    if _is_dropped(element, furniture):
        return
    tag = element.tag.lower()
    pre = pre or tag == "pre"
    if tag == "br":
        out.end()
    elif tag in BLOCKS:
        out.end()
        if tag == "li":
            out.marker = _marker(element)
    elif tag in CELLS and any(isinstance(s.tag, str) and s.tag.lower() in CELLS
                              for s in element.itersiblings(preceding=True)):
        out.add(" | ")
    out.add(element.text, pre)
    for child in element:
        _walk(child, out, furniture, pre)
        out.add(child.tail, pre)
    if tag in BLOCKS:
        out.end()


def html_text(path: Path, data: bytes) -> str:
    """The main text of an HTML page, one block per line; LoadError if there is none."""
    text = decode_html(path, data)
    try:
        # Parsed from UTF-8 bytes with the encoding given, so a stale <meta charset> or an XML declaration in
        # the page cannot make the parser decode it a second time.
        root = lxml.html.document_fromstring(text.encode("utf-8"), parser=lxml.html.HTMLParser(encoding="utf-8"))
    except ParserError as error:
        raise LoadError(path, f"unreadable HTML ({error})") from None
    containers, furniture = _content(root)
    out = _Lines()
    for container in containers:
        _walk(container, out, furniture)
        out.end()
    result = "\n".join(out.lines)
    if not result:
        raise LoadError(path, "no text in the page (after leaving out navigation, headers, footers and scripts)")
    return result
