"""PHI gold sets built from REAL clinical text: fake PHI planted into real English notes and Chinese dialogues.

Why
---
:mod:`medcorpus.sample_data.generator` generates whole notes from templates, so a detector tuned on it can score well
on its phrasings and still miss PHI in real prose. Here the clinical prose is real -- MTSamples
transcriptions (English); CMDD paediatric dialogues and cEHRNER EHR paragraphs (ChineseBLUE) and haodf.com
COVID consultations (Chinese) -- and only the PHI is fake. Nothing comes from ``synthetic.py``: names,
places and number prefixes are drawn from faker's per-locale lists (``faker.providers.*``: person names
from en_US and 23 other Latin-script locales for English, zh_CN surnames/given names/cities/districts/
provinces/ID area codes for Chinese) and small generators in this module; the phrasings that carry them
are written here.

How planting works
------------------
1. REPLACE what is already there. Each source text is scanned for PHI-like content the regexes can find
   and bound, which is replaced by a fake value of the same kind and labelled: names after titles
   (``Dr. Xyz``, ``Mr. Abc``, ``Dr. Trask``, ``Dr. A``; ``马医生``, ``主治医师张姣姣``, ``预约医生： 李田``,
   masked ``**主任``), names before credentials (``Rebecca Richardson, MD``), placeholder and named
   facilities (``ABCD General Hospital``, ``St. Luke's Hospital``, ``南京市儿童医院``, ``已就诊医院及科室：``
   values, masked ``*****医院``), ``City, State`` and a list of big US cities, Chinese cities/counties
   (gazetteer or ``XX市/XX县``), dates (every date of a document shifted by one offset so intervals stay
   plausible; the written format kept, or for English sometimes changed; month-only mentions and holidays
   are dates too), ages (an existing 90+ age is labelled, an existing 60-89 age is sometimes moved to
   90-104; ``an 84-year-old`` becomes ``a 94-year-old``), device serial numbers (DEVICE), record numbers
   and cEHRNER pathology/specimen numbers (MRN).
2. INSERT identifiers where real records carry them, with varied phrasings and formats. English: a header
   (name, MRN, DOB, date of service, SSN, account, member ID; MTSamples-like ``KEY: , value,`` runs, line
   style, ``RE:`` style, registration block with PCP/address/phone), a footer (dictated by / electronically
   signed by / cc with facility and fax / NPI / attending with pager, dictation and transcription dates),
   phone/fax/e-mail/portal URL/return-visit date in the plan or follow-up section, an address or home town
   at the start of the social history, a hospital name after ``the emergency room``/``our clinic`` or in
   place of ``the hospital``, names inside real sentences (``The patient is a 64-year-old`` -> ``Mr. Ito is
   a 64-year-old``, ``This is Ana Ruiz, a ...``, ``her daughter (Maria)``, ``referred by his PCP, Dr. Lund,``).
   Chinese dialogues: the patient introducing themselves or the child (name,
   姓/先生/女士, 身份证号, 门诊号, phone, city), the doctor introducing themselves (hospital, department,
   title, name), a doctor line with a landline/mobile/fax/门诊号/clinic day, a patient line with 住院号/床号,
   an address, a hospital and a date. cEHRNER: a first line (``姓名：… 性别：… 年龄：… 住院号：… 床号：…`` and five
   other layouts with 病案号, 身份证号, 联系电话, 住址, 联系人, 入院日期) and sometimes a signature line.
3. SKIP rather than guess. A text is kept only when, after 1-2, no PHI-like pattern is left outside the
   labelled spans. English: a title followed by a capital, placeholders (``XYZ``, ``Xxxx``, ``Sample``),
   any recognised date format, 90+ ages, phone/SSN/e-mail/URL/7+ digit runs, ``City, ST``, ``ST 12345``,
   non-generic facility names, institution acronyms (``UIHC``), US first names mid-sentence (unless an
   eponym: ``Kelly clamp``), first+last name pairs, and rare capitalised words after ``in/from/at/to/with``
   (corpus-wide: in at most 3 notes and never written in lower case -- how ``lives in Sacaton`` and
   ``works at Norcraft`` are caught). Chinese: ``X医生``-type mentions that are not clearly a name or
   clearly not one (``谢医生解答``), named or numbered hospitals (``浙一医院``, ``967医院``), cities inside
   other words, dates and date-like tokens (``宝宝现在9月``, ``十二号``, ``201912``), 90+ ages, long digit
   runs and mobile numbers, street numbers, ``*`` masks. At least 80% of every kept text's characters
   are copied unchanged from the source (``source_fraction``); insertions are dropped when they would
   push it lower.
4. Every record is checked (:func:`check_record`): spans sorted, non-overlapping, in range,
   ``text[start:end]`` the planted value with no surrounding whitespace, label in ``PHI_LABELS``.

Records (one JSON object per line in ``planted_en.jsonl`` / ``planted_zh.jsonl``)::

    {"id": "planted-en-000001", "lang": "en", "source": "mtsamples_en", "source_id": "419",
     "text": "...", "spans": [{"start": 10, "end": 21, "label": "NAME"}, ...],
     "span_origin": ["added", ...], "source_fraction": 0.9011}

``span_origin`` says, per span, where its value sits: ``replaced`` (a PHI-like slot of the source text,
inside a real sentence), ``inline`` (inserted into a real sentence or utterance) or ``added`` (in a
header, footer or sentence/line written by this module). Reviewers can score each group separately.

``source`` is ``mtsamples_en``, ``chineseblue_zh/CMDD``, ``chineseblue_zh/cEHRNER`` or
``zh_medical_dialogue/covid_dialogue``; ``source_id`` the note id / ``CMDD/<split>/<example-id>`` /
``cEHRNER/train/<line>`` / ``covid/<id>``. Span conventions are synthetic.py's: NAME without title or
credentials, AGE only 90+ and only the number, a US address split into ADDRESS/CITY/ZIP with the state
unlabelled, one ADDRESS span for a Chinese address, a city or county on its own CITY, provinces and
states unlabelled, 床号/住院号/病理号 values MRN. English month-only mentions (``in November``) and
holidays are DATE, as HIPAA counts any date element but the year; weekdays are not labelled.

Determinism: every choice comes from ``random.Random`` instances seeded with strings built from
(seed, source id); sources are visited in a seeded order (Chinese: CMDD, COVID, CMDD, cEHRNER, ...). A
seed gives the same records on any machine and under any ``PYTHONHASHSEED``, and the first k records
of a larger set equal the set built with ``n=k``.

Limits
------
* Leftover PHI is found with regexes and word lists, not by reading. What can survive unlabelled: a bare
  surname without a title, a town named in more than three notes or after an unusual preposition, an employer or school, a named residential compound (``万科城``), a hospital
  named without any place or number (``仁爱医院``), a month written as a word in Chinese. The filters
  err on the side of skipping texts, and the tests look for leftovers, but the gold is not guaranteed
  perfect.
* Skipping biases the sets: notes dense with real names and places (and, in Chinese, texts with
  ``谢医生`` phrasing or colloquial dates like ``宝宝现在9月``) are under-represented. With seed 7, 87 of the
  387 English notes visited (22%) and 45 of the 345 Chinese texts (13%) were skipped; English notes
  shorter than 500 or longer than 8,000 characters are not used.
* ``m/d`` without a year is a date only in clear contexts (zero-padded, or after ``on/since/until``);
  ``5/5 strength`` and ``10/11 mm trocar`` stay unlabelled, as does ``12日后`` (twelve days later).
* Replacement values ignore the surrounding facts: a Hubei city may replace a Henan one, a township
  clinic can get an oncology department. ``武汉`` in COVID consultations and foreign cities (``东京``) are
  kept as written and labelled CITY, as are Chinese public holidays (DATE).
* The inserted headers, footers and dialogue lines come from a few dozen templates per kind. With seed 7,
  only 351 of the 1,658 English spans (21%) sit inside real sentences (``span_origin`` replaced/inline)
  -- MTSamples has few PHI slots left -- against 771 of 1,192 Chinese spans (65%); report recall per
  ``span_origin`` group, not only overall.
* Name diversity follows faker's lists; common names (``James Smith``, ``王伟``) also occur in other
  name lists, so a dictionary-based detector has some head start on them.
* MTSamples is US transcription style with commas where line breaks were; the Chinese set mixes
  paediatric CMDD chats, COVID-era online consultations and oncology/surgery EHR paragraphs.
"""

from __future__ import annotations

import csv
import datetime as _dt
import importlib
import json
import random
import re
import sys
import unicodedata
from pathlib import Path
from typing import Callable, Iterable, Sequence

from medcorpus.schemas.phi import PHI_LABELS

__all__ = ["plant_english", "plant_chinese", "write_planted", "check_record", "id_card_check_digit"]

_MIN_SOURCE_FRACTION = 0.82  # planning target; records are guaranteed >= 0.80


# ==================================================================================================
# Shared machinery: span-aware editing of a source text
# ==================================================================================================


class _Edits:
    """Replacements and insertions on a source text; ``build`` returns the new text with span offsets."""

    def __init__(self, src: str) -> None:
        self.src = src
        self.reps: list[tuple[int, int, int, list]] = []  # (start, end, seq, pieces)
        self.ins: list[tuple[int, int, list]] = []  # (pos, seq, pieces)
        self.origin: dict[int, str] = {}  # seq -> "replaced" | "inline" | "added"
        self._seq = 0

    def free(self, s: int, e: int) -> bool:
        """True when [s, e) touches no replacement (an insertion point s == e may sit on a boundary)."""
        for a, b, _, _ in self.reps:
            if s == e:
                if a < s < b:
                    return False
            elif s < b and a < e:
                return False
        return True

    def replace(self, s: int, e: int, pieces: list, origin: str = "replaced") -> bool:
        if e <= s or not self.free(s, e) or any(s < p < e for p, _, _ in self.ins):
            return False
        self._seq += 1
        self.reps.append((s, e, self._seq, pieces))
        self.origin[self._seq] = origin
        return True

    def insert(self, pos: int, pieces: list, origin: str = "added") -> bool:
        """Insert pieces at ``pos``; ``origin`` "inline" for words put inside a real sentence or utterance."""
        if not self.free(pos, pos):
            return False
        self._seq += 1
        self.ins.append((pos, self._seq, pieces))
        self.origin[self._seq] = origin
        return True

    def new_chars(self) -> int:
        return sum(_plen(p) for *_, p in self.reps) + sum(_plen(p) for *_, p in self.ins)

    def kept(self) -> int:
        return len(self.src) - sum(e - s for s, e, _, _ in self.reps)

    def fraction_if(self, extra: int) -> float:
        k = self.kept()
        return k / max(1, k + self.new_chars() + extra)

    def build(self) -> tuple[str, list[tuple[int, int, str, str]], int]:
        """(text, spans as (start, end, label, origin), number of source characters kept)."""
        ops = [(p, 0, q, p, pieces) for p, q, pieces in self.ins] + [(s, 1, q, e, pieces) for s, e, q, pieces in self.reps]
        ops.sort(key=lambda o: (o[0], o[1], o[2]))
        out: list[str] = []
        spans: list[tuple[int, int, str, str]] = []
        pos = 0  # position in src
        n = 0  # length of out so far
        for start, _kind, q, end, pieces in ops:
            if start > pos:
                out.append(self.src[pos:start])
                n += start - pos
                pos = start
            for p in _flatten(pieces):
                if isinstance(p, tuple):
                    spans.append((n, n + len(p[0]), p[1], self.origin[q]))
                    out.append(p[0])
                    n += len(p[0])
                else:
                    out.append(p)
                    n += len(p)
            pos = max(pos, end)
        out.append(self.src[pos:])
        return "".join(out), spans, self.kept()


def _flatten(pieces) -> Iterable:
    for p in pieces:
        if isinstance(p, list):
            yield from _flatten(p)
        else:
            yield p


def _plen(pieces) -> int:
    return sum(len(p[0]) if isinstance(p, tuple) else len(p) for p in _flatten(pieces))


def _mask(text: str, spans: Sequence[tuple[int, int, str]]) -> str:
    """The text with every labelled span blanked out (NUL characters), for leftover checks."""
    if not spans:
        return text
    parts = []
    pos = 0
    for s, e, *_ in spans:
        parts.append(text[pos:s])
        parts.append("\0" * (e - s))
        pos = e
    parts.append(text[pos:])
    return "".join(parts)


def check_record(rec: dict) -> None:
    """Raise ``ValueError`` unless the record's spans are sorted, disjoint, in range, labelled and trimmed."""
    text = rec["text"]
    prev = 0
    for sp in rec["spans"]:
        s, e, lab = sp["start"], sp["end"], sp["label"]
        if lab not in PHI_LABELS:
            raise ValueError(f"{rec['id']}: unknown label {lab}")
        if not (prev <= s < e <= len(text)):
            raise ValueError(f"{rec['id']}: bad or overlapping span {sp}")
        v = text[s:e]
        if v != v.strip() or not v.strip():
            raise ValueError(f"{rec['id']}: span {sp} has surrounding whitespace: {v!r}")
        prev = e


def _record(prefix: str, i: int, lang: str, source: str, source_id: str, text: str, spans, kept: int) -> dict:
    rec = {
        "id": f"{prefix}-{i:06d}",
        "lang": lang,
        "source": source,
        "source_id": source_id,
        "text": text,
        "spans": [{"start": s, "end": e, "label": lab} for s, e, lab, *_ in spans],
        "span_origin": [x[3] if len(x) > 3 else "added" for x in spans],
        "source_fraction": round(kept / max(1, len(text)), 4),
    }
    check_record(rec)
    return rec


class _Reject(Exception):
    """This source text cannot be planted safely (leftover PHI-like content, too short, ...)."""


# ==================================================================================================
# Fake value generators shared by both languages
# ==================================================================================================

_D = _dt.date
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December")
_MON = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_MONTH_NUM = {m.lower(): i + 1 for i, m in enumerate(_MONTHS)}
_MONTH_NUM.update({m.lower(): i + 1 for i, m in enumerate(_MON)})
_MONTH_NUM["sept"] = 9

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def id_card_check_digit(first17: str) -> str:
    """GB 11643-1999 check character of a resident identity card number (ISO 7064 MOD 11-2)."""
    total = sum(int(c) * w for c, w in zip(first17, _ID_WEIGHTS))
    return "10X98765432"[total % 11]


def _luhn_digit(digits: str) -> str:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2 == 0:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return str((10 - total % 10) % 10)


def _digits(r: random.Random, n: int, first_nonzero: bool = False) -> str:
    s = "".join(r.choice("0123456789") for _ in range(n))
    if first_nonzero and s[0] == "0":
        s = r.choice("123456789") + s[1:]
    return s


def _safe_date(y: int, m: int, d: int) -> _D:
    while True:
        try:
            return _D(y, m, d)
        except ValueError:
            d -= 1


def _shift(d: _D, days: int) -> _D:
    try:
        return d + _dt.timedelta(days=days)
    except OverflowError:
        return d


def _latin(s: str) -> bool:
    return bool(s) and all(ch in "'-" or (ch.isalpha() and "LATIN" in unicodedata.name(ch, "")) for ch in s)


# ==================================================================================================
# English
# ==================================================================================================

# Locales whose person lists are Latin script; en_US weighs most, the rest add diversity.
_EN_LOCALES = (("en_US", 8), ("en_GB", 2), ("en_IE", 2), ("en_NZ", 1), ("en_IN", 2), ("en_KE", 1), ("es_MX", 3),
               ("es_ES", 1), ("fr_FR", 1), ("de_DE", 1), ("it_IT", 1), ("pt_BR", 1), ("nl_NL", 1), ("tr_TR", 1),
               ("vi_VN", 1), ("yo_NG", 1), ("ig_NG", 1), ("id_ID", 1), ("fi_FI", 1), ("sv_SE", 1), ("cs_CZ", 1),
               ("hu_HU", 1), ("tw_GH", 1), ("zu_ZA", 1))


