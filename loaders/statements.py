"""Flows stated outright in prose that is not an FOI letter: parliamentary answers, gov.uk pages, committee reports.

Such documents name both parties in the sentence that describes the flow ("HMRC disclose this information to
Student Loans Company", "for NHS Digital to provide the information requested", "data from HMRC which is held by
DWP"), so each sentence is read on its own: the frame reader (frames.py) decides from its grammar who provides
and who receives, and the passage supplies a party the sentence leaves out. The same prose names agreements ("a
Memorandum of Understanding between the two Departments", found with their parties in the sentence with the
organisations replaced by slots), volumes and periods, and exclusions ("this data does not include
nationality"), which are denials. A parliamentary question ("To ask the Secretary of State ...") is the
asker's and asserts nothing; the answer speaks for the department the question is put to, which is what "the
Department" and "we" mean.
"""
from __future__ import annotations

import copy
import functools
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Callable
from urllib.parse import urlsplit

from flowatlas.graph.reference import Reference
from flowatlas.loaders.frames import Frame, Party, continues, lexicon, parse, read_frames, worth_parsing
from flowatlas.loaders.mentions import (
    AGREEMENT_WORD, FULL_DATE, MONTHS, NUMBER, NUMBER_WORDS, Mention, find_mentions, new_organisations, number_value,
    partial_dates, share_dates,
)
from flowatlas.loaders.records import DSA, MOU, Period, Record, link_by_parties, new_organisation
from flowatlas.loaders.segment import Sentence

if TYPE_CHECKING:
    from spacy.tokens import Doc

QUESTION = re.compile(r"^To ask (?:the )?(?P<addressee>[^,]+)")
QUESTION_HEADING = re.compile(r"^Question (?:for|to) (?:the )?(?P<addressee>.+?)(?::|$)")
SLOT = "@{}"
SELF_VOICE = re.compile(r"\b(?:[Ww]e|us|[Oo]ur)\b")
# Volumes stated around a flow: "1,942 of the 2,462 requests were not returned", "1,930 of 2,461 were not
# returned", "31 requests ... 21 resulted in information being passed", "520 records sent".
NOT_RETURNED = re.compile(rf"\b(?P<missing>{NUMBER}) of (?:the )?(?P<all>{NUMBER})(?: \w+)? were not returned\b")
# Not "(provided) for 350 requests": those are the requests answered (frames.counted_volumes reads them so).
REQUEST_COUNT = re.compile(rf"(?<!\bin )(?<!\bfor )\b(?P<number>{NUMBER}) requests\b")
RESULTED = re.compile(rf"\b(?P<number>{NUMBER}) resulted in (?:information|data) being "
                      r"(?:passed|provided|returned|shared)")
# Words by which a sentence points back at what the one before described: a demonstrative, a relative, a
# definite count ("the 2,462 requests") or a part of a whole already counted ("1,930 of 2,461 were not returned").
PART_OF_COUNT = rf"(?:{NUMBER}) of (?:the )?(?:{NUMBER})"
REFERS_BACK = re.compile(rf"\b(?:[Tt]hese|[Tt]hose|them|which|whom|[Tt]his|[Tt]he (?:{NUMBER})|of the|[Tt]he same"
                         rf"|{PART_OF_COUNT})\b")
COUNTED_BACK = re.compile(rf"\b(?:{NUMBER}|{'|'.join(NUMBER_WORDS)})\b")
# A part of what the sentence before counted, worth a parse though the sentence names no body: "for 12 of these",
# "of which 200 were matched", "1,930 of 2,461 were not returned".
PART_BACK = re.compile(rf"\bof (?:these|those|them|which)\b|\b{PART_OF_COUNT}\b")
# A count and its year, as a list gives them: "1,100 requests to HMRC in 2016, 1,250 in 2017 and 1,400 in 2018".
PER_YEAR = re.compile(rf"\b(?P<number>{NUMBER})\b(?:\s+[\w'-]+){{0,4}}?\s+in\s+(?P<year>(?:19|20)\d\d)\b")
# Moods in which a sentence still says what a share holds (statement_records' _content).
DESCRIBING = ("proposal", "power", "hypothetical")
# Examples and suppositions in an authority's prose are not flows.
HYPOTHETICAL = re.compile(r"^(?:For example|For instance|Suppose|Imagine|If |e\.g\.)|\b(?:might|could) (?:share|send|"
                          r"provide|disclose)\b")
