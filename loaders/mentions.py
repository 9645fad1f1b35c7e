"""Finding mentions in a sentence: reference nodes by alias, and numbers, dates, references and FOI citations."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from flowatlas.graph.namespaces import new_organisation_iri
from flowatlas.graph.reference import Reference
from flowatlas.loaders.records import Period

MONTHS = ("january february march april may june july august september october november december").split()
MONTH = r"(?:" + "|".join(m.capitalize() for m in MONTHS) + r")"
FULL_DATE = re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+({MONTH})\s+(\d{{4}})\b")
MONTH_YEAR = re.compile(rf"\b({MONTH})\s+(\d{{4}})\b")
# Periods: "between July 2015 and September 2016", "from January to June 2017", "since April 2012", "Q2 2017".
WHEN = rf"(?:{MONTH}\s+)?(?:19|20)\d\d"
BETWEEN = re.compile(rf"\b(?:[Bb]etween|[Ff]rom)\s+(?P<start>{WHEN}|{MONTH})\s+(?:and|to|until)\s+(?P<end>{WHEN})\b")
SINCE = re.compile(rf"\b[Ss]ince\s+(?P<start>{WHEN})\b")
QUARTER = re.compile(r"\bQ(?P<quarter>[1-4])\s+(?P<year>(?:19|20)\d\d)\b")
YEAR_RANGE = re.compile(r"\b((?:19|20)\d\d)\s*[-–]\s*((?:19|20)\d\d)\b")
# Correspondence dates ("dated 30 July 2020", "received on 31 July 2020") are about letters, not shares.
CORRESPONDENCE_DATE = re.compile(r"(?:dated|received on|issued on|sent on|of)\s*$")
AGREEMENT_WORD = re.compile(r"\b(?P<kind>Memorandum of Understanding|MoUs?|MOUs?|data sharing agreements?"
                            r"|Data Sharing Agreement|Data Usage Agreement)\b")
NUMBER = r"\d{1,3}(?:,\d{3})+|\d+"  # "2,136" or "185"
SHARE_REFERENCE = re.compile(r"\b(20\d\d-\d{7}|DS\d{5})\b")
NUMBER_WORDS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve".split())}
SUBJECT_NOUN = r"(?:child identities|children|child|pupils|pupil|individuals|individual|people|persons|students|learners)"
COUNT = re.compile(
    rf"\b(?P<number>{NUMBER}|{'|'.join(NUMBER_WORDS)})\s+"
    rf"(?:(?:request|requests)\s+for\s+(?:all\s+)?)?(?P<noun>{SUBJECT_NOUN})\b",
    re.I,
)
THAT_ONE = re.compile(r"\b(?:that|the)\s+(?:child|pupil|individual)\b(?!ren)")
FOI_CITATION = re.compile(r"\b[Ss]ection\s+(?P<section>\d+[A-Z]?)(?P<sub>(?:\s*\(\s*\w{1,4}\s*\))*)")
ALIAS_BOUNDARY = r"(?<![\w-]){}(?![\w-])"
# Names of organisations the reference data does not know, by the words organisations' names end or start with
# ("SchoolDash Limited", "Leeds City Council", "University of Chester").
ORG_WORD = r"(?:Limited|Ltd|plc|PLC|Council|University|Trust|Agency|Authority|Commission|Foundation|Hospital|Company|" \
           r"Constabulary|Police|Service)"
PROPER = r"[A-Z][\w&'’.-]*"
NEW_ORGANISATION = re.compile(
    rf"\b(?:(?:{PROPER} ){{1,5}}{ORG_WORD}|(?:University|Council) of (?:{PROPER} ){{0,2}}{PROPER})\b")
LEADING_ARTICLE = re.compile(r"^(?:The|A|An|This|That|Each|Any|Every|All|No) ")


@dataclass(frozen=True)
class Mention:
    """A reference node named in a sentence, at offsets relative to the sentence."""

    kind: str
    iri: str
    start: int
    end: int
    text: str


@lru_cache(maxsize=4)
def _alias_patterns(reference: Reference) -> tuple[tuple[str, re.Pattern[str], str, str], ...]:
    """Each alias's pattern, after the alias's first word case-folded: a text that does not contain that word
    cannot match, so most patterns are never run on a sentence."""
    patterns = []
    for alias in reference.aliases:
        # Names of organisations and Acts are proper nouns and acronyms ("SLC", "DfE") must match exactly, so
        # "immigration enforcement" (a purpose) is not "Immigration Enforcement" (a directorate); other terms
        # ignore case.
        exact = alias.kind in ("org", "statute") or len(alias.text) <= 5 or alias.text.isupper()
        words = alias.text.split()
        body = r"\s+".join(re.escape(word) for word in words)
        patterns.append((words[0].casefold(), re.compile(ALIAS_BOUNDARY.format(body), 0 if exact else re.I),
                         alias.kind, alias.iri))
    return tuple(patterns)


@lru_cache(maxsize=8192)
def find_mentions(text: str, reference: Reference) -> tuple[Mention, ...]:
    """Longest alias wins; a span is claimed by one mention only. Remembered: rules ask about the same sentence
    several times, and a register repeats the same cells row after row."""
    taken: list[tuple[int, int]] = []
    found: list[Mention] = []
    folded = text.casefold()  # full case folding: a superset of what re.IGNORECASE equates
    for first_word, pattern, kind, node in _alias_patterns(reference):
        if first_word not in folded:
            continue
        for match in pattern.finditer(text):
            if any(match.start() < end and start < match.end() for start, end in taken):
                continue
            taken.append((match.start(), match.end()))
            found.append(Mention(kind, node, match.start(), match.end(), match.group(0)))
    return tuple(sorted(found, key=lambda m: m.start))


def new_organisations(text: str, known: list[Mention]) -> list[Mention]:
    """Organisation-like names the gazetteer did not find (`known` are its mentions): kind "new_org", the IRI
    minted from the name as written, so they are recorded rather than dropped or forced onto a known body."""
    found: list[Mention] = []
    for match in NEW_ORGANISATION.finditer(text):
        start, name = match.start(), match.group(0)
        article = LEADING_ARTICLE.match(name)
        if article:
            start, name = start + article.end(), name[article.end():]
        # A known name inside the candidate ("Police" in "Kent Police") does not stop it; an overlap does.
        overlaps = [m for m in known if start < m.end and m.start < match.end()]
        if " " in name and all(start <= m.start and m.end <= match.end() and m.text != name for m in overlaps):
            found.append(Mention("new_org", new_organisation_iri(name), start, match.end(), name))
    return found


def number_value(token: str) -> int:
    """'2,136' -> 2136, 'one' -> 1."""
    lowered = token.lower()
    return NUMBER_WORDS[lowered] if lowered in NUMBER_WORDS else int(token.replace(",", ""))


def _month_year(text: str, default_year: str = "") -> str:
    """'July 2015' -> '2015-07', '2015' -> '2015', 'January' with a default year -> '2017-01'."""
    words = text.split()
    if words[0].isdigit():
        return words[0]
    month = MONTHS.index(words[0].lower()) + 1
    return f"{words[1] if len(words) > 1 else default_year}-{month:02d}"


def share_dates(text: str) -> list[tuple[int, str | Period]]:
    """(offset, date or period) for each share-relevant date or period, periods first claiming their words."""
    found: list[tuple[int, str | Period]] = []
    taken: list[tuple[int, int]] = []
    for match in BETWEEN.finditer(text):
        end = _month_year(match["end"])
        found.append((match.start(), Period(_month_year(match["start"], end[:4]), end)))
        taken.append(match.span())
    for match in SINCE.finditer(text):
        found.append((match.start(), Period(_month_year(match["start"]), "")))
        taken.append(match.span())
    for match in QUARTER.finditer(text):
        first = (int(match["quarter"]) - 1) * 3 + 1
        found.append((match.start(), Period(f"{match['year']}-{first:02d}", f"{match['year']}-{first + 2:02d}")))
        taken.append(match.span())
    found += [(offset, date) for offset, date in partial_dates(text)
              if not any(start <= offset < end for start, end in taken)]
    return sorted(found, key=lambda pair: pair[0])


def partial_dates(text: str) -> list[tuple[int, str]]:
    """(offset, ISO 8601 date) for each share-relevant date: '2019-01-31', '2018-04' or '2013'."""
    found: list[tuple[int, str]] = []
    taken: list[tuple[int, int]] = []
    for match in FULL_DATE.finditer(text):
        taken.append(match.span())
        if CORRESPONDENCE_DATE.search(text[: match.start()]):
            continue
        month = MONTHS.index(match.group(2).lower()) + 1
        found.append((match.start(), f"{match.group(3)}-{month:02d}-{int(match.group(1)):02d}"))
    for match in MONTH_YEAR.finditer(text):
        if any(s <= match.start() < e for s, e in taken) or CORRESPONDENCE_DATE.search(text[: match.start()]):
            continue
        month = MONTHS.index(match.group(1).lower()) + 1
        found.append((match.start(), f"{match.group(2)}-{month:02d}"))
    return sorted(found)
