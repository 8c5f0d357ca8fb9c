"""Towns and counties by gazetteer, in any letter case: "job in Bel Air", "returned to new haven",
"this towson maryland facility"; a state university's hospital by its short name ("U Maryland ER"); and
facilities a town names, in any case ("sioux falls general hospital", "VNA of Flagstaff"), named after a person
("MCCOY CANCER INSTITUTE"), or known by name ("Kaiser Permanente Oakland", ``resources/en_known_hospitals.txt``).

The gazetteer (``resources/en_us_towns_geonames.txt`` and ``resources/en_world_cities_geonames.txt`` from
GeoNames, and the hand-written ``resources/en_us_cities.txt``) holds every US place of 5,000 people or more,
every county and the cities abroad of 75,000 or more, so it also holds ordinary words ("Normal", "Mobile")
and surnames ("Jackson"). A name counts as a town only in context:

* after a place preposition ("in", "from", "near", "to"), or before a state name ("towson, maryland");
* a one-word name that is an ordinary word needs the state after it; a medical eponym never counts;
* in mixed-case text a name followed by a capitalised word is the start of a longer name ("in Jackson
  Memorial", left to the facility rules), and one followed by a noun or a number is a device ("Mayo stand").
"""

from __future__ import annotations

import functools
import re

from medcorpus.transforms.deid import en_lexicon
from medcorpus.transforms.deid.en_patterns import Resources, Spans, word_trie
from medcorpus.transforms.deid.pattern_sets import built_twice
from medcorpus.transforms.deid.en_tables import EPONYMS, NOT_CITIES, STATE_ABBR, STATE_NAMES, US_CITIES

__all__ = ["towns"]

# state abbreviations that are no English word or clinical abbreviation ("IN", "OR", "MD", "MS" are)
_PLAIN_ABBR = sorted(set(STATE_ABBR) - set("IN OR ME OK HI PA MD ID OH CO MA MS DE LA MI MT GA AL".split()))
_DIGIT_OR_COMMA_RE = re.compile(r"[\d,]")
_TIME_WORDS = frozenset("today yesterday tonight tomorrow last next this area recently now".split())
_PREPS = r"(?:in|from|near|to|outside(?:[ ]of)?)"
_PREP_WORDS = frozenset("in from near to outside".split())  # where _PREPS can start (en_lexicon.matches_at_words)
STATE_WORDS = frozenset(w.lower() for s in STATE_NAMES.split("|") for w in s.split())  # a gate of state names


class _Gazetteer:
    def __init__(self) -> None:
        names = {line.lower() for line in en_lexicon.read_lines("en_us_towns_geonames.txt") + US_CITIES
                 + en_lexicon.read_lines("en_world_cities_geonames.txt")}
        states = {s.lower() for s in STATE_NAMES.split("|")}
        self.names = frozenset(n for n in names if n not in NOT_CITIES and n not in states and n not in EPONYMS)
        firsts, lasts = en_lexicon.person_names()
        safe = en_lexicon.safe_words()
        # one-word names that are ordinary words: a town only with its state after it
        self.ambiguous = frozenset(n for n in self.names if " " not in n and n in safe)
        self.person = frozenset(n for n in self.names if " " not in n and (n in firsts or n in lasts))
        # tried where a preposition's word starts (en_lexicon.matches_at_words); a digit before it: in code
        self.prep_re = re.compile(rf"{_PREPS}[ ](?:the[ ])?(?P<t>{word_trie(self.names)})(?![\w'\u2019-])")
        self.last_words = en_lexicon.last_words(self.names)  # its word gate (en_lexicon.word_set)
        # the word after a preposition where prep_re can match: a town's first word, "the", or "of" ("outside of")
        self.prep_then = frozenset(t[0][2] for n in self.names if (t := en_lexicon.word_tokens(n))) | {"the", "of"}
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
        self.states = frozenset(states)
        known = [line.lower() for line in en_lexicon.read_lines("en_known_hospitals.txt")]
        self.known_re = re.compile(rf"{word_trie(known, word_start=True)}(?![\w'\u2019-])")
        # its gate: all of one name's words in the note, looked up by the name's first word
        self.known_words: dict[str, list[frozenset[str]]] = {}
        for k in known:
            words = re.findall(r"[a-z]+", k)
            self.known_words.setdefault(words[0], []).append(frozenset(words))


