"""Automatic extraction: an FOI text in, records of shares, agreements, exemptions and denials out.

Rule-based and explainable: every value comes from a sentence, and the sentence is kept as its evidence. Only the
authority's sentences make findings; the requester's words are used as context (what "this share" or "those
purposes" refers to) and whatever is taken from them is marked as the requester's statement.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from flowatlas.graph.reference import Reference, load_reference
from flowatlas.loaders.document import Document
from flowatlas.loaders.mentions import (
    AGREEMENT_WORD, COUNT, FOI_CITATION, SHARE_REFERENCE, THAT_ONE, YEAR_RANGE, Mention, find_mentions,
    number_value, partial_dates, share_dates,
)
from flowatlas.loaders.records import (
    DSA, MOU, REQUEST_FORM, Extraction, Period, Record, RecordRef, finalise, link_by_parties, merge,
    natural_key,
)
from flowatlas.loaders.segment import sentences as split_sentences
from flowatlas.loaders.speakers import KEYED_ITEM, Group, Said, Unit, layout
from flowatlas.loaders.statements import link_agreements, statement_records

SHARE_TRIGGER = re.compile(
    r"\b(?:request (?:was|were) received|requests? (?:was|were) received|(?:was|were) requested by"
    r"|information was requested|check the data|checked against|for a match|searched (?:by \w+ )?against"
    r"|(?:was|were) (?:provided|returned|disclosed) (?:to|by)|data items requested|source of data searched"
    r"|this share|the share|this request|the request was for|the \w+ \d{4} request)\b", re.I)
ANAPHORA = re.compile(r"\b(?:this share|the share|this request|the request was for|this data share)\b", re.I)
NEGATED = re.compile(r"^(?:No |None )|\bNo details of\b")
NO_MATCH = re.compile(r"\bnot able to (?:successfully )?match|\bno match (?:was|could be) found", re.I)
MATCH_AFTER = re.compile(r"^\W*(?:\w+\W+){0,2}where a (?:successful )?match\b", re.I)
REQUEST_CUE = re.compile(r"\b(?:requested|request|received|involving|checked)\b", re.I)
RETURN_CUE = re.compile(r"\b(?:returned|provided|disclosed|shared|passed)\b", re.I)
CLAUSE_BREAK = re.compile(r"\b(?:as|because|where|which|since)\b|[–;]")
MATCH_CUE = re.compile(r"\b(?:match|matched|checked|searched)\b", re.I)
MATCHED_ON = re.compile(r"match(?:ed)?\s+(?:on|based on|against)\b[^.]{0,60}$", re.I)
SEARCH_VERB = re.compile(r"\b(?:searched|checked|matched)\b", re.I)
DISCLOSE_CUE = re.compile(r"\b(?:returned|provided|comprised|confirmed|disclosed|shared|data items)\b", re.I)
PURPOSE_PHRASE = re.compile(
    r"\b(?:for the purposes? of|to establish|in connection with|to support|to evaluate|to investigate"
    r"|enables the sharing of personal data to)\b(?:(?! (?:is|are|was|were) )[^.;:,(]|\((?![^)]*[Rr]eference)[^)]*\))*", re.I)
BIRTH_CONTEXT = re.compile(r"date of birth|born", re.I)

AGREEMENT_NAMED = re.compile(
    r"\b(?P<name>(?:[A-Z][a-z]+\s){1,3})(?:MoU|MOU)\b(?:\s*\(version\s+(?P<version>[\d.]+)\))?")
AGREEMENT_TITLED = re.compile(r"\b(?P<title>Agreement to [^,.;]+?)(?=,|\.|;| along| is | are |$)")
REQUEST_FORM_NAMED = re.compile(r"\b(?P<title>Personal Data Request Form)\b")
NAME_STOPWORDS = {"The", "This", "That", "Current", "Only", "Each", "Any", "No", "Further", "A", "An", "Every"}
IN_FORCE = re.compile(r"\b(?:came into force|in force from|effective from|signed)\b", re.I)
REVIEW = re.compile(r"\breview of (?:these|this|the) (?:documents?|MoUs?|agreements?) began in\b", re.I)
ACTING_THROUGH = re.compile(r"acting through")

EXEMPTION_USE = re.compile(
    r"\b(?:withheld|withholding|redactions?|redacted|not required to provide|have applied|exemption applies)\b",
    re.I)
INFORMATION_REQUESTED = re.compile(r"\binformation (?:you )?requested\b", re.I)
ABOVE = re.compile(r"\babove\b", re.I)
DENIAL = re.compile(
    r"\b(?:there (?:is|are) no|does not have any|do not have any|^No(?: further)?)\b[^.]*?"
    r"\b(?:MOUs?|MoUs?|data sharing agreements?|agreements?)\b")
THESE_REQUESTS = re.compile(r"\b(?:these|those|the) requests\b", re.I)
THOSE_PURPOSES = re.compile(r"\b(?:those|these|such) purposes?\b|\bthat purpose\b", re.I)


@dataclass
class Context:
    """What a rule may look at besides its sentence: the document, the authority, the group and unit."""

    document: Document
    reference: Reference
    authority: str
    group: Group
    unit: Unit


def _mentions(text: str, reference: Reference, kind: str) -> list[Mention]:
    return [m for m in find_mentions(text, reference) if m.kind == kind]


def _counterparties(text: str, context: Context) -> list[str]:
    """Organisations named in a text other than the answering authority, most specific unit first."""
    found: list[str] = []
    for mention in _mentions(text, context.reference, "org"):
        if mention.iri != context.authority and mention.iri not in found:
            found.append(mention.iri)
    if ACTING_THROUGH.search(text):
        # "the Home Office acting through UKVI": the unit that acts is the party.
        found = context.reference.most_specific_orgs(found)
    return found


def _add_counts(record: Record, said: Said) -> None:
    """Counts of individuals with their role (requested, matched, returned) from the verbs around them."""
    text = said.sentence.text
    spans = (said.sentence.start, said.sentence.end, said.speaker)
    for match in COUNT.finditer(text):
        value = number_value(match.group("number"))
        before = CLAUSE_BREAK.split(text[: match.start()])[-1]
        after = text[match.end():]
        if MATCH_AFTER.match(after):
            record.add("subjects_matched", value, *spans)
            if RETURN_CUE.search(before):
                record.add("subjects_returned", value, *spans)
            continue
        if RETURN_CUE.search(before) or (not REQUEST_CUE.search(before) and RETURN_CUE.search(after)):
            record.add("subjects_returned", value, *spans)
        else:
            record.add("subjects_requested", value, *spans)
    if THAT_ONE.search(text) and RETURN_CUE.search(text) and not NEGATED.search(text) and not COUNT.search(text):
        record.add("subjects_returned", 1, *spans)
    if NO_MATCH.search(text):
        record.add("subjects_matched", 0, *spans)
        record.add("subjects_returned", 0, *spans)
        record.add("outcome", "no match found", *spans)


def _add_share_facts(record: Record, said: Said, context: Context) -> None:
    """Everything one sentence says about a share."""
    text, reference = said.sentence.text, context.reference
    spans = (said.sentence.start, said.sentence.end, said.speaker)
    negated = bool(NEGATED.search(text))
    mentions = find_mentions(text, reference)
    _add_counts(record, said)
    if not negated:
        for mention in mentions:
            if mention.kind == "item":
                record.add(_item_role(text, mention), mention.iri, *spans)
    for mention in mentions:
        if mention.kind == "dataset":
            record.add("dataset", mention.iri, *spans)
        elif mention.kind == "purpose":
            record.add("purpose", mention.iri, *spans)
        elif mention.kind == "statute" and not _is_foi_act(mention.iri, reference):
            record.add("legal_basis", mention.iri, *spans)
    for phrase in PURPOSE_PHRASE.finditer(text):
        if any(m.kind == "purpose" and phrase.start() <= m.start < phrase.end() for m in mentions):
            record.add("purpose_text", " ".join(phrase.group(0).split()).strip(" ,"), *spans)
    if BIRTH_CONTEXT.search(text):
        for match in YEAR_RANGE.finditer(text):
            record.add("birth_period", Period(match.group(1), match.group(2)), *spans)
    if not negated and RETURN_CUE.search(text):
        record.cite(*spans, {"recipient"})


def _item_role(text: str, mention: Mention) -> str:
    """Whether a data item was the key matched on or was disclosed, from the verbs nearest to it."""
    if MATCHED_ON.search(text[: mention.start]) or SEARCH_VERB.search(text):
        return "matched_on"
    segment_start = max(text.rfind(mark, 0, mention.start) for mark in "–;")
    segment_end = min((i for i in (text.find(mark, mention.end) for mark in "–;") if i >= 0), default=len(text))
    if re.search(r"\bdata items\b", text) or DISCLOSE_CUE.search(text[segment_start + 1: segment_end]):
        return "disclosed"
    return "matched_on" if MATCH_CUE.search(text) else "disclosed"


def _is_foi_act(node: str, reference: Reference) -> bool:
    foi_act = next(iter({n.rsplit("/section/", 1)[0] for n in reference.foi_sections.values()}), "")
    return node.startswith(foi_act) if foi_act else False


def _background(group: Group) -> Said | None:
    """The requester's statement of the event a question is about: a sentence with a date and a count."""
    for said in group.question:
        if partial_dates(said.sentence.text) and COUNT.search(said.sentence.text):
            return said
    return None


