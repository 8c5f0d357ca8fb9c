"""Person names in any letter case: the notes written all in lower case or ALL CAPS.

The capitalised-word rules of ``phi_en`` cannot see "dr klein aware" or "SON BILL IN TO VISIT". Here a word
is judged by the lists, not by its case (the approach of PhysioNet's deid.pl and of Philter):

* a *listed* word is on a person-name list (census, faker);
* a *safe* word is on the safe list (``en_lexicon.safe_words``: corpus vocabulary, clinical shorthand);
* an *unknown* word is on neither: after a cue it is taken for a name (misspelt surnames, rare names).

Cues: titles ("dr", "mrs"), staff words ("np", "nurse", "caseworker"), relation words ("son", "dtr"),
credentials after the name ("... rrt", "... np"), an initial ("q. smithers"), and a first name followed by
a listed or unknown word. A name found once is found again at its other places in the note.
"""

from __future__ import annotations

import bisect
import functools
import operator
import re

from medcorpus.transforms.deid import en_lexicon
from medcorpus.transforms.deid.en_lexicon import LO, UP
from medcorpus.transforms.deid.en_patterns import word_trie
from medcorpus.transforms.deid.en_tables import (CREDENTIAL_WORDS, EPONYMS, FUNCTION_WORDS, GREETING_CUES, MONTH_NAMES,
                                                  PARTICLES, RELATIONS)

__all__ = ["find_names", "grow_span"]


_TITLES = frozenset("dr drs mr mrs ms miss doctor dr's mr's mrs's prof professor sgt constable smt shri".split())
# staff words before a name: "per np wolfe", "iv nurse sallese", "caseworker leona ..."
_STAFF = frozenset("""
np rn nurse caseworker chaplain attending resident intern fellow pcp cardiologist surgeon intensivist
hospitalist sw social-worker rrt md ho lawyer attorney interpreter hca carer crew
""".split())
_RELATIONS = frozenset(RELATIONS)
_RELATION_IN_BRACKETS_RE = re.compile(
    rf"[ ]?\((?:(?:his|her|their|pt's|patient's)[ ])?(?:{word_trie(RELATIONS)})\)")
# credentials after a name: "florencia smithers np", "q. lander rrt"
_CREDENTIALS = frozenset("np rn rrt md pa lpn licsw lcsw msw cnm crna pt ot slp ptot do".split())
_AMBIGUOUS_CREDENTIALS = frozenset("pt ot do pa md".split())
# words that follow a cue without being a name: charting verbs and function words that name lists hold
_NOT_AFTER_CUE = frozenset("""
aware notified called paged here in at on to and or is was were will may can has had have did does
with by for of from the a an who that this his her he she they them their it its no not yes also
updated visited visiting present came come phoned spoke spoken states stated said says feels felt
wants asked asking agrees agreed notes note ordered order orders informed made see saw seen
pt patient pts md mds rn np team staff night day evening am pm
doc sir madam dear honey babe buddy sweetie guys everyone
""".split())
_AMBIGUOUS_TITLES = frozenset("ms mr".split())
# field labels beside a name ("SUBSCRIBER: TENDAI MOYO  SSN: ...", "| Name | DOB | MRN |"): never part of one
_FIELD_WORDS = frozenset("dob mrn ssn dea npi nino nhs upin ein phone tel fax email".split())
_FREE_BEFORE = frozenset(" \t\n(\"-:,/|>")
_FREE_AFTER = frozenset(" \t\n)\".,;:-/|?!")
# endings of inflected English words, seldom of a name that no list holds
_ENGLISH_ENDINGS = ("ed", "ing", "ly", "tion", "sion", "ment", "ness", "ity", "ous", "ive", "ives", "able", "ible",
                    "ful", "less", "ism", "itis", "osis", "emia", "ectomy", "ology")
_EPONYM_NEXT = frozenset("""
disease syndrome sign test scale score catheter tube method procedure reflex classification criteria virus
maneuver law equation formula effect stain operation repair fracture palsy phenomenon protocol splint splints
model type stage grade clamp clamps forceps retractor retractors valve needle blade drain position incision
approach turn cell cells
""".split())
_PARTICLES = PARTICLES | {"thi"}  # and the Vietnamese middle name "Thi"
# verbs of talking to or paging someone: a surname after them needs the surname list ("paged smithers")
_VERB_CUES = frozenset("per paged notified called informed aware by d/w".split())
_VERB_PAIRS = frozenset(["spoke with", "spoke to", "discussed with", "talked to", "talked with", "seen by",
                         "examined by", "evaluated by", "followed by", "met with", "issued to", "payable to"])