# A next sentence that continues about the same data ("It is right that we share this data if it helps to ...",
# "The data required and requested by the Home Office is strictly limited to ...").
FOLLOW_ON = re.compile(r"\b(?:this data|those powers|these powers|the data (?:required|requested))\b", re.I)
# "The pilot would run from January to June 2017": when the whole arrangement the document describes happens.
RUNS = re.compile(r"\b(?:pilot|data share|data sharing|arrangement|exchange)\b[^.]*\b(?:would run|will run|ran|runs|"
                  r"took place|takes place)\b")
GENERIC_AGREEMENT = {"memorandum of understanding", "memoranda of understanding", "mou", "mous",
                     "data sharing agreement", "data sharing agreements"}
# The parties, named right after the agreement: "between @0 and @1", "in place with @1", "from @0 to @1",
# "between the two Departments" (the document's own and the one it last named).
AGREEMENT_PARTIES = re.compile(r"^[^.@]{0,60}?\b(?:between (?:the )?@(?P<a>\d+) and (?:the )?@(?P<b>\d+)"
                               r"|(?:in place )?with (?:the )?@(?P<c>\d+)"
                               r"|from (?:the )?@(?P<d>\d+) to (?:the )?@(?P<e>\d+)"
                               r"|(?P<two>between the two))")
IN_FORCE = re.compile(r"\b(?:came into (?:effect|force)|put in place|in force from|signed)\b(?P<rest>[^.]*)")
YEAR_IN = re.compile(r"\b(?:in|on|from)\s+((?:19|20)\d\d)\b")
EXCLUDES = re.compile(r"\b(?:does|do) not include\b")


@dataclass(frozen=True)
class Flow:
    """Who gives and who receives, as one sentence's frame states it."""

    provider: str
    recipient: str
    requested_by: str
    # Whether a date at a character offset of the sentence dates this flow (its frame's clause decides).
    dated_by: Callable[[int], bool] = field(compare=False, repr=False)
    act: str = field(compare=False)  # the frame's act (give, receive, ask, match)


def speakers(sentences: list[Sentence], reference: Reference, url: str) -> tuple[str | None, list[str]]:
    """Whose voice the document is — the department a parliamentary question is put to, else the organisation
    publishing on the document's web host — and each sentence's speaker."""
    authority = reference.publishers.get(urlsplit(url).hostname or "")
    spoken: list[str] = []
    for sentence in sentences:
        question = QUESTION.match(sentence.text) or QUESTION_HEADING.match(sentence.text)
        if question:
            orgs = [m.iri for m in find_mentions(question.group("addressee"), reference) if m.kind == "org"]
            authority = orgs[0] if orgs else authority
        spoken.append("requester" if QUESTION.match(sentence.text) else "authority")
    return authority or _letterhead(sentences, reference), spoken


def _letterhead(sentences: list[Sentence], reference: Reference, lines: int = 3) -> str | None:
    """The organisation a document opens with, named alone on a line of its own (a reply's letterhead: "HM
    Revenue and Customs" above "Dear Mr Brown"), when nothing else said whose voice the document is."""
    for sentence in sentences[:lines]:
        name = sentence.text.strip().strip(".:,")
        orgs = [m for m in find_mentions(name, reference) if m.kind == "org"]
        if len(orgs) == 1 and orgs[0].start == 0 and orgs[0].end == len(name):
            return orgs[0].iri
    return None


