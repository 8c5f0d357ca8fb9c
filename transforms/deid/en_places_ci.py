"""Hospitals, wards and towns in any letter case, judged by word lists rather than capitals.

Nursing notes name places in lower case or ALL CAPS ("transfer to [ward] 2", "admitted to [town] hospital",
"lives in [town]"), and by acronym ("sent to [XY]H"). The words are classed as in ``en_names_ci``: *safe*
(ordinary or clinical words), *listed* (person-name lists) or *unknown* (neither), and a place is a cue
plus words that are not ordinary:

* a facility head word ("hospital", "rehab", "memorial", "nh") after listed, unknown or saint words;
* a religious or saint name ("sacred heart", "holy cross", "St. Mary's");
* a hospital acronym (ending in H or MC) after a place preposition ("to", "at", "from");
* a ward: an unknown word and a number after a place preposition ("transfer to [ward] 2");
* a town after "lives in" (and "lives nearby in", "lives alone in", "at home in") and "moved from [town] to [town]";
* a street line, whole from its house number to its unit, and the town, state and postcode after it
  ("i moved to 12 zelda dam apt. 3, fargo"; ``street_lines``);
* the value of a form field that names a facility ("Sending: Brookdale Meadows"; ``facility_fields``).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Collection

from medcorpus.transforms.deid import en_lexicon, en_towns
from medcorpus.transforms.deid.en_patterns import word_trie
from medcorpus.transforms.deid.en_tables import (CI_AMBIGUOUS_STREET_TYPES, CI_STREET_STOP, FACILITY_HEADS, NOT_CITIES,
    STATE_ABBR, STATE_NAMES, STREET_SUFFIX, WARD_KINDS)

__all__ = ["facility_fields", "find_places", "street_lines"]

_HEADS = frozenset("hospital hosp memorial rehab nh infirmary hospice center ctr manor healthcare campus building bldg "
                   "pavilion clinic mortuary crematorium".split())
_TWO_WORD_HEADS = frozenset(["medical center", "nursing home", "health center", "rehab center", "medical centre",
                             "nursing center", "med ctr", "care center", "rehabilitation center",
                             "rehabilitation hospital", "surgery center", "surgical center", "urgent care",
                             "family practice", "dialysis center", "cancer center", "imaging center", "funeral home",
                             "funeral chapel", "funeral parlor", "funeral services", "aged care", "residential care",
                             "care home", "retirement village"])
# words inside hospital names that are ordinary words elsewhere
_NAME_WORDS = frozenset("""
saint st sacred heart holy cross family redeemer trinity spirit mount mt good samaritan mercy general memorial
university children's childrens union community county regional baptist methodist presbyterian lutheran
adventist jewish deaconess veterans va city valley north south east west shore bay lake river hill house home
manor village gardens new port fort
""".split())
_ABBREVIATED = frozenset("st mt ft".split())
_STATE_CODES = frozenset(s.lower() for s in STATE_ABBR) - {"nh"}  # "issued in OH"; "sent to NH": a nursing home
_WORD_RE = re.compile(r"[a-z]+")
_DIGIT_RE = re.compile(r"\d")
# an acronym after "@" or an arrow: "bed @ XYH", "found down -> XYH"
_ACRONYM_AFTER_SIGN_RE = re.compile(r"(?:@|->|>)[ ]{0,2}(?P<a>[A-Z]{1,4}(?:H|MC))(?![\w-])")
_RELIGIOUS = re.compile(
    r"(?i:\b(?:sacred[ ]heart|holy[ ](?:cross|family|redeemer|trinity|spirit|name|angels)|good[ ]samaritan"
    r"|good[ ]sam|mount[ ]sinai|mt\.?[ ]sinai|our[ ]lady[ ]of[ ](?:the[ ])?[a-z]+))(?![a-z])")
_RELIGIOUS_WORDS = ("sacred", "holy", "good sam", "sinai", "our lady")
_SAINT = re.compile(rf"{word_trie(['St', 'ST', 'Saint', 'SAINT', 'st'], lower=False, word_start=True)}\.?[ ]"
                    r"(?P<name>[A-Za-z]+(?:['\u2019]s)?)(?![\w-])")
# a maker's name before its product, or after "manufacturer": "St. Jude mechanical valve", "St. Jude Medical"
_PRODUCT_AFTER_RE = re.compile(
    r"[ ](?i:valves?|mechanical|pacemakers?|medical(?![ ](?:center|centre|college))|model|icd|defibrillators?|leads?|devices?|prosthe(?:sis|tic)|generator)\b")
_MAKER_BEFORE_RE = re.compile(r"(?i:manufacturer|manufactured[ ]by|made[ ]by)[:,]?[ ]$")
_PLACE_PREPS = frozenset("to at from in into by per via".split())
_DEPARTMENT_WORDS = frozenset("ed er department icu ward clinic".split())  # "... of [hospital]"
_ACRONYM_RE = re.compile(r"^(?:[A-Z]{1,4}(?:H|MC)|[a-z]{1,2}(?:h|mc))$")  # short ones in lower-case notes
# words that name a hospital on their own before a head word ("union hosp", "mercy hospital")
_OWN_NAME_WORDS = frozenset("""
saint st sacred holy good samaritan mercy union baptist methodist presbyterian lutheran adventist jewish
deaconess sinai
""".split())
_DOSE_AFTER_RE = re.compile(
    r"[ ]?(?:\d+[ ]?)?(?i:mg|mcg|mcq|cc|ml|l|units?|u|%|mm|cm|x|hrs?|hours?|min|mins|days?|meq|gm?s?|kg|lbs?)\b")
_NUMBER_AFTER_RE = re.compile(r"[ ]?\d{1,2}(?![\w,/:]|\.\d)")
# "to" puts a ward after it only after a move: "transfer to [ward] 2", not "order to transfuse 2"
_MOVES = frozenset("""
adm transfer transferred transfered xfer tx admitted admit sent back go going moved move return returned returning
ready plan plans discharge discharged dc bed
""".split())
_WARD_PREPS = frozenset("to from at per transfer transferred transfered xfer plan".split())
_LIVES = frozenset("lives living lived resides residing reside home".split())
# Endings of town names (English and faker's): a word on no list with one, after a place preposition, is a town
# in any case ("in grossfort", "FROM EAST SHANNONCHESTER")
_TOWN_ENDINGS = ("ville", "ton", "town", "land", "berg", "burg", "burgh", "borough", "bury", "view", "port", "mouth",
                 "stad", "furt", "chester", "fort", "haven", "side", "shire", "field", "ford", "dale", "wood")
_TOWN_PREPS = frozenset("in from to near".split())
_TOWN_PREFIXES = frozenset("north south east west new port lake fort mount".split())
# words before "from" (or "here from") that make it where a person comes from ("originally from [town]")
_ORIGIN_BEFORE = frozenset("originally moved relocated emigrated immigrated".split())
# last words of towns ("sparrows point", "virginia beach")
_TOWN_TAILS = frozenset("point beach falls springs heights harbor harbour hills village junction landing creek ridge "
                        "valley grove park city".split())
_LIVES_FILLER = frozenset("nearby alone close closeby locally together independently".split())
_LANGUAGE_ENDINGS = ("ian", "ese", "ish", "ean", "ic")  # "yelling in Iranian", "in Portuguese"
_KIN = frozenset("son daughter wife husband family sister brother mother father children kids friend".split())
_MOVED = frozenset("""
transfer transferred transfered transfering transferring xfer xferred admitted admit sent came arrived brought
discharged returned
""".split())
_ONLY_BEFORE_NAMES = _PLACE_PREPS | _WARD_PREPS | _MOVED | {"of"}
_TRIGGERS = (_MOVED | _HEADS | frozenset(h.split()[0] for h in _TWO_WORD_HEADS) | _PLACE_PREPS | _WARD_PREPS | _LIVES
             | {"of"})


class _Lists:
    def __init__(self) -> None:
        self.names = en_lexicon.person_name_words()
        self.safe = en_lexicon.safe_words()
        self.stop = en_lexicon.function_words()
        # the 1,000 commonest US surnames, colours and eponyms too: before a facility's head word after a place
        # word they name it ("sent to mount green nursing home", "transferred from jones rehab")
        self.frequent_surnames = frozenset(en_lexicon.census_names("dist.all.last", 1000)) - self.stop
        self.medical = en_lexicon.medical_words()
        self.regions = NOT_CITIES | {s.lower() for s in STATE_NAMES.split("|")}  # larger than a town


@functools.cache  # built once per process, on first use
def _lists() -> _Lists:
    return _Lists()


def find_places(text: str, add_span, person_from: Collection[int] = ()) -> None:
    """Calls ``add_span(start, end, label, recognizer, score)`` for each facility or town found; a word of
    a facility name found once is found again elsewhere in the note ("to [ward] 2 or [ward] 3").
    ``person_from``: where a "from" ends that follows a person and a verb of being ("she is from")."""
    lists = _lists()
    found: set[str] = set()
    acronyms: set[str] = set()  # hospital acronyms found after a cue, found again as written

    def add(s: int, e: int, label: str, rec: str, score: float) -> None:
        add_span(s, e, label, rec, score)
        if label == "FACILITY":
            found.update(w for w in _WORD_RE.findall(text[s:e].lower()) if len(w) >= 4 and w not in safe
                         and w not in names)

    safe, stop, names, surnames = lists.safe, lists.stop, lists.names, lists.frequent_surnames
    toks = en_lexicon.word_tokens(text)
    n = len(toks)

    def unknown(w: str) -> bool:
        return len(w) >= 3 and w not in safe and w not in names

    def distinct(w: str) -> bool:  # a word that makes a place name its own
        return len(w) >= 3 and w not in safe and w not in stop

    def spaced(i: int) -> bool:  # token i follows token i-1 after a space or a hyphen ("st. " too)
        between = text[toks[i - 1][1]:toks[i][0]]
        return between in (" ", "-", "  ") or (between == ". " and toks[i - 1][2] in _ABBREVIATED)

    moved_from = "moved from" in text.lower() if "oved" in text or "OVED" in text else False
    for i in [k for k, t in enumerate(toks) if t[2] in _TRIGGERS]:
        s, e, w = toks[i]
        if w == "from" and (e in person_from or i and (k := i - 1 - (toks[i - 1][2] == "here")) >= 0
                            and toks[k][2] in _ORIGIN_BEFORE):
            # before the check below: "from west [town]"; after "moved", a town that is an everyday word too
            _town_at(text, toks, i + 1, unknown, stop, add, loose=i > 0 and toks[i - 1][2] == "moved")
        if w == "to" and moved_from and any(toks[k][2] == "from" and toks[k - 1][2] == "moved"
                                            for k in range(max(1, i - 4), i)):
            _town_at(text, toks, i + 1, unknown, stop, add, loose=True)  # "moved from [town] to [town]"
        if w in _TOWN_PREPS and i + 1 < n:
            _town_by_ending(text, toks, i + 1, unknown, add)  # before the check below too
        if w in _ONLY_BEFORE_NAMES and (i + 1 >= n or (toks[i + 1][2] in safe and w not in _MOVED)) \
                and not (i + 2 < n and toks[i + 1][2] == "the" and i and toks[i - 1][2] in _MOVES
                         and _ACRONYM_RE.match(text[toks[i + 2][0]:toks[i + 2][1]])):
            continue  # "to the", "at bedside": a preposition matters only before a word that is no ordinary word
        head_end = None
        if w in _HEADS:
            head_end = e
        elif i + 1 < n and f"{w} {toks[i + 1][2]}" in _TWO_WORD_HEADS and spaced(i + 1):
            head_end = toks[i + 1][1]
        if head_end is not None:
            j = i + 1 if head_end == e else i + 2
            while j < n and j - i < 3 and toks[j][2] in _HEADS and spaced(j):
                head_end, j = toks[j][1], j + 1  # "[town] rehab hospital": the type after the head is part of it
            k = i
            head_caps = text[s:e].isupper()
            while k > 0 and i - k < 3 and spaced(k) and (distinct(toks[k - 1][2]) or toks[k - 1][2] in _NAME_WORDS
                                                         or toks[k - 1][2] in surnames) \
                    and (head_caps or k == i or not text[toks[k - 1][0]:toks[k - 1][1]].isupper()):
                k -= 1  # an acronym before the head is its name ("XYZ Center"), not before a name ("PTEN Cleveland Clinic")
            # one of the commonest surnames that is an ordinary word too names the place only after a place
            # word ("transferred from fisher hospital", "sent to mount graham rehab"); a clinic is named by a
            # person or a place, not by an unlisted word (most are specialties: "nephrology clinic")
            placed = k > 0 and toks[k - 1][2] in _ONLY_BEFORE_NAMES
            clinic = w == "clinic"
            if k < i and any(toks[j][2] in _OWN_NAME_WORDS or (distinct(toks[j][2]) and not clinic)
                             or (toks[j][2] in names and toks[j][2] not in safe and toks[j][2] not in _NAME_WORDS)
                             or placed and toks[j][2] in surnames for j in range(k, i)):
                while k < i and toks[k][2] in surnames and not distinct(toks[k][2]) and not placed:
                    k += 1  # without a place word before, an ordinary word does not open the name
                if k < i:
                    add(toks[k][0], head_end, "FACILITY", "en.facility.caseless", 0.8)
            continue
        if (w in _PLACE_PREPS or w == "of" and i and toks[i - 1][2] in _DEPARTMENT_WORDS) and i + 1 < n \
                and text[e:toks[i + 1][0]] in (" ", "  "):  # "the ED of MMUH", not "evidence of SAH"
            ns, ne, nw = toks[i + 1]
            word = text[ns:ne]
            if nw == "the" and i + 2 < n and text[ne:toks[i + 2][0]] == " " and i and toks[i - 1][2] in _MOVES \
                    and _ACRONYM_RE.match(text[toks[i + 2][0]:toks[i + 2][1]]):
                ns, ne, nw = toks[i + 2]  # "admitted to the XYH"
                word = text[ns:ne]
            if _ACRONYM_RE.match(word) and nw not in safe and nw not in lists.regions and nw not in _STATE_CODES \
                    and not text[ne:ne + 1].isalnum() \
                    and (word.isupper() or not _mostly_upper(text, s, ne)):
                add(ns, ne, "FACILITY", "en.facility.acronym", 0.75)  # "sent to XYH"
                acronyms.add(word)
            elif w == "in" and word.istitle() and unknown(nw) and len(nw) >= 5 and not text[ne:ne + 1].isalnum() \
                    and not nw.endswith(_LANGUAGE_ENDINGS):
                around = text[max(0, s - 40):ne + 40]
                if not around.isupper() and not around.islower():
                    add(ns, ne, "CITY", "en.city.caseless", 0.6)  # "has a bakery in [Town]"
        if w in _WARD_PREPS and i + 1 < n and text[e:toks[i + 1][0]] in (" ", "  ", ": ", ":") \
                and (w != "to" or any(t[2] in _MOVES for t in toks[max(0, i - 3):i])) \
                and (w == "plan" or ":" not in text[e:toks[i + 1][0]]):
            ns, ne, nw = toks[i + 1]
            num = _NUMBER_AFTER_RE.match(text, ne)
            if (unknown(nw) or (nw in names and nw not in safe)) and len(nw) >= 4 and num \
                    and not _DOSE_AFTER_RE.match(text, ne):
                # "transfer to [ward] 2"; a number written on ("[ward]7") is part of the name
                add(ns, num.end() if text[ne:ne + 1].isdigit() else ne, "FACILITY", "en.facility.ward", 0.75)
        if w in _MOVED and i + 2 < n and toks[i + 1][2] in ("to", "from") and spaced(i + 2):
            # "transferred from [place]", "admitted to [place] [place]": words on no list, or listed names
            k = i + 2
            while k < n and k - i < 5 and (k == i + 2 or spaced(k)) and distinct(toks[k][2]) \
                    and not text[toks[k][1]:toks[k][1] + 1].isdigit():
                k += 1
            if k > i + 2:
                add(toks[i + 2][0], toks[k - 1][1], "FACILITY", "en.facility.moved", 0.7)
        if w in _LIVES:
            _town_after(text, toks, i, unknown, stop, add)
        elif w == "of" and i and toks[i - 1][2] in ("resident", "native") and text[toks[i - 1][1]:s] == " ":
            _town_at(text, toks, i + 1, unknown, stop, add, loose=True)  # "RESIDENT OF [TOWN]"
        elif w == "of" and 0 < i < n - 1 and text[toks[i - 1][1]:s] == " " and text[e:toks[i + 1][0]] == " ":
            # "daughter Ann of [Town]": a title-case name, "of", a title-case unknown word
            before, after = text[toks[i - 1][0]:toks[i - 1][1]], text[toks[i + 1][0]:toks[i + 1][1]]
            if before.istitle() and after.istitle() and (toks[i - 1][2] in names or unknown(toks[i - 1][2])) \
                    and toks[i + 1][2] not in safe and toks[i + 1][2] not in stop:
                add(toks[i + 1][0], toks[i + 1][1], "CITY", "en.city.caseless", 0.7)
    if "@" in text or ">" in text:
        for m in _ACRONYM_AFTER_SIGN_RE.finditer(text):
            if m.group("a").lower() not in safe:
                add(m.start("a"), m.end("a"), "FACILITY", "en.facility.acronym", 0.75)
    if found or acronyms:
        for s, e, w in toks:
            if w in found or text[s:e] in acronyms:
                add_span(s, e, "FACILITY", "en.facility.repeat", 0.7)  # "when XYH attorneys review"
    low = text.lower()
    if any(w in low for w in _RELIGIOUS_WORDS):  # substring gates: the case-blind pattern is slow to scan
        for m in _RELIGIOUS.finditer(text):
            add(m.start(), m.end(), "FACILITY", "en.facility.saint", 0.8)
    if "st" in low:  # "saint" holds it too
        for m in _SAINT.finditer(text):
            name = m.group("name")
            core = name.lower().rstrip("s").rstrip("'\u2019") if name.lower().endswith(("'s", "\u2019s")) \
                else name.lower()
            if core in names and core not in safe and (m.group().lower().startswith(("st.", "saint"))
                                                       or name[0].isupper()) \
                    and not _PRODUCT_AFTER_RE.match(text, m.end()) \
                    and not _MAKER_BEFORE_RE.search(text, max(0, m.start() - 20), m.start()):
                add(m.start(), m.end(), "FACILITY", "en.facility.saint", 0.75)


def _mostly_upper(text: str, s: int, e: int) -> bool:
    """Whether the text around is written in capitals (there "in GH" and "to HH" are acronyms only in capitals)."""
    around = text[max(0, s - 40):e + 40]
    return sum(c.isupper() for c in around) > sum(c.islower() for c in around)


def _town_after(text: str, toks: list, i: int, unknown, stop, add) -> None:
    """ "lives in [town]", "lives nearby in [town]", "lives alone in [two words]"."""
    n = len(toks)
    j = i + 1
    while j < n and j - i <= 5 and toks[j][2] != "in" and toks[j][2] in stop | _LIVES_FILLER | _KIN \
            and not any(c in text[toks[j - 1][1]:toks[j][0]] for c in ".;:\n"):
        j += 1  # "lives nearby in", "lives with son and family in"
    if j < n and toks[j][2] == "in":
        _town_at(text, toks, j + 1, unknown, stop, add, loose=True)


def _town_by_ending(text: str, toks: list, first: int, unknown, add) -> None:
    """A town at token ``first`` known by its ending, perhaps after a direction or "New", "Port", "Lake"."""
    n, j = len(toks), first
    if toks[j][2] in _TOWN_PREFIXES and j + 1 < n and text[toks[j][1]:toks[j + 1][0]] == " ":
        j += 1
    w = toks[j][2]
    if not w.endswith(_TOWN_ENDINGS) or len(w) < 6 or text[toks[first - 1][1]:toks[first][0]] != " " \
            or not unknown(w) or text[toks[j][1]:toks[j][1] + 1].isalnum() or text[toks[j][1]:toks[j][1] + 1] == "-":
        return
    ending = next(x for x in _TOWN_ENDINGS if w.endswith(x))
    lists, stem = _lists(), w[:-len(ending)]
    # named after a person ("johnsonview", "shannonchester"), not a chemical ("aminoglycoside"), a program
    # ("careview": "care" is a word too), a misspelt word ("additon") or a country ("new zealand")
    if stem in lists.names and stem not in lists.safe and not en_lexicon.misspelt(w) \
            and " ".join(t[2] for t in toks[first:j + 1]) not in NOT_CITIES:
        add(toks[first][0], toks[j][1], "CITY", "en.city.ending", 0.7)


def _town_at(text: str, toks: list, first: int, unknown, stop, add, loose: bool = False) -> None:
    """A town of up to three words at token ``first``, right after its cue and a space: a town of the gazetteer
    ("salt lake city"), an unknown word, or a word that is no function word before one; no country, region or
    state ("from tanzania"). ``loose``: after a strong cue ("lives alone in", "moved from"), a town that is an
    everyday word ("hope") or a listed name ("lagos") too."""
    n = len(toks)
    if first >= n or text[toks[first - 1][1]:toks[first][0]] != " ":
        return
    lists = _lists()
    for end in range(min(n, first + 3) - 1, first - 1, -1):  # the longest town of the gazetteer
        name = " ".join(t[2] for t in toks[first:end + 1])
        if all(text[toks[k - 1][1]:toks[k][0]] == " " for k in range(first + 1, end + 1)) and en_towns.is_town(name) \
                and (loose or end > first or name not in lists.safe):
            add(toks[first][0], toks[end][1], "CITY", "en.city.caseless", 0.75)
            return

    def placey(w: str) -> bool:  # no ordinary word: unknown, or after a strong cue a listed name
        return unknown(w) or loose and len(w) >= 4 and w in lists.names and w not in lists.safe

    w1 = toks[first][2]
    two = first + 1 < n and text[toks[first][1]:toks[first + 1][0]] == " " and placey(toks[first + 1][2])
    if placey(w1):
        end = first + 1 if two else first
    elif w1 not in stop and two:
        end = first + 1
    else:
        return
    if end + 1 < n and toks[end + 1][2] in _TOWN_TAILS and text[toks[end][1]:toks[end + 1][0]] == " ":
        end += 1  # "sparrows point", "glen falls": the town's last word is a place word
    if " ".join(t[2] for t in toks[first:end + 1]) not in lists.regions:
        add(toks[first][0], toks[end][1], "CITY", "en.city.caseless", 0.75)


def street_lines(text: str, low: str, res, out) -> None:
    """A street line in lower case or ALL CAPS ("HE FELL AT HOME ON 9623 KENNETH STREET", "i moved to 10402
    john dam apt. 326, fargo"), whole from its house number (or a British "flat 6,") to its unit, with the
    town, state and postcode after it; a whole postal line ending in a state and a ZIP after any word."""
    if not _DIGIT_RE.search(text):  # a house number: a regex scan, not a Python step per character
        return
    military = "apo a" in low or "fpo a" in low or "dpo a" in low  # not "po ativan": by mouth
    for m in res.postal_line_ci_re.finditer(low) if military or res.postal_line_gate_re.search(low) else ():
        line = text[m.start():m.end()]
        if line.islower() or line.isupper():  # in mixed case, en_places_caps reads its parts
            out.add(m.start(), m.end(), "ADDRESS", "en.address.postal_line", 0.9)
    lists = _lists()
    lines = list(_street_re().finditer(low))
    if not _UNIT_WORDS.isdisjoint(en_lexicon.word_set(text)):
        lines += _street_re(_UNIT_FIRST).finditer(low)
    for m in lines:
        s, e = m.span("val")
        flat = "flat" in m.re.groupindex  # a British unit first
        if text[s:e].istitle() and not flat:
            continue  # "at 12 Oak St": the capitalised rules read it ("Flat 6, Lynn Vista" they do not)
        before = low[max(0, s - 24):s]
        if not (m.group("unit") or m.group("code") or res.residence_before_re.search(before)):
            typ = m.group("type")
            # a street type that is no everyday word nor an abbreviation ("street", "glens", not "well", "sq", "av")
            plain = len(typ) >= 4 and typ not in CI_AMBIGUOUS_STREET_TYPES
            named = any(w not in lists.medical and (w in lists.names or w not in lists.safe and w not in lists.stop
                                                    and not en_lexicon.misspelt(w)) for w in m.group("name").split())
            if _PLACE_BEFORE_RE.search(before):
                # an everyday word as the street type needs a word of no dictionary or a town after it: "on 12
                # quill run near dover", not "rate to 8 today but pt", "at 20 mcg's- pt", "moved to 3 point scale"
                if not (typ not in CI_AMBIGUOUS_STREET_TYPES or m.group("near") or _town_named(m, lists) or any(
                        w.isalpha() and w not in lists.safe and w not in lists.stop and w not in lists.medical
                        and not en_lexicon.misspelt(w) for w in m.group("name").split())):
                    continue
            elif not (named and (plain or flat or _town_named(m, lists))
                      and (flat or not before.strip(" ") or before.endswith(("\n", ", ")) or _town_named(m, lists))):
                continue  # "2 peripheral ivs functioning well", "walked 2 blocks up hill": no place, name or line start
        end = e - (low[e - 1] == ".")  # "st." keeps nothing of the sentence's full stop
        out.add(s, end, "ADDRESS", "en.address.caseless", 0.85)
        _town_after_street(m, lists, out)
    if not en_towns.STATE_WORDS.isdisjoint(en_lexicon.word_set(text)) and res.five_digits_re.search(text):
        for m in _zip_after_state_re().finditer(low):  # "kalamazoo, massachusetts 49001", in any case
            out.add(m.start("zip"), m.end("zip"), "ZIP", "en.zip", 0.85)
    if "box" in low and (text.islower() or text.isupper()):
        for m in res.pobox_re.finditer(low):  # "po box 9779, lagos 41113": the town and postcode after a box
            tail = _town_tail_re().match(low, m.end())
            if tail:
                _town_after_street(tail, lists, out)


def _town_named(m: re.Match, lists: _Lists) -> bool:
    """Whether a town with a word of no dictionary follows the street line ("..., port kendraview")."""
    return m.group("town") is not None and m.group("town").split()[0] not in lists.stop and any(
        w not in lists.safe for w in m.group("town").split())


def _town_after_street(m: re.Match, lists: _Lists, out) -> None:
    """The town after a street line (its state goes with it: a postal address is one value, see en_places_caps)
    and its postcode; "..., alone." is no town, "..., normal 65868" is one."""
    if m.group("code") is not None:
        out.add(m.start("code"), m.end("code"), "ZIP", "en.zip", 0.9)
    for group in ("town", "near"):
        if m.group(group) is not None and m.group(group).split()[0] not in lists.stop and (
                m.group("code") or m.group("state") or any(w not in lists.safe for w in m.group(group).split())):
            out.add(m.start(group), m.end("state") if group == "town" and m.group("state") else m.end(group),
                    "CITY", "en.city.caseless", 0.85)


# words right before a street line that say it is one ("fell at home on 12 ...", "moved to 45 ...")
_PLACE_BEFORE_RE = re.compile(
    r"\b(?:at|to|near|address|addr|located|lives|live|resides|moved|from|home"
    r"|(?:collision|accident|crash|house)[ ]on)\b"
    r"(?:[ ]on)?:?[ ]+$")
_POSTCODE_LOW = (r"(?:[a-pr-uwyz][a-hk-y]?\d[a-z\d]?[ ]\d[abd-hjlnp-uw-z]{2}"
                 r"|[abceghj-nprstvxy]\d[abceghj-nprstv-z][ ]?\d[abceghj-nprstv-z]\d)(?![\w-])")
_NAME_STOP = (*CI_STREET_STOP, "near")  # "40 zelda track near port quill": "port" is the town's, not a street type
_STATES_LOW = sorted({w.lower() for w in STATE_NAMES.split("|")} | {w.lower() for w in STATE_ABBR},
                     key=lambda w: (-len(w), w))
_TOWN_WORD = r"[a-z][a-z'\u2019-]+"
# the town after a street line or a box, after a comma or a line break, with its state and postcode (a US ZIP, four
# digits of Australia, New Zealand or South Africa, six of Singapore or India); or the town
# "near" it ("on 12 quill run near dover on 5/1")
_TOWN_TAIL = (
    rf"(?:(?:,[ ]*|,?[ ]*\n[ ]*)(?P<town>{_TOWN_WORD}(?:[ ]{_TOWN_WORD}){{0,2}}?)"
    rf"(?:,?[ ]+(?P<state>{'|'.join(_STATES_LOW)}))?(?:,?[ ]+(?P<code>\d{{5}}(?:-\d{{4}})?(?![\d-])|\d{{4}}(?!\d)|\d{{6}}(?!\d)|{_POSTCODE_LOW})"
    r"|(?=[ ]*(?:[.;,)\n]|$)))"
    rf"|[ ]+near[ ]+(?P<near>{_TOWN_WORD}(?:[ ]{_TOWN_WORD}){{0,2}}?)(?=[ ]+(?:on|in|at|and)\b|[ ]*(?:[.;,)\n]|$)))")


@functools.cache
def _town_tail_re() -> re.Pattern:
    return re.compile(_TOWN_TAIL)


@functools.cache
def _zip_after_state_re() -> re.Pattern:
    """Five digits right after a state written out are its ZIP ("kalamazoo, massachusetts 49001")."""
    states = word_trie(STATE_NAMES.split("|"), word_start=True)
    return re.compile(rf"{states}(?![\w-]),?[ ](?P<zip>\d{{5}}(?:-\d{{4}})?)(?![\w-])")


# how a street line opens: its house number, or a British unit ("flat 6, mary bypass"), each opening with a plain
# character class or letters (the engine skips ahead to them); the unit words are the second pattern's gate
_HOUSE_NUMBER = r"\d(?<![\w.,-]\d)(?<![^\d]/\d)\d{0,5}[a-z]?(?:-\d{1,4})?[ ]+(?:(?:n|s|e|w|north|south|east|west)\.?[ ]+)?"
_UNIT_WORDS = frozenset("flat studio apartment apt unit suite".split())
_UNIT_FIRST = rf"(?P<flat>{word_trie(_UNIT_WORDS, word_start=True)})\.?[ ]\d{{1,4}}[a-z]?,?[ ]+"


@functools.cache  # compiled once per process, on first use
def _street_re(opener: str = _HOUSE_NUMBER) -> re.Pattern:
    """A street line in any letter case, on the lower-cased text: a house number (or "flat 6," before the
    street as British lines write it), one to three words, a street type, perhaps a unit; then perhaps the
    town, state and postcode after a comma or a line break, or "near" a town."""
    from faker.providers.address.en_US import Provider as _UsAddresses  # the USPS street suffixes

    types = sorted({w.lower() for w in STREET_SUFFIX.split("|") + list(_UsAddresses.street_suffixes)}
                   | CI_AMBIGUOUS_STREET_TYPES, key=lambda w: (-len(w), w))
    return re.compile(
        rf"(?P<val>(?:{opener})"
        rf"(?P<name>(?:(?!(?:{'|'.join(_NAME_STOP)})[ ])(?:[a-z][a-z'\u2019-]+|\d{{1,3}}(?:st|nd|rd|th))[ ]+){{1,3}})"
        rf"(?P<type>{'|'.join(types)})\b\.?"
        r"(?P<unit>,?[ ]+(?:apt|apartment|suite|ste|unit|rm|room|#)\.?[ ]?#?[ ]?[a-z0-9-]{1,6}(?![\w-]))?)"
        rf"{_TOWN_TAIL}?")


# A form field whose label says the value is a facility ("Sending: Brookdale Meadows", "receiving facility: summit
# nursing and rehabilitation center"): the words after it, in any case, up to the field's end (two spaces, a tab, a
# line end or a sentence end), unless they say where in general ("home", "n/a", "same").
_FACILITY_FIELD_RE = re.compile(
    r"\b(?:(?:sending|receiving|referring|transferring|accepting)(?:[ ](?:facility|hospital|institution))?"
    r"|facility|nursing[ ]home|snf|(?P<named>(?:dispensing[ ]|preferred[ ])?pharmacy|clinic|practice|hospital))"
    r"[ ]?:[ \t]*"
    r"(?P<value>[^\W\d_][\w'&.-]*(?:[ ](?:[\w'&.-]+))*?)(?=[ ]{2}|[ ]?[\t\n;,(]|\.(?:[ ]|$)|$)")
_NOT_FACILITIES = frozenset("home self none n/a na unknown same other pending tbd yes no".split())
_FACILITY_FIELD_WORDS = frozenset("sending receiving referring transferring accepting facility nursing snf pharmacy "
                                  "clinic practice hospital".split())
# labels that as often head a note's words ("Clinic: follow up in 2 weeks"): their value ends with a facility's word
_FACILITY_VALUE_ENDS = frozenset(w.lower() for w in re.split(r"[| ]", FACILITY_HEADS) if w) | {"compounding"}


# A location field's parts ("Location: LRMC, Jenner Ward", "Loc: Osler 5"), and a report title's place ("RADIOLOGY
# REPORT - CRMC"): a hospital's acronym that is no word or unit ("ICU", "ED"), a ward named by a word and a number.
_LOCATION_FIELD_RE = re.compile(r"\b(?i:location|loc|site)[ ]?:[ \t]*(?P<value>[^\n]{2,80}?)[ \t]*(?:\n|$)")  # a short line
_REPORT_PLACE_RE = re.compile(r"[-\u2013][ ]?(?P<value>[A-Z]{2,6})[ \t]*$", re.M)  # its title before: in code
_REPORT_TITLE_RE = re.compile(r"\b(?:report|imaging|radiology)[ ]?$")
_ACRONYM_PART_RE = re.compile(r"[A-Z]{2,6}")
_NUMBERED_WARD_RE = re.compile(r"[A-Za-z][a-z]{2,}(?:[ ][A-Z][a-z]+)?[ ]\d{1,2}[A-Za-z]?")  # "Osler 5", "Phillips House 21"
_ROOM_AFTER_RE = re.compile(r"[ ]\d{2,4}[A-Za-z]?$")  # "Location: Blake 12 123": the room after the ward
_NOT_WARD_NAMES = WARD_KINDS | frozenset("bed room floor pod bay suite tower wing ward unit level stage grade type".split())
_UNIT_ACRONYMS = frozenset("""
icu micu sicu ccu cicu cvicu nicu picu tsicu ed er or pacu ldr cath ir mri ct ob gyn gi pt ot rt ent ms tele
lle rle lue rue llq rlq luq ruq lll rll rul lul rml cxr ctpa cta dexa kub echo tte tee ekg ecg eeg emg us pet
spect ivc svc lad rca lcx abd ext bue ble amu sdu cdu hdu ticu majors minors imc resus endo obs gen med surg lab
""".split())


def _location_parts(text: str, low: str, out) -> None:
    safe = en_lexicon.safe_words()
    for m in _LOCATION_FIELD_RE.finditer(text) if "loc" in low and ("loc:" in low or "location:" in low or "loc :" in low
                                                                    or "location :" in low) or "site:" in low else ():
        pos = m.start("value")
        for part in m.group("value").split(","):
            core = part.strip().rstrip(".")
            s = pos + part.index(core[:1]) if core else pos
            if (room := _ROOM_AFTER_RE.search(core)) and _NUMBERED_WARD_RE.fullmatch(core, 0, room.start()):
                core = core[:room.start()]
            if _ACRONYM_PART_RE.fullmatch(core) and core.lower() not in safe and core.lower() not in _UNIT_ACRONYMS \
                    or _NUMBERED_WARD_RE.fullmatch(core) and core.split()[0].lower() not in safe \
                    and core.split()[0].lower() not in _NOT_WARD_NAMES:
                out.add(s, s + len(core), "FACILITY", "en.facility.location", 0.8)
            pos += len(part) + 1
    for m in _REPORT_PLACE_RE.finditer(text) if "-" in text or "\u2013" in text else ():
        if not _REPORT_TITLE_RE.search(low, max(0, m.start() - 12), m.start()):
            continue
        if m.group("value").lower() not in safe and m.group("value").lower() not in _UNIT_ACRONYMS:
            out.add(m.start("value"), m.end("value"), "FACILITY", "en.facility.location", 0.8)


# A ward before a bed or a room: a name and its number ("Bigelow 9 bed 2", "Phillips House 21 Rm 5") or a name and a
# ward word ("magnolia unit rm 23", "MAGNOLIA UNIT, RM 429"); read back from the bed or room word, found with str.find
_WARD_BEFORE_BED_RE = re.compile(
    r"(?:(?P<name>[A-Za-z][a-z]+(?:[ ][A-Z][a-z]+)?|[A-Z]{2,}(?:[ ][A-Z]{2,})?)[ ]\d{1,2}[A-Za-z]?"
    r"|(?P<kind_name>[A-Za-z][a-z]+|[A-Z]{2,})[ ](?i:unit|ward|wing|pavilion))$")
_BED_WORDS = (" bed ", " rm ", " room ", ", bed ", ", rm ", ", room ", " rm. ", ", rm. ")


def _ward_beds(text: str, low: str, out) -> None:
    safe, names = en_lexicon.safe_words(), _lists().names
    for word in _BED_WORDS:
        p = low.find(word)
        while p >= 0:
            after = low[p + len(word):p + len(word) + 2].lstrip("#")
            m = _WARD_BEFORE_BED_RE.search(text, max(0, p - 40), p) if after[:1].isdigit() else None
            p = low.find(word, p + 1)
            if m is None:
                continue  # "step 2 bed rest": a bed or a room has its number
            first = (m.group("name") or m.group("kind_name")).split()[0].lower()
            if first in _NOT_WARD_NAMES or first in _UNIT_ACRONYMS or first in en_lexicon.function_words() \
                    or first in safe and (first not in names or m.group("kind_name")):  # "Eye unit room 3"
                continue  # "the unit rm 4", "medical unit bed 2", "room 4 bed 2"
            out.add(m.start(), m.end(), "FACILITY", "en.facility.ward", 0.75)


def facility_fields(text: str, low: str, res, out) -> None:
    if "loc" in low or "site" in low or "report" in low or "imaging" in low or "radiology" in low:
        _location_parts(text, low, out)
    if " bed " in low or " rm" in low or " room " in low:
        _ward_beds(text, low, out)
    if ":" not in text or _FACILITY_FIELD_WORDS.isdisjoint(en_lexicon.word_set(text)):
        return
    for m in _FACILITY_FIELD_RE.finditer(low):
        value = m.group("value")
        first = value.split()[0]
        if m.group("named") and value.rstrip(".").split()[-1] not in _FACILITY_VALUE_ENDS:
            continue
        if value.rstrip(".") not in _NOT_FACILITIES and len(value.split()) <= 8 \
                and first not in en_lexicon.function_words() and first not in ("patient", "pt"):  # not a sentence
            out.add(m.start("value"), m.start("value") + len(value.rstrip(".")), "FACILITY", "en.facility.field", 0.85)
