"""English leftover checks: PHI-like content a source note still carries outside the planted spans."""

from __future__ import annotations

import re
from typing import Iterable

from planting.edits import mask_spans
from planting.en_fake import BIG_CITY_RE, CITY_STATE_RE, EN_DATE_PATTERNS, US_STATES, en_name_lists
from planting.values import MONTHS, faker_attr


_TITLE_WORDS = r"(?:Dr|Drs|Mr|Mrs|Ms|Miss|Mister|Doctor|Prof|Professor)"
TITLE_RE = re.compile(rf"\b(?P<title>{_TITLE_WORDS})\b(?P<dot>\.?)(?P<ws>[ \t]+)")
NAME_TOKEN_RE = re.compile(r"(?:[A-Z]['’][A-Z][a-z]+|Ma?c[A-Z][a-z]+|[A-Z][a-z]+(?:-[A-Z][a-z]+)?|[A-Z]{1,8}|[A-Z]\.)(?:['’]s\b)?")
NAME_STOP = {"The", "A", "An", "He", "She", "His", "Her", "They", "On", "In", "At", "And", "Or", "With", "For",
              "From", "To", "Of", "Was", "Is", "Who", "This", "That", "MD", "DO", "PhD", "Jr", "Sr", "II", "III", "IV",
              "RN", "NP", "PA", "Hospital", "Clinic", "Center", "Office", "Today", "I", "We", "It", "If", "As", "But"}
PLACEHOLDER_RE = re.compile(r"\b(?:XYZ|XY|ABCD?E?|Xyz|Abcd?|X{2,}|Xx{2,}|Y{2,}|Z{2,}|A{3,}|Sample)\b")
# Acronyms of institutions seen in (or typical of) US transcriptions; "CHOP" is left out (a regimen).
_FAC_ACRONYM_RE = re.compile(r"\b(?:UIHC|UTMB|UNM|MCG|CHCC|WSU|UAA|KU|UCLA|UCSF|UCSD|MGH|NYU|UPMC|OHSU|UAB|VUMC|MUSC|"
                             r"MSKCC|MDACC|BWH|CHOA|UNC|UIC|USC|LSU|OSU|TIR|UTSW|UMMC|APD|NYPD|LAPD)\b")
CRED_RE = re.compile(r"\b(?P<name>[A-Z][a-z]+(?:\s+[A-Z]\.)?(?:\s+[A-Z][a-z'’\-]+){1,2}),?\s+"
                      r"(?:M\.D\.|MD|D\.O\.|DO|PA-C|NP|RN|Ph\.D\.|PhD|DPM|FACS)\b")
_CONTACT_RE = re.compile(r"\(?\b\d{3}\)?[-.\s]\d{3}[-.\s]\d{4}\b|[\w.+-]+@[\w-]+\.[\w.]+|www\.|https?://|\b\d{3}-\d{2}-\d{4}\b|\b\d{7,}\b")
_AGE90_RE = re.compile(r"\b(?:9\d|1[01]\d)(?:[- ]?(?:years?|yrs?)[- ]old|\s*(?:y/o|yo|y\.o\.)|[- ]year)\b"
                       r"|\b(?:age|aged)\s+(?:of\s+)?(?:9\d|1[01]\d)\b", re.I)
_ZIP_RE = re.compile(r"\b[A-Z]{2}\s+\d{5}(?:-\d{4})?\b")

_FAC_HEADS = ("Hospital", "Medical Center", "Medical Centre", "Health Center", "Health Centre", "Clinic",
              "Infirmary", "Nursing Home", "Rehabilitation Center", "Surgery Center", "Surgical Center",
              "Cancer Center", "Health System", "Medical Group", "Hospice", "Care Center", "Living Center",
              "Nursing Center", "Nursing Facility", "Care Facility", "University", "Institute", "College")