_gazetteer = built_twice(_Gazetteer)


def is_town(name: str) -> bool:
    """Whether a lower-case name is a US town or county of the gazetteer."""
    return name in _gazetteer().names


def _thing_after(text: str, e: int, gaz: _Gazetteer) -> bool:
    """Whether a noun or a number follows the name ("Mayfield headrest", "Allen stirrups", "Mayfield 3-point")."""
    m = gaz.word_after_re.match(text, e)
    return m is not None and m.group("w") not in gaz.function


def _capitals(text: str, s: int) -> bool:
    """Whether the text around is written in capitals."""
    around = text[max(0, s - 40):s + 40]
    return sum(c.isupper() for c in around) > sum(c.islower() for c in around)


# A town where an address or a place puts it: after a hospital and a comma ("St. Anne's Hospital, Worcester"),
# before an Australian state and postcode ("Ballarat VIC 6051"), before an Indian PIN ("Jaipur - 453324")
_AFTER_PLACE_RE = re.compile(
    r",[ ](?P<t>[a-z](?:[a-z.'\u2019-]*[a-z'\u2019])?(?:[ ][a-z](?:[a-z.'\u2019-]*[a-z'\u2019])?){0,2})"
    r"(?=[ \t]*(?:[,;\n]|\.(?:\s|$)|$))")
_PLACE_BEFORE_COMMA_RE = re.compile(
    r"(?:hospital|infirmary|clinic|centre|center|hospice|practice|surgery|home|['\u2019]s|college|university)$")
# (each found by what a regex engine can skip ahead to: the state code or the PIN's digits; the town before
# them is read backwards)
_AU_STATE_RE = re.compile(r"[VNQSWTA][A-Z]{1,2}[ ](?P<zip>\d{4})(?!\d)")
_AU_STATES = frozenset("VIC NSW QLD SA WA TAS NT ACT".split())
_TOWN_BEFORE_STATE_RE = re.compile(r"(?P<t>[A-Z][A-Za-z'\u2019-]+(?:[ ][A-Z][A-Za-z'\u2019-]+){0,2})[ ]$")
_PIN_RE = re.compile(r"[1-9]\d{2}[ ]?\d{3}(?![\d/.:-])")
_TOWN_BEFORE_PIN_RE = re.compile(r"(?P<t>[a-z][a-z.'\u2019-]+(?:[ ][a-z][a-z.'\u2019-]+)?)(?:,|[ ]-)?[ ]$")


def _towns_in_addresses(text: str, low: str, gaz: _Gazetteer, out: Spans) -> None:
    if ", " in low:
        for m in _AFTER_PLACE_RE.finditer(low):
            name = m.group("t")
            if name in gaz.names and name not in gaz.ambiguous and _PLACE_BEFORE_COMMA_RE.search(low, max(0, m.start() - 12),
                                                                                                m.start()):
                out.add(m.start("t"), m.end("t"), "CITY", "en.city.after_place", 0.75)
    for m in _AU_STATE_RE.finditer(text):
        if m.group()[:-5] not in _AU_STATES or m.start() and text[m.start() - 1].isalpha():
            continue
        town = _TOWN_BEFORE_STATE_RE.search(text, max(0, m.start() - 40), m.start())
        if town and town.group("t").lower() in gaz.names:  # "Kaolin ACT 1000": a clotting time
            out.add(town.start("t"), town.end("t"), "CITY", "en.city.au_state", 0.8)
            out.add(m.start("zip"), m.end("zip"), "ZIP", "en.zip.au", 0.85)
    for m in _PIN_RE.finditer(low):
        if m.start() and low[m.start() - 1] in "0123456789/.:-":
            continue
        before = _TOWN_BEFORE_PIN_RE.search(low, max(0, m.start() - 40), m.start())
        if before is None:
            continue
        t = before.group("t")
        name = t if t in gaz.names else t.split()[-1] if t.split()[-1] in gaz.names else None
        if name and name not in gaz.ambiguous:
            out.add(before.end("t") - len(name), before.end("t"), "CITY", "en.city.pin", 0.75)
            out.add(m.start(), m.end(), "ZIP", "en.zip.pin", 0.8)


