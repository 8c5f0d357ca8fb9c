"""Places in capitalised English: street addresses, "City, ST ZIP", towns after place cues, and
facility names ending in a head word ("... Hospital"). Lower-case and ALL-CAPS notes: ``en_places_ci``.
"""

from __future__ import annotations

import functools
import re

from medcorpus.transforms.deid import en_lexicon, en_towns
from medcorpus.transforms.deid.en_patterns import Resources, Spans, word_trie
from medcorpus.transforms.deid.en_tables import (AMBIGUOUS_CREDENTIALS, AU_STATES, CA_PROVINCES, FACILITY_HEAD_WORDS,
    FROM_VERBS, MAIL_VERBS,
    GENERIC_FACILITY_WORDS, INSTITUTION_WORDS, PHARMACY_CHAINS, WARD_KINDS, MONTHS, NOT_CITIES, PLACE_TRIGGERS, STATE_ABBR_SET, STOP_WORDS,
    STATE_ABBR, STREET_ABBREVIATIONS, TITLE_WORDS, WEEKDAYS, english_like)

_WORD_RUN_RE = re.compile(r"\S+")
_LOWER_WORD_AFTER_RE = re.compile(r"[ ]+[a-z]")
_EARLY_TIME_RE = re.compile(r"0\d[0-5]\d[ ]")  # a house number with a leading zero ("0181") unless a time
# (which it is not after a home word: res.home_word_before_re)
_MAIL_PO = frozenset({"APO", "FPO", "DPO"})  # military post offices, written where the city goes
_WORD_SPLIT_RE = re.compile(r"[\s,]+")
_LOWER_WORD_RE = re.compile(r"[ ](?!(?:and|of|de|la|upon|on|am)[ ])[a-z]+(?=[ ,.])")  # not a particle of a name
# words of a ward or a unit, not of a street or a town ("moved to 4 North 2030": a ward and a time)
_WARD_WORDS = frozenset("north south east west tower wing floor room ward bed unit pod bay suite flat studio".split())
# word gates (en_lexicon.word_set): a word of every label city_label_re reads, of _BRANCH_TOWN_RE's places, of
# the residence verbs before res.home_street_re
_CITY_LABEL_WORDS = frozenset(("city", "town", "hometown", "birth", "birthplace"))
_BRANCH_WORDS = frozenset(("office", "branch", "location", "campus", "store"))
_RESIDENCE_WORDS = frozenset(("lives", "living", "resides", "residing"))
# a town named before an organisation's branch: "at the Dawnburgh office", "from the East Annmouth branch"
_BRANCH_TOWN_RE = re.compile(
    r"\b(?:at|from|to|in|near|visit(?:ed)?)[ ]the[ ](?P<town>(?:(?:St|Ft|Mt)\.[ ])?[A-Z][a-z]+(?:[ ][A-Z][a-z]+){0,2})"
    r"[ ](?:office|branch|location|campus|store)\b")
_BRANCH_GEO = frozenset("north south east west new port lake fort mount st. ft. mt.".split())
# city_state_re's (postcode, state) groups: US ZIPs after an abbreviation or a name, Canadian, Australian
_POSTCODE_GROUPS = (("zip", "st"), ("zip2", "stname"), ("ca_zip", "prov"), ("au_zip", "au_state"))


