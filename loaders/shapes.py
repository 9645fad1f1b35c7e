"""Sentence shapes written while reading the development documents (sessions 1-4), kept beside the frame reader
(loaders/frames.py) as its fallback: a sentence whose grammar the frame reader reads as a fact but in which it finds
no parties is tried against these shapes. They know a few wordings ("checks data from", "provides ... that allows
X to", "from X which is held by Y") the frames do not yet read; bench/extraction.py measures what they add on each
set. A sentence the frames read as a question, plan, power, hypothetical or denial never reaches them.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable

from flowatlas.loaders.mentions import Mention


@dataclass(frozen=True)
class Flow:
    """Who gives and who receives, as one sentence states it."""

    provider: str
    recipient: str
    requested_by: str = ""
    # Whether a date at a character offset of the sentence dates this flow (a frame's clause decides; a shape
    # takes every date).
    dated_by: Callable[[int], bool] = field(default=lambda offset: True, compare=False, repr=False)
    act: str = field(default="give", compare=False)  # the frame's act (give, receive, ask, match)


# Who provides and who receives, by sentence shape; `a` and `b` are organisation slots (the document's own voice,
# "the Department", is a slot too).
GIVES_TO = re.compile(r"@(?P<a>\d+)[^.@]{0,60}?\b(?:disclose[sd]?|provided?|provides|sends?|sent|suppl(?:y|ies|ied)"
                      r"|pass(?:es|ed)?)\b[^.@]{0,80}?\bto (?:the )?@(?P<b>\d+)")
ASKS_OF = re.compile(r"@(?P<b>\d+) (?:to make|made|makes) (?:[\w,]+ ){0,3}requests to (?:the )?@(?P<a>\d+)")
# "DfE returns addresses and school details": back to the body that asked, named before.
RETURNS = re.compile(r"@(?P<a>\d+)[^.@]{0,40}?\b(?:returns|returned|sends back|sent back)\b(?![^.]*\bto @)")
HELD_BY = re.compile(r"\bfrom @(?P<a>\d+) (?:which|that) (?:is|are) held by @(?P<b>\d+)")
SHARES_WITH = re.compile(r"@(?P<a>\d+)[^.@]{0,40}?\bshare\b[^.@]{0,60}?\bwith @(?P<b>\d+)")
SENT_TO = re.compile(r"\b(?:records|data|information)\s+(?:sent|provided|passed|disclosed) to @(?P<b>\d+)")
SLOT_LIST = r"(?P<slots>@\d+(?:(?:,| or| and) (?:the )?@\d+)*)"
ON_REQUEST = re.compile(rf"\b[Ww]here (?:the )?{SLOT_LIST} have\b[^.]*\bmay be requested from\b")
# A service one body runs for others ("DCSF provides an ... checking service that allows local authorities to
# verify"), and the bodies whose data that service checks ("The FSM ECS checks data from DWP, the Home Office ...").
SERVES = re.compile(r"@(?P<a>\d+)[^.@]{0,20}\bprovides\b[^.@]{0,120}?\ballows @(?P<b>\d+) to\b")
CHECKS_DATA_FROM = re.compile(rf"\bchecks data from (?:the )?{SLOT_LIST}")

def shape_flows(slotted: str, orgs: list[Mention], authority: str | None, operator: list[str],
                counterpart: list[str]) -> list[Flow]:
    """Every provider → recipient pair one sentence (as `_slotted` gives it) states. `operator` carries the body
    running a checking service from the sentence that introduces it to the sentences that say whose data it
    checks; `counterpart` the other bodies named so far, in order."""

    def org(slot: str) -> str:
        return orgs[int(slot)].iri

    found = [Flow(org(m["a"]), org(m["b"])) for m in GIVES_TO.finditer(slotted)]
    for match in SERVES.finditer(slotted):
        operator[:] = [org(match["a"])]
        found.append(Flow(org(match["a"]), org(match["b"])))
    for match in CHECKS_DATA_FROM.finditer(slotted):
        found += [Flow(org(slot), body) for slot in re.findall(r"@(\d+)", match["slots"]) for body in operator]
    found += [Flow(org(m["a"]), org(m["b"]), org(m["b"])) for m in ASKS_OF.finditer(slotted)]
    found += [Flow(org(m["a"]), org(m["b"])) for m in HELD_BY.finditer(slotted)]
    found += [Flow(org(m["a"]), org(m["b"])) for m in SHARES_WITH.finditer(slotted)]
    found += [Flow(org(m["a"]), back) for m in RETURNS.finditer(slotted)
              for back in [o for o in counterpart + [authority or ""] if o and o != org(m["a"])][-1:]]
    if authority:
        found += [Flow(authority, org(m["b"])) for m in SENT_TO.finditer(slotted)]
        for match in ON_REQUEST.finditer(slotted):
            found += [Flow(authority, org(slot)) for slot in re.findall(r"@(\d+)", match["slots"])]
    return [flow for flow in dict.fromkeys(found) if flow.provider != flow.recipient]