_PAIR_ENDS = frozenset(p.split()[1] for p in _VERB_PAIRS)
_INITIALS = frozenset("abcdefghijklmnopqrstuvwxyz")
# a person naming someone ("my name is tom baker", "a son named eli"): listed names after it, ordinary words too
_NAMING = frozenset(["name", "named"])
_OWNERS = frozenset("my his her their your whose patient's pt's".split())  # "[my] name is"
# the next word is a surname, whatever else it is: "her maiden name is dunn", "last name? gual", "surname: hall"
_SURNAME_HEADS = frozenset("last maiden family".split())
_SURNAME_GAP_RE = re.compile(r"^(?:[ ]?[:?][ ]{1,2}|[ ](?:is|was):?[ ])$", re.IGNORECASE)
_MAIDEN_GAP_RE = re.compile(r"^[ ]{1,2}$")  # "mother's maiden name chen": a maiden name needs no colon
# a greeting or thanks that opens a sentence, then a first name: "hi steven,", "thanks, crystal"
_GREETINGS = frozenset(w for w in GREETING_CUES if " " not in w and "," not in w)
# words before "q. smithers" that make an unknown surname a name
_BEFORE_INITIAL = frozenset("per by with w to from called paged dr md np rn".split())
_NUMBER_BEFORE_RE = re.compile(r"\d[ ]?$")
_INITIAL_RE = re.compile(r"[A-Za-z]\.[ ]?$")
_TITLE_GAP_RE = re.compile(r"^\.?[ ]{0,2}$")
_CUE_GAP_RE = re.compile(r"^(?:[ ]{1,3}|[ ]?[:,][ ]{0,2}|[ ]?-{1,3}[ ]?|[ ]?\(\??\)[ ]?|[ ]?\([ ]?|[ ]is[ ]|[ ]\")$")
_APOSTROPHE_SURNAME_RE = re.compile(r"^[od]['\u2019][a-z]{3,}$")  # o'brien, d'angelo
# a verb or role after a first name that says it is a person: "bill called", "Anne is family contact"
_PERSON_VERBS = "called phoned visited visits visiting spoke stated states said says asked arrived updated".split()
_PERSON_AFTER_RE = re.compile(  # the lookahead on the verb's first letter rejects most spaces at once
    rf"[ ](?=[cpvsauwiCPVSAUWI])(?i:{word_trie(_PERSON_VERBS)}|was[ ]updated|"
    r"is[ ](?:the[ ]|her[ ]|his[ ]|their[ ])?(?:pt'?s[ ]|patient'?s[ ])?(?:family[ ]contact|contact|hcp|proxy|health[ ]care[ ]proxy|"
    r"spokes(?:person|man|woman)|interpreter|daughter|son|wife|husband|sister|brother|niece|nephew|friend)|"
    r"(?:was|is)[ ](?:in[ ]to[ ]visit|at[ ]the[ ]bedside|at[ ]bedside|here|present|aware))\b")
_token_end = operator.itemgetter(1)
_token_start = operator.itemgetter(0)
_PATIENT_BEFORE_COMMA_RE = re.compile(r"(?:patient|pt)[ ](?=[^,\n]{3,40},)")  # literal-led: no \b (10x slower)
_NAME_GAP_RE = re.compile(r"^(?:[ ]{1,2}|\.[ ]{1,2}|-)$")  # between the words of one name
_AND_GAP_RE = re.compile(r"^(?:[ ]?&[ ]?|,[ ]?)$")
_CRED_GAP_RE = re.compile(r"^(?:[ ]{1,2}|,[ ]?|-)$")
_NAME_AFTER_HYPHENED_RE = re.compile(r",[ ]|[ ][A-Za-z]\.[ ]")
_LINE_END_RE = re.compile(r"[ \t]*(?:\n|$)")  # "Thanks, Rose" signing off a message


# -- parts of a name that a rule's span left out --------------------------------------------------------------
_GROW_PARTICLES = "|".join(sorted(PARTICLES | {"ten", "ter"}))  # Dutch "ten Have", "ter Horst" too
# "Randolph[-van der Heijden]", "adkins[-montalcini]": hyphenated parts, particles among them, in the span's case
_HYPHEN_PARTS_AFTER_RE = re.compile(
    rf"-(?:(?:{_GROW_PARTICLES})[ -]){{0,2}}([{UP}{LO}][{LO}'\u2019]+|[{UP}][{UP}'\u2019]+)(?![\w-])", re.IGNORECASE)
# "[ABU-]BAKR", "[el-]amin", "[ward-]reina, kyle": the part before a hyphen
_HYPHEN_PART_BEFORE_RE = re.compile(rf"(?<![\w'-])([{UP}{LO}][{LO}]+|[{UP}]{{2,}})-$")
_PREFIXES = frozenset("al el ul abu abd abdel abdul ben bin ibn".split()) | PARTICLES
# "Rita[ ten Have]", "Julie[ van der Heijden]": lower-case particles before a title-case surname
_PARTICLE_SURNAME_AFTER_RE = re.compile(rf"(?:[ ](?:{_GROW_PARTICLES})){{1,2}}[ ][{UP}][{LO}]+(?![\w'\u2019-])")
_SURNAME_AFTER_RE = re.compile(rf"[ ][{UP}][{LO}]+(?![\w'\u2019-])")  # "[ten] Have": after a lone particle
_NEXT_WORD_RE = re.compile(r"(?:'s)?[ ]([A-Za-z]+)")
_SAINT_BEFORE_RE = re.compile(r"(?<![\w.])(?:St|ST|st)\.?[ ]$")  # "[ST.] JOHN, RUBEN": a surname's saint
# a lone initial closing "Last, First" at a field's end: "da silva, calvin [h]", "LONG, KRISTINA [V]"
_LAST_INITIAL_RE = re.compile(r"[ ][A-Za-z](?=[ \t]*(?:$|[|,;)\n]))")
# a surname's initial after a first name ("CM Tunde A. aware", "spoke with rigoberto r. (office manager)")
_INITIAL_AFTER_RE = re.compile(r"[ ]([A-Za-z])\.(?![\w'\u2019-]|[.][A-Za-z])(?:[ ](?P<next>[^\W\d_]+))?")
# words after a lower-case "first i." that end the name (in lower case a surname after the initial is no
# different from a word: "nancy w. white, md")
_AFTER_SIGNING = frozenset("aware rn lpn np md pa at to is was will has had called notified said from of and re x "
                           "ext pager cell".split())
# a surname with a prefix joined by a hyphen or an apostrophe after a first name ("Hassan al-Rashid")
_PREFIXED_SURNAME_AFTER_RE = re.compile(
    rf"[ ](?i:al|el|ul|abu|abd|abdel|abdul|ben|bin|ibn)[-'\u2019]([{UP}{LO}][{LO}]+|[{UP}]+)(?![\w'\u2019-])")