def places(text: str, low: str, res: Resources, out: Spans) -> None:
    addr_ends: list[int] = []
    note_words = en_lexicon.word_set(text)  # the word gates' (en_patterns)
    for m in res.address_re.finditer(text):
        s, e = m.span()
        if res.timed_entry_re.match(text, s) or (
                _EARLY_TIME_RE.match(text, s) and not res.home_word_before_re.search(text, max(0, s - 24), s)):
            continue  # "1400 Paged Dr. Lee", "0800 Main St": a nursing time stamp, not a house number
        if text[e - 1] == "." and text[s:e - 1].rsplit(" ", 1)[-1] not in STREET_ABBREVIATIONS:
            e -= 1  # "Hollow Road." ends a sentence; "Main St." keeps its point
        out.add(s, e, "ADDRESS", "en.address", 0.9)
        addr_ends.append(e)
    if not res.street_type_words.isdisjoint(note_words) and res.street_type_gate_re.search(text):  # "77 Rue de Rivoli"
        for m in res.street_first_re.finditer(text):
            out.add(m.start(), m.end(), "ADDRESS", "en.address.type_first", 0.9)
            addr_ends.append(m.end())
    if res.street_compound_gate_re.search(low):  # "Hauptstraße 5"
        for m in res.street_compound_re.finditer(text):
            out.add(m.start(), m.end(), "ADDRESS", "en.address.compound", 0.9)
            addr_ends.append(m.end())
    if "address" in low:
        for m in res.address_label_re.finditer(low):
            s, e = m.span("val")
            end = res.sentence_end_re.search(text, s, e)
            e = end.start() if end else e
            value = text[s:e]
            if ":" not in low[m.start():s] and "=" not in low[m.start():s] and not (value[0].isdigit() or value[0].isupper()):
                continue  # "address is confirmed": without a colon, an address opens with its number or a name
            if any(c.isdigit() for c in value) or sum(w[:1].isupper() for w in value.split()) >= 2:
                e = _address_lines_end(text, e, res)
                out.add(s, e, "ADDRESS", "en.address.label", 0.95)
                addr_ends.append(e)
    # place words, read twice: one scan
    trigger_matches = [] if res.place_trigger_words.isdisjoint(note_words) else list(res.place_trigger_re.finditer(low))
    for t in trigger_matches:
        m = res.mail_tail_re.match(low, t.end()) if t.group() in MAIL_VERBS else None
        body = m and res.postal_body_re.match(text, m.end())
        if body and _street_and_town(body.group()):
            out.add(body.start(), body.end(), "ADDRESS", "en.address.postal", 0.92)  # whole, over its town and ZIP
            addr_ends.append(body.end())
    if "box" in low:
        for m in res.pobox_re.finditer(low):
            out.add(m.start(), m.end(), "ADDRESS", "en.address", 0.9)
            addr_ends.append(m.end())
    if "Box" in text or "US" in text:
        for m in res.military_re.finditer(text):
            out.add(m.start(), m.end(), "ADDRESS", "en.address.military", 0.9)
            addr_ends.append(m.end())
    bare_streets = list(res.bare_street_re.finditer(text)) if not res.bare_street_words.isdisjoint(note_words) else []
    if not _RESIDENCE_WORDS.isdisjoint(note_words):
        bare_streets += res.home_street_re.finditer(low)
    for m in bare_streets:
        out.add(m.start("bare"), m.end("bare"), "ADDRESS", "en.address", 0.8)
        addr_ends.append(m.end("bare"))
    for a in list(addr_ends):  # the unit on the next line or after a comma: "45 Maple Ave\nApt 3B"
        unit = res.unit_after_re.match(text, a)
        if unit:
            out.add(unit.start("unit"), unit.end("unit"), "ADDRESS", "en.address.unit", 0.85)
            addr_ends.append(unit.end("unit"))
    state_zips = [m for m in res.state_zip_re.finditer(text) if text[m.start():m.start() + 2] in STATE_ABBR_SET] \
        if res.five_digits_re.search(text) else []
    # British and Canadian postcodes (the gate: an inward part, " 4H6"), found once for two uses
    postcodes = list(res.postcode_re.finditer(text)) if res.postcode_gate_re.search(text) else []
    gated = state_zips or res.state_gate_re.search(text) or res.abroad_state_gate_re.search(text)
    for m in (res.city_state_re.finditer(text) if gated else ()):
        s, e = m.start("city"), m.end("city")
        inside = [a for a in addr_ends if s < a < e]
        if inside:  # "078 Tucker Ports Boydberg, VA 02120": the town starts where the street line ends
            s = max(inside)
            s += len(text[s:e]) - len(text[s:e].lstrip(" ,"))
            if s >= e or not text[s].isupper():
                continue
        city = text[s:e]
        zip_group, state_group = next(((z, st) for z, st in _POSTCODE_GROUPS if m.group(z) is not None),
                                      (None, None))
        has_zip = zip_group is not None
        if city.lower() in res.states and not has_zip or city.split()[0].lower() in STOP_WORDS or city in _MAIL_PO \
                or city.rsplit(" ", 1)[-1].lower() in INSTITUTION_WORDS:
            continue  # "Walter Reed Hospital, Washington" names an institution; "New York, NY 10118" a city
        if m.group("st2") is not None:
            # "City, ST" alone collides with "Smith, MD": accept only next to a street line or a known city.
            if city.lower() not in res.cities and not any(0 <= s - a <= 3 for a in addr_ends) and not (
                    m.group("st2") not in AMBIGUOUS_CREDENTIALS and m.group("st2") != "MD" and res.place_prep_re.search(low, max(0, s - 8), s)):
                continue
        street = res.street_before_town_re.search(text, max(0, s - 80), s) if has_zip else None
        if zip_group == "au_zip" and not street and not any(0 <= s - a <= 3 for a in addr_ends) and not (
                text[m.end("city"):m.start("au_state")].startswith(",") and "," in text[m.end("au_state"):m.start("au_zip")]):
            continue  # "Heparin Drip ACT 1000", "Abdomen Soft, NT 1200": clinical words, then a time
        if has_zip:
            if street:  # "0733 White Creek Apt. 369, Johnsonview, NJ 47073": a street type on no list
                out.add(street.start("street"), street.end("street"), "ADDRESS", "en.address.before_town", 0.85)
            # A postal address ("Port Jason, GA 22322") is one value: with its town and ZIP replaced, a state
            # left between them would be the only original part of it. Safe Harbor lets a state stand; the
            # surrogate town brings a surrogate state with it.
            e = m.end(state_group)
            out.add(m.start(zip_group), m.end(zip_group), "ZIP", "en.zip", 0.9)
        out.add(s, e, "CITY", "en.city.state", 0.88)
    for a in addr_ends:
        _town_after_address(text, a, res, out)
        m = res.after_addr_city_re.match(text, a)
        if m and _LOWER_WORD_AFTER_RE.match(text, m.end("city")) and ("\n" in text[a:m.start("city")] or (
                m.group("city").lower() not in res.cities
                and all(w in en_lexicon.safe_words() for w in m.group("city").lower().split()))):
            continue  # before a lower-case word: after a comma, a known city or not only English words ("Denies")
        if m and (m.group("city").lower() not in res.states or m.group("zip")
                  or _state_zip_after(text, m.end("city"), res)):  # "..., Washington, DC 20500"
            out.add(m.start("city"), m.end("city"), "CITY", "en.city.address", 0.8)
            for zip_group in ("zip", "zip_after"):
                if m.group(zip_group):
                    out.add(m.start(zip_group), m.end(zip_group), "ZIP", "en.zip.address", 0.85)
    if not _BRANCH_WORDS.isdisjoint(note_words):
        safe = en_lexicon.safe_words()
        for m in _BRANCH_TOWN_RE.finditer(text):
            words = m.group("town").lower().split()
            if words[-1] not in safe and all(w in _BRANCH_GEO or w not in safe for w in words) \
                    and m.group("town").lower() not in res.states and m.group("town").lower() not in NOT_CITIES:
                out.add(m.start("town"), m.end("town"), "CITY", "en.city.branch", 0.7)  # not "the Cardiology office"
    for m in postcodes:
        out.add(m.start(), m.end(), "ZIP", "en.postcode", 0.85)
        _town_before_postcode(text, m.start(), out)
    if "\n" in text or ", " in text:
        _postcode_town_lines(text, out)
    if ", " in text:
        for m in _POSTCODE_AFTER_TOWN_RE.finditer(text):
            before = text[m.start() - 1:m.start()]
            if before.islower() if m.lastgroup == "code" else _HOUSE_NUMBER_BEFORE_RE.search(text, max(0, m.start() - 40),
                                                                                             m.start()):
                out.add(m.start(m.lastgroup), m.end(), "ZIP", "en.postcode.town", 0.9)
    for m in state_zips:  # "(AL 75644)": a state and a ZIP without the city
        out.add(m.start("zip"), m.end("zip"), "ZIP", "en.zip", 0.85)
    for m in res.zip_cue_re.finditer(text):
        out.add(m.start("zip"), m.end("zip"), "ZIP", "en.zip", 0.9)
    if "zip" in low or "postcode" in low or "postal code" in low:
        for m in _POSTCODE_CUE_RE.finditer(low):  # "zip code k3h 7g4", "POSTCODE: LS1 4AP"
            out.add(m.start("code"), m.end("code"), "ZIP", "en.postcode", 0.9)
    if ":" in text and not _CITY_LABEL_WORDS.isdisjoint(note_words):
        for m in res.city_label_re.finditer(text):
            words = m.group("city").split()
            while len(words) > 1 and (words[-1] in STATE_ABBR_SET or words[-1].lower() in STOP_WORDS):
                words.pop()  # "Boston MA"; the label says a city, so "New York" is the city
            if words and words[0].lower() not in STOP_WORDS and " ".join(words).lower() not in NOT_CITIES:
                out.add(m.start("city"), m.start("city") + len(" ".join(words)), "CITY", "en.city.label", 0.85)
    triggers = [(t.end(), kind) for t in trigger_matches if (kind := PLACE_TRIGGERS[t.group()]) != "mail"]
    if " from " in low:
        triggers += [(e, "from") for e in person_from_ends(low, res)]
    for end, kind in triggers:
        m = res.place_office_re.match(text, end) if kind == "office" else \
            res.place_from_re.match(text, end) if kind == "from" else (
                (kind == "to" and res.place_to_re.match(text, end)) or res.place_in_re.match(text, end))
        while m:
            group = m.lastgroup
            words = m.group(group).split()
            while words and words[-1].lower() in res.states:
                words.pop()
            if any(w.lower() in STOP_WORDS for w in words):
                words = []  # "the Intensive Care Unit", "Recovery Room": a ward, not a town
            name = " ".join(words).lower()
            if words and words[0].lower() not in STOP_WORDS and name not in res.states \
                    and name not in NOT_CITIES and words[0].lower().rstrip(".") not in MONTHS \
                    and words[0].lower() not in WEEKDAYS and not all(w.lower() in res.common for w in words):
                s = m.start(group)
                out.add(s, s + len(" ".join(words)), "CITY", "en.city.context", 0.75)
            m = res.place_more_re.match(text, m.end())  # "Moved to Dover from Salem"


