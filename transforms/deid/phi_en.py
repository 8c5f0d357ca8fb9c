"""English PHI detection for clinical text: rules, context cues and name lists, no model.

``detect(text)`` returns the HIPAA Safe Harbor identifiers it finds as ``PhiSpan`` records, sorted by
start and non-overlapping. It is built for throughput on one core (a Beam worker calls it for every
document): a handful of combined regular expressions, one pass over capitalised words for names, and
set lookups. Resources (compiled patterns, name sets) are built once, on first use.

Recognizer families (the ``recognizer`` field says which one fired; reviewers get per-recognizer counts):

* ``en.email``, ``en.url``, ``en.ip``: shape only.
* ``en.phone`` / ``en.fax``: North American numbers with an optional extension; a number counts as a fax
  when the nearest cue before it is "fax"/"F:"; a bare 10-digit run needs a phone or fax cue.
  ``en.phone.loose``: a mistyped number in brackets ("(555 123 45678)").
* ``en.ssn``: 3-2-4 digit groups, or a number after an SSN cue (also masked "XXX-XX-1234").
* ``en.id.<label>``: a value after a cue word (MRN, account, member ID, NPI, DEA, passport, serial,
  plate, VIN...). Bare digit runs are ambiguous, so the cue decides the label.
* ``en.vin``, ``en.udi``: 17-character VINs and GS1 device identifiers, which are unambiguous by shape.
* ``en.card``, ``en.iban``, ``en.mbi``: payment card numbers (Luhn), IBANs (mod 97) and Medicare
  Beneficiary Identifiers by shape and check, with or without a cue.
* ``en.date.*``: numeric, ISO, month-name (any case) and ordinal dates, ranges as one date ("5/15-5/24/2013",
  "July 11-14, 2024"), and month/day without a year ("bc 8/30 pending"), which notes write as often as full
  dates; ratios, scores, fractions, blood pressures and ventilator settings ("ps 10/5") stay out, and a
  grade-like 4/1 or 3/3 is a date only in date context (an event verb or a weekday before it, a date it is
  listed with, a line it opens, a place after it); six digits ("041318") and "5-19" only right after a date
  word. Years written with an apostrophe ("CABG '09", "CVA 74'") are dates; other years alone and clock
  times are never dates. ``en.date.weekday``: a weekday named alone ("extubated Monday"), as the i2b2-2014
  guidelines count it; with the note's date it dates an event.
* ``en.age``: ages of 90 and over, the number only.
* ``en.phone.pager``: four or five digits after a pager cue; ``en.phone.cued``: a number in any grouping (local,
  foreign) right after a phone or fax word; numbers with a country code other than 1 by their + sign.

Modules: the shapes, identifiers, dates and ages are here; word tables in ``en_tables``, compiled patterns
and the span collector in ``en_patterns``; capitalised text in ``en_places_caps`` (``en.address``,
``en.city.*``, ``en.zip``, ``en.facility``) and ``en_names_caps`` (``en.name.*``: titles, labels,
credentials, relations, list pairs, repeats); text in any case, judged by word lists rather than capitals,
in ``en_names_ci`` (``en.name.caseless.*``) and ``en_places_ci`` (``en.facility.*``, ``en.city.caseless``,
``en.address.caseless``, ``en.address.postal_line``);
towns and counties by gazetteer in ``en_towns`` (``en.city.gazetteer``); the cells of a table whose header
row names its columns, each read as its column label's value, in ``en_table_cells`` (``en.table.*``);
initials that sign or name someone in ``en_initials`` (``en.name.initials``); a chat's answer to a question
naming its field in ``en_answers`` (``en.answer``). ``pattern_sets`` builds the pattern objects once, with
an ASCII-mode twin that scans ASCII notes faster (``en_patterns.resources_for``).

Word lists (``en_lexicon``, ``resources/README.md``): US Census 1990 names (package ``names``), the
Latin-script person lists of ``faker``'s locales, and a safe list of ordinary and clinical words: a word on
no list that stands where a name stands is taken for one (Philter's idea), a first name that is no ordinary
word is a name wherever it stands (deid.pl's), and name-list entries that are ordinary English words and
medical eponyms count as names only with a cue.
"""

from __future__ import annotations

import collections
import functools
import re
from collections.abc import Collection

from medcorpus.schemas.phi import PHI_LABELS, PhiSpan
from medcorpus.transforms.deid import (
    en_answers, en_dates, en_initials, en_lexicon, en_names_caps, en_names_ci, en_places_caps, en_places_ci,
    en_table_cells, en_towns,
)
from medcorpus.transforms.deid.checksums import IBAN_COUNTRIES, iban_valid, luhn_valid
from medcorpus.transforms.deid.en_lexicon import LO, UP, safe_words
from medcorpus.transforms.deid.en_patterns import Resources, Spans, resources_for, word_trie
from medcorpus.transforms.deid.metadata import field_label
from medcorpus.transforms.deid.en_tables import (
    CREDENTIALS, NOT_CITIES, PARTICLES, RELATIONS, STOP_WORDS, USER_SUBDOMAIN_HOSTS, WEAK_ID_CUES,
)

__all__ = ["detect"]

_ASCII_LOWER = {c: c + 32 for c in range(65, 91)}
_ALL_LABELS = frozenset(PHI_LABELS)