def _share_key(record: Record, counterparty: str | None, date: object) -> tuple[str, ...]:
    references = sorted(str(r) for r in record.values.get("reference", []))
    return ("ref", *references) if references else ("event", counterparty or "", str(date or ""))


def _unit_shares(context: Context, intro_orgs: list[str]) -> list[Record]:
    """Share records described by one unit: a keyed list item, or a paragraph around a share trigger."""
    unit = context.unit
    authority_said = [s for s in unit.sentences if s.speaker == "authority"]
    if not authority_said:
        return []
    record = Record("share")
    triggered = [s for s in authority_said if SHARE_TRIGGER.search(s.sentence.text)]
    if unit.keyed:
        head = authority_said[0]
        references = SHARE_REFERENCE.findall(KEYED_ITEM.match(head.sentence.text).group(0))
        for ref in dict.fromkeys(references):
            record.add("reference", ref, head.sentence.start, head.sentence.end, head.speaker)
        record.add("requests", len(dict.fromkeys(references)), head.sentence.start, head.sentence.end, head.speaker)
    elif not triggered:
        return []
    sources: list[Said] = list(authority_said)
    background = _background(context.group) if any(ANAPHORA.search(s.sentence.text) for s in triggered) else None
    if background:
        sources.insert(0, background)
    for said in sources:
        _add_share_facts(record, said, context)
    dates = [d for s in sources for _, d in share_dates(s.sentence.text)]
    date_source = next((s for s in sources if share_dates(s.sentence.text)), None)
    orgs = [o for s in sources for o in _counterparties(s.sentence.text, context)]
    if not orgs:
        orgs = intro_orgs or [o for s in context.group.question for o in _counterparties(s.sentence.text, context)]
    substance = any(p in record.values for p in (
        "subjects_requested", "subjects_returned", "subjects_matched", "matched_on", "disclosed", "dataset",
        "birth_period", "reference"))
    if not orgs or not substance:
        return []
    counterparty = orgs[0]
    first = authority_said[0].sentence
    record.add("provider", context.authority, first.start, first.end, "authority")
    cite_from = next((s for s in sources if counterparty in _counterparties(s.sentence.text, context)), None)
    where = cite_from or authority_said[0]
    record.add("recipient", counterparty, where.sentence.start, where.sentence.end, where.speaker)
    asked = next((s for s in sources if re.search(r"request(?:ed)? (?:from|by)", s.sentence.text)), None)
    if asked:
        record.add("requested_by", counterparty, asked.sentence.start, asked.sentence.end, asked.speaker)
    if dates and date_source:
        record.drop("date")
        record.add("date", dates[0], date_source.sentence.start, date_source.sentence.end, date_source.speaker)
    if "dataset" in record.values:
        record.values["dataset"] = context.reference.most_specific_datasets(record.values["dataset"])
    record.key = _share_key(record, counterparty, dates[0] if dates else None)
    return [record]