# a British or Canadian postcode after its cue, on the lower-cased text
_POSTCODE_CUE_RE = re.compile(
    r"\b(?:zip(?:[ ]?code)?|post(?:al)?[ ]?code)[ ]?[:#]?[ ]?(?P<code>[a-pr-uwyz][a-hk-y]?\d[a-z\d]?[ ]?\d[abd-hjlnp-uw-z]{2}"
    r"|[abceghj-nprstvxy]\d[abceghj-nprstv-z][ ]?\d[abceghj-nprstv-z]\d)(?![\w-])")
# the town after a street line: "near" it ("a collision on 12 Elm St near Dover on 5/1"), or before its ZIP
# without a comma ("3790 Baxter Cove Flagstaff 93788")
_TOWN_AFTER_ADDRESS_RE = re.compile(
    r"[ ]+(?i:near)[ ]+(?P<near>(?:(?:St|Ft|Mt|ST|FT|MT|st|ft|mt)\.[ ])?[^\W\d_][\w'\u2019-]*(?:[ ][^\W\d_][\w'\u2019-]*){0,2}?)"
    r"(?=[ ]+(?i:on|in|at|and|while|when)\b|[ ]*(?:[.;,)\n]|$))"
    r"|[ ]+(?P<town>[A-Z][a-z]+(?:[ ][A-Z][a-z]+)?)[ ]+(?P<zip>\d{5}(?:-\d{4})?)(?![\w-])")