def grow_span(text: str, s: int, e: int) -> tuple[int, int]:
    """A name span grown over the parts of the name a rule left out (a value replaced in part has leaked):
    hyphenated parts and prefixes, particles before a surname, a saint's "St." before an inverted surname, a
    last initial after "Last, First"."""
    before, after = text[s - 1:s] if s else "", text[e:e + 2]
    value = text[s:e]
    inverted = ", " in value
    if before not in ("-", " ") and not after.startswith("-") and not (after[1:].islower() or inverted) \
            and not (after[:1] == " " and text.startswith(".", e + 2)):
        return s, e  # the most spans: nothing to grow (each test below needs one of these)
    safe, lasts = en_lexicon.safe_words(), en_lexicon.person_names()[1]
    end = e
    while text.startswith("-", e) and (m := _HYPHEN_PARTS_AFTER_RE.match(text, e)) \
            and _similar_case(m.group(1), value) and (m.group(1).lower() not in safe or m.group(1).lower() in lasts) \
            and m.group(1).lower() not in _CREDENTIALS:
        e = m.end()
    if s and text[s - 1] == "-" and (m := _HYPHEN_PART_BEFORE_RE.search(text, max(0, s - 12), s)) \
            and _similar_case(m.group(1), value) and m.group(1).lower() not in MONTH_NAMES and (
                m.group(1).lower() in _PREFIXES or m.group(1).lower() not in safe or inverted):
        s = m.start()
    if (value[0].isupper() and not value.isupper() or len(value) == 2 and value[1] == ".") \
            and (m := _PARTICLE_SURNAME_AFTER_RE.match(text, e)):  # "Rita", "M." before " ten Have"
        e = m.end()
    elif value in ("ten", "ter", "van", "von", "de", "den", "der") and (m := _SURNAME_AFTER_RE.match(text, e)):
        e = m.end()  # "Dr. [ten] Have": the particle found, the surname after it left
    if e > end and (m := _NEXT_WORD_RE.match(text, e)) and m.group(1).lower() in _EPONYM_NEXT:
        e = end  # "Cornelia de Lange syndrome": an eponym
    if inverted and s >= 3 and (m := _SAINT_BEFORE_RE.search(text, max(0, s - 4), s)) \
            and _similar_case(m.group(), value):
        s = m.start()
    if inverted and (m := _LAST_INITIAL_RE.match(text, e)) and _similar_case(m.group(), value):
        e = m.end()
    if not inverted and value.count(" ") <= 1 and e == end:
        if (m := _PREFIXED_SURNAME_AFTER_RE.match(text, e)) and _similar_case(m.group(1), value):
            e = m.end()  # "Hassan[ al-Rashid]", "khalid[ al-rashid]"
        elif (m := _INITIAL_AFTER_RE.match(text, e)) and (
                m.group(1).islower() if value.islower() else m.group(1).isupper()) and not (m.group("next") and (
                m.group("next") not in _AFTER_SIGNING if value.islower() else m.group("next")[0].isupper())):
            e = m.end(1) + 1  # "Tunde[ A.] aware", "rigoberto[ r.] (office manager)", "GUILLERMO[ P.], RN"; not the
            # middle initial of "Rosario A. Hernández", whose surname a rule finds with it
    return s, e


def _similar_case(part: str, value: str) -> bool:
    """Whether a part is written as the name is: lower case with lower case, capitals with capitals."""
    letters = [c for c in part if c.isalpha()]
    return (all(c.islower() for c in letters) if value.islower() else
            all(c.isupper() for c in letters) if value.isupper() else letters[0].isupper())


class _Lists:
    def __init__(self) -> None:
        firsts, lasts = en_lexicon.person_names()
        self.first = firsts
        self.last = lasts
        self.safe = en_lexicon.safe_words()
        self.stop = (en_lexicon.function_words() | _NOT_AFTER_CUE | _CREDENTIALS | _TITLES | _RELATIONS | _FIELD_WORDS
                     | frozenset(c.lower() for c in CREDENTIAL_WORDS))
        # medical words that are also first names ("colon"): never a relative's name
        self.medical = en_lexicon.medical_words()
        self.places = en_lexicon.place_words()
        self.frequent_last = en_lexicon.frequent_surnames()  # "joseph young": a surname though also a word
        # the words a rule can start at on their own: cue words and list names that are no ordinary words
        # (initials and the ends of verb pairs only in place: find_names)
        self.starters = (_TITLES | _STAFF | _RELATIONS | _CREDENTIALS | _VERB_CUES | _NAMING | _GREETINGS
                         | {"surname", "me"} | ((firsts | lasts) - self.safe) | (self.frequent_last - self.stop))


# what a name field holds when it holds no name
_NO_NAME_VALUES = frozenset("unknown unk self same none pending refused declined deferred unavailable patient pt see "
                            "above below other various multiple".split())
# A name field's value in any case ("patient name: tao ma", "| NAME | SENER, FADILA |", "NOK: ANA DIAZ JR.,
# DAUGHTER"): a label of a few words anywhere, or a one-word one (_LINE_LABELS) that opens a line or a table
# cell; a colon or a bar; then up to five words to the field's end. Run on the lower-cased text, from each
# colon and bar (few in a note) back to its label.
_LINE_LABELS = frozenset("name nok contact guardian attending referring surgeon pcp".split())
# labels that as often head something else ("patient: stable overnight", "re: knee pain"): the value must read as a
# name, each word a name-list word that is no ordinary word, or a full name ("patient: faith long")
_STRICT_LINE_LABELS = frozenset("patient pt subscriber guarantor insured re".split())
_FIELD_LABEL_BEFORE_RE = re.compile(
    r"(?:(?<![\w-])(?:(?:patient|pt|full|first|last|legal)[ ]name|next[ ]of[ ]kin|emergency[ ]contact|contact[ ]person"
    r"|(?:attending|referring|ordering|primary[ ]care)[ ]physician)"
    rf"|(?:^|(?<=[\n|]))[ \t]*(?:{'|'.join(sorted(_LINE_LABELS))}|(?P<strict>{'|'.join(sorted(_STRICT_LINE_LABELS))})))"
    r"[ \t]*$")