_FAC_HEAD_RE = re.compile(r"\b(?:" + "|".join(re.escape(h) for h in _FAC_HEADS) + r")\b")
_FAC_TOKEN_RE = re.compile(r"(?:St\.|Saint|[A-Z][A-Za-z'’&\-]*|of|and|&)$")
GENERIC_FAC = set("""
general community regional medical surgical surgery rehabilitation rehab psychiatric mental health behavioral pain
management pulmonary medicine bariatric wellness chiropractic cancer heart cardiac cardiology vascular vein outpatient
inpatient emergency orthopedic orthopaedic sports family urgent care eye dental sleep wound diabetes dialysis breast
spine oncology neurology neurosurgery allergy ambulatory imaging radiology endoscopy gi ent pediatric pediatrics
internal primary specialty teaching trauma burn stroke memory hand foot ankle podiatry dermatology urology women
women's womens infectious disease diseases weight loss fertility transplant kidney liver lung skin laser vision
hearing audiology physical therapy occupational speech anticoagulation coumadin hypertension lipid headache epilepsy
child state university va vamc veterans nursing skilled assisted living acute tertiary hospice
research clinical center centre and & of the day walk-in student employee hospital clinic medical-surgical icu
the our this that a an at in to from by with for his her their its county city local outside other private
catheterization lab laboratory unit suite room department service floor nursery operating recovery postanesthesia
holding area independent long-term facility
""".split())
_LOWER_STOP = {"of", "and", "&"}


def facility_phrases(text: str) -> list[tuple[int, int, bool]]:
    """(start, end, is_named) for capitalised facility phrases ending in a facility word."""
    out = []
    for m in _FAC_HEAD_RE.finditer(text):
        start = m.start()
        tokens: list[str] = []
        pos = m.start()
        # walk back over capitalised tokens on the same line
        while len(tokens) < 6:
            mm = re.search(r"(\S+)[ \t]+$", text[max(0, pos - 40):pos])
            if not mm:
                break
            tok = mm.group(1)
            if not _FAC_TOKEN_RE.match(tok) or tok.endswith((",", ";", ":")):
                break
            tokens.insert(0, tok)
            pos = pos - len(mm.group(0))
        while tokens and (tokens[0].lower() in _LOWER_STOP or tokens[0] in NAME_STOP
                          or tokens[0].lower() in ("the", "our", "this", "at", "in", "to", "from", "by")):
            pos += len(tokens[0])
            while pos < m.start() and text[pos] in " \t":
                pos += 1
            tokens.pop(0)
        start = pos
        end = m.end()
        fwd = re.match(r"\s+of\s+(?:the\s+)?(?:[A-Z][a-z]+(?:\s+|$)){1,3}", text[end:])
        named_fwd = False
        if fwd and not re.match(r"\s+of\s+(?:the\s+)?(?:Medicine|Surgery|Health|Medical)\b", text[end:]):
            end += len(fwd.group(0).rstrip())
            named_fwd = True
        words = [t.lower().rstrip(".,") for t in tokens]
        named = named_fwd or any(w not in GENERIC_FAC for w in words) or any(PLACEHOLDER_RE.fullmatch(t) for t in tokens)
        if m.group(0) in ("University", "Institute", "College") and not tokens and not named_fwd:
            named = False
        out.append((start, end, named))
    return out


_MIDCAP_RE = re.compile(r"(?<=[a-z,;)] )([A-Z][a-z]+)")
_PREP_CAP_RE = re.compile(r"\b(?:in|from|near|at|to|by|with|lives|saw|see|visit|visiting|visited)\s+(?:the\s+)?([A-Z][a-z]+)")
# A first name used as an eponym: followed by 's or a hyphen, or by an instrument/test noun.
_EPONYM_RE = re.compile(r"[A-Z][a-z]+(?=['’]s\b|-|\s(?:drains?|protocol|clamps?|stage|test|shunt|procedure|forceps|"
                        r"retractors?|hemostats?|cannula|position|tube|T-tube|catheter|sign|operation|classification|staging|"
                        r"rule|syndrome|knot|needle|splint|bandage|score|Moore|disease|scissors|elevator|table|spinal|"
                        r"osteotomy|instruments?|instrumentation|brace|maneuver|vacuum|hook|blade|dilators?|stitch|suture|"
                        r"incision|approach|technique|repair|method|reflex|phenomenon|lesion|ligament|fascia|fracture)\b)")