def _town_after_address(text: str, a: int, res: Resources, out: Spans) -> None:
    """The town "near" a street line or PO box, and one written before its ZIP with no comma."""
    m = _TOWN_AFTER_ADDRESS_RE.match(text, a)
    if m is None:
        return
    group = "near" if m.group("near") else "town"
    town = m.group(group)
    name = town.lower()
    if name in res.states or name in NOT_CITIES or name.split()[0] in STOP_WORDS:
        return  # "near the park", "near Florida"
    if not (town.isupper() or all(w[:1].isupper() for w in town.split())) and not text[max(0, a - 40):a].islower():
        return  # a lower-case town only in a lower-case note
    if all(w in en_lexicon.safe_words() for w in name.split()) and not m.group("zip") and not en_towns.is_town(name):
        return  # "near Normal" is a town, "near Baseline" is not
    out.add(m.start(group), m.end(group), "CITY", "en.city.address", 0.8)
    if m.group("zip"):
        out.add(m.start("zip"), m.end("zip"), "ZIP", "en.zip.address", 0.85)


def _street_and_town(value: str) -> bool:
    """Whether an address after a mailing verb names a street and a town (two title-case words that are no ward
    words) and ends in no bare time or year: not "4 North 2030", "10 Blake Medicine 1200"."""
    if _time_or_year(value[-4:]) and "," not in value:
        return False
    return sum(w.isalpha() and w.istitle() and len(w) > 2 and w.lower() not in _WARD_WORDS
               for w in _WORD_SPLIT_RE.split(value)) >= 2


def person_from_ends(low: str, res: Resources) -> list[int]:
    """Where "from" ends after a person and a verb of being ("she is from", "her mom was from"); "the sample is
    from" is not one."""
    ends, i = [], low.find(" from ")
    while i >= 0:
        verb = low.rfind(" ", 0, i) + 1
        if low[verb:i] in FROM_VERBS and res.person_before_re.search(low, max(0, verb - 20), verb):
            ends.append(i + 5)
        i = low.find(" from ", i + 5)
    return ends


def _address_lines_end(text: str, e: int, res: Resources) -> int:
    """Where an address that a label opens ends: at ``e``, its first line's end, or at the end of one of the
    next three short lines when that line ends with a postcode."""
    end, pos = e, e
    for _ in range(3):
        m = res.address_next_line_re.match(text, pos)
        if not m or _LOWER_WORD_RE.search(f" {m.group('line')} "):
            break  # an address line holds names and numbers: "Lives alone with cat", "Heparin 5000" end it
        pos = m.end("line")
        code = res.line_ends_postcode_re.search(m.group("line"))
        words = [w.lower() for w in _WORD_SPLIT_RE.split(m.group("line")) if w.isalpha()]
        if code and not _time_or_year(code.group().rstrip(".")) and any(
                w not in en_lexicon.safe_words() for w in words):
            # a town before the postcode is no everyday word: "Kharagpur 243933", not "Heparin 5000"
            end = pos - (text[pos - 1] == ".")
    return end


def clock_time(code: str) -> bool:
    """Whether four digits read as a time of day (1400)."""
    return len(code) == 4 and code.isdigit() and int(code[:2]) < 24 and int(code[2:]) < 60


def _year(code: str) -> bool:
    return len(code) == 4 and code.isdigit() and 1900 <= int(code) < 2100


def _time_or_year(code: str) -> bool:
    """Whether four digits read as a time of day (1400) or a year (2019) rather than a postcode."""
    return clock_time(code) or _year(code)


def _state_zip_after(text: str, e: int, res: Resources) -> bool:
    """Whether ", ST 12345" (a state and a ZIP) follows position e."""
    gap = len(text[e:e + 3]) - len(text[e:e + 3].lstrip(", "))
    m = res.state_zip_re.match(text, e + gap) if gap else None
    return bool(m) and text[e + gap:e + gap + 2] in STATE_ABBR_SET


