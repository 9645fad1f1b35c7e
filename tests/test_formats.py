"""Documents saved as HTML pages and as PDF files: the same shares as their text, quotes that point into the text
extracted, and clear refusals of what cannot be read. Pages and PDFs are made here from the founding texts."""
from __future__ import annotations

import html
from html.entities import codepoint2name
from pathlib import Path

import pytest
import reportlab
from conftest import DWP_2024, HOME_OFFICE_2020, error_lines, flows_of, run, select
from reportlab.lib.pagesizes import A4
from reportlab.lib.pdfencrypt import StandardEncryption
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph, SimpleDocTemplate

from flowatlas.cli import main
from flowatlas.graph.store import open_store
from flowatlas.loaders.dispatch import files_in
from flowatlas.loaders.document import read_document
from flowatlas.loaders.errors import LoadError
from flowatlas.loaders.html import html_text
from flowatlas.loaders.pdf import pdf_text

COMPARED = ["share", "provider", "recipient", "date", "datasets", "data_items", "purpose", "legal_basis", "requests",
            "subjects_requested", "subjects_matched", "subjects_returned", "reference"]
LIST_LINE = ("- ", "* ")
FURNITURE = ["Skip to main content", "We use some essential cookies", "Browse requests", "WhatDoTheyKnow is run by",
             "Powered by Alaveteli", "dataLayer", "font-family"]


def entities(text: str) -> str:
    """Escaped as a publishing system does it: markup characters and every named character as an entity."""
    return "".join(f"&{codepoint2name[ord(c)]};" if ord(c) > 127 and ord(c) in codepoint2name else c
                   for c in html.escape(text, quote=False))


def page_of(text: str) -> str:
    """A saved page: the text as paragraphs and list items in <main>, with a site's furniture all around."""
    body: list[str] = []
    in_list = False
    for line in text.split("\n"):
        item = line.startswith(LIST_LINE)
        if item != in_list:
            body.append('<ul class="list">' if item else "</ul>")
            in_list = item
        body.append(f"<li>{entities(line[2:])}</li>" if item else f"<p>{entities(line)}</p>")
    body += ["</ul>"] if in_list else []
    return f"""<!DOCTYPE html>
<html lang="en-GB"><head><meta charset="utf-8"><title>FOI request - WhatDoTheyKnow</title>
<style>body {{ font-family: sans-serif; }}</style>
<script>window.dataLayer = window.dataLayer || []; document.write("<p>not text</p>");</script></head>
<body><a href="#main" class="govuk-skip-link">Skip to main content</a>
<div class="govuk-cookie-banner" role="region" aria-label="Cookies"><p>We use some essential cookies to make this
 service work.</p><button>Accept</button></div>
<header class="site-header"><a href="/">WhatDoTheyKnow</a>
<nav><ul><li><a href="/list">Browse requests</a></li><li><a href="/body/list">View authorities</a></li></ul></nav>
</header>
<main id="main">
{chr(10).join(body)}
</main>
<footer><p>WhatDoTheyKnow is run by mySociety.</p><p>Powered by Alaveteli</p></footer>
<script src="/assets/application.js"></script></body></html>
"""


def pdf_of(text: str, path: Path) -> Path:
    """The text printed as a letter would be: A4, 2.54 cm margins, paragraphs wrapped by the layout with space
    after them, bulleted items with a hanging indent and their bullet in a font without a Unicode mapping (as
    Word's Symbol-font bullets often are). Bitstream Vera ships inside reportlab and covers curly quotes, dashes
    and £, so no system font is needed."""
    pdfmetrics.registerFont(TTFont("Vera", str(Path(reportlab.__file__).parent / "fonts" / "Vera.ttf")))
    body = ParagraphStyle("body", fontName="Vera", fontSize=10, leading=13, spaceAfter=6)
    item = ParagraphStyle("item", parent=body, leftIndent=18, bulletIndent=6)
    story = [Paragraph(html.escape(line[2:], quote=False), item, bulletText="•") if line.startswith(LIST_LINE)
             else Paragraph(html.escape(line, quote=False), body) for line in text.split("\n")]
    SimpleDocTemplate(str(path), pagesize=A4, leftMargin=72, rightMargin=72).build(story)
    return path


def as_bullets(text: str) -> str:
    """The text with its list markers as a browser or a word processor shows them."""
    return "\n".join("• " + line[2:] if line.startswith(LIST_LINE) else line for line in text.split("\n"))