def detect(text: str, labels: Collection[str] | None = None) -> list[PhiSpan]:
    """PHI spans in English clinical text: sorted by start, non-overlapping. A rule that raises is a
    bug: the error reaches the stage, which quarantines the document (never a silent miss).
    ``labels``: run only the recognizers that can find one of these (a profile's categories); what
    they find under other labels is dropped before the overlaps are resolved, so that a category the
    profile does not remove never wins a value over one it does ("07700 900123 is the card holder
    number": an ACCOUNT reading must not keep a literature profile's PHONE from the number)."""
    if not isinstance(text, str) or not text:
        return []
    if isinstance(labels, str):
        raise TypeError("labels is a collection of labels, not one label")
    text = _form_colons(text)
    res = resources_for(text)
    spans = Spans()
    low = text.lower()  # for case-insensitive cue scans; offsets must stay those of text
    if len(low) != len(text):
        low = text.translate(_ASCII_LOWER)
    for recognizer, finds in _RECOGNIZERS:
        if labels is None or not finds.isdisjoint(labels):
            recognizer(text, low, res, spans)
    if "|" in text or "\t" in text:  # a table's header row names its columns: each cell read with its label
        en_table_cells.read_tables(text, spans, lambda virtual: detect(virtual, labels))
    if "|" in text or ";" in text:  # a row that names a person: its number cell is the person's record number
        en_table_cells.record_cells(text, spans)
    if labels is None or "NAME" in labels:
        en_names_caps.names_after_records(text, spans)
    if labels is None or "FACILITY" in labels:
        en_places_caps.facility_tails(text, spans)
    if "/" in text or "," in text or " " in text:
        en_places_caps.address_units(text, spans)
    _address_blocks(text, spans, res, labels)
    if labels is None or "CITY" in labels or "ZIP" in labels:
        en_places_caps.address_tails(text, spans)
    if labels is not None:
        wanted = frozenset(labels)
        spans.items = [item for item in spans.items if item[2] in wanted]
    return spans.leftovers(text, _whole_names(text, spans.resolve(), res))


# A form's line "City - Topeka", "ZIP = 39367" or "IBAN<tab>ES15 ..." whose label names an identifying field
# (metadata.field_label, the field names metadata is scrubbed by) reads as "City: Topeka": its separator
# becomes a colon and blanks of the same length, so that every rule that reads a "Label: value" field reads
# it, at the text's offsets. One tab only: a line with more is a table row (en_table_cells). A form has two such
# lines or more, with the same separator: "Poor eye contact - Prominent metopic ridge" is an exam's finding.
# (each separator's mark is found first with str.find, its blanks added in code: a pattern would be tried at every
# hyphen and space)
_FORM_MARKS = ("\t", "=", " - ", " \u2013 ")
_FORM_LABEL_RE = re.compile(r"[ \t]*[A-Za-z][A-Za-z0-9'\u2019.#/() ]{0,38}")
_FORM_VALUE_RE = re.compile(r"[^\s=-][^\t\n]*(?:\n|$)")


def _form_colons(text: str) -> str:
    if "\t" not in text and " - " not in text and "=" not in text and "\u2013" not in text:
        return text
    fields = []  # (separator start, end, mark)
    for mark in _FORM_MARKS:
        p = text.find(mark)
        while p >= 0:
            s, e = p, p + len(mark)
            p = text.find(mark, e)
            while s and text[s - 1] == " ":
                s -= 1
            while e < len(text) and text[e] in " \t":
                e += 1
            line_start = text.rfind("\n", 0, s) + 1
            label = text[line_start:s].strip(" \t.#")
            if _FORM_LABEL_RE.fullmatch(text, line_start, s) and _FORM_VALUE_RE.match(text, e) \
                    and label.lower() not in ("patient", "pt") and field_label(label, _ALL_LABELS):  # "Patient - Alert"
                fields.append((s, e, mark))
    fields.sort()
    kinds = collections.Counter(mark for _, _, mark in fields)
    parts, last = [], 0
    for s, e, mark in fields:
        if kinds[mark] >= 2:
            parts += [text[last:s], ":" + " " * (e - s - 1)]
            last = e
    return "".join(parts) + text[last:] if parts else text


# The line above a street line in an envelope's block: a person's name ("Donna Hill\n13162 North Mill Ct") or a
# place's, in any case, up to six words ("The Limes Medical Practice", "kaikohe health centre")
_PLACE_LINE_RE = re.compile(r"[ \t]*(?P<name>[^\W\d_][\w'\u2019&.-]*(?:[ ][\w'\u2019&.-]+){1,5})[ \t]*")
_PLACE_LINE_ENDS = frozenset("surgery team service services partnership rooms polyclinic practice group".split())
_NAME_LINE_RE = re.compile(rf"[ \t]*(?P<name>(?:[{UP}][{LO}'\u2019-]+|[{UP}]{{2,}})(?:[ ](?:[{UP}]\.?|[{UP}][{LO}'\u2019-]+|[{UP}]{{2,}})){{1,3}})[ \t]*")


def _address_blocks(text: str, spans: Spans, res: Resources, labels: Collection[str] | None) -> None:
    """The line above an address that opens its line with a house number, a unit or a PO box: the addressee. A
    first name of the lists opens a person's name; a line that ends in a facility's head word ("The Limes Medical
    Practice", "kaikohe health centre", "Greenway Road Surgery") is the place's name."""
    for s, _, label, _, _ in [item for item in spans.items if item[2] == "ADDRESS"]:
        if s < 2 or text[s - 1] != "\n" or not (text[s].isalnum()):
            continue
        line_start = text.rfind("\n", 0, s - 1) + 1
        m = _NAME_LINE_RE.fullmatch(text, line_start, s - 1) or _PLACE_LINE_RE.fullmatch(text, line_start, s - 1)
        words = m.group("name").lower().replace(".", "").split() if m else ()
        if not words or words[-1] in NOT_CITIES:
            continue
        if words[-1] in res.facility_head_words or words[-1] in _PLACE_LINE_ENDS:
            if (labels is None or "FACILITY" in labels) and len(words) >= 2 and not text[m.start("name")].isdigit():
                spans.add(m.start("name"), m.end("name"), "FACILITY", "en.facility.address_block", 0.8)
        elif words[0] in res.first and res.facility_head_words.isdisjoint(words) and (labels is None or "NAME" in labels):
            spans.add(m.start("name"), m.end("name"), "NAME", "en.name.address_block", 0.75)