def facilities(text: str, low: str, res: Resources, out: Spans) -> None:
    note_words = en_lexicon.word_set(text)
    for m in () if res.facility_head_words.isdisjoint(note_words) else res.facility_head_re.finditer(text):
        s, e = m.start(), m.end()
        if res.facility_after_re.match(text, e):
            continue  # "Hospital Course", "Health Insurance": a heading or a program, not a place
        before = res.facility_before_re.search(text, max(0, s - 80), s)
        if before:
            s = before.start()
        of = res.facility_of_re.match(text, e)  # "Hospital of the University of Pennsylvania"
        if of:
            e = of.end()
        runs = list(_WORD_RUN_RE.finditer(text, s, e))
        titled = [i for i, w in enumerate(runs) if w.group().rstrip(".").lower() in TITLE_WORDS]
        if titled:  # "Dr. Alvarez of Boston Children's Hospital": the place starts after the person
            of = next((i for i in range(titled[-1] + 1, len(runs)) if runs[i].group() in ("of", "at", "from")), None)
            if of is None or of + 1 == len(runs):
                continue
            s, runs = runs[of + 1].start(), runs[of + 1:]
        words = [w.group() for w in runs]
        while words and words[0].lower() in _FACILITY_LEAD_WORDS and not (  # "Our Lady of Lourdes" keeps "Our"
                words[0].lower() == "our" and len(words) > 1 and words[1].lower() == "lady"):
            s = text.index(words[1], s + len(words[0])) if len(words) > 1 else e
            words.pop(0)
        if len(words) < 2 or res.payer_before_re.search(low, max(0, s - 30), s):
            continue
        if words[-1] in ("Drug", "Drugs") and not res.pharmacy_ctx_re.search(low, max(0, s - 40), s):
            continue  # "Springdale Drug" is a pharmacy where prescriptions go; "Narcotic Drugs" is not
        if not _has_distinct(words, res) and not _stacked_heads(words) and not (
                descriptor_name(words) and not _KIND_BEFORE_RE.search(low, max(0, s - 6), s)):
            continue  # "the Device Clinic", "Cardiology Clinic": a department, not a named place
        out.add(s, e, "FACILITY", "en.facility", 0.85)
    if not _PART_WORDS.isdisjoint(note_words):
        _named_parts(text, low, out)
    if not _CHAIN_WORDS.isdisjoint(note_words):
        for m in _chain_branch_re().finditer(low):  # lower-cased: the offsets are the text's
            if text[m.start()].isupper() or text.islower():  # "boots on the wet road" is footwear
                out.add(m.start(), m.end(), "FACILITY", "en.facility.branch", 0.9)
    # "The Gardens at Dover", "St. Mary's": the words of either, an apostrophe for the second
    if "at" in note_words and not res.facility_at_words.isdisjoint(note_words) or (
            "'" in text or "\u2019" in text) and not note_words.isdisjoint(("st", "saint")):
        for m in res.facility_other_re.finditer(text):
            if m.group("at"):
                out.add(m.start("at"), m.end("at"), "FACILITY", "en.facility", 0.85)
            else:
                out.add(m.start("saint"), m.end("saint"), "FACILITY", "en.facility.saint", 0.7)


# a named part of a hospital: "Cavell Ward", "Blake Wing", "Fleming Unit", "Smith Pavilion"
_PART_WORDS = frozenset(("ward", "wing", "unit", "pavilion"))
# found from the head word (a literal the engine skips ahead to, one pattern per head), the name read backwards
_PART_HEAD_RES = tuple((head, re.compile(rf"[ ]{head}(?![\w-])")) for head in sorted(_PART_WORDS))
_PART_NAME_RE = re.compile(r"(?<![\w-])(?P<n>[A-Z][a-z'\u2019]+|[A-Z]{2,}|[a-z]+)$")


# A postcode right after "Street, Town, " or "Street 12, ", in the shape of its country whatever its letters (forms
# and synthetic records do not keep the Royal Mail's letter rules): British ("Paisley, E14 8LK"), Irish
# ("Cork, T12 X2PW"), Dutch before its town ("Kerkstraat 12, 1914 NB Groningen").
_POSTCODE_AFTER_TOWN_RE = re.compile(  # opens with the comma (a literal the engine skips ahead to); the character
    # before it is checked in code: a town's last letter before a British or Irish code, a house number before a Dutch one
    r",[ ](?:(?P<code>[A-Z]{1,2}\d[A-Z\d]?[ ]\d[A-Z]{2}|[A-Z]\d{2}[ ](?=[A-Z\d]{4}\b)(?=[A-Z\d]*\d)(?=[A-Z\d]*[A-Z])[A-Z\d]{4})(?![\w-])"
    r"|(?P<dutch>[1-9]\d{3}[ ][A-Z]{2})(?=[ ][A-Z][a-z]))")
# a Dutch street and its number before a postcode ("Kerkstraat 12, 1914 NB"; not "Day 3, 1000 IU Heparin")
_HOUSE_NUMBER_BEFORE_RE = re.compile(r"[A-Z][a-z]+(?:straat|gracht|weg|laan|plein|kade|dijk|singel|dreef|steeg|markt|"
                                     r"park|hof|pad)[ ]\d{1,4}[a-z]?$")
_CHAIN_WORDS = en_lexicon.last_words(PHARMACY_CHAINS)  # the branch pattern's word gate


@functools.cache
def _chain_branch_re() -> re.Pattern:
    """A chain's branch: its store number, or "on"/"at" and a street ("cvs on heron ave", "Boots at 12 High St")."""
    street = r"(?:\d+[a-z]?[ ])?[a-z][\w'\u2019-]*(?:[ ][a-z][\w'\u2019-]*){0,2}[ ](?:st|street|ave|avenue|rd|road|blvd|" \
             r"boulevard|dr|drive|ln|lane|way|pkwy|parkway|hwy|highway|pl|place|ct|court|sq|square|pike|row)\b"
    return re.compile(rf"(?<![\w-])(?:{word_trie(PHARMACY_CHAINS)})(?:[ ]pharmacy)?"
                      rf"(?:[ ]?(?:#|store[ ]#?|no\.[ ]?)[ ]?\d{{2,6}}(?![\w-])|[ ](?:on|at)[ ]{street})")