@pytest.fixture(scope="module")
def versions(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], Path]:
    """Each founding document as .txt (the bundled file), .html and .pdf."""
    folder = tmp_path_factory.mktemp("versions")
    made: dict[tuple[str, str], Path] = {}
    for source in (DWP_2024, HOME_OFFICE_2020):
        text = source.read_text(encoding="utf-8")
        page = folder / f"{source.stem}.html"
        page.write_text(page_of(text), encoding="utf-8")
        made[source.stem, "txt"], made[source.stem, "html"] = source, page
        made[source.stem, "pdf"] = pdf_of(text, folder / f"{source.stem}.pdf")
    return made


@pytest.fixture(scope="module")
def stores(versions: dict[tuple[str, str], Path], tmp_path_factory: pytest.TempPathFactory) -> dict:
    """`flowatlas build` of each version into its own store."""
    built = {}
    for key, path in versions.items():
        store = tmp_path_factory.mktemp("-".join(key)) / "store"
        assert main(["build", str(path), "--store", str(store)]) == 0
        built[key] = store
    return built


def compared(store: Path) -> list[dict[str, str]]:
    return sorted(({k: row[k] for k in COMPARED} for row in flows_of(store)), key=lambda row: row["share"])


@pytest.mark.parametrize("fmt", ["html", "pdf"])
@pytest.mark.parametrize("document", [DWP_2024.stem, HOME_OFFICE_2020.stem])
def test_a_page_and_a_pdf_give_the_same_shares_as_the_text(stores: dict, document: str, fmt: str):
    expected = compared(stores[document, "txt"])
    assert len(expected) >= 4
    assert compared(stores[document, fmt]) == expected


@pytest.mark.parametrize("fmt", ["html", "pdf"])
@pytest.mark.parametrize("source", [DWP_2024, HOME_OFFICE_2020])
def test_the_extracted_text_is_the_original_text(versions: dict, source: Path, fmt: str):
    """Furniture left out, entities decoded, wrapped PDF lines joined back: line for line the text, with the
    list markers a page or a PDF shows. URLs broken across PDF lines are joined back whole."""
    path = versions[source.stem, fmt]
    text = (html_text if fmt == "html" else pdf_text)(path, path.read_bytes())
    assert text == as_bullets(source.read_text(encoding="utf-8"))
    assert not [f for f in FURNITURE if f in text]


@pytest.mark.parametrize("fmt", ["html", "pdf"])
def test_every_quote_points_into_the_extracted_text(stores: dict, fmt: str):
    store = open_store(stores[DWP_2024.stem, fmt])
    _, rows = select(store, """SELECT ?exact ?start ?end ?text WHERE {
        ?x a fa:Excerpt ; oa:hasSource ?doc ;
           oa:hasSelector [ oa:start ?start ; oa:end ?end ] , [ oa:exact ?exact ] .
        ?doc fa:text ?text }""")
    assert len(rows) > 20
    for exact, start, end, text in rows:
        assert text[int(start):int(end)] == exact


def test_a_page_listed_in_index_csv_gets_its_url_and_title(tmp_path: Path):
    page = tmp_path / "answer.html"
    page.write_text(page_of("Dear Department for Education,\nThank you."), encoding="utf-8")
    (tmp_path / "index.csv").write_text("file,url,title,kind\n"
                                        "answer.html,https://example.org/a,An answer,foi-response\n", encoding="utf-8")
    document = read_document(page)
    assert (document.url, document.title, document.kind) == ("https://example.org/a", "An answer", "foi-response")
    assert document.text == "Dear Department for Education,\nThank you."


def test_site_content_blocks_tables_lists_and_breaks():
    """WhatDoTheyKnow's correspondence and gov.uk's govspeak are read without their sites' furniture (the request
    title is kept); table rows, ordered lists and <br> become lines."""
    thread = b"""<html><body><div id="banner"><h1><a id="logo">WhatDoTheyKnow</a></h1></div>
        <div id="content" role="main"><h1>Pupil data: DWP matching</h1>
        <div class="sidebar"><h2>Follow this request</h2></div>
        <div class="outgoing correspondence"><div class="correspondence__header">Jen Persson 9 January 2024</div>
        <div class="correspondence_text"><p>Dear Department for Education,<br>Please provide:<br><br>
        a) the request</p></div><p class="event_actions">Link to this</p></div></div></body></html>"""
    assert html_text(Path("t.html"), thread) == \
        "Pupil data: DWP matching\nDear Department for Education,\nPlease provide:\na) the request"
    govuk = """<html><body><main class="govuk-main-wrapper"><h1 class="gem-c-title__text">FOI release</h1>
        <div class="gem-c-share-links"><a>Share on Facebook</a></div>
        <div class="gem-c-govspeak govuk-govspeak"><table><tr><th>Recipient</th><th>Items</th></tr>
        <tr><td>DWP</td><td>name, date of birth</td></tr></table><ol start="3"><li>three</li><li><p>four</p></li>
        </ol><p hidden>draft</p><p>Cost: &pound;1,000 &ndash; &lsquo;held&rsquo;&nbsp;&nbsp;in   full</p></div>
        </main></body></html>""".encode()
    assert html_text(Path("g.html"), govuk) == ("FOI release\nRecipient | Items\nDWP | name, date of birth\n"
                                                "3. three\n4. four\nCost: £1,000 – ‘held’ in full")


