"""DfE's "external data shares" register (ODS or XLSX): every row of a share list becomes a share from DfE.

The spreadsheet has no text to quote, so it is rendered as text, one line per row ("<sheet> | <header>: <value> |
..."), and that rendering is the document: its hash names the graph, and every fact cites the span of the cell it
came from. The real header rows are not known, so sheets and columns are recognised by keywords; what cannot be
placed is reported, never guessed at.
"""
from __future__ import annotations

import datetime
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from python_calamine import CalamineError, CalamineWorkbook, PasswordError

from flowatlas.graph.namespaces import new_organisation_iri
from flowatlas.graph.reference import Reference
from flowatlas.loaders.document import Document
from flowatlas.loaders.errors import LoadError
from flowatlas.loaders.mentions import COUNT, NUMBER, SHARE_REFERENCE, find_mentions, number_value, partial_dates
from flowatlas.loaders.records import Period, Record, finalise, new_organisation

REGISTER_SUFFIXES = {".ods", ".xlsx"}
PROVIDER = "DfE"  # the register is DfE's own list of what it shares
SPEAKER = "authority"
HEADER_SCAN_ROWS = 20
HEADER_MAX_CHARS = 80
NARRATIVE_WORDS = 10

# Keywords that place a column, by role. The role of a header is that of its head noun: the last keyword before
# "of", "for", "by" ... ("Number of requests", "Date approved by DSAP"), else the last keyword ("DSAP reference").
COLUMN_KEYWORDS = {
    "organisation": ("organisation", "organisations", "organization", "requester", "requestor", "recipient",
                     "recipients", "third party", "third-party", "applicant", "company", "agency", "force", "court"),
    "purpose": ("purpose", "purposes", "reason", "reasons", "project", "projects", "aim", "aims"),
    "legal_basis": ("legal", "gateway", "gateways", "legislation", "statute", "statutory", "lawful", "basis"),
    "data": ("data", "dataset", "datasets", "data items", "items", "item", "fields", "variables"),
    "date": ("date", "dates", "approved", "approval", "month", "period", "quarter", "year"),
    "volume": ("volume", "volumes", "number", "numbers", "no.", "count", "records", "individuals", "requests",
               "pupils", "children", "learners", "people", "how many"),
    "reference": ("ref", "ref.", "reference", "references", "reference number", "ref number", "ref no.",
                  "request number", "dsap", "id", "urn", "identifier"),
}
KEYWORD_ROLE = {word: role for role, words in COLUMN_KEYWORDS.items() for word in words}
KEYWORD = re.compile(r"(?<!\w)(" + "|".join(
    r"\s+".join(map(re.escape, word.split())) for word in sorted(KEYWORD_ROLE, key=len, reverse=True)) + r")(?!\w)")
HEAD_END = re.compile(r"\s(?:of|for|by|to|with|from|under|in|on)\s|\(", re.I)
MATCHED = re.compile(r"\bmatch", re.I)
RETURNED = re.compile(r"\b(?:returned|provided|shared|disclosed|supplied|released|sent)\b", re.I)
REQUESTS = re.compile(r"\brequests\b", re.I)
SUBJECTS = re.compile(r"\b(?:records|individuals|pupils|children|learners|people|persons)\b", re.I)
VOLUME_PROPERTIES = {"requests", "subjects_requested", "subjects_matched", "subjects_returned"}
# A column of each of these roles is read once per row; later columns with the same role are reported unplaced.
SINGLE_ROLES = {"organisation", "date", "reference"} | VOLUME_PROPERTIES
# Which reference nodes a cell of each role is read for. Narrative cells of any column are read for purposes,
# statutes and datasets too, but not for data items: prose says whether an item was matched on or disclosed, and
# only a data column says it was shared.
ROLE_KINDS = {"purpose": {"purpose"}, "legal_basis": {"statute"}, "data": {"dataset", "item"}}
NARRATIVE_KINDS = {"purpose", "statute", "dataset"}
KIND_PROPERTY = {"purpose": "purpose", "statute": "legal_basis", "dataset": "dataset", "item": "disclosed"}