def _any_of(phrases: tuple[str, ...]) -> str:
    """A lexicon's phrases as one regular-expression alternation, longest first so that a phrase wins over its
    own beginning."""
    return "|".join(re.escape(phrase) for phrase in sorted(phrases, key=len, reverse=True))


@functools.lru_cache(maxsize=1)
def _dated() -> re.Pattern[str]:
    """A date after a cue by which a document dates itself (lexicon `dated`)."""
    return re.compile(rf"\b(?:{_any_of(lexicon().dated)})(?!\w)[:\s]*{FULL_DATE.pattern}", re.I)


@functools.lru_cache(maxsize=1)
def _returning() -> re.Pattern[str]:
    """A verb of giving back (lexicon `returning`)."""
    return re.compile(rf"\b(?:{'|'.join(lexicon().returning)})", re.IGNORECASE)


@functools.lru_cache(maxsize=1)
def _answered() -> re.Pattern[str]:
    """A count of requests after 'in' or 'for' ("Information was provided in 870 cases"): worth a parse though the
    sentence names no body, for the requests the sentence before counted may be those it answers."""
    nouns = "|".join(re.escape(noun.rstrip("y")) for noun, unit in lexicon().counted.items() if unit == "requests")
    return re.compile(rf"\b(?:in|for) (?:{NUMBER}) (?:{nouns})\w*", re.IGNORECASE)


@functools.lru_cache(maxsize=1)
def _correction() -> re.Pattern[str]:
    """A number after a cue by which a statement corrects a count (lexicon `corrections`)."""
    return re.compile(rf"\b(?:{_any_of(lexicon().corrections)}):?\s+(?:\w+\s+)?(?P<number>{NUMBER})\b", re.I)


def document_date(sentences: list[Sentence]) -> str:
    """The date the document gives itself near its top ("answered on 30th October 2017", "Last updated 7 December
    2023"; the latest when it gives several), as ISO 8601, or "" when it gives none: relative dates ("last year")
    are counted from it."""
    head = "\n".join(sentence.text for sentence in sentences[:40])
    return max((f"{found[3]}-{MONTHS.index(found[2].lower()) + 1:02d}-{int(found[1]):02d}"
                for found in _dated().finditer(head)), default="")


def _self_mentions(text: str, reference: Reference, authority: str | None, known: list[Mention]) -> list[Mention]:
    """'The Department', 'the authority', 'the Council': the document's own voice, when it is known."""
    if authority is None:
        return []
    found: list[Mention] = []
    for alias in reference.authority_aliases:
        for match in re.finditer(rf"\b{re.escape(alias)}\b", text):
            if not any(match.start() < m.end and m.start < match.end() for m in known + found):
                found.append(Mention("org", authority, match.start(), match.end(), match.group(0)))
    return found


def _slotted(text: str, reference: Reference, authority: str | None) -> tuple[str, list[Mention]]:
    """The sentence with each organisation replaced by @N, and the organisations in order. An acronym in brackets
    after the full name ("His Majesty’s Revenue and Customs (HMRC)") is part of the one slot."""
    orgs: list[Mention] = []
    known = find_mentions(text, reference)
    newcomers = new_organisations(text, known)
    # "Kent Police": the force the document names, not the grouping its last word is an alias of.
    known = [m for m in known if not any(n.start <= m.start and m.end <= n.end for n in newcomers)]
    candidates = sorted([m for m in known if m.kind == "org"] + newcomers
                        + _self_mentions(text, reference, authority, known), key=lambda m: m.start)
    for mention in candidates:
        between = text[orgs[-1].end:mention.start] if orgs else ""
        if orgs and orgs[-1].iri == mention.iri and between.strip() == "(" and text[mention.end:mention.end + 1] == ")":
            orgs[-1] = Mention(mention.kind, mention.iri, orgs[-1].start, mention.end + 1,
                               text[orgs[-1].start:mention.end + 1])
        else:
            orgs.append(mention)
    pieces, last = [], 0
    for number, mention in enumerate(orgs):
        pieces += [text[last:mention.start], SLOT.format(number)]
        last = mention.end
    return "".join(pieces) + text[last:], orgs