def _named_parts(text: str, low: str, out: Spans) -> None:
    """A ward, wing or pavilion named after a person or by a word on no list, in a capitalised note also by an
    everyday word ("Starlight Ward"); a unit only in title case, named after a person or by a word on no list
    ("Fleming Unit", "Osprey Unit"); not one named by its kind ("Maternity Ward", "Intensive Care Unit",
    "4 North Wing")."""
    firsts, lasts = en_lexicon.person_names()
    safe = en_lexicon.safe_words()
    for head, head_re in _PART_HEAD_RES:
        for h in head_re.finditer(low) if head in low else ():
            n = _PART_NAME_RE.search(text, max(0, h.start() - 40), h.start())
            written = text[h.start() + 1:h.end()]
            if n is None or not (written.islower() or written.istitle() or written.isupper()):
                continue
            name = n.group("n")
            w = name.lower().rstrip("'\u2019s") if name.lower().endswith(("'s", "\u2019s")) else name.lower()
            if w in WARD_KINDS or w in GENERIC_FACILITY_WORDS or w in _WARD_WORDS or w in STOP_WORDS or len(w) < 3:
                continue
            titled = name.istitle() and written.istitle()
            if head == "unit":  # also a device's ("TENS unit", "Mayfield unit"): a named one in title case only
                named = titled and w not in safe and (w in lasts or w in firsts or not english_like(w))
            else:
                named = (w in lasts or w in firsts) and w not in safe or w not in safe and not english_like(w) \
                    or titled and not english_like(w)
            if named:
                out.add(n.start(), h.end(), "FACILITY", "en.facility.part", 0.8)


# Words that open a capitalised run without being part of the facility's name ("To Mercy Hospital").
_FACILITY_LEAD_WORDS = frozenset("""
the a an our this your per at to from and of in his her their for with by transferred admitted discharged
seen followed presented sent via
called call phoned phone faxed fax paged page contacted contact notified notify informed spoke visited visit
returned return referred refer arrived moved went left reached emailed e-mailed telephoned rang released
""".split())


def _has_distinct(words: list[str], res: Resources) -> bool:
    """A facility name needs one word that is not a generic department or service word."""
    for w in words:
        lw = w.lower().rstrip("'\u2019s") if w.lower().endswith(("'s", "\u2019s")) else w.lower().rstrip(".")
        if lw not in GENERIC_FACILITY_WORDS and lw not in FACILITY_HEAD_WORDS \
                and (not english_like(lw) or lw in res.last_ok):  # "Spaulding", "Manning": surnames
            return True
    return False


# Words an institution's own name is made of, before "Hospital" or "Medical Center": two or more of them name one
# ("Community Regional Medical Center", "National University Hospital"); one does not ("the Community Hospital")
_DESCRIPTORS = frozenset("""
community regional university national general county district royal central veterans metropolitan provincial
memorial
""".split())  # not "public", "teaching", "academic", "state", "city": "a Public Teaching Hospital" is a kind
_INSTITUTION_HEADS = frozenset(("hospital", "center", "centre", "infirmary"))
_KIND_BEFORE_RE = re.compile(r"\b(?:a|an|any|each|every|one|our|their|two|three)[ ]$")  # "at a University Teaching Hospital"


def descriptor_name(words: list[str]) -> bool:
    """Whether a facility name's words are two descriptors or more before a hospital's head word."""
    lows = [w.lower() for w in words]
    if not lows or lows[-1] not in _INSTITUTION_HEADS:
        return False
    mods = lows[:-1]
    while mods and mods[-1] in FACILITY_HEAD_WORDS and mods[-1] not in _DESCRIPTORS:  # "Medical [Center]"
        mods.pop()
    return len(mods) >= 2 and all(w in _DESCRIPTORS for w in mods)


def _stacked_heads(words: list[str]) -> bool:
    """ "[Word] Hospital Medical Center": a word before three or more head words names one place."""
    return len(words) >= 4 and words[0].lower() not in FACILITY_HEAD_WORDS \
        and all(w.lower() in FACILITY_HEAD_WORDS for w in words[1:])


# What a street line may open with before its house number: a unit ("Flat 20, ", "Unit 7/", "Apt 34, ", "BLK ",
# "6/"), and a building's name after the unit ("Unit 35 Sunset Villas, 51 Long Street")
_UNIT_BEFORE_RE = re.compile(
    r"(?:(?i:flat|apt|apartment|unit|suite|ste|blk|block|level|lvl|shop|room|rm)\.?[ ]?#?[ ]?\d{1,5}[A-Za-z]?"
    r"(?:[ ]?/|,?[ ])"
    r"(?:[ ]?(?:[A-Z][A-Za-z'\u2019-]+|[a-z]{3,})(?:[ ](?:[A-Z][A-Za-z'\u2019-]+|[a-z]{3,})){0,3},[ ])?"
    r"|(?P<slash>(?<![\w/.-])\d{1,4}[A-Za-z]?/)|(?i:blk|block)[ ])$")  # "Blk 152 Bedok North Road": the block's number