ISO_DATE = re.compile(r"(\d{4})-(\d{2})(?:-(\d{2})(?:[ T]\d{2}:\d{2}(?::\d{2})?)?)?")
UK_DATE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
# "Q2 2017", "2017 Q2", "Quarter 2 2017"; a split year ("Q1 2020-21") is a financial or academic year: not read.
QUARTER = re.compile(r"\b(?:Q|Quarter\s*)([1-4])\s+(\d{4})\b(?![-/]\d)|\b(\d{4})\s+Q([1-4])\b", re.I)
YEAR_ONLY = re.compile(r"(?:19|20)\d\d")
WHOLE_NUMBER = re.compile(NUMBER)
APPROXIMATE = re.compile(r"[<>≤≥~*]|\b(?:fewer|less|more|over|under|about|approximately|around|up to|at least|"
                         r"at most|circa|suppressed)\b", re.I)
SECTION = re.compile(r"\b(?:section|s\.?)\s*(\d+[A-Z]?)\b", re.I)
OTHER_REFERENCE = re.compile(r"(?=\S*\d)(?=\S*[A-Za-z])\S{4,40}")
CONNECTIVES = {"the", "of", "and", "&", "-", "–", ",", "/"}
# Organisation cells that name no one: the row falls back to the body the sheet is about, if any.
NO_NAME = {"-", "n/a", "na", "none", "not applicable", "unknown", "various", "multiple", "redacted", "withheld"}


@dataclass(frozen=True)
class Span:
    """Rendered text and where it sits in the document text."""

    text: str
    start: int
    end: int


@dataclass
class Sheet:
    """One sheet as rendered: its title line, the rows above its header, its header and its rows' cells."""

    name: Span
    titles: list[Span]
    headers: list[str]
    rows: list[tuple[int, dict[int, Span]]]


@dataclass
class Register:
    """What a register yields: the rendered document, its records, and what could not be read (for the user)."""

    document: Document
    records: list[Record]
    notes: list[str]


class _Text:
    """The rendering being written, knowing the offset of everything written so far."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.offset = 0

    def write(self, text: str) -> Span:
        span = Span(text, self.offset, self.offset + len(text))
        self.parts.append(text)
        self.offset = span.end
        return span

    def line(self, sheet_name: str, cells: list[tuple[str, str]]) -> tuple[Span, list[Span]]:
        """'<sheet> | <header>: <value> | ...' (a value without a header stands alone); the spans of the values."""
        name = self.write(sheet_name)
        values = []
        for header, value in cells:
            self.write(" | " + (f"{header}: " if header else ""))
            values.append(self.write(value))
        self.write("\n")
        return name, values


def read_workbook(path: Path) -> list[tuple[str, Sequence[Sequence[object]]]]:
    """Every sheet's name and rows (from A1), or a LoadError: empty, non-spreadsheet and corrupt files are refused.

    The format is told from the content, not the suffix, so a register saved under the wrong suffix still reads.
    """
    try:
        data = path.read_bytes()
    except OSError as error:
        raise LoadError(path, error.strerror or str(error)) from None
    if not data.strip():
        raise LoadError(path, "empty file")
    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
        return [(name, workbook.get_sheet_by_name(name).to_python(skip_empty_area=False))
                for name in workbook.sheet_names]
    except PasswordError:
        raise LoadError(path, "password-protected spreadsheet") from None
    except CalamineError as error:
        # A subclass's message can be bare (WorksheetNotFound gives only the sheet's name): say which error it is.
        kind = "" if type(error) is CalamineError else f"{type(error).__name__}: "
        reason = (str(error).splitlines() or [""])[0]
        raise LoadError(path, f"not a readable ODS/XLSX spreadsheet ({kind}{reason})") from None


def cell_text(value: object) -> str:
    """A cell as one line of text: dates in ISO 8601, whole numbers without '.0', spacing and line breaks as one
    space (so that each row stays one line and ODS and XLSX render alike)."""
    if isinstance(value, datetime.datetime):
        return value.date().isoformat() if value.time() == datetime.time() else value.isoformat(sep=" ")
    if isinstance(value, (datetime.date, datetime.time)):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return " ".join(str(value).split())


def column_role(header: str) -> str | None:
    """What a column holds, from its header's head noun; volumes are told apart by what the header counts."""
    head = HEAD_END.split(header, 1)[0]
    for part in (head, header):
        found = KEYWORD.findall(part.casefold())
        if found:
            role = KEYWORD_ROLE[" ".join(found[-1].split())]
            return _volume_property(header) if role == "volume" else role
    return None