def _parties(orgs: list[Mention]) -> list[Party]:
    return [Party(m.iri, m.start, m.end) for m in orgs]


def _held(text: str, reference: Reference) -> tuple[Party, ...]:
    """The datasets the sentence names that a body holds, each as its holder at the dataset's place."""
    return tuple(Party(reference.holders[m.iri], m.start, m.end) for m in find_mentions(text, reference)
                 if m.kind == "dataset" and m.iri in reference.holders)


def _implicit_provider(sentence: Sentence, reference: Reference, authority: str | None, recipients: list[str],
                       counterpart: list[str], act: str) -> str | None:
    """A flow whose giver the sentence leaves out ("pupil data was passed to the Home Office") comes from the
    holder of the dataset it names, else from the document's own voice, else (when the document's own body is
    the one receiving) from the last other body the passage named. A request is always made of someone: in a
    document with no voice of its own (a news report), the body asked is the last other one the passage named
    ("an existing exchange ... between the Home Office and NHS Digital. A total of 16,689 tracing requests were
    made by the Home Office ...")."""
    holders = _held(sentence.text, reference)
    if holders:
        return holders[0].iri
    if authority and authority not in recipients:
        return authority
    others = [o for o in counterpart if o not in recipients]
    return others[-1] if others and (authority or act == "ask") else None


def flows_in(frames: list[Frame], sentence: Sentence, reference: Reference, authority: str | None,
             counterpart: list[str], givers: list[str], named: list[str]) -> list[Flow]:
    """Every provider -> recipient pair the sentence's frames state as a fact. `counterpart` holds the other bodies
    named so far, in order: data "returned" goes back to the last of them; data given in answer to a request the
    sentence states goes to the body that asked. `givers` holds the bodies stated so far to give something to another: a
    thing that receives or checks data ("The FSM ECS checks data from DWP") does it for the document's own voice,
    else for the body last stated to provide it, else for the other body the passage last named ("a requirement to
    match passenger data from Home Office systems against Child Benefit data ... without notifying HMRC"). `named`
    holds the bodies this sentence names: data returned goes to one of them first ("Of the 2,462 requests made by
    the Home Office, DfE returned information on 520 children")."""
    found: list[Flow] = []
    askers = [a for frame in frames if frame.mood == "fact" for a in frame.askers]
    for frame in frames:
        if frame.mood != "fact" or (frame.returns and not (named or frame.providers or frame.recipients)):
            continue  # "Data was returned in 520 cases", naming no one: the answer to the requests just counted
        recipients = frame.recipients
        if not recipients and frame.act == "give":
            recipients = askers[:1] or ([o for o in counterpart + named if o not in frame.providers][-1:]
                                        if frame.returns else [])
        if not recipients and frame.reciprocal and len(frame.providers) > 1:
            # "HMRC and DWP exchange data": each gives to the other
            found += [Flow(p, r, "", frame.dated_by, frame.act) for p in frame.providers for r in frame.providers]
            continue
        if not recipients and frame.providers and frame.act in ("receive", "match") and not frame.subject_named:
            others = [o for o in counterpart if o not in frame.providers]
            recipients = [authority] if authority else givers[-1:] or others[-1:]
        providers = frame.providers
        if not providers and recipients and frame.act in ("give", "receive", "ask"):
            implicit = _implicit_provider(sentence, reference, authority, recipients, counterpart, frame.act)
            providers = [implicit] if implicit else []
        asker = frame.askers[0] if frame.askers else ""
        found += [Flow(p, r, asker if asker == r else "", frame.dated_by, frame.act)
                  for p in providers for r in recipients]
    return [flow for flow in dict.fromkeys(found) if flow.provider != flow.recipient]


