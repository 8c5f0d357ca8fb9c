"""Person names in capitalised English: cue words before (titles, labels, relations, verbs), cues
after (credentials, "(daughter)", "states"), signature lines, first+last list pairs, "Last, First", and
repeats of a name part already found. Lower-case and ALL-CAPS notes: ``en_names_ci``.
"""

from __future__ import annotations

import re

from medcorpus.transforms.deid import en_lexicon
from medcorpus.transforms.deid.en_names_ci import grow_span
from medcorpus.transforms.deid.en_patterns import Resources, Spans
from medcorpus.transforms.deid.en_tables import (AMBIGUOUS_CREDENTIALS, CREDENTIAL_WORDS, EPONYMS, FACILITY_HEAD_WORDS,
                                                  FUNCTION_WORDS, GEO_WORDS, MONTH_NAMES, NOT_CITIES, PARTICLES,
                                                  STOP_WORDS, TITLE_WORDS, WEEKDAYS, english_like)


_LOWER_WORD_RE = re.compile(r"[ ][a-z]+(?=[ ])")
# A hyphenated given name of two short syllables ("Seo-yeon", "Min-jun", "Mei-Ling", "HA-EUN") beside a listed
# surname, before it or after "Surname, " ("Seo-yeon Kang", "Choi, Ha-eun"): romanised Korean and Chinese names,
# which the first-name lists do not hold
_SYLLABLES = r"(?:[A-Z][a-z]{1,4}-[A-Za-z][a-z]{1,5}|[A-Z]{2,5}-[A-Z]{2,6})"
_SURNAME = r"(?:[A-Z][a-z]+|[A-Z]{2,})"
_NEXT_WORD_RE = re.compile(r"[ ]([A-Za-z]+)")
_GIVEN_THEN_SURNAME_RE = re.compile(rf"(?<![\w-])(?P<given>{_SYLLABLES})(?:[ ](?P<last>{_SURNAME}))?(?![\w-])")
_SURNAME_COMMA_BEFORE_RE = re.compile(rf"(?<![\w-])(?P<last>{_SURNAME}),[ ]$")


def _tokens(res: Resources, text: str, s: int, e: int) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group()) for m in res.name_tok_re.finditer(text, s, e)]


def _is_initial(tok: str) -> bool:
    return len(tok) <= 2 and tok[0].isupper() and (len(tok) == 1 or tok[1] == ".")


_LINE_OPENING_RE = re.compile(r"[ \t]*(?:\[[^\]\n]{1,24}\][ \t]*|\d{1,2}:\d{2}(?:[ ]?[AaPp]\.?[Mm]\.?)?[ \t]+)?[-*>\u2022]?[ \t]*")