# Parts of a name joined to it by a hyphen: "Saldana[-Perez]", "[Jean-]Luc", "[al-]Sayed", "[El-]Amin";
# not a credential or role after it ("KARGAS-PT")
_HYPHEN_AFTER_RE = re.compile(rf"(?:-(?!(?:{'|'.join(CREDENTIALS)}|PT|OT|SW|CM|RT)(?![\w-]))[{UP}][{UP}{LO}'\u2019]*)+(?![\w-])")
_HYPHEN_BEFORE_RE = re.compile(rf"(?<![\w-])(?:(?:[{UP}][{LO}]+|al|el|ul|bin|ibn|abu|ben)-)+$")
_SURNAME_AFTER_RE = re.compile(rf"[ ]([{UP}][{LO}]+|[{UP}]{{2,}}|[{LO}]{{2,}})(?![\w'\u2019-])")
_LAST_COMMA_BEFORE_RE = re.compile(rf"(?<![\w'\u2019-])([{UP}][{LO}'\u2019]+(?:-[{UP}][{LO}]+)?|[{UP}]{{2,}}(?:['-][{UP}]+)?),[ ]$")
_FIELD_OPENING_RE = re.compile(r"(?:^|\n[ \t]*|:[ \t]*|\|[ \t]*)$")  # a line's start, after a label or a cell's bar
# a generational suffix after a name ("V" only after a full name: "Vitamin V" is no person); a numeral
# before a lower-case word is something else ("IV fluids", "II floor", "V. fib")
_GENERATION_AFTER_RE = re.compile(r",?[ ](Jr\.|Sr\.|Jr|Sr|JR|SR|jr\.?|sr\.|(?:II|III|IV|V)(?![ ][a-z]|\.[ ]?[a-z]))(?![\w'-])")
_NICKNAME_GAP_RE = re.compile(rf"[ ]+[\"\u201c'\u2018(][{UP}{LO}.'-]+[\"\u201d'\u2019)][ ]+")
# Initials the name rules left out: before the name after a cue or a line start ("Attending: A. Jones", "cc:
# J.R. Smith"; not "vitamin A. Jones"), and a middle initial after "Last, First" ("Miller, Mark A.")
_INITIALS_BEFORE_RE = re.compile(
    rf"(?:^|(?<=[\n:(,;])|(?<=[\n:(,;][ ])|(?i:(?<=\bwith[ ])|(?<=\bby[ ])|(?<=\bto[ ])|(?<=\bcc[ ])|(?<=\band[ ])))"
    rf"(?:[{UP}]\.[ ]?){{1,2}}[ ]?$")
_MIDDLE_INITIAL_AFTER_RE = re.compile(rf"[ ][{UP}{LO}]\.(?![\w.])|[ ](?![AI][ ])[{UP}](?=[ ,;:)\n]|$)")  # or "Gogan, Jayde W"
# the word before a span, when it may be a first name ("lacey [q. perez]", "[dylan] van bruchem")
_WORD_BEFORE_RE = re.compile(rf"(?<![\w'-])([{UP}]?[{LO}]{{2,}}|[{UP}]{{2,}})[ ]$")
_FIRST_AND_INITIAL_BEFORE_RE = re.compile(  # "amy x [campbell]": the initial between them, not "a" or "i"
    rf"(?<![\w'-])([{UP}]?[{LO}]{{2,}}|[{UP}]{{2,}})[ ](?:[{UP}{LO}]\.|(?![aAiI][ ])[{UP}{LO}])[ ]$")
# a particle before a name it is part of ("[de] grote, jolie", "[van der] Meer"), and a first name before that
_PARTICLE_BEFORE_RE = re.compile(rf"(?<![\w'-])(?i:{'|'.join(sorted(PARTICLES))})(?:[ ](?i:{'|'.join(sorted(PARTICLES))}))?[ ]$")
_PARTICLE_START_RE = re.compile(rf"(?i:{'|'.join(sorted(PARTICLES))})[ ]")
_PARTICLE_AFTER_RE = re.compile(  # "dylan [van bruchem]": a particle and a surname after a first name
    rf"[ ](?i:{'|'.join(sorted(PARTICLES))})(?:[ ](?i:{'|'.join(sorted(PARTICLES))}))?[ ](?P<last>[{UP}{LO}][{LO}]+|[{UP}]+)(?![\w'\u2019-])")
_LOWER_HYPHEN_AFTER_RE = re.compile(rf"-([{LO}]{{2,}})(?![\w-])")  # "robert hunter[-green]"
# a middle initial and a listed surname after a first name, in any case ("allison x wallace", "JOHN B NELSON",
# "joshua q. pearson"); a lone "a" or "i" is a word ("sarah a lot better") unless a full stop follows
_INITIAL_SURNAME_AFTER_RE = re.compile(
    rf"[ ](?:[{UP}{LO}]\.|(?![aAiI][ ])[{UP}{LO}])[ ](?P<last>[{UP}]?[{LO}]{{2,}}|[{UP}]{{2,}})(?![\w'\u2019-])")
_INNER_PART_GAP_RE = re.compile(  # between two parts of one name: an initial, or particles ("sarah de la cruz")
    rf"[ ](?:[{UP}{LO}]\.?|(?i:{'|'.join(sorted(PARTICLES))})(?:[ ](?i:{'|'.join(sorted(PARTICLES))}))?)[ ]")


# a town named after a person or a saint, a place word before it ("in South Nicole", "from port krystal", "to Port
# St. Lucie"): the word before the name is the town's too
_TOWN_PREFIX_BEFORE_RE = re.compile(
    r"(?i:\b(?:in|from|to|near|at)[ ])(?P<geo>(?i:north|south|east|west|new|port|lake|fort|mount)|Ft\.|Mt\.|FT\.|MT\.)[ ]$")

_SAINT_BEFORE_RE = re.compile(r"(?<![\w.])(?:St|ST|Ste|STE|Ft|FT|Mt|MT)\.?[ ]$")


def _is_initial_start(text: str, s: int, e: int) -> bool:
    """Whether the span opens with a one-letter initial before more of the name ("q. perez", "H Johnson")."""
    return e - s > 3 and text[s].isalpha() and (text[s + 1] == " " or text[s + 1:s + 3] == ". ")