def towns(text: str, low: str, res: Resources, out: Spans) -> None:
    gaz = _gazetteer(res.ascii_mode)
    _facilities(text, low, res, gaz, out)
    if _DIGIT_OR_COMMA_RE.search(text):
        _towns_in_addresses(text, low, gaz, out)
    note_words = en_lexicon.word_set(text)
    for m in () if gaz.last_words.isdisjoint(note_words) else en_lexicon.matches_at_words(
            gaz.prep_re, text, low, _PREP_WORDS, then=gaz.prep_then):
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


# A facility's head words, and the words between a town and them ("Normal Community Hospital", "salt lake city
# regional medical center", "HOPE URGENT CARE"): a town before a head word names the place, in any case
_HEADS = ("hospital", "medical center", "medical centre", "health center", "health centre", "urgent care", "nursing home",
          "assisted living", "cancer center", "cancer institute", "dialysis center", "rehab center", "rehab hospital",
          "rehabilitation center", "rehabilitation hospital", "surgery center", "surgical center", "clinic", "hospice")
_HEAD_RE = re.compile(rf"{word_trie(_HEADS, word_start=True)}(?![\w-])")
_HEAD_GATE = frozenset(h.split()[0] for h in _HEADS)
_BETWEEN = frozenset("""
general community regional memorial family va veterans university county children's childrens women's medical state
area district baptist methodist presbyterian lutheran adventist
""".split())
_WORD_RE = re.compile(r"[a-z.'\u2019-]+")
# "vna of flagstaff", "Hospice of Wilkes-Barre", "CHILDREN'S HOSPITAL OF DES MOINES": a service of a town
_OF_HEADS = ("vna", "visiting nurse", "visiting nurses", "visiting nurse association", "visiting nurses association",
             "hospice", "children's hospital", "childrens hospital", "hospital", "medical center", "health center",
             "home health")
_OF_RE = re.compile(rf"{word_trie(_OF_HEADS, word_start=True)}[ ]of[ ](?:the[ ])?"
                    r"(?P<t>[a-z.'\u2019-]+(?:[ ][a-z.'\u2019-]+){0,2})")
_OF_GATE = frozenset(w for h in _OF_HEADS for w in h.split() if w.isalpha())
_AFTER_KNOWN_RE = re.compile(
    r"(?:[ ](?:hospital|medical[ ]cent(?:er|re)|cancer[ ]center|health(?:[ ]system)?|clinic|campus))*"
    r"(?:[ ](?P<t>[a-z.'\u2019-]+(?:[ ][a-z.'\u2019-]+)?))?")


def _facilities(text: str, low: str, res: Resources, gaz: _Gazetteer, out: Spans) -> None:
    """Facilities named by a town in any case: the town before a head word, a service "of" a town; and the
    best-known hospitals by name ("Kaiser Permanente Oakland")."""
    words = en_lexicon.word_set(text)
    if any(k <= words for w in gaz.known_words.keys() & words for k in gaz.known_words[w]):
        for m in gaz.known_re.finditer(low):
            after = _AFTER_KNOWN_RE.match(low, m.end())  # its head words, and its town ("Kaiser Permanente Oakland")
            town = after.group("t") and _town_prefix(after.group("t"), gaz)
            e = after.start("t") + len(town) if town else after.start("t") - 1 if after.group("t") else after.end()
            out.add(m.start(), e, "FACILITY", "en.facility.known", 0.85)
    for m in _HEAD_RE.finditer(low) if not words.isdisjoint(_HEAD_GATE) else ():
        if low[m.start() - 1:m.start()] != " " or res.facility_after_re.match(text, m.end()):
            continue  # "Hospital Course", "clinic visit": a heading or an event
        last = low[low.rfind(" ", 0, m.start() - 1) + 1:m.start() - 1]
        if last in gaz.function and last not in _BETWEEN:
            continue  # "the hospital", "to clinic": the commonest case, no name before the head
        names = []
        for w in reversed(low[max(0, m.start() - 60):m.start() - 1].rsplit("\n", 1)[-1].split(" ")[-7:]):
            if not _WORD_RE.fullmatch(w):
                break
            names.insert(0, w)
        if not names:
            continue
        start = m.start() - 1 - len(" ".join(names))
        between = []
        while names and names[-1] in _BETWEEN:
            between.append(names.pop())
        for k in range(max(0, len(names) - 3), len(names)):  # the longest town of up to three words
            name = " ".join(names[k:])
            if (name in gaz.names or name in gaz.states) and (between or " " in m.group() or " " in name
                                                                or name not in gaz.ambiguous):
                s = start + len(" ".join(names[:k])) + (1 if k else 0)
                if _one_case(text[s:m.end()]):
                    out.add(s, m.end(), "FACILITY", "en.facility.town", 0.85)
                break
        else:
            _named_facility(text, low, start, names, between, m, out)
    if " of " in low and not words.isdisjoint(_OF_GATE):
        for m in _OF_RE.finditer(low):
            town = _town_prefix(m.group("t"), gaz)
            if town and _one_case(text[m.start():m.start("t") + len(town)]):
                out.add(m.start(), m.start("t") + len(town), "FACILITY", "en.facility.town", 0.85)