def _denials(frames: list[Frame], sentence: Sentence) -> list[Record]:
    """'The Department did not share any data with the police': a denial that the share exists, never a share."""
    denials = []
    for frame in frames:
        if frame.mood == "negated" and frame.recipients:
            parties = list(dict.fromkeys(frame.providers + frame.recipients))
            denial = Record("denial")
            for party in parties:
                denial.add("party", party, sentence.start, sentence.end, "authority")
            denial.add("denied", "share", sentence.start, sentence.end, "authority")
            denials.append(denial)
    return denials


def _describe(record: Record, sentence: Sentence, reference: Reference, volumes: dict[str, int],
              dated_by: Callable[[int], bool], today: str) -> None:
    """What else the sentence says about the share: datasets, items, purposes, legal bases, the dates said in the
    share's own clause, and the volumes its frame counted."""
    spans = (sentence.start, sentence.end, "authority")
    roles = {"dataset": "dataset", "item": "disclosed", "purpose": "purpose", "statute": "legal_basis"}
    for mention in find_mentions(sentence.text, reference):
        if mention.kind in roles and mention.iri not in reference.public_access:
            record.add(roles[mention.kind], mention.iri, *spans)
    dates = [(offset, when) for offset, when in share_dates(sentence.text, today, years=True) if dated_by(offset)]
    if dates:
        when = dates[0][1]
        record.add("date", Period(str(when), "") if isinstance(when, str) and continues(sentence.text) else when,
                   *spans)
    for volume, value in volumes.items():
        record.add(volume, value, *spans)
    _volumes(record, sentence)


def _volumes(record: Record, sentence: Sentence) -> None:
    """Requests counted, and how many of them were answered, however the sentence puts it."""
    spans = (sentence.start, sentence.end, "authority")
    for match in REQUEST_COUNT.finditer(sentence.text):
        record.add("requests", number_value(match["number"]), *spans)
    for match in RESULTED.finditer(sentence.text):
        record.add("subjects_returned", number_value(match["number"]), *spans)
    missing = NOT_RETURNED.search(sentence.text)
    if missing:
        total = number_value(missing["all"])
        record.add("subjects_requested", total, *spans)
        if "subjects_returned" not in record.values:
            record.add("subjects_returned", total - number_value(missing["missing"]), *spans)


def _following(record: Record, sentence: Sentence, reference: Reference) -> None:
    """The purposes, items and datasets a sentence continuing about the same data states."""
    if FOLLOW_ON.search(sentence.text) and not EXCLUDES.search(sentence.text):
        roles = {"dataset": "dataset", "item": "disclosed", "purpose": "purpose"}
        for mention in find_mentions(sentence.text, reference):
            if mention.kind in roles:
                record.add(roles[mention.kind], mention.iri, sentence.start, sentence.end, "authority")


def _exclusion(sentence: Sentence, shares: list[Record], reference: Reference) -> Record | None:
    """'This data does not include nationality': a denial that the items are shared, by the parties of the
    shares the data was just described for — a finding, never a share."""
    items = [m.iri for m in find_mentions(sentence.text, reference) if m.kind == "item"]
    if not (EXCLUDES.search(sentence.text) and FOLLOW_ON.search(sentence.text) and items and shares):
        return None
    denial = Record("denial")
    spans = (sentence.start, sentence.end, "authority")
    denial.add("denied", "data item", *spans)
    for share in shares:
        for prop in ("provider", "recipient"):
            for party in share.values[prop]:
                denial.add("party", party, *spans)
    for item in items:
        denial.add("item", item, *spans)
    return denial