def _unit_agreements(context: Context) -> list[Record]:
    """Agreements a unit describes: named MoUs, titled agreements, or the one unnamed agreement it is about."""
    named: dict[str, Record] = {}
    unnamed: Record | None = None
    authority_said = [s for s in context.unit.sentences if s.speaker == "authority"]
    parties: list[str] = [context.authority]
    for said in authority_said:
        text = said.sentence.text
        spans = (said.sentence.start, said.sentence.end, said.speaker)
        if DENIAL.search(text) or EXEMPTION_USE.search(text) and not AGREEMENT_NAMED.search(text):
            continue
        for match in AGREEMENT_NAMED.finditer(text):
            name = match.group("name").split()[-1]
            if name in NAME_STOPWORDS:
                continue
            record = named.setdefault(name, Record("agreement"))
            record.add("title", f"{name} MoU", *spans)
            record.add("type", MOU, *spans)
            if match.group("version"):
                record.add("version", match.group("version"), *spans)
        words = [m.group("kind") for m in AGREEMENT_WORD.finditer(text)]
        titled = AGREEMENT_TITLED.search(text)
        form = REQUEST_FORM_NAMED.search(text)
        if (words or titled or form) and not AGREEMENT_NAMED.search(text):
            unnamed = unnamed or Record("agreement")
            if titled:
                unnamed.add("title", titled.group("title").strip(), *spans)
            if form:
                unnamed.add("title", form.group("title"), *spans)
                unnamed.add("type", REQUEST_FORM, *spans)
            elif any(w.lower().startswith(("mou", "memorandum")) for w in words):
                unnamed.add("type", MOU, *spans)
            elif words or titled:
                unnamed.add("type", DSA, *spans)
        for org in _counterparties(text, context):
            if org not in parties:
                parties.append(org)
    targets = list(named.values()) or ([unnamed] if unnamed else [])
    if not targets:
        return []
    if named and unnamed:
        for record in targets:
            record.absorb(_without(unnamed, {"title", "type"}))
    for said in authority_said:
        _add_agreement_facts(targets, said, context)
    for record in targets:
        if "purpose" not in record.values:
            for question in context.group.question:
                for mention in _mentions(question.sentence.text, context.reference, "purpose"):
                    record.add("purpose", mention.iri, question.sentence.start, question.sentence.end,
                               question.speaker)
        for party in parties:
            record.add("party", party, *_first_naming(authority_said, party, context))
        kinds = record.values.get("type", [])
        record.values["type"] = [k for k in (REQUEST_FORM, MOU, DSA) if k in kinds][:1]
        record.key = natural_key(record, context.reference)
    return targets