# heads named after a person ("lewis memorial hospital", "MCCOY CANCER INSTITUTE", "carter family clinic") and
# homes named by any words ("SUNNY ACRES NURSING HOME"), after a place word, a comma or a line's start
_PERSON_HEADS = frozenset(["cancer institute", "cancer center", "dialysis center"])
_PERSON_BETWEEN = frozenset(["memorial", "family"])
_HOME_HEADS = frozenset(["nursing home", "assisted living"])
_NOT_NAMING = frozenset("""
skilled local private public long term long-term short-term nearby same new previous current another other outside
home area his her their patient's pt's dutch american national state
""".split())
_OPENS_RE = re.compile(r"(?:^|[\n,:;(]|\b(?:at|to|from|in|of|per)\b)[ ]*$")
_AFTER_HOME_RE = re.compile(r"[ ](?:residents?|patients?|staff|care|setting|placement|level|stays?|admissions?|beds?|"
                            r"populations?|facility|facilities|use|workers?|visits?)\b")


@functools.cache
def _plain_words() -> frozenset[str]:
    """Words that name no facility before its head word: function and medical words, "skilled", "local"."""
    return en_lexicon.function_words() | en_lexicon.medical_words() | _NOT_NAMING


def _named_facility(text: str, low: str, start: int, names: list[str], between: list[str], head: re.Match,
                    out: Spans) -> None:
    """A facility named after a person, or a home named by a word or two, in lower case or ALL CAPS."""
    if not names or not _one_case(text[start:head.end()]) or text[start:head.end()].istitle():
        return  # in mixed case the capitalised rules read it
    firsts, lasts = en_lexicon.person_names()
    plain = _plain_words()
    if _PERSON_BETWEEN.intersection(between) or head.group() in _PERSON_HEADS and not between:
        parts = names[-1].split("-")
        if all((p in lasts or p in firsts) and p not in plain for p in parts):
            s = head.start() - len(" ".join([names[-1], *reversed(between)])) - 1
            if _OPENS_RE.search(low, max(0, s - 12), s):
                out.add(s, head.end(), "FACILITY", "en.facility.person", 0.8)
    elif head.group() in _HOME_HEADS and not between and not _AFTER_HOME_RE.match(low, head.end()):
        for k in (2, 1):
            run = names[-k:]
            s = head.start() - len(" ".join(run)) - 1
            if len(names) >= k and not any(w in plain or not w.isalpha() for w in run) \
                    and _OPENS_RE.search(low, max(0, s - 12), s):
                out.add(s, head.end(), "FACILITY", "en.facility.home", 0.8)
                return


def _town_prefix(words: str, gaz: _Gazetteer) -> str:
    """The longest run of the first words that is a town or a state ("des moines" of "des moines on")."""
    parts = words.split()
    for k in range(len(parts), 0, -1):
        name = " ".join(parts[:k]).rstrip(".,")
        if name in gaz.names or name in gaz.states:
            return name
    return ""


def _one_case(value: str) -> bool:
    """Written in one case, or each word capitalised ("Sioux Falls General Hospital"): not "Normal hospital"."""
    return value.islower() or value.isupper() or all(
        w[:1].isupper() or w[1:2] in ("'", "\u2019") for w in value.split() if w not in ("of", "the"))  # "d'Alene"