def _same_case(a: str, b: str) -> bool:
    return a.islower() == b.islower() and a.isupper() == b.isupper()


def _first_name_of(word: str, name: str, res: Resources) -> bool:
    """Whether the word before a name span is its first name: listed, no function word, written alike."""
    return word.lower() in res.first and word.lower() not in STOP_WORDS and _same_case(word, name)


def _whole_names(text: str, spans: list[PhiSpan], res: Resources) -> list[PhiSpan]:
    """Name spans grown over the parts of the same name that no recognizer took (hyphenated parts, a
    listed surname after a first name, a nickname in quotes): a value replaced in part has leaked. A town
    named after a person takes the place word before it ("in South Nicole")."""
    kept = [True] * len(spans)
    for k, span in enumerate(spans):
        lo = spans[k - 1].end if k else 0  # nothing is taken from the span before either
        if span.label in ("NAME", "CITY", "FACILITY") and text[span.start - 1:span.start] == " " \
                and (span.label != "FACILITY" or text.startswith(("St", "ST", "st"), span.start)) \
                and (m := _TOWN_PREFIX_BEFORE_RE.search(text, max(lo, span.start - 12), span.start)) \
                and _same_case(m.group("geo"), text[span.start:span.end].split()[0]):
            town = text[m.start("geo"):span.end].lower()
            if town in res.states or town in NOT_CITIES:
                kept[k] = False  # a state or a country is no PHI ("in North [Carolina]" was a false name)
                continue
            spans[k] = span = span._replace(start=m.start("geo"), label="CITY")
        if span.label == "CITY" and (m := _SAINT_BEFORE_RE.search(text, max(lo, span.start - 7), span.start)):
            spans[k] = span = span._replace(start=m.start())  # "St. Cloud, MN": the town's first word too
        if span.label != "NAME":
            continue
        s, e = span.start, span.end
        nxt = spans[k + 1].start if k + 1 < len(spans) else len(text)
        if text.startswith("-", e) and (m := _HYPHEN_AFTER_RE.match(text, e, nxt)):  # endpos: linear time
            e = m.end()
        elif text.startswith("-", e) and text[s:e].islower() and (m := _LOWER_HYPHEN_AFTER_RE.match(text, e, nxt)) \
                and m.group(1) in res.last:
            e = m.end()
        # "Rebecca [Wilson]": a surname that is also an eponym stops the name rules unless a disease,
        # sign or device word follows it
        if text.startswith(" ", e) and text[s:e].lower() in res.first and (m := _SURNAME_AFTER_RE.match(text, e, nxt)) \
                and m.group(1).lower() in res.last and not res.eponym_after_re.match(text, m.end()) \
                and _same_case(text[s:e], m.group(1)) and (m.group(1).istitle() or m.group(1).lower() not in res.common
                                                           and m.group(1).lower() not in safe_words()):
            e = m.end()  # in capitals or lower case, no everyday word: "ZEYNEP [WHITE]" is not read so
        # "Last, [First]" opening a header line or after a label: the surname before the comma ("Ramasamy, Lakshmi")
        if text[s - 2:s] == ", " and text[s:e].split()[0].lower() in res.first \
                and (m := _LAST_COMMA_BEFORE_RE.search(text, max(lo, s - 32), s)) \
                and _same_case(m.group(1), text[s:e]) and m.group(1).lower() not in STOP_WORDS \
                and (m.group(1).lower() in res.last and m.group(1).lower() not in res.common
                     or m.group(1).lower() not in safe_words()) \
                and _FIELD_OPENING_RE.search(text, max(0, m.start() - 24), m.start()):
            s = m.start()
        if (m := _GENERATION_AFTER_RE.match(text, e, nxt)) and (m.group(1) != "V" or e - s > 6):
            e = m.end()  # "Timothy Jimenez III", "John Smith, Jr."
        if s and text[s - 1] == "-" and (m := _HYPHEN_BEFORE_RE.search(text, max(0, s - 30), s)):
            s = max(m.start(), spans[k - 1].end if k else 0)
        if s > 1 and text[s - 2] == "." and (m := _INITIALS_BEFORE_RE.search(text, max(lo, s - 12), s)):
            s = m.start()
        # a first name before an initial-led span, or before an initial and the span ("gary h [johnson]")
        m = _WORD_BEFORE_RE.search(text, max(lo, s - 20), s) if _is_initial_start(text, s, e) \
            else _FIRST_AND_INITIAL_BEFORE_RE.search(text, max(lo, s - 23), s) if s > 3 and text[s - 1] == " " else None
        if m and _first_name_of(m.group(1), text[s:e], res):
            s = m.start()
        if s > 2 and text[s - 1] == " " and (m := _PARTICLE_BEFORE_RE.search(text, max(lo, s - 12), s)):
            s = m.start()
        if _PARTICLE_START_RE.match(text, s) and (m := _WORD_BEFORE_RE.search(text, max(lo, s - 20), s)) \
                and _first_name_of(m.group(1), text[s:e], res):
            s = m.start()  # "[dylan] van bruchem"
        if text[s:e].lower() in res.first and (m := _PARTICLE_AFTER_RE.match(text, e, nxt)) \
                and _same_case(text[s:e], m.group("last")) and m.group("last").lower() not in PARTICLES and (
                    m.group("last").lower() in res.last or m.group("last").lower() not in safe_words()) \
                and not res.eponym_after_re.match(text, m.end()):  # "Cornelia de Lange syndrome"
            e = m.end()
        inverted = ", " in text[s:e] or k and spans[k - 1].label == "NAME" and spans[k - 1].end == s - 2 \
            and text[s - 2:s] == ", "  # "Last, First" in one span or in two
        if inverted and (m := _MIDDLE_INITIAL_AFTER_RE.match(text, e, nxt)):
            e = m.end()
        elif text[s:e].rsplit(" ", 1)[-1].lower() in res.first and (m := _INITIAL_SURNAME_AFTER_RE.match(text, e, nxt)) \
                and m.group("last").lower() in res.last and m.group("last").lower() not in STOP_WORDS \
                and not res.eponym_after_re.match(text, m.end()):
            e = m.end()
        if (s, e) != (span.start, span.end):
            spans[k] = span._replace(start=s, end=e)
    merged: list[PhiSpan] = []
    for span in (span for span, keep in zip(spans, kept) if keep):  # Robert "Bob" Johnson, allison x wallace: a nickname, an initial or a particle between two parts
        prev = merged[-1] if merged else None
        if prev and prev.label == span.label == "NAME" and (_NICKNAME_GAP_RE.fullmatch(text, prev.end, span.start)
                                                            or _INNER_PART_GAP_RE.fullmatch(text, prev.end, span.start)
                                                            or text[prev.end:span.start] == " "
                                                            and _PARTICLE_START_RE.match(text, span.start)):
            merged[-1] = prev._replace(end=span.end)
        else:
            merged.append(span)
    return merged