def _arrangement_period(records: list[Record], sentences: list[Sentence], spoken: list[str]) -> None:
    """Date the shares no sentence dated with the period the whole arrangement runs for."""
    for sentence, speaker in zip(sentences, spoken):
        periods = [when for _, when in share_dates(sentence.text) if isinstance(when, Period)]
        if speaker == "authority" and periods and RUNS.search(sentence.text):
            for record in records:
                if record.kind == "share" and "date" not in record.values:
                    record.add("date", periods[0], sentence.start, sentence.end, "authority")
            return


def _agreement(sentence: Sentence, slotted: str, orgs: list[Mention], reference: Reference, authority: str | None,
               counterpart: list[str]) -> Record | None:
    """An MoU or data sharing agreement the sentence names, between the bodies it names ("between the two
    Departments": the document's own and the one it last named)."""
    kind = AGREEMENT_WORD.search(sentence.text)
    if kind is None or EXCLUDES.search(sentence.text) or re.search(r"\b(?:no|not|any)\b", sentence.text[:kind.start()]):
        return None
    named = AGREEMENT_PARTIES.search(slotted[AGREEMENT_WORD.search(slotted).end():])
    if named is None:
        return None
    slots = [named[g] for g in "abcde" if named[g] is not None]
    parties = [orgs[int(slot)].iri for slot in slots]
    if (named["c"] or named["two"]) and authority:
        parties.insert(0, authority)
    if named["two"] and counterpart:
        parties.append(counterpart[-1])
    parties = list(dict.fromkeys(parties))
    if len(parties) < 2:
        return None
    spans = (sentence.start, sentence.end, "authority")
    record = Record("agreement")
    word = kind["kind"]
    record.add("type", MOU if word.lower().startswith(("memorandum", "mou")) else DSA, *spans)
    if word[0].isupper() and word.lower() not in GENERIC_AGREEMENT:
        record.add("title", word, *spans)
    for party in parties:
        record.add("party", party, *spans)
    in_force = IN_FORCE.search(sentence.text)
    if in_force:
        when = partial_dates(in_force["rest"]) or [(0, year) for year in YEAR_IN.findall(in_force["rest"])]
        if when:
            record.add("in_force_from", when[0][1], *spans)
    for mention in find_mentions(sentence.text, reference):
        if mention.kind == "purpose":
            record.add("purpose", mention.iri, *spans)
    return record


def _same_agreement(known: Record, named: Record) -> bool:
    """Whether an agreement a sentence names is one the document named before: of the same kind between the same
    bodies, with no title or date that tells them apart ("Memorandum of understanding on data-sharing between NHS
    Digital and the Home Office" as a heading, "a Memorandum of Understanding (MoU) on processing information requests
    from the Home Office to NHS Digital" in the text)."""
    if known.kind != "agreement" or known.values.get("type") != named.values.get("type") or \
            set(known.values.get("party", ())) != set(named.values.get("party", ())):
        return False
    return all(not known.values.get(prop) or not named.values.get(prop) or known.values[prop] == named.values[prop]
               for prop in ("title", "in_force_from"))


def link_agreements(records: list[Record]) -> None:
    """A share is governed by the agreement between exactly its two parties that the document names (run once
    records have their final keys)."""
    link_by_parties(records, lambda share, agreement: True)


def _corrected(latest: list[Record], sentence: Sentence) -> bool:
    """'The correct figure is 3,500': a count the sentence before gave, corrected. It replaces the count of each
    share that sentence described with exactly one count (which count is meant is otherwise unclear), and the
    correction is cited for it. Whether the sentence was a correction."""
    match = _correction().search(sentence.text)
    if match is None:
        return False
    for record in latest:
        counted = record.counts()
        if len(counted) == 1:
            record.drop(counted[0])
            record.add(counted[0], number_value(match["number"]), sentence.start, sentence.end, "authority")
    return True