def _name_span(text: str, res: Resources, s: int, e: int, strength: str,
               cue_after: bool = False) -> tuple[int, int] | None:
    """Trims a cue-found candidate and checks it looks like a name. A stop word inside ends the name after a
    cue before it ("Dr. X. The EMG report"), or starts it before a cue after it (``cue_after``: "SEEN BY
    JOHN SMITH, MD").

    strength "strong" (title before, credential after): anything but stop words;
    "label" (Patient:, Dear, his wife ...): a list name or an unknown word, not only common words;
    "weak" (seen by, discussed with): needs a name-list word that is not a common word.
    """
    toks = _tokens(res, text, s, e)
    stop = FUNCTION_WORDS if strength == "strong" else STOP_WORDS
    while toks and toks[-1][2].lower().rstrip(".") in stop:
        toks.pop()
    while toks and toks[0][2].lower().rstrip(".") in stop:
        toks.pop(0)
    inner = [k for k in range(1, len(toks) - 1)
             if toks[k][2].lower().rstrip(".") in stop and toks[k][2].lower() not in PARTICLES]
    if inner:
        toks = toks[inner[-1] + 1:] if cue_after else toks[:inner[0]]
    if strength != "strong":  # a sentence-initial "Later Mitchell reported": "Later" is no part of the name
        while len(toks) > 1 and toks[0][2].lower() in res.common and toks[0][2].lower() not in res.first \
                and toks[0][2].lower() not in PARTICLES \
                and not text.startswith(",", toks[0][1]):  # "DE LA CRUZ", "Bond, Angel": the name's own words
            toks.pop(0)
    if not toks:
        return None
    tail = _HYPHEN_TAIL_RE.match(text, toks[-1][1])
    if tail:  # the name pattern stops after two hyphened parts: judge the whole word ("Charcot-Marie-Tooth")
        toks[-1] = (toks[-1][0], tail.end(), text[toks[-1][0]:tail.end()])
    words = [t[2] for t in toks if not _is_initial(t[2])]
    span = (toks[0][0], toks[-1][1])
    if not words:
        # initials only: "Dr. X" placeholders are names; "Patient: A" is not evidence enough
        return span if strength == "strong" else None
    if strength == "strong":
        return span
    lows = [w.lower() for w in words]
    if len(lows) == 1 and lows[0] in WEEKDAYS:
        return None  # "call me Monday": a day, never a first name
    if strength == "strict":
        if text.startswith(":", span[1]) or res.eponym_after_re.match(text, span[1]) or any(w.isupper() for w in words):
            return None  # "Patient Instructions:" is a heading
        return span if _all_namelike(lows, res) and (len(words) >= 2 or lows[0] in res.first_ok) else None
    if res.eponym_after_re.match(text, span[1]) or any(w in NOT_CITIES for w in lows):
        return None  # "with Sjogren's syndrome", "from Australia"
    listed = [_listed(w, res) for w in lows]
    if strength == "weak":  # acronyms and two-letter words ("with GERD", "with Fe") are not evidence
        return span if any(ok and not words[i].isupper() and len(words[i]) > 2 for i, ok in enumerate(listed)) \
            else None
    # unknown words (not listed, not common English) pass: lists miss many names, and drugs or
    # inflected words are filtered by their endings; a common word passes if it is a first name ("Frank")
    unknown = any(w not in res.blocked and w not in res.first and w not in res.last and not words[i].isupper()
                  and not english_like(w) for i, w in enumerate(lows))
    first_word = any(w in res.first and w not in STOP_WORDS and not words[i].isupper() for i, w in enumerate(lows))
    if any(listed) or unknown or first_word or (len(toks) >= 2 and any(w in res.first or w in res.last for w in lows)):
        return span  # the last test: "K. Walker", "Grace Parkinson"
    if len(words) >= 2 and all(w.isupper() for w in words) and _all_namelike(lows, res):
        return span  # "Patient Name: TESFAYE, MEI-LING"
    return None


_LOWER_SIGNATURE_RE = re.compile(r"[a-z][a-z'\u2019]+(?:-[a-z]+)?(?:[ ][a-z][a-z'\u2019]+(?:-[a-z]+)?)?(?=[ \t]*(?:\n|$))")
_HYPHEN_TAIL_RE = re.compile(r"(?:-[^\W\d_][\w'\u2019]*)+")


def _listed(w: str, res: Resources) -> bool:
    """A name-list word that is not a common word; a hyphenated surname ("kowalczyk-ferreira") if one part is
    one and the others are listed or no English words."""
    if w in res.first_ok or w in res.last_ok:
        return True
    parts = w.split("-")
    return len(parts) > 1 and any(p in res.last_ok or p in res.first_ok for p in parts) and all(
        p and p not in res.blocked and (p in res.first_ok or p in res.last_ok or not english_like(p)
                                        and p not in res.first and p not in res.last) for p in parts)


def _all_namelike(lows: list[str], res: Resources) -> bool:
    """Every word is a name-list entry that is not a common word, or an unknown non-English-looking word."""
    return all(w not in res.blocked and (w in res.first_ok or w in res.last_ok or (
        w not in res.first and w not in res.last and not english_like(w))) for w in lows)


_CUE_KIND = {  # cue -> (strength, recognizer, score)
    "title": ("strong", "en.name.title", 0.95), "label": ("label", "en.name.label", 0.9),
    "by": ("label", "en.name.label", 0.9), "verb": ("weak", "en.name.cue", 0.85),
    "rel": ("label", "en.name.relation", 0.85), "person": ("label", "en.name.label", 0.85),
    "dash": ("strong", "en.name.signature", 0.85), "cred": ("strong", "en.name.credential", 0.9),
    "credweak": ("weak", "en.name.credential", 0.85), "line": ("weak", "en.name.line", 0.75),
    "after": ("weak", "en.name.verb", 0.8), "list": ("list", "en.name.list", 0.8),
    "last_first": ("list", "en.name.last_first", 0.8),
    "bare": ("strict", "en.name.label", 0.85),
    "surname": ("strong", "en.name.surname", 0.9), "greet": ("weak", "en.name.greeting", 0.85),
    "initials": ("strong", "en.name.initials", 0.8), "banner": ("strong", "en.name.banner", 0.85),
}