class _NameLists:
    def __init__(self) -> None:
        self.locales: list[tuple[str, int, list[str], list[str], list[str]]] = []
        for loc, w in _EN_LOCALES:
            try:
                prov = importlib.import_module(f"faker.providers.person.{loc}").Provider
            except ImportError:  # pragma: no cover - faker without that locale
                continue

            def clean(xs, allow_hyphen=True):
                out = []
                for x in xs or ():
                    x = str(x)
                    if " " in x or not _latin(x) or len(x) < 2 or not x[0].isupper():
                        continue
                    if not allow_hyphen and "-" in x:
                        continue
                    out.append(x)
                return sorted(set(out))

            male = clean(getattr(prov, "first_names_male", ()), False)
            female = clean(getattr(prov, "first_names_female", ()), False)
            last = clean(list(getattr(prov, "last_names", ()) or ()))
            if len(last) >= 10 and len(male) >= 10 and len(female) >= 10:
                self.locales.append((loc, w, male, female, last))
        if not self.locales:  # pragma: no cover
            raise RuntimeError("faker person lists not found")
        self.weights = [w for _, w, *_ in self.locales]
        us = importlib.import_module("faker.providers.person.en_US").Provider
        # For the leftover check: common US first and last names (title case).
        self.us_first = {str(x) for x in list(us.first_names_male) + list(us.first_names_female)}
        self.us_last = {str(x) for x in us.last_names}

    def person(self, r: random.Random, sex: str | None = None) -> tuple[str, str]:
        loc = r.choices(self.locales, weights=self.weights)[0]
        _, _, male, female, last = loc
        if sex is None:
            sex = r.choice("MF")
        first = r.choice(male if sex == "M" else female)
        return first, r.choice(last)


_NAMES: _NameLists | None = None


def _names() -> _NameLists:
    global _NAMES
    if _NAMES is None:
        _NAMES = _NameLists()
    return _NAMES


def _faker_attr(module: str, attr: str):
    return getattr(importlib.import_module(module).Provider, attr)


_US_STATES = {
    "Alabama": "AL", "Alaska": "AK", "Arizona": "AZ", "Arkansas": "AR", "California": "CA", "Colorado": "CO",
    "Connecticut": "CT", "Delaware": "DE", "Florida": "FL", "Georgia": "GA", "Hawaii": "HI", "Idaho": "ID",
    "Illinois": "IL", "Indiana": "IN", "Iowa": "IA", "Kansas": "KS", "Kentucky": "KY", "Louisiana": "LA",
    "Maine": "ME", "Maryland": "MD", "Massachusetts": "MA", "Michigan": "MI", "Minnesota": "MN",
    "Mississippi": "MS", "Missouri": "MO", "Montana": "MT", "Nebraska": "NE", "Nevada": "NV",
    "New Hampshire": "NH", "New Jersey": "NJ", "New Mexico": "NM", "New York": "NY", "North Carolina": "NC",
    "North Dakota": "ND", "Ohio": "OH", "Oklahoma": "OK", "Oregon": "OR", "Pennsylvania": "PA",
    "Rhode Island": "RI", "South Carolina": "SC", "South Dakota": "SD", "Tennessee": "TN", "Texas": "TX",
    "Utah": "UT", "Vermont": "VT", "Virginia": "VA", "Washington": "WA", "West Virginia": "WV",
    "Wisconsin": "WI", "Wyoming": "WY",
}
# Two-letter codes that are not also common clinical abbreviations (CT, MD, PA, MI, IN, OR, ...).
_SAFE_ABBR = ("NY", "NJ", "CA", "TX", "FL", "AZ", "NV", "NM", "NC", "SC", "ND", "SD", "WA", "WI", "WV", "WY",
              "KY", "KS", "NE", "NH", "VT", "RI", "IA", "IL", "GA", "TN", "UT", "AR", "AK", "OH", "MN", "MO",
              "CO", "MA", "CT", "OK", "ME", "MD")
_STATE_RE = "|".join(sorted(_US_STATES, key=len, reverse=True))
_ABBR_RE = "|".join(a for a in _SAFE_ABBR if a not in ("CO", "MA", "CT", "OK", "ME", "MD"))
_CITY_STATE_RE = re.compile(
    rf"\b((?:[A-Z][a-z]+[ -]){{0,2}}[A-Z][a-z]+),\s+(?:{_STATE_RE}|(?:{_ABBR_RE})\b)(?:\s+\d{{5}}(?:-\d{{4}})?)?")
# Big US cities named on their own (checked after facilities, so "Cleveland Clinic" is a facility).
_BIG_CITIES = ("New York City", "Los Angeles", "San Francisco", "San Diego", "San Antonio", "San Jose", "Chicago",
               "Houston", "Dallas", "Philadelphia", "Seattle", "Atlanta", "Detroit", "Miami", "Denver",
               "Baltimore", "Pittsburgh", "Cleveland", "Cincinnati", "Milwaukee", "Minneapolis", "St. Louis",
               "New Orleans", "Las Vegas", "Sacramento", "Nashville", "Memphis", "Tucson", "Albuquerque",
               "Omaha", "Oklahoma City", "Kansas City", "Indianapolis", "Honolulu", "Anchorage", "Tampa",
               "Orlando", "Jacksonville", "Brooklyn", "Manhattan", "Bronx", "Greenwich", "Eastchester",
               "Harleton", "Tyler", "El Paso", "Fort Worth", "Salt Lake City", "Boston", "Phoenix")
_BIG_CITY_RE = re.compile(r"\b(" + "|".join(re.escape(c) for c in sorted(_BIG_CITIES, key=len, reverse=True))
                          + r")\b(?!\s+(?:Scientific|Sci|Naming|II|Children|Medical|General|Hospital|Clinic|Heart|Sun|Red|"
                          r"Magnetic|Hip|Fire|Diesel|Splint|collar|splint|external|type|shunt|brace|criteria|"
                          r"classification|bundle|scale|test)\b)")


class _EnFake:
    """Fake English identifiers for one note."""

    def __init__(self, r: random.Random) -> None:
        self.r = r
        self.nl = _names()

    # -- people
    def person(self, sex: str | None = None) -> tuple[str, str]:
        return self.nl.person(self.r, sex)

    def full_name(self, first: str, last: str, style: str | None = None) -> str:
        r = self.r
        style = style or r.choices(("fl", "fml", "lf", "FL", "LF"), weights=(6, 2, 2, 1, 1))[0]
        if style == "fl":
            return f"{first} {last}"
        if style == "fml":
            return f"{first} {r.choice('ABCDEFGHJKLMNPRSTW')}. {last}"
        if style == "lf":
            return f"{last}, {first}"
        if style == "FL":
            return f"{first} {last}".upper()
        return f"{last}, {first}".upper()

    # -- places
    def city(self) -> str:
        r = self.r
        pre = _faker_attr("faker.providers.address.en_US", "city_prefixes")
        suf = _faker_attr("faker.providers.address.en_US", "city_suffixes")
        first, last = self.person()
        k = r.randrange(5)
        if k == 0:
            return f"{r.choice(pre)} {first}{r.choice(suf)}"
        if k == 1:
            return f"{r.choice(pre)} {first}"
        if k == 2:
            return f"{first}{r.choice(suf)}"
        if k == 3:
            return f"{last}{r.choice(suf)}"
        return f"{last} {r.choice(('Falls', 'Springs', 'Heights', 'Junction', 'Hills', 'Harbor', 'Valley', 'Creek'))}"

    def state(self) -> str:
        return self.r.choice(_faker_attr("faker.providers.address.en_US", "states_abbr")[:50])

    def zip(self) -> str:
        z = _digits(self.r, 5, first_nonzero=self.r.random() < 0.8)
        if self.r.random() < 0.2:
            z += "-" + _digits(self.r, 4)
        return z

    def street(self) -> str:
        r = self.r
        sfx = _faker_attr("faker.providers.address.en_US", "street_suffixes") if r.random() < 0.25 else _COMMON_STREET_SFX
        first, last = self.person()
        name = r.choice((first, last, last))
        num = str(r.randint(1, 29999) if r.random() < 0.7 else r.randint(1, 999))
        s = f"{num} {r.choice(('', '', '', 'N. ', 'S. ', 'E. ', 'W. ', 'North ', 'West '))}{name} {r.choice(sfx)}"
        if r.random() < 0.3:
            s += r.choice((", Apt ", " Apt. ", ", Unit ", " #", ", Suite ")) + str(r.randint(1, 40)) + r.choice(("", "", "B", "C"))
        return s

    def facility(self) -> str:
        r = self.r
        first, last = self.person()
        city = self.city()
        saints = _faker_attr("faker.providers.person.en_US", "first_names_female")
        k = r.randrange(9)
        if k == 0:
            return f"{city} {r.choice(('General Hospital', 'Community Hospital', 'Regional Medical Center', 'Medical Center'))}"
        if k == 1:
            return f"{last} Memorial Hospital"
        if k == 2:
            return f"St. {r.choice(list(saints))} {r.choice(('Hospital', 'Medical Center', 'Health Center', 'Regional Hospital'))}"
        if k == 3:
            return f"{last} {r.choice(('Clinic', 'Family Health Center', 'Medical Group', 'Surgical Center'))}"
        if k == 4:
            return f"{city} {r.choice(('Rehabilitation Center', 'Nursing Home', 'Urgent Care', 'Cancer Institute'))}"
        if k == 5:
            return f"University of {city} Medical Center"
        if k == 6:
            return f"{first} {last} {r.choice(('Hospital', 'Medical Center', 'Children’s Hospital'))}"
        if k == 7:
            return f"{city} Valley {r.choice(('Hospital', 'Health System', 'Medical Center'))}"
        return f"{last}-{self.person()[1]} {r.choice(('Hospital', 'Medical Center', 'Clinic'))}"

    # -- numbers
    def phone(self) -> str:
        r = self.r
        a = f"{r.randint(2, 9)}{r.randint(0, 9)}{r.randint(0, 9)}"
        while a[1:] == "11":
            a = f"{r.randint(2, 9)}{r.randint(0, 9)}{r.randint(0, 9)}"
        b = f"{r.randint(2, 9)}{_digits(r, 2)}"
        c = _digits(r, 4)
        k = r.randrange(7)
        s = (f"({a}) {b}-{c}", f"{a}-{b}-{c}", f"{a}.{b}.{c}", f"{a} {b} {c}", f"+1 {a} {b} {c}", f"1-{a}-{b}-{c}",
             f"({a}){b}-{c}")[k]
        if r.random() < 0.1:
            s += r.choice((" ext. ", " x", " ext ")) + str(r.randint(100, 9999))
        return s

    def email(self, first: str, last: str, domain: str | None = None) -> str:
        r = self.r
        f = _ascii(first).lower()
        l_ = _ascii(last).lower().replace("'", "")
        if domain is None:
            if r.random() < 0.6:
                domain = r.choice(_faker_attr("faker.providers.internet.en_US", "free_email_domains"))
            else:
                domain = _ascii(self.city()).lower().replace(" ", "") + r.choice(("health.org", "med.org", "clinic.com", "hospital.org"))
        local = r.choice((f"{f}.{l_}", f"{f[0]}{l_}", f"{f}{l_}{r.randint(1, 99)}", f"{l_}.{f[0]}", f"{f}_{l_}"))
        return f"{local}@{domain}"

    def url(self) -> str:
        r = self.r
        slug = _ascii(self.city()).lower().replace(" ", "")
        return r.choice((f"https://mychart.{slug}health.org", f"www.{slug}medical.com/portal", f"https://portal.{slug}clinic.org/login",
                         f"http://www.{slug}hospital.org/patients"))

    def ssn(self) -> str:
        r = self.r
        area = r.randint(1, 899)
        while area == 666:
            area = r.randint(1, 899)
        s = f"{area:03d}-{r.randint(1, 99):02d}-{r.randint(1, 9999):04d}"
        return s if r.random() < 0.85 else s.replace("-", " ")

    def mrn(self) -> str:
        r = self.r
        k = r.randrange(6)
        if k == 0:
            return _digits(r, r.choice((6, 7, 8)))
        if k == 1:
            return "00" + _digits(r, 6)
        if k == 2:
            return r.choice("ABCDEFGHKMRS") + _digits(r, 7)
        if k == 3:
            return f"{_digits(r, 3)}-{_digits(r, 2)}-{_digits(r, 2)}"
        if k == 4:
            return f"MR{_digits(r, 6)}"
        return f"{_digits(r, 4)}-{_digits(r, 4)}"

    def account(self) -> str:
        r = self.r
        return r.choice((_digits(r, 10), f"{_digits(r, 4)}-{_digits(r, 6)}", f"A{_digits(r, 9)}", _digits(r, 8)))

    def health_plan(self) -> str:
        r = self.r
        return r.choice((f"{''.join(r.choice('ABCDEFGHJKLMNPQRSTUVWXYZ') for _ in range(3))}{_digits(r, 9)}",
                         f"W{_digits(r, 9)}", f"{_digits(r, 9)}-0{r.randint(1, 4)}", f"MBR{_digits(r, 8)}"))

    def npi(self) -> str:
        body = self.r.choice("12") + _digits(self.r, 8)
        return body + _luhn_digit("80840" + body)


_COMMON_STREET_SFX = ("Street", "St", "St.", "Avenue", "Ave", "Ave.", "Road", "Rd", "Drive", "Dr.", "Lane", "Ln",
                      "Court", "Ct", "Boulevard", "Blvd", "Way", "Place", "Pl", "Circle", "Terrace", "Parkway", "Trail",
                      "Highway", "Pike")


def _ascii(s: str) -> str:
    return unicodedata.normalize("NFKD", s).encode("ascii", "ignore").decode()


# ---- English dates -------------------------------------------------------------------------------

_EN_FULL = ("m/d/yyyy", "mm/dd/yyyy", "m/d/yy", "mm/dd/yy", "m-d-yyyy", "mm-dd-yyyy", "yyyy-mm-dd", "Month d, yyyy",
            "Mon d, yyyy", "Mon. d, yyyy", "d Month yyyy", "Month dth, yyyy", "dd-Mon-yyyy")
_EN_MONTH_YEAR = ("Month yyyy", "Mon yyyy", "m/yyyy", "mm/yy", "Month of yyyy")
_EN_MONTH_DAY = ("m/d", "Month d", "Month dth", "Mon d")


def _ordinal(n: int) -> str:
    if 10 <= n % 100 <= 20:
        return f"{n}th"
    return f"{n}{ {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th')}"


def _en_date(d: _D, style: str) -> str:
    m, dd, y = d.month, d.day, d.year
    return {
        "m/d/yyyy": f"{m}/{dd}/{y}", "mm/dd/yyyy": f"{m:02d}/{dd:02d}/{y}", "m/d/yy": f"{m}/{dd}/{y % 100:02d}",
        "mm/dd/yy": f"{m:02d}/{dd:02d}/{y % 100:02d}", "m-d-yyyy": f"{m}-{dd}-{y}", "mm-dd-yyyy": f"{m:02d}-{dd:02d}-{y}",
        "m-d-yy": f"{m}-{dd}-{y % 100:02d}", "yyyy-mm-dd": f"{y}-{m:02d}-{dd:02d}",
        "Month d, yyyy": f"{_MONTHS[m - 1]} {dd}, {y}", "Mon d, yyyy": f"{_MON[m - 1]} {dd}, {y}",
        "Mon. d, yyyy": f"{_MON[m - 1]}. {dd}, {y}", "d Month yyyy": f"{dd} {_MONTHS[m - 1]} {y}",
        "Month dth, yyyy": f"{_MONTHS[m - 1]} {_ordinal(dd)}, {y}", "dd-Mon-yyyy": f"{dd:02d}-{_MON[m - 1]}-{y}",
        "Month yyyy": f"{_MONTHS[m - 1]} {y}", "Mon yyyy": f"{_MON[m - 1]} {y}", "m/yyyy": f"{m}/{y}",
        "mm/yy": f"{m:02d}/{y % 100:02d}", "Month of yyyy": f"{_MONTHS[m - 1]} of {y}", "m/yy": f"{m}/{y % 100:02d}",
        "m/d": f"{m}/{dd}", "mm/dd": f"{m:02d}/{dd:02d}", "Month d": f"{_MONTHS[m - 1]} {dd}",
        "Month dth": f"{_MONTHS[m - 1]} {_ordinal(dd)}", "Mon d": f"{_MON[m - 1]} {dd}", "Month": _MONTHS[m - 1],
        "dth": _ordinal(dd),
    }[style]


_MONTH_ALT = (r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
              r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)")
_FULL_MONTH_ALT = r"(?:January|February|March|April|June|July|August|September|October|November|December)"


def _year(y: str) -> int:
    v = int(y)
    if len(y) == 2:
        v += 1900 if v >= 30 else 2000
    return v


# (regex, kind, parser -> (y, m, d) with None for missing parts, style of the original)
def _p_month_name(m):
    return _MONTH_NUM[m.group("mon").lower().rstrip(".")]