# -- shapes -----------------------------------------------------------------------------------------

# words that make a name part of a domain an organisation's: mayoclinic.org, smithdental.com
_ORGANISATION_WORDS = frozenset("""
clinic clinics hospital health medical care center centre lab labs pharmacy group foundation institute dental
surgery law associates insurance bank store shop news media press online
""".split())


@functools.lru_cache(maxsize=1)
def _domain_words(res: Resources) -> tuple[frozenset[str], frozenset[str]]:
    """(person names that are no ordinary words, ordinary words that are no organisation words)."""
    return (res.first_ok | res.last_ok) - safe_words(), safe_words() - _ORGANISATION_WORDS


def _personal_domain(domain: str, res: Resources) -> bool:
    """Whether a bare domain names a person or a family ("petersen.com", "lee-nguyen.net", "smithfamily.org"):
    a part of its name is a person-list name that is no ordinary word, alone or before or after an ordinary
    word. Brands' and institutions' sites (amazon.com, webmd.com, cancer.org) and a full stop without its
    space ("pain.us showed") are not; a capitalised domain is a brand's (Cancer.Net, MayoClinic.com)."""
    labels = domain.split(".")
    if len(labels) >= 3 and labels[-2] in USER_SUBDOMAIN_HOSTS:
        return True  # a user's own subdomain: "kelsey78.tumblr.com"
    names, words = _domain_words(res)
    for part in labels[-2].split("-"):
        if part in names or any(part[:k] in names and part[k:] in words or part[k:] in names and part[:k] in words
                                for k in range(3, len(part) - 2)):
            return True
    return False


def _shapes(text: str, low: str, res: Resources, out: Spans) -> None:
    if "@" in text:
        for m in res.email_re.finditer(text, max(0, text.find("@") - 64)):
            out.add(m.start(), m.end(), "EMAIL", "en.email", 0.99)
    if "://" in text or "www." in low:
        for m in res.url_re.finditer(low):  # in any case: "HTTP://FISHER.COM/" in an ALL-CAPS note
            out.add(m.start(), _strip_trailing(text, m.start(), m.end()), "URL", "en.url", 0.97)
    if res.url_path_gate_re.search(low):
        for m in res.domain_url_re.finditer(low):
            out.add(m.start(), _strip_trailing(text, m.start(), m.end()), "URL", "en.url", 0.9)
    if res.bare_domain_gate_re.search(low):
        for m in res.bare_domain_re.finditer(low):
            if text[m.start():m.end()].islower() and _personal_domain(m.group(), res):
                out.add(m.start(), m.end(), "URL", "en.url.domain", 0.85)
    if "(01)" in text:
        for m in res.udi_re.finditer(text):
            out.add(m.start(), m.end(), "DEVICE", "en.udi", 0.95)
    if not res.ipv4_gate_re.search(text) and not res.ipv6_gate_re.search(text):
        return _vins(text, res, out)
    for m in res.ipv4_re.finditer(text):
        if text[max(0, m.start() - 4):m.start()].rstrip(" :").endswith("EC"):
            continue  # enzyme numbers: "EC 1.1.1.1"
        out.add(m.start(), m.end(), "IP_ADDRESS", "en.ip", 0.95)
    for m in res.ipv6_re.finditer(text):
        v = m.group()
        groups = [g for g in v.split(":") if g]
        if ("::" in v and len(groups) >= 2) or (len(groups) >= 5 and any(c.isalpha() for c in v)):
            out.add(m.start(), m.end(), "IP_ADDRESS", "en.ip", 0.93)
    _vins(text, res, out)


def _vins(text: str, res: Resources, out: Spans) -> None:
    if not res.vin_gate_re.search(text):
        return
    for m in res.vin_re.finditer(text):
        v = m.group()
        if sum(c.isdigit() for c in v) >= 3 and sum(c.isalpha() for c in v) >= 2:
            out.add(m.start(), m.end(), "VEHICLE", "en.vin", 0.85)


_IBAN_CUE_RE = re.compile(r"\b(?:iban|wire[ ]to|transfer[ ]to|account)\b[ :#]*$")  # "wire to FR59 1436 ..."
_CARD_ENDING_RE = re.compile(r"\b(?:card|mastercard|amex)[ ](?:number[ ])?ending(?:[ ]in|[ ]with)?[ :#]*(?P<val>\d{4})(?!\d)")
_IBAN_PRINTED_RE = re.compile(r"[A-Za-z]{2}\d{2}(?:[ ][A-Za-z0-9]{4}){3,7}(?:[ ][A-Za-z0-9]{1,3})?")