def _chain_tokens(text: str, s: int, e: int) -> list[tuple[int, int, str]]:
    """Tokens of a chain of capitalised words, possessive "'s" and a final full stop dropped."""
    toks = []
    pos = s
    for word in text[s:e].split(" "):
        start, end = pos, pos + len(word)
        pos = end + 1
        core = word
        if core.endswith((".", ",")) and len(core) > 2:
            core = core[:-1]
        if core.endswith(("'s", "\u2019s")):
            core = core[:-2]
        if core:
            toks.append((start, start + len(core), core))
    return toks


def _hyphenated_given_names(text: str, res: Resources, add) -> None:
    safe = en_lexicon.safe_words()
    h = text.find("-")
    while h >= 0:  # from each hyphen (a few per note) back to the word it is in: cheaper than a pattern scan
        s = h
        while s > 0 and h - s < 5 and text[s - 1].isalpha():
            s -= 1
        m = _GIVEN_THEN_SURNAME_RE.match(text, s) if s < h else None
        h = text.find("-", h + 1)
        if m is None:
            continue
        given, start, end = m.group("given"), m.start(), m.end()
        last = m.group("last")
        before = None if last else _SURNAME_COMMA_BEFORE_RE.search(text, max(0, start - 30), start)
        if before:
            last, start = before.group("last"), before.start()  # "Choi, Ji-hoon"
        if last is None:
            continue
        parts = given.lower().split("-")
        if last.lower() in res.last_ok and given.isupper() == last.isupper() \
                and (any(p not in safe for p in parts) or all(len(p) <= 3 for p in parts)) \
                and not res.eponym_after_re.match(text, end) \
                and not ((nxt := _NEXT_WORD_RE.match(text, end)) and nxt.group(1).lower() in FACILITY_HEAD_WORDS):
            add((start, end), "label")  # not "Follow-up Park", "Non-Hodgkin lymphoma", "Yale-New Haven Hospital"