_SLASH_UNIT_AFTER_RE = re.compile(r"(?:^|[,:][ ]|\b(?i:at|of|to|on)[ ])$")  # a bare "6/" opens a line or follows a cue


def address_units(text: str, spans: Spans) -> None:
    """An address that opens with a house number takes the unit before it on its line; a date read in the unit's
    "7/63" (a month and a year) is no date there."""
    grown = []
    for k, item in enumerate(spans.items):
        s = item[0]
        if item[2] != "ADDRESS" or not text[s:s + 1].isdigit():
            continue
        line_start = text.rfind("\n", 0, s) + 1
        m = _UNIT_BEFORE_RE.search(text, max(0, s - 48, line_start), s)
        if m and (not m.group("slash") or _SLASH_UNIT_AFTER_RE.search(text, max(line_start, m.start() - 4), m.start())):
            spans.items[k] = (m.start(),) + item[1:]
            grown.append((m.start(), item[1]))
    if grown:
        spans.items = [item for item in spans.items if item[2] != "DATE"
                       or not any(s <= item[0] and item[1] <= e for s, e in grown)]


# The rest of a postal address after its street line, as any country writes it: after a comma or on the next line,
# one to three places (suburb, town), perhaps a state, then a postcode ("Sea Point, Cape Town, 8005", "Grafton,
# Auckland 1010", "Box Hill VIC 3128", "Dublin D04 T6F4", "HOUSTON TX  77030", "soweto, johannesburg, 1864")
@functools.cache
def _address_tail_re() -> re.Pattern:
    states = "|".join(sorted(set(STATE_ABBR) | set(CA_PROVINCES) | set(AU_STATES), key=lambda w: (-len(w), w)))
    word = rf"(?!(?i:{states})[ ,]+\d)[^\W\d_][^\W\d_'\u2019-]*(?:['\u2019-][^\W\d_]+)*"
    place = rf"{word}(?:[ ](?:d['\u2019])?{word}){{0,2}}"
    code = (r"\d{5}(?:-\d{4})?|\d{4}|\d{6}"  # US; Australia, New Zealand, South Africa; Singapore, India
            r"|[A-Z]\d{2}[ ][A-Z0-9]{4}"  # an Irish Eircode
            r"|[A-Z]{1,2}\d[A-Z\d]?[ ]\d[A-Z]{2}|[A-Z]\d[A-Z][ ]\d[A-Z]\d")  # British, Canadian
    return re.compile(
        rf"(?:,[ ]?|[ \t]*\n[ \t]*)(?:(?P<places>{place}(?:,[ ]?{place}){{0,2}})"
        rf"(?:,?[ ]+(?P<state>(?i:{states})))?(?:,?[ ]{{1,2}}|[ ]-[ ])(?P<code>{code})(?![\w-])"
        r"(?=[ \t]*(?:[,.;)]|\n|$)|[ ]{2,}|\t)"  # the line ends there: "Heparin 5000 units" is a dose
        # or the postcode first, as much of Europe writes it: "08007 Barcelona", "75002 PARIS", "3511 lx utrecht"
        rf"|(?P<code2>\d{{5}}|\d{{4}}(?:[ ][A-Za-z]{{2}})?)[ ]+(?P<places2>{place})(?=[ \t]*(?:[,.\n]|$)))")


def _place_words(places: str) -> bool:
    """Whether each place after a street line holds a word of no dictionary (a town's name), or is a known city."""
    safe, medical = en_lexicon.safe_words(), en_lexicon.medical_words()
    return all(not any(w in medical for w in part.lower().split()) and any(  # "Insulin Glargine 1000": a dose
        w not in safe and w not in STOP_WORDS and w not in _FIELD_ABBREVIATIONS for w in part.lower().split())
               or en_towns.is_town(part.strip().lower()) for part in places.split(","))


_FIELD_ABBREVIATIONS = frozenset("ext tel ph fax dob mrn ssn apt ste box po pgr bleep".split())  # "12 Oak St, Ext 4567"


def address_tails(text: str, spans: Spans) -> None:
    """The towns and the postcode after each street line: one postal address, one value (a suburb left beside a
    replaced town is part of it)."""
    for item in [item for item in spans.items if item[2] == "ADDRESS"]:
        m = _address_tail_re().match(text, item[1])
        if m is None:
            continue
        places, code = ("places", "code") if m.group("places") else ("places2", "code2")
        if not (m.group("state") or _place_words(m.group(places))) \
                or _year(m.group(code)) and not m.group("state"):
            continue  # "DOB 1955", "Normal Saline 1000", "since 2019": words of a note, a year
        pos = m.start(places)
        for part in m.group(places).split(","):
            core = part.strip()
            start = text.index(core, pos)
            spans.add(start, start + len(core), "CITY", "en.city.address_tail", 0.85)
            pos += len(part) + 1
        spans.add(m.start(code), m.end(code), "ZIP", "en.zip.address_tail", 0.9)


