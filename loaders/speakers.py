"""Who says what in an FOI text, and how the answer is laid out.

An FOI thread interleaves the requester's words (the request letter, the request quoted back, each question echoed
before its answer) with the authority's. Only the authority's statements become findings; the requester's
questions are context, and their background statements are kept marked as theirs. The answer is cut into
question groups (one numbered question and its answer) and, inside them, topic units ("With regards to ...",
one keyed list item), which is the scope pronouns like "this share" or "these documents" refer within.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from flowatlas.graph.reference import Reference
from flowatlas.loaders.mentions import SHARE_REFERENCE, find_mentions
from flowatlas.loaders.segment import SIGN_OFF, Sentence

DEAR = re.compile(r"^Dear\s+(?P<name>[^,\n]+)")
REQUEST_QUOTED = re.compile(r"(?:You requested|Your request was as follows|You asked|Your request read)\s*:\s*$", re.I)
TOPIC_OPENER = re.compile(r"^(?:[-*•]\s*)?(?:With regards? to|In relation to|Regarding|In respect of)\b")
KEYED_ITEM = re.compile(r"^[-*•]?\s*(?:DfE references?:\s*)?(?:(?:20\d\d-\d{7}|DS\d{5})(?:,\s*|\s+and\s+)?)+[:\[]?")
TOKEN = re.compile(r"[a-z0-9]+")
# The web page around a thread (WhatDoTheyKnow's title and status lines) is nobody's statement.
PAGE_TEXT = re.compile(r"made this Freedom of Information request to|anti-spam measures|^Please let us know if"
                       r"|^The request (?:was|is) (?:partially successful|successful|refused|waiting|awaiting)", re.I)
ECHO_CONTAINMENT = 0.6
ECHO_MAX_NOVEL_RUN = 4


@dataclass
class Said:
    """A sentence with who says it (authority, requester, or page: the site's own text around a thread). `echo`
    marks the requester's words quoted back inside the reply."""

    sentence: Sentence
    speaker: str
    echo: bool = False


@dataclass
class Unit:
    """Consecutive authority sentences about one topic; `keyed` when it is a list item led by references."""

    sentences: list[Said] = field(default_factory=list)
    keyed: bool = False


@dataclass
class Group:
    """One question as echoed (its requester sentences) and the authority's answer to it, cut into units."""

    question: list[Said] = field(default_factory=list)
    units: list[Unit] = field(default_factory=list)


@dataclass
class Layout:
    """The analysed document: its authority, every sentence with its speaker, and the answer's groups."""

    authority: str | None
    said: list[Said]
    groups: list[Group]


def _tokens(text: str) -> list[str]:
    return TOKEN.findall(text.lower())


def _shingles(tokens: list[str], n: int) -> list[tuple[str, ...]]:
    return [tuple(tokens[i:i + n]) for i in range(max(len(tokens) - n + 1, 0))]


def find_authority(sentences: list[Sentence], reference: Reference) -> str | None:
    """The organisation the request is addressed to ("Dear Department for Education")."""
    for sentence in sentences:
        found = DEAR.match(sentence.text)
        if found:
            orgs = [m for m in find_mentions(found.group("name"), reference) if m.kind == "org"]
            if orgs:
                return orgs[0].iri
    return None


def _requester_indexes(sentences: list[Sentence], text: str, reference: Reference) -> set[int]:
    """Indexes of sentences in the requester's letters and in the request as quoted back."""
    indexes: set[int] = set()
    position = 0
    while position < len(sentences):
        sentence = sentences[position]
        dear = DEAR.match(sentence.text)
        addressed_to_org = dear and any(m.kind == "org" for m in find_mentions(dear.group("name"), reference))
        if addressed_to_org or REQUEST_QUOTED.search(sentence.text):
            start = position if addressed_to_org else position + 1
            end = _letter_end(sentences, start, text)
            indexes.update(range(start, end + 1))
            position = end + 1
            continue
        position += 1
    return indexes


def _letter_end(sentences: list[Sentence], start: int, text: str) -> int:
    """The last sentence of a letter or quoted request that starts at `start`."""
    if start >= len(sentences):
        return start - 1
    opening = sentences[start]
    if opening.text.startswith("“"):
        close = text.find("”", opening.start)
        for index in range(start, len(sentences)):
            if sentences[index].end >= close:
                return index
    for index in range(start, len(sentences)):
        if SIGN_OFF.match(sentences[index].text):
            following = sentences[index + 1] if index + 1 < len(sentences) else None
            if following and len(following.text.split()) <= 4 and following.text[:1].isupper() \
                    and not following.text.startswith("I "):
                return index + 1
            return index
    return len(sentences) - 1


def _is_echo(tokens: list[str], requester_grams: dict[int, set[tuple[str, ...]]]) -> bool:
    """True when nearly all of a sentence repeats the requester's words, allowing small copy differences."""
    if not tokens:
        return False
    n = min(3, len(tokens))
    grams = _shingles(tokens, n)
    hits = [gram in requester_grams[n] for gram in grams]
    run = longest = 0
    for hit in hits:
        run = 0 if hit else run + 1
        longest = max(longest, run)
    return sum(hits) / len(hits) >= ECHO_CONTAINMENT and longest <= ECHO_MAX_NOVEL_RUN


def _is_title(sentence: Sentence, text: str) -> bool:
    """The document's first line when it is a heading (no sentence punctuation), as saved pages begin. Only the first
    sentence can be one (and only it is asked: the check reads the whole text)."""
    first_line_end = text.find("\n") if "\n" in text else len(text)
    starts_document = sentence.start == len(text) - len(text.lstrip())
    return starts_document and sentence.end == first_line_end and not sentence.text.rstrip().endswith(
        (".", "?", "!", ":"))


def _question_level(marker: str) -> int:
    return 1 if any(ch.isdigit() for ch in marker) else 2 if marker else 0


def layout(sentences: list[Sentence], text: str, reference: Reference) -> Layout:
    """Attribute every sentence and cut the answer into question groups and topic units."""
    authority = find_authority(sentences, reference)
    requester = _requester_indexes(sentences, text, reference)
    requester_tokens = [_tokens(sentences[i].text) for i in sorted(requester)]
    grams = {n: {g for tokens in requester_tokens for g in _shingles(tokens, n)} for n in (1, 2, 3)}
    said: list[Said] = []
    first_letter = min(requester, default=len(sentences))
    for index, sentence in enumerate(sentences):
        if index in requester:
            said.append(Said(sentence, "requester"))
        elif PAGE_TEXT.search(sentence.text) or (index == 0 and _is_title(sentence, text)):
            said.append(Said(sentence, "page"))
        elif index > first_letter and _is_echo(_tokens(sentence.text), grams):
            said.append(Said(sentence, "requester", echo=True))
        else:
            said.append(Said(sentence, "authority"))
    return Layout(authority, said, _groups(said))


def _groups(said: list[Said]) -> list[Group]:
    echoes = [s for s in said if s.echo]
    top_level = 1 if any(_question_level(s.sentence.marker) == 1 for s in echoes) else 2
    groups: list[Group] = [Group()]
    last_block = -1
    previous_keyed = False
    for item in said:
        sentence = item.sentence
        if item.echo:
            level = _question_level(sentence.marker) if sentence.first_in_block else 0
            if level == top_level:
                groups.append(Group())
            groups[-1].question.append(item)
            last_block = -1
            continue
        if item.speaker != "authority":
            continue
        group = groups[-1]
        new_block = sentence.block != last_block
        keyed = new_block and sentence.marker in ("-", "*", "•") and bool(KEYED_ITEM.match(sentence.text)) \
            and bool(SHARE_REFERENCE.search(sentence.text[:40]))
        opener = bool(TOPIC_OPENER.match(sentence.text))
        after_keyed_item = new_block and previous_keyed and not sentence.marker
        if not group.units or keyed or opener or after_keyed_item or group.units[-1].keyed and new_block:
            group.units.append(Unit(keyed=keyed))
        group.units[-1].sentences.append(item)
        if new_block:
            previous_keyed = keyed or (previous_keyed and bool(sentence.marker))
        last_block = sentence.block
    return [g for g in groups if g.units or g.question]