def names(text: str, low: str, res: Resources, out: Spans) -> None:
    found: list[tuple[int, int]] = []

    def add(span, kind):
        strength, rec, score = _CUE_KIND[kind]
        if span:
            span = grow_span(text, *span)  # "Dr. Rita[ ten Have]", "[ABU-]BAKR, KHALID"
            out.add(span[0], span[1], "NAME", rec, score)
            found.append(span)

    _signature_dashes(text, low, res, add)
    _message_signature(text, res, add)
    if ":" in text:
        _initials_signing(text, low, add)
    if ("  " in text or " (" in text) and any(key in low for key in _BANNER_KEYS) or '"' in text or "_" in text:
        _banner_names(text, res, add)
    if "]" in text and "[" in text:
        _chat_speakers(text, res, add)
    if "-" in text:
        _hyphenated_given_names(text, res, add)
    # Forward cues: the name starts where the cue ends.
    for m in _cues(text, low, res):
        word = m.group("cue")
        for kind in res.cue_kinds.get(word) or res.cue_kinds.get(res.space_re.sub(" ", word), ()):
            if kind == "title":
                cue_text = text[m.start():m.end()]
                if not cue_text[0].isupper() or (cue_text.isupper() and not text.startswith(".", m.end())):
                    continue  # "dr" in running text; "DR" without a full stop is a model name
                if cue_text == "Dr" and text[m.end():m.end() + 1] != "." \
                        and res.street_before_re.search(text, max(0, m.start() - 40), m.start()):
                    continue  # "8507 Walnut Dr  Marshbury": a street, not a doctor
            if word == "name" and res.thing_name_re.search(low, max(0, m.start() - 20), m.start()):
                continue  # "Model Name:", "Drug Name:": a thing's name
            if kind == "greet" and not en_lexicon.sentence_start(text, m.start()):
                continue  # "Alder Hey Children's Hospital"
            tail = res.cue_tails[kind].match(text, m.end())
            if tail is None:
                continue
            pos = tail.end()
            if kind == "title":
                nm = res.title_name_re.match(text, pos)
                if nm and text[m.start():m.end()].isupper() and not nm.group().isupper():
                    kind = "verb"  # "MR. Speech, no aphasia": an all-caps title before a titlecase word
                elif nm and nm.group().isupper() and text[max(0, m.start() - 200):m.start()].isupper():
                    continue  # "MS. TOLERATING" in an ALL-CAPS note: en_names_ci weighs the words
            else:
                t = res.opt_title_re.match(text, pos)
                if t:  # "Attending: Dr. Young": the title decides, and after it a comma ends the name
                    pos, kind = t.end(), "title"  # ("cc: Dr. Chomba, Tolulope Olukunga Hospital": two entities)
                nm = (res.title_name_re if t else res.name_re).match(text, pos)
            if nm is None or (kind == "person" and not text.startswith(")", nm.end())):
                continue
            if kind in ("rel", "verb", "surname", "greet") and nm.group().isupper():
                continue  # "WIFE AND NIECE IN": ALL-CAPS notes are read by en_names_ci, word by word
            if kind == "surname":  # one word, a surname or a word on no list: not "Last Name First Name DOB",
                nm = res.name_tok_re.match(text, nm.start())  # "Surname: Pending", "Last name: Unknown"
                low_word = nm.group().lower()
                if text.startswith((":", " Name", " name"), nm.end()) or not (low_word in res.last or (
                        low_word not in res.blocked and low_word not in res.first and not english_like(low_word))):
                    continue
            strength = _CUE_KIND[kind][0]
            if strength == "weak" and (kind == "greet" or word == "agent") \
                    and (text.startswith((",", ":"), nm.end()) if word == "agent" or kind != "greet" else text.startswith(",", nm.end())
                         or nm.group().split()[0].lower() not in en_lexicon.safe_words()) \
                    and _LINE_OPENING_RE.fullmatch(text, text.rfind("\n", 0, m.start()) + 1, m.start()):
                # "Hi Gurpreet," "hey Babajide meet me at" and "[16:00] Agent Duc:" opening a line (after a chat's
                # time stamp): a greeting, a chat's speaker
                strength = "label"
            span = _name_span(text, res, nm.start(), nm.end(), strength)
            if span is None and "," in nm.group():  # "Morag Quill, Osprey Unit" is no "Last, First": the name before
                before = res.title_name_re.match(text, nm.start())
                span = before and _name_span(text, res, before.start(), before.end(), strength)
            if span:
                add(span, kind)
                break

    # Chains of capitalised words: backward cues, name-list pairs, and the tokens for repeats.
    all_tokens: list[tuple[int, int, str]] = []
    prev: list[tuple[int, int, str]] = []
    for m in res.chain_re.finditer(text):
        if not found and m.end() - m.start() > 3 and text[m.start():m.end()].isupper() \
                and text[max(0, m.start() - 200):m.start()].isupper():
            continue  # an ALL-CAPS note with no cue-found name to repeat: en_names_ci reads it
        toks = _chain_tokens(text, m.start(), m.end())
        all_tokens.extend(toks)
        # split at credentials and titles: "John Smith MD" is the name "John Smith" before "MD"
        parts, cur = [], []
        for tok in toks:
            if tok[2] in CREDENTIAL_WORDS or tok[2].lower() in TITLE_WORDS:
                if cur:
                    parts.append(cur)
                cur = []
            else:
                cur.append(tok)
        if cur:
            parts.append(cur)
        for part in parts:
            _chain_names(text, res, part, prev, add)
            prev = part

    # Repeats: a later "Mitchell" after "Mrs. Mitchell" was found.
    parts: set[str] = set()
    for s, e in found:
        for _, _, w in _tokens(res, text, s, e):
            lw = w.lower()
            if not _is_initial(w) and lw not in res.blocked and len(lw) > 1 and lw not in NOT_CITIES:
                parts.add(lw)
    if parts:
        for s, e, w in all_tokens:
            if (len(w) > 3 or not w.isupper()) and w.lower() in parts and not res.eponym_after_re.match(text, e) \
                    and not any(fs <= s and e <= fe for fs, fe in found):  # not a part of the name it repeats
                out.add(s, e, "NAME", "en.name.repeat", 0.75)


def _cues(text: str, low: str, res: Resources):
    """The cue words of the note, left to right and none inside another, as a scan of res.cue_re finds them."""
    return en_lexicon.matches_at_words(res.cue_re, text, low, res.cue_heads)


def _signature_dashes(text: str, low: str, res: Resources, add) -> None:
    """A name alone on its line after a dash: "-- Liu" signs a note (strong); a single "- X" at a line
    start is as often a list item ("- GERD"), so it needs name-list evidence."""
    if "-" not in low and "~" not in low and "/" not in low:
        return
    for m in res.dash_re.finditer(low):
        p, mark, spaces = m.start(), m.group("mark"), len(m.group("sp"))
        if mark in ("~-", "/-"):
            continue
        double = mark in ("--", "~")
        line_start = low.rfind("\n", 0, p) + 1
        after_space = p and low[p - 1].isspace()
        if not ((spaces <= 1 and not low[line_start:p].strip(" \t") and mark != "/")
                or (double and spaces <= 2 and after_space) or (mark in ("/", "-") and not spaces and after_space)):
            continue  # "-- Liu", "~Arjun" and "/K.Osei" after a sentence end the note's line: a signature (glued to
            # its mark, a listed name: "--DOZING" is a dash)
        nm = res.title_name_re.match(text, m.end())
        if nm and not text[nm.end():text.find("\n", nm.end()) % (len(text) + 1)].strip():
            add(_name_span(text, res, nm.start(), nm.end(), "strong" if mark == "--" and spaces else "weak"), "dash")
        elif nm is None and double and (nm := _LOWER_SIGNATURE_RE.match(text, m.end())) \
                and all(_listed(w, res) for w in nm.group().split()):
            add((nm.start(), nm.end()), "dash")  # "~layla", "-- noor": a listed lower-case name ending its line


