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
# "in the year to September 2016", "the 12 months ending March 2019": the twelve months up to the month named.
YEAR_TO = re.compile(rf"\b(?:year|12 months|twelve months)\s+(?:to|ending|ended)\s+(?:the end of\s+)?"
                     rf"(?P<end>{MONTH}\s+(?:19|20)\d\d)\b")
# A year alone, as the time of an act: "In 2018, the Department received ...", "during 2019" (not "2016/17", whose
# year starts in April or September depending on whose year it is).
IN_YEAR = re.compile(r"\b(?:[Ii]n|[Dd]uring|[Tt]hroughout)\s+(?:the\s+(?:calendar\s+)?year\s+)?"
                     r"(?P<year>(?:19|20)\d\d)\b(?![/–-]\d)")
# "in 2016 up to November": the year from its start to the month named.
UP_TO = re.compile(rf"\b[Ii]n\s+(?P<year>(?:19|20)\d\d),?\s+(?:up to|until|to)\s+(?:the end of\s+)?"
                   rf"(?P<month>{MONTH})\b")
# "last year", "this month": resolved against the document's own date, when it gives one.
RELATIVE = re.compile(r"\b(?P<which>[Ll]ast|[Tt]his|[Pp]revious|[Pp]ast) (?P<unit>year|month)\b")
YEAR_RANGE = re.compile(r"\b((?:19|20)\d\d)\s*[-–]\s*((?:19|20)\d\d)\b")
# Correspondence dates ("dated 30 July 2020", "received on 31 July 2020") are about letters, not shares.
CORRESPONDENCE_DATE = re.compile(r"(?:dated|received on|issued on|sent on|of)\s*$")
AGREEMENT_WORD = re.compile(r"\b(?P<kind>[Mm]emorand(?:um|a) of [Uu]nderstanding|MoUs?|MOUs?"
                            r"|data sharing agreements?|Data Sharing Agreement|Data Usage Agreement)\b")
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


@dataclass(frozen=True)
class _AliasIndex:
    """Every alias's pattern, in the reference's order (longest first), and which of them start with each word."""

    patterns: tuple[tuple[re.Pattern[str], str, str, str], ...]  # (pattern, folded words, kind, node)
    by_first_word: dict[str, tuple[int, ...]]  # a first word (case-folded) -> the aliases it may begin


@lru_cache(maxsize=4)
def _alias_index(reference: Reference) -> _AliasIndex:
    """A text can only hold an alias whose first word it holds where a word starts, so the text's words pick the
    few patterns worth running. A first word also stands for every shorter first word it begins with."""
    patterns, starting = [], {}
    for number, alias in enumerate(reference.aliases):
        # Names of organisations and Acts are proper nouns and acronyms ("SLC", "DfE") must match exactly, so
        # "immigration enforcement" (a purpose) is not "Immigration Enforcement" (a directorate); other terms
        # ignore case.
        exact = alias.kind in ("org", "statute") or len(alias.text) <= 5 or alias.text.isupper()
        words = alias.text.split()
        body = r"\s+".join(re.escape(word) for word in words)
        patterns.append((re.compile(ALIAS_BOUNDARY.format(body), 0 if exact else re.I),
                         " ".join(alias.text.casefold().split()), alias.kind, alias.iri))
        starting.setdefault(words[0].casefold(), []).append(number)
    firsts = sorted(starting, key=len, reverse=True)
    by_first_word = {word: tuple(sorted(n for other in firsts if word.startswith(other) for n in starting[other]))
                     for word in firsts}
    return _AliasIndex(tuple(patterns), by_first_word)


# A run of word characters and the punctuation aliases' first words contain ("HM's", "co-operative").
WORD_RUN = re.compile(r"[\w'’,-]+")