_FIELD_VALUE_RE = re.compile(
    r"[ \t]*(?P<val>[^\W\d_][\w'.-]*(?:,?[ ][^\W\d_][\w'.-]*){0,4})(?=[ \t]*(?:$|[|;\t(\n]|,[ ]|[ ]{2}))")
_FIELD_MARK_RE = re.compile(r"[:|]")
_FIELD_LABEL_ENDS = ("name", "kin", "contact", "person", "physician", *_LINE_LABELS, *_STRICT_LINE_LABELS)  # a cheap test first


@functools.cache  # built once per process, on first use
def _lists() -> _Lists:
    return _Lists()


def _caseless_note(text: str, s: int, e: int) -> bool:
    """Whether text[s:e] is written all in lower case, or in capitals inside capitals (an ALL-CAPS note)."""
    value = text[s:e]
    return value.islower() or value.isupper() and text[max(0, s - 40):e + 40].isupper()


def _name_fields(text: str, low: str, lists: _Lists, add) -> None:
    """A name field's value in lower case or capitals (title case is en_names_caps' to weigh): its words up
    to a relation or a credential ("ana diaz, daughter", "auger, md"); not a field's usual non-names ("name: unknown",
    "nok: none", "guardian: self"): one of its words must be a name-list word or on no list."""
    for mark in _FIELD_MARK_RE.finditer(low):
        p = mark.start()
        if not low[max(0, p - 12):p].rstrip(" \t").endswith(_FIELD_LABEL_ENDS) \
                or not (label := _FIELD_LABEL_BEFORE_RE.search(low, max(0, p - 30), p)):
            continue  # not a name label ("drug name:" neither: "name" alone only opens a line or a cell)
        m = _FIELD_VALUE_RE.match(low, p + 1)
        if m is None:
            continue
        s, e = m.span("val")
        value = text[s:e]
        if not (value.islower() or value.isupper()):
            continue
        words = low[s:e].replace(",", " ").split()
        for k, w in enumerate(words):
            if k and (w in _RELATIONS or w.strip(".") in _CREDENTIALS  # "auger, md"
                      or w.replace(".", "") in _FIELD_WORDS):  # "bekele, abebe d.o.b. 1/24/45"
                words = words[:k]
                break
        if not words or (any(w.strip(".") in lists.stop or w in _NO_NAME_VALUES for w in words) or not any(
                (w in lists.first or w in lists.last or w not in lists.safe) and len(w) >= 2 for w in words)) \
                and not _full_name(words, lists):
            continue
        if label.group("strict") and not _full_name(words, lists) and not all(
                w not in lists.safe and w.strip(".") not in lists.stop and len(w) >= 2 for w in words):
            continue
        end = s
        for w in words:  # the kept words' end in the text
            end = low.index(w, end) + len(w)
        add(s, end, "en.name.caseless.field", 0.85)


# an e-mail address in angle brackets after the sender's or recipient's name: "From: Mark Fox <mfox60@gmail.com>"
_MAIL_ADDRESS_RE = re.compile(r"<[\w.+'-]+@[\w-]+(?:\.[\w-]+)+>")
_DISPLAY_NAME_RE = re.compile(rf"(?<![\w'.-])((?:[{UP}{LO}][{UP}{LO}'\u2019-]*\.?[ ]){{0,3}}[{UP}{LO}][{UP}{LO}'\u2019-]+)[ ]?$")
# words that make a display name an office's or a service's: "Billing Office <billing@...>"
_NOT_PERSON_WORDS = frozenset("""
office team department dept billing support service services clinic hospital center centre practice portal
noreply no-reply admin info help desk pharmacy lab records scheduling appointments notifications
""".split())


def _mail_names(text: str, lists: _Lists, add) -> None:
    """The person's name before an e-mail address in angle brackets: a first name first (a title may come
    before it) and no function or office word among its words."""
    for m in _MAIL_ADDRESS_RE.finditer(text):
        p = m.start()
        d = _DISPLAY_NAME_RE.search(text, max(0, p - 60), p)
        if d is None:
            continue
        words = d.group(1).split(" ")
        s = d.start(1)
        if len(words) > 1 and words[0].lower().rstrip(".") in _TITLES:
            s += len(words[0]) + 1
            words = words[1:]
        lows = [w.lower().rstrip(".") for w in words]
        if lows[0] in lists.first and (len(lows) > 1 or lows[0] not in lists.safe) \
                and not any(w in FUNCTION_WORDS or w in _NOT_PERSON_WORDS for w in lows) \
                and all(_similar_case(w, words[0]) for w in words[1:] if w.lower() not in _PARTICLES):
            add(s, d.end(1), "en.name.caseless.mail", 0.85)


def _full_name(words: list[str], lists: _Lists) -> bool:
    """Whether lower-case words are a first name, initials or particles, and a surname: "may long", "will young",
    "kelly o. hamilton" are names though each word is a word too."""
    return 2 <= len(words) <= 4 and words[0] in lists.first and words[-1] in lists.last and not any(
        w in FUNCTION_WORDS or w in _FIELD_WORDS or w in _NO_NAME_VALUES for w in words) and all(
        len(w.strip(".")) == 1 or w in _PARTICLES or w in lists.first or w in lists.last for w in words[1:-1])