@pytest.mark.parametrize("data, expected", [
    ("<meta charset='windows-1252'><p>\u2018Y\u2019 \u00a35</p>".encode("cp1252"), "‘Y’ £5"),
    ('<meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-1"><p>\u2019s</p>'.encode("cp1252"),
     "’s"),
    ("<p>caf\u00e9</p>".encode("utf-16"), "café"),  # with a byte-order mark
    ("<?xml version='1.0' encoding='utf-8'?><html><body><p>\u00a3 &amp; &#8211;</p></body></html>".encode(), "£ & –"),
])
def test_a_page_is_decoded_as_it_declares(data: bytes, expected: str):
    assert html_text(Path("p.html"), data) == expected


def test_a_pdf_keeps_pound_signs_curly_quotes_and_dashes(tmp_path: Path):
    text = "A payment of £1,000 – the ‘matching’ fee – was “not held”."
    assert pdf_text(tmp_path / "p.pdf", pdf_of(text, tmp_path / "p.pdf").read_bytes()) == text


def drawn_pdf(path: Path, draw, **options) -> bytes:
    """A one-page PDF drawn directly on the canvas."""
    canvas = Canvas(str(path), **options)
    draw(canvas)
    canvas.showPage()
    canvas.save()
    return path.read_bytes()


def a_line(canvas: Canvas) -> None:
    canvas.drawString(72, 720, "Dear Department for Education,")


def test_a_pdf_whose_text_is_drawn_from_a_form_xobject_is_read(tmp_path: Path):
    def form(canvas: Canvas) -> None:
        canvas.beginForm("letter")
        a_line(canvas)
        canvas.endForm()
        canvas.doForm("letter")

    assert pdf_text(tmp_path / "form.pdf", drawn_pdf(tmp_path / "form.pdf", form)) == "Dear Department for Education,"


def scanned_pdf(path: Path) -> bytes:
    """A page with only drawn shapes, as a scan without OCR looks to a text extractor."""
    def shapes(canvas: Canvas) -> None:
        canvas.setFillGray(0.9)
        canvas.rect(50, 50, 495, 740, fill=1)
        for y in range(100, 760, 14):
            canvas.line(72, y, 520, y)

    return drawn_pdf(path, shapes)


def encrypted_pdf(path: Path) -> bytes:
    return drawn_pdf(path, a_line, encrypt=StandardEncryption("secret", "owner", strength=128))


def truncated_pdf(path: Path) -> bytes:
    whole = pdf_of(HOME_OFFICE_2020.read_text(encoding="utf-8"), path).read_bytes()
    return whole[: len(whole) // 2]


@pytest.mark.parametrize("name, make, reason", [
    ("scan.pdf", scanned_pdf, "no text layer (a scanned PDF?): run OCR first"),
    ("cut.pdf", truncated_pdf, "truncated PDF"),
    ("locked.pdf", encrypted_pdf, "encrypted PDF that needs a password"),
    ("renamed.pdf", lambda path: b"Dear Department for Education,", "not a PDF file"),
    ("empty.html", lambda path: b"", "empty file"),
    ("furniture.html", lambda path: b"<html><body><nav><p>Home</p></nav><footer>(c)</footer></body></html>",
     "no text in the page"),
    ("latin1.html", lambda path: "<p>caf\u00e9</p>".encode("latin-1"), "not utf-8 text"),
    ("image.html", lambda path: b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file"),
])
def test_unreadable_pages_and_pdfs_are_one_line_and_leave_the_store_as_it_was(tmp_path: Path, name: str, make,
                                                                               reason: str):
    store = tmp_path / "atlas"
    assert main(["build", str(DWP_2024), "--store", str(store)]) == 0
    before = sorted(map(str, open_store(store)))
    bad = tmp_path / name
    bad.write_bytes(make(tmp_path / f"made-{name}"))
    result = run("build", str(HOME_OFFICE_2020), str(bad), "--store", str(store))
    assert result.returncode == 2
    lines = error_lines(result)
    assert len(lines) == 1 and str(bad) in lines[0] and reason in lines[0], result.stderr
    assert sorted(map(str, open_store(store))) == before


def test_unknown_types_name_the_accepted_ones(tmp_path: Path):
    bad = tmp_path / "answer.docx"
    bad.write_bytes(b"PK")
    with pytest.raises(LoadError, match=r"\.txt, \.html, \.htm or \.pdf"):
        files_in([bad])