def _volumes_after(latest: list[Record], giving: list[Record], frames: list[Frame], sentence: Sentence) -> None:
    """Volumes in a sentence of their own belong to the shares last described as data given (`giving`), else to
    those the sentence before described (`latest`), when the sentence points back at them ("1,942 of the 2,462
    requests were not returned", "for 12 of these"); a sentence that counts something new ("Approximately 40,000
    student finance applications are received by SLC each year") does not. What is returned answers what was
    asked just before ("Data was returned in 520 cases", "Information was provided in 870 cases", naming no one):
    it belongs to the shares the sentence before described."""
    returned = any(frame.mood == "fact" and (frame.returns or frame.act == "give" and not frame.providers
                                            and not frame.recipients and "subjects_returned" in frame.volumes)
                   for frame in frames)
    if not REFERS_BACK.search(sentence.text) and not returned:
        return
    for record in latest if returned else giving[-1:] or latest:
        for frame in frames:
            for volume, value in frame.volumes.items():
                if volume not in record.values:
                    record.add(volume, value, sentence.start, sentence.end, "authority")
        _volumes(record, sentence)


def _parsed(sentences: list[Sentence], slotted: dict[int, tuple[str, list[Mention]]], authority: str | None
            ) -> dict[int, "Doc"]:
    """The sentences worth a parse (an act word, and an organisation, 'we', or a count that points back at the
    sentence before), parsed in one batch; the rest of the prose never reaches the parser."""
    chosen = [index for index, (_, orgs) in slotted.items() if worth_parsing(sentences[index].text)
              and (orgs or (authority and SELF_VOICE.search(sentences[index].text))
                   or _counts_back(sentences[index].text))]
    return dict(zip(chosen, parse([sentences[index].text for index in chosen])))


def _counts_back(text: str) -> bool:
    """Whether a sentence that names no body may count what the sentence before described: a part of it
    ("Information was returned for 12 of these"), what was returned ("Data was returned in 520 cases") or the
    requests answered ("Information was provided in 870 cases")."""
    return bool(COUNTED_BACK.search(text) and (PART_BACK.search(text) or _returning().search(text))
                or _answered().search(text))


def statement_records(sentences: list[Sentence], reference: Reference, url: str = "") -> list[Record]:
    """Shares stated outright by the document's own voice (never by a question's asker, never in an example, a
    plan or a power), the agreements it names, the items it says they exclude and the shares it denies."""
    authority, spoken = speakers(sentences, reference, url)
    today = document_date(sentences)
    slotted_by_index = {index: _slotted(sentence.text, reference, authority)
                        for index, sentence in enumerate(sentences)
                        if spoken[index] == "authority" and not HYPOTHETICAL.search(sentence.text)}
    parsed = _parsed(sentences, slotted_by_index, authority)
    records: list[Record] = []
    counterpart: list[str] = []
    latest: list[Record] = []  # the shares the previous flow sentence described
    giving: list[Record] = []  # the shares last described as data given ("sent", "returned")
    givers: list[str] = []  # the bodies stated to give something, in order
    described: list[tuple[Sentence, Frame]] = []  # acts stated as a plan, a power or a supposition
    for index, (slotted, orgs) in slotted_by_index.items():
        sentence = sentences[index]
        denial = _exclusion(sentence, latest, reference)
        agreement = _agreement(sentence, slotted, orgs, reference, authority, counterpart)
        if agreement:
            agreement.key = ("line", str(index))
            same = next((r for r in records if _same_agreement(r, agreement)), None)
            if same is not None:
                same.absorb(agreement)  # a title naming the MoU, then the text describing it
                agreement = None
        records += [r for r in (denial, agreement) if r]
        frames = read_frames(parsed[index], _parties(orgs), authority, _held(sentence.text, reference)) \
            if index in parsed else []
        records += _denials(frames, sentence)
        described += [(sentence, frame) for frame in frames if frame.mood in DESCRIBING and frame.providers]
        named = [m.iri for m in orgs if m.iri != authority]
        flows = flows_in(frames, sentence, reference, authority, counterpart, givers, named)
        givers += [flow.provider for flow in flows if flow.act == "give"]
        counterpart += named
        if not flows:
            if not _corrected(latest, sentence):
                _volumes_after(latest, giving, frames, sentence)
            continue
        newcomers = {m.iri: m.text for m in orgs if m.kind == "new_org"}
        latest = []
        for flow in flows:
            records += [new_organisation(newcomers[party], reference, sentence.start, sentence.end, "authority")
                        for party in (flow.provider, flow.recipient) if party in newcomers]
            record = _share(flow, sentence, reference, _volumes_of(flow, frames), today)
            if index + 1 < len(sentences) and spoken[index + 1] == "authority":
                _following(record, sentences[index + 1], reference)
            for each in _by_year(record, sentence):
                records.append(each)
                latest.append(each)
        if any(frame.act == "give" and frame.mood == "fact" for frame in frames):
            giving = list(latest)
    _arrangement_period(records, sentences, spoken)
    for sentence, frame in described:
        _content(frame, sentence, records, reference)
    return records