def _checked_numbers(text: str, low: str, res: Resources, out: Spans) -> None:
    """Card, bank and Medicare numbers whose shape and check digits say what they are."""
    for m in res.card_re.finditer(text):
        digits = m.group().replace(" ", "").replace("-", "")
        if 13 <= len(digits) <= 19 and luhn_valid(digits):
            out.add(m.start(), m.end(), "ACCOUNT", "en.card", 0.9)
    for iban_re, where in ((res.iban_re, text), (res.iban_low_re, low if "iban" in low or "wire" in low else "")):
        for m in iban_re.finditer(where):
            # a wrong check digit after "IBAN", or in an IBAN's print of groups of four, is a typo
            if iban_valid(m.group().replace(" ", "").upper()) or _IBAN_CUE_RE.search(low, max(0, m.start() - 16), m.start()) \
                    or _IBAN_PRINTED_RE.fullmatch(m.group()) and m.group()[:2].upper() in IBAN_COUNTRIES \
                    and sum(g.isdigit() for g in m.group().split()[1:]) >= 2:  # not "IL17 IL23 IL12 TNFA", genes
                out.add(m.start(), m.end(), "ACCOUNT", "en.iban", 0.95)
    if "ending" in low:
        for m in _CARD_ENDING_RE.finditer(low):  # "card ending 5754", "Visa ending in 0042": its last four digits
            out.add(m.start("val"), m.end("val"), "ACCOUNT", "en.card.last4", 0.9)
    for m in res.mbi_re.finditer(text):
        out.add(m.start(), m.end(), "HEALTH_PLAN", "en.mbi", 0.9)


def _strip_trailing(text: str, s: int, e: int) -> int:
    """End of a URL without the sentence punctuation after it."""
    while e > s and text[e - 1] in ".,;:!?)]}'\"":
        e -= 1
    return e


# phone words that make a seven-digit number a local phone number (not "number", "work", "home": ranges follow them)
# ("cell" and "ph" take a number right after them, in _cued_phones: "cell counts 300-1000" is none)
_LOCAL_PHONE_CUES = frozenset("phone tel telephone mobile call called contact reach reachable pager beeper text".split())
# a relation right before a number names whose number it is: "ana diaz, daughter, 555-0142", "(son) 555-0142"
_RELATION_BEFORE_RE = re.compile(rf"\b(?:{word_trie(RELATIONS)})\)?[ ,:-]*$")
_UNITS_AFTER_RE = re.compile(r"[ ]?(?:hrs?|hours?|h|cells|units?|mcg|mg|ml|cc)\b")


def _phones(text: str, low: str, res: Resources, out: Spans) -> None:
    if any(gate in low for gate in res.pager_gates):
        for m in res.pager_re.finditer(low):
            short = len(m.group("val")) <= 4
            if len(m.group("val")) == 3 and m.group("cue") != "bleep":
                continue  # three digits: a British bleep only
            if m.group("cue") in ("page", "pg") and ("-" in m.group("val") or short):
                continue  # "page 1-2000" is a page range, "pg 1234" a page
            if not (short and _UNITS_AFTER_RE.match(low, m.end("val"))):
                out.add(m.start("val"), m.end("val"), "PHONE", "en.phone.pager", 0.85)
    for extension_re in res.extension_res if "x" in low else ():
        for m in extension_re.finditer(low):
            if not low.startswith(("x", "extension"), m.start()) \
                    or res.extension_cue_re.search(low, max(0, m.start() - 25), m.start()):
                # "ext 4891" says what it is; "x4602", "extension 2017" only after a phone word ("WBC x1000")
                out.add(m.start(), m.end(), "PHONE", "en.phone.extension", 0.7)
    if "(" in text:
        for m in res.loose_phone_re.finditer(text):  # mistyped numbers: the brackets say it is one number
            out.add(m.start("val"), m.end("val"), "PHONE", "en.phone.loose", 0.55)
    for m in res.phone_re.finditer(text) if res.phone_gate_re.search(text) else ():
        s, e = m.start(), m.end()
        cues = list(res.phone_cue_re.finditer(low, max(0, s - 40), s))
        last = cues[-1] if cues else None  # the nearest cue before the number decides phone or fax
        bare = m.group("bare")
        intl = m.group("intl")
        clause = max(low.rfind(c, max(0, s - 40), s) for c in ";\n") if m.group("local") is not None else -1
        if m.group("local") is not None and (res.quantity_re.match(low, e) or _UNITS_AFTER_RE.match(low, e) or not any(
                (c.group() in _LOCAL_PHONE_CUES or c.group("fax")) and c.start() > clause for c in cues)
                and not _RELATION_BEFORE_RE.search(low, max(0, s - 16), s)):
            continue  # "call at 555-0142", "fax to 555-0142"; not "work hours 900-1700", "home dose 250-1000 mg"
        if intl is not None and (not 8 <= sum(c.isdigit() for c in intl) <= 15 or "." in intl and " " in intl):
            continue  # "+12.50 13.75": decimals, not a number with a country code
        if m.group("natl") is not None and (
                all(en_places_caps.clock_time(g) for g in m.group("natl").strip("()").replace("-", " ").split()[1:])
                or _UNITS_AFTER_RE.match(low, e) or res.quantity_re.match(low, e) or "i/o" in low[max(0, s - 8):s]):
            continue  # "0800 1200 1600": the hours of a schedule; "(01) 120 130 mmHg", "I/O: 01 500 1000"
        if bare is not None:
            # Ten bare digits are as often an MRN, NPI or account number: those cues score higher and win
            # overlaps. Without any cue, only a valid NANP number (area and exchange start 2-9) is taken.
            digits = bare[1:11] if len(bare) > 10 and bare[0] == "1" and bare[1:11].isdigit() else bare[:10]
            if last is None and (digits[0] in "01" or digits[3] in "01"):
                continue
            score = 0.75 if last is not None else 0.6
        elif m.group("uk") is not None or m.group("local") is not None or m.group("natl") is not None:
            score = 0.75
        else:
            score = 0.9
        if last is not None and last.group("fax") is not None:
            out.add(s, e, "FAX", "en.fax", score + 0.03)
        else:
            out.add(s, e, "PHONE", "en.phone", score)