def _without(record: Record, dropped: set[str]) -> Record:
    copy = Record(record.kind)
    copy.values = {p: list(v) for p, v in record.values.items() if p not in dropped}
    for claim in record.claims:
        if not claim.properties & dropped:
            copy.cite(claim.start, claim.end, claim.speaker, set(claim.properties), claim.inferred)
    return copy


def _first_naming(said: list[Said], org: str, context: Context) -> tuple[int, int, str]:
    for item in said:
        if org in [m.iri for m in _mentions(item.sentence.text, context.reference, "org")] \
                or (org == context.authority and any(a in item.sentence.text for a in context.reference.authority_aliases)):
            return item.sentence.start, item.sentence.end, item.speaker
    return said[0].sentence.start, said[0].sentence.end, said[0].speaker


def _add_agreement_facts(targets: list[Record], said: Said, context: Context) -> None:
    text = said.sentence.text
    spans = (said.sentence.start, said.sentence.end, said.speaker)
    if EXEMPTION_USE.search(text):
        return
    for mention in _mentions(text, context.reference, "purpose"):
        for record in targets:
            record.add("purpose", mention.iri, *spans)
    for phrase in PURPOSE_PHRASE.finditer(text):
        for record in targets:
            record.add("purpose_text", " ".join(phrase.group(0).split()).strip(" ,"), *spans)
    for reference in SHARE_REFERENCE.findall(text):
        if reference.startswith("DS"):
            for record in targets:
                record.add("reference", reference, *spans)
    full_dates = [d for _, d in partial_dates(text) if d.count("-") == 2]
    if IN_FORCE.search(text) and full_dates:
        for record in targets:
            record.add("in_force_from", full_dates[0], *spans)
    if REVIEW.search(text):
        since = [d for _, d in partial_dates(text)]
        for record in targets:
            record.add("status", "under review", *spans)
            if since:
                record.add("status_since", since[0], *spans)