def find_names(text: str, low: str, add) -> None:
    """Calls ``add(start, end, recognizer, score)`` for each name found; ``low``: the text lower-cased, its
    offsets the text's."""
    lists = _lists()
    found_span = add

    def add(s: int, e: int, rec: str, score: float) -> None:
        found_span(*grow_span(text, s, e), rec, score)

    if "@" in text and "<" in text:
        _mail_names(text, lists, add)
    if ":" in text or "|" in text:
        _name_fields(text, low, lists, add)
    toks = en_lexicon.word_tokens(text)  # hyphens split words; extend() joins a name's parts again
    if not text.isascii():
        toks = en_lexicon.name_list_forms(toks)  # "Ayşe" is looked up as the lists spell it, "ayse"
    n = len(toks)
    if not n:
        return
    first, last, safe, stop, places = lists.first, lists.last, lists.safe, lists.stop, lists.places
    # only cue words, list names ("x's" too), an initial before its full stop and the end of a verb pair after
    # its start ("spoke with") can start a name: the loop skips the rest (most notes' "a", "to", "with")
    starters = lists.starters
    todo = [k for k, (_, e, w) in enumerate(toks) if w in starters or "'" in w
            or w in _INITIALS and text.startswith(".", e)
            or w in _PAIR_ENDS and k and f"{toks[k - 1][2]} {w}" in _VERB_PAIRS]
    # a word on no list before ", first name" may be a surname ("browarczyk, tomasz"): its token starts a rule too
    todo = sorted(set(todo).union(k - 1 for k in todo if k and toks[k][2] in first
                                  and text[toks[k - 1][1]:toks[k][0]] == ", "))
    # "patient" and "pt" start a rule only where a comma closes the words after them ("patient will hunt, account")
    patient_starts = [p for m in _PATIENT_BEFORE_COMMA_RE.finditer(low) if not (p := m.start()) or not low[p - 1].isalpha()]
    if patient_starts:
        todo = sorted(set(todo).union(bisect.bisect_left(toks, p, key=_token_start) for p in patient_starts))
    # ordinary words that are first names start a rule only before a person's verb: the token ending there
    verb_starts = [m.start() for m in _PERSON_AFTER_RE.finditer(text)]
    if verb_starts:
        before_verbs = (bisect.bisect_left(toks, v, key=_token_end) for v in verb_starts)
        todo = sorted(set(todo).union(k for k, v in zip(before_verbs, verb_starts) if k < n and toks[k][1] == v))
    found: set[str] = set()

    def gap(i: int) -> str:  # text between token i-1 and token i
        return text[toks[i - 1][1]:toks[i][0]]

    def plain(w: str) -> str:  # without a possessive "'s"
        return w[:-2] if ("'" in w or "\u2019" in w) and w.endswith(("'s", "\u2019s")) else w

    def unknown(w: str) -> bool:  # on no list
        w = plain(w)
        return len(w) >= 3 and w not in safe and w not in first and w not in last and w not in _NOT_AFTER_CUE

    def listed(w: str) -> bool:
        w = plain(w)
        return (w in first or w in last) and w not in _NOT_AFTER_CUE

    def rare_listed(w: str) -> bool:  # a name-list word that is not an ordinary word
        return listed(w) and plain(w) not in safe and len(w) > 1

    def strong_ok(w: str) -> bool:  # after a title: any name-list word, or an unknown word
        return listed(w) or unknown(w)

    def weak_ok(w: str) -> bool:  # after a relation or staff word: a rare listed word or an unknown one
        return rare_listed(w) or (unknown(w) and not (w.endswith(_ENGLISH_ENDINGS) and len(w) >= 7))  # "stumbled"

    def relation_ok(w: str) -> bool:  # after "son": any first name that is not a function or charting word
        w = plain(w)
        return (w in first and w not in stop and w not in lists.medical) or weak_ok(w)

    def extend(i: int, titled_cue: bool = False) -> int:
        """Index after the name starting at token i: later words join while they look like names (after a title,
        a surname after a first name however ordinary: "dr. joy brown")."""
        j = i + 1
        titled = is_title(i)
        while j + 1 < n and toks[j][2] in _PARTICLES and gap(j) == " " and gap(j + 1) == " " and (
                weak_ok(toks[j + 1][2]) or toks[j + 1][2] in _PARTICLES):
            j += 1  # "van der meer", "de la cruz"
        while j < n and j - i < 4 and _NAME_GAP_RE.match(gap(j)) and toks[j][2] not in stop \
                and (not gap(j).startswith(".") or len(toks[j - 1][2]) == 1) \
                and (weak_ok(toks[j][2]) or (titled and listed(toks[j][2]))
                     or (j == i + 1 and frequent_surname_after(i))
                     or (titled_cue and j == i + 1 and gap(j) == " " and _full_name([toks[i][2], plain(toks[j][2])], lists)
                         and same_case(i, j))) \
                and (not titled or is_title(j) or gap(j) == "-"):
            j += 1  # "Frances Baker"; a title-case name goes on only in title case ("Ann Obermaier wurde")
        if j == i + 1 and j < n and gap(j) == ", " and first_after_surname(i):
            j += 1  # "spoke with saunders, carrie": the surname first, as lists write it
        return j

    def free_standing(k: int) -> bool:  # not glued to digits or other letters ("PaCO2", "l;ines")
        s, e = toks[k][0], toks[k][1]
        return (s == 0 or text[s - 1] in _FREE_BEFORE) and (e == len(text) or text[e] in _FREE_AFTER)

    def frequent_surname_after(k: int) -> bool:
        """Whether token k is a first name that is no ordinary word and the next one of the commonest
        surnames, in the same case: "joseph young", "MELISSA YOUNG" (not "in april levels", "CAM walker")."""
        w, nxt = toks[k][2], k + 1
        if nxt == n or w not in first or w in safe or w in MONTH_NAMES or gap(nxt) != " " or not free_standing(nxt):
            return False
        cand = plain(toks[nxt][2])
        if cand not in lists.frequent_last or cand in stop or (cand in lists.medical and cand not in EPONYMS):
            return False  # an eponym is a surname here ("edwin jones"); emit() drops "[name] criteria"
        return same_case(k, nxt)

    def first_after_surname(k: int) -> bool:
        """Whether token k is a surname and the next one (after a comma) a first name: a surname that is no
        ordinary word, a word on no list ("browarczyk, tomasz"), or one of the commonest that no function
        word stands before (not "is young, maria"; a word that names a person after it may: "held with
        wells, jennifer"),
        then a first name that is no ordinary word (not "lasix, coreg", "brown, may")."""
        w, nxt = toks[k][2], k + 1
        if len(w) < 3 or w in places or nxt == n:
            return False
        frequent = plain(w) in lists.frequent_last and w not in stop and w not in lists.medical and same_case(k, nxt) \
            and not (k and gap(k) == " " and toks[k - 1][2] in stop and toks[k - 1][2] not in _BEFORE_INITIAL)
        cand = toks[nxt][2]
        unlisted = unknown(w) and len(w) >= 4 and same_case(k, nxt) and not w.endswith(_ENGLISH_ENDINGS) \
            and w not in MONTH_NAMES and not (k and gap(k).startswith(",")) and not text.startswith(",", toks[nxt][1]) \
            and _caseless_note(text, toks[k][0], toks[nxt][1])  # not in a list: "einkorn, emmer, spelt", "ARTEMIS, ADA, IL7R"
        return (rare_listed(w) and plain(w) in last or frequent or unlisted) and len(cand) >= 3 and plain(cand) in first \
            and cand not in safe and cand not in stop and cand not in places and free_standing(nxt)

    def patient_name_end(k: int) -> int:
        """The token after a full name from token k that a comma ends ("will hunt,", "rice, hope,", "kelly o.
        hamilton,"); 0 where there is none."""
        j, comma = k + 1, 0
        while j < n and j - k < 4 and same_case(k, j):
            if gap(j) == ", " and j == k + 1:
                comma = j
            elif not _NAME_GAP_RE.match(gap(j)):
                break
            j += 1
        words = [plain(toks[x][2]) for x in range(k, j)]
        if comma:  # "rice, hope": the surname first
            words = words[1:] + words[:1]
        # in lower case or capitals a surname that is a word must be one of the commonest ("rose early" is no name)
        return j if text.startswith(",", toks[j - 1][1]) and not any(w in stop for w in words[1:]) \
            and _full_name(words, lists) and (is_title(k) or words[-1] not in safe or words[-1] in lists.frequent_last) \
            else 0

    def same_case(a: int, b: int) -> bool:
        x, y = text[toks[a][0]:toks[a][1]], text[toks[b][0]:toks[b][1]]
        return x.islower() == y.islower() and x.isupper() == y.isupper()

    def is_title(k: int) -> bool:
        return text[toks[k][0]].isupper() and not text[toks[k][0] + 1:toks[k][1]].isupper()

    def emit(i: int, j: int, rec: str, score: float, propagate: bool = True) -> None:
        if j < n and toks[j][2] in _EPONYM_NEXT and gap(j) in (" ", "'s ", "\u2019s "):
            return  # "[name] disease", "[name]'s sign": an eponym
        s, e = toks[i][0], toks[j - 1][1]
        if text.endswith(("'s", "\u2019s"), s, e):
            e -= 2
        add(s, e, rec, score)
        for k in range(i, j if propagate else i):
            w = plain(toks[k][2])
            if len(w) >= 3 and w not in safe:
                found.add(w)

    i = 0
    for i0 in todo:
        if i0 < i:
            continue
        i = i0
        w = toks[i][2]
        nxt = i + 1
        cand = toks[nxt][2] if nxt < n else ""
        if w in _NAMING and (w == "named" or cand == "is" and gap(nxt) == " " and i and toks[i - 1][2] in _OWNERS):
            k = nxt if w == "named" else nxt + 1
            j = k
            while j < n and j - k < 3 and gap(j) == " " and toks[j][2] not in stop \
                    and (listed(toks[j][2]) or j > k and weak_ok(toks[j][2])):  # "my name is tadeusz pawlos"
                j += 1
            if j > k:
                emit(k, j, "en.name.caseless.named", 0.8)
                i = j
                continue
        # "maiden name is dunn", "last name? gual", "surname: hall": a surname however ordinary ("west", "sales")
        k = nxt + (cand in ("is", "was") and nxt + 1 < n)
        if (w == "surname" or w == "name" and i and toks[i - 1][2] in _SURNAME_HEADS) and k < n \
                and (_SURNAME_GAP_RE.match(text[toks[i][1]:toks[k][0]]) or toks[i - 1][2] == "maiden"
                     and _MAIDEN_GAP_RE.match(text[toks[i][1]:toks[k][0]])) and toks[k][2] not in stop \
                and (plain(toks[k][2]) in last or weak_ok(toks[k][2])) and len(toks[k][2]) >= 2 \
                and free_standing(k) and _caseless_note(text, toks[i][0], toks[k][1]):
            # a surname, or a word on no list that reads as no English word: not "is unknown", "was misspelled"
            emit(k, k + 1, "en.name.caseless.surname", 0.85)
            i = k + 1
            continue
        # "hi steven, how are you?", "thanks, crystal", "people call me lee": a first name spoken to or given,
        # one that is no ordinary word unless a comma sets it off ("thanks, crystal"; not "call me asap")
        if cand and (w in _GREETINGS and en_lexicon.sentence_start(text, toks[i][0])
                     or w == "me" and i and toks[i - 1][2] == "call") \
                and gap(nxt) in (" ", ", ") and plain(cand) in first and cand not in stop and free_standing(nxt) \
                and (cand not in safe or gap(nxt) == ", " or text.startswith(",", toks[nxt][1])) \
                and (_caseless_note(text, toks[i][0], toks[nxt][1])
                     or gap(nxt) == ", " and is_title(nxt) and _LINE_END_RE.match(text, toks[nxt][1])):
            j = extend(nxt)
            emit(nxt, j, "en.name.caseless.greeting", 0.8)
            i = j
            continue
        if w in _TITLES and len(cand) == 1 and _TITLE_GAP_RE.match(gap(nxt)) and nxt + 1 < n \
                and text.startswith(".", toks[nxt][1]) and _NAME_GAP_RE.match(gap(nxt + 1)) \
                and strong_ok(toks[nxt + 1][2]) and toks[nxt + 1][2] not in stop:
            j = extend(nxt + 1)  # "per dr b. gill": a title, an initial and a surname
            emit(nxt, j, "en.name.caseless.title", 0.9)
            i = j
            continue
        if w in _TITLES and cand and _TITLE_GAP_RE.match(gap(nxt)) and strong_ok(cand) \
                and not _NUMBER_BEFORE_RE.search(text, max(0, toks[i][0] - 6), toks[i][0]):  # "449 ms."
            dotted = text.startswith(".", toks[i][1])
            # "MS CONT", "4+ MR": mental status and mitral regurgitation without a full stop
            if dotted or w not in _AMBIGUOUS_TITLES or rare_listed(cand) or (unknown(cand) and not cand.isupper()
                                                                          and not text[toks[nxt][0]].isupper()):
                j = extend(nxt, titled_cue=True)
                emit(nxt, j, "en.name.caseless.title", 0.9)
                if w == "drs" and j + 1 < n and toks[j][2] == "and" and strong_ok(toks[j + 1][2]):
                    k = extend(j + 1)  # "drs joseph and smithers"
                    emit(j + 1, k, "en.name.caseless.title", 0.9)
                    j = k
                i = j
                continue
        # after a relation any first name; after a staff word one in title case ("Nurse Amber", "RN Rose")
        if (w in _RELATIONS or w in _STAFF) and cand and _CUE_GAP_RE.match(gap(nxt)) \
                and (weak_ok(cand) or (w in _RELATIONS or is_title(nxt)) and relation_ok(cand)) \
                and (w != "md" or rare_listed(cand)) and cand not in stop:
            j = extend(nxt)
            emit(nxt, j, "en.name.caseless.relation" if w in _RELATIONS else "en.name.caseless.staff", 0.85)
            # "daughters sarah and margie"
            if j + 1 < n and toks[j][2] == "and" and text[toks[j - 1][1]:toks[j][0]] == " " and gap(j + 1) == " ":
                j += 1  # "sarah and margie"
            elif not (j < n and _AND_GAP_RE.match(gap(j))):
                i = j
                continue
            if j < n and relation_ok(toks[j][2]) and toks[j][2] not in stop:
                k = extend(j)
                emit(j, k, "en.name.caseless.relation", 0.8)
                j = k
            i = j
            continue
        # "son, ed, was updated": a first name set off by commas after a relation word, even an ordinary word
        # (in brackets even a first name that is a word: "spoke c dtr (will)")
        if w in _RELATIONS and cand and gap(nxt) in (", ", ",", " (") and plain(cand) in first \
                and (cand not in stop or gap(nxt) == " (" and text.startswith(")", toks[nxt][1])
                     and cand not in FUNCTION_WORDS) \
                and len(cand) >= 2 and text[toks[nxt][1]:toks[nxt][1] + 1] in ",)":
            emit(nxt, nxt + 1, "en.name.caseless.relation", 0.8)
            i = nxt + 1
            continue
        # "BILLING: Patient Will Hunt, account", "patient rice, hope, account": a full name after "patient", set off
        # by a comma, however ordinary its words
        if w in ("patient", "pt") and cand and gap(nxt) == " " and not (i and toks[i - 1][2] in stop) \
                and (k := patient_name_end(nxt)):
            emit(nxt, k, "en.name.caseless.patient", 0.8)
            i = k
            continue
        # "bill called", "Anne is the family contact": a first name before a verb only a person does
        if len(w) >= 3 and w in first and w not in stop and w not in lists.medical and free_standing(i) \
                and _PERSON_AFTER_RE.match(text, toks[i][1]) and not (i and toks[i - 1][2] in ("the", "a", "an")):
            emit(i, i + 1, "en.name.caseless.person_verb", 0.7, propagate=w not in safe)
            i += 1
            continue
        # "paged smithers", "discussed with smithers": a surname that is not an ordinary word
        if cand and (w in _VERB_CUES or (i and w in _PAIR_ENDS and f"{toks[i - 1][2]} {w}" in _VERB_PAIRS)) \
                and gap(nxt) in (" ", ": ") and rare_listed(cand) and plain(cand) in last and len(cand) >= 4 \
                and not (text[toks[nxt][0]:toks[nxt][1]].isupper() and not text[toks[i][0]:toks[i][1]].isupper()) \
                and not (text[toks[nxt][0]].isupper() and text[toks[nxt][0] + 1:toks[nxt][1]].islower()
                         and not text[toks[i][0]:toks[i][1]].islower()):
            j = extend(nxt)
            emit(nxt, j, "en.name.caseless.verb", 0.75)
            i = j
            continue
        # a first name and a surname, both words too, before a credential: "MAY HUNT, NP", "grant hill md"
        if w in _CREDENTIALS and i >= 2 and w not in ("pt", "ot") and gap(i) in (" ", ", ") and gap(i - 1) == " " \
                and (w not in ("do", "pa") or gap(i) == ", ") and _full_name([toks[i - 2][2], toks[i - 1][2]], lists) \
                and toks[i - 1][2] not in stop and free_standing(i - 2) \
                and _caseless_note(text, toks[i - 2][0], toks[i][1]):
            emit(i - 2, i, "en.name.caseless.credential", 0.85)
        # a credential after the name: "smithers np", "q. lander rrt"
        if w in _CREDENTIALS and i and _CRED_GAP_RE.match(gap(i)) \
                and (w not in _AMBIGUOUS_CREDENTIALS or gap(i) == "-") and (
                    rare_listed(toks[i - 1][2]) or (w not in _AMBIGUOUS_CREDENTIALS and listed(toks[i - 1][2])
                                                    and gap(i).startswith(",") and i >= 2 and len(toks[i - 2][2]) == 1
                                                    and _INITIAL_RE.search(text, toks[i - 2][0], toks[i - 1][0]))):
            k = i - 1
            while k > 0 and i - k < 3 and weak_ok(toks[k - 1][2]) and _NAME_GAP_RE.match(gap(k)):
                k -= 1
            if k > 0 and len(toks[k - 1][2]) == 1 and _INITIAL_RE.search(text, toks[k - 1][0], toks[k][0]):
                k -= 1
                if k > 0 and plain(toks[k - 1][2]) in first and toks[k - 1][2] not in stop \
                        and _NAME_GAP_RE.match(gap(k)):
                    k -= 1  # "dan a. forman-lyons, rrt": the first name before the initial
            emit(k, i, "en.name.caseless.credential", 0.85)
        # an initial and a surname: "q. smithers", "B. KARGAS" (an unknown surname, or one of the commonest that
        # is an ordinary word too, needs a cue around it: "discussed with r. pratt", "contact: c. turner"; not
        # "according to s. scale")
        # (a capital initial before a lower-case word is a species: "L. pneumophila")
        if len(w) == 1 and cand and text.startswith(".", toks[i][1]) and _NAME_GAP_RE.match(gap(nxt)) \
                and not (text[toks[i][0]].isupper() and text[toks[nxt][0]].islower()) \
                and (i == 0 or text[toks[i][0] - 1] in " (\t\n") and cand not in _CREDENTIALS and (
                    (rare_listed(cand) and plain(cand) in last and len(cand) > 2) or _APOSTROPHE_SURNAME_RE.match(cand)
                    or ((unknown(cand) or plain(cand) in lists.frequent_last and cand not in stop
                         and cand not in lists.medical) and (
                        (i and toks[i - 1][2] in _BEFORE_INITIAL) or text.endswith(": ", 0, toks[i][0])
                        or (nxt + 1 < n and toks[nxt + 1][2] in _CREDENTIALS and _CRED_GAP_RE.match(gap(nxt + 1)))))):
            j = extend(nxt)
            emit(i, j, "en.name.caseless.initial", 0.8)
            i = j
            continue
        # title-case list names in any order, particles between: "Nguyen Van Thanh", "Tran Thi Mai"
        if cand and is_title(i) and rare_listed(w):
            j, has_first, has_last = i, False, False
            while j < n and (j == i or gap(j) == " ") and is_title(j) and (
                    rare_listed(toks[j][2]) or (toks[j][2] in _PARTICLES and j + 1 < n and is_title(j + 1))):
                has_first |= plain(toks[j][2]) in first
                has_last |= plain(toks[j][2]) in last
                j += 1
            if j - i >= 2 and has_first and has_last and toks[j - 1][2] not in _PARTICLES \
                    and not any(toks[k][2] in places for k in range(i, j)):
                emit(i, j, "en.name.caseless.list", 0.75)
                i = j
                continue
        # a surname, a comma, a first name: "MYERS, JOSEPH", "rios, rebecca", "baker, richard" (lists and forms
        # put the surname first)
        if cand and gap(nxt) == ", " and first_after_surname(i) and free_standing(i):
            emit(i, nxt + 1, "en.name.caseless.last_first", 0.75)
            i = nxt + 1
            continue
        # a first name and a listed or unknown word, or a frequent surname: "patty smithers", "martin carey",
        # "joseph young" (not "in april levels")
        if len(w) >= 3 and w in first and w not in safe and w not in _NOT_AFTER_CUE and cand and free_standing(i) \
                and _NAME_GAP_RE.match(gap(nxt)) and not gap(nxt).startswith(".") and cand not in _CREDENTIALS \
                and ((rare_listed(cand) and plain(cand) in last) or (unknown(cand) and len(cand) >= 4)
                     or frequent_surname_after(i)) \
                and w not in places and cand not in places:
            j = extend(nxt)
            # words joined by hyphens alone are an eponym ("allen-masters window", "marshall-marchetti-krantz"): a
            # first name before them ("kelly roman-fransson"), a surname ("hyun-woo choi"), an initial or a first
            # name after them ("fitzgerald-hughes, savannah") makes them a name
            if all(gap(k) == "-" for k in range(nxt, j)) and not _NAME_AFTER_HYPHENED_RE.match(text, toks[j - 1][1]) \
                    and not (i and gap(i) == " " and plain(toks[i - 1][2]) in first):
                i += 1
                continue
            emit(i, j, "en.name.caseless.pair", 0.75)
            i = j
            continue
        # "keep the smithers family aware": a surname before "family"
        if cand == "family" and rare_listed(w) and plain(w) in last and gap(nxt) == " " and free_standing(i):
            emit(i, i + 1, "en.name.caseless.family", 0.75)
            i += 1
            continue
        # a first name that is no ordinary word, on its own: "sarah called" (deid.pl's unambiguous names)
        if len(w) >= 4 and w in first and w not in safe and w not in stop and w not in places \
                and free_standing(i) and gap(i) != "-" and not text.startswith("-", toks[i][1]) \
                and not en_lexicon.misspelt(w):
            emit(i, i + 1, "en.name.caseless.first", 0.6, propagate=False)  # "Bard-Parker" is a blade
        i += 1

    if "(" in text:  # "spoke with frida (son)", "ebony (daughter) called": a relation in brackets names the word before
        for m in _RELATION_IN_BRACKETS_RE.finditer(low):
            k = bisect.bisect_left(toks, m.start(), key=_token_end)
            if k < n and toks[k][1] == m.start() and _caseless_note(text, toks[k][0], m.end()):  # not "(HCP)"
                w = plain(toks[k][2])
                if (w in first or w in last and w not in safe or unknown(w)) and w not in stop \
                        and w not in lists.medical and len(w) >= 3 and free_standing(k):
                    emit(k, k + 1, "en.name.caseless.relation_after", 0.8)

    if found:  # repeats: "DR KLEIN ... KLEIN HAD TOLD"
        for s, e, w in toks:
            if plain(w) in found:
                add(s, e - (2 if w.endswith(("'s", "\u2019s")) else 0), "en.name.caseless.repeat", 0.7)