def _cued_phones(text: str, low: str, res: Resources, out: Spans) -> None:
    """Numbers in any grouping right after a phone or fax word or a request to call (local, foreign): the words
    say what it is."""
    if not any(w in low for w in ("phone", "tel", "cell", "mobile", "fax", "contact", "appointments", "direct line",
                                  "secretary", "callback", "call back", "enquiries", "inquiries", "switchboard",
                                  "reception", "admissions", "bookings", "appt")) \
            and not res.phone_request_gate_re.search(low):
        return
    for m in en_lexicon.matches_at_words(res.cued_phone_re, text, low, res.cued_phone_heads):
        value = m.group("val")
        dotted_groups = value.count(".") >= 2 and all(len(g.strip("() ")) >= 2 for g in value.split("."))
        if 7 <= sum(c.isdigit() for c in value) <= 15 and (value.count(".") < 2 or dotted_groups) and "/" not in value:
            fax = low.startswith("fax", m.start())
            out.add(m.start("val"), m.end("val"), "FAX" if fax else "PHONE", "en.fax" if fax else "en.phone.cued", 0.8)


def _ssn(text: str, low: str, res: Resources, out: Spans) -> None:
    if "ssn" in low or "ss#" in low or "soc" in low or "ss" in low and res.ss_no_re.search(low):  # "ss\tno" too
        for m in res.ssn_cue_re.finditer(low):  # a cue: any 9 digits, or the last four
            group = next(g for g in ("val", "val2", "val3") if m.group(g) is not None)
            out.add(m.start(group), m.end(group), "SSN", "en.ssn", 0.97)
    for m in res.ssn_re.finditer(text):  # shape alone: 3-2-4 groups
        out.add(m.start(), m.end(), "SSN", "en.ssn", 0.86)


def _bare_numbers(text: str, low: str, res: Resources, out: Spans) -> None:
    """Identifiers told by their length alone; scored low, so a cued or shaped reading wins."""
    for m in res.long_number_re.finditer(text):
        value = m.group()
        if "-" in value and all(len(g) <= 4 for g in value.split("-")):
            continue  # times and readings in a row: "0800-1200-1700-2100", "180-200-250"
        if sum(c.isdigit() for c in value) >= 9 and not res.count_unit_after_re.match(text, m.end()):
            out.add(m.start(), m.end(), "ACCOUNT", "en.number.long", 0.5)
    if res.zip4_gate_re.search(text):
        for m in res.zip4_re.finditer(text):
            out.add(m.start(), m.end(), "ZIP", "en.zip4", 0.7)


# A record number where a header puts one, without its cue: glued to "#" ("DOB 3/1/02  #E9273104"), in brackets
# after the patient's name ("Patient: Ann Lee (MR1656834), 40 yo"), or ending a line after a date ("Lee, Ann
# May 23, 1949  7462-703"); six or more digits, so no count ("#20 IV") or reading. Each pattern opens with a
# literal ("#", "(", two spaces) for speed; what stands before it is checked in code.
_ID_TOKEN = r"[A-Za-z]{0,4}-?\d[\d-]{4,14}\d(?![\w-])"
_HASH_ID_RE = re.compile(rf"#(?P<val>{_ID_TOKEN})")
_PAREN_ID_RE = re.compile(rf"\((?P<val>{_ID_TOKEN})\)")
_LINE_END_ID_RE = re.compile(rf"[ ]{{2,}}(?P<val>{_ID_TOKEN})[ \t]*(?:\n|$)")
_PATIENT_LINE_RE = re.compile(r"[ \t]*(?:patient|pt|name|patient[ ]name|resident|client)[ \t]*:[^\n(]{2,50}$")
# "KERSHAW, Seamus (UCX-3631938)", "HALL, Freya  507 838 100  Mater Hospital": a record number after a
# "SURNAME, Given" name, in brackets or after two spaces (then in groups or with a year: "2019/25861")
_NAME_ID_RE = re.compile(  # from the comma (a literal to skip ahead to); the surname before it is checked in code
    r",[ ][A-Z][A-Za-z'\u2019-]+(?:[ ][A-Z]\.?)?(?:[ ]\(|[ ]{2,})"
    r"(?P<val>[A-Za-z]{0,4}-?\d(?:[\d/-]|[ ](?=\d)){4,14}\d)(?=\)|[ ]{2,}|[ \t]*(?:\n|$))")
_SURNAME_BEFORE_RE = re.compile(r"\b[A-Z][A-Za-z'\u2019-]+$")
_DATE_THEN_ID_GATE_RE = re.compile(r"\d[ ]{2,}[A-Za-z]{0,4}-?\d")
_DATE_BEFORE_RE = re.compile(r"(?:\b\d{4}|\b\d{1,2}/\d{1,2}/\d{2,4})$")
_NAME_LINE_START_RE = re.compile(r"[ \t]*[A-Z][A-Za-z'\u2019-]+,?[ ][A-Z][A-Za-z'\u2019-]")  # not "Platelets 01/02"


def _header_ids(text: str, low: str, res: Resources, out: Spans) -> None:
    found = []
    if "#" in text:
        found += [m for m in _HASH_ID_RE.finditer(text) if m.start() and text[m.start() - 1].isspace()]
    if "(" in text:
        found += [m for m in _PAREN_ID_RE.finditer(text)
                  if _PATIENT_LINE_RE.match(low, low.rfind("\n", 0, m.start()) + 1, m.start() - 1)]
    if "  " in text and _DATE_THEN_ID_GATE_RE.search(text):
        found += [m for m in _LINE_END_ID_RE.finditer(text) if _DATE_BEFORE_RE.search(text, max(0, m.start() - 12), m.start())
                  and _NAME_LINE_START_RE.match(text, text.rfind("\n", 0, m.start()) + 1)]
    if ", " in text:
        found += [m for m in _NAME_ID_RE.finditer(text) if _SURNAME_BEFORE_RE.search(text, max(0, m.start() - 40), m.start())]
    for m in found:
        if sum(c.isdigit() for c in m.group("val")) >= 6:
            out.add(m.start("val"), m.end("val"), "MRN", "en.id.header", 0.7)