def _word_starts(folded: str) -> set[str]:
    """Every string an alias's first word could be in the text: each run of word characters, also from after an
    apostrophe or comma inside it (an alias may start there, not after a hyphen), and each of those cut before or
    after a punctuation mark ("hmrc's" holds "hmrc")."""
    found: set[str] = set()
    for run in WORD_RUN.findall(folded):
        if run.isalnum():
            found.add(run)
            continue
        for start in [0] + [i + 1 for i, char in enumerate(run) if char in "'’,"]:
            rest = run[start:]
            found.add(rest)
            for i, char in enumerate(rest):
                if not char.isalnum():
                    found.update((rest[:i], rest[:i + 1]))
    return found


@lru_cache(maxsize=8192)
def find_mentions(text: str, reference: Reference) -> tuple[Mention, ...]:
    """Longest alias wins; a span is claimed by one mention only. Remembered: rules ask about the same sentence
    several times, and a register repeats the same cells row after row."""
    index = _alias_index(reference)
    folded = text.casefold()  # full case folding: a superset of what re.IGNORECASE equates
    words = index.by_first_word
    candidates = sorted({number for word in _word_starts(folded) if word in words for number in words[word]})
    spaced = " ".join(folded.split())  # an alias's words in order, one space apart, or the alias is not there
    taken: list[tuple[int, int]] = []
    found: list[Mention] = []
    for number in candidates:
        pattern, words, kind, node = index.patterns[number]
        if words not in spaced:
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


def share_dates(text: str, today: str = "", years: bool = False) -> list[tuple[int, str | Period]]:
    """(offset, date or period) for each share-relevant date or period, periods first claiming their words.
    `today` is the document's own date (ISO 8601, "" when it gives none): "last year" is the year before it.
    `years`: also a year alone ("In 2018, ..."), for callers that keep only dates said in the act's own clause;
    elsewhere a year alone is as often a dataset's ("last collected in 2013")."""
    found: list[tuple[int, str | Period]] = []
    taken: list[tuple[int, int]] = []
    for match in UP_TO.finditer(text):
        month = MONTHS.index(match["month"].lower()) + 1
        found.append((match.start(), Period(f"{match['year']}-01", f"{match['year']}-{month:02d}")))
        taken.append(match.span())
    if today:
        found += [(match.start(), _relative(match["which"].lower(), match["unit"], today))
                  for match in RELATIVE.finditer(text) if match["unit"] == "year" or len(today) >= 7]
    for match in BETWEEN.finditer(text):
        end = _month_year(match["end"])
        found.append((match.start(), Period(_month_year(match["start"], end[:4]), end)))
        taken.append(match.span())
    for match in SINCE.finditer(text):
        found.append((match.start(), Period(_month_year(match["start"]), "")))
        taken.append(match.span())
    for match in YEAR_TO.finditer(text):
        end = _month_year(match["end"])
        found.append((match.start(), Period(_months_before(int(end[:4]), int(end[5:]), 11), end)))
        taken.append(match.span())
    for match in QUARTER.finditer(text):
        first = (int(match["quarter"]) - 1) * 3 + 1
        found.append((match.start(), Period(f"{match['year']}-{first:02d}", f"{match['year']}-{first + 2:02d}")))
        taken.append(match.span())
    found += [(offset, date) for offset, date in partial_dates(text)
              if not any(start <= offset < end for start, end in taken)]
    if years:
        found += [(match.start("year"), match["year"]) for match in IN_YEAR.finditer(text)
                  if not any(start <= match.start("year") < end for start, end in taken)]
    return sorted(found, key=lambda pair: pair[0])


def _relative(which: str, unit: str, today: str) -> str:
    """'last year' in a document of 2017-10-18 -> '2016'; 'this month' -> '2017-10'."""
    year, month = int(today[:4]), int(today[5:7]) if len(today) >= 7 else 1
    back = 0 if which == "this" else 1
    if unit == "year":
        return str(year - back)
    return _months_before(year, month, back)


def _months_before(year: int, month: int, back: int) -> str:
    """The month `back` months before a month, as ISO 8601 ('2016-09', 11 -> '2015-10')."""
    index = year * 12 + month - 1 - back
    return f"{index // 12}-{index % 12 + 1:02d}"


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