# A message's last words: a dash or thanks, then a first name and maybe a surname ("... for the booking - Deepa",
# "thx Joe", "\n-ELI")
_MESSAGE_END_RE = re.compile(
    r"(?:^|(?<=[ \t]))(?:-{1,2}|~|(?i:thx|thanks|cheers|ty))[ ]?(?P<name>[A-Za-z][A-Za-z'\u2019]+(?:-[A-Za-z]+)?"
    r"(?:[ ][A-Za-z][A-Za-z'\u2019]+)?)[ \t.!]*$", re.M)


_MESSAGE_END_MARKS = ("-", "~", "th", "ty", "cheers")  # a substring of each mark _MESSAGE_END_RE opens with


def _message_signature(text: str, res: Resources, add) -> None:
    """The first name that ends a message, after a dash or a thanks: on the name lists (a drug or a finding ends a
    list item the same way: "- Tylenol")."""
    end = len(text)
    while end and text[end - 1].isspace():
        end -= 1
    start = text.rfind("\n", 0, end) + 1
    tail = text[start:end].lower()
    m = _MESSAGE_END_RE.search(text, start, end) if end and any(k in tail for k in _MESSAGE_END_MARKS) else None
    if m is None:
        return
    words = m.group("name").lower().split()
    thanks = text[m.start()].isalpha()
    if words[0] in res.first and words[0] not in res.blocked and (thanks or words[0] not in en_lexicon.safe_words()) \
            and (len(words) == 1 or _listed(words[1], res)):  # "- GERD" ends a list of diagnoses; "thx Grace" is signed
        add((m.start("name"), m.end("name")), "dash")


# Initials that sign an entry: after a role, before the entry's colon ("1057 RN ML: Impella ...", "md kp: cvp 12"),
# and a dictation's typist line after its dates ("D: 3/13/2023 8:27 PM  T: 03/14/2023  YS/kn")
_ROLES = ("RN", "MD", "RT", "NP", "PA", "DO", "LPN", "CNA", "RD", "SW", "PT", "OT", "SLP", "CRNA", "EMT", "RMO", "SHO",
          "SPR")
_LOWER_CASE_ROLES = ("rn", "md", "rt", "np", "pa", "lpn", "cna", "rd", "sw", "slp", "crna")  # not "do", "pt", "ot"
_ROLE_INITIALS_RE = re.compile(  # searched back from each ": " (a literal, found fast), anchored at its end
    rf"\b(?:{'|'.join(_ROLES + _LOWER_CASE_ROLES)})[ ](?P<a>[A-Z]{{2,3}}|[a-z]{{2,3}})$")
_TYPIST_RE = re.compile(  # matched at each "T:" found with str.find
    r"[TtDd]:[ ]?\d{1,4}[/.-]\d{1,2}[/.-]\d{2,4}(?:[ ]\d{1,2}:?\d{2}(?:[ ]?[AaPp][Mm])?h?)?[ \t]+"
    r"(?P<a>[A-Za-z]{2,3})/(?P<b>[A-Za-z]{2,3})(?=[ \t]*(?:\n|$))")
_ROLE_GATES = tuple(f" {role.lower()} " for role in _ROLES)  # its gate, on the lower-cased note
_ENTRY_TIME_RE = re.compile(r"(?:\d{1,2}:\d{2}|\b[0-2]\d[0-5]\dh?)(?:[ ]?[AaPp][Mm])?[ ]+$")
_NOT_INITIALS = frozenset("icu ed er or am pm iv po prn ok no na pt ot rt md rn np pa cc bp hr rr gcs map cvp".split())


