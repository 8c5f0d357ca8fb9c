"""A person's initials where the note says they are someone's: after the word "initials" ("Subject with initials
T.T.", "Initials: DW", a table's Initials column), signing an entry on a line of their own before a nurse's
credential ("M.S. RN", "a.h./rn", "-- h.p./rn", "/samira h., rn"), after an attestation's dash ("...note above.
-AY") and in a letter's reference ("Our ref: AB/hl/0983": the author's and the typist's). Initials elsewhere are
abbreviations as often, and stay.
"""

from __future__ import annotations

import re

from medcorpus.transforms.deid import en_lexicon
from medcorpus.transforms.deid.en_patterns import Resources, Spans
from medcorpus.transforms.deid.en_tables import CREDENTIAL_WORDS

# one to four letters, each perhaps with a full stop, or joined by hyphens ("DW", "T.T.", "É-C-A", "s.h.", "DSR")
_INITIALS = r"[^\W\d_](?:\.?[^\W\d_]){1,3}\.?|[^\W\d_](?:-[^\W\d_]){1,3}"
_INITIALS_CUE_RE = re.compile(
    rf"\b(?:initials(?:[ ]?[:|=-][ \t]*|[ ](?:are[ ]|were[ ]|of[ ])?)|initial[ ]?[:|=][ \t]*)(?P<v>{_INITIALS})"
    r"(?![\w'\u2019-]|\.\w)", re.I)  # not "initial exam"
# a nurse's credential ending a line: the line before it is read for the initials or "First I." that sign it
_SIGNING_CREDENTIALS = frozenset("rn lpn lvn cna rrt rpn".split())
_CREDENTIAL_END_RE = re.compile(rf"\b(?:{'|'.join(_SIGNING_CREDENTIALS)})\b\.?[ \t]*(?:\n|$)")
_SIGNING_RE = re.compile(
    r"[ \t]*(?:-{1,2}|/|~)?[ ]?(?P<v>(?:[a-z]\.){2,3}|[a-z]{2,3}|(?P<first>[a-z][a-z'\u2019-]+)[ ][a-z]\.)"
    r"[ ]?[/,]?[ ]?/?")
# initials signed after a dash at the end of a note's last sentence ("...agree with the note above. -AY"; not a
# list's "-DVT" on the next line)
_DASH_SIGNED_RE = re.compile(r"(?<=[.!?])[ ]+-[ ]?(?P<v>[A-Z]{2,3}|(?:[A-Z]\.){2,3}|(?:[a-z]\.){2,3})\s*$")
# dotted initials as a label's value: a sign-out's, a message's, a nurse's ("Incoming: A.K.", "From: R.K. RN",
# "Charge RN: N.N. RN")
_LABELLED_RE = re.compile(r"\b(?i:incoming|outgoing|attg|attending|from|to|cc|charge[ ]rn|charge[ ]nurse|rn|nurse|"
                          r"signed|by|resident|fellow|covering)[ ]?:[ \t]*(?P<v>(?:[A-Z]\.){2,3})"
                          r"(?=[ \t]*(?:$|\n|,|[A-Z]{2,4}\b))")
# a letter's reference: the author's initials, the typist's, a number ("Our ref: AB/hl/0983", "Ref: JL/ha")
_REFERENCE_RE = re.compile(r"\b(?:our|your|my)?[ ]?ref(?:erence)?\.?(?:[ ]no\.?)?[ ]?:?[ \t]*"
                           r"(?P<a>[A-Za-z]{2,4})/(?P<b>[A-Za-z]{2,4})(?=/|[ \t]*(?:\n|$))", re.I)
# letters that sign no one: abbreviations a note writes where initials could stand
_NOT_INITIALS = frozenset("pt pts md do dr ms mr mrs rn np pa ok no nc ns iv po pr prn am pm hr bp rr ed er or "
                          "icu ccu pcu nsg per re cc fyi see the and for pcp sob cp ua".split())
_CREDENTIALS = frozenset(c.lower() for c in CREDENTIAL_WORDS)


def initials(text: str, low: str, res: Resources, out: Spans) -> None:
    if "initial" in low:
        for m in _INITIALS_CUE_RE.finditer(text):
            value = m.group("v")
            if ":" in m.group() or "|" in m.group() or "." in value or "-" in value or value.isupper():
                out.add(m.start("v"), m.end("v"), "NAME", "en.name.initials", 0.85)  # not "initials of the first"
    words = en_lexicon.word_set(text)
    if not _SIGNING_CREDENTIALS.isdisjoint(words):
        _signing_lines(text, low, out)
    if "-" in text and (m := _DASH_SIGNED_RE.search(text, max(0, len(text.rstrip()) - 8))):
        letters = m.group("v").replace(".", "").lower()
        if letters not in _CREDENTIALS and letters not in _NOT_INITIALS and (
                m.group("v").isupper() or letters not in en_lexicon.safe_words()):
            out.add(m.start("v"), m.end("v"), "NAME", "en.name.initials", 0.8)
    if ":" in text and "." in text:
        for m in _LABELLED_RE.finditer(text):
            out.add(m.start("v"), m.end("v"), "NAME", "en.name.initials", 0.85)
    if "/" in text and not words.isdisjoint(("ref", "reference")):
        for m in _REFERENCE_RE.finditer(text):
            out.add(m.start("a"), m.end("a"), "NAME", "en.name.initials", 0.85)
            out.add(m.start("b"), m.end("b"), "NAME", "en.name.initials", 0.85)


def _signing_lines(text: str, low: str, out: Spans) -> None:
    """Initials, or a first name and an initial, alone on a line before a nurse's credential ("M.S. RN",
    "/e.m./rn", "- fo rn", "KAREN B., RN")."""
    safe, firsts = en_lexicon.safe_words(), en_lexicon.person_names()[0]
    for m in _CREDENTIAL_END_RE.finditer(low):
        line_start = low.rfind("\n", 0, m.start()) + 1
        sign = _SIGNING_RE.fullmatch(low, line_start, m.start())
        if sign is None:
            continue
        value, first = sign.group("v"), sign.group("first")
        if first is not None:
            if first not in firsts or first in safe:
                continue  # "- pain 4/10, rn": words
        elif "." not in value and (value in _NOT_INITIALS or value in safe and not text[
                sign.start("v"):sign.end("v")].isupper()):
            continue  # "- per rn", "- pt rn"; not "MM RN"
        out.add(sign.start("v"), sign.end("v"), "NAME", "en.name.initials", 0.8)