def _content(frame: Frame, sentence: Sentence, records: list[Record], reference: Reference) -> None:
    """'NHS Digital will disclose information including a person's name and last known address', in a report that
    states elsewhere that NHS Digital hands data to the Home Office: the mood of a sentence decides whether a share
    exists, not what it holds. An act stated as a plan, a power or a supposition adds the datasets, items and
    purposes it names to the shares the document states as fact between the same bodies (its giver, and its
    receiver when it names one): to the standing ones (undated) when there are any."""
    shares = [r for r in records if r.kind == "share" and r.first("provider") in frame.providers
              and (not frame.recipients or r.first("recipient") in frame.recipients)]
    standing = [share for share in shares if "date" not in share.values]
    roles = {"dataset": "dataset", "item": "disclosed", "purpose": "purpose"}
    mentions = [m for m in find_mentions(sentence.text, reference) if m.kind in roles]
    for share in standing or shares:
        for mention in mentions:
            share.add(roles[mention.kind], mention.iri, sentence.start, sentence.end, "authority")


def _by_year(record: Record, sentence: Sentence) -> list[Record]:
    """'The Home Office made 1,100 requests to HMRC in 2016, 1,250 in 2017 and 1,400 in 2018': a count per year
    makes one share per year, each with its count and otherwise alike; the share as read (the first count and
    year) when the sentence does not count year by year."""
    pairs = [(number_value(match["number"]), match["year"]) for match in PER_YEAR.finditer(sentence.text)]
    counted = record.counts()
    if len(pairs) < 2 or len({year for _, year in pairs}) < len(pairs) or len(counted) != 1 \
            or record.values[counted[0]] != [pairs[0][0]] or record.values.get("date") != [pairs[0][1]]:
        return [record]
    spans = (sentence.start, sentence.end, "authority")
    shares = []
    for value, year in pairs:
        share = copy.deepcopy(record)
        share.drop("date")
        share.drop(counted[0])
        share.add("date", year, *spans)
        share.add(counted[0], value, *spans)
        shares.append(share)
    return shares


def _volumes_of(flow: Flow, frames: list[Frame]) -> dict[str, int]:
    """The volumes counted in the frames that state this flow, else in any frame of the sentence."""
    own = [f for f in frames if flow.provider in f.providers or flow.recipient in f.recipients]
    volumes: dict[str, int] = {}
    for frame in own + [f for f in frames if f not in own]:
        for volume, value in frame.volumes.items():
            volumes.setdefault(volume, value)
    return volumes


def _share(flow: Flow, sentence: Sentence, reference: Reference, volumes: dict[str, int], today: str) -> Record:
    record = Record("share")
    spans = (sentence.start, sentence.end, "authority")
    record.add("provider", flow.provider, *spans)
    record.add("recipient", flow.recipient, *spans)
    if flow.requested_by:
        record.add("requested_by", flow.requested_by, *spans)
    _describe(record, sentence, reference, volumes, flow.dated_by, today)
    return record