def _initials_signing(text: str, low: str, add) -> None:
    safe = en_lexicon.safe_words()
    p = text.find(": ") if any(gate in low for gate in _ROLE_GATES) else -1
    while p >= 0:
        m = _ROLE_INITIALS_RE.search(text, max(0, p - 8), p) if p > 4 and (text[p - 3] == " " or text[p - 4] == " ") \
            and text[p - 1].isalpha() else None
        # initials, no abbreviation ("PT INR:", "CXR PA LAT:"), signing an entry that a time opens ("1057 RN ML:")
        if m and m.group("a").lower() not in _NOT_INITIALS and m.group("a").lower() not in safe \
                and m.group("a").isupper() == text[m.start()].isupper() \
                and _ENTRY_TIME_RE.search(text, max(0, text.rfind("\n", 0, m.start()) + 1), m.start()):
            add((m.start("a"), m.end("a")), "initials")
        p = text.find(": ", p + 2)
    for mark in ("T:", "t:"):
        p = text.find(mark)
        while p >= 0:
            m = _TYPIST_RE.match(text, p) if not (p and text[p - 1].isalnum()) else None
            p = text.find(mark, p + 2)
            if m is None or m.group("a").lower() in safe and m.group("b").lower() in safe:
                continue  # "T: 12/5/2016 mg/kg": units
            add((m.start("a"), m.end("a")), "initials")
            add((m.start("b"), m.end("b")), "initials")


# A patient banner: a name opening its line (after a label perhaps), then two spaces or a bracket and the record's
# fields ("NG, KOK LEONG  CASE NO: 98-596685", "ann edwards  (dob 3/7/1924)", "patient: edwards, ann   mrn: ...");
# matched at each line's start (a pattern searched through the text would be tried at every space)
_BANNER_KEYS = ("mrn", "mr#", "mr #", "mr no", "dob", "d.o.b", "hosp", "case no", "nhi", "medical record", "med rec",
                "record no", "patient id", " ur:", " ur ", " urn")  # a field word, found with str.find first
_BANNER_RE = re.compile(
    r"[ \t]*(?:[A-Za-z]+[ ]?:[ \t]*)?(?P<name>[^\W\d_][\w'\u2019-]*(?:,?[ ][^\W\d_][\w'\u2019.-]*){1,3})"
    r"(?:[ ]{2,}\(?|\t|[ ]\()(?i:mrn|mr[ ]?#|mr[ ]no|ur|urn|dob|d\.o\.b|hosp(?:ital)?\.?[ ]no|case[ ]no|nhi"
    r"|medical[ ]record|med[ ]rec|record[ ]no|patient[ ]id)\b")  # not "(age 12+)" after a drug
# a name in quotes after a person's "name" ("labeled with the patient's name "SUN, JENNY""; not 'The name "CHOPS"'),
# a name after a signature's line
_QUOTED_NAME_RE = re.compile(r"\b(?:patient|pt|client|his|her|their|my|your)(?:['\u2019]s)?[ ]name[ ](?:is[ ])?[\"\u201c](?P<name>[^\W\d_][^\"\u201d\n\d]{2,40})[\"\u201d]", re.I)
_SIGNATURE_LINE_RE = re.compile(r"(?i:signature|signed)[ ]?:?[ ]*_{3,}[ ]*(?P<name>[^\W\d_][\w'\u2019. -]{2,40}?)[ \t]*(?:\n|$)")


# A chat's speaker after the line's time stamp: "[22:53] Mateo: Sorry", "[0622h] Mateo (Vertex Mobile): Hi"; found
# from the stamp's closing bracket
_CHAT_STAMP_END_RE = re.compile(r"(?:\d:\d\d|\d{4}h?)(?:[ ]?[AaPp][Mm])?$")  # the stamp holds a time ("[22:53]", "[0622h]")
_CHAT_SPEAKER_RE = re.compile(  # matched at each "]" found with str.find
    r"\][ \t]*(?P<name>[^\W\d_][\w'\u2019-]*(?:[ ][^\W\d_][\w'\u2019-]*){0,2})(?:[ ]\([^)\n]{1,40}\))?:[ ]")
_CHAT_ROLES = frozenset("customer agent bot system support user admin operator you me client caller guest team".split())


def _chat_speakers(text: str, res: Resources, add) -> None:
    p = text.find("]")
    while p >= 0:
        m = _CHAT_SPEAKER_RE.match(text, p) if _CHAT_STAMP_END_RE.search(text, max(0, p - 9), p) else None
        p = text.find("]", p + 1)
        if m is None or text.rfind("[", text.rfind("\n", 0, m.start()) + 1, m.start()) < 0:
            continue  # no stamp opens the line
        words = m.group("name").lower().split()
        if words[0] in _CHAT_ROLES or words[0] not in res.first:
            continue  # "[0800] Norepi: 0.1": a drug's entry; a speaker is a listed first name
        add((m.start("name"), m.end("name")), "banner")