def _question_agreement(context: Context) -> Record | None:
    """The agreement a question asks for ("any MOU / Data sharing agreement between the two Departments")."""
    record: Record | None = None
    parties = [context.authority]
    for said in context.group.question:
        text = said.sentence.text
        words = [m.group("kind") for m in AGREEMENT_WORD.finditer(text)]
        if words and record is None:
            record = Record("agreement")
            kind = MOU if words[0].lower().startswith(("mou", "memo")) \
                else DSA
            record.add("type", kind, said.sentence.start, said.sentence.end, said.speaker)
        for org in _counterparties(text, context):
            if org not in parties:
                parties.append(org)
    if record is None:
        return None
    for party in parties:
        record.add("party", party, *_first_naming(context.group.question, party, context))
    record.key = natural_key(record, context.reference)
    return record


def _unit_exemptions(context: Context, unit_records: list[Record], group_records: list[Record],
                     question_agreement: Record | None) -> list[Record]:
    """Exemptions the authority says it applied, and to which records."""
    found: list[Record] = []
    authority_said = [s for s in context.unit.sentences if s.speaker == "authority"]
    citations: dict[str, list[str]] = {}
    for said in authority_said:
        for match in FOI_CITATION.finditer(said.sentence.text):
            citations.setdefault(match.group("section"), []).append(
                match.group("section") + re.sub(r"\s+", "", match.group("sub")))
    for said in authority_said:
        text = said.sentence.text
        if not EXEMPTION_USE.search(text):
            continue
        spans = (said.sentence.start, said.sentence.end, said.speaker)
        refs = set(SHARE_REFERENCE.findall(text))
        if not refs and THESE_REQUESTS.search(text) and not any(r.kind == "agreement" for r in unit_records):
            earlier = authority_said[: authority_said.index(said)]
            refs = {ref for s in earlier for ref in SHARE_REFERENCE.findall(s.sentence.text)}
        if refs:
            # The shares may be described later in the document: link by reference, resolved in extract().
            targets = [Record("share", key=("ref", ref)) for ref in sorted(refs)]
        elif INFORMATION_REQUESTED.search(text) and question_agreement is not None:
            targets = [question_agreement]
        elif ABOVE.search(text):
            targets = [r for r in group_records + unit_records if r.kind == "agreement"]
        else:
            targets = [r for r in unit_records if r.kind == "agreement"] or \
                      [r for r in unit_records if r.kind == "share"]
        treatment = "withheld" if re.search(r"withh", text, re.I) else \
            "reasonably accessible" if re.search(r"not required to provide", text) else "redacted"
        for match in FOI_CITATION.finditer(text):
            section = match.group("section")
            node = context.reference.foi_sections.get(section)
            if node is None:
                continue
            record = Record("exemption")
            record.add("cited", node, *spans)
            record.add("treatment", treatment, *spans)
            provision = max(citations.get(section, [section]), key=len)
            record.add("provision", provision, *spans)
            for target in dict.fromkeys(id(t) for t in targets):
                target_record = next(t for t in targets if id(t) == target)
                record.add("applied_to", RecordRef(target_record.kind, target_record.key), *spans)
            record.key = (section, treatment, *sorted("/".join(str(v) for v in r.key)
                                                      for r in targets))
            found.append(record)
    return found


def _unit_denials(context: Context) -> list[Record]:
    """Statements that no agreement exists between parties or for purposes."""
    found: list[Record] = []
    for said in context.unit.sentences:
        text = said.sentence.text
        if said.speaker != "authority" or not DENIAL.search(text):
            continue
        spans = (said.sentence.start, said.sentence.end, said.speaker)
        record = Record("denial")
        record.add("denied", "agreement", *spans)
        record.add("party", context.authority, *spans)
        for org in _counterparties(text, context):
            record.add("party", org, *spans)
        purposes = _mentions(text, context.reference, "purpose")
        if purposes and not THOSE_PURPOSES.search(text):
            for mention in purposes:
                record.add("purpose", mention.iri, *spans)
        else:
            for question in context.group.question:
                for mention in _mentions(question.sentence.text, context.reference, "purpose"):
                    record.add("purpose", mention.iri, question.sentence.start, question.sentence.end,
                               question.speaker)
        record.key = ("denial", *sorted(context.reference.label(str(p)) for p in record.values["party"]),
                      *sorted(context.reference.label(str(p)) for p in record.values.get("purpose", [])))
        found.append(record)
    return found