class EnCorpusStats:
    """Corpus-wide word statistics for spotting rare proper nouns (towns, employers, people) in a note.

    A capitalised word met mid-sentence in at most 3 notes of the whole corpus and never written in lower
    case is treated as a possible proper noun when it follows a place/person preposition.
    """

    def __init__(self, texts: Iterable[str]) -> None:
        self.df: dict[str, int] = {}
        lower: set[str] = set()
        for t in texts:
            for w in {m.group(1) for m in _MIDCAP_RE.finditer(t)}:
                self.df[w] = self.df.get(w, 0) + 1
            lower.update(re.findall(r"\b[a-z]+\b", t))
        self.lower = lower
        countries = faker_attr("faker.providers.address.en_US", "countries")
        self.known = {w for c in countries for w in c.split() if w[:1].isupper()}
        self.known |= {w for st in US_STATES for w in st.split()} | set(MONTHS) | {
            "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "God", "English",
            "Spanish", "America", "Asia", "Africa", "Europe", "Korea", "Philippines", "Caribbean", "Ukraine",
            "Russia", "Vietnam", "Iran", "Iraq", "Afghanistan"}

    def rare(self, w: str) -> bool:
        return self.df.get(w, 0) <= 3 and w.lower() not in self.lower and w not in self.known


def find_en_leftovers(text: str, spans, stats: EnCorpusStats | None = None) -> list[str]:
    """PHI-like content left outside the labelled spans (empty list: none found)."""
    t = mask_spans(text, spans)
    found = []
    if stats is not None:
        for m in _PREP_CAP_RE.finditer(t):
            if stats.rare(m.group(1)):
                found.append("rare proper noun: " + t[m.start():m.end()])
    nl0 = en_name_lists()
    for m in _MIDCAP_RE.finditer(t):
        w = m.group(1)
        if (w in nl0.us_first and w not in MONTHS and w not in _EN_NAME_LIKE_WORDS and not _EPONYM_RE.match(t, m.start())
                and not re.search(r"\b(?:the|a|an|Santa|San|St\.)\s$", t[max(0, m.start() - 6):m.start()])):
            found.append("first name: " + t[max(0, m.start() - 15):m.end() + 10])
    for m in TITLE_RE.finditer(t):
        nxt = t[m.end():m.end() + 1]
        if nxt and nxt.isupper():
            found.append("title+name: " + t[m.start():m.end() + 12])
    for m in PLACEHOLDER_RE.finditer(t):
        found.append("placeholder: " + m.group(0))
    for m in _FAC_ACRONYM_RE.finditer(t):
        found.append("institution acronym: " + m.group(0))
    for m in re.finditer(r"(?i)\b(?:serial|lot)\s*(?:number|no\.?|#)\s*:?\s*[A-Z0-9*]{2,}|\b(?:record|chart)\s*(?:number|no\.?|#)\s*:?\s*\d", t):
        found.append("identifier: " + m.group(0))
    for m in CRED_RE.finditer(t):
        found.append("name+credential: " + m.group(0))
    for m in _CONTACT_RE.finditer(t):
        found.append("contact/number: " + m.group(0))
    for m in _AGE90_RE.finditer(t):
        found.append("age90: " + m.group(0))
    for m in CITY_STATE_RE.finditer(t):
        found.append("city,state: " + m.group(0))
    for m in BIG_CITY_RE.finditer(t):
        found.append("city: " + m.group(0))
    for m in _ZIP_RE.finditer(t):
        if m.group(0)[:2] in US_STATES.values():
            found.append("zip: " + m.group(0))
    for pat, kind, _ in EN_DATE_PATTERNS:
        for m in pat.finditer(t):
            found.append(f"date({kind}): " + m.group(0))
    for s, e, named in facility_phrases(t):
        if named and "\0" not in t[s:e]:
            found.append("facility: " + t[s:e])
    nl = en_name_lists()
    for m in re.finditer(r"\b([A-Z][a-z]+)\s+(?:[A-Z]\.\s+)?([A-Z][a-z]+)\b", t):
        if m.group(1) in nl.us_first and m.group(2) in nl.us_last and m.group(1) not in _EN_NAME_LIKE_WORDS:
            found.append("first+last: " + m.group(0))
    return found


# Capitalised words that are also first names but usually are not names in clinical notes.
_EN_NAME_LIKE_WORDS = {"May", "Will", "Mark", "Grant", "Guy", "Hope", "Faith", "Joy", "Bill", "Frank", "Rose", "Chase",
                       "Gene", "Ray", "Rich", "Young", "Sharp", "Long", "Major", "Dean", "Star", "Page", "Ward", "Pearl"}