_EN_DATE_PATTERNS: list[tuple[re.Pattern, str, Callable]] = [
    (re.compile(rf"\b(?P<mon>{_MONTH_ALT})\.?\s+(?P<d>\d{{1,2}})(?P<o>st|nd|rd|th)?,?\s+(?P<y>(?:19|20)\d\d)\b"), "full",
     lambda m: (int(m["y"]), _p_month_name(m), int(m["d"]),
                ("Month dth, yyyy" if m["o"] else ("Month d, yyyy" if len(m["mon"]) > 4 or m["mon"] in ("June", "July") else "Mon d, yyyy")))),
    (re.compile(rf"\b(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<mon>{_MONTH_ALT}),?\s+(?P<y>(?:19|20)\d\d)\b"), "full",
     lambda m: (int(m["y"]), _p_month_name(m), int(m["d"]), "d Month yyyy")),
    (re.compile(r"(?<![\d/.])(?P<m>\d{1,2})/(?P<d>\d{1,2})/(?P<y>(?:19|20)\d\d|\d\d)(?![\d/])"), "full",
     lambda m: (_year(m["y"]), int(m["m"]), int(m["d"]),
                ("mm/dd/" if len(m["m"]) == 2 else "m/d/") + ("yyyy" if len(m["y"]) == 4 else "yy"))),
    (re.compile(r"(?<![\d\-.])(?P<m>\d{1,2})-(?P<d>\d{1,2})-(?P<y>(?:19|20)\d\d|\d\d)(?![\d\-])"), "full",
     lambda m: (_year(m["y"]), int(m["m"]), int(m["d"]), "mm-dd-yyyy" if len(m["y"]) == 4 else "m-d-yy")),
    (re.compile(r"\b(?P<y>(?:19|20)\d\d)-(?P<m>\d\d)-(?P<d>\d\d)\b"), "full",
     lambda m: (int(m["y"]), int(m["m"]), int(m["d"]), "yyyy-mm-dd")),
    (re.compile(rf"\b(?P<mon>{_MONTH_ALT})\.?,?\s+(?:of\s+)?(?P<y>(?:19|20)\d\d)\b"), "month_year",
     lambda m: (int(m["y"]), _p_month_name(m), None, "Month yyyy")),
    (re.compile(r"\b(?:in|since|late|early|mid|by|until|from|through|around|of|on|before|after) "
                r"(?P<v>(?P<m>0?[1-9]|1[0-2])/(?P<y>(?:19|20)\d\d|\d\d))\b(?![/\d])(?!\s*(?:mm|cm|strength|murmur|reflex))"),
     "month_year",
     lambda m: (_year(m["y"]), int(m["m"]), None, "m/yyyy" if len(m["y"]) == 4 else "mm/yy")),
    (re.compile(r"(?:" + "|".join(f"(?<=\\b{w} )" for w in ("in", "In", "since", "seen", "of", "on", "On", "from", "until", "by",
                                                              "dated", "through", "before", "after", "around", "last"))
                + r"|(?<=[.,;:(] )|(?<=[,;:(])|^)(?P<m>0?[1-9]|1[0-2])/(?P<y>3[2-9]|[4-9]\d)(?![\d/])"
                r"(?!\s*(?:mm|cm|mg|mcg|g\b|mL|ml|cc|units?|%|strength|murmur|tab))"), "month_year",
     lambda m: (_year(m["y"]), int(m["m"]), None, "m/yy")),
    (re.compile(rf"\b(?P<mon>{_MONTH_ALT})\.?\s+(?P<d>\d{{1,2}})(?P<o>st|nd|rd|th)?\b(?![/\d:])"), "month_day",
     lambda m: (None, _p_month_name(m), int(m["d"]), "Month dth" if m["o"] else "Month d")),
    (re.compile(rf"\b(?P<d>\d{{1,2}})(?:st|nd|rd|th)\s+of\s+(?P<mon>{_MONTH_ALT})\b"), "month_day",
     lambda m: (None, _p_month_name(m), int(m["d"]), "Month dth")),
    (re.compile(r"(?<![\d/.\-])(?P<m>0[1-9])/(?P<d>0[1-9]|[12]\d|3[01])(?![\d/])(?!\s*(?:mm|cm))"), "month_day",
     lambda m: (None, int(m["m"]), int(m["d"]), "mm/dd")),
    (re.compile(r"\b(?:[Oo]n|[Ss]ince|[Uu]ntil|[Dd]ated|[Tt]hrough|[Ss]een|[Ss]tarting|[Bb]eginning) "
                r"(?P<v>(?P<m>1[0-2]|[1-9])/(?P<d>[12]\d|3[01]|0?[1-9]))(?![\d/])(?!\s*(?:mm|cm|strength|murmur))"), "month_day",
     lambda m: (None, int(m["m"]), int(m["d"]), "m/d")),
    (re.compile(r"\bon the (?P<v>(?P<d>[12]?\d|3[01])(?:st|nd|rd|th))\b(?!\s+(?:and|or|to)\b)(?=\s*(?:[.,;]|of\b|at\b|with\b|when\b|$))"), "day",
     lambda m: (None, None, int(m["d"]), "dth")),
    (re.compile(r"\b(?P<v>Thanksgiving(?: Day)?|Christmas(?: Eve| Day)?|New Year['’]s(?: Eve| Day)?|Easter(?: Sunday)?|Halloween|"
                r"Fourth of July|Independence Day|Labor Day|Memorial Day|Valentine['’]s Day|Mother['’]s Day|Father['’]s Day)\b"), "holiday",
     lambda m: (None, None, None, "holiday")),
    (re.compile(rf"\b(?P<mon>{_FULL_MONTH_ALT})\b(?!\s+\d)"), "month",
     lambda m: (None, _p_month_name(m), None, "Month")),
    (re.compile(r"\b(?:in|of|since|until|early|late|mid-|last|next|this) (?P<v>(?P<mon>May))\b(?!\s+\d)"), "month",
     lambda m: (None, 5, None, "Month")),
]

_EN_ALT_STYLES = {"full": _EN_FULL, "month_year": _EN_MONTH_YEAR, "month_day": _EN_MONTH_DAY, "month": ("Month",), "day": ("dth",),
                  "holiday": ("holiday",)}
_HOLIDAYS = ("Thanksgiving", "Christmas", "Christmas Eve", "New Year's Day", "New Year's Eve", "Easter", "Halloween",
             "the Fourth of July", "Labor Day", "Memorial Day", "Valentine's Day", "Mother's Day", "Father's Day")


# ---- English leftover checks -------------------------------------------------------------------

_TITLE_WORDS = r"(?:Dr|Drs|Mr|Mrs|Ms|Miss|Mister|Doctor|Prof|Professor)"
_TITLE_RE = re.compile(rf"\b(?P<title>{_TITLE_WORDS})\b(?P<dot>\.?)(?P<ws>[ \t]+)")
_NAME_TOKEN_RE = re.compile(r"(?:[A-Z]['’][A-Z][a-z]+|Ma?c[A-Z][a-z]+|[A-Z][a-z]+(?:-[A-Z][a-z]+)?|[A-Z]{1,8}|[A-Z]\.)(?:['’]s\b)?")
_NAME_STOP = {"The", "A", "An", "He", "She", "His", "Her", "They", "On", "In", "At", "And", "Or", "With", "For",
              "From", "To", "Of", "Was", "Is", "Who", "This", "That", "MD", "DO", "PhD", "Jr", "Sr", "II", "III", "IV",
              "RN", "NP", "PA", "Hospital", "Clinic", "Center", "Office", "Today", "I", "We", "It", "If", "As", "But"}
_PLACEHOLDER_RE = re.compile(r"\b(?:XYZ|XY|ABCD?E?|Xyz|Abcd?|X{2,}|Xx{2,}|Y{2,}|Z{2,}|A{3,}|Sample)\b")
# Acronyms of institutions seen in (or typical of) US transcriptions; "CHOP" is left out (a regimen).
_FAC_ACRONYM_RE = re.compile(r"\b(?:UIHC|UTMB|UNM|MCG|CHCC|WSU|UAA|KU|UCLA|UCSF|UCSD|MGH|NYU|UPMC|OHSU|UAB|VUMC|MUSC|"
                             r"MSKCC|MDACC|BWH|CHOA|UNC|UIC|USC|LSU|OSU|TIR|UTSW|UMMC|APD|NYPD|LAPD)\b")