def _volume_property(header: str) -> str:
    """Same cues as the extractor's counts: matched, else returned, else requests counted, else individuals asked
    about."""
    if MATCHED.search(header):
        return "subjects_matched"
    if RETURNED.search(header):
        return "subjects_returned"
    if REQUESTS.search(header) and not SUBJECTS.search(header):
        return "requests"
    return "subjects_requested"


def header_row(rows: list[list[str]]) -> int | None:
    """The row naming the most column roles (at least two) among the first rows: titles and notes come first."""
    best, best_score = None, 1
    for index, row in enumerate(rows[:HEADER_SCAN_ROWS]):
        roles = {column_role(text) for text in row if text and len(text) <= HEADER_MAX_CHARS} - {None}
        if len(roles) > best_score:
            best, best_score = index, len(roles)
    return best


def _is_share_row(cells: list[str]) -> bool:
    """Footnotes and section titles fill one cell; totals are sums of shares, not shares."""
    filled = [text for text in cells if text]
    return len(filled) >= 2 and not filled[0].casefold().startswith("total")


def render(workbook: list[tuple[str, Sequence[Sequence[object]]]]) -> tuple[str, list[Sheet]]:
    """The document text and each sheet's spans: a title line per sheet, a line per title row above the header,
    a line per row below it (the header row itself is in every row's line)."""
    out = _Text()
    sheets = []
    for name, raw_rows in workbook:
        rows = [[cell_text(value) for value in row] for row in raw_rows]
        header = header_row(rows)
        headers = rows[header] if header is not None else []
        sheet = Sheet(out.line(name, [])[0], [], headers, [])
        for index, row in enumerate(rows):
            filled = [(column, text) for column, text in enumerate(row) if text]
            if not filled or index == header:
                continue
            if header is None or index < header or not _is_share_row(row):
                spans = out.line(name, [("", text) for _, text in filled])[1]
                if header is not None and index < header:
                    sheet.titles += spans
                continue
            _, spans = out.line(name, [(headers[c] if c < len(headers) else "", text) for c, text in filled])
            sheet.rows.append((index + 1, {column: span for (column, _), span in zip(filled, spans, strict=True)}))
        sheets.append(sheet)
    return "".join(out.parts), sheets


def place_columns(headers: list[str]) -> tuple[dict[int, str], list[str]]:
    """Each column's role, and the headers no role could be given (or whose role an earlier column has)."""
    placed: dict[int, str] = {}
    unplaced: list[str] = []
    for column, header in enumerate(headers):
        role = column_role(header) if header else None
        if role is None or (role in SINGLE_ROLES and role in placed.values()):
            if header:
                unplaced.append(header)
            continue
        placed[column] = role
    return placed, unplaced


def known_organisations(text: str, reference: Reference) -> list[str]:
    """The reference organisations a cell names, or [] when it names something else as well: an unknown body is
    recorded as written rather than forced onto a known one it merely mentions ("X on behalf of DfE")."""
    nodes = reference.resolve(text, "org")
    if len(nodes) == 1:
        return list(nodes)
    mentions = [m for m in find_mentions(text, reference) if m.kind == "org"]
    rest = text
    for mention in mentions:
        rest = rest[:mention.start] + " " * len(mention.text) + rest[mention.end:]
    rest = re.sub(r"\([^)]*\)", " ", rest)
    if not mentions or any(word.casefold() not in CONNECTIVES for word in rest.split()):
        return []
    return reference.most_specific_orgs([m.iri for m in mentions])


def legal_bases(text: str, statutes: list[str], reference: Reference) -> list[str]:
    """Statutes named, each replaced by its section when the cell cites one the reference data knows
    ("section 64 of the Digital Economy Act 2017": DEA 2017 s64)."""
    found = []
    for act in statutes:
        sections = [reference.resolve(f"{reference.label(act)} s{number}", "statute")
                    for number in SECTION.findall(text)]
        found += [next(iter(nodes)) for nodes in sections if len(nodes) == 1] or [act]
    return list(dict.fromkeys(found))