def _dataset_notes(said: list[Said], reference: Reference) -> list[Record]:
    """'Pupil Referral Unit Census (last collected in 2013 ...)': a fact about a dataset itself."""
    notes: list[Record] = []
    for item in said:
        if item.speaker != "authority":
            continue
        for mention in _mentions(item.sentence.text, reference, "dataset"):
            tail = item.sentence.text[mention.end: mention.end + 40]
            found = re.match(r"\s*\(last collected in ((?:19|20)\d\d)", tail)
            if found:
                record = Record("dataset", key=("dataset", mention.iri), node=mention.iri)
                record.add("last_collected", found.group(1), item.sentence.start, item.sentence.end, item.speaker)
                notes.append(record)
    return notes


def _link_standing_shares(records: list[Record]) -> None:
    """A standing process (no date, no reference) is governed by the standing agreements between the same parties
    that the same document describes; a request form governs the shares with the party it is used by."""
    link_by_parties(records, lambda share, agreement: agreement.first("type") == REQUEST_FORM
                    or ("date" not in share.values and "reference" not in share.values))


def extract(document: Document, reference: Reference | None = None) -> Extraction:
    """Run every rule over a document and return its records, merged within the document."""
    reference = reference or load_reference()
    sentences = split_sentences(document.text)
    analysed = layout(sentences, document.text, reference)
    if analysed.authority is None:
        # No letter to an authority: a parliamentary answer, a web page or a report, whose flows are stated
        # outright with both parties named.
        records = finalise(statement_records(sentences, reference, document.url), reference)
        link_agreements(records)
        return Extraction(records=records)
    records: list[Record] = _dataset_notes(analysed.said, reference)
    for group in analysed.groups:
        group_records: list[Record] = []
        question_agreement = None
        intro_orgs: list[str] = []
        for unit in group.units:
            context = Context(document, reference, analysed.authority, group, unit)
            if not unit.keyed:
                intro_orgs = [o for s in unit.sentences for o in _counterparties(s.sentence.text, context)]
            unit_records = _unit_shares(context, intro_orgs) + _unit_agreements(context)
            for agreement in [r for r in unit_records if r.kind == "agreement" and "reference" in r.values]:
                unit_records.append(_share_under(agreement, context))
            if question_agreement is None and any(INFORMATION_REQUESTED.search(s.sentence.text)
                                                  and EXEMPTION_USE.search(s.sentence.text)
                                                  for s in unit.sentences):
                question_agreement = _question_agreement(context)
                if question_agreement:
                    unit_records.append(question_agreement)
            unit_records += _unit_exemptions(context, unit_records, group_records, question_agreement)
            unit_records += _unit_denials(context)
            group_records += unit_records
        records += group_records
    records = merge(records)
    # A share first known by one of its references (an exemption "applied to 2023-0028898") is the share that
    # carries that reference among others.
    full_keys = {("ref", str(ref)): natural_key(record, reference)
                 for record in records if record.kind == "share" for ref in record.values.get("reference", [])}
    for record in records:
        for prop in ("agreement", "applied_to"):
            if prop in record.values:
                record.values[prop] = [RecordRef(v.kind, full_keys.get(v.key, v.key)) if v.kind == "share" else v
                                       for v in record.values[prop]]
    records = finalise(records, reference)
    _link_standing_shares(records)
    return Extraction(records=records)


def _share_under(agreement: Record, context: Context) -> Record:
    """An agreement with a share reference (a DSAP number) is the record of a share under that reference."""
    share = Record("share")
    claim = agreement.claims[0]
    for ref in agreement.values.get("reference", []):
        share.add("reference", ref, claim.start, claim.end, claim.speaker)
    share.add("provider", context.authority, claim.start, claim.end, claim.speaker)
    for party in agreement.values.get("party", []):
        if party != context.authority:
            share.add("recipient", party, claim.start, claim.end, claim.speaker)
    for purpose in agreement.values.get("purpose", []):
        share.add("purpose", purpose, claim.start, claim.end, claim.speaker)
    for text in agreement.values.get("purpose_text", []):
        share.add("purpose_text", text, claim.start, claim.end, claim.speaker)
    share.values["agreement"] = [RecordRef("agreement", agreement.key)]
    share.cite(claim.start, claim.end, claim.speaker, {"agreement"})
    share.key = _share_key(share, None, None)
    return share
