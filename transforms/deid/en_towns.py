"""Towns and counties by gazetteer, in any letter case: "job in Bel Air", "returned to new haven",
"this towson maryland facility"; and a state university's hospital by its short name ("U Maryland ER").

The gazetteer (``resources/en_us_towns_geonames.txt`` from GeoNames, and the hand-written
``resources/en_us_cities.txt``) holds every US place of 5,000 people or more and every county, so it also
holds ordinary words ("Normal", "Mobile") and surnames ("Jackson"). A name counts as a town only in context:

* after a place preposition ("in", "from", "near", "to"), or before a state name ("towson, maryland");
* a one-word name that is an ordinary word needs the state after it; a medical eponym never counts;
* in mixed-case text a name followed by a capitalised word is the start of a longer name ("in Jackson
  Memorial", left to the facility rules), and one followed by a noun or a number is a device ("Mayo stand").
"""

from __future__ import annotations

import re
import threading

from medcorpus.transforms.deid import en_lexicon
from medcorpus.transforms.deid.en_patterns import Resources, Spans, word_trie
from medcorpus.transforms.deid.en_tables import EPONYMS, NOT_CITIES, STATE_ABBR, STATE_NAMES, US_CITIES

__all__ = ["towns"]

# state abbreviations that are no English word or clinical abbreviation ("IN", "OR", "MD", "MS" are)
_PLAIN_ABBR = sorted(set(STATE_ABBR) - set("IN OR ME OK HI PA MD ID OH CO MA MS DE LA MI MT GA AL".split()))
_TIME_WORDS = frozenset("today yesterday tonight tomorrow last next this area recently now".split())
_PREPS = r"(?:in|from|near|to|outside(?:[ ]of)?)"


class _Gazetteer:
    def __init__(self) -> None:
        names = {line.lower() for line in en_lexicon.read_lines("en_us_towns_geonames.txt") + US_CITIES}
        states = {s.lower() for s in STATE_NAMES.split("|")}
        self.names = frozenset(n for n in names if n not in NOT_CITIES and n not in states and n not in EPONYMS)
        firsts, lasts = en_lexicon.person_names()
        safe = en_lexicon.safe_words()
        # one-word names that are ordinary words: a town only with its state after it
        self.ambiguous = frozenset(n for n in self.names if " " not in n and n in safe)
        self.person = frozenset(n for n in self.names if " " not in n and (n in firsts or n in lasts))
        # no leading \b: a pattern that opens with plain letters lets the engine skip ahead to them (the word
        # start is checked in code)
        self.prep_re = re.compile(rf"{_PREPS}[ ](?:the[ ])?(?P<t>{word_trie(self.names)})(?![\w'\u2019-])")
        self.last_words = en_lexicon.last_words(self.names)  # its word gate (en_lexicon.word_set)
        self.state_re = re.compile(rf"(?:{word_trie(states, word_start=True)})(?!\w)")  # "xwest [virginia]" too
        # its gate: a state after a space, or after "univ." ("towson, maryland", "univ.maryland"), as every town
        # and university before a state stands (a plain class first: the engine skips ahead to it)
        self.state_gate_re = re.compile(rf"[ .](?:{word_trie(states)})(?!\w)")
        self.state_words = en_lexicon.last_words(states)  # a word gate before it (word_set)
        self.university_re = re.compile(r"(?<![a-z])(?:u|univ\.?|university)[ ]?(?:of[ ])?$")
        self.hospital_after_re = re.compile(r"[ ](?:hosp(?:ital)?|medical[ ]cent(?:er|re)|med[ ]ctr|mc|er|ed)(?![a-z])")
        self.before_state_re = re.compile(r"(?P<t>[a-z.'-]+(?:[ ][a-z.'-]+){0,2}),?[ ]$")
        self.state_after_re = re.compile(rf"(?:,?[ ](?i:{word_trie(states)})|,[ ]?(?:{'|'.join(_PLAIN_ABBR)}))(?!\w)")
        self.capital_after_re = re.compile(r"[ ][A-Z]")
        self.word_after_re = re.compile(r"[ ](?P<w>[a-z]+|\d)")
        self.function = en_lexicon.function_words() | _TIME_WORDS


_GAZ: _Gazetteer | None = None
_LOCK = threading.Lock()


def _gazetteer() -> _Gazetteer:
    global _GAZ
    if _GAZ is None:
        with _LOCK:
            if _GAZ is None:
                _GAZ = _Gazetteer()
    return _GAZ


def _thing_after(text: str, e: int, gaz: _Gazetteer) -> bool:
    """Whether a noun or a number follows the name ("Mayfield headrest", "Allen stirrups", "Mayfield 3-point")."""
    m = gaz.word_after_re.match(text, e)
    return m is not None and m.group("w") not in gaz.function


def _capitals(text: str, s: int) -> bool:
    """Whether the text around is written in capitals."""
    around = text[max(0, s - 40):s + 40]
    return sum(c.isupper() for c in around) > sum(c.islower() for c in around)


def towns(text: str, low: str, res: Resources, out: Spans) -> None:
    gaz = _gazetteer()
    note_words = en_lexicon.word_set(text)
    for m in () if gaz.last_words.isdisjoint(note_words) else gaz.prep_re.finditer(low):
        if m.start() and low[m.start() - 1].isalnum():
            continue  # "within", "onto"
        s, e = m.span("t")
        name = m.group("t")
        written = text[s:e]
        if name in gaz.ambiguous and not gaz.state_after_re.match(text, e):
            continue  # "returned to Normal", "in Mobile"
        if written[0].islower() and " " not in name and name in gaz.person:
            continue  # "from jackson" in a lower-case note: a surname as often
        if written.istitle() and not _capitals(text, s) and (
                gaz.capital_after_re.match(text, e) or _thing_after(text, e, gaz)):
            continue  # "in Jackson Memorial", "the Dunn ICU", "from Mayo stand": a longer name, or a device
        if res.eponym_after_re.match(text, e) or (written.isupper() and len(written) <= 4 and not _capitals(text, s)):
            continue  # "the Ames test"; "ADA activity": an acronym in mixed-case text
        out.add(s, e, "CITY", "en.city.gazetteer", 0.7)
    gated = not gaz.state_words.isdisjoint(note_words) and gaz.state_gate_re.search(low)
    for m in gaz.state_re.finditer(low) if gated else ():
        univ = gaz.university_re.search(low, max(0, m.start() - 14), m.start())
        if univ:  # "U Maryland ER", "UOf Iowa Hosp", "univ. of utah": a state university's hospital
            head = gaz.hospital_after_re.match(low, m.end())
            out.add(univ.start(), head.end() if head else m.end(), "FACILITY", "en.facility.university", 0.9)
            continue
        before = gaz.before_state_re.search(low, max(0, m.start() - 40), m.start())
        if before is None:
            continue
        words = before.group("t").split()
        for k in range(len(words)):  # the longest run of words before the state that is a town
            name = " ".join(words[k:])
            if name in gaz.names:
                s = before.start("t") + len(" ".join(words[:k])) + (1 if k else 0)
                out.add(s, s + len(name), "CITY", "en.city.gazetteer", 0.7)
                break