def iso_date(text: str) -> str | Period | None:
    """An ISO 8601 date as precise as the cell: a date cell or '15/06/2020' -> 2020-06-15, 'June 2020' -> 2020-06,
    '2017' -> 2017; a quarter ('Q2 2017') is the period of its three months (2017-04/2017-06)."""
    for pattern, parts in ((ISO_DATE, lambda m: m.groups()), (UK_DATE, lambda m: m.group(3, 2, 1))):
        match = pattern.fullmatch(text)
        if match:
            year, month, day = parts(match)
            try:
                datetime.date(int(year), int(month), int(day or 1))
            except ValueError:
                return None
            return f"{year}-{int(month):02d}" + (f"-{int(day):02d}" if day else "")
    quarter = QUARTER.search(text)
    if quarter:
        number, year = (quarter.group(1), quarter.group(2)) if quarter.group(1) else quarter.group(4, 3)
        first = 3 * int(number) - 2
        return Period(f"{year}-{first:02d}", f"{year}-{first + 2:02d}")
    dates = partial_dates(text)
    if dates:
        return dates[0][1]
    return text if YEAR_ONLY.fullmatch(text) else None


def count(text: str) -> int | None:
    """A whole number ('1,234', or '185 pupils'); approximate and suppressed figures ('<10', '*') are not counts."""
    if WHOLE_NUMBER.fullmatch(text):
        return int(text.replace(",", ""))
    matches = list(COUNT.finditer(text))
    if len(matches) == 1 and not APPROXIMATE.search(text):
        return number_value(matches[0].group("number"))
    return None


def references(text: str) -> list[str]:
    """DSAP and DfE references (DS00040, 2023-0028896), else the cell as written when it is one code-like token
    (letters and digits): a plain row number is no reference, and would make unrelated shares meet."""
    found = SHARE_REFERENCE.findall(text)
    return found or ([text] if OTHER_REFERENCE.fullmatch(text) else [])