# After a facility's name: the words a name goes on with after its head ("Parkway Pharmacy & Compounding",
# "Briarwood Rehab and Nursing", "Lakeside Family Health Team"), and its acronym in brackets ("St. Mary's General
# Hospital (SMGH)", "providence university hospital (puh)"), which then names it wherever else the note uses it
_FACILITY_TAIL_RE = re.compile(
    r"[ ](?:(?:&|and|AND)[ ](?:Nursing|NURSING|nursing|Rehabilitation|REHABILITATION|rehabilitation|Rehab|REHAB|rehab"
    r"|Compounding|COMPOUNDING|compounding|Wellness|WELLNESS|wellness)|Team|TEAM|team)(?![\w'\u2019-])")
_ACRONYM_AFTER_RE = re.compile(r"[ ]?\((?P<a>[A-Z]{2,6}|[a-z]{2,6})\)")


def facility_tails(text: str, spans: Spans) -> None:
    """Added to ``spans`` before they are resolved."""
    acronyms = set()
    for s, e, label, recognizer, score in [item for item in spans.items if item[2] == "FACILITY"]:
        if m := _FACILITY_TAIL_RE.match(text, e):
            e = m.end()
            spans.add(s, e, label, recognizer, score)
        if (m := _ACRONYM_AFTER_RE.match(text, e)) and _abbreviates(m.group("a"), text[s:e]):
            spans.add(m.start("a"), m.end("a"), "FACILITY", "en.facility.acronym", 0.85)
            acronyms.add(m.group("a"))
    for acronym in acronyms:  # its other uses: "SHHC 5N", "PRUH Hospitalist Team"
        for m in re.finditer(rf"(?<![\w'\u2019-]){acronym}(?![\w'\u2019-])", text):
            spans.add(m.start(), m.end(), "FACILITY", "en.facility.acronym", 0.8)


def _abbreviates(acronym: str, name: str) -> bool:
    """Whether the acronym's letters are the name's word initials, in order, from the first."""
    initials = "".join(w[0] for w in re.findall(r"[^\W\d_][\w'\u2019]*", name)).lower()
    it = iter(initials)
    return initials[:1] == acronym[0].lower() and all(c in it for c in acronym.lower())


# The town written before a British or Canadian postcode, after a comma or opening its line ("127 Abbey Close, Exeter
# EX1 8EP", "76 THE CRESCENT, WAKEFIELD WF17 5HF"), or alone on the line before it ("Swansea\nSA16 3PD")
_TOWN_WORDS_RE = re.compile(
    r"[A-Z][A-Za-z\u00c0-\u00ff'\u2019-]+(?:[ -](?:[A-Z][A-Za-z\u00c0-\u00ff'\u2019-]+|upon|on|in|le|de|la)){0,3}")
# a continental postcode before its town, opening a line after a street line or after a comma ("80502 M\u00fcnchen",
# "3689 KM Eindhoven", "72 place Bellecour, 44068 Nantes")
_CODE_TOWN = (r"(?P<zip>\d{5}|\d{4}(?:[ ][A-Z]{2})?)[ ]"
              r"(?P<town>[A-Z\u00c0-\u00de][a-z\u00df-\u00ff'\u2019-]+(?:[ -](?:[A-Z\u00c0-\u00de][a-z\u00df-\u00ff'\u2019-]+"
              r"|im|am|an|der|sur|en|de|la|le|bei))*)(?=[ \t]*(?:\n|$|,)|[ ](?:on|in|at)\b)")
_CODE_TOWN_RES = (re.compile("\n" + _CODE_TOWN), re.compile(", " + _CODE_TOWN))  # a literal first: the engine skips to it
_DIGIT_RE = re.compile(r"\d")


def _town_before_postcode(text: str, code_start: int, out: Spans) -> None:
    line_start = text.rfind("\n", 0, code_start) + 1
    segment_start = max(line_start, text.rfind(",", line_start, code_start) + 1)
    segment = text[segment_start:code_start]
    if not segment.strip() and line_start:  # the postcode opens its line: the line before it
        prev_start = text.rfind("\n", 0, line_start - 1) + 1
        segment_start, segment = prev_start, text[prev_start:line_start - 1]
    lead = len(segment) - len(segment.lstrip(" \t"))
    m = _TOWN_WORDS_RE.fullmatch(segment.strip(" \t"))
    if m and segment.strip().lower() not in STOP_WORDS and segment.split()[-1] not in STREET_ABBREVIATIONS:
        out.add(segment_start + lead, segment_start + lead + m.end(), "CITY", "en.city.postcode", 0.8)


def _postcode_town_lines(text: str, out: Spans) -> None:
    for m in (m for pattern in _CODE_TOWN_RES for m in pattern.finditer(text)):
        if len(m.group("zip")) == 4 and m.group("zip")[:2] in ("19", "20"):
            continue  # "2019 Annual Review": a year
        # the street line before it: the line before, or the part of its line before the comma
        line_start = text.rfind("\n", 0, m.start() - 1) + 1
        before = text[max(line_start, text.rfind(",", 0, m.start() - 2) + 1):m.start()]
        if _DIGIT_RE.search(before):
            out.add(m.start("zip"), m.end("zip"), "ZIP", "en.postcode.town", 0.85)
            out.add(m.start("town"), m.end("town"), "CITY", "en.city.postcode", 0.8)