def _banner_names(text: str, res: Resources, add) -> None:
    stop = STOP_WORDS | FUNCTION_WORDS
    found = []
    if "  " in text or "\t" in text or " (" in text:
        pos = 0
        while pos >= 0:
            if nm := _BANNER_RE.match(text, pos):
                found.append(nm)
            pos = text.find("\n", pos)
            pos = pos + 1 if pos >= 0 else -1
    if '"' in text or "\u201c" in text:
        found += _QUOTED_NAME_RE.finditer(text)
    if "_" in text:
        found += _SIGNATURE_LINE_RE.finditer(text)
    for nm in found:
        name = nm.group("name")
        words = [w.strip(",.").lower() for w in name.split()]
        given = name.split(",", 1)[1].split() if "," in name else ()
        # a name of the lists in it ("Lovenox Prophylaxis  DOB", a quoted "Tylenol": no word of a person)
        if any(len(w) > 1 and (w in stop or w in CREDENTIAL_WORDS) for w in words) or not (
                any(len(w) > 1 and (w in res.first or w in res.last) and w not in res.common for w in words)
                or given and given[0].lower() in res.first  # "FOX, DAWN  MRN"
                or len(words) > 1 and len(words[0]) == 1 and words[-1] in res.last):  # "A. Jackson"
            continue  # "Lab Result Comment  MRN", "Heart Rate  MRN": no name
        add((nm.start("name"), nm.end("name")), "banner")


def _disease_after(text: str, e: int, res: Resources) -> bool:
    """A disease or device word after ``e``, or after one lower-case word ("Lambert Eaton myasthenic syndrome")."""
    word = _LOWER_WORD_RE.match(text, e)
    return bool(res.eponym_after_re.match(text, e) or (word and res.eponym_after_re.match(text, word.end())))


def _surname_before_first(word: str, first: str, res: Resources) -> bool:
    low = word.lower()  # both in titlecase: "Digoxin, ASA" and "Ox3, MAE" are lists of other things
    return first.lower() not in res.common and len(word) > 2 and word.istitle() and first.istitle() \
        and word.isalpha() and low not in STOP_WORDS \
        and low in res.last and low not in GEO_WORDS and low not in NOT_CITIES and low not in MONTH_NAMES \
        and first.lower() not in res.states and first.lower() not in NOT_CITIES and first.lower() not in GEO_WORDS


def _joined_start(text: str, res: Resources, prev: list, s: int) -> int:
    """Where a name found by a cue after the chain at ``s`` starts: "Fisher, Larry DO": the chain before, joined
    by ", ", is the last name when it can be one (a listed surname or a word that is no English: not
    "Sincerely, Robert Chen, M.D.")."""
    before = prev[-1][2].lower() if prev else ""
    return prev[0][0] if prev and len(prev) <= 2 and text[prev[-1][1]:s] == ", " and (
        before in res.last or before not in res.blocked and not english_like(before)) else s