@dataclass
class _Reader:
    """Reads share rows into records, collecting new organisations (one record each) and notes as it goes."""

    reference: Reference
    provider: str
    records: list[Record] = field(default_factory=list)
    new_organisations: dict[str, Record] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def organisations(self, span: Span) -> list[str]:
        """The organisations a cell names: known ones, else a new organisation with the name as written."""
        known = known_organisations(span.text, self.reference)
        if known:
            return known
        node = new_organisation_iri(span.text)
        record = self.new_organisations.get(node)
        if record is None:
            record = self.new_organisations[node] = new_organisation(span.text, self.reference, span.start, span.end,
                                                                     SPEAKER)
            self.records.append(record)
        record.cite(span.start, span.end, SPEAKER, {"name"})
        return [node]

    def _org_mentions(self, spans: list[Span]) -> list[tuple[str, Span]]:
        """The organisations named in some title spans, each with where the document names it."""
        return [(m.iri, Span(m.text, span.start + m.start, span.start + m.end))
                for span in spans for m in find_mentions(span.text, self.reference) if m.kind == "org"]

    def body(self, sheet: Sheet) -> tuple[str, Span] | None:
        """The one organisation a sheet is about ("data shares with Home Office"), from its name, else its titles;
        none when they name several."""
        for spans in ([sheet.name], sheet.titles):
            found = [(node, at) for node, at in self._org_mentions(spans) if node != self.provider]
            if found:
                nodes = self.reference.most_specific_orgs([node for node, _ in found])
                return next(item for item in found if item[0] == nodes[0]) if len(nodes) == 1 else None
        return None

    def provider_span(self, sheet: Sheet, sheets: list[Sheet]) -> Span:
        """Where the register names its provider: in this sheet's titles, else anywhere in the register's titles,
        else the sheet's title line (the register as a whole is DfE's)."""
        for spans in ([sheet.name, *sheet.titles], [s for other in sheets for s in (other.name, *other.titles)]):
            found = [at for node, at in self._org_mentions(spans) if node == self.provider]
            if found:
                return found[0]
        return sheet.name

    def sheet(self, sheet: Sheet, sheets: list[Sheet]) -> bool:
        """Read one sheet's shares; False (with a note) when it is no share list."""
        name = sheet.name.text
        if not sheet.headers:
            self.notes.append(f"sheet '{name}': skipped, no header row naming at least two of organisation, "
                              "purpose, legal basis, data, date, volume, reference")
            return False
        placed, unplaced = place_columns(sheet.headers)
        body = self.body(sheet)
        if "organisation" not in placed.values() and body is None:
            self.notes.append(f"sheet '{name}': skipped, no organisation column and its name names no recipient")
            return False
        filled = {column for _, cells in sheet.rows for column in cells}
        unplaced += [f"column {column + 1} (no header)" for column in sorted(filled)
                     if column >= len(sheet.headers) or not sheet.headers[column]]
        if unplaced:
            self.notes.append(f"sheet '{name}': columns not placed: " + ", ".join(f"'{h}'" for h in unplaced))
        provider = self.provider_span(sheet, sheets)
        for number, cells in sheet.rows:
            self.row(f"sheet '{name}' row {number}", cells, placed, body, provider)
        return True

    def row(self, where: str, cells: dict[int, Span], placed: dict[int, str], body: tuple[str, Span] | None,
            provider: Span) -> None:
        """One share: DfE to the organisation in the row (else the sheet's body), with what each cell says."""
        share = Record("share", key=("row", where))
        share.add("provider", self.provider, provider.start, provider.end, SPEAKER)
        organisation = next((cells[c] for c, role in placed.items() if role == "organisation" and c in cells
                             and cells[c].text.casefold() not in NO_NAME), None)
        if organisation is not None:
            for node in self.organisations(organisation):
                share.add("recipient", node, organisation.start, organisation.end, SPEAKER)
        elif body is not None:
            share.add("recipient", body[0], body[1].start, body[1].end, SPEAKER)
        for column, span in cells.items():
            self.cell(share, where, placed.get(column), span)
        if "dataset" in share.values:
            share.values["dataset"] = self.reference.most_specific_datasets(share.values["dataset"])
        self.records.append(share)

    def cell(self, share: Record, where: str, role: str | None, span: Span) -> None:
        """What one cell says about its row's share; values it should hold but does not are noted."""
        text, at = span.text, (span.start, span.end, SPEAKER)
        kinds = ROLE_KINDS.get(role or "", set()) | (NARRATIVE_KINDS if len(text.split()) >= NARRATIVE_WORDS else set())
        mentions = [m for m in find_mentions(text, self.reference) if m.kind in kinds] if kinds else []
        for mention in mentions:
            if mention.kind != "statute":
                share.add(KIND_PROPERTY[mention.kind], mention.iri, *at)
        for node in legal_bases(text, [m.iri for m in mentions if m.kind == "statute"], self.reference):
            share.add("legal_basis", node, *at)
        if role == "purpose":
            share.add("purpose_text", text, *at)
        elif role == "date":
            date = iso_date(text)
            if date is None:
                self.notes.append(f"{where}: date '{text}' not understood")
            else:
                share.add("date", date, *at)
        elif role == "reference":
            found = references(text)
            if not found:
                self.notes.append(f"{where}: reference '{text}' not understood")
            for value in found:
                share.add("reference", value, *at)
        elif role in VOLUME_PROPERTIES:
            number = count(text)
            if number is None:
                self.notes.append(f"{where}: '{text}' is not a count")
            else:
                share.add(role, number, *at)


def register_document(path: Path) -> tuple[Document, list[Sheet]]:
    """The register rendered as text (the document its facts quote) and each sheet's spans in it."""
    text, sheets = render(read_workbook(path))
    return Document.of(path, text), sheets


def read_register(path: Path, reference: Reference) -> Register:
    """A register's rendered document, its share (and new organisation) records, and notes on what was skipped;
    a LoadError when the file is no spreadsheet or no sheet in it is a share list. (New organisations are
    reported by the dispatcher, as for every loader.)"""
    document, sheets = register_document(path)
    providers = reference.resolve(PROVIDER, "org")
    reader = _Reader(reference, next(iter(providers)))
    read = [reader.sheet(sheet, sheets) for sheet in sheets]
    if not any(read):
        raise LoadError(path, "no sheet with a recognisable share list (" + "; ".join(reader.notes) + ")")
    return Register(document, finalise(reader.records, reference), reader.notes)
