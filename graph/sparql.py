"""SPARQL as text: what kind of query it is, where its WHERE group opens, and its syntax errors in plain words.

A remote endpoint has no way to receive parameters as terms, so they travel as a VALUES block at the start of the
query's top-level WHERE group, each value written by the RDF library's own serializer (N-Triples syntax, which
escapes quotes, newlines and braces and refuses an IRI with a space or a brace): a value can never change the query's
shape. Finding that group needs a tokenizer that skips comments, strings and IRIs; nothing here parses SPARQL fully.
"""
from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from pyoxigraph import Literal, NamedNode

Term = NamedNode | Literal

_TOKEN = re.compile(r'''
    (?P<comment>\#[^\n]*)
  | (?P<string>"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^'\\]|\\.|'(?!''))*\'\'\'|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<variable>[?$]\w+)
  | (?P<word>[A-Za-z_][\w.\-]*(?::[\w.\-:%]*)?|:[\w.\-:%]*)
  | (?P<open>[{(\[])
  | (?P<close>[})\]])
  | (?P<other>\S)
''', re.VERBOSE)
FORMS = ("SELECT", "CONSTRUCT", "DESCRIBE", "ASK")


@dataclass(frozen=True)
class Token:
    kind: str
    text: str
    start: int


def tokens(text: str) -> Iterator[Token]:
    """The significant tokens of a query: comments are dropped, strings and IRIs are single tokens."""
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup or "other"
        if kind != "comment":
            yield Token(kind, match.group(), match.start())


def query_form(text: str) -> str:
    """SELECT, CONSTRUCT, DESCRIBE or ASK; "" when the text is not a query (an update, or garbage)."""
    for token in tokens(text):
        if token.kind == "word" and token.text.upper() in FORMS:
            return token.text.upper()
    return ""


def declared_prefixes(text: str) -> set[str]:
    """The prefixes a query declares itself (PREFIX fa: <...>)."""
    found: set[str] = set()
    previous = ""
    for token in tokens(text):
        if previous.upper() == "PREFIX" and token.text.endswith(":"):
            found.add(token.text[:-1])
        previous = token.text
    return found


def with_prefixes(text: str, prefixes: Mapping[str, str]) -> str:
    """The query with PREFIX declarations for the predeclared prefixes it does not declare itself, for a server
    that knows none of them."""
    own = declared_prefixes(text)
    lines = [f"PREFIX {name}: <{namespace}>" for name, namespace in prefixes.items() if name not in own]
    return "\n".join(lines + [text])


def _where_group(text: str) -> tuple[int, int]:
    """Offsets of the braces that open and close the top-level WHERE group."""
    depth, seen_form, skip_template, opened = 0, False, False, -1
    items = list(tokens(text))
    for index, token in enumerate(items):
        if not seen_form:
            if token.kind == "word" and token.text.upper() in FORMS:
                seen_form = True
                following = items[index + 1].text.upper() if index + 1 < len(items) else ""
                if token.text.upper() == "CONSTRUCT" and following == "WHERE":
                    raise ValueError("the short form CONSTRUCT WHERE takes no parameters; write CONSTRUCT { ... } "
                                     "WHERE { ... }")
                skip_template = token.text.upper() == "CONSTRUCT"
            continue
        if token.kind == "open":
            if depth == 0 and token.text == "{" and opened < 0:
                opened = token.start
            depth += 1
        elif token.kind == "close":
            depth -= 1
            if depth == 0 and opened >= 0 and token.text == "}":
                if skip_template:
                    skip_template, opened = False, -1
                    continue
                return opened, token.start
    raise ValueError("the query has no WHERE group to bind parameters in")


def with_values(text: str, bindings: Mapping[str, Term]) -> str:
    """The query with its parameters bound by a VALUES block opening its top-level WHERE group, the portable
    equivalent of binding variables before evaluation (what Oxigraph's substitutions do embedded)."""
    if not bindings:
        return text
    names = " ".join(f"?{name}" for name in bindings)
    values = " ".join(str(term) for term in bindings.values())
    block = f" VALUES ({names}) {{ ({values}) }} "
    opened, closed = _where_group(text)
    inner = [t for t in tokens(text[opened + 1:closed])]
    if inner and inner[0].kind == "word" and inner[0].text.upper() == "SELECT":
        # A group holding a subquery may hold nothing else: nest the subquery one level down.
        return f"{text[:opened + 1]}{block}{{ {text[opened + 1:closed]} }}{text[closed:]}"
    return f"{text[:opened + 1]}{block}{text[opened + 1:]}"


_POSITION = re.compile(r"error at (\d+):(\d+): (.*)", re.DOTALL)
_QUOTED = re.compile(r'"((?:[^"\\]|\\.)*)"')


def _expected(listing: str) -> tuple[list[str], list[str]]:
    """From Oxigraph's list of what the parser expected: (tokens, plain-language problems)."""
    listing = listing.removeprefix("expected one of ").removeprefix("expected ")
    listing = re.sub(r"\[[^\]]*\]", "", listing, flags=re.DOTALL)  # character classes: the ends of names
    problems, expected = [], []
    for item in (part.strip() for part in listing.split(",")):
        if not item or item == "_":
            continue
        quoted = _QUOTED.fullmatch(item)
        if quoted:
            expected.append(quoted.group(1).replace('\\"', '"').replace("\\\\", "\\"))
        elif " " in item:
            problems.append(item)
        else:
            expected.append(item)
    return expected, problems


def syntax_message(message: str, text: str) -> str:
    """Oxigraph's syntax error as one readable line: where, what was found, and what would have fitted."""
    match = _POSITION.match(message)
    if not match:
        return " ".join(message.split())
    line, column = int(match.group(1)), int(match.group(2))
    expected, problems = _expected(match.group(3))
    lines = text.split("\n")
    source = lines[line - 1] if line <= len(lines) else ""
    before, after = source[:column - 1], source[column - 1:]
    where = f"line {line}, column {column}"
    if "Prefix not found" in problems:
        name = re.search(r"([A-Za-z][\w.\-]*)?:[\w.\-]*$", before)
        prefix = name.group(1) if name and name.group(1) else ""
        return f"{where}: unknown prefix '{prefix}:' (declare it with PREFIX, or use a predeclared one)"
    if problems:
        return f"{where}: {problems[0].rstrip('.')}"
    found = f"near '{after.strip()[:20]}'" if after.strip() else (
        "at the end of the query" if line >= len(lines) else "at the end of the line")
    shown = " ".join(expected[:8]) + (" ..." if len(expected) > 8 else "")
    wanted = f"; expected one of {shown}" if len(expected) > 1 else f"; expected {shown}" if shown else ""
    return f"{where}: unexpected text {found}{wanted}"