def _chain_names(text: str, res: Resources, toks: list, prev: list, add) -> None:
    """Names in one chain of capitalised words: backward cues and name-list evidence."""
    s, e = toks[0][0], toks[-1][1]
    if len(toks) > 1 and text[s:e].isupper() and text[max(0, s - 200):s].isupper():
        return  # an ALL-CAPS note: en_names_ci reads it word by word, with its lists
    cued = text[e:e + 1] in (" ", ",", "(")  # every cue after a name opens so (most chains end at ":" or "/")
    m = cued and res.cred_after_re.match(text, e)
    if m:
        weak = m.group("c2") is not None and m.group("c2") in AMBIGUOUS_CREDENTIALS
        kind = "credweak" if weak else "cred"
        add(_name_span(text, res, _joined_start(text, res, prev, s), e, _CUE_KIND[kind][0], cue_after=True), kind)
    elif cued and res.relpost_re.match(text, e):
        add(_name_span(text, res, s, e, "label", cue_after=True), "rel")
    elif cued and (after := res.after_re.match(text, e)):
        # "K. Walker, aged 46" and "Ann Lee is a 60" name a person as surely as a label; a verb less so
        # and so does a phone number after the name ("[name] cell# 555-...")
        strength = "label" if after.group().startswith((",", " is")) or after.group()[-1].isdigit() else "weak"
        add(_name_span(text, res, _joined_start(text, res, prev, s), e, strength, cue_after=True), "after")
    elif cued and len(toks) == 1 and toks[0][2].lower() in res.first_ok and toks[0][2].lower() not in res.common \
            and en_lexicon.sentence_start(text, s) \
            and res.copula_after_re.match(text, e):
        # a first name that is no ordinary word opening a sentence ("Laura is very reliable."): not "the Babcock
        # was applied", where a surgeon's name is an instrument, nor "Sage was applied"
        add(_name_span(text, res, s, e, "weak"), "after")
    else:  # a signature line: the chain alone on its line (what follows it first: seldom blank)
        line_end = text.find("\n", e)
        if not text[e:line_end if line_end >= 0 else len(text)].strip() \
                and not text[text.rfind("\n", 0, s) + 1:s].strip(" \t-"):
            add(_name_span(text, res, s, e, "weak"), "line")

    # Name-list pass: runs of list names holding a first name followed by a last name.
    n = len(toks)
    i = 0
    while i < n - 1:
        w = toks[i][2]
        lw = w.lower()
        if _is_initial(w) or lw not in res.first:
            i += 1
            continue
        j, has_last, evidence = i + 1, -1, lw in res.first_ok
        # a first name and one of the commonest surnames, two title-case words inside a sentence: "spoke with
        # Mark Turner" (a sentence's first word is capitalised whatever it is: "Gene Long deletion detected")
        evidence = evidence or (n == 2 and w.istitle() and toks[1][2].istitle()
                                and toks[1][2].lower() in res.frequent_last and not en_lexicon.sentence_start(text, toks[0][0]))
        while j < n:
            wj = toks[j][2]
            lj = wj.lower()
            if _is_initial(wj):
                j += 1
                continue
            if lj in res.last or lj in res.first:
                if lj in res.last:
                    has_last = j
                evidence = evidence or lj in res.last_ok
                j += 1
                continue
            break
        # an eponym as the surname ("Amy Jones") is a name unless a disease or device word follows
        # (eponym_after_re below); as the first word it starts a pair only before a surname that is
        # listed, no common word and no eponym ("Austin Torres"; not "Graves Basedow", "Austin Flint")
        last_word = toks[has_last][2].lower()
        if has_last > i and evidence and not any(
                toks[k][2].lower() in STOP_WORDS or toks[k][2].lower() in GEO_WORDS for k in range(i, has_last + 1)) \
                and (toks[i][2].lower() not in EPONYMS or (last_word in res.last_ok and last_word not in EPONYMS
                                                           and not _disease_after(text, toks[has_last][1], res))) \
                and text[toks[i][0]:toks[has_last][1]].lower() not in NOT_CITIES:
            if not res.eponym_after_re.match(text, toks[has_last][1]):
                add((toks[i][0], toks[has_last][1]), "list")
            i = has_last + 1
        else:
            i += 1
    # "Garcia, Karen": a last name, a comma, a first name. Before a first name that is no common word
    # ("Brown, Stephanie"), a listed surname may be one ("Brown") and an unlisted word may be a surname.
    if prev and text[prev[-1][1]:s] == ", " and toks[0][2].lower() in res.first_ok and (
            (len(prev) == 1 and prev[0][2].lower() in res.last_ok) or _surname_before_first(prev[-1][2], toks[0][2], res)):
        add((prev[-1][0], toks[1][1] if n > 1 and _is_initial(toks[1][2]) else toks[0][1]), "last_first")


# a name in brackets after a record number in a sign-out row: the attending's or the consultant's ("MRN 4413-6184
# (Tran)", "#7039837 (von Ahlen)", "mrn: tt669010 (al-masri)", "#A5604207 (R. Young)")
_BRACKETED_NAME_RE = re.compile(
    r"[ \t]?\((?P<name>(?:[A-Za-z]\.[ ]?)?(?:(?i:von|van|de|da|al|el|le|la|mc)[ -])?[^\W\d_][\w'\u2019-]*"
    r"(?:[ ][^\W\d_][\w'\u2019-]*)?)\)")


def names_after_records(text: str, spans: Spans) -> None:
    """Added to ``spans`` before they are resolved: after each record number found, a bracketed name that is
    no ordinary word ("(verified)", "(old)") unless a listed surname ("(Young)")."""
    if "(" not in text:
        return
    safe, lasts = en_lexicon.safe_words(), en_lexicon.person_names()[1]
    for item in [item for item in spans.items if item[2] == "MRN"]:
        m = _BRACKETED_NAME_RE.match(text, item[1])
        if m and all(w.lower() in lasts or w.lower() not in safe for w in re.split(r"[ .-]+", m.group("name")) if
                     len(w) > 2):  # (not a particle: "al-masri")
            spans.add(m.start("name"), m.end("name"), "NAME", "en.name.after_record", 0.75)