_CRED_RE = re.compile(r"\b(?P<name>[A-Z][a-z]+(?:\s+[A-Z]\.)?(?:\s+[A-Z][a-z'’\-]+){1,2}),?\s+"
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
_GENERIC_FAC = set("""
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


def _facility_phrases(text: str) -> list[tuple[int, int, bool]]:
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
        while tokens and (tokens[0].lower() in _LOWER_STOP or tokens[0] in _NAME_STOP
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
        named = named_fwd or any(w not in _GENERIC_FAC for w in words) or any(_PLACEHOLDER_RE.fullmatch(t) for t in tokens)
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


class _EnCorpusStats:
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
        countries = _faker_attr("faker.providers.address.en_US", "countries")
        self.known = {w for c in countries for w in c.split() if w[:1].isupper()}
        self.known |= {w for st in _US_STATES for w in st.split()} | set(_MONTHS) | {
            "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "God", "English",
            "Spanish", "America", "Asia", "Africa", "Europe", "Korea", "Philippines", "Caribbean", "Ukraine",
            "Russia", "Vietnam", "Iran", "Iraq", "Afghanistan"}

    def rare(self, w: str) -> bool:
        return self.df.get(w, 0) <= 3 and w.lower() not in self.lower and w not in self.known


def _en_leftovers(text: str, spans, stats: _EnCorpusStats | None = None) -> list[str]:
    """PHI-like content left outside the labelled spans (empty list: none found)."""
    t = _mask(text, spans)
    found = []
    if stats is not None:
        for m in _PREP_CAP_RE.finditer(t):
            if stats.rare(m.group(1)):
                found.append("rare proper noun: " + t[m.start():m.end()])
    nl0 = _names()
    for m in _MIDCAP_RE.finditer(t):
        w = m.group(1)
        if (w in nl0.us_first and w not in _MONTHS and w not in _EN_NAME_LIKE_WORDS and not _EPONYM_RE.match(t, m.start())
                and not re.search(r"\b(?:the|a|an|Santa|San|St\.)\s$", t[max(0, m.start() - 6):m.start()])):
            found.append("first name: " + t[max(0, m.start() - 15):m.end() + 10])
    for m in _TITLE_RE.finditer(t):
        nxt = t[m.end():m.end() + 1]
        if nxt and nxt.isupper():
            found.append("title+name: " + t[m.start():m.end() + 12])
    for m in _PLACEHOLDER_RE.finditer(t):
        found.append("placeholder: " + m.group(0))
    for m in _FAC_ACRONYM_RE.finditer(t):
        found.append("institution acronym: " + m.group(0))
    for m in re.finditer(r"(?i)\b(?:serial|lot)\s*(?:number|no\.?|#)\s*:?\s*[A-Z0-9*]{2,}|\b(?:record|chart)\s*(?:number|no\.?|#)\s*:?\s*\d", t):
        found.append("identifier: " + m.group(0))
    for m in _CRED_RE.finditer(t):
        found.append("name+credential: " + m.group(0))
    for m in _CONTACT_RE.finditer(t):
        found.append("contact/number: " + m.group(0))
    for m in _AGE90_RE.finditer(t):
        found.append("age90: " + m.group(0))
    for m in _CITY_STATE_RE.finditer(t):
        found.append("city,state: " + m.group(0))
    for m in _BIG_CITY_RE.finditer(t):
        found.append("city: " + m.group(0))
    for m in _ZIP_RE.finditer(t):
        if m.group(0)[:2] in _US_STATES.values():
            found.append("zip: " + m.group(0))
    for pat, kind, _ in _EN_DATE_PATTERNS:
        for m in pat.finditer(t):
            found.append(f"date({kind}): " + m.group(0))
    for s, e, named in _facility_phrases(t):
        if named and "\0" not in t[s:e]:
            found.append("facility: " + t[s:e])
    nl = _names()
    for m in re.finditer(r"\b([A-Z][a-z]+)\s+(?:[A-Z]\.\s+)?([A-Z][a-z]+)\b", t):
        if m.group(1) in nl.us_first and m.group(2) in nl.us_last and m.group(1) not in _EN_NAME_LIKE_WORDS:
            found.append("first+last: " + m.group(0))
    return found


# Capitalised words that are also first names but usually are not names in clinical notes.
_EN_NAME_LIKE_WORDS = {"May", "Will", "Mark", "Grant", "Guy", "Hope", "Faith", "Joy", "Bill", "Frank", "Rose", "Chase",
                       "Gene", "Ray", "Rich", "Young", "Sharp", "Long", "Major", "Dean", "Star", "Page", "Ward", "Pearl"}


# ---- English planting --------------------------------------------------------------------------

_SECTION_RE = re.compile(r"(?:(?<=^)|(?<=[,.\n]))\s*(?P<name>[A-Z][A-Z0-9 /&'()\-]{2,60}):\s*,?\s*")
_PLAN_SECTIONS = ("PLAN", "DISPOSITION", "FOLLOW-UP", "FOLLOWUP", "FOLLOW UP", "RECOMMENDATION", "RECOMMENDATIONS",
                  "DISCHARGE INSTRUCTIONS", "INSTRUCTIONS", "ASSESSMENT AND PLAN", "IMPRESSION AND PLAN",
                  "ASSESSMENT/PLAN", "IMPRESSION/PLAN", "DISCHARGE PLAN", "FOLLOWUP INSTRUCTIONS")
_FEMALE_RE = re.compile(r"\b(?:she|her|hers|woman|female|girl|lady|Mrs|Ms)\b", re.I)
_MALE_RE = re.compile(r"\b(?:he|his|him|man|male|boy|gentleman|Mr)\b", re.I)
_AGE_RE = re.compile(r"\b(?P<n>\d{1,3})(?P<rest>(?:[- ]?(?:years?|yrs?)[- ]old|\s*(?:y/o|yo|y\.o\.)(?![a-z])|-year\b))", re.I)
_AGE2_RE = re.compile(r"\b(?:age|aged)\s+(?:of\s+)?(?P<n>\d{1,3})\b", re.I)
_SERIAL_RE = re.compile(r"(?i)\bserial\s*(?:number|no\.?|#)\s*:?\s*(?P<v>(?=[A-Z0-9*-]*\d|\*)[A-Z0-9*][A-Z0-9*-]{2,})")
_RECORD_NO_RE = re.compile(r"(?i)\b(?:medical record|MRN|MR|chart)\s*(?:number|no\.?|#)\s*:?\s*(?P<v>\d{3,})")
_SUBJECT_RE = re.compile(r"(?P<subj>\b(?:The patient|This patient|Patient)(?= (?:is|was) an? \d{1,3}[- ](?:year|month|week|day))"
                         r"|\bThis is(?= an? \d{1,3}[- ](?:year|month)))")
_RELATIVE_RE = re.compile(r"\b(?:his|her|the patient's) (wife|husband|daughter|son|mother|father|sister|brother)\b(?![-'’])")
_REFERRER_RE = re.compile(r"\breferred (?:to us |here )?by (?:his|her|the patient's) (?:primary care physician|primary care provider|"
                          r"PCP|pediatrician|family physician|cardiologist|oncologist|neurologist)\b")
_FAC_GENERIC_PHRASE_RE = re.compile(r"\b(?:the|our|this) (?P<kind>hospital|emergency room|emergency department|ER|clinic|office|urgent care)\b")


class _EnPlanter:
    def __init__(self, src: str, r: random.Random, stats: _EnCorpusStats | None = None) -> None:
        self.stats = stats
        self.src = src
        self.r = r
        self.fk = _EnFake(r)
        self.ed = _Edits(src)
        fem = len(_FEMALE_RE.findall(src))
        mal = len(_MALE_RE.findall(src))
        self.sex = "F" if fem > mal else ("M" if mal > fem else r.choice("MF"))
        self.patient = self.fk.person(self.sex)
        self.people: dict[tuple[str, str], tuple[str, str]] = {}
        self.shift = r.choice((-1, 1)) * r.randint(45, 3650)
        self.dates: list[_D] = []
        self.age: int | None = None

    # -- helpers
    def _upper_ctx(self, pos: int) -> bool:
        ctx = self.src[max(0, pos - 30):pos]
        letters = [c for c in ctx if c.isalpha()]
        return bool(letters) and sum(c.isupper() for c in letters) / len(letters) > 0.8

    def _person_for(self, title: str, original: str) -> tuple[str, str]:
        t = title.lower()
        cls = "pt" if t in ("mr", "mrs", "ms", "miss", "mister") else "dr"
        key = (cls, original.rstrip(".").replace("’", "'").removesuffix("'s"))
        p = self.people.get(key)
        if p is None:
            if cls == "pt" and not any(k[0] == "pt" for k in self.people):
                sex = "M" if t in ("mr", "mister") else "F"
                p = self.patient if sex == self.sex else self.fk.person(sex)
                if sex != self.sex:
                    self.patient = p
                    self.sex = sex
            else:
                p = self.fk.person("M" if t in ("mr", "mister") else ("F" if cls == "pt" else None))
            self.people[key] = p
        return p

    # -- 1. replacements
    def replace_facilities(self) -> None:
        for s, e, named in _facility_phrases(self.src):
            if named:
                self.ed.replace(s, e, [(self.fk.facility(), "FACILITY")])

    def replace_title_names(self) -> None:
        src = self.src
        for m in _TITLE_RE.finditer(src):
            pos = m.end()
            toks: list[tuple[int, int]] = []
            while len(toks) < 3:
                tm = _NAME_TOKEN_RE.match(src, pos)
                if not tm:
                    break
                tok = tm.group(0)
                bare = tok.rstrip(".").removesuffix("'s").removesuffix("’s")
                if bare in _NAME_STOP and not (not toks and len(bare) == 1):
                    break
                toks.append(tm.span())
                pos = tm.end()
                if tok.endswith(("'s", "’s")):
                    break
                nm = re.match(r"[ \t]+(?=[A-Z])", src[pos:])
                if not nm or tok.endswith(".") and len(tok) > 2:
                    break
                pos += nm.end()
            if not toks:
                continue
            s, e = toks[0][0], toks[-1][1]
            orig = src[s:e]
            if orig.endswith(("'s", "’s")):
                e -= 2
            # a trailing period belongs to the sentence unless it is an initial followed by more name
            while e > s and src[e - 1] == "." and not (e - s == 2):
                e -= 1
            if e - s == 2 and src[s + 1] == "." and len(toks) == 1:
                e -= 1
            orig = src[s:e]
            if not orig:
                continue
            first, last = self._person_for(m.group("title"), orig)
            n_tok = len(orig.split())
            val = last if n_tok == 1 else (f"{first} {last}" if n_tok == 2 else f"{first} {self.r.choice('ABCDEFGHJKLMNPRSTW')}. {last}")
            if orig.isupper() and (len(orig) > 3 and not _PLACEHOLDER_RE.fullmatch(orig) or self._upper_ctx(m.start())):
                val = val.upper()
            self.ed.replace(s, e, [(val, "NAME")])

    def replace_credential_names(self) -> None:
        for m in _CRED_RE.finditer(self.src):
            s, e = m.span("name")
            words = m.group("name").split()
            if any(w.lower() in _GENERIC_FAC or w in ("General", "Practitioner") for w in words):
                continue
            first, last = self.fk.person()
            self.ed.replace(s, e, [(f"{first} {last}", "NAME")])

    def replace_numbers(self) -> None:
        r = self.r
        for m in _SERIAL_RE.finditer(self.src):
            s, e = m.span("v")
            val = "".join(r.choice("0123456789") if c.isdigit() or c == "*" else
                          (r.choice("ABCDEFGHJKLMNPRSTUVWXYZ") if c.isalpha() else c) for c in m.group("v"))
            if len(val) < 6:
                val = r.choice(("", "SN", "PJN", "RNF")) + _digits(r, r.randint(6, 9))
            self.ed.replace(s, e, [(val, "DEVICE")])
        for m in _RECORD_NO_RE.finditer(self.src):
            s, e = m.span("v")
            self.ed.replace(s, e, [(self.fk.mrn(), "MRN")])

    def replace_places(self) -> None:
        for m in _CITY_STATE_RE.finditer(self.src):
            s, e = m.span(1)
            words = m.group(1).split()
            if any(w.lower() in _GENERIC_FAC for w in words):
                continue
            self.ed.replace(s, e, [(self.fk.city(), "CITY")])
            zm = re.search(r"\d{5}(?:-\d{4})?$", m.group(0))
            if zm:
                self.ed.replace(m.start() + zm.start(), m.end(), [(self.fk.zip(), "ZIP")])
        for m in _BIG_CITY_RE.finditer(self.src):
            if re.search(r"\b[A-Z][a-z]+ $", self.src[max(0, m.start() - 20):m.start()]):
                continue  # "John Houston": a person, or part of a longer name; the leftover check decides
            self.ed.replace(m.start(), m.end(), [(self.fk.city(), "CITY")])

    def replace_dates(self) -> None:
        r = self.r
        base_year = None
        for pat, kind, parse in _EN_DATE_PATTERNS:
            for m in pat.finditer(self.src):
                vs, ve = m.span("v") if "v" in pat.groupindex else m.span()
                if not self.ed.free(vs, ve):
                    continue
                y, mo, d, style = parse(m)
                if mo is not None and not 1 <= mo <= 12 or d is not None and not 1 <= d <= 31:
                    continue
                yy = y if y is not None else (base_year or r.randint(2003, 2012))
                orig = _safe_date(yy, mo or r.randint(1, 12), d or r.randint(1, 28))
                new = _shift(orig, self.shift)
                if y is not None:
                    base_year = base_year or y
                    self.dates.append(new)
                if r.random() < 0.35:
                    style = r.choice(_EN_ALT_STYLES[kind])
                if kind == "holiday":
                    val = r.choice([h.removeprefix("the ") for h in _HOLIDAYS if h.removeprefix("the ") != m.group("v")])
                else:
                    val = _en_date(new, style)
                self.ed.replace(vs, ve, [(val, "DATE")])

    def replace_ages(self) -> None:
        r = self.r
        mentions = []
        for pat in (_AGE_RE, _AGE2_RE):
            for m in pat.finditer(self.src):
                mentions.append((m.start("n"), m.end("n"), int(m.group("n"))))
        mentions.sort()
        if not mentions:
            return
        self.age = mentions[0][2]
        remap: dict[int, int] = {}
        if 60 <= mentions[0][2] <= 89 and r.random() < 0.3:
            remap[mentions[0][2]] = r.randint(90, 104)
        for s, e, v in mentions:
            if v in remap:
                nv = remap[v]
            elif v >= 90:
                nv = remap.setdefault(v, r.randint(90, 104) if r.random() < 0.5 else v)
            else:
                continue
            self.ed.replace(s, e, [(str(nv), "AGE")])
            if v < 90 and self.src[max(0, s - 3):s] in ("an ", "An "):
                self.ed.replace(s - 3, s - 1, [self.src[s - 3]])  # "an 84-year-old" -> "a 94-year-old"
            if s == mentions[0][0]:
                self.age = nv

    # -- 2. insertions
    def _dos(self) -> _D:
        if self.dates:
            return max(self.dates)
        return _D.fromordinal(self.r.randint(_D(2004, 1, 1).toordinal(), _D(2023, 12, 31).toordinal()))

    def _dob(self, dos: _D) -> _D:
        age = self.age if self.age is not None and self.age < 110 else self.r.randint(25, 85)
        return _safe_date(dos.year - age - (1 if self.r.random() < 0.5 else 0), self.r.randint(1, 12), self.r.randint(1, 28))

    def header(self) -> list:
        r, fk = self.r, self.fk
        first, last = self.patient
        dos = self._dos()
        style = r.randrange(4)
        dstyle = r.choice(("mm/dd/yyyy", "m/d/yyyy", "mm/dd/yy", "Month d, yyyy", "yyyy-mm-dd", "dd-Mon-yyyy"))
        fields = [("name", 1.0), ("dob", 0.7), ("mrn", 0.75), ("dos", 0.6), ("ssn", 0.2), ("acct", 0.2), ("plan", 0.15)]
        chosen = [f for f, p in fields if r.random() < p] or ["name"]
        if "name" not in chosen:
            chosen.insert(0, "name")
        keys = {
            "name": ("PATIENT NAME", "PATIENT", "NAME", "Patient Name", "Patient", "Name"),
            "dob": ("DATE OF BIRTH", "DOB", "Date of Birth", "D.O.B.", "Birth date"),
            "mrn": ("MEDICAL RECORD NUMBER", "MRN", "MR#", "Medical Record #", "Med Rec No.", "Chart #", "Record No."),
            "dos": ("DATE OF SERVICE", "DATE OF VISIT", "Date of Service", "Visit date", "DATE OF ADMISSION", "Admission Date", "DOS"),
            "ssn": ("SSN", "Social Security #", "SOCIAL SECURITY NUMBER", "SS#"),
            "acct": ("ACCOUNT NUMBER", "Account #", "Acct No.", "FIN", "Billing account"),
            "plan": ("INSURANCE ID", "Member ID", "Policy #", "Medicaid ID", "Subscriber ID"),
        }
        name_style = r.choice(("fl", "lf", "LF", "FL", "fml"))

        def value(f: str):
            if f == "name":
                return (fk.full_name(first, last, name_style), "NAME")
            if f == "dob":
                return (_en_date(self._dob(dos), dstyle), "DATE")
            if f == "mrn":
                return (fk.mrn(), "MRN")
            if f == "dos":
                return (_en_date(dos, dstyle), "DATE")
            if f == "ssn":
                return (fk.ssn(), "SSN")
            if f == "acct":
                return (fk.account(), "ACCOUNT")
            return (fk.health_plan(), "HEALTH_PLAN")

        upper = style == 0 or r.random() < 0.3
        out: list = []
        if style == 0:  # MTSamples-like "KEY: , value," run
            for f in chosen:
                k = r.choice([x for x in keys[f] if x.isupper()] or keys[f]).upper()
                out += [f"{k}: , ", value(f), ","]
        elif style == 1:  # lines
            sep = r.choice(("\n", "    ", "  |  "))
            parts = []
            for f in chosen:
                k = r.choice(keys[f])
                parts.append([f"{k.upper() if upper else k}: ", value(f)])
            for i, p in enumerate(parts):
                out += p + [sep if i < len(parts) - 1 else "\n"]
            out.append("\n" if r.random() < 0.5 else "")
        elif style == 2:  # RE: line
            out += ["RE: ", value("name")]
            extra = [f for f in chosen if f != "name"]
            if extra:
                out.append(" (")
                for i, f in enumerate(extra):
                    out += [r.choice(keys[f]) + " ", value(f)] + ([", "] if i < len(extra) - 1 else [])
                out.append(")")
            out.append(r.choice(("\n", "\n\n", ",")))
        else:  # registration-style block with the patient and a PCP
            for f in chosen:
                out += [f"{r.choice(keys[f])}: ", value(f), "\n"]
            if r.random() < 0.5:
                pf, pl = fk.person()
                out += [r.choice(("PCP: Dr. ", "Primary care: Dr. ", "Referring physician: ")), (f"{pf} {pl}" if r.random() < 0.5 else pl, "NAME"), "\n"]
            if r.random() < 0.35:
                out += [r.choice(("Address: ", "Home address: ")), (fk.street(), "ADDRESS"), ", ", (fk.city(), "CITY"), ", ", fk.state(), " ", (fk.zip(), "ZIP"), "\n"]
            if r.random() < 0.35:
                out += [r.choice(("Home phone: ", "Phone: ", "Tel: ", "Cell: ")), (fk.phone(), "PHONE"), "\n"]
            out.append("\n")
        return out

    def footer(self) -> list:
        r, fk = self.r, self.fk
        f, l_ = fk.person()
        cred = r.choice(("MD", "M.D.", "DO", "MD, FACS", "M.D.", "PA-C", "NP"))
        dos = self._dos()
        d1 = _shift(dos, r.randint(0, 3))
        d2 = _shift(d1, r.randint(0, 2))
        dstyle = r.choice(("mm/dd/yyyy", "m/d/yyyy", "mm/dd/yy", "Month d, yyyy"))
        sep = r.choice((",", "\n\n", "\n", " "))
        k = r.randrange(5)
        out: list = [sep]
        if k == 0:
            out += [r.choice(("Dictated by: ", "DICTATED BY: ", "Dictating physician: ")), (f"{f} {l_}", "NAME"), f", {cred}"]
            if r.random() < 0.7:
                out += [r.choice(("\nD: ", "  D: ", ", D: ")), (_en_date(d1, dstyle), "DATE"), r.choice(("  T: ", "\nT: ", ", T: ")), (_en_date(d2, dstyle), "DATE")]
        elif k == 1:
            out += [r.choice(("Electronically signed by ", "Electronically signed by: ", "Signed electronically by ")), (f"{f} {l_}", "NAME"),
                    f", {cred} on ", (_en_date(d2, dstyle), "DATE"), r.choice(("", f" at {r.randint(7, 18)}:{r.randint(0, 59):02d}"))]
        elif k == 2:
            cf, cl = fk.person()
            out += ["cc: Dr. ", (cl if r.random() < 0.5 else f"{cf} {cl}", "NAME")]
            if r.random() < 0.6:
                out += [", ", (fk.facility(), "FACILITY")]
            if r.random() < 0.6:
                out += [r.choice((", fax ", " (fax ", ", Fax: ")), (fk.phone(), "FAX")]
                if out[-2].startswith(" ("):
                    out.append(")")
        elif k == 3:
            out += [(f"{f} {l_}", "NAME"), f", {cred}", r.choice(("\nNPI: ", ", NPI ", "\nNPI # ")), (fk.npi(), "LICENSE")]
        else:
            out += [r.choice(("Attending physician: ", "Attending: ", "Surgeon: ")), (f"{f} {l_}", "NAME"), f", {cred}",
                    r.choice(("  Pager ", ", pager ", ". Office: ")), (fk.phone(), "PHONE")]
        return out

    def contact_sentence(self) -> list:
        r, fk = self.r, self.fk
        k = r.randrange(9)
        if k == 0:
            return [" ", r.choice(("Call the office at ", "She may call the clinic at ", "He will call ", "Contact our office at ")), (fk.phone(), "PHONE"), " with any questions."]
        if k == 1:
            return [" ", "Records to be faxed to ", (fk.phone(), "FAX"), "."]
        if k == 2:
            f, l_ = self.patient
            return [" ", r.choice(("Results will be sent to the patient at ", "Patient prefers e-mail contact: ", "Instructions were e-mailed to ")), (fk.email(f, l_), "EMAIL"), "."]
        if k == 3:
            return [" ", "Questions may be sent through the patient portal at ", (fk.url(), "URL"), " or by phone at ", (fk.phone(), "PHONE"), "."]
        if k == 4:
            return [" ", "Our office phone is ", (fk.phone(), "PHONE"), " and fax is ", (fk.phone(), "FAX"), "."]
        if k == 5:
            cf, cl = fk.person()
            return [" ", "Follow up with Dr. ", (cl, "NAME"), " at ", (fk.facility(), "FACILITY"), ", phone ", (fk.phone(), "PHONE"), "."]
        if k == 6:
            f, l_ = fk.person()
            return [" ", "A copy of this report was faxed to ", (fk.phone(), "FAX"), " and e-mailed to ", (fk.email(f, l_), "EMAIL"), "."]
        if k == 7:
            return [" ", "The family can be reached at ", (fk.phone(), "PHONE"), "."]
        return [" ", "Return visit scheduled for ", (_en_date(_shift(self._dos(), r.randint(7, 90)), r.choice(_EN_FULL)), "DATE"), "."]

    def address_sentence(self) -> list:
        r, fk = self.r, self.fk
        k = r.randrange(6)
        street = (fk.street(), "ADDRESS")
        city = (fk.city(), "CITY")
        st = fk.state()
        z = (fk.zip(), "ZIP")
        if k == 0:
            return ["Lives at ", street, ", ", city, ", ", st, " ", z, ". "]
        if k == 1:
            return ["Home address: ", street, ", ", city, ", ", st, " ", z, ". "]
        if k == 2:
            return ["The patient resides at ", street, " in ", city, ", ", st, ". "]
        if k == 3:
            return [r.choice(("Originally from ", "Grew up in ", "Moved here from ")), city, ", ", st, ". "]
        if k == 4:
            return ["Resides in ", city, " (", st, " ", z, "). "]
        return ["Address on file is ", street, ", ", city, " ", st, " ", z, ". "]

    def inline_names(self, add: Callable[..., None]) -> None:
        """Names put into real sentences: the patient as subject, a relative, a referring physician."""
        r, fk = self.r, self.fk
        first, last = self.patient
        m = _SUBJECT_RE.search(self.src)
        if m and self.ed.free(m.start("subj"), m.end("subj")):
            if m.group("subj").startswith("This is"):
                add(m.end("subj"), [" ", (f"{first} {last}", "NAME"), ","], "inline")
            else:
                title = "Mr." if self.sex == "M" else r.choice(("Ms.", "Mrs."))
                val = [f"{title} ", (last, "NAME")] if r.random() < 0.6 else [(f"{first} {last}", "NAME")]
                if self.ed.fraction_if(_plen(val)) >= _MIN_SOURCE_FRACTION:
                    self.ed.replace(m.start("subj"), m.end("subj"), val, "inline")
        m = _RELATIVE_RE.search(self.src)
        if m and r.random() < 0.6:
            rf, rl = fk.person({"wife": "F", "daughter": "F", "mother": "F", "sister": "F"}.get(m.group(1), "M"))
            add(m.end(), [" (", (rf if r.random() < 0.5 else f"{rf} {rl}", "NAME"), ")"], "inline")
        m = _REFERRER_RE.search(self.src)
        if m and r.random() < 0.6:
            add(m.end(), [", Dr. ", (fk.person()[1], "NAME"), ","], "inline")

    def facility_mention(self) -> None:
        r = self.r
        ms = [m for m in _FAC_GENERIC_PHRASE_RE.finditer(self.src) if self.ed.free(m.start(), m.end())]
        if not ms:
            return
        m = r.choice(ms)
        fac = (self.fk.facility(), "FACILITY")
        if m.group("kind") == "hospital" and r.random() < 0.6:
            self.ed.replace(m.start(), m.end(), [fac])
        else:
            self.ed.insert(m.end(), [r.choice((" at ", " of ", " at ")), fac], "inline")

    def plant(self) -> tuple[str, list, int]:
        r = self.r
        # 1. replace what is already there
        self.replace_facilities()
        self.replace_title_names()
        self.replace_credential_names()
        self.replace_numbers()
        self.replace_places()
        self.replace_dates()
        self.replace_ages()
        if self.ed.fraction_if(0) < _MIN_SOURCE_FRACTION:
            raise _Reject("too much replaced")
        # 2. insert identifiers where real notes carry them
        sections = [m for m in _SECTION_RE.finditer(self.src) if self.ed.free(m.start(), m.end())]
        plan = [m for m in sections if m.group("name").strip().upper() in _PLAN_SECTIONS]
        social = [m for m in sections if "SOCIAL" in m.group("name").upper()]
        wishes: list[tuple[float, Callable[[], None]]] = []

        def add(pos: int, pieces: list, origin: str = "added") -> None:
            if self.ed.fraction_if(_plen(pieces)) >= _MIN_SOURCE_FRACTION:
                self.ed.insert(pos, pieces, origin)

        wishes.append((0.6, lambda: add(0, self.header())))
        wishes.append((0.55, lambda: add(len(self.src), self.footer())))
        if social:
            wishes.append((0.5, lambda: add(social[0].end(), self.address_sentence())))
        if plan:
            def plan_contact():
                m = r.choice(plan)
                nxt = [s for s in sections if s.start() > m.end()]
                pos = nxt[0].start() if nxt else len(self.src)
                while pos > m.end() and self.src[pos - 1] in ", \n":
                    pos -= 1
                if self.ed.free(pos, pos):
                    add(pos, self.contact_sentence())
            wishes.append((0.6, plan_contact))
        else:
            wishes.append((0.3, lambda: add(len(self.src), self.contact_sentence())))
        wishes.append((0.5, self.facility_mention))
        wishes.append((0.35, lambda: self.inline_names(add)))
        r.shuffle(wishes)
        for p, fn in wishes:
            if r.random() < p:
                fn()
        if not self.ed.reps and not self.ed.ins:
            add(0, self.header())
        text, spans, kept = self.ed.build()
        if not spans:
            raise _Reject("nothing planted")
        left = _en_leftovers(text, spans, self.stats)
        if left:
            raise _Reject("; ".join(left[:3]))
        if kept / len(text) < 0.8:
            raise _Reject("source fraction")
        return text, spans, kept


def _read_mtsamples(path: Path) -> list[tuple[str, str]]:
    csv.field_size_limit(min(sys.maxsize, 2**31 - 1))
    out = []
    seen: set[str] = set()
    with open(path, newline="", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            t = (row.get("transcription") or "").strip()
            if not t or t in seen:
                continue
            seen.add(t)
            out.append((str(row.get("note_id") or len(out)), t))
    return out


def _plant_en_text(src: str, seed: int, source_id: str, stats: _EnCorpusStats | None) -> tuple[str, list, int]:
    r = random.Random(f"planted-en:{seed}:{source_id}")
    return _EnPlanter(src, r, stats).plant()


def plant_english(mtsamples_csv: Path, n: int, seed: int, *, stats: dict | None = None) -> list[dict]:
    """``n`` gold records: MTSamples transcriptions with their PHI-like slots replaced and identifiers planted.

    Sources are unique transcriptions of 500-8,000 characters visited in a seeded order; a note that
    cannot be planted safely is skipped (reasons counted in ``stats`` when given). Returns fewer than
    ``n`` records only when the corpus runs out.
    """
    all_notes = _read_mtsamples(Path(mtsamples_csv))
    corpus_stats = _EnCorpusStats(t for _, t in all_notes)
    notes = [(i, t) for i, t in all_notes if 500 <= len(t) <= 8000]
    random.Random(f"planted-en-order:{seed}").shuffle(notes)
    out: list[dict] = []
    for note_id, src in notes:
        if len(out) >= n:
            break
        try:
            text, spans, kept = _plant_en_text(src, seed, note_id, corpus_stats)
        except _Reject as exc:
            if stats is not None:
                key = str(exc).split(":")[0]
                stats[key] = stats.get(key, 0) + 1
            continue
        out.append(_record("planted-en", len(out) + 1, "en", "mtsamples_en", note_id, text, spans, kept))
    return out


# ==================================================================================================
# Chinese
# ==================================================================================================

_HANZI = "\u4e00-\u9fff"
_ZH_LANDLINE_AREAS = ("010", "020", "021", "022", "023", "024", "025", "027", "028", "029", "0311", "0351", "0371",
                      "0431", "0451", "0471", "0531", "0532", "0551", "0571", "0574", "0591", "0592", "0731", "0755",
                      "0757", "0769", "0771", "0791", "0851", "0871", "0898", "0931", "0951", "0971", "0991", "0512",
                      "0510", "0516", "0535", "0536", "0374", "0377", "0710", "0717", "0816", "0831")
_ZH_EXTRA_MOBILE = (166, 170, 173, 175, 176, 177, 178, 191, 198, 199)
_ZH_DEPTS = ("儿科", "小儿内科", "呼吸内科", "消化内科", "感染科", "发热门诊", "普外科", "胃肠外科", "肿瘤内科", "心内科",
             "新生儿科", "儿童保健科", "中医科", "急诊科", "妇产科", "血液科", "内分泌科")
_ZH_HOSP_UNIV = ("医科大学", "大学医学院", "中医药大学", "医学院")
_ZH_COMPOUND_SURNAMES = ("欧阳", "司马", "诸葛", "上官", "东方", "皇甫", "慕容", "令狐", "尉迟", "公孙", "夏侯", "长孙")
_ZH_BUILDING_SFX = ("小区", "花园", "家园", "新村", "公寓", "苑", "华庭", "嘉园")


class _ZhLists:
    def __init__(self) -> None:
        P = importlib.import_module("faker.providers.person.zh_CN").Provider
        A = importlib.import_module("faker.providers.address.zh_CN").Provider
        S = importlib.import_module("faker.providers.ssn.zh_CN").Provider
        ln = P.last_names
        self.surnames = [str(x) for x in ln]
        self.surname_w = [float(ln[x]) for x in ln] if isinstance(ln, dict) else [1.0] * len(ln)
        self.male = [str(x) for x in P.first_names_male]
        self.female = [str(x) for x in P.first_names_female]
        self.given_chars = sorted({c for x in self.male + self.female for c in x})
        self.cities = sorted({str(c) for c in A.cities if len(c) >= 2 and not c.endswith("盟")})
        self.provinces = [str(p) for p in A.provinces]
        self.districts = sorted({str(d) for d in A.districts})
        self.area_codes = [str(a) for a in S.area_codes if len(str(a)) == 6]
        self.surname_set = set(self.surnames) | set(_ZH_COMPOUND_SURNAMES)


_ZH: _ZhLists | None = None


def _zh() -> _ZhLists:
    global _ZH
    if _ZH is None:
        _ZH = _ZhLists()
    return _ZH


class _ZhFake:
    def __init__(self, r: random.Random) -> None:
        self.r = r
        self.L = _zh()

    def surname(self) -> str:
        if self.r.random() < 0.01:
            return self.r.choice(_ZH_COMPOUND_SURNAMES)
        return self.r.choices(self.L.surnames, weights=self.L.surname_w)[0]

    def given(self, sex: str | None = None) -> str:
        r = self.r
        pool = self.L.male if (sex or r.choice("MF")) == "M" else self.L.female
        if r.random() < 0.45:
            g = r.choice(pool)
            if len(g) == 1 and r.random() < 0.6:
                g += r.choice(self.L.given_chars)
            return g
        return r.choice(pool)

    def name(self, sex: str | None = None) -> tuple[str, str]:
        return self.surname(), self.given(sex)

    def city(self) -> str:
        c = self.r.choice(self.L.cities)
        return c + "市" if self.r.random() < 0.4 and c not in ("香港", "澳门") else c

    def birth(self, age: int | None = None, ref: _D | None = None) -> _D:
        ref = ref or _D(2020, 6, 1)
        age = age if age is not None else self.r.randint(1, 85)
        return _safe_date(ref.year - age, self.r.randint(1, 12), self.r.randint(1, 28))

    def id_card(self, birth: _D | None = None, sex: str | None = None) -> str:
        r = self.r
        b = birth or self.birth()
        seq = r.randint(0, 99) * 10 + (r.choice((1, 3, 5, 7, 9)) if (sex or r.choice("MF")) == "M" else r.choice((0, 2, 4, 6, 8)))
        first17 = f"{r.choice(self.L.area_codes)}{b.year:04d}{b.month:02d}{b.day:02d}{seq:03d}"
        return first17 + id_card_check_digit(first17)

    def mobile(self) -> str:
        r = self.r
        prefixes = [int(p) for p in _faker_attr("faker.providers.phone_number.zh_CN", "phonenumber_prefixes")] + list(_ZH_EXTRA_MOBILE)
        num = f"{r.choice(prefixes)}{_digits(r, 8)}"
        k = r.randrange(8)
        if k == 5:
            return f"{num[:3]}-{num[3:7]}-{num[7:]}"
        if k == 6:
            return f"{num[:3]} {num[3:7]} {num[7:]}"
        if k == 7:
            return r.choice(("+86 ", "+86-", "(+86)")) + num
        return num

    def landline(self) -> str:
        r = self.r
        area = r.choice(_ZH_LANDLINE_AREAS)
        local = _digits(r, 8 if len(area) == 3 else r.choice((7, 8)), first_nonzero=True)
        local = str(r.randint(2, 8)) + local[1:]
        k = r.randrange(5)
        s = (f"{area}-{local}", f"({area}){local}", f"{area} {local[:4]} {local[4:]}", f"（{area}）{local}", f"{area}-{local}")[k]
        if r.random() < 0.12:
            s += r.choice(("转", "-")) + str(r.randint(100, 8999))
        return s

    def mrn(self) -> str:
        r = self.r
        k = r.randrange(6)
        if k == 0:
            return _digits(r, r.choice((6, 7, 8, 10)), first_nonzero=True)
        if k == 1:
            return f"{r.randint(2012, 2023)}{_digits(r, r.choice((5, 6)))}"
        if k == 2:
            return r.choice(("ZY", "MZ", "BA", "Z")) + _digits(r, r.choice((7, 8, 9)))
        if k == 3:
            return "0" + _digits(r, r.choice((6, 7)))
        if k == 4:
            return f"{_digits(r, 2, True)}-{_digits(r, 6)}"
        return _digits(r, 9, first_nonzero=True)

    def bed(self) -> str:
        r = self.r
        return str(r.randint(1, 60)) if r.random() < 0.8 else f"{r.choice('ABC')}{r.randint(1, 40)}"

    def address(self) -> str:
        r = self.r
        L = self.L
        A = importlib.import_module("faker.providers.address.zh_CN").Provider
        parts = []
        if r.random() < 0.55:
            parts.append(r.choice([p for p in L.provinces if p.endswith(("省", "自治区")) and p != "台湾省"]))
        parts.append(r.choice(L.cities).removesuffix("市") + "市")
        parts.append(r.choice(L.districts).removesuffix("区") + r.choice(("区", "区", "县")))
        street = (r.choice(L.cities) if r.random() < 0.5 else self.surname() + r.choice("家庄湾桥")) + r.choice(tuple(A.street_suffixes) + ("大道", "中路", "东路", "北街"))
        parts.append(street + f"{r.randint(1, 999)}号")
        k = r.random()
        if k < 0.35:
            parts.append(f"{r.randint(1, 30)}栋{r.randint(1, 6)}单元{r.randint(1, 32)}0{r.randint(1, 4)}室")
        elif k < 0.6:
            parts.append(r.choice(L.given_chars) + r.choice(L.given_chars) + r.choice(_ZH_BUILDING_SFX) + f"{r.randint(1, 20)}号楼{r.randint(1, 28)}0{r.randint(1, 4)}")
        return "".join(parts)

    def hospital(self) -> str:
        r = self.r
        city = r.choice(self.L.cities).removesuffix("市")
        num = "一二三四五六七八九"[r.randrange(9)]
        k = r.randrange(10)
        if k == 0:
            return f"{city}市第{num}人民医院"
        if k == 1:
            return f"{city}市中心医院"
        if k == 2:
            return f"{r.choice(self.L.provinces).removesuffix('省')}省人民医院"
        if k == 3:
            return f"{city}市中医院"
        if k == 4:
            return f"{city}市妇幼保健院"
        if k == 5:
            return f"{city}市儿童医院"
        if k == 6:
            return f"{city}{r.choice(_ZH_HOSP_UNIV)}附属第{num}医院"
        if k == 7:
            return f"{r.choice(self.L.districts).removesuffix('区')}区人民医院"
        if k == 8:
            return f"{city}{r.choice(('协和', '仁爱', '博爱', '仁济', '同仁', '康复'))}医院"
        return f"{r.choice(self.L.districts).removesuffix('区')}镇卫生院"


def _zh_date(d: _D, style: str) -> str:
    y, m, dd = d.year, d.month, d.day
    return {
        "ymd": f"{y}年{m}月{dd}日", "ymd0": f"{y}年{m:02d}月{dd:02d}日", "ymd号": f"{y}年{m}月{dd}号",
        "y-m-d": f"{y}-{m:02d}-{dd:02d}", "y-m-d1": f"{y}-{m}-{dd}", "y/m/d": f"{y}/{m}/{dd}", "y.m.d": f"{y}.{m}.{dd}",
        "y.m.d0": f"{y}.{m:02d}.{dd:02d}", "md": f"{m}月{dd}日", "md号": f"{m}月{dd}号", "md_": f"{m}月{dd}",
        "ym": f"{y}年{m}月", "y.m月": f"{y}.{m}月", "y-m": f"{y}-{m:02d}", "yy年md": f"{y % 100:02d}年{m}月{dd}日",
        "yy年m": f"{y % 100:02d}年{m}月", "d号": f"{dd}号", "d日": f"{dd}日", "m.d号": f"{m}.{dd}号", "m月": f"{m}月",
        "m-d": f"{m}-{dd}", "y.m": f"{y}.{m}", "y/m": f"{y}/{m}", "m.d": f"{m}.{dd}", "m/d": f"{m}/{dd}", "m.d日": f"{m}.{dd}日",
    }[style]


_ZH_FULL_STYLES = ("ymd", "ymd", "ymd0", "y-m-d", "y/m/d", "y.m.d", "ymd号")

# (regex, kind, parse -> (y, m, d, style)); all matched on the source text, value in group "v" when present
_ZH_DATE_PATTERNS: list[tuple[re.Pattern, str, Callable]] = [
    (re.compile(r"(?<!\d)(?P<y>(?:19|20)\d\d)年(?P<m>\d{1,2})月(?P<d>\d{1,2})(?P<suf>[日号])"), "full",
     lambda m: (int(m["y"]), int(m["m"]), int(m["d"]), ("ymd0" if len(m["m"]) == 2 and m["m"][0] == "0" else "ymd") if m["suf"] == "日" else "ymd号")),
    (re.compile(r"(?<![\d.])(?P<y>(?:19|20)\d\d)(?P<sep>[-/.])(?P<m>\d{1,2})(?P=sep)(?P<d>\d{1,2})(?![\d.])"), "full",
     lambda m: (int(m["y"]), int(m["m"]), int(m["d"]),
                {"-": "y-m-d" if len(m["m"]) == 2 else "y-m-d1", "/": "y/m/d", ".": "y.m.d0" if len(m["m"]) == 2 else "y.m.d"}[m["sep"]])),
    (re.compile(r"(?<!\d)(?P<y>\d\d)年(?P<m>\d{1,2})月(?P<d>\d{1,2})[日号]"), "full",
     lambda m: (2000 + int(m["y"]) if int(m["y"]) < 30 else 1900 + int(m["y"]), int(m["m"]), int(m["d"]), "yy年md")),
    (re.compile(r"(?<!\d)(?P<y>(?:19|20)\d\d)年(?P<m>\d{1,2})月(?!\d)"), "month_year",
     lambda m: (int(m["y"]), int(m["m"]), None, "ym")),
    (re.compile(r"(?<!\d)(?P<y>\d\d)年(?P<m>\d{1,2})月(?!\d)"), "month_year",
     lambda m: (2000 + int(m["y"]) if int(m["y"]) < 30 else 1900 + int(m["y"]), int(m["m"]), None, "yy年m")),
    (re.compile(r"(?<![\d.])(?P<y>(?:19|20)\d\d)\.(?P<m>\d{1,2})月"), "month_year",
     lambda m: (int(m["y"]), int(m["m"]), None, "y.m月")),
    (re.compile(r"(?<![\d.\-/])(?P<y>(?:19|20)\d\d)(?P<sep>[-./])(?P<m>0?[1-9]|1[0-2])(?![\d.\-/])"), "month_year",
     lambda m: (int(m["y"]), int(m["m"]), None, {"-": "y-m", ".": "y.m", "/": "y/m"}[m["sep"]])),
    (re.compile(r"(?<![\d./\-])(?P<m>\d{1,2})月(?P<d>\d{1,2})(?P<suf>[日号]?)(?![\d天个余多周岁次小时分斤克度])"), "month_day",
     lambda m: (None, int(m["m"]), int(m["d"]), {"日": "md", "号": "md号", "": "md_"}[m["suf"]])),
    (re.compile(r"(?<![\d.])(?P<m>\d{1,2})\.(?P<d>\d{1,2})(?P<suf>[号日])"), "month_day",
     lambda m: (None, int(m["m"]), int(m["d"]), "m.d号" if m["suf"] == "号" else "m.d日")),
    (re.compile(r"(?:(?:19|20)\d\d年)?(?:元旦|春节|除夕|大年三十|大年初[一二三四五六七八九十]|正月初[一二三四五六七八九十]|元宵节|"
                r"清明节|端午节|中秋节|国庆节|劳动节|圣诞节|情人节|七夕节?|腊八节?|重阳节|小年夜)"), "holiday",
     lambda m: (None, None, None, "holiday")),
    (re.compile(r"(?<=[于在至到从自，,。；;：:\s])(?P<m>1[0-2]|0?[1-9])-(?P<d>[12]\d|3[01]|0?[1-9])(?=[,，在入行于出开])"), "month_day",
     lambda m: (None, int(m["m"]), int(m["d"]), "m-d")),
    (re.compile(r"(?<![\d./月])(?P<d>\d{1,2})号(?![楼床线房院门病字码机位单元室栋口药方球服鞋]|密码子|外显子|染色体|位点|亚型)"), "day",
     lambda m: (None, None, int(m["d"]), "d号")),
    (re.compile(r"(?<=[于在至到从自，,。；;：:\s])(?P<d>\d{1,2})日(?![后余内前左右])"), "day",
     lambda m: (None, None, int(m["d"]), "d日")),
    (re.compile(r"(?<![\d./\-年])(?P<m>\d{1,2})月(?=份|初|中旬|上旬|下旬|底|末)"), "month",
     lambda m: (None, int(m["m"]), None, "m月")),
]
# Date-like things we do not relabel: a text containing one outside the gold spans is skipped.
_ZH_DATE_AMBIG_RE = re.compile(
    r"(?<![\d./\-年])\d{1,2}月(?![\d份初中上下底末前余后内龄大多左右以个半期])"  # "宝宝现在9月", "5月宝宝"
    r"|(?<![\d.月])\d{1,2}日(?![后余内前左右])"
    r"|[一二三四五六七八九十]{1,3}月[一二三四五六七八九十]{1,3}[日号]|[一二三四五六七八九十]{1,3}月(?:份|初|底|中旬)|[正腊]月"
    r"|(?<![第\d])[一二三四五六七八九十]{1,3}号(?![楼床线房院门病字码机位单元室栋口药方])"
    r"|(?<!\d)(?:19|20)\d\d(?:0[1-9]|1[0-2])(?!\d)"
    # "3.17打了疫苗": month.day without 号/日 (temperatures, doses and sizes carry a unit and are left alone)
    r"|(?<![\d.])(?:1[0-2]|[1-9])\.(?:[12]\d|3[01]|0?[1-9])(?![\d.]|\s*(?:度|℃|°|cm|mm|kg|g|mg|ml|mL|l|L|%|万|岁|倍|分|秒|小时|天|周|个|次|斤|公斤|克|升|米|厘米|毫米|mmol|μ|u|U|ng|pg|iu|IU|×|x|\*|/|-|～|~|到|至))")


def _zh_dates(text: str) -> list[tuple[int, int, str, tuple]]:
    """(start, end, kind, parsed) of the date mentions the patterns find, non-overlapping, first pattern wins."""
    out: list[tuple[int, int, str, tuple]] = []
    taken: list[tuple[int, int]] = []
    for pat, kind, parse in _ZH_DATE_PATTERNS:
        for m in pat.finditer(text):
            s, e = m.span("v") if "v" in pat.groupindex else m.span()
            if any(s < b and a < e for a, b in taken):
                continue
            y, mo, d, style = parse(m)
            if mo is not None and not 1 <= mo <= 12 or d is not None and not 1 <= d <= 31:
                continue
            taken.append((s, e))
            out.append((s, e, kind, (y, mo, d, style)))
    # the far end of a range written after a date: "2013/11/2-4.16", "3月1号-5号", "2月10-16号"
    for s, e, kind, _ in list(out):
        m = re.match(r"[-~至到](?P<v>(?P<m>1[0-2]|0?[1-9])(?P<sep>[./\-])(?P<d>[12]\d|3[01]|0?[1-9])(?![\d.]))", text[e:e + 8])
        if m and kind in ("full", "month_day"):
            vs, ve = e + m.start("v"), e + m.end("v")
            if not any(vs < b and a < ve for a, b in taken):
                taken.append((vs, ve))
                out.append((vs, ve, "month_day", (None, int(m["m"]), int(m["d"]), {".": "m.d", "/": "m/d", "-": "m-d"}[m["sep"]])))
    return sorted(out)


# ---- Chinese names with titles ------------------------------------------------------------------

_ZH_TITLES = "医生|大夫|主任|教授|老师|护士长|护士|院长|医师|博士|先生|女士|小姐|阿姨|叔叔|奶奶|爷爷|大爷|大妈"
_ZH_TITLE_PRO = "副主任医师|主任医师|主治医师|住院医师|医师|医生|大夫|主任|教授|护士"
# Surname characters that are also common function words: "X医生" with one of these is not decided.
# Surname characters that are far more often function words or word parts ("那医生", "和医生说", "主任"):
# next to a title they are read as not-a-name.
_ZH_WORDLIKE = set("和那但由可能就都也还再又只才给让找问看请对跟同与及或而把被将从在是有没不要会说的了过等上下中内外前后"
                   "里新老小大多少全第每各某其这该此您你我他她们个些成开关经管主副学医生院科室门急诊护病患者家亲人况边区当位名号"
                   "点次现正真太很最先并却虽如若因所然则且以为之乃姐哥弟妹爸妈叔姨奶爷好来")
# Surname characters where both readings are common ("谢医生解答" = thanks, doctor / Dr Xie): undecidable.
_ZH_AMBIG = set("于向常时查安花水云风谢")
# Two characters that form an ordinary word ending in a surname character ("治疗医生", "明白医生").
_ZH_NONNAME_BIGRAMS = {"谢谢", "感谢", "多谢", "主任", "责任", "当时", "检查", "情况", "后来", "这边", "那边", "主管", "接诊",
                       "辅诊", "面诊", "咨询", "主治", "值班", "首诊", "经治", "专科", "儿科", "内科", "外科", "西医", "中医",
                       "兽医", "校医", "军医", "村医", "牙医", "名医", "你好", "您好", "问好", "看过", "家庭", "社区", "乡村",
                       "门诊", "急诊", "住院", "其他", "别的", "一个", "这个", "那个", "哪个", "每个", "各位", "请问", "麻烦",
                       "辛苦", "告诉", "希望", "明白", "主诊", "实习", "进修", "年轻", "老年", "男性", "女性", "保健", "专家",
                       "顾问", "管床", "护理", "助理", "康复", "营养", "心理", "眼科", "骨科", "皮肤", "口腔", "麻醉", "放射",
                       "影像", "超声", "检验", "病理", "药房", "护工", "保姆", "邻居", "同事", "朋友", "亲戚", "老公", "老婆",
                       "孩子", "宝宝", "上级", "下级", "老家", "两位", "几位", "多位", "某位", "好的", "的话", "时候", "开始",
                       "首席", "资深", "知名", "著名", "专业", "治疗", "诊治", "坐诊", "出诊", "接待", "负责", "指导", "包括"}
_ZH_NONNAME_PHRASES = ("好大夫", "好医生", "主任医师", "副主任", "主治医生", "住院医生", "院长")
_ZH_NAME_BOUNDARY = ("，", "。", "！", "？", "、", "：", ":", "；", ";", "（", "(", "“", "\"", " ", "\n", "!", "?", ",", ".",
                     "是", "找", "谢谢", "感谢", "多谢", "问", "请", "了", "给", "跟", "向", "让", "听", "称", "叫", "位",
                     "挂", "约", "您", "你", "啦", "呀", "啊", "哦", "嗯", "的", "麻烦", "辛苦", "问一下", "您好", "你好")
_ZH_GIVEN_STOP = set("的了是我你他她们也都就还和跟给让对在这那个些么吗呢吧啊呀哦嗯好谢请问说看找去来到说讲开议需要该"
                     "医生大夫主任院长护士老师教授师科室号床病患者家长妈爸宝孩子您苦烦望白诉色烧咳呕格哈")
_ZH_COMMON_WORDS = ("辛苦", "麻烦", "谢谢", "感谢", "希望", "请问", "多谢", "拜托", "打扰", "明白", "告诉", "还是", "就是",
                    "但是", "所以", "因为", "如果", "需要", "建议", "咨询", "应该", "可以", "没有", "现在", "今天", "昨天",
                    "明天", "已经", "一直", "只是", "高烧", "干咳", "黄色", "严格", "干呕", "蒙脱", "阿斯", "易坦", "冷不")


def _zh_title_names(text: str) -> list[tuple[int, int, str]]:
    """(start, end, kind) of name mentions next to titles; kind "name" (bounded, to replace) or "ambiguous"."""
    L = _zh()
    out: list[tuple[int, int, str]] = []

    def boundary_before(pos: int) -> bool:
        return pos == 0 or any(text.endswith(b, 0, pos) for b in _ZH_NAME_BOUNDARY)

    def full_ok(sur: str, g: str) -> bool:
        return (sur in L.surname_set and sur not in _ZH_WORDLIKE and sur not in _ZH_AMBIG
                and all(c not in _ZH_GIVEN_STOP and "\u4e00" <= c <= "\u9fff" for c in g)
                and not any((sur + g).startswith(w) for w in _ZH_COMMON_WORDS))

    comp = "|".join(_ZH_COMPOUND_SURNAMES)
    # title before a 2-3 character full name: "主治医师张姣姣，", "预约医生： 李田" (not the "医生：" speaker labels)
    title_then_name = re.compile(rf"(?:(?:{_ZH_TITLE_PRO})[：:][ \t]*|(?:副主任医师|主任医师|主治医师|住院医师|医师|护士))"
                                 rf"(?P<n>(?P<s>{comp}|[{_HANZI}])(?P<g>[{_HANZI}]{{1,2}}))(?=[，,。.！!？?\s）)、；;]|$)")
    for m in title_then_name.finditer(text):
        if m.start() == 0 or text[m.start() - 1] == "\n":
            continue
        if full_ok(m.group("s"), m.group("g")):
            out.append((m.start("n"), m.end("n"), "name"))
    # full name before a title: "了任泽鹏医生"
    for m in re.finditer(rf"(?P<n>(?P<s>{comp}|[{_HANZI}])(?P<g>[{_HANZI}]{{1,2}}?))(?:{_ZH_TITLE_PRO})", text):
        if (full_ok(m.group("s"), m.group("g")) and boundary_before(m.start("n"))
                and not any(x.startswith(m.group("n")) for x in _ZH_NONNAME_PHRASES)):
            out.append((m.start("n"), m.end("n"), "name"))
    # surname right before a title: "马医生", "王阿姨"
    for m in re.finditer(rf"(?P<s>{comp}|[{_HANZI}])(?:{_ZH_TITLES})", text):
        s, e = m.span("s")
        sur = m.group("s")
        if any(a <= s < b for a, b, _ in out) or sur not in L.surname_set or sur in _ZH_WORDLIKE:
            continue
        prev = text[s - 1] if s > 0 else ""
        if any(text.startswith(p, s) for p in _ZH_NONNAME_PHRASES) or prev + sur in _ZH_NONNAME_BIGRAMS:
            continue
        if boundary_before(s):
            out.append((s, e, "ambiguous" if sur in _ZH_AMBIG else "name"))
        else:
            out.append((s, e, "ambiguous"))
    out.sort()
    merged: list[tuple[int, int, str]] = []
    for s, e, k in out:
        if merged and s < merged[-1][1]:
            ps, pe, pk = merged[-1]
            merged[-1] = (min(ps, s), max(pe, e), "ambiguous" if "ambiguous" in (pk, k) else "name")
        else:
            merged.append((s, e, k))
    return merged


# ---- Chinese places and facilities --------------------------------------------------------------

_ZH_EXTRA_CITIES = ("淮安", "东莞", "平湖", "怀化", "包头", "洛阳", "莆田", "营口", "三亚", "陇南", "苏州", "无锡", "常州",
                    "徐州", "南通", "扬州", "温州", "宁波", "绍兴", "嘉兴", "金华", "台州", "湖州", "厦门", "泉州", "漳州",
                    "青岛", "烟台", "潍坊", "临沂", "淄博", "济宁", "大连", "鞍山", "吉林", "保定", "唐山", "廊坊", "沧州",
                    "邢台", "衡水", "大同", "呼伦贝尔", "赤峰", "开封", "新乡", "南阳", "信阳", "商丘", "周口", "驻马店",
                    "宜昌", "襄阳", "十堰", "黄冈", "孝感", "荆州", "岳阳", "常德", "株洲", "湘潭", "衡阳", "郴州", "邵阳",
                    "赣州", "九江", "上饶", "宜春", "珠海", "汕头", "湛江", "江门", "肇庆", "中山", "清远", "揭阳", "桂林",
                    "北海", "绵阳", "德阳", "宜宾", "泸州", "南充", "遵义", "曲靖", "大理", "咸阳", "宝鸡", "延安", "汉中",
                    "榆林", "天水", "酒泉", "西宁", "银川", "喀什", "伊犁", "芜湖", "蚌埠", "阜阳", "安庆", "滁州", "宿州",
                    "亳州", "黄山", "威海", "日照", "德州", "聊城", "滨州", "菏泽", "枣庄", "东营", "泰安", "盐城", "连云港",
                    "宿迁", "泰州", "镇江", "丽水", "衢州", "舟山", "龙岩", "三明", "南平", "漳州", "武汉", "深圳", "佛山")
_ZH_FAMOUS_HOSP = ("协和", "华西", "湘雅", "同济", "瑞金", "华山", "鼓楼", "齐鲁", "西京", "天坛", "宣武", "安贞", "阜外",
                   "积水潭", "中日友好", "北大", "北医", "复旦", "中山大学", "浙大", "川大", "新华", "仁济", "长海", "长征",
                   "南方医", "儿研所", "301", "解放军")
_ZH_FAC_SUFFIX = r"(?:医院|卫生院|保健院|诊所|卫生服务中心|医学中心|医疗中心|附院|总院|儿研所|[一二三四五六七八九十]院)"
_ZH_PLACE_STOP = {"当地", "本地", "外地", "老家", "城里", "乡下", "附近", "就近", "我们", "你们", "他们", "咱们", "这边",
                  "那边", "超市", "城市", "上市", "门市", "夜市", "都市", "早市", "股市", "楼市", "黑市", "菜市", "社区",
                  "小区", "地区", "疫区", "郊区", "市区", "城区", "辖区", "景区", "园区", "校区", "病区", "隔离区", "重灾区",
                  "高发区", "风险区", "所在", "全国", "全省", "全市", "本市", "本省", "外省", "该市", "各地", "各省", "各市",
                  "省市", "县市", "省级", "市级", "县级", "区级"}
_ZH_LEAD_STRIP = set("去到在从回于是我你他她的了和跟找送转住来上进往赴至由经自及与或过触为离、等")
_ZH_PLACE_SUFFIX_STOP = {"地级", "县级", "市级", "目前", "城市", "超市", "上市", "门市", "夜市", "都市", "早市", "股市", "楼市",
                         "黑市", "菜市", "本市", "全市", "该市", "我市", "外县", "本县", "全县", "各县", "老家", "省会", "直辖",
                         "县城", "当地", "本地", "外地", "各个", "哪个", "这个", "那个", "一个", "两个", "附近", "周边"}


# Words that start with a city name but are not places (drugs, idioms, food, "Beijing time").
_ZH_GAZ_FALSE = ("长春新碱", "长春瑞滨", "长春地辛", "长春碱", "长春花", "中山装", "大同小异", "香港脚", "北京时间", "上海青",
                 "北京烤鸭", "兰州拉面", "沙县小吃", "重庆火锅", "天津饭", "海门螺")


def _zh_provinces_bare() -> set[str]:
    return {p.removesuffix("省").removesuffix("市").removesuffix("特别行政区").removesuffix("自治区").removesuffix("壮族")
            .removesuffix("回族").removesuffix("维吾尔") for p in _zh().provinces} - {""}


_GAZ_CACHE: dict[str, re.Pattern] = {}


def _gaz_re(with_provinces: bool = True) -> re.Pattern:
    """Place names: cities (faker zh_CN + a list of prefecture cities), and provinces when asked."""
    key = "places" if with_provinces else "cities"
    p = _GAZ_CACHE.get(key)
    if p is None:
        names = set(_zh().cities) | set(_ZH_EXTRA_CITIES)
        if with_provinces:
            names |= _zh_provinces_bare()
        p = _GAZ_CACHE[key] = re.compile("(?:" + "|".join(map(re.escape, sorted(names, key=len, reverse=True))) + ")")
    return p


_ZH_FOREIGN_CITIES = ("东京", "大阪", "首尔", "釜山", "纽约", "伦敦", "巴黎", "洛杉矶", "旧金山", "悉尼", "墨尔本", "多伦多",
                      "温哥华", "曼谷", "吉隆坡", "米兰", "罗马", "柏林", "莫斯科", "迪拜", "芝加哥", "波士顿", "西雅图",
                      "休斯顿", "费城", "华盛顿", "马德里", "巴塞罗那", "法兰克福", "慕尼黑", "阿姆斯特丹", "奥克兰", "雅加达",
                      "马尼拉", "胡志明市", "河内", "仁川", "名古屋", "横滨", "京都", "札幌", "福冈", "布里斯班", "卡尔加里")


def _zh_place_ok_before(text: str, s: int) -> bool:
    """A place name may start at s: text start, punctuation, a function character, or right after a province/city."""
    if s == 0 or not ("\u4e00" <= text[s - 1] <= "\u9fff") or text[s - 1] in _ZH_LEAD_STRIP or text[s - 1] in "省市区县":
        return True
    head = text[max(0, s - 8):s]
    return any(head.endswith(p) for p in _zh_provinces_bare() | set(_zh().cities) | set(_ZH_EXTRA_CITIES))


def _zh_city_mentions(text: str) -> list[tuple[int, int, str]]:
    """(start, end, kind) of city names: kind "city" (replaceable, "市" included), or "ambiguous" (inside a word).

    Gazetteer cities, and any two-character name followed by 市/县 ("丹东市", "宽甸县").
    """
    out = []
    for m in re.finditer("|".join(_ZH_FOREIGN_CITIES), text):
        out.append((m.start(), m.end(), "foreign"))
    for m in re.finditer(rf"([{_HANZI}]{{2}})(市|县)(?![城里级场委民内外区长])", text):
        if any(a <= m.start() < b for a, b, _ in out):
            continue
        s, e = m.span()
        if m.group(1) in _ZH_PLACE_SUFFIX_STOP or _gaz_re(False).fullmatch(m.group(1)):
            continue
        out.append((s, e, "city" if _zh_place_ok_before(text, s) else "ambiguous"))
    for m in _gaz_re(False).finditer(text):
        s, e = m.span()
        nxt = text[e:e + 2]
        if any(text.startswith(f, s) for f in _ZH_GAZ_FALSE) or nxt[:1] == "省" or re.match(r"路|街|大道|大学|医科|理工|师范|交通", nxt):
            continue
        if any(a <= s < b for a, b, _ in out):
            continue
        if not _zh_place_ok_before(text, s):
            out.append((s, e, "ambiguous"))
            continue
        e += 1 if nxt[:1] == "市" else 0
        dm = re.match(rf"[{_HANZI}]{{2,3}}(?:区|县)", text[e:e + 4])
        if dm and dm.group(0)[:2] not in _ZH_DISTRICT_STOP:
            e += dm.end()
        out.append((s, e, "city"))
    # a district right after a masked/planted place: "##吴中区"
    for m in re.finditer(rf"(?<=[\0])([{_HANZI}]{{2,3}})区", text):
        if m.group(1)[:2] not in _ZH_DISTRICT_STOP:
            out.append((m.start(), m.end(), "ambiguous"))
    return sorted(out)


_ZH_DISTRICT_STOP = {"疫区", "小区", "社区", "地区", "市区", "城区", "郊区", "院区", "病区", "景区", "园区", "校区", "附近",
                     "周边", "那边", "这边", "以外", "一带"}


def _zh_named_facilities(text: str) -> list[tuple[int, int]]:
    """Facility names the patterns can bound: a place or a famous name, then up to 10 characters, then 医院 etc."""
    gaz = _gaz_re().pattern
    famous = "|".join(map(re.escape, _ZH_FAMOUS_HOSP))
    out: list[tuple[int, int]] = []
    pat = re.compile(rf"(?:{gaz}|{famous}|[{_HANZI}]{{2,3}}(?:省|市|县|区|州|镇))(?:[{_HANZI}\d]{{0,12}}?){_ZH_FAC_SUFFIX}")
    for m in pat.finditer(text):
        s, e = m.span()
        while s < e - 2 and text[s] in _ZH_LEAD_STRIP:
            s += 1
        head = text[s:s + 4]
        if any(head.startswith(w) for w in _ZH_PLACE_STOP):
            continue
        out.append((s, e))
    return out


def _zh_facility_leftovers(t: str) -> list[str]:
    """Facility mentions outside the gold spans that look named (so the text is skipped)."""
    found = []
    gaz = _gaz_re()
    for m in re.finditer(rf"{_ZH_FAC_SUFFIX}|(?<=[{_HANZI}\0])[一二三四五六七八九十]院|\d+医院|院区", t):
        before = t[max(0, m.start() - 10):m.start()]
        run = re.search(rf"[{_HANZI}\d]*$", before).group(0)
        if m.group(0) == "院区":
            if re.search(rf"[{_HANZI}]{{2}}$", before) and not before.endswith(("医院", "本院", "我院", "两个", "哪个", "这个")):
                found.append("hospital campus: " + run + m.group(0))
        elif m.group(0)[0] in "一二三四五六七八九十" or m.group(0)[0].isdigit():
            found.append("numbered hospital: " + run + m.group(0))
        elif (gaz.search(run) or any(f in run for f in _ZH_FAMOUS_HOSP) or any(d in run for d in _zh().districts)
              or re.search(r"大学|学院|医科|附属|人民|中心|第[一二三四五六七八九十]|[一二三四五六七八九十\d]$", run)):
            found.append("named hospital: " + run + m.group(0))
        else:
            pm = re.search(rf"([{_HANZI}]{{2}})(?:省|市|县|区|州|镇)", run)
            if pm and pm.group(1) not in _ZH_PLACE_STOP and not any(pm.group(1).endswith(w[:1]) and w in run for w in _ZH_PLACE_STOP):
                found.append("place hospital: " + run + m.group(0))
    return found


def _zh_leftovers(text: str, spans) -> list[str]:
    t = _mask(text, spans)
    found = []
    for s, e, k in _zh_title_names(t):
        found.append(f"title name ({k}): " + t[max(0, s - 3):e + 3])
    found += _zh_facility_leftovers(t)
    for s, e, k in _zh_city_mentions(t):
        found.append(f"city ({k}): " + t[max(0, s - 2):e + 2])
    for s, e, kind, _ in _zh_dates(t):
        found.append(f"date({kind}): " + t[s:e])
    for m in _ZH_DATE_AMBIG_RE.finditer(t):
        found.append("date-like: " + m.group(0))
    for m in re.finditer(r"(?<![\d.])(?:9\d|1[01]\d)(?:多)?(?:岁|周岁)", t):
        found.append("age90: " + m.group(0))
    for m in re.finditer(r"\d{7,}|1[3-9]\d[- ]?\d{4}[- ]?\d{4}|[\w.+-]+@[\w-]+\.\w+|https?://|www\.|\.com|\.cn", t):
        found.append("number/contact: " + m.group(0))
    for m in re.finditer(rf"[{_HANZI}]{{1,8}}(?:路|街|大道|巷|胡同|大街)\d+号|\d+(?:号楼|栋|单元|幢)|\d{{3,4}}室", t):
        found.append("address: " + m.group(0))
    for m in re.finditer(r"\*{2,}|[Xx×＊]{2,}|某某", t):
        found.append("mask: " + m.group(0))
    return found


# ---- Chinese sources ---------------------------------------------------------------------------


def _read_cmdd(corpora_dir: Path) -> list[tuple[str, str, str]]:
    base = corpora_dir / "chineseblue_zh" / "data" / "CMDD"
    out = []
    for split in ("train", "dev", "test"):
        files = sorted((base / split).glob("*.json"), key=lambda p: (len(p.stem), p.stem))
        for f in files:
            try:
                d = json.loads(f.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                continue
            lines = []
            for u in d.get("dialogue-content") or ():
                sp = str(u.get("speaker") or "").strip()
                se = re.sub(r"\s*\n\s*", " ", str(u.get("sentence") or "")).strip()
                if sp in ("医生", "患者") and se:
                    lines.append(f"{sp}：{se}")
            if lines:
                out.append(("chineseblue_zh/CMDD", f"CMDD/{split}/{d.get('example-id', f.stem)}", "\n".join(lines)))
    return out


def _read_covid(corpora_dir: Path) -> list[tuple[str, str, str]]:
    path = corpora_dir / "zh_medical_dialogue" / "covid_dialogue" / "COVID-Dialogue-Dataset-Chinese.txt"
    if not path.exists():
        return []
    raw = path.read_text(encoding="utf-8")
    out = []
    for block in re.split(r"\n(?=id=\d+\s*\n)", "\n" + raw):
        block = block.strip("\n")
        m = re.match(r"id=(\d+)", block)
        if not m:
            continue
        section = None
        desc: list[str] = []
        utts: list[list] = []
        diag: list[str] = []
        for line in block.split("\n")[1:]:
            s = line.strip()
            if s in ("Doctor faculty", "Description", "Dialogue", "Diagnosis and suggestions"):
                section = s
                continue
            if not s or s.startswith("http"):
                continue
            if section == "Description":
                desc.append(s)
            elif section == "Dialogue":
                if s in ("医生：", "病人：", "医生:", "病人:"):
                    utts.append(["医生" if s.startswith("医生") else "患者", []])
                elif utts:
                    utts[-1][1].append(s)
            elif section == "Diagnosis and suggestions":
                diag.append(s)
        lines = desc + [f"{sp}：{' '.join(x)}" for sp, x in utts if x] + diag
        if len(lines) >= 3 and utts:
            out.append(("zh_medical_dialogue/covid_dialogue", f"covid/{m.group(1)}", "\n".join(lines)))
    return out


def _read_cehrner(corpora_dir: Path) -> list[tuple[str, str, str]]:
    path = corpora_dir / "chineseblue_zh" / "data" / "cEHRNER" / "train.json"
    out = []
    if not path.exists():
        return out
    seen: set[str] = set()
    with open(path, encoding="utf-8") as fh:
        for i, line in enumerate(fh):
            try:
                t = str(json.loads(line).get("text") or "").strip()
            except ValueError:
                continue
            if t and t not in seen:
                seen.add(t)
                out.append(("chineseblue_zh/cEHRNER", f"cEHRNER/train/{i}", t))
    return out


# ---- Chinese planting --------------------------------------------------------------------------


class _ZhPlanter:
    def __init__(self, corpus: str, src: str, r: random.Random) -> None:
        self.corpus = corpus
        self.src = src
        self.r = r
        self.fk = _ZhFake(r)
        self.ed = _Edits(src)
        covid = "covid" in corpus
        # COVID-era consultations keep their dates within months of the real ones, so the story still fits
        self.shift = r.choice((-1, 1)) * (r.randint(5, 150) if covid else r.randint(40, 1500))
        self.base_year = 2020 if covid else r.randint(2015, 2022)
        self.patient_sex = r.choice("MF")
        self.dates: list[_D] = []
        self.age: int | None = None

    def _sex_word(self) -> str:
        return "男" if self.patient_sex == "M" else "女"

    # -- 1. replacements
    def replace_masks(self) -> None:
        fk = self.fk
        for m in re.finditer(r"\*{2,}", self.src):
            s, e = m.span()
            after = self.src[e:e + 8]
            before = self.src[max(0, s - 2):s]
            fm = re.match(r"[" + _HANZI + r"]{0,6}?(?:医院|卫生院|保健院|诊所|[一二三四五六七八九]院|附院|中心)", after)
            if fm:
                self.ed.replace(s, e + fm.end(), [(fk.hospital(), "FACILITY")])
            elif re.match(r"主任|教授|医生|医师|大夫|护士", after):
                sur, giv = fk.name()
                self.ed.replace(s, e, [(sur if self.r.random() < 0.6 else sur + giv, "NAME")])
            elif (re.search(r"[在于到入至赴转月日]$", before)
                  and re.match(r"就诊|住院|治疗|行|查|复查|检查|手术|门诊|胸片|ct|CT|胃镜|肠镜|b超|彩超|mri|MRI|pet", after)):
                self.ed.replace(s, e, [(fk.hospital(), "FACILITY")])
            else:
                raise _Reject("mask: " + self.src[max(0, s - 4):e + 4])

    def replace_names(self) -> None:
        fk = self.fk
        people: dict[str, tuple[str, str]] = {}
        for s, e, kind in _zh_title_names(self.src):
            if kind != "name" or not self.ed.free(s, e):
                continue
            orig = self.src[s:e]
            p = people.get(orig)
            if p is None:
                p = people[orig] = fk.name()
            val = p[0] if (len(orig) == 1 or orig in _ZH_COMPOUND_SURNAMES) else p[0] + p[1]
            self.ed.replace(s, e, [(val, "NAME")])
        # "预约医生： 李田" and similar fields hold a name (or nothing)
        for m in re.finditer(r"(?m)^(?:预约医生|就诊患者|主治医生|医生姓名)[：:][ \t]*(?P<n>[" + _HANZI + r"]{2,4})[ \t]*$", self.src):
            s, e = m.span("n")
            if self.ed.free(s, e):
                sur, giv = fk.name()
                self.ed.replace(s, e, [(sur + giv, "NAME")])

    def replace_facilities(self) -> None:
        fk = self.fk
        for m in re.finditer(r"(?m)^(?:已就诊医院及科室|检查医院|就诊地点|就诊医院)[：:][ \t]*(?P<v>\S+)", self.src):
            s, e = m.span("v")
            if re.search(r"院|中心|诊所", m.group("v")) and self.ed.free(s, e):
                self.ed.replace(s, e, [(fk.hospital(), "FACILITY")])
        for s, e in _zh_named_facilities(self.src):
            if self.ed.free(s, e):
                self.ed.replace(s, e, [(fk.hospital(), "FACILITY")])

    def replace_cities(self) -> None:
        for s, e, kind in _zh_city_mentions(self.src):
            if kind == "ambiguous" or not self.ed.free(s, e):
                continue
            orig = self.src[s:e]
            if kind == "foreign":  # "现居日本东京": a foreign city is kept and labelled
                self.ed.replace(s, e, [(orig, "CITY")])
                continue
            if orig in ("武汉", "武汉市") and "covid" in self.corpus:  # the epidemic's origin: kept, labelled
                self.ed.replace(s, e, [(orig, "CITY")])
                continue
            dist = re.search(rf"(?:市)?([{_HANZI}]{{2,3}}(?:区|县))$", orig) if len(orig) > 3 else None
            if dist and _gaz_re(False).match(orig) and _gaz_re(False).match(orig).end() < dist.start(1):
                val = self.fk.city().removesuffix("市") + ("市" if "市" in orig else "") + self.r.choice(self.fk.L.districts) + orig[-1]
            else:
                suffix = orig[-1] if orig[-1] in "市县" else ""
                val = self.fk.city().removesuffix("市") + suffix
            self.ed.replace(s, e, [(val, "CITY")])

    def replace_dates(self) -> None:
        r = self.r
        for s, e, kind, (y, mo, d, style) in _zh_dates(self.src):
            if not self.ed.free(s, e):
                continue
            if kind == "holiday":  # a public holiday: labelled as it is
                self.ed.replace(s, e, [(self.src[s:e], "DATE")])
                continue
            yy = y if y is not None else self.base_year
            orig = _safe_date(yy, mo or r.randint(1, 12), d or r.randint(1, 28))
            new = _shift(orig, self.shift)
            if kind == "day":  # keep a day of month that still reads naturally
                new = _safe_date(new.year, new.month, r.randint(1, 28))
            if y is not None:
                self.dates.append(new)
            if kind == "full" and r.random() < 0.2:
                style = r.choice(_ZH_FULL_STYLES)
            self.ed.replace(s, e, [(_zh_date(new, style), "DATE")])

    def replace_ages_and_numbers(self) -> None:
        r = self.r
        first = True
        for m in re.finditer(r"(?<![\d.])(?P<n>\d{1,3})(?=多?(?:岁|周岁))", self.src):
            v = int(m.group("n"))
            if first:
                self.age = v
            if v >= 90 or (first and 65 <= v <= 89 and r.random() < 0.3):
                nv = v if v >= 90 and r.random() < 0.5 else r.randint(90, 101)
                self.ed.replace(m.start("n"), m.end("n"), [(str(nv), "AGE")])
                if first:
                    self.age = nv
            first = False
        # pathology / specimen numbers in EHR paragraphs: "术后病理(201131862)", "病理:13862.2012", "(mm20160037)"
        if self.corpus.endswith("cEHRNER"):
            pats = (r"病[理检][号示回报告:：,，(（\s]{0,8}(?P<v>[a-zA-Z]{0,2}\d[\d.\-]{4,14}\d)",
                    r"(?<![\w.])(?P<v>[a-zA-Z]{0,2}\d{7,10})(?![\d.])")
            for pat in pats:
                for m in re.finditer(pat, self.src):
                    s, e = m.span("v")
                    v = m.group("v")
                    if re.fullmatch(r"(?:19|20)\d\d(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])", v) or not self.ed.free(s, e):
                        continue
                    val = "".join(self.r.choice("0123456789") if c.isdigit() else c for c in v)
                    self.ed.replace(s, e, [(val, "MRN")])

    # -- 2. insertions
    def _lines(self) -> list[tuple[int, int, str]]:
        out = []
        pos = 0
        for line in self.src.split("\n"):
            out.append((pos, pos + len(line), line))
            pos += len(line) + 1
        return out

    def _date_val(self, past_days: tuple[int, int] = (1, 30)) -> tuple[str, str]:
        ref = max(self.dates) if self.dates else _D(self.base_year, self.r.randint(1, 12), self.r.randint(1, 28))
        d = _shift(ref, -self.r.randint(*past_days))
        return (_zh_date(d, self.r.choice(("ymd", "ymd", "md", "md号", "y-m-d", "y.m.d", "y/m/d", "ymd0"))), "DATE")

    def patient_intro(self) -> list:
        r, fk = self.r, self.fk
        sur, giv = fk.name(self.patient_sex)
        full = (sur + giv, "NAME")
        kid = self.corpus.endswith("CMDD")
        k = r.randrange(9)
        if k == 0:
            return [r.choice(("医生您好，", "您好，", "你好，")), "我是", full, ("的妈妈，" if kid else "，")]
        if k == 1:
            return ["我叫", full, "，"]
        if k == 2:
            birth = fk.birth(r.randint(0, 8) if kid else None, _D(self.base_year, 6, 1))
            return [r.choice(("孩子叫", "宝宝叫")) if kid else "患者", full, "，身份证号", (fk.id_card(birth, self.patient_sex), "NATIONAL_ID"), "，"]
        if k == 3:
            return ["你好，我姓", (sur, "NAME"), "，"]
        if k == 4:
            return ["我是", full, "，门诊号", (fk.mrn(), "MRN"), "，"]
        if k == 5:
            return ["医生好，我是", (sur, "NAME"), r.choice(("先生", "女士")), "，电话", (fk.mobile(), "PHONE"), "，"]
        if k == 6:
            return ["我是", full, "家属，", "之前在", (fk.hospital(), "FACILITY"), "看过，"]
        if k == 7:
            return ["您好，就诊人", full, "，", (self._date_val()[0], "DATE"), "开始不舒服，"]
        return ["我们在", (fk.city(), "CITY"), "，", "我是", full, "，"]

    def doctor_intro(self) -> list:
        r, fk = self.r, self.fk
        sur, giv = fk.name()
        k = r.randrange(6)
        if k == 0:
            return ["您好，我是", (fk.hospital(), "FACILITY"), r.choice(_ZH_DEPTS), "的", (sur, "NAME"), "医生，"]
        if k == 1:
            return ["你好，我是", (sur + giv, "NAME"), "医生，"]
        if k == 2:
            return ["您好，我是", (fk.hospital(), "FACILITY"), r.choice(("主治医师", "副主任医师", "主任医师")), (sur + giv, "NAME"), "，"]
        if k == 3:
            return ["我是", (sur, "NAME"), "主任团队的医生，"]
        if k == 4:
            return ["您好，我是", r.choice(_ZH_DEPTS), (sur + giv, "NAME"), "，"]
        return ["你好，", (fk.hospital(), "FACILITY"), "，我是", (sur, "NAME"), "大夫，"]

    def doctor_line(self) -> list:
        r, fk = self.r, self.fk
        k = r.randrange(7)
        if k == 0:
            return ["医生：如有需要可以拨打科室电话", (fk.landline(), "PHONE"), "预约复诊。"]
        if k == 1:
            return ["医生：加重的话直接打护士站电话", (fk.landline(), "PHONE"), "，或者打我手机", (fk.mobile(), "PHONE"), "。"]
        if k == 2:
            return ["医生：复诊时请带上门诊号", (fk.mrn(), "MRN"), "和之前的检查单。"]
        if k == 3:
            return ["医生：可以到", (fk.hospital(), "FACILITY"), "门诊找我，", (self._date_val((-14, -1))[0], "DATE"), "上午我出诊。"]
        if k == 4:
            sur, _ = fk.name()
            return ["医生：我们科", (sur, "NAME"), "主任看这个病很有经验，可以挂他的号。"]
        if k == 5:
            return ["医生：报告出来后可以传真到", (fk.landline(), "FAX"), "，或者拍照发给我。"]
        return ["医生：有问题打这个电话", (fk.mobile(), "PHONE"), "，找", (fk.surname(), "NAME"), "护士。"]

    def patient_line(self) -> list:
        r, fk = self.r, self.fk
        k = r.randrange(9)
        if k == 8:
            return ["患者：", r.choice(("我家住", "家庭住址是", "我们住在")), (fk.address(), "ADDRESS"), "，", r.choice(("过去要一个小时。", "可以寄过来吗？", "附近有医院吗？"))]
        if k == 0:
            return ["患者：之前在", (fk.hospital(), "FACILITY"), "住过院，住院号是", (fk.mrn(), "MRN"), "。"]
        if k == 1:
            return ["患者：", self._date_val(), "在", (fk.hospital(), "FACILITY"), "查的血常规。"]
        if k == 2:
            return ["患者：我们家在", (fk.address(), "ADDRESS"), "，离医院比较远。"]
        if k == 3:
            return ["患者：上次住院是", (fk.bed(), "MRN"), "床，住院号", (fk.mrn(), "MRN"), "。"]
        if k == 4:
            return ["患者：我的电话是", (fk.mobile(), "PHONE"), "，有结果麻烦通知我。"]
        if k == 5:
            return ["患者：预约需要身份证号吗？", (fk.id_card(sex=self.patient_sex), "NATIONAL_ID"), "。"]
        if k == 6:
            return ["患者：", self._date_val(), "开始发烧的，最高39度。"]
        return ["患者：我们住", (fk.city(), "CITY"), "，", (fk.hospital(), "FACILITY"), "离得近一些。"]

    def ehr_header(self) -> list:
        r, fk = self.r, self.fk
        sur, giv = fk.name(self.patient_sex)
        age = r.randint(90, 99) if r.random() < 0.2 else r.randint(28, 86)
        age_p = (str(age), "AGE") if age >= 90 else str(age)
        dt = self._date_val((0, 5))
        k = r.randrange(6)
        if k == 0:
            return ["姓名：", (sur + giv, "NAME"), "  性别：", self._sex_word(), "  年龄：", age_p, "岁  住院号：", (fk.mrn(), "MRN"),
                    "  床号：", (fk.bed(), "MRN"), "\n"]
        if k == 1:
            return ["患者", (sur + giv, "NAME"), "，", self._sex_word(), "，", age_p, "岁，住院号", (fk.mrn(), "MRN"), "，于", dt, "入院。\n"]
        if k == 2:
            return ["科室：", r.choice(_ZH_DEPTS), "  床号：", (fk.bed(), "MRN"), "床  姓名：", (sur + giv, "NAME"), "  病案号：",
                    (fk.mrn(), "MRN"), "  入院日期：", dt, "\n"]
        if k == 3:
            return [(fk.hospital(), "FACILITY"), "  入院记录\n姓名：", (sur + giv, "NAME"), "  身份证号：",
                    (fk.id_card(fk.birth(age), self.patient_sex), "NATIONAL_ID"), "  联系电话：", (fk.mobile(), "PHONE"), "\n"]
        if k == 4:
            rel_s, rel_g = fk.name()
            return ["姓名：", (sur + giv, "NAME"), "，住址：", (fk.address(), "ADDRESS"), "，联系人：", (rel_s + rel_g, "NAME"),
                    r.choice(("（配偶）", "（女儿）", "（儿子）")), "，电话：", (fk.mobile() if r.random() < 0.7 else fk.landline(), "PHONE"), "\n"]
        return ["病案号：", (fk.mrn(), "MRN"), "  ", (sur + giv, "NAME"), "  ", self._sex_word(), "  ", age_p, "岁  ", dt, "\n"]

    def ehr_footer(self) -> list:
        r, fk = self.r, self.fk
        sur, giv = fk.name()
        return [r.choice(("\n记录医师：", "\n医师签名：", "\n主治医师：")), (sur + giv, "NAME"), "  ", self._date_val((-3, 0))]

    def plant(self) -> tuple[str, list, int]:
        r = self.r
        self.replace_masks()
        self.replace_facilities()
        self.replace_names()
        self.replace_cities()
        self.replace_dates()
        self.replace_ages_and_numbers()
        if self.ed.fraction_if(0) < _MIN_SOURCE_FRACTION:
            raise _Reject("too much replaced")

        def add(pos: int, pieces: list, origin: str = "added") -> None:
            if self.ed.fraction_if(_plen(pieces)) >= _MIN_SOURCE_FRACTION:
                self.ed.insert(pos, pieces, origin)

        wishes: list[tuple[float, Callable[[], None]]] = []
        if self.corpus.endswith("cEHRNER"):
            wishes.append((0.9, lambda: add(0, self.ehr_header())))
            wishes.append((0.35, lambda: add(len(self.src), self.ehr_footer())))
        else:
            lines = self._lines()
            pat = [x for x in lines if x[2].startswith("患者：")]
            doc = [x for x in lines if x[2].startswith("医生：")]
            if pat:
                wishes.append((0.55, lambda: add(pat[0][0] + 3, self.patient_intro(), "inline")))
                wishes.append((0.45, lambda: add(r.choice(pat)[1], ["\n"] + self.patient_line())))
            if doc:
                wishes.append((0.4, lambda: add(doc[0][0] + 3, self.doctor_intro(), "inline")))
                wishes.append((0.45, lambda: add(r.choice(doc[len(doc) // 2:])[1], ["\n"] + self.doctor_line())))
        r.shuffle(wishes)
        for p, fn in wishes:
            if r.random() < p:
                fn()
        if not self.ed.reps and not self.ed.ins:
            for _, fn in wishes[:1]:
                fn()
        text, spans, kept = self.ed.build()
        if not spans:
            raise _Reject("nothing planted")
        left = _zh_leftovers(text, spans)
        if left:
            raise _Reject("; ".join(left[:3]))
        if kept / len(text) < 0.8:
            raise _Reject("source fraction")
        return text, spans, kept


def _zh_sources(corpora_dir: Path, seed: int) -> list[tuple[str, str, str]]:
    """CMDD, COVID and cEHRNER texts, each corpus shuffled with the seed, interleaved 2:1:1."""
    pools = [
        [x for x in _read_cmdd(corpora_dir) if 120 <= len(x[2]) <= 3000],
        [x for x in _read_covid(corpora_dir) if 150 <= len(x[2]) <= 3000],
        [x for x in _read_cehrner(corpora_dir) if 120 <= len(x[2]) <= 2500],
    ]
    for i, pool in enumerate(pools):
        random.Random(f"planted-zh-order:{seed}:{i}").shuffle(pool)
    out = []
    idx = [0, 0, 0]
    pattern = (0, 1, 0, 2)
    while any(idx[i] < len(pools[i]) for i in range(3)):
        for i in pattern:
            if idx[i] < len(pools[i]):
                out.append(pools[i][idx[i]])
                idx[i] += 1
    return out


def _plant_zh_text(corpus: str, src: str, seed: int, source_id: str) -> tuple[str, list, int]:
    r = random.Random(f"planted-zh:{seed}:{source_id}")
    return _ZhPlanter(corpus, src, r).plant()


def plant_chinese(corpora_dir: Path, n: int, seed: int, *, stats: dict | None = None) -> list[dict]:
    """``n`` gold records from CMDD / COVID dialogues and cEHRNER paragraphs with fake PHI planted.

    ``corpora_dir`` is the folder holding ``chineseblue_zh`` and ``zh_medical_dialogue``. Texts that
    cannot be planted safely are skipped (reasons counted in ``stats`` when given).
    """
    out: list[dict] = []
    for corpus, source_id, src in _zh_sources(Path(corpora_dir), seed):
        if len(out) >= n:
            break
        try:
            text, spans, kept = _plant_zh_text(corpus, src, seed, source_id)
        except _Reject as exc:
            if stats is not None:
                key = str(exc).split(":")[0]
                stats[key] = stats.get(key, 0) + 1
            continue
        out.append(_record("planted-zh", len(out) + 1, "zh", corpus, source_id, text, spans, kept))
    return out


# ==================================================================================================
# Files
# ==================================================================================================


def write_planted(corpora_dir: Path, out_dir: Path, n_en: int = 300, n_zh: int = 300, seed: int = 7) -> dict:
    """Write ``planted_en.jsonl`` and ``planted_zh.jsonl`` under ``out_dir``; returns counts per file and label."""
    corpora_dir = Path(corpora_dir)
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    sets = {
        "planted_en.jsonl": plant_english(corpora_dir / "mtsamples_en" / "mtsamples.csv", n_en, seed),
        "planted_zh.jsonl": plant_chinese(corpora_dir, n_zh, seed),
    }
    summary: dict = {"seed": seed}
    for name, recs in sets.items():
        with open(out_dir / name, "w", encoding="utf-8", newline="\n") as fh:
            for rec in recs:
                line = json.dumps(rec, ensure_ascii=False)
                line = line.replace("\u0085", "\\u0085").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
                fh.write(line + "\n")
        labels: dict[str, int] = {}
        for rec in recs:
            for sp in rec["spans"]:
                labels[sp["label"]] = labels.get(sp["label"], 0) + 1
        summary[name] = {"records": len(recs), "spans": sum(labels.values()), "labels": dict(sorted(labels.items())),
                         "sources": dict(sorted(_count(r["source"] for r in recs).items()))}
    return summary


def _count(xs: Iterable[str]) -> dict[str, int]:
    out: dict[str, int] = {}
    for x in xs:
        out[x] = out.get(x, 0) + 1
    return out


def main(argv: Sequence[str] | None = None) -> int:
    import argparse

    ap = argparse.ArgumentParser(description="Write planted PHI gold sets built from real clinical text.")
    ap.add_argument("--corpora", type=Path, required=True, help="folder holding mtsamples_en/, chineseblue_zh/, zh_medical_dialogue/")
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--n-en", type=int, default=300)
    ap.add_argument("--n-zh", type=int, default=300)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args(argv)
    print(json.dumps(write_planted(args.corpora, args.out, args.n_en, args.n_zh, args.seed), ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