def _cues_after(text: str, low: str, res: Resources, out: Spans) -> None:
    """A value with its cue after it ("verify 078051120 as my SSN")."""
    if " as " not in low and " is " not in low and " was " not in low and " = " not in low:
        return
    for m in res.cue_after_re.finditer(low):
        v = res.value_before_re.search(text, max(0, m.start() - 40), m.start())
        if v is not None and sum(c.isalnum() for c in v.group()) >= 5:  # not a year or a dose (2021, 40mg)
            # below the shaped and cued readings (SSN 0.86, cued phone 0.8): a cue after is the weaker evidence
            out.add(v.start(), v.end(), m.lastgroup, f"en.cue_after.{m.lastgroup.lower()}", 0.78)


_DATE_OR_RATIO_RE = re.compile(r"\d{1,3}/\d{1,3}(?:/\d{2,4})?")
# the group number after a member ID, in any shape: "member ID W839820321, group 466DW365"
_GROUP_AFTER_RE = re.compile(r",?[ ](?i:group|grp)(?:[ ]?(?:#|no\.?|number))?[ ]?:?[ ]?(?P<val>[A-Za-z0-9][A-Za-z0-9-]{3,20})(?![\w-])")


def _ids(text: str, low: str, res: Resources, out: Spans) -> None:
    last = 0
    for head in res.id_head_re.finditer(low):
        if head.start() < last:
            continue  # "record" inside "medical record number"
        m = res.id_cue_re.match(low, head.start())
        if m is None:
            continue
        last = m.end()
        v = res.id_val_re.match(text, m.end())
        if v is None:
            continue
        label = m.lastgroup[2:]
        s, e = v.span("val")
        value = v.group("val")
        digits = sum(c.isdigit() for c in value)
        if " " in value and label not in ("VEHICLE", "LICENSE") and not value.replace(" ", "").isdigit() \
                and not res.nino_re.fullmatch(value):
            continue  # letters and a space are a plate, or a licence written like one ("DL 7T FX001")
        if not digits or sum(c.isalnum() for c in value) < (5 if label == "VEHICLE" else 4):
            continue  # "lot 5", "plate C3-C5", "serial CK-MB": counts, levels and lab names
        if digits < 4 and low[m.start():m.end()] in WEAK_ID_CUES:
            continue  # "a cloned member (Dm103)"
        if digits < 12 and low.startswith("card", m.start()):
            continue  # after a bare "card" only a card number ("report card: 2019")
        if label in ("LICENSE", "NATIONAL_ID", "HEALTH_PLAN") and (
                _DATE_OR_RATIO_RE.fullmatch(value) or value.isdigit() and len(value) == 4 and 1900 <= int(value) < 2100):
            continue  # "The SMC 2019 guideline", "DNI 12/3/2019" (do not intubate), "VHI: 45/120" (a voice index)
        if label in ("VEHICLE", "LICENSE") and not value.isupper() and any(
                part.isalpha() and part.lower() in safe_words() for part in re.split(r"[ -]", value)):
            continue  # "plate from C3", "plate with 28": a bone plate, and words, not a licence plate
        out.add(s, e, label, f"en.id.{label.lower()}", 0.96)
        group = _GROUP_AFTER_RE.match(text, e) if label == "HEALTH_PLAN" else None
        if group and sum(c.isdigit() for c in group.group("val")) >= 4:
            out.add(group.start("val"), group.end("val"), "HEALTH_PLAN", "en.id.health_plan", 0.9)
    words = en_lexicon.word_set(text)
    for m in res.plan_id_re.finditer(low) if "id" in words and not res.plan_id_words.isdisjoint(words) else ():
        out.add(m.start("val"), m.end("val"), "HEALTH_PLAN", "en.id.health_plan", 0.95)


def _names_any_case(text: str, low: str, res: Resources, out: Spans) -> None:
    en_names_ci.find_names(text, low, lambda s, e, rec, score: out.add(s, e, "NAME", rec, score))


def _places_any_case(text: str, low: str, res: Resources, out: Spans) -> None:
    en_places_ci.find_places(text, out.add, en_places_caps.person_from_ends(low, res) if " from " in low else ())


# Each recognizer with the labels it can give (tests/transforms/deid/test_phi_en.py checks them on
# generated notes and its test sentences).
_ID_LABELS = frozenset({"VEHICLE", "NATIONAL_ID", "LICENSE", "DEVICE", "HEALTH_PLAN", "ACCOUNT", "ZIP", "MRN"})
_RECOGNIZERS = (
    (_shapes, frozenset({"EMAIL", "URL", "DEVICE", "IP_ADDRESS", "VEHICLE"})),
    (_checked_numbers, frozenset({"ACCOUNT", "HEALTH_PLAN"})),
    (_phones, frozenset({"PHONE", "FAX"})),
    (_cued_phones, frozenset({"PHONE", "FAX"})),
    (_ssn, frozenset({"SSN"})),
    (_bare_numbers, frozenset({"ACCOUNT", "ZIP"})),
    (_header_ids, frozenset({"MRN"})),
    (_cues_after, frozenset({"SSN", "ZIP", "ACCOUNT", "LICENSE", "NATIONAL_ID", "HEALTH_PLAN", "MRN"})),
    (_ids, _ID_LABELS),
    (en_dates.dates, frozenset({"DATE"})),
    (en_dates.apostrophe_years, frozenset({"DATE"})),
    (en_dates.weekdays, frozenset({"DATE"})),
    (en_dates.years, frozenset({"DATE"})),
    (en_dates.ages, frozenset({"AGE"})),
    (en_places_caps.places, frozenset({"ADDRESS", "CITY", "ZIP"})),
    (en_places_caps.facilities, frozenset({"FACILITY"})),
    (en_names_caps.names, frozenset({"NAME"})),
    (_names_any_case, frozenset({"NAME"})),
    (en_initials.initials, frozenset({"NAME"})),
    (en_answers.answers, frozenset(PHI_LABELS) - {"NAME"}),
    (_places_any_case, frozenset({"FACILITY", "CITY"})),
    (en_places_ci.street_lines, frozenset({"ADDRESS", "CITY", "ZIP"})),
    (en_places_ci.facility_fields, frozenset({"FACILITY"})),
    (en_towns.towns, frozenset({"CITY", "FACILITY", "ZIP"})),
)
