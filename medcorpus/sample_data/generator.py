"""Deterministic synthetic clinical text with labelled fake PHI: the project's sample data and PHI gold set.

What it generates
-----------------
* English notes (``lang="en"``): discharge summaries, H&Ps, SOAP progress notes, ED notes, radiology
  reports, operative notes, consult letters, medication reconciliations, telephone encounters,
  telehealth visits, registration face sheets, nursing notes, social-work notes and device-clinic notes.
* Chinese notes (``lang="zh"``): 入院记录, 出院小结, 门诊病历, 病程记录, 医患对话, 检查报告, 手术记录, 会诊记录.

Every note is composed from randomly chosen sections, header spellings, sentence templates and field
orders around one fake patient, so the set cannot be learned as one template. Clinical facts (diagnoses, drugs,
doses, vitals, lab values, ICD codes, years on their own, pain scores, murmur grades) are never labelled,
so a de-identifier's precision can be measured as well as its recall.

Gold format (one JSON object per line in the ``.jsonl`` files)::

    {"id": "en-note-000042", "lang": "en", "kind": "note", "note_type": "discharge_summary",
     "text": "...", "spans": [{"start": 10, "end": 21, "label": "NAME"}, ...]}

``start``/``end`` are Python ``str`` offsets (end exclusive); spans are sorted, non-overlapping and
``text[start:end]`` is exactly the PHI value. Labels are ``medcorpus.schemas.phi.PHI_LABEL_NAMES``.
Span conventions a scorer needs to know:

* NAME: the name only. Titles (Mr./Ms./Mrs./Dr./先生/女士/医生) and credentials (MD, RN) stay outside.
* AGE: only ages of 90 or more, and only the number ("92" in "92-year-old", "92" in "92岁").
  Younger ages appear in the text unlabelled.
* DATE: anything more specific than a year ("3/14", "March 14th", "Mar 2021", "2021年3月14日"). In
  "on the 14th" the span is "14th". Years on their own ("in 2019") and clock times are not labelled.
* US addresses are split: ADDRESS is the street line (with the unit), CITY the city, ZIP the ZIP code;
  the state abbreviation stays unlabelled. A Chinese 省/市/区/路/号 address is one ADDRESS span; a city
  named on its own (成都市) is CITY, a province on its own is not labelled.
* MRN covers record-type numbers: MRN, accession/exam numbers, 住院号/病案号/门诊号/床号/检查号.
* PHONE/FAX include an extension when one is written ("555-123-4567 ext. 204").
* A PHI value is one span even when it contains another kind (a URL with a name in it is URL only).
* Whoever an identifier belongs to, it is labelled: clinicians' names, clinic phone and fax numbers,
  hospital names and addresses are gold PHI just like the patient's and relatives'.
* Not PHI, never labelled: clock times, years alone, ages under 90, department/ward names, device
  makes and models, car makes/models/years, eponyms ("Murphy sign", "Henry approach"), drug and lab
  values, ICD codes, pharmacy BINs and implant catalogue (REF) numbers.

Planted records (``write_sample_corpus``) follow the gold notes in the same files, in shuffled order:

* ``exact_duplicate``: ``duplicate_of`` (an earlier note id), same text and spans, new id.
* ``near_duplicate``: ``duplicate_of``, ``edit_fraction`` ((chars removed + chars inserted) / source
  length) after 1-3 edits (word swap, number change, line removed, line added); spans re-offset and
  correct; PHI values are never edited.
* ``junk``: ``junk_type`` in shuffled_words, repeated_lines, boilerplate, random_chars, mojibake,
  number_table, truncated_fragment; built from PHI-free text, ``spans: []``.
* ``foreign``: ``lang`` in de/fr/es/ru/ja, short clinical paragraphs, ``spans: []``.

Other files: ``dialogues_zh.csv`` (GB18030, header department,title,ask,answer; no PHI),
``malformed.jsonl`` (lines a robust reader must reject, between three valid records; the manifest lists
the kind of every line) and ``manifest.json``. U+0085/U+2028/U+2029 are written as JSON escapes so a
line splitter that honours them still sees one record per line.

Everything comes from ``random.Random`` instances seeded from (lang, seed, index), so a note does not
depend on how many notes are asked for, and the same seed gives byte-identical files on any machine.

CLI: ``python -m medcorpus.sample_data.generator --out DIR [--seed N] [--n-en N] [--n-zh N]``.
"""

from __future__ import annotations

import argparse
import csv
import datetime as _dt
import io
import json
import re
import random
import sys
from pathlib import Path
from typing import Callable, Sequence

from medcorpus.schemas.phi import PHI_LABEL_NAMES

__all__ = ["generate_notes", "write_sample_corpus", "main", "id_card_check_digit", "MAX_TEXT_CHARS"]

# A robust reader rejects texts longer than this; malformed.jsonl plants one just over it.
MAX_TEXT_CHARS = 200_000

_D = _dt.date
_ENC_LO = _D(2012, 1, 1).toordinal()
_ENC_HI = _D(2024, 12, 31).toordinal()

# --------------------------------------------------------------------------------------------------
# Span-aware text builder and template filling
# --------------------------------------------------------------------------------------------------
# A piece is: str (plain text), (value, label) tuple (a PHI span), or a list of pieces.


class _Doc:
    __slots__ = ("parts", "spans", "pos")

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.spans: list[tuple[int, int, str]] = []
        self.pos = 0

    def add(self, s: str) -> None:
        self.parts.append(s)
        self.pos += len(s)

    def phi(self, s: str, label: str) -> None:
        self.spans.append((self.pos, self.pos + len(s), label))
        self.parts.append(s)
        self.pos += len(s)

    def put(self, p) -> None:
        t = type(p)
        if t is str:
            self.parts.append(p)
            self.pos += len(p)
        elif t is tuple:
            self.phi(p[0], p[1])
        else:
            for q in p:
                self.put(q)

    def text(self) -> str:
        return "".join(self.parts)


_SLOT_RE = re.compile(r"\{(\w+)(?::([\w-]+))?\}")
_TPL_CACHE: dict[str, tuple] = {}


def _compile(tpl: str) -> tuple:
    parts = _TPL_CACHE.get(tpl)
    if parts is None:
        out = []
        pos = 0
        for m in _SLOT_RE.finditer(tpl):
            if m.start() > pos:
                out.append((tpl[pos:m.start()], None, None))
            out.append((None, "s_" + m.group(1), m.group(2)))
            pos = m.end()
        if pos < len(tpl):
            out.append((tpl[pos:], None, None))
        parts = _TPL_CACHE[tpl] = tuple(out)
    return parts


class _Ctx:
    """One note being written: its RNG, its document and a cache of per-note identifiers."""

    def __init__(self, r: random.Random) -> None:
        self.r = r
        self.doc = _Doc()
        self._cache: dict[str, object] = {}

    # template helpers ---------------------------------------------------------------------------
    def tp(self, tpl: str) -> list:
        """Fill a template into a list of pieces (for slots built from other slots)."""
        out = []
        for lit, name, arg in _compile(tpl):
            if lit is not None:
                out.append(lit)
            else:
                fn = getattr(self, name)
                out.append(fn(arg) if arg is not None else fn())
        return out

    def f(self, tpl: str) -> None:
        doc = self.doc
        for lit, name, arg in _compile(tpl):
            if lit is not None:
                doc.add(lit)
            else:
                fn = getattr(self, name)
                doc.put(fn(arg) if arg is not None else fn())

    def fc(self, pool: Sequence[str]) -> None:
        self.f(self.r.choice(pool))

    def w(self, *pieces) -> None:
        for p in pieces:
            self.doc.put(p)

    def once(self, key: str, fn: Callable[[], object]):
        v = self._cache.get(key)
        if v is None:
            v = self._cache[key] = fn()
        return v

    def chance(self, p: float) -> bool:
        return self.r.random() < p

    def pick(self, seq):
        return self.r.choice(seq)

    def sample(self, seq, k: int):
        return self.r.sample(seq, min(k, len(seq)))

    def some(self, seq, lo: int, hi: int | None = None):
        """A random subset of lo..hi items (clipped to what seq has), kept in the order of seq."""
        n = len(seq)
        hi = n if hi is None else min(hi, n)
        lo = min(lo, hi)
        idx = sorted(self.r.sample(range(n), self.r.randint(lo, hi)))
        return [seq[i] for i in idx]

    # numbers that are never PHI -------------------------------------------------------------------
    def s_n(self, key: str) -> str:
        lo, hi, nd = _NUM[key]
        if nd == 0:
            return str(self.r.randint(lo, hi))
        return f"{self.r.uniform(lo, hi):.{nd}f}"


# Clinical numbers (never PHI): key -> (low, high, decimals)
_NUM = {
    "sbp": (96, 182, 0), "dbp": (54, 102, 0), "hr": (52, 124, 0), "rr": (12, 28, 0),
    "tf": (97.1, 101.9, 1), "tc": (36.1, 38.9, 1), "spo2": (87, 100, 0), "o2l": (1, 4, 0),
    "na": (127, 145, 0), "k": (3.1, 5.6, 1), "cl": (95, 111, 0), "hco3": (17, 31, 0),
    "bun": (7, 48, 0), "cr": (0.6, 2.6, 1), "glu": (74, 320, 0), "ca": (8.1, 10.4, 1),
    "mg": (1.5, 2.6, 1), "phos": (2.4, 4.9, 1), "wbc": (3.6, 21.4, 1), "hgb": (7.4, 16.1, 1),
    "hct": (23, 48, 0), "plt": (96, 452, 0), "trop": (0.04, 9.80, 2), "bnp": (110, 3400, 0),
    "lact": (0.7, 5.1, 1), "inr": (0.9, 3.2, 1), "a1c": (5.7, 12.4, 1), "tsh": (0.3, 7.9, 2),
    "ef": (20, 65, 0), "ldl": (48, 196, 0), "egfr": (18, 98, 0), "wt": (46.0, 138.0, 1),
    "ht": (148, 196, 0), "pain": (2, 9, 0), "lipase": (210, 3300, 0), "ast": (14, 240, 0),
    "alt": (10, 260, 0), "alp": (40, 310, 0), "tbili": (0.3, 4.8, 1), "alb": (2.4, 4.6, 1),
    "ph": (7.05, 7.45, 2), "ag": (10, 29, 0), "ebl": (5, 450, 0), "mins": (28, 190, 0),
    "pack": (5, 60, 0), "crp": (3, 210, 0), "esr": (5, 96, 0), "psa": (0.4, 14.8, 1),
    "bmi": (18.5, 44.9, 1), "cm": (0.4, 6.8, 1), "mm": (2, 18, 0), "gcs": (13, 15, 0),
    "qtc": (398, 512, 0), "pr": (140, 260, 0), "fio2": (21, 60, 0), "units": (4, 40, 0),
    "ivf": (500, 2500, 0), "uop": (300, 2400, 0), "dose": (1, 4, 0), "days": (2, 10, 0),
    "weeks": (2, 8, 0), "hgbdrop": (1.2, 3.4, 1), "ck": (90, 4800, 0), "ddimer": (0.3, 6.2, 1),
    "ammonia": (20, 140, 0), "sodium_low": (118, 129, 0), "pct": (0.1, 12.0, 1), "batt": (4, 11, 0),
    "impedance": (380, 920, 0), "thresh": (0.5, 1.5, 2), "sense": (2.0, 14.0, 1), "apace": (1, 95, 0),
    "burden": (0, 18, 0), "temp_iv": (4, 72, 0), "grams": (1, 2, 0), "bpm": (60, 80, 0),
}

# --------------------------------------------------------------------------------------------------
# Checksums for realistic identifiers
# --------------------------------------------------------------------------------------------------

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"


def id_card_check_digit(first17: str) -> str:
    """GB 11643-1999 check character (ISO 7064 MOD 11-2) for the first 17 digits of a 身份证号."""
    return _ID_CHECK[sum(int(c) * w for c, w in zip(first17, _ID_WEIGHTS)) % 11]


def _luhn_check_digit(digits: str) -> str:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2 == 0:  # doubled positions, counted from the right of the payload
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return str((10 - total % 10) % 10)


def _npi(r: random.Random) -> str:
    body = str(r.choice((1, 2))) + "".join(str(r.randrange(10)) for _ in range(8))
    # NPI check digit is Luhn over the ISO prefix 80840 plus the first nine digits.
    return body + _luhn_check_digit("80840" + body)


def _dea(r: random.Random, last: str) -> str:
    d = [r.randrange(10) for _ in range(6)]
    check = (d[0] + d[2] + d[4] + 2 * (d[1] + d[3] + d[5])) % 10
    initial = last[0].upper() if last[0].isalpha() else "X"
    return r.choice("ABFGM") + initial + "".join(map(str, d)) + str(check)


_VIN_CHARS = "ABCDEFGHJKLMNPRSTUVWXYZ0123456789"
_VIN_VAL = {**{str(i): i for i in range(10)},
            **dict(zip("ABCDEFGH", range(1, 9))), **dict(zip("JKLMN", range(1, 6))), "P": 7, "R": 9,
            **dict(zip("STUVWXYZ", range(2, 10)))}
_VIN_W = (8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2)
_VIN_WMI = ("1HG", "1FA", "2T1", "JHM", "3VW", "5YJ", "WBA", "KMH", "1G1", "JTD", "4T1", "1N4", "WVW", "KNA")
_VIN_YEAR = "ABCDEFGHJKLMNPRSTVWXY123456789"


def _vin(r: random.Random) -> str:
    body = list(r.choice(_VIN_WMI) + "".join(r.choice(_VIN_CHARS) for _ in range(5)) + "0"
                + r.choice(_VIN_YEAR) + r.choice(_VIN_CHARS) + "".join(str(r.randrange(10)) for _ in range(6)))
    s = sum(_VIN_VAL[c] * w for c, w in zip(body, _VIN_W)) % 11
    body[8] = "X" if s == 10 else str(s)
    return "".join(body)


def _digits(r: random.Random, n: int) -> str:
    return "".join(str(r.randrange(10)) for _ in range(n))


def _alnum(r: random.Random, n: int, alphabet: str = "ABCDEFGHJKLMNPQRSTUVWXYZ0123456789") -> str:
    return "".join(r.choice(alphabet) for _ in range(n))


def _rand_date(r: random.Random, lo: int, hi: int) -> _D:
    return _D.fromordinal(r.randint(lo, hi))


def _shift(d: _D, days: int) -> _D:
    return _D.fromordinal(d.toordinal() + days)


# --------------------------------------------------------------------------------------------------
# English date formats
# --------------------------------------------------------------------------------------------------

_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December")
_MON = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def _ordinal(n: int) -> str:
    if 10 <= n % 100 <= 20:
        return f"{n}th"
    return f"{n}{ {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th') }"


def _en_date(d: _D, style: str) -> str:
    m, dd, y = d.month, d.day, d.year
    if style == "m/d/yyyy":
        return f"{m}/{dd}/{y}"
    if style == "mm/dd/yyyy":
        return f"{m:02d}/{dd:02d}/{y}"
    if style == "m/d/yy":
        return f"{m}/{dd}/{y % 100:02d}"
    if style == "m-d-yy":
        return f"{m}-{dd}-{y % 100:02d}"
    if style == "mm-dd-yyyy":
        return f"{m:02d}-{dd:02d}-{y}"
    if style == "yyyy-mm-dd":
        return f"{y}-{m:02d}-{dd:02d}"
    if style == "Month d, yyyy":
        return f"{_MONTHS[m - 1]} {dd}, {y}"
    if style == "Mon d, yyyy":
        return f"{_MON[m - 1]} {dd}, {y}"
    if style == "d Month yyyy":
        return f"{dd} {_MONTHS[m - 1]} {y}"
    if style == "dd-Mon-yyyy":
        return f"{dd:02d}-{_MON[m - 1]}-{y}"
    if style == "dd Mon yyyy":
        return f"{dd:02d} {_MON[m - 1].upper()} {y}"
    if style == "m/d":
        return f"{m}/{dd}"
    if style == "mm/dd":
        return f"{m:02d}/{dd:02d}"
    if style == "Month dth":
        return f"{_MONTHS[m - 1]} {_ordinal(dd)}"
    if style == "Mon d":
        return f"{_MON[m - 1]} {dd}"
    if style == "Mon yyyy":
        return f"{_MON[m - 1]} {y}"
    if style == "Month yyyy":
        return f"{_MONTHS[m - 1]} {y}"
    if style == "ord":
        return _ordinal(dd)
    if style == "yyyymmdd":
        return f"{y}{m:02d}{dd:02d}"
    raise ValueError(style)


_EN_FULL_STYLES = ("m/d/yyyy", "mm/dd/yyyy", "m/d/yy", "m-d-yy", "mm-dd-yyyy", "yyyy-mm-dd", "Month d, yyyy",
                   "Mon d, yyyy", "d Month yyyy", "dd-Mon-yyyy", "dd Mon yyyy")
_EN_SHORT_STYLES = ("m/d", "mm/dd", "Month dth", "Mon d")
_EN_PRIMARY = ("mm/dd/yyyy", "mm/dd/yyyy", "m/d/yyyy", "m/d/yyyy", "m/d/yy", "yyyy-mm-dd", "Month d, yyyy",
               "dd-Mon-yyyy", "m-d-yy", "Mon d, yyyy", "dd Mon yyyy", "d Month yyyy")

# --------------------------------------------------------------------------------------------------
# English fake-identity vocabulary
# --------------------------------------------------------------------------------------------------

_EN_MALE = """James John Robert Michael William David Richard Joseph Thomas Charles Christopher Daniel Matthew
Anthony Donald Steven Paul Andrew Joshua Kenneth Kevin Brian George Timothy Ronald Edward Jason Jeffrey
Ryan Jacob Gary Nicholas Eric Jonathan Stephen Larry Justin Scott Brandon Benjamin Samuel Gregory Frank
Raymond Patrick Jack Dennis Jerry Tyler Aaron Jose Henry Douglas Peter Adam Nathan Zachary Walter Kyle
Harold Carl Arthur Gerald Roger Keith Lawrence Terry Albert Willie Ralph Eugene Wayne Louis Roy Bobby
Russell Vincent Philip Juan Carlos Luis Miguel Alejandro Diego Javier Mateo Rafael Wei Jun Hao Hiroshi
Kenji Takashi Min-jun Ji-ho Sung-min Raj Arjun Vikram Sanjay Rohan Anil Mohammed Ahmed Omar Ali Hassan
Yusuf Ibrahim Kwame Kofi Chukwuemeka Oluwaseun Tunde Emeka Dmitri Sergei Ivan Andrzej Piotr Tomasz
Giuseppe Marco Luca Pierre Jean-Luc Lars Sven Nikolai Mehmet Emre Tariq Amir Reza Darius Thanh Minh
Duc Tuan Bao Kai Joao Santiago Ethan Liam Noah Elijah Malik Jamal DeShawn Tyrone Hamza Declan Ciaran
Eamon Ezekiel Moshe Avi Kalani Keoni Dakota Hector Ignacio Rashid Babajide Sipho Thabo""".split()

_EN_FEMALE = """Mary Patricia Jennifer Linda Elizabeth Barbara Susan Jessica Sarah Karen Lisa Nancy Betty
Margaret Sandra Ashley Kimberly Emily Donna Michelle Carol Amanda Dorothy Melissa Deborah Stephanie
Rebecca Sharon Laura Cynthia Kathleen Amy Angela Shirley Anna Brenda Pamela Emma Nicole Helen Samantha
Katherine Christine Debra Rachel Carolyn Janet Catherine Maria Heather Diane Ruth Julie Olivia Joyce
Virginia Victoria Kelly Lauren Christina Joan Evelyn Judith Megan Andrea Cheryl Hannah Jacqueline Martha
Gloria Teresa Ann Sara Madison Frances Kathryn Janice Jean Abigail Alice Judy Sophia Grace Denise Amber
Doris Marilyn Danielle Beverly Isabella Theresa Diana Natalie Brittany Charlotte Marie Kayla Alexis Lori
Guadalupe Sofia Lucia Carmen Rosa Ana Valentina Camila Ximena Mei-Ling Xiuying Yuki Sakura Aiko Haruka
Ji-woo Seo-yeon Min-seo Priya Ananya Deepika Sunita Kavya Lakshmi Fatima Aisha Layla Zainab Mariam Noor
Leila Amara Chioma Ngozi Adaeze Folake Abena Yaa Olga Natasha Svetlana Agnieszka Katarzyna Giulia
Francesca Chiara Amelie Camille Ingrid Astrid Freya Elif Zeynep Shirin Parisa Linh Thuy Hoa Ngoc Imani
Keisha Latoya Shanice Aaliyah Siobhan Niamh Aoife Esperanza Dolores Consuelo Leilani Malia Rivka Tova
Nomvula Wanjiru Esi""".split()

_EN_LAST = """Smith Johnson Williams Brown Jones Garcia Miller Davis Rodriguez Martinez Hernandez Lopez Gonzalez
Wilson Anderson Thomas Taylor Moore Jackson Martin Lee Perez Thompson White Harris Sanchez Clark Ramirez
Lewis Robinson Walker Young Allen King Wright Scott Torres Nguyen Hill Flores Green Adams Nelson Baker
Hall Rivera Campbell Mitchell Carter Roberts Gomez Phillips Evans Turner Diaz Parker Cruz Edwards Collins
Reyes Stewart Morris Morales Rogers Reed Cook Morgan Cooper Peterson Ramos Kim Cox Ward Richardson Watson
Brooks Chavez Wood Bennett Gray Mendoza Ruiz Hughes Price Alvarez Castillo Sanders Patel Myers Ross
Foster Jimenez Powell Jenkins Perry Russell Sullivan Barnes Fisher Henderson Coleman Simmons Patterson
Jordan Reynolds Hamilton Graham Wallace Woods Cole Owens Marshall Gibson Ellis Tran Medina Aguilar Stevens
Castro Kowalski Nowak Wisniewski Kaminski Novak Horvath Kovacs Popescu Ivanov Petrov Smirnov Volkov
Kuznetsov Schmidt Schneider Fischer Weber Becker Hoffmann Mueller Rossi Russo Ferrari Esposito Bianchi
Romano Dubois Lefebvre Moreau Fontaine Laurent O'Brien O'Connor McCarthy Gallagher Doherty Byrne Quinn
Chen Wang Zhang Liu Yang Huang Zhao Zhou Xu Sun Zhu Lin Guo Gao Luo Tanaka Suzuki Takahashi Watanabe
Yamamoto Nakamura Kobayashi Sato Ito Park Choi Jung Kang Cho Yoon Jang Lim Shah Sharma Singh Gupta Kumar
Reddy Iyer Nair Desai Mehta Chatterjee Banerjee Rao Khan Hussain Rahman Malik Siddiqui Haddad Nasser
Saleh Khalil Mansour Okafor Okonkwo Adeyemi Oyelaran Mensah Boateng Owusu Abubakar Diallo Ndiaye Mwangi
Otieno Kariuki Tesfaye Haile Bekele Pham Hoang Vu Dang Bui Ngo Yilmaz Kaya Demir Sahin Celik Hosseini
Mohammadi Karimi Rahimi Cohen Levy Friedman Katz Goldberg Rosen Silva Santos Oliveira Souza Pereira
Costa Fernandes Larsen Hansen Nielsen Johansson Lindqvist Virtanen Korhonen Papadopoulos Georgiou
Dimitriou Begay Yazzie Tsosie Kealoha Kahale Van der Berg De la Cruz St. Pierre""".split()
# Multi-word surnames are rebuilt below; the split above breaks them, so drop the fragments.
_EN_LAST = [x for x in _EN_LAST if x not in ("Van", "der", "Berg", "De", "la", "Cruz", "St.", "Pierre")]
_EN_LAST += ["Van der Berg", "De la Cruz", "St. Pierre", "Cruz", "Garcia-Lopez", "Smith-Jones", "Abu-Hamdan"]

_STREETS = """Main Oak Maple Cedar Elm Pine Washington Lake Hill Park Walnut Chestnut Spruce Birch Willow Highland
Sunset Franklin Lincoln Jefferson Madison Church Mill River Spring Ridge Meadow Forest Cherry Hawthorne
Magnolia Juniper Orchard Prospect Summit Union Center Broad Market Water Bridge Harbor Beacon Garfield
Kingsley Whitman Ashford Brookside Fairmont Glenwood Lakeview Riverside Sycamore Aspen Dogwood Hickory
Laurel Poplar Sequoia Cypress Evergreen Holloway Pemberton Thornton Wexford Alder Bayberry Cobblestone
Fox Run Heather Ivy Linden Mulberry Quail Redwood Sage Tamarack Valley Wisteria""".split()
_STREET_SFX = ("Street", "St", "St.", "Avenue", "Ave", "Ave.", "Road", "Rd", "Drive", "Dr", "Lane", "Ln",
               "Boulevard", "Blvd", "Court", "Ct", "Place", "Way", "Terrace", "Circle", "Parkway", "Pike")
_DIRS = ("N.", "S.", "E.", "W.", "North", "South", "East", "West", "N", "SW", "NE")
_CITY_A = """Oak Maple Cedar Pine Fair Spring River Lake Clear Green Brook Ash Elm Rock Stone Silver Glen West
East North Mill Red White Bel Hazel Wood Marsh Bright Gold Kings Queens Hollis Carver Dun Hart Wes Lin
Ells Bran Chester Ham Brad Stan Wil""".split()
_CITY_B = """field ton ville dale brook wood ford haven port view mont burg ridge side crest bury wick ham
stead borough ley more water""".split()
_CITY_PRE = ("Port", "Mount", "New", "East", "West", "North", "South", "Lake", "Fort", "Glen")
_CITY_POST = ("Falls", "Springs", "Heights", "Junction", "Hills", "Harbor", "Center", "Valley", "City", "Beach")
_STATES = """AL AK AZ AR CA CO CT DE FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY NC
ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY""".split()
_SAINTS = ("Mary", "Joseph", "Luke", "Francis", "Vincent", "Elizabeth", "Anne", "Jude", "Catherine",
           "Michael", "Agnes", "Clare", "Anthony", "Patrick", "John", "Raphael", "Bernard", "Rita")
_PLACES = ("Riverside", "Lakeside", "Hillcrest", "Mercy", "Good Samaritan", "Sunrise", "Evergreen", "Pinecrest",
           "Bayview", "Meadowbrook", "Northshore", "Summit", "Harborview", "Willow Creek", "Silver Oaks",
           "Cedar Ridge", "Greenfield", "Valley View", "Brightwater", "Stonebridge", "Oak Hollow", "Fairhaven",
           "Golden Meadows", "Prairie", "Redwood", "Highland Park", "Crescent", "Maplewood", "Sandpiper")
_EMAIL_DOMAINS = ("gmail.com", "yahoo.com", "outlook.com", "hotmail.com", "icloud.com", "aol.com",
                  "comcast.net", "protonmail.com", "att.net", "verizon.net", "mail.com", "live.com")
_PAYERS = ("Blue Cross Blue Shield", "BCBS PPO", "Aetna", "UnitedHealthcare", "Cigna", "Humana Gold Plus",
           "Medicare", "Medicare Part B", "Medicaid", "Tricare", "Kaiser Permanente", "Anthem HMO",
           "Harvard Pilgrim", "Molina Healthcare", "Oscar Health", "Ambetter")
_AREA_CODES = tuple(str(x) for x in (
    201, 202, 203, 205, 206, 207, 210, 212, 213, 214, 215, 216, 224, 248, 253, 267, 281, 301, 303, 305,
    312, 313, 314, 315, 317, 323, 336, 347, 402, 404, 407, 408, 410, 412, 414, 415, 425, 443, 469, 480,
    502, 503, 504, 508, 510, 512, 513, 515, 520, 559, 602, 603, 608, 612, 614, 615, 617, 619, 626, 646,
    651, 678, 702, 703, 704, 713, 714, 718, 720, 732, 757, 773, 781, 801, 804, 813, 816, 832, 857, 858,
    860, 901, 904, 908, 913, 916, 919, 925, 941, 952, 971, 978, 503, 907, 808))
_CARS = ("Honda Civic", "Toyota Camry", "Ford F-150", "Chevrolet Malibu", "Nissan Altima", "Subaru Outback",
         "Jeep Cherokee", "Hyundai Elantra", "Dodge Caravan", "Toyota Corolla", "Kia Soul", "Ford Focus")
_COLORS = ("silver", "black", "white", "blue", "red", "gray", "green", "maroon")
_OCCUPATIONS = ("retired machinist", "retired teacher", "bus driver", "accountant", "nurse's aide",
                "construction worker", "retired postal worker", "software engineer", "cashier", "line cook",
                "retired farmer", "truck driver", "homemaker", "electrician", "graduate student",
                "retired Army veteran", "warehouse associate", "hairdresser", "pastor", "landscaper")

# --------------------------------------------------------------------------------------------------
# English clinical vocabulary (never PHI)
# --------------------------------------------------------------------------------------------------

# Frequencies in the spellings real notes use.
_FREQ = {
    "daily": ("daily", "qd", "once daily", "QDAY", "every day", "q.d."),
    "BID": ("BID", "b.i.d.", "twice daily", "q12h", "bid"),
    "TID": ("TID", "t.i.d.", "three times daily", "tid"),
    "QID": ("QID", "q.i.d.", "four times daily"),
    "qHS": ("qHS", "at bedtime", "nightly", "QHS", "q.h.s."),
    "PRN": ("q6h PRN pain", "every 6 hours as needed", "q4h prn", "PRN", "q6h p.r.n."),
    "weekly": ("weekly", "once a week", "q week"),
    "qAM": ("qAM", "every morning", "daily in AM"),
}
_ROUTE = {"PO": ("PO", "po", "by mouth", "oral"), "SC": ("SC", "subcut", "SQ", "subcutaneously"),
          "INH": ("inhaled", "INH", "via inhaler"), "IV": ("IV", "IV", "intravenous"),
          "TOP": ("topical", "TOP"), "SL": ("SL", "sublingual")}
_BRANDS = {"lisinopril": "Zestril", "atorvastatin": "Lipitor", "metformin": "Glucophage", "amlodipine": "Norvasc",
           "apixaban": "Eliquis", "levothyroxine": "Synthroid", "omeprazole": "Prilosec", "sertraline": "Zoloft",
           "tamsulosin": "Flomax", "furosemide": "Lasix", "clopidogrel": "Plavix", "metoprolol succinate": "Toprol XL",
           "insulin glargine": "Lantus", "tiotropium": "Spiriva", "donepezil": "Aricept", "gabapentin": "Neurontin"}

# (problem, abbreviations, ICD-10, home meds (drug, dose, route, freq), plan templates)
_CHRONIC = (
    ("hypertension", ("HTN",), "I10",
     (("lisinopril", "10 mg", "PO", "daily"), ("amlodipine", "5 mg", "PO", "daily"),
      ("hydrochlorothiazide", "25 mg", "PO", "daily"), ("losartan", "50 mg", "PO", "daily")),
     ("BP {n:sbp}/{n:dbp} today; continue current regimen.", "Goal BP <130/80. Home BP log reviewed.",
      "Well controlled on current meds.")),
    ("type 2 diabetes mellitus", ("T2DM", "DM2", "NIDDM"), "E11.9",
     (("metformin", "1000 mg", "PO", "BID"), ("insulin glargine", "22 units", "SC", "qHS"),
      ("empagliflozin", "10 mg", "PO", "daily"), ("glipizide", "5 mg", "PO", "daily")),
     ("A1c {n:a1c}%; titrate basal insulin by 2 units q3d to fasting goal 80-130.",
      "Hold metformin while inpatient; sliding scale insulin.", "Annual retinal exam due; foot exam normal.")),
    ("hyperlipidemia", ("HLD",), "E78.5",
     (("atorvastatin", "40 mg", "PO", "qHS"), ("rosuvastatin", "20 mg", "PO", "daily")),
     ("LDL {n:ldl} mg/dL; continue statin.", "Continue high-intensity statin.")),
    ("coronary artery disease", ("CAD",), "I25.10",
     (("aspirin", "81 mg", "PO", "daily"), ("clopidogrel", "75 mg", "PO", "daily"),
      ("nitroglycerin", "0.4 mg", "SL", "PRN")),
     ("No angina; continue aspirin and statin.", "s/p PCI in {year}; continue DAPT per cardiology.")),
    ("heart failure with reduced ejection fraction", ("HFrEF", "CHF", "systolic CHF"), "I50.22",
     (("carvedilol", "12.5 mg", "PO", "BID"), ("furosemide", "40 mg", "PO", "daily"),
      ("sacubitril-valsartan", "24-26 mg", "PO", "BID"), ("spironolactone", "25 mg", "PO", "daily")),
     ("EF {n:ef}% on last echo; euvolemic on exam.", "Daily weights; 2 g sodium diet; fluid restriction 1.5 L.")),
    ("atrial fibrillation", ("AF", "afib", "paroxysmal AF"), "I48.91",
     (("apixaban", "5 mg", "PO", "BID"), ("metoprolol tartrate", "25 mg", "PO", "BID"),
      ("diltiazem ER", "120 mg", "PO", "daily")),
     ("Rate controlled; CHA2DS2-VASc 4, continue anticoagulation.", "In sinus rhythm on ECG today.")),
    ("chronic obstructive pulmonary disease", ("COPD",), "J44.9",
     (("tiotropium", "18 mcg", "INH", "daily"), ("albuterol", "90 mcg 2 puffs", "INH", "PRN"),
      ("fluticasone-salmeterol", "250/50 mcg 1 puff", "INH", "BID")),
     ("Continue LAMA; pulmonary rehab referral placed.", "FEV1 {n:ef}% predicted on PFTs.")),
    ("asthma", ("reactive airway disease",), "J45.909",
     (("albuterol", "90 mcg 2 puffs", "INH", "PRN"), ("budesonide-formoterol", "160/4.5 mcg 2 puffs", "INH", "BID")),
     ("Well controlled; uses rescue inhaler <2x/week.",)),
    ("chronic kidney disease stage 3", ("CKD 3", "CKD stage 3a", "CKD"), "N18.3", (),
     ("Cr {n:cr}, eGFR {n:egfr}; avoid NSAIDs, renally dose meds.", "Baseline Cr ~1.4.")),
    ("hypothyroidism", ("hypothyroid",), "E03.9", (("levothyroxine", "75 mcg", "PO", "qAM"),),
     ("TSH {n:tsh}; continue current dose.",)),
    ("gastroesophageal reflux disease", ("GERD",), "K21.9",
     (("omeprazole", "20 mg", "PO", "daily"), ("famotidine", "20 mg", "PO", "BID")),
     ("Symptoms controlled on PPI.",)),
    ("major depressive disorder", ("MDD", "depression"), "F32.9",
     (("sertraline", "50 mg", "PO", "daily"), ("bupropion XL", "150 mg", "PO", "daily")),
     ("PHQ-9 of 8 today; continue SSRI.", "Denies SI/HI.")),
    ("generalized anxiety disorder", ("GAD", "anxiety"), "F41.1", (("buspirone", "10 mg", "PO", "BID"),),
     ("GAD-7 of 6.",)),
    ("osteoarthritis of the knee", ("OA", "DJD"), "M17.11",
     (("acetaminophen", "650 mg", "PO", "PRN"), ("diclofenac gel", "1%", "TOP", "QID")),
     ("PT referral; consider steroid injection.",)),
    ("benign prostatic hyperplasia", ("BPH",), "N40.0",
     (("tamsulosin", "0.4 mg", "PO", "qHS"), ("finasteride", "5 mg", "PO", "daily")),
     ("Voiding without difficulty.",)),
    ("obstructive sleep apnea", ("OSA",), "G47.33", (), ("Uses CPAP nightly at 10 cm H2O.",)),
    ("gout", ("gouty arthritis",), "M10.9",
     (("allopurinol", "300 mg", "PO", "daily"), ("colchicine", "0.6 mg", "PO", "PRN")),
     ("No flares since last visit; uric acid 5.8.",)),
    ("Alzheimer dementia", ("dementia", "major neurocognitive disorder"), "G30.9",
     (("donepezil", "10 mg", "PO", "qHS"), ("memantine", "10 mg", "PO", "BID")),
     ("Baseline oriented to self only; delirium precautions.",)),
    ("history of ischemic stroke", ("h/o CVA", "prior CVA"), "Z86.73", (("aspirin", "81 mg", "PO", "daily"),),
     ("Residual mild left-sided weakness.",)),
    ("iron deficiency anemia", ("anemia", "IDA"), "D50.9", (("ferrous sulfate", "325 mg", "PO", "daily"),),
     ("Hgb {n:hgb}, stable.",)),
    ("seizure disorder", ("epilepsy", "sz d/o"), "G40.909", (("levetiracetam", "500 mg", "PO", "BID"),),
     ("Seizure free x 2 years.",)),
    ("migraine without aura", ("migraines",), "G43.009",
     (("sumatriptan", "50 mg", "PO", "PRN"), ("topiramate", "25 mg", "PO", "BID")),
     ("2-3 headache days per month.",)),
    ("rheumatoid arthritis", ("RA",), "M06.9",
     (("methotrexate", "15 mg", "PO", "weekly"), ("folic acid", "1 mg", "PO", "daily")),
     ("On methotrexate; LFTs stable.",)),
    ("peripheral neuropathy", ("neuropathy",), "G62.9", (("gabapentin", "300 mg", "PO", "TID"),),
     ("Monofilament sensation decreased bilaterally.",)),
    ("osteoporosis", ("OP",), "M81.0",
     (("alendronate", "70 mg", "PO", "weekly"), ("calcium carbonate-vitamin D", "600 mg-400 unit", "PO", "BID")),
     ("DEXA T-score -2.7 at the hip.",)),
    ("history of prostate cancer", ("h/o prostate CA",), "Z85.46", (),
     ("s/p prostatectomy in {year}; PSA undetectable.",)),
    ("history of breast cancer", ("h/o breast CA",), "Z85.3", (("anastrozole", "1 mg", "PO", "daily"),),
     ("s/p lumpectomy and radiation in {year}.",)),
    ("cirrhosis", ("ETOH cirrhosis", "cirrhosis, Child-Pugh B"), "K74.60",
     (("lactulose", "20 g", "PO", "TID"), ("rifaximin", "550 mg", "PO", "BID")),
     ("MELD 14; no ascites on exam.",)),
)

# problem -> (sex it applies to or None, minimum age), so a 28-year-old does not get dementia
_CHRONIC_FIT = {
    "benign prostatic hyperplasia": ("M", 45), "history of prostate cancer": ("M", 50),
    "history of breast cancer": ("F", 35),
    "Alzheimer dementia": (None, 65), "osteoporosis": (None, 50), "coronary artery disease": (None, 40),
    "heart failure with reduced ejection fraction": (None, 40), "atrial fibrillation": (None, 40),
    "osteoarthritis of the knee": (None, 45), "chronic kidney disease stage 3": (None, 40),
    "history of ischemic stroke": (None, 40),
    "chronic obstructive pulmonary disease": (None, 40), "cirrhosis": (None, 30), "hyperlipidemia": (None, 30),
}
_OUTPATIENT_SCEN = ("ankle", "migraine", "cellulitis", "copd", "afib", "cap", "chf", "lac", "hypona")

_ALLERGIES = ("penicillin (rash)", "sulfa drugs (hives)", "codeine (nausea)", "lisinopril (angioedema)",
              "iodinated contrast (hives)", "latex", "morphine (itching)", "shellfish", "NKDA",
              "No known drug allergies",
              "amoxicillin (anaphylaxis)", "ciprofloxacin (tendinitis)", "NKDA", "NKDA")

# Acute scenarios. Templates may use slots from the note context ({He}, {his}, {n:...}, {dur} ...).
_SCEN = (
    dict(key="nstemi", cc=("chest pain", "substernal chest pressure", "CP"),
         dx=("NSTEMI", "non-ST elevation myocardial infarction"),
         icd="I21.4", service="Cardiology", fu="cardiology",
         hpi=("{He} reports {dur} of substernal chest pressure radiating to the left arm, associated with diaphoresis and nausea.",
              "Pain began at rest, {n:pain}/10 in severity, partially relieved by SL nitroglycerin x2.",
              "Denies prior similar episodes. No recent travel or leg swelling.",
              "Has been more short of breath with exertion over the past month, now winded after one flight of stairs."),
         results=("Troponin I {n:trop} ng/mL, uptrending to a peak of 4.2.",
                  "ECG: sinus rhythm, 1 mm ST depressions in V4-V6, QTc {n:qtc} ms.",
                  "Echo: EF {n:ef}%, hypokinesis of the anterior wall.", "LHC: 90% proximal LAD stenosis."),
         course=("Started on heparin drip, aspirin 325 mg load and high-intensity statin.",
                 "Underwent LHC on hospital day 2 with DES x1 to the proximal LAD.",
                 "Post-procedure course uncomplicated; right radial access site without hematoma.",
                 "Beta blocker titrated as HR and BP tolerated.", "Cardiac rehab referral placed."),
         meds=(("aspirin", "81 mg", "PO", "daily"), ("ticagrelor", "90 mg", "PO", "BID"),
               ("metoprolol succinate", "25 mg", "PO", "daily"),
               ("atorvastatin", "80 mg", "PO", "qHS")),
         proc="left heart catheterization with drug-eluting stent to the proximal LAD",
         img=("CXR", "No acute cardiopulmonary process.")),
    dict(key="chf", cc=("shortness of breath", "SOB", "dyspnea", "leg swelling"),
         dx=("acute on chronic systolic heart failure", "CHF exacerbation", "ADHF"),
         icd="I50.23", service="Medicine", fu="cardiology",
         hpi=("{He} presents with {dur} of progressive dyspnea on exertion, 3-pillow orthopnea and PND.",
              "Reports {n:dose}-kg weight gain and worsening bilateral leg swelling.",
              "Admits to dietary indiscretion over the holidays and missing several doses of furosemide.",
              "Denies chest pain, fever or cough."),
         results=("BNP {n:bnp} pg/mL.", "CXR with cephalization and small bilateral pleural effusions.",
                  "Cr {n:cr} (baseline 1.1).",
                  "TTE: EF {n:ef}%, moderate MR."),
         course=("Diuresed with IV furosemide 40 mg BID with net negative 6.2 L over the admission.",
                 "Transitioned to oral torsemide 20 mg daily on hospital day 4.",
                 "Cr peaked at 1.6 then improved with diuresis.",
                 "GDMT optimized; spironolactone added.", "Discharge weight {n:wt} kg (dry weight)."),
         meds=(("torsemide", "20 mg", "PO", "daily"), ("carvedilol", "12.5 mg", "PO", "BID"),
               ("spironolactone", "25 mg", "PO", "daily")),
         proc=None, img=("CXR", "Pulmonary vascular congestion with small bilateral effusions.")),
    dict(key="cap", cc=("cough", "fever", "productive cough and fever"),
         dx=("community-acquired pneumonia", "CAP", "RLL pneumonia"),
         icd="J18.9", service="Medicine", fu="primary care",
         hpi=("{He} reports {dur} of productive cough with yellow-green sputum, fevers to {n:tf} F and rigors.",
              "Associated pleuritic right-sided chest pain and dyspnea.",
              "Sick contacts at home with similar symptoms."),
         results=("WBC {n:wbc} with left shift.", "Procalcitonin {n:pct}.", "CXR: right lower lobe consolidation.",
                  "Blood cultures no growth at 48 hours.", "Lactate {n:lact}."),
         course=("Treated with ceftriaxone 1 g IV q24h and azithromycin 500 mg daily.",
                 "Required up to {n:o2l} L NC, weaned to room air by hospital day 3.",
                 "Afebrile for more than 48 hours prior to discharge.",
                 "Transitioned to oral cefpodoxime to complete a 5-day course."),
         meds=(("cefpodoxime", "200 mg", "PO", "BID"), ("benzonatate", "100 mg", "PO", "TID"),
               ("guaifenesin", "600 mg", "PO", "BID")),
         proc=None, img=("CXR PA/lateral", "Right lower lobe airspace opacity consistent with pneumonia.")),
    dict(key="pyelo", cc=("fever and dysuria", "flank pain", "confusion"),
         dx=("acute pyelonephritis", "sepsis secondary to pyelonephritis", "complicated UTI"),
         icd="N10", service="Medicine", fu="primary care",
         hpi=("{He} reports {dur} of dysuria, urinary frequency and right flank pain.",
              "Family noted new confusion this morning.",
              "Fevers to 102 at home with shaking chills.", "Nausea with poor PO intake."),
         results=("UA: large LE, positive nitrite, >50 WBC/hpf.",
                  "Urine culture grew E. coli >100,000 CFU/mL, pansensitive.",
                  "Lactate {n:lact}, WBC {n:wbc}.", "CT A/P: right perinephric stranding, no hydronephrosis or stone."),
         course=("Received 30 mL/kg IV fluid bolus and ceftriaxone in the ED.",
                 "Mental status returned to baseline by hospital day 2.",
                 "Narrowed to oral ciprofloxacin per sensitivities.",
                 "Hemodynamically stable off pressors throughout."),
         meds=(("ciprofloxacin", "500 mg", "PO", "BID"),), proc=None,
         img=("CT abdomen/pelvis", "Findings compatible with right pyelonephritis.")),
    dict(key="appy", cc=("abdominal pain", "RLQ pain", "periumbilical pain"),
         dx=("acute appendicitis", "acute uncomplicated appendicitis"),
         icd="K35.80", service="General Surgery", fu="general surgery clinic",
         hpi=("{He} reports {dur} of periumbilical pain that migrated to the RLQ, with anorexia and nausea.",
              "One episode of non-bloody emesis.", "Pain worse with movement, {n:pain}/10."),
         results=("WBC {n:wbc}.",
                  "CT A/P: dilated appendix measuring 11 mm with periappendiceal fat stranding, no abscess.",
                  "Lipase and LFTs within normal limits."),
         course=("Taken to the OR for laparoscopic appendectomy.", "Tolerated a regular diet on POD 1.",
                 "Pain controlled with oral analgesics; ambulating independently."),
         meds=(("acetaminophen", "1000 mg", "PO", "TID"), ("oxycodone", "5 mg", "PO", "PRN")),
         proc="laparoscopic appendectomy",
         img=("CT abdomen/pelvis with contrast", "Acute appendicitis without perforation or abscess.")),
    dict(key="chole", cc=("RUQ pain", "abdominal pain after meals", "epigastric pain"),
         dx=("acute calculous cholecystitis", "acute cholecystitis"),
         icd="K80.00", service="General Surgery", fu="general surgery clinic",
         hpi=("{He} reports {dur} of RUQ pain radiating to the right shoulder, worse after fatty meals.",
              "Subjective fevers and nausea.", "Similar but milder episodes over the past several months."),
         results=("RUQ US: gallstones with gallbladder wall thickening to {n:mm} mm, pericholecystic fluid, positive sonographic Murphy sign.",
                  "T bili {n:tbili}, alk phos {n:alp}.", "WBC {n:wbc}."),
         course=("Started on IV piperacillin-tazobactam.",
                 "Underwent laparoscopic cholecystectomy on hospital day 2 without complication.",
                 "Tolerating diet, pain controlled."),
         meds=(("acetaminophen", "650 mg", "PO", "PRN"), ("docusate", "100 mg", "PO", "BID")),
         proc="laparoscopic cholecystectomy",
         img=("RUQ ultrasound", "Findings consistent with acute calculous cholecystitis.")),
    dict(key="hipfx", cc=("fall", "right hip pain", "unable to bear weight"),
         dx=("right femoral neck fracture", "displaced right femoral neck fracture"),
         icd="S72.001A", service="Orthopedics", fu="orthopedics",
         hpi=("{He} had a mechanical fall at home after tripping over a rug, landing on the right side.",
              "Unable to bear weight afterwards; right leg shortened and externally rotated per EMS.",
              "No head strike or LOC. Not on anticoagulation."),
         results=("XR right hip: displaced subcapital femoral neck fracture.", "Hgb {n:hgb} post-op.", "CK {n:ck}."),
         course=("Underwent right hip hemiarthroplasty on hospital day 1.", "Weight bearing as tolerated with PT.",
                 "Post-op delirium managed nonpharmacologically.",
                 "DVT prophylaxis with enoxaparin 40 mg daily x 4 weeks."),
         meds=(("enoxaparin", "40 mg", "SC", "daily"), ("oxycodone", "2.5 mg", "PO", "PRN"),
               ("senna", "8.6 mg", "PO", "qHS")),
         proc="right hip hemiarthroplasty", img=("XR pelvis and right hip", "Displaced right femoral neck fracture."),
         implant=True),
    dict(key="stroke", cc=("left-sided weakness", "slurred speech", "facial droop"),
         dx=("acute ischemic stroke", "right MCA ischemic stroke"),
         icd="I63.511", service="Neurology", fu="neurology / stroke clinic",
         hpi=("Family found {him} with left facial droop and slurred speech; last known well was about {n:mins} minutes prior to arrival.",
              "NIHSS {n:pain} on arrival.", "No prior history of similar symptoms."),
         results=("CT head: no hemorrhage.", "CTA: occlusion of the right M2 branch.",
                  "MRI brain: acute infarct in the right MCA territory.",
                  "LDL {n:ldl}, A1c {n:a1c}%.", "TTE with bubble: no PFO, EF {n:ef}%."),
         course=("Received IV tenecteplase without complication.", "Passed bedside swallow evaluation on day 2.",
                 "Telemetry without atrial fibrillation.", "Started on aspirin and atorvastatin 80 mg."),
         meds=(("aspirin", "81 mg", "PO", "daily"), ("atorvastatin", "80 mg", "PO", "qHS")), proc=None,
         img=("MRI brain without contrast", "Acute infarct in the right MCA territory.")),
    dict(key="dka", cc=("nausea and vomiting", "abdominal pain", "polyuria"), dx=("diabetic ketoacidosis", "DKA"),
         icd="E11.10", service="Medicine / MICU", fu="endocrinology",
         hpi=("{He} reports {dur} of polyuria, polydipsia, nausea and vomiting.",
              "Ran out of insulin about a week ago.",
              "Diffuse abdominal pain without diarrhea."),
         results=("Glucose {n:glu}, bicarb {n:hco3}, anion gap {n:ag}.", "pH {n:ph} on VBG.",
                  "Beta-hydroxybutyrate elevated.", "K {n:k}."),
         course=("Treated with insulin drip and aggressive IV fluids per DKA protocol.",
                 "Gap closed after 14 hours; transitioned to basal-bolus insulin.",
                 "Seen by diabetes educator; insulin pen teaching completed."),
         meds=(("insulin glargine", "24 units", "SC", "qHS"), ("insulin lispro", "6 units", "SC", "TID")), proc=None,
         img=None),
    dict(key="ugib", cc=("black stools", "melena", "lightheadedness"),
         dx=("upper GI bleed secondary to duodenal ulcer", "UGIB"),
         icd="K26.4", service="Medicine / GI", fu="gastroenterology",
         hpi=("{He} reports {dur} of black tarry stools and lightheadedness on standing.",
              "Takes ibuprofen daily for knee pain.",
              "One episode of coffee-ground emesis."),
         results=("Hgb {n:hgb} (baseline 12).", "BUN {n:bun}.", "EGD: 1.5 cm clean-based duodenal bulb ulcer.",
                  "H. pylori serology positive."),
         course=("Transfused 2 units pRBC with appropriate response.",
                 "EGD on hospital day 1 without stigmata of recent bleeding.",
                 "Started on pantoprazole 40 mg BID and H. pylori quadruple therapy.", "NSAIDs discontinued."),
         meds=(("pantoprazole", "40 mg", "PO", "BID"), ("bismuth subsalicylate", "524 mg", "PO", "QID"),
               ("metronidazole", "500 mg", "PO", "TID")),
         proc="esophagogastroduodenoscopy", img=None),
    dict(key="cellulitis", cc=("leg redness", "left leg swelling"),
         dx=("left lower extremity cellulitis", "cellulitis"),
         icd="L03.116", service="Medicine", fu="primary care",
         hpi=("{He} reports {dur} of spreading redness, warmth and pain of the left shin.",
              "Small abrasion from gardening last week.",
              "Low-grade fevers at home."),
         results=("WBC {n:wbc}.", "LE venous duplex negative for DVT.", "CRP {n:crp}."),
         course=("Erythema demarcated and improved on IV cefazolin.",
                 "Transitioned to oral cephalexin to complete 7 days.",
                 "Leg elevation and compression."),
         meds=(("cephalexin", "500 mg", "PO", "QID"),), proc=None, img=("LE venous duplex", "No DVT.")),
    dict(key="copd", cc=("wheezing", "shortness of breath", "increased sputum"),
         dx=("COPD exacerbation", "acute exacerbation of COPD"),
         icd="J44.1", service="Medicine", fu="pulmonology",
         hpi=("{He} reports {dur} of increased dyspnea, wheeze and sputum production.",
              "Current smoker, {n:pack} pack-years.",
              "Used albuterol every 2 hours without relief."),
         results=("VBG pH {n:ph}, pCO2 52.", "CXR hyperinflated without consolidation.",
                  "Respiratory viral panel negative."),
         course=("Treated with prednisone 40 mg daily x 5 days, azithromycin and scheduled nebulizers.",
                 "Weaned from BiPAP to 2 L NC, then to room air.",
                 "Smoking cessation counseling provided; nicotine patch started."),
         meds=(("prednisone", "40 mg", "PO", "daily"), ("nicotine patch", "21 mg/24 hr", "TOP", "daily")), proc=None,
         img=("CXR", "Hyperinflation. No focal consolidation.")),
    dict(key="afib", cc=("palpitations", "racing heart"),
         dx=("atrial fibrillation with rapid ventricular response", "AF with RVR"),
         icd="I48.91", service="Cardiology", fu="cardiology",
         hpi=("{He} reports {dur} of palpitations and fatigue.", "Heart rate at home on a smartwatch was in the 150s.",
              "No syncope or chest pain."),
         results=("ECG: atrial fibrillation, ventricular rate {n:hr}.", "TSH {n:tsh}.",
                  "TTE: EF {n:ef}%, LA moderately dilated."),
         course=("Rate controlled with IV diltiazem, then oral metoprolol.",
                 "Started apixaban 5 mg BID after shared decision-making.",
                 "Converted spontaneously to sinus rhythm on day 2."),
         meds=(("metoprolol succinate", "50 mg", "PO", "daily"), ("apixaban", "5 mg", "PO", "BID")), proc=None,
         img=None),
    dict(key="chb", cc=("syncope", "passing out", "dizziness"),
         dx=("complete heart block", "symptomatic third-degree AV block"),
         icd="I44.2", service="Cardiology / EP", fu="device clinic",
         hpi=("{He} had {n:dose} syncopal episodes over {dur}, without prodrome.",
              "Most recent episode while seated at dinner.",
              "Bystander noted {him} to be pale; regained consciousness within a minute."),
         results=("ECG: complete heart block, ventricular escape rate 38.", "Troponin negative x2.",
                  "Electrolytes normal, K {n:k}."),
         course=("Temporary transvenous pacer placed in the CCU.",
                 "Underwent dual-chamber permanent pacemaker implantation on hospital day 2.",
                 "Device interrogation post-implant with normal parameters.", "Arm restrictions reviewed."),
         meds=(("cephalexin", "500 mg", "PO", "QID"),), proc="dual-chamber permanent pacemaker implantation",
         img=("CXR", "Pacemaker leads in appropriate position. No pneumothorax."),
         implant=True),
    dict(key="pancreatitis", cc=("epigastric pain", "abdominal pain radiating to the back"),
         dx=("acute pancreatitis", "acute alcoholic pancreatitis"),
         icd="K85.20", service="Medicine", fu="gastroenterology",
         hpi=("{He} reports {dur} of severe epigastric pain radiating to the back with nausea.",
              "Drinks about 6 beers daily.",
              "Unable to keep food down."),
         results=("Lipase {n:lipase}.", "Triglycerides 180.", "RUQ US without gallstones.",
                  "AST {n:ast}, ALT {n:alt}."),
         course=("Aggressive IV fluids with LR and pain control.", "Advanced to low-fat diet on hospital day 3.",
                 "CIWA protocol without significant withdrawal.", "Counseled on alcohol cessation."),
         meds=(("thiamine", "100 mg", "PO", "daily"), ("folic acid", "1 mg", "PO", "daily")), proc=None,
         img=("RUQ ultrasound", "No cholelithiasis.")),
    dict(key="mvc", cc=("MVC", "chest wall pain after car accident", "motor vehicle collision"),
         dx=("left rib fractures 5-7 after MVC", "blunt chest trauma"),
         icd="S22.42XA", service="Trauma Surgery", fu="trauma clinic",
         hpi=("{He} was the restrained driver in a {n:mins} mph collision; + airbag deployment.",
              "Self-extricated; ambulatory at the scene.",
              "Complains of left chest wall pain worse with inspiration."),
         results=("CT chest: nondisplaced left rib fractures 5-7, no pneumothorax.", "FAST negative.",
                  "CT head and C-spine negative."),
         course=("Pain controlled with scheduled acetaminophen, lidocaine patches and incentive spirometry.",
                 "IS volumes improved from 750 to 1500 mL.", "Cleared by PT for discharge."),
         meds=(("acetaminophen", "1000 mg", "PO", "TID"), ("lidocaine patch", "4%", "TOP", "daily"),
               ("oxycodone", "5 mg", "PO", "PRN")),
         proc=None,
         img=("CT chest with contrast", "Nondisplaced fractures of the left 5th through 7th ribs. No pneumothorax."),
         vehicle=True),
    dict(key="hypona", cc=("confusion", "weakness", "falls"), dx=("hyponatremia", "SIADH"), icd="E87.1",
         service="Medicine", fu="primary care",
         hpi=("{He} has had {dur} of generalized weakness and two near-falls.",
              "Recently started on hydrochlorothiazide.",
              "Drinks large amounts of water and tea."),
         results=("Na {n:sodium_low} on arrival.", "Serum osm 254, urine osm 410.", "TSH and AM cortisol normal."),
         course=("Thiazide discontinued; fluid restricted to 1.2 L/day.", "Na corrected by less than 8 mEq/L per 24 h.",
                 "Na {n:na} at discharge."),
         meds=(("sodium chloride tablets", "1 g", "PO", "TID"),), proc=None,
         img=("CT head without contrast", "No acute intracranial abnormality.")),
    dict(key="ankle", cc=("ankle pain", "twisted ankle"), dx=("right ankle sprain", "lateral ankle sprain"),
         icd="S93.401A",
         service="Emergency", fu="orthopedics if not improving", minor=True,
         hpi=("{He} inverted the right ankle stepping off a curb {dur} ago.", "Able to bear weight with pain.",
              "No numbness or tingling."),
         results=("XR right ankle: no fracture.",), course=("Ace wrap, crutches and RICE instructions.",),
         meds=(("ibuprofen", "600 mg", "PO", "TID"),), proc=None,
         img=("XR right ankle, 3 views", "No acute fracture or dislocation.")),
    dict(key="lac", cc=("hand laceration", "cut finger"), dx=("laceration of the left hand", "simple laceration"),
         icd="S61.412A",
         service="Emergency", fu="primary care for suture removal", minor=True,
         hpi=("{He} cut the left palm on a kitchen knife about {n:mins} minutes prior to arrival.",
              "Bleeding controlled with pressure.",
              "Tetanus status unknown."),
         results=("3.5 cm linear laceration, no tendon involvement, full ROM and sensation intact.",),
         course=("Irrigated and closed with 5 simple interrupted 4-0 nylon sutures.", "Tdap given."),
         meds=(("cephalexin", "500 mg", "PO", "QID"),), proc="laceration repair", img=None),
    dict(key="migraine", cc=("headache", "migraine"), dx=("migraine without aura", "acute migraine"), icd="G43.009",
         service="Emergency", fu="neurology", minor=True,
         hpi=("{He} reports a throbbing left-sided headache for {dur} with photophobia and nausea.",
              "Similar to prior migraines but not relieved by sumatriptan.",
              "No fever, neck stiffness or focal deficits."),
         results=("Neuro exam nonfocal.",),
         course=("Given metoclopramide 10 mg IV, diphenhydramine and 1 L NS with complete relief.",),
         meds=(("sumatriptan", "50 mg", "PO", "PRN"),), proc=None, img=None),
)

_RAD_EXAMS = (
    ("CT HEAD WITHOUT CONTRAST", "Headache, fall, rule out hemorrhage",
     "Axial images were obtained from the skull base to the vertex without IV contrast.",
     ("No acute intracranial hemorrhage, mass effect or midline shift.", "Gray-white differentiation is preserved.",
      "Mild periventricular white matter hypodensities, likely chronic small vessel ischemic change.",
      "The ventricles and sulci are prominent, consistent with age-related volume loss.",
      "The visualized paranasal sinuses and mastoid air cells are clear."),
     ("No acute intracranial abnormality.", "Chronic small vessel ischemic change.")),
    ("CHEST, PA AND LATERAL", "Cough, fever", "PA and lateral views of the chest.",
     ("The cardiomediastinal silhouette is within normal limits.", "There is a right lower lobe airspace opacity.",
      "No pleural effusion or pneumothorax.", "Degenerative changes of the thoracic spine.",
      "Lungs are hyperinflated."),
     ("Right lower lobe pneumonia.", "No acute cardiopulmonary process.",
      "Follow-up radiographs in 6-8 weeks to document resolution.")),
    ("CT ABDOMEN AND PELVIS WITH IV CONTRAST", "RLQ pain, leukocytosis",
     "Helical CT of the abdomen and pelvis after 100 mL Omnipaque 350 IV.",
     ("The appendix is dilated to 11 mm with surrounding fat stranding.", "No free air or drainable fluid collection.",
      "The liver, spleen, pancreas and adrenal glands are unremarkable.",
      "Scattered colonic diverticula without diverticulitis.",
      "A {n:cm} cm simple cyst in the left kidney.", "No hydronephrosis."),
     ("Acute appendicitis without perforation.", "Incidental left renal cyst, no follow-up needed.")),
    ("MRI BRAIN WITHOUT AND WITH CONTRAST", "Left-sided weakness", "Multiplanar multisequence MRI of the brain.",
     ("Restricted diffusion in the right frontal and parietal cortex.", "No hemorrhage on SWI.",
      "No abnormal enhancement.", "Flow voids are preserved."),
     ("Acute infarct in the right MCA territory.",)),
    ("ULTRASOUND RIGHT UPPER QUADRANT", "RUQ pain", "Grayscale and color Doppler images of the RUQ.",
     ("Multiple shadowing gallstones.", "Gallbladder wall thickened to {n:mm} mm.", "Positive sonographic Murphy sign.",
      "CBD measures 4 mm.", "Liver echotexture is normal."),
     ("Acute calculous cholecystitis.", "Cholelithiasis without sonographic evidence of cholecystitis.")),
    ("CTA CHEST (PE PROTOCOL)", "Dyspnea, elevated D-dimer", "CT angiography of the chest after IV contrast.",
     ("Filling defects in the right lower lobe segmental pulmonary arteries.", "RV/LV ratio 0.8.",
      "No pleural effusion.", "A {n:mm} mm right upper lobe nodule."),
     ("Acute right lower lobe segmental pulmonary emboli without right heart strain.",
      "Indeterminate pulmonary nodule; follow-up CT in 12 months per Fleischner guidelines.")),
    ("BILATERAL SCREENING MAMMOGRAM", "Screening", "Standard CC and MLO views with tomosynthesis.",
     ("The breasts are heterogeneously dense.", "No suspicious masses, calcifications or architectural distortion.",
      "Stable benign-appearing calcifications in the left breast."),
     ("BI-RADS 1: Negative.", "BI-RADS 2: Benign.")),
    ("XR LEFT KNEE, 3 VIEWS", "Knee pain", "AP, lateral and sunrise views.",
     ("Moderate medial joint space narrowing with marginal osteophytes.", "No fracture.", "Small joint effusion."),
     ("Moderate degenerative change of the left knee.",)),
    ("VENOUS DUPLEX, RIGHT LOWER EXTREMITY", "Calf swelling", "Compression and color Doppler of the deep veins.",
     ("Noncompressible right popliteal vein with intraluminal echogenic thrombus.",
      "Normal flow in the common femoral vein."),
     ("Acute DVT of the right popliteal vein.", "No DVT.")),
    ("CT CERVICAL SPINE WITHOUT CONTRAST", "Trauma", "Axial CT with sagittal and coronal reformats.",
     ("No acute fracture or malalignment.", "Multilevel degenerative disc disease, worst at C5-C6.",
      "Prevertebral soft tissues are normal."),
     ("No acute cervical spine fracture.",)),
    ("TRANSTHORACIC ECHOCARDIOGRAM", "Heart failure", "Complete 2D, M-mode and Doppler study.",
     ("LV ejection fraction {n:ef}%.", "Moderate mitral regurgitation.", "RVSP 42 mmHg.",
      "Mild left atrial enlargement."),
     ("Reduced LV systolic function.", "Moderate MR.")),
    ("DEXA SCAN", "Osteoporosis screening", "Lumbar spine and bilateral hip densitometry.",
     ("L1-L4 T-score -2.1.", "Left femoral neck T-score -2.6.", "FRAX 10-year hip fracture risk 4.1%."),
     ("Osteoporosis.", "Osteopenia of the lumbar spine.")),
)

_PROCS = (
    dict(name="Laparoscopic cholecystectomy", pre="Acute calculous cholecystitis", anes="General endotracheal",
         steps=("The patient was placed supine and general anesthesia was induced.",
                "The abdomen was prepped and draped in the usual sterile fashion.",
                "A 12 mm Hasson trocar was placed at the umbilicus and pneumoperitoneum established to 15 mmHg.",
                "Three 5 mm ports were placed under direct vision.", "The critical view of safety was obtained.",
                "The cystic duct and artery were clipped and divided.",
                "The gallbladder was removed from the liver bed with electrocautery and extracted in an Endocatch bag.",
                "Hemostasis was confirmed; the fascia at the umbilicus was closed with 0 Vicryl.",
                "Skin closed with 4-0 Monocryl."),
         findings="Inflamed, distended gallbladder with a stone impacted in the neck.", implant=None),
    dict(name="Laparoscopic appendectomy", pre="Acute appendicitis", anes="General",
         steps=("After induction of general anesthesia the abdomen was prepped and draped.",
                "Access obtained via a 12 mm umbilical port.",
                "The appendix was identified and the mesoappendix divided with a LigaSure device.",
                "The base was transected with an Endo GIA stapler.", "The specimen was removed in a bag.",
                "Ports removed under vision; skin closed with subcuticular 4-0 Monocryl."),
         findings="Inflamed, non-perforated appendix.", implant=None),
    dict(name="Right total hip arthroplasty", pre="Right hip osteoarthritis", anes="Spinal with MAC",
         steps=("Posterolateral approach to the right hip.", "The femoral neck cut was made and the head removed.",
                "The acetabulum was reamed to 52 mm and a press-fit cup was impacted.",
                "The femur was broached and a trial reduction performed.",
                "Final components were impacted with stable range of motion.",
                "The wound was irrigated and closed in layers."),
         findings="Severe degenerative change of the femoral head.",
         implant=("Stryker Trident acetabular shell", "Accolade II femoral stem")),
    dict(name="Left total knee arthroplasty", pre="Left knee tricompartmental osteoarthritis",
         anes="Spinal with adductor canal block",
         steps=("A tourniquet was applied and inflated to 250 mmHg.", "Medial parapatellar arthrotomy.",
                "Distal femoral and proximal tibial cuts were made using cutting guides.",
                "Trial components demonstrated good balance in flexion and extension.",
                "Final components were cemented.", "Closure in layers over a drain."),
         findings="Full-thickness cartilage loss in all three compartments.",
         implant=("Zimmer Persona femoral component", "tibial tray")),
    dict(name="Dual-chamber permanent pacemaker implantation", pre="Complete heart block",
         anes="Local with moderate sedation",
         steps=("The left chest was prepped and draped.", "Access to the left axillary vein under fluoroscopy.",
                "Atrial and ventricular leads were positioned with acceptable thresholds.",
                "The generator was connected and placed in a subcutaneous pocket.",
                "The pocket was irrigated with antibiotic solution and closed in layers."),
         findings="Ventricular threshold 0.5 V at 0.4 ms; R wave 11 mV.",
         implant=("Medtronic Azure XT DR MRI SureScan pacemaker", "ventricular lead")),
    dict(name="Open reduction internal fixation, right distal radius", pre="Displaced right distal radius fracture",
         anes="General with supraclavicular block",
         steps=("Volar Henry approach.", "The fracture was reduced under fluoroscopy.",
                "A volar locking plate was applied with distal locking screws.",
                "Final fluoroscopic images confirmed restoration of radial height and volar tilt.",
                "Closure with 3-0 nylon."),
         findings="Comminuted intra-articular distal radius fracture.",
         implant=("Synthes 2.4 mm volar locking plate",)),
    dict(name="Phacoemulsification with intraocular lens implantation, left eye",
         pre="Visually significant cataract, left eye", anes="Topical with MAC",
         steps=("The eye was prepped with povidone-iodine.", "A 2.4 mm clear corneal incision was made.",
                "Continuous curvilinear capsulorhexis.",
                "Phacoemulsification of the nucleus.", "The IOL was injected into the capsular bag.",
                "Wounds hydrated and found watertight."),
         findings="Dense nuclear sclerotic cataract.", implant=("Alcon AcrySof IQ intraocular lens",)),
    dict(name="Open left inguinal hernia repair with mesh", pre="Left inguinal hernia", anes="General LMA",
         steps=("Oblique incision over the left groin.", "The indirect hernia sac was dissected free and reduced.",
                "A polypropylene mesh was secured to the shelving edge of the inguinal ligament.",
                "External oblique closed with 2-0 Vicryl."),
         findings="Moderate indirect inguinal hernia.", implant=("Bard polypropylene mesh",)),
    dict(name="Colonoscopy with cold snare polypectomy", pre="Screening colonoscopy; family history of colon cancer",
         anes="MAC with propofol",
         steps=("The colonoscope was advanced to the cecum, identified by the appendiceal orifice and ileocecal valve.",
                "Bowel prep was good (BBPS 8).",
                "A 6 mm sessile polyp in the ascending colon was removed with cold snare.",
                "Withdrawal time 9 minutes."),
         findings="One 6 mm ascending colon polyp; small internal hemorrhoids.", implant=None),
)

# Section header spellings per section key (per note one is chosen).
_EN_HEAD = {
    "cc": ("Chief Complaint", "CC", "Reason for Visit", "Chief complaint", "Presenting Complaint"),
    "hpi": ("History of Present Illness", "HPI", "History of Presenting Illness", "Present Illness",
            "Interval History"),
    "pmh": ("Past Medical History", "PMH", "PMHx", "Medical History", "Past Medical Hx"),
    "psh": ("Past Surgical History", "PSH", "Surgical History", "PSHx"),
    "meds": ("Medications", "Home Medications", "Current Medications", "Meds", "Outpatient Medications",
             "Medications Prior to Admission"),
    "all": ("Allergies", "ALL", "Drug Allergies", "Allergies/ADRs"),
    "sh": ("Social History", "SH", "Social Hx", "Social"),
    "fh": ("Family History", "FH", "Family Hx"),
    "ros": ("Review of Systems", "ROS", "Systems Review"),
    "pe": ("Physical Exam", "Physical Examination", "PE", "Exam", "Examination"),
    "vs": ("Vital Signs", "Vitals", "VS"),
    "labs": ("Labs", "Laboratory Data", "Pertinent Results", "Lab Results", "Data", "Labs/Studies"),
    "img": ("Imaging", "Radiology", "Studies", "Imaging Studies"),
    "ap": ("Assessment and Plan", "Assessment/Plan", "A/P", "Impression and Plan", "Assessment & Plan", "Plan"),
    "course": ("Hospital Course", "Brief Hospital Course", "Hospital Course by Problem", "Summary of Hospital Course"),
    "dcdx": ("Discharge Diagnoses", "Discharge Diagnosis", "Final Diagnoses", "Principal Diagnosis"),
    "admdx": ("Admission Diagnosis", "Admitting Diagnosis", "Reason for Admission"),
    "dcmeds": ("Discharge Medications", "Medications at Discharge", "Discharge Medication List"),
    "fu": ("Follow-up", "Follow Up Appointments", "Follow-Up", "Disposition/Follow-up", "Appointments"),
    "instr": ("Discharge Instructions", "Patient Instructions", "Instructions"),
    "cond": ("Condition at Discharge", "Discharge Condition", "Condition"),
    "dispo": ("Disposition", "Discharge Disposition", "Discharged To"),
    "proc": ("Procedures", "Procedures Performed", "Operations/Procedures"),
    "cons": ("Consults", "Consultations", "Consulting Services"),
    "code": ("Code Status", "Code"),
    "mdm": ("Medical Decision Making", "MDM", "ED Course", "ED Course/MDM"),
    "dispo_ed": ("Disposition", "Dispo", "ED Disposition"),
    "triage": ("Triage", "Triage Note", "Triage Assessment"),
}


# --------------------------------------------------------------------------------------------------
# English note context: one fake patient, their people, places and identifiers
# --------------------------------------------------------------------------------------------------

_UPPER = "ABCDEFGHIJKLMNOPRSTVW"
_CREDS = {"att": ("MD", "MD", "DO", "M.D."), "res": ("MD", "MD, PGY-2", "DO, PGY-1", "MD (resident)"),
          "pcp": ("MD", "DO", "NP", "MD", "FNP-C"), "cons": ("MD", "MD, FACC", "MD, PhD", "DO"),
          "surg": ("MD", "MD, FACS", "DO"), "rad": ("MD", "MD", "DO"), "rn": ("RN", "RN, BSN", "LPN"),
          "sw": ("LICSW", "LCSW", "MSW"), "pharm": ("PharmD", "RPh"), "anes": ("MD", "CRNA"),
          "ref": ("MD", "DO", "NP", "PA-C"), "np": ("NP", "ANP-BC", "PA-C"), "ed": ("MD", "DO", "MD, FACEP")}


def _city_name(r: random.Random) -> str:
    k = r.random()
    if k < 0.55:
        return r.choice(_CITY_A) + r.choice(_CITY_B)
    if k < 0.75:
        return r.choice(_CITY_PRE) + " " + r.choice(_CITY_A) + r.choice(_CITY_B)
    return r.choice(_CITY_A) + r.choice(_CITY_B) + " " + r.choice(_CITY_POST)


def _en_facility(r: random.Random, kind: str = "hospital") -> str:
    city = _city_name(r)
    if kind == "hospital":
        return r.choice((
            f"{city} General Hospital", f"{city} Regional Medical Center", f"{city} Community Hospital",
            f"St. {r.choice(_SAINTS)} Hospital", f"Saint {r.choice(_SAINTS)}'s Medical Center",
            f"{r.choice(_EN_LAST)} Memorial Hospital", f"{r.choice(_PLACES)} Medical Center",
            f"{r.choice(_PLACES)} Hospital",
            f"{city} VA Medical Center", f"University Hospital of {city}", f"{r.choice(_PLACES)} Health System",
            f"{city} Memorial"))
    if kind == "nh":
        return r.choice((f"{r.choice(_PLACES)} Nursing and Rehabilitation Center", f"{r.choice(_PLACES)} Manor",
                         f"{city} Skilled Nursing Facility", f"The Gardens at {city}",
                         f"{r.choice(_PLACES)} Care Center",
                         f"{r.choice(_PLACES)} Rehabilitation Hospital", f"{city} Assisted Living",
                         f"{r.choice(_PLACES)} Hospice House"))
    if kind == "clinic":
        return r.choice((f"{city} Family Medicine", f"{r.choice(_PLACES)} Primary Care",
                         f"{city} Internal Medicine Associates",
                         f"{r.choice(_PLACES)} Community Health Center", f"{city} Cardiology Group",
                         f"{r.choice(_PLACES)} Medical Group",
                         f"{r.choice(_EN_LAST)} Family Practice", f"{city} Urgent Care",
                         f"{r.choice(_PLACES)} Heart Institute",
                         f"{city} Dialysis Center", f"{r.choice(_EN_LAST)} Cancer Institute"))
    if kind == "pharm":
        return r.choice((f"{r.choice(_PLACES)} Pharmacy", f"{city} Drug", f"{r.choice(_EN_LAST)}'s Pharmacy",
                         f"{city} Apothecary", f"{r.choice(_PLACES)} Community Pharmacy"))
    raise ValueError(kind)


def _slug(s: str) -> str:
    return re.sub(r"[^a-z0-9]+", "", s.lower())


class _En(_Ctx):
    def __init__(self, r: random.Random) -> None:
        super().__init__(r)
        self.male = r.random() < 0.5
        self.first = r.choice(_EN_MALE if self.male else _EN_FEMALE)
        self.last = r.choice(_EN_LAST)
        self.mid = r.choice(_UPPER) if r.random() < 0.35 else ""
        # Over-sample the 90+ band so AGE has enough gold; younger ages stay the majority.
        self.age = r.randint(90, 104) if r.random() < 0.17 else int(r.triangular(19, 89.99, 66))
        self.enc = _rand_date(r, _ENC_LO, _ENC_HI)
        y = self.enc.year - self.age
        bm, bd = r.randint(1, 12), r.randint(1, 28)
        if (bm, bd) > (self.enc.month, self.enc.day):
            y -= 1
        self.dob = _D(y, bm, bd)
        self.los = r.randint(1, 9)
        self.adm = _shift(self.enc, -self.los)
        self.style = r.choice(_EN_PRIMARY)
        self.pstyles = r.sample(range(9), 2)
        self.hstyle = r.randrange(7)
        npmh = r.randint(1, 3) + (self.age > 60) + (self.age > 75) + (r.random() < 0.3)
        fits = [p for p in _CHRONIC if self._fits(p[0])]
        self.pmh = r.sample(fits, min(npmh, len(fits)))
        self.scen = r.choice(_SCEN)
        self.proc = None
        self._people: dict[str, tuple[str, str, str]] = {}

    def _fits(self, problem: str) -> bool:
        sex, min_age = _CHRONIC_FIT.get(problem, (None, 0))
        return self.age >= min_age and (sex is None or (sex == "M") == self.male)

    def outpatient(self) -> None:
        """Clinic / video / phone notes get a problem that is seen outside hospital."""
        while self.scen["key"] not in _OUTPATIENT_SCEN:
            self.scen = self.pick(_SCEN)

    def inpatient(self) -> None:
        """Admission-type notes need a scenario that gets admitted."""
        while self.scen.get("minor"):
            self.scen = self.pick(_SCEN)

    # ---- patient name ------------------------------------------------------------------------------
    def _title(self) -> str:
        if self.male:
            return self.pick(("Mr. ", "Mr. ", "Mr. ", "Mr "))
        return self.pick(("Ms. ", "Ms. ", "Mrs. ", "Mrs. ", "Miss ", "Ms "))

    def _full(self) -> tuple[str, str]:
        if self.mid and self.chance(0.5):
            return (f"{self.first} {self.mid}. {self.last}", "NAME")
        return (f"{self.first} {self.last}", "NAME")

    def s_pt(self, arg=None):
        k = self.r.random()
        if k < 0.20:
            return self._full()
        if k < 0.52:
            return [self._title(), (self.last, "NAME")]
        if k < 0.60:
            return [self._title(), self._full()]
        if k < 0.72:
            return (self.first, "NAME")
        if k < 0.80:
            return (self.last, "NAME")
        if k < 0.90:
            return (f"{self.first[0]}. {self.last}", "NAME")
        return (f"{self.last}, {self.first}", "NAME")

    def s_ptt(self, arg=None):  # titled form only, the usual way notes refer back to the patient
        return [self._title(), (self.last, "NAME")] if self.chance(0.8) else self._full()

    def s_ptfirst(self, arg=None):
        return (self.first, "NAME")

    def s_ptname(self, arg=None):  # header/label form
        k = self.r.randrange(7)
        m = f" {self.mid}" if self.mid else ""
        v = (f"{self.last}, {self.first}{m}", f"{self.last.upper()}, {self.first.upper()}{m}",
             f"{self.first} {self.last}",
             f"{self.first}{m + '.' if m else ''} {self.last}", f"{self.last.upper()}, {self.first.upper()}",
             f"{self.first} {self.last}", f"{self.last}, {self.first}")[k]
        return (v, "NAME")

    def s_ptinit(self, arg=None):
        return (f"{self.first[0]}.{self.mid + '.' if self.mid else ''} {self.last}", "NAME")

    # ---- pronouns and demographics -----------------------------------------------------------------
    def s_he(self, arg=None):
        return "he" if self.male else "she"

    def s_He(self, arg=None):
        return "He" if self.male else "She"

    def s_his(self, arg=None):
        return "his" if self.male else "her"

    def s_His(self, arg=None):
        return "His" if self.male else "Her"

    def s_him(self, arg=None):
        return "him" if self.male else "her"

    def s_man(self, arg=None):
        return self.pick(("man", "gentleman", "male")) if self.male else self.pick(("woman", "lady", "female"))

    def s_MF(self, arg=None):
        return "M" if self.male else "F"

    def s_sex(self, arg=None):
        return self.pick(("Male", "M", "male")) if self.male else self.pick(("Female", "F", "female"))

    def _agep(self, n: int):
        return (str(n), "AGE") if n >= 90 else str(n)

    def s_agen(self, arg=None):
        return self._agep(self.age)

    def s_age(self, arg=None):
        a = self._agep(self.age)
        k = self.r.randrange(8)
        return ([a, "-year-old"], [a, " yo"], [a, " y/o"], [a, "-year-old"], [a, " year old"], [a, "-yr-old"],
                [a, "-year-old"], [a, "yo"])[k]

    def s_agesex(self, arg=None):  # "67M", "92 y.o. F", "67 yo F"
        a = self._agep(self.age)
        mf = "M" if self.male else "F"
        return self.pick(([a, mf], [a, " y.o. ", mf], [a, " yo ", mf], [a, "/", mf], [a, " ", mf]))

    # ---- dates -------------------------------------------------------------------------------------
    def _dstyle(self, need_year: bool = False) -> str:
        if self.chance(0.7):
            return self.style
        return self.pick(_EN_FULL_STYLES if need_year else _EN_FULL_STYLES + _EN_SHORT_STYLES)

    def _d(self, d: _D, need_year: bool = False):
        return (_en_date(d, self._dstyle(need_year)), "DATE")

    def s_enc(self, arg=None):
        return self._d(self.enc, True)

    def s_adm(self, arg=None):
        return self._d(self.adm, True)

    def s_dc(self, arg=None):
        return self._d(self.enc, True)

    def s_dob(self, arg=None):
        return self._d(self.dob, True)

    def s_d(self, arg=None):  # a date during the stay / around the visit
        d = _shift(self.enc, -self.r.randint(0, self.los + 3))
        return self._d(d)

    def s_dshort(self, arg=None):
        d = _shift(self.enc, -self.r.randint(0, self.los + 2))
        return (_en_date(d, self.pick(_EN_SHORT_STYLES)), "DATE")

    def s_dord(self, arg=None):  # "on the 14th": the span is "14th"
        d = _shift(self.enc, -self.r.randint(1, 20))
        return (_ordinal(d.day), "DATE")

    def s_dpast(self, arg=None):  # months-to-years ago
        d = _shift(self.enc, -self.r.randint(60, 3000))
        return (_en_date(d, self.pick(_EN_FULL_STYLES + ("Mon yyyy", "Month yyyy", "Mon yyyy"))), "DATE")

    def s_dmy(self, arg=None):
        d = _shift(self.enc, -self.r.randint(30, 2500))
        return (_en_date(d, self.pick(("Mon yyyy", "Month yyyy"))), "DATE")

    def s_dfu(self, arg=None):
        d = _shift(self.enc, self.r.randint(5, 60))
        return self._d(d)

    def s_year(self, arg=None):  # a year on its own is not PHI
        return str(self.enc.year - self.r.randint(1, 18))

    def s_time(self, arg=None):
        h, m = self.r.randrange(24), self.r.randrange(0, 60, 1)
        k = self.r.randrange(3)
        if k == 0:
            return f"{h:02d}:{m:02d}"
        if k == 1:
            return f"{h:02d}{m:02d}"
        return f"{(h % 12) or 12}:{m:02d} {'AM' if h < 12 else 'PM'}"

    def s_dur(self, arg=None):
        return self.pick(("2 days", "3 days", "1 week", "several days", "4-5 days", "24 hours", "2 weeks", "6 hours",
                          "three days", "about a week", "5 days", "48 hours", "10 days"))

    # ---- people ------------------------------------------------------------------------------------
    def person(self, role: str) -> tuple[str, str, str]:
        p = self._people.get(role)
        if p is None:
            male = self.r.random() < 0.5
            p = (self.pick(_EN_MALE if male else _EN_FEMALE), self.pick(_EN_LAST), self.pick(_CREDS.get(role, ("MD",))))
            self._people[role] = p
        return p

    def s_dr(self, role="att"):  # in-text reference
        first, last, cred = self.person(role)
        if cred in ("RN", "RN, BSN", "LPN", "LICSW", "LCSW", "MSW", "PharmD", "RPh", "CRNA", "NP", "ANP-BC", "PA-C",
                    "FNP-C"):
            return self.pick(([(f"{first} {last}", "NAME"), f", {cred}"], (first, "NAME"), (f"{first} {last}", "NAME")))
        k = self.r.randrange(6)
        if k < 3:
            return ["Dr. ", (last, "NAME")]
        if k == 3:
            return ["Dr. ", (f"{first} {last}", "NAME")]
        if k == 4:
            return ["Dr ", (last, "NAME")]
        return [(f"{first} {last}", "NAME"), f", {cred}"]

    def s_drsig(self, role="att"):  # signature / header form
        first, last, cred = self.person(role)
        mi = self.pick(_UPPER)
        k = self.r.randrange(6)
        if k == 0:
            return [(f"{first} {last}", "NAME"), f", {cred}"]
        if k == 1:
            return [(f"{first} {mi}. {last}", "NAME"), f", {cred}"]
        if k == 2:
            return [(f"{last}, {first}", "NAME"), f" {cred}"]
        if k == 3:
            return [(f"{first.upper()} {last.upper()}", "NAME"), f", {cred.upper()}"]
        if k == 4:
            return [(f"{first[0]}. {last}", "NAME"), f", {cred}"]
        return [(f"{first} {last}", "NAME"), f" {cred}"]

    def s_drlast(self, role="att"):
        return (self.person(role)[1], "NAME")

    def s_drfirst(self, role="att"):
        return (self.person(role)[0], "NAME")

    def _relative(self):
        def mk():
            r = self.r
            rels = ["daughter", "son", "niece", "nephew", "sister", "brother", "grandson", "granddaughter", "friend",
                    "neighbor"]
            if self.age > 25:
                rels += ["wife" if self.male else "husband"] * 3
            if self.age < 55:
                rels += ["mother", "father"]
            rel = r.choice(rels)
            male = rel in ("son", "nephew", "brother", "grandson", "husband",
                           "father") or (rel in ("friend", "neighbor") and r.random() < 0.5)
            first = r.choice(_EN_MALE if male else _EN_FEMALE)
            last = self.last if rel in ("wife", "husband", "son", "grandson", "brother",
                                        "father") and r.random() < 0.8 else r.choice(_EN_LAST)
            return rel, first, last
        return self.once("rel", mk)

    def s_relw(self, arg=None):
        return self._relative()[0]

    def s_reln(self, arg=None):
        rel, first, last = self._relative()
        k = self.r.randrange(4)
        if k == 0:
            return (first, "NAME")
        if k == 1:
            return (f"{first} {last}", "NAME")
        if k == 2 and rel not in ("son", "daughter", "grandson", "granddaughter", "niece", "nephew", "friend",
                                  "neighbor"):
            return [("Mr. " if rel in ("husband", "brother", "father") else "Mrs. "), (last, "NAME")]
        return (first, "NAME")

    def s_rel(self, arg=None):  # "his daughter, Maria" / "wife (Linda Park)"
        rel, _, _ = self._relative()
        k = self.r.randrange(4)
        name = self.s_reln()
        if k == 0:
            return [f"{self.s_his()} {rel}, ", name]
        if k == 1:
            return [f"{self.s_his()} {rel} ", name]
        if k == 2:
            return [f"{rel} (", name, ")"]
        return [name, f" ({rel})"]

    def s_relage(self, arg=None):  # an older relative's age, sometimes over 89
        n = self.r.randint(86, 101)
        return self._agep(n)

    # ---- identifiers -------------------------------------------------------------------------------
    def _phone_digits(self, key: str) -> tuple[str, str, str]:
        return self.once("ph:" + key,
                         lambda: (self.pick(_AREA_CODES), str(self.r.randint(200, 999)), _digits(self.r, 4)))

    def _fmt_phone(self, a: str, b: str, c: str, ext_ok: bool) -> str:
        k = self.pick(self.pstyles) if self.chance(0.75) else self.r.randrange(9)
        s = (f"({a}) {b}-{c}", f"{a}-{b}-{c}", f"{a}.{b}.{c}", f"+1 {a} {b} {c}", f"+1 ({a}) {b}-{c}",
             f"{a} {b} {c}", f"{a}{b}{c}", f"1-{a}-{b}-{c}", f"({a}){b}-{c}")[k]
        if ext_ok and self.chance(0.3):
            s += self.pick((" ext. ", " x", " ext ", " Ext. ")) + str(self.r.randint(100, 9999))
        return s

    def s_phone(self, key="home"):
        return (self._fmt_phone(*self._phone_digits(key), ext_ok=key in ("clinic", "office", "cons", "fac")), "PHONE")

    def s_fax(self, key="clinic"):
        return (self._fmt_phone(*self._phone_digits("fax:" + key), ext_ok=False), "FAX")

    def s_email(self, arg="pt"):
        def mk():
            r = self.r
            if arg == "pt":
                f, l = _slug(self.first), _slug(self.last)
            elif arg == "rel":
                _, f, l = self._relative()
                f, l = _slug(f), _slug(l)
            else:
                f, l = _slug(self.person(arg)[0]), _slug(self.person(arg)[1])
                return f"{f[0]}{l}@{_slug(self._fac('hospital'))[:14]}.org"
            local = r.choice((f"{f}.{l}", f"{f[0]}{l}", f"{f}{l}{r.randint(1, 99)}", f"{f}_{l}",
                              f"{l}.{f}{r.randint(50, 99)}",
                              f"{f}{r.randint(1940, 2005)}", f"{f[0]}{l}{r.randint(1, 999)}"))
            return f"{local}@{r.choice(_EMAIL_DOMAINS)}"
        return (self.once("em:" + arg, mk), "EMAIL")

    def s_ssn(self, arg=None):
        def mk():
            r = self.r
            area = r.randint(1, 899)
            if area == 666:
                area = 667
            return f"{area:03d}-{r.randint(1, 99):02d}-{r.randint(1, 9999):04d}"
        v = self.once("ssn", mk)
        return (v.replace("-", "") if self.chance(0.1) else v, "SSN")

    def s_ssn4(self, arg=None):
        return (self.s_ssn()[0][-4:], "SSN")

    def s_mrn(self, arg=None):
        def mk():
            r = self.r
            k = r.randrange(6)
            return (_digits(r, 8), _digits(r, 7), "00" + _digits(r, 8),
                    f"{_digits(r, 3)}-{_digits(r, 2)}-{_digits(r, 2)}",
                    "M" + _digits(r, 7), f"{r.choice('ABCEKMRT')}{r.choice('ABCEKMRT')}{_digits(r, 6)}")[k]
        return (self.once("mrn", mk), "MRN")

    def s_acc(self, arg=None):  # accession numbers are record numbers
        return (self.once("acc",
                          lambda: self.pick(("", "RAD", "CT", "A")) + _digits(self.r, self.r.choice((7, 8, 9)))), "MRN")

    def s_acct(self, arg=None):
        def mk():
            r = self.r
            return r.choice((_digits(r, 10), "A" + _digits(r, 9), f"{_digits(r, 4)}-{_digits(r, 3)}-{_digits(r, 2)}",
                             "HAR " + _digits(r, 9), _digits(r, 12)))
        v = self.once("acct", mk)
        if v.startswith("HAR "):  # "HAR" is the account type, not part of the number
            return ["HAR ", (v[4:], "ACCOUNT")]
        return (v, "ACCOUNT")

    def s_plan(self, arg=None):
        def mk():
            r = self.r
            k = r.randrange(6)
            if k == 0:  # Medicare beneficiary identifier shape
                L = "ACDEFGHJKMNPQRTUVWXY"
                v = (str(r.randint(1, 9)) + r.choice(L) + r.choice(L + "0123456789") + str(r.randrange(10)) + "-" + r.choice(L)
                     + r.choice(L + "0123456789") + str(r.randrange(10)) + "-" + r.choice(L) + r.choice(L) + _digits(r, 2))
                return v
            return (None, r.choice("XYZWHJ") + r.choice("ABCDEGHK") + r.choice("ABCDEGHK") + _digits(r, 9),
                    "W" + _digits(r, 9),
                    _digits(r, 3) + "-" + _digits(r, 2) + "-" + _digits(r, 4) + "-" + _digits(r, 2),
                    "MBR" + _digits(r, 8),
                    _digits(r, 11) + r.choice("ABCD"))[k]
        return (self.once("plan", mk), "HEALTH_PLAN")

    def s_payer(self, arg=None):
        return self.once("payer", lambda: self.pick(_PAYERS))

    def s_natid(self, arg=None):
        def mk():
            r = self.r
            A = "ABCDEFGHJKLMNPRSTUVWXYZ"
            k = r.randrange(6)
            if k == 0:
                return "Passport #: ", _alnum(r, 2, A) + _digits(r, 7)
            if k == 1:
                return "Alien Registration #: ", f"A{_digits(r, 3)}-{_digits(r, 3)}-{_digits(r, 3)}"
            if k == 2:
                return "Aadhaar: ", f"{r.randint(2, 9)}{_digits(r, 3)} {_digits(r, 4)} {_digits(r, 4)}"
            if k == 3:
                return "CURP: ", (_alnum(r, 4, A) + _digits(r, 6) + r.choice("HM") + _alnum(r, 5, A) + _digits(r, 2))
            if k == 4:
                return "Canadian SIN: ", f"{r.randint(1, 7)}{_digits(r, 2)} {_digits(r, 3)} {_digits(r, 3)}"
            return "National ID card: ", _digits(r, 10)
        lab, v = self.once("natid", mk)
        return (v, "NATIONAL_ID") if arg == "bare" else [lab, (v, "NATIONAL_ID")]

    def s_dl(self, arg=None):
        def mk():
            r = self.r
            return r.choice((r.choice("ABDEFGHJKLMNPRSTWY") + _digits(r, 7), _digits(r, 9),
                             f"S{_digits(r, 3)}-{_digits(r, 4)}-{_digits(r, 4)}",
                             f"{r.choice('ABCDEFGHJKLMNPRSTVWXYZ')}{_digits(r, 3)}-{_digits(r, 3)}-{_digits(r, 2)}-{_digits(r, 3)}-0",
                             f"{r.choice('ABCDEFGHJKLMNPRSTVWXYZ')}{_digits(r, 12)}"))
        return (self.once("dl", mk), "LICENSE")

    def s_dea(self, role="att"):
        return (self.once("dea:" + role, lambda: _dea(self.r, self.person(role)[1])), "LICENSE")

    def s_npi(self, role="att"):
        return (self.once("npi:" + role, lambda: _npi(self.r)), "LICENSE")

    def s_medlic(self, role="att"):
        return (self.once("lic:" + role,
                          lambda: self.pick(("", "MD", "DO", "")) + _digits(self.r, self.r.choice((5, 6, 7)))),
                          "LICENSE")

    def s_plate(self, arg=None):
        def mk():
            r = self.r
            A = "ABCDEFGHJKLMNPRSTUVWXYZ"
            return r.choice((f"{r.randint(1, 9)}{_alnum(r, 3, A)}{_digits(r, 3)}", f"{_alnum(r, 3, A)}-{_digits(r, 4)}",
                             f"{_alnum(r, 3, A)} {_digits(r, 4)}", f"{_digits(r, 3)} {_alnum(r, 3, A)}",
                             f"{_alnum(r, 2, A)}{_digits(r, 2)}{_alnum(r, 3, A)}",
                             f"{r.randint(1, 9)}{_alnum(r, 2, A)}-{_digits(r, 4)}"))
        return (self.once("plate", mk), "VEHICLE")

    def s_vin(self, arg=None):
        return (self.once("vin", lambda: _vin(self.r)), "VEHICLE")

    def s_car(self, arg=None):  # make/model/year/colour are not identifiers
        return f"{self.r.randint(2004, 2022)} {self.pick(_COLORS)} {self.pick(_CARS)}"

    def s_serial(self, arg=None):
        def mk():
            r = self.r
            A = "ABCDEFGHJKLMNPRSTUVWXYZ"
            return r.choice((f"{_alnum(r, 3, A)}{_digits(r, 6)}{r.choice('SHGR')}", f"{_digits(r, 4)}-{_digits(r, 5)}",
                             f"SN{_digits(r, 8)}", f"{_alnum(r, 2, A)}{_digits(r, 7)}", f"{_digits(r, 10)}",
                             f"{_alnum(r, 4, A)}-{_alnum(r, 4)}-{_digits(r, 3)}"))
        return (self.once("serial:" + (arg or ""), mk), "DEVICE")

    def s_lot(self, arg=None):
        r = self.r
        return (self.pick((f"{_digits(r, 4)}{self.pick('ABCDEFGH')}{_digits(r, 3)}", f"{_digits(r, 8)}",
                           f"{_alnum(r, 2, 'ABCDEFGHJKLMNPRSTUVWXYZ')}{_digits(r, 6)}", f"L{_digits(r, 7)}")), "DEVICE")

    def s_udi(self, arg=None):  # GS1 UDI device identifier with serial
        r = self.r
        return (f"(01){_digits(r, 14)}(21){_digits(r, 8)}", "DEVICE")

    def s_url(self, arg="portal"):
        def mk():
            r = self.r
            f, l = _slug(self.first), _slug(self.last)
            fac = _slug(self._fac("hospital"))[:16]
            tok = _alnum(r, 8, "abcdefghjkmnpqrstuvwxyz23456789")
            if arg == "tele":
                return r.choice((f"https://telehealth.{fac}.org/join/{tok}",
                                 f"https://{fac}.zoomgov.example/j/{_digits(r, 10)}",
                                 f"https://vv.{fac}.org/visit?room={tok}"))
            if arg == "fund":
                return r.choice((f"https://www.gofundme.com/f/help-{f}-{l}", f"www.caringbridge.org/visit/{f}{l}",
                                 f"https://www.mealtrain.com/trains/{tok}", f"http://{f}{l}.blogspot.com"))
            return r.choice((f"https://mychart.{fac}.org/MyChart/Visit?id={_digits(r, 9)}",
                             f"https://portal.{fac}.org/p/{tok}",
                             f"https://{fac}.followmyhealth.com/patient/{_digits(r, 8)}",
                             f"https://records.{fac}.org/req/{tok}"))
        return (self.once("url:" + (arg or ""), mk), "URL")

    def s_ip(self, arg=None):
        r = self.r
        k = r.randrange(5)
        if k == 0:
            return (f"10.{r.randrange(256)}.{r.randrange(256)}.{r.randint(1, 254)}", "IP_ADDRESS")
        if k == 1:
            return (f"192.168.{r.randrange(256)}.{r.randint(1, 254)}", "IP_ADDRESS")
        if k in (2, 3):
            return (f"{r.choice((24, 50, 66, 67, 68, 71, 73, 76, 98, 104, 108, 172, 174, 184, 198))}.{r.randrange(256)}."
                    f"{r.randrange(256)}.{r.randint(1, 254)}", "IP_ADDRESS")
        groups = [f"{r.randrange(65536):x}" for _ in range(4)]
        return (self.pick((f"2601:{groups[0]}:{groups[1]}:{groups[2]}::{groups[3]}",
                           f"2001:db8:{groups[0]}:{groups[1]}:{groups[2]}:{groups[3]}:{r.randrange(65536):x}:{r.randrange(65536):x}",
                           f"fe80::{groups[0]}:{groups[1]}:{groups[2]}:{groups[3]}")), "IP_ADDRESS")

    # ---- places ------------------------------------------------------------------------------------
    def _fac(self, kind: str) -> str:
        return self.once("fac:" + kind,
                         lambda: _en_facility(self.r,
                                              kind if kind in ("hospital", "nh", "clinic", "pharm") else "clinic"))

    def s_fac(self, kind="hospital"):
        name = self._fac(kind)
        if kind == "hospital" and name.startswith(("St. ", "Saint ")) and self.chance(0.25):
            # Short forms ("St. Mary's") are how staff actually write them.
            saint = name.split()[1]
            saint = saint[:-2] if saint.endswith("'s") else saint
            return (f"St. {saint}'s", "FACILITY")
        return (name, "FACILITY")

    def s_ofac(self, arg=None):  # an outside hospital
        return (self.once("fac:other", lambda: _en_facility(self.r, "hospital")), "FACILITY")

    def _addr(self, key: str) -> tuple[str, str, str, str]:
        def mk():
            r = self.r
            street = r.choice(_STREETS)
            num = str(r.choice((r.randint(1, 99), r.randint(100, 999), r.randint(1000, 9999), r.randint(10000, 29999))))
            pre = (r.choice(_DIRS) + " ") if r.random() < 0.2 else ""
            line = f"{num} {pre}{street} {r.choice(_STREET_SFX)}"
            k = r.random()
            if k < 0.12:
                line = f"PO Box {r.randint(10, 9999)}"
            elif k < 0.4:
                line += r.choice((", Apt ", " Apt. ", ", Unit ", " #", ", Suite ", ", Apt. ", " Fl ")) + r.choice(
                    (str(r.randint(1, 30)) + r.choice(("", "A", "B", "C", "D")), str(r.randint(101, 1210))))
            zip5 = f"{r.randint(1, 99999):05d}"
            z = zip5 + (f"-{r.randint(1, 9999):04d}" if r.random() < 0.3 else "")
            return line, _city_name(r), r.choice(_STATES), z
        return self.once("addr:" + key, mk)

    def s_street(self, key="pt"):
        return (self._addr(key)[0], "ADDRESS")

    def s_city(self, key="pt"):
        return (self._addr(key)[1], "CITY")

    def s_state(self, key="pt"):
        return self._addr(key)[2]

    def s_zip(self, key="pt"):
        return (self._addr(key)[3], "ZIP")

    def s_streetname(self, key="pt"):  # "Hawthorne Street" on its own is still a street address
        return (self.once("sn:" + key,
                          lambda: f"{self.pick(_STREETS)} {self.pick(('Street', 'Avenue', 'Road', 'Lane', 'Drive'))}"),
                          "ADDRESS")

    def s_cityline(self, key="pt"):  # "Oakfield, MA 01234"
        line, city, st, z = self._addr(key)
        sep = self.pick((", ", ", ", " "))
        return [(city, "CITY"), f"{sep}{st} ", (z, "ZIP")]

    def s_addr1(self, key="pt"):  # one-line full address
        return [self.s_street(key), self.pick((", ", ", ", " ")), self.s_cityline(key)]

    def s_addr2(self, key="pt"):  # two-line block
        return [self.s_street(key), "\n", self.s_cityline(key)]

    # ---- clinical ----------------------------------------------------------------------------------
    def s_cc(self, arg=None):
        # One complaint per note, with an occasional synonym, as a real chart reads.
        main = self.once("cc", lambda: self.pick(self.scen["cc"]))
        return self.pick(self.scen["cc"]) if self.chance(0.15) else main

    def s_dx(self, arg=None):
        return self.pick(self.scen["dx"])

    def s_service(self, arg=None):
        return self.scen["service"]

    def s_pmhlist(self, arg=None):
        names = [self.pick((p[0],) + p[1]) for p in self.pmh]
        if len(names) == 1:
            return names[0]
        return ", ".join(names[:-1]) + self.pick((", and ", " and ", ", ")) + names[-1]

    def s_fu_svc(self, arg=None):
        return _cap(self.scen["fu"]) if self.chance(0.5) else self.scen["fu"]

    def s_pre(self, arg=None):
        return self.proc["pre"].lower()

    def s_rx(self, arg=None):
        return self.medline(self.pick(self.scen["meds"]), 0)

    def s_drug(self, arg=None):
        meds = self.meds()
        return (self.pick(meds) if meds else self.pick(self.scen["meds"]))[0]

    def s_where(self, arg=None):
        return self.pick(("alone", "with family", "with a roommate", "in senior housing", "independently"))

    def s_occ(self, arg=None):
        return self.pick(_OCCUPATIONS)

    def s_vitals(self, arg=None):
        r = self.r
        tf = self.s_n("tf")
        sp = self.s_n("spo2")
        o2 = self.pick(("RA", "room air", f"{self.s_n('o2l')}L NC", "on RA"))
        k = r.randrange(5)
        if k == 0:
            return f"T {tf} F, HR {self.s_n('hr')}, BP {self.s_n('sbp')}/{self.s_n('dbp')}, RR {self.s_n('rr')}, SpO2 {sp}% {o2}"
        if k == 1:
            return (f"Temp {self.s_n('tc')} C | Pulse {self.s_n('hr')} | BP {self.s_n('sbp')}/{self.s_n('dbp')} | Resp {self.s_n('rr')} | "
                    f"O2 sat {sp}% {o2}")
        if k == 2:
            return f"VS: {tf}, {self.s_n('hr')}, {self.s_n('sbp')}/{self.s_n('dbp')}, {self.s_n('rr')}, {sp}% {o2}"
        if k == 3:
            return (f"BP: {self.s_n('sbp')}/{self.s_n('dbp')} mmHg  HR: {self.s_n('hr')} bpm  RR: {self.s_n('rr')}  T: {self.s_n('tc')}°C  "
                    f"SpO2: {sp}%")
        return f"afebrile, HR {self.s_n('hr')}, BP {self.s_n('sbp')}/{self.s_n('dbp')}, sat {sp}% {o2}"

    def s_htwt(self, arg=None):
        ht = self.r.randint(150, 193)
        wt = self.r.uniform(48, 130)
        return self.pick((f"Ht {ht} cm, Wt {wt:.1f} kg, BMI {wt / (ht / 100) ** 2:.1f}",
                          f"Height: {ht // 30.48:.0f}' {round((ht / 2.54) % 12)}\" ({ht} cm)  Weight: {wt * 2.2046:.0f} lb ({wt:.1f} kg)",
                          f"Wt {wt:.1f} kg"))

    def s_labs(self, arg=None):
        r = self.r
        n = self.s_n
        k = r.randrange(5)
        if k == 0:
            return (f"Na {n('na')}, K {n('k')}, Cl {n('cl')}, HCO3 {n('hco3')}, BUN {n('bun')}, Cr {n('cr')}, Glu {n('glu')}. "
                    f"WBC {n('wbc')}, Hgb {n('hgb')}, Plt {n('plt')}.")
        if k == 1:
            return (f"{n('na')} | {n('cl')} | {n('bun')}\n{n('k')} | {n('hco3')} | {n('cr')} < {n('glu')}\n"
                    f"WBC {n('wbc')} > Hgb {n('hgb')} / Hct {n('hct')} < Plt {n('plt')}")
        if k == 2:
            rows = [("Sodium", n("na"), "mmol/L", "135-145"), ("Potassium", n("k"), "mmol/L", "3.5-5.1"),
                    ("Creatinine", n("cr"), "mg/dL", "0.6-1.3"), ("Glucose", n("glu"), "mg/dL", "70-99"),
                    ("WBC", n("wbc"), "K/uL", "4.0-11.0"), ("Hemoglobin", n("hgb"), "g/dL", "12.0-16.0"),
                    ("Platelets", n("plt"), "K/uL", "150-400"), ("INR", n("inr"), "", "0.9-1.1"),
                    ("Troponin I", n("trop"), "ng/mL", "<0.04"), ("Lactate", n("lact"), "mmol/L", "0.5-2.0"),
                    ("ALT", n("alt"), "U/L", "7-56"), ("TSH", n("tsh"), "uIU/mL", "0.4-4.0")]
            rows = r.sample(rows, r.randint(4, 8))
            return "\n".join(f"{a:<12}{b:>7} {c:<7} ({d})" for a, b, c, d in rows)
        if k == 3:
            return f"BMP notable for Cr {n('cr')} and K {n('k')}; CBC with WBC {n('wbc')}, Hgb {n('hgb')}. A1c {n('a1c')}%."
        return f"CBC: {n('wbc')}/{n('hgb')}/{n('hct')}/{n('plt')}. Chem 7: {n('na')}/{n('k')}/{n('cl')}/{n('hco3')}/{n('bun')}/{n('cr')}/{n('glu')}."

    def s_results(self, arg=None):
        res = self.some(self.scen["results"], 1)
        return self.tp(" ".join(res))

    def medline(self, med, style: int) -> str:
        drug, dose, route, freq = med
        fr = self.pick(_FREQ[freq])
        rt = self.pick(_ROUTE[route])
        if style == 0:
            return f"{drug} {dose} {rt} {fr}"
        if style == 1:
            return f"{_cap(drug)} {dose.replace(' ', '')} {rt.lower()} {fr.lower()}"
        if style == 2:
            b = _BRANDS.get(drug)
            return f"{drug} ({b.upper()}) {dose} tablet, take {dose} {rt} {fr}" if b else f"{drug} {dose}, {rt} {fr}"
        if style == 3:
            return f"{drug.upper()} {dose} {fr.upper()}"
        return f"{_cap(drug)} {dose} | {rt} | {fr}"

    def meds(self, extra=()) -> list:
        out = []
        for p in self.pmh:
            if p[3]:
                out.extend(self.some(list(p[3]), 1, 2))
        out.extend(extra)
        seen, uniq = set(), []
        for m in out:
            if m[0] not in seen:
                seen.add(m[0])
                uniq.append(m)
        return uniq

    # ---- section headers ---------------------------------------------------------------------------
    def hname(self, key: str) -> str:
        return self.once("h:" + key, lambda: self.pick(_EN_HEAD[key]) if key in _EN_HEAD else key)

    def head(self, key: str, block: bool = False) -> None:
        name = self.hname(key)
        st = self.hstyle
        up = name.upper()
        if st == 0:
            s = f"{up}:\n"
        elif st == 1:
            s = f"{name}:\n"
        elif st == 2:
            s = f"{up}:\n" if block else f"{up}: "
        elif st == 3:
            s = f"{name}:\n" if block else f"{name}: "
        elif st == 4:
            s = f"{up}\n"
        elif st == 5:
            s = f"--- {name} ---\n"
        else:
            s = f"{up}\n{'-' * len(up)}\n"
        self.doc.add(s)

    def sep(self) -> None:
        self.doc.add(self.once("sep", lambda: self.pick(("\n\n", "\n\n", "\n"))))

    def section(self, key: str, body: Callable[[], None], block: bool = False) -> None:
        self.head(key, block)
        body()
        self.sep()


# --------------------------------------------------------------------------------------------------
# English sentence pools
# --------------------------------------------------------------------------------------------------

_HPI_OPEN = (
    "{pt} is a {age} {man} with a PMH of {pmhlist} who presents with {cc}.",
    "{age} {MF} w/ hx {pmhlist} p/w {cc} x {dur}.",
    "Pt is a {age} {man} with {pmhlist}, presenting to {fac} with {cc}.",
    "{ptt} is a pleasant {age} {man} with a history significant for {pmhlist}, sent in from {fac:nh} for {cc}.",
    "This is a {age} {man} with history of {pmhlist} who was transferred from {ofac} on {d} for further management of {dx}.",
    "{age} {man} with {pmhlist} presenting with {dur} of {cc}.",
    "{pt}, {agesex}, hx {pmhlist}, c/o {cc}.",
    "Patient is a {agen} year old {man} ({ptfirst}) who comes in today with {cc}.",
    "{ptt} is {agen} years old with {pmhlist}; {he} presents on {enc} with {cc}.",
    "Seen at the request of {dr:ref} for {cc}. {ptt} is a {age} {man} with {pmhlist}.",
    "{pt}, aged {agen}, with {pmhlist}, presents with {cc}.",
    "Patient: {ptt}, age: {agen}. Hx {pmhlist}. CC: {cc}.",
)
_HPI_EXTRA = (
    "History obtained from the patient and {rel}, who accompanies {him}.",
    "Per {rel}, {he} has been more confused since {dshort}.",
    "Of note, {he} was last admitted in {dmy} for a similar episode.",
    "{He} follows with {dr:pcp} at {fac:clinic} and was last seen on the {dord}.",
    "{He} was seen at {ofac} on {d} and discharged home with oral antibiotics.",
    "Symptoms started on {dshort} while {he} was at home in {city}.",
    "{He} called {dr:pcp}'s office on {dshort}, who advised evaluation in the ED.",
    "Collateral obtained by phone from {rel} at {phone:rel}.",
    "{His} {relw} reports that {he} has had poor PO intake for {dur}.",
    "{He} denies fevers, chills, chest pain or shortness of breath.",
    "No recent travel. No sick contacts.",
    "Symptoms are worse at night and improve with rest.",
    "{He} took ibuprofen 400 mg without relief.",
    "{He} was seen by {dr:pcp} on {dshort}, who started {him} on a short course of antibiotics.",
    "Seen by {dr:cons} in clinic on the {dord}; no changes were made at that time.",
    "Has been taking ibuprofen 400 mg q.i.d. PRN at home.",
    "Pt also c/o fatigue and poor appetite; no wt loss.",
)
_SH_POOL = (
    "Lives with {rel} in {city}.",
    "Lives alone in a second-floor apartment on {streetname}; {rel} checks on {him} daily.",
    "Resides at {fac:nh} since {dmy}.",
    "{occ}. Married, lives with spouse.",
    "Former smoker, {n:pack} pack-years, quit in {year}.",
    "Never smoker. Drinks 1-2 glasses of wine per week. No illicit drug use.",
    "Current every-day smoker, 1 ppd. EtOH: 3-4 beers/day. Denies IVDU.",
    "Independent in ADLs, uses a cane for ambulation.",
    "Moved to {city} from {city:old} in {year}.",
    "Works as a {occ}. Has a dog.",
    "Quit smoking in {year}. Occasional alcohol.",
    "HCP is {rel}, reachable at {phone:rel}.",
)
_FH_POOL = (
    "Mother with breast cancer, died at age {relage}.",
    "Father with MI at {n:hr}.",
    "Sister with T2DM. Brother with HTN.",
    "Mother lived to {relage}; father died of stroke in his 70s.",
    "Mother, aged {relage}, has dementia; father deceased (MI).",
    "Noncontributory.",
    "No family history of colon cancer or bleeding disorders.",
    "Mother is {relage} and lives in {city:fam}.",
    "Father with prostate cancer.",
)
_ROS_LINES = (
    "Constitutional: denies fevers, chills, weight loss.", "Eyes: no vision changes.", "ENT: no sore throat.",
    "CV: denies chest pain, palpitations.", "Resp: + cough, no hemoptysis.", "GI: no N/V/D, no melena.",
    "GU: denies dysuria, hematuria.", "MSK: + low back pain.", "Neuro: no focal weakness or numbness.",
    "Psych: no depression or SI.", "Skin: no rashes.", "Heme: no easy bruising.",
)
_PE_LINES = {  # normal findings; scenario findings below replace them
    "gen": ("Gen: NAD, A&Ox3", "General: Well-appearing, in no acute distress.",
            "Gen: alert, cooperative, appears stated age",
            "GEN: NAD, resting comfortably"),
    "heent": ("HEENT: NCAT, PERRL, EOMI, MMM", "HEENT: Normocephalic, atraumatic. Oropharynx clear.",
              "HEENT: anicteric sclerae, MMM"),
    "neck": ("Neck: supple, no JVD", "Neck: no LAD, no thyromegaly", "Neck: supple, full ROM"),
    "cv": ("CV: RRR, no m/r/g", "CV: regular rate and rhythm, normal S1/S2",
           "Heart: RRR, 2/6 systolic murmur at the LUSB",
           "CV: RRR, S1 S2 normal, no murmurs"),
    "lungs": ("Lungs: CTAB", "Pulm: clear to auscultation bilaterally, no increased WOB",
              "Resp: CTA b/l, no wheezes/rales/rhonchi",
              "Lungs: clear, good air movement"),
    "abd": ("Abd: soft, NT/ND, +BS", "Abd: obese, soft, nontender",
            "Abdomen: soft, non-tender, non-distended, normoactive bowel sounds"),
    "ext": ("Ext: no c/c/e", "Extremities: warm, well perfused, no edema", "Ext: WWP, trace bilateral ankle edema"),
    "neuro": ("Neuro: CN II-XII intact, strength 5/5 throughout", "Neuro: nonfocal, gait not tested",
              "Neuro: A&Ox3, moving all extremities"),
    "skin": ("Skin: warm, dry, intact", "Skin: no rashes or lesions", "Skin: stage 2 pressure injury on sacrum"),
}
_PE_ABN = {
    "nstemi": {"gen": "Gen: diaphoretic, uncomfortable", "cv": "CV: tachycardic, regular, no murmurs"},
    "chf": {"neck": "Neck: JVP to 12 cm H2O", "lungs": "Lungs: crackles at bilateral bases",
            "ext": "Ext: 2+ pitting edema to mid-shin bilaterally"},
    "cap": {"lungs": "Resp: decreased breath sounds and crackles at the right base",
            "gen": "Gen: ill-appearing, febrile"},
    "pyelo": {"abd": "Abd: soft, R CVA tenderness", "gen": "Gen: lethargic but arousable"},
    "appy": {"abd": "Abdomen: soft, tender in the RLQ with guarding, + Rovsing sign"},
    "chole": {"abd": "Abd: soft, RUQ tenderness, + Murphy sign"},
    "hipfx": {"ext": "Ext: RLE shortened and externally rotated, DP 2+"},
    "stroke": {"neuro": "Neuro: A&Ox2, L facial droop, LUE 3/5, LLE 4/5, dysarthric"},
    "dka": {"heent": "HEENT: dry mucous membranes", "gen": "Gen: Kussmaul respirations, ill-appearing"},
    "ugib": {"gen": "Gen: pale, fatigued", "abd": "Abd: mild epigastric tenderness, no rebound"},
    "cellulitis": {"ext": "Ext: LLE erythema and warmth to mid-calf, demarcated, no fluctuance"},
    "copd": {"lungs": "Lungs: diffuse expiratory wheezes, prolonged expiratory phase"},
    "afib": {"cv": "CV: irregularly irregular, tachycardic"},
    "chb": {"cv": "CV: bradycardic, regular, cannon a waves"},
    "pancreatitis": {"abd": "Abd: epigastric tenderness with voluntary guarding"},
    "mvc": {"lungs": "Chest: L chest wall tenderness, no crepitus; lungs CTAB",
            "skin": "Skin: seatbelt sign across L chest"},
    "hypona": {"neuro": "Neuro: oriented to person only, no asterixis"},
    "ankle": {"ext": "Ext: R lateral malleolus swelling and ecchymosis, ATFL tenderness"},
    "lac": {"skin": "Skin: 3.5 cm linear laceration of L palm"},
}


def _pe_line(c, system: str) -> str:
    abn = _PE_ABN.get(c.scen["key"], {}).get(system)
    return abn if abn and c.chance(0.85) else c.pick(_PE_LINES[system])


_SIG_POOL = (
    "Electronically signed by: {drsig:att} on {dc} at {time}",
    "Electronically signed by {drsig:att} {dc} {time}",
    "Dictated by: {drsig:res}\nAttending: {drsig:att}",
    "{drsig:att}\nAttending Physician",
    "I saw and examined the patient with {dr:res} and agree with the findings and plan as documented above.\n{drsig:att}",
    "Signed: {drsig:att}   Date: {dc}",
    "Dictated by {drsig:att}. D: {dc} T: {d}",
    "{drsig:res} for {drsig:att}",
    "Authenticated by {drsig:att} on {dc} {time}. NPI {npi:att}",
    "Attestation: patient seen and examined; agree with resident note. -- {drlast:att}",
)
_CC_LINE = ("cc: {drsig:pcp}", "cc: {dr:pcp}; {dr:cons}", "CC: {drsig:pcp}, {fac:clinic}", "Copy to: {drsig:ref}",
            "cc: {drsig:pcp} (fax {fax:pcp})")


def _cap(s: str) -> str:
    """Upper-case the first letter only ("DKA" stays "DKA", unlike str.capitalize)."""
    return s[:1].upper() + s[1:]


def _en_hpi(c: _En, extras: int = 2) -> None:
    c.fc(_HPI_OPEN)
    body = list(c.scen["hpi"])
    for t in [body[0]] + c.some(body[1:], 0):  # the presenting story first, then optional detail
        c.w(" ")
        c.f(t)
    for t in c.sample(_HPI_EXTRA, c.r.randint(0, extras)):
        c.w(" ")
        c.f(t)
    c.w("\n")


def _en_pmh(c: _En) -> None:
    numbered = c.chance(0.5)
    codes = c.chance(0.3)
    items = []
    for i, p in enumerate(c.pmh):
        name = c.pick((_cap(p[0]), p[1][0], p[0]))
        items.append(f"{name} ({p[2]})" if codes else name)
    if c.chance(0.3) and not numbered:
        c.w(", ".join(items) + "\n")
    else:
        for i, it in enumerate(items, 1):
            c.w(f"{i}. {it}\n" if numbered else f"- {it}\n")
    if c.chance(0.35):
        c.fc(("s/p appendectomy in {year}\n", "s/p R TKA {dmy}\n", "s/p cholecystectomy ({year})\n",
              "s/p CABG x3 at {ofac}, {year}\n",
              "s/p cataract surgery OU\n", "s/p hysterectomy {dpast}\n"))


def _en_meds_list(c: _En, meds) -> None:
    style = c.r.randrange(5)
    bullet = c.pick(("num", "dash", "none"))
    for i, m in enumerate(meds, 1):
        line = c.medline(m, style)
        c.w((f"{i}. " if bullet == "num" else "- " if bullet == "dash" else "") + line + "\n")


def _en_exam(c: _En) -> None:
    if c.chance(0.6):
        c.w(c.s_vitals(), "\n")
    abn = _PE_ABN.get(c.scen["key"], {})
    keys = [k for k in _PE_LINES if k in ("gen", "cv", "lungs") or k in abn or c.chance(0.5)]
    for k in keys:
        c.w(_pe_line(c, k), "\n")


def _en_ros(c: _En) -> None:
    if c.chance(0.45):
        c.w(c.pick(("10-point ROS negative except as per HPI.", "All other systems reviewed and negative.",
                    "Negative except as noted in HPI.", "ROS limited by patient's mental status.")), "\n")
    else:
        for ln in c.sample(_ROS_LINES, c.r.randint(3, 7)):
            c.w(ln, "\n")


def _en_signature(c: _En) -> None:
    c.fc(_SIG_POOL)
    c.w("\n")
    if c.chance(0.35):
        c.fc(_CC_LINE)
        c.w("\n")


def _en_problem_plan(c: _En, outpatient: bool = False) -> None:
    if outpatient:
        c.fc(("{age} {man} with {pmhlist} seen for {cc}, likely {dx}.\n",
              "{agesex} w/ {dx}; stable for outpatient management.\n",
              "Assessment: {dx}. Does not require admission at this time.\n"))
    else:
        c.fc(("{age} {man} with {pmhlist} admitted with {dx}.\n", "In summary, {ptt} is a {age} {man} with {dx}.\n",
              "{agesex} w/ {dx}.\n", "Assessment: {dx} in a patient with {pmhlist}.\n"))
    style = c.pick(("# ", "#", "", "- ", "num)", "num."))
    items = iter(range(1, 100))

    def pref() -> str:
        return f"{next(items)}{style[-1]} " if style.startswith("num") else style

    c.w(f"{pref()}{_cap(c.s_dx())}: ")
    if outpatient:
        c.fc(("Plan: {rx}. ", "Start {rx}. ", "Continue current regimen; {rx}. "))
        c.fc(("Return precautions reviewed. ", "ED if worsening. ", ""))
    else:
        for t in c.some(c.scen["course"], 1, 3):
            c.f(t)
            c.w(" ")
    c.w("\n")
    for p in c.pmh:
        c.w(f"{pref()}{c.pick((_cap(p[0]),) + p[1])}: ")
        c.f(c.pick(p[4]))
        c.w("\n")


# ---------------------------------------------------------------------------- note types (English)

def _en_fields(c: _En, fields: list[tuple[float, tuple[str, ...]]], shuffle: bool = True) -> None:
    """Header block of labelled fields; which appear, their labels and order vary per note."""
    rows = [c.pick(opts) for p, opts in fields if c.chance(p)]
    if shuffle and c.chance(0.5):
        c.r.shuffle(rows)
    if c.chance(0.25) and len(rows) > 1:
        # Two fields per line, as in many EHR printouts.
        for i in range(0, len(rows), 2):
            c.f(rows[i])
            if i + 1 < len(rows):
                c.w(c.pick(("    ", "  |  ", "\t")))
                c.f(rows[i + 1])
            c.w("\n")
    else:
        for row in rows:
            c.f(row)
            c.w("\n")
    c.w("\n")


_F_NAME = ("Patient: {ptname}", "Patient Name: {ptname}", "Name: {ptname}", "PATIENT: {ptname}", "Pt: {ptname}")
_F_MRN = ("MRN: {mrn}", "Medical Record #: {mrn}", "MR#: {mrn}", "MRN {mrn}", "Med Rec No.: {mrn}", "Unit No: {mrn}")
_F_DOB = ("DOB: {dob}", "Date of Birth: {dob}", "D.O.B.: {dob}", "DOB {dob} ({agen} y)", "Birth date: {dob}")
_F_ACCT = ("Account #: {acct}", "Acct: {acct}", "Visit/Account Number: {acct}", "FIN: {acct}")
_F_AGE = ("Age: {agen}", "Age/Sex: {agen} / {sex}", "Sex: {sex}   Age: {agen}")


def _en_discharge(c: _En) -> None:
    c.inpatient()
    c.fc(("DISCHARGE SUMMARY\n", "Discharge Summary\n", "{fac}\nDISCHARGE SUMMARY\n", "HOSPITAL DISCHARGE SUMMARY\n",
          "Discharge Summary - {service}\n", "{fac} - {service}\nDischarge Summary\n"))
    _en_fields(c, [(0.95, _F_NAME), (0.9, _F_MRN), (0.7, _F_DOB), (0.4, _F_AGE),
                   (0.95, ("Admission Date: {adm}", "Admitted: {adm}", "Date of Admission: {adm}", "Adm: {adm}")),
                   (0.95, ("Discharge Date: {dc}", "Discharged: {dc}", "Date of Discharge: {dc}", "D/C: {dc}")),
                   (0.8, ("Attending: {drsig:att}", "Attending Physician: {drsig:att}",
                          "Discharging Physician: {drsig:att}")),
                   (0.5, ("PCP: {drsig:pcp}", "Primary Care Provider: {drsig:pcp}", "PCP: {dr:pcp} ({fac:clinic})")),
                   (0.4, ("Service: {service}", "Unit: {service}")), (0.3, _F_ACCT)])
    secs = []
    secs.append(("admdx", lambda: c.w(_cap(c.s_cc()) if c.chance(0.4) else c.s_dx(), "\n")))
    def dcdx():
        c.w(f"1. {_cap(c.s_dx())}\n")
        for i, p in enumerate(c.sample(c.pmh, 3), 2):
            c.w(f"{i}. {_cap(p[0])}\n")
    secs.append(("dcdx", dcdx))
    if c.scen.get("proc") and c.chance(0.85):
        def proc():
            c.w(_cap(c.scen["proc"]), " (")
            c.f("{d}")
            c.w(")\n")
            if c.scen.get("implant"):
                c.fc(("Device: Medtronic Azure XT DR MRI SureScan, serial number {serial:gen}\n",
                      "Implant: Stryker hemiarthroplasty stem, lot {lot}; head SN {serial:head}\n",
                      "Implanted device serial #: {serial:gen}\n", "UDI: {udi}\n"))
        secs.append(("proc", proc))
    if c.chance(0.4):
        secs.append(("cons",
                     lambda: c.fc(("{fu_svc} ({dr:cons})\n", "Cardiology - {drsig:cons}\n",
                                   "Physical therapy, social work\n",
                                            "Palliative care ({dr:cons}), nutrition\n"))))
    if c.chance(0.6):
        secs.append(("hpi", lambda: _en_hpi(c, 1)))
    def course():
        if c.chance(0.5):
            c.fc(("{ptt} was admitted to the {service} service on {adm} with {dx}. ", "Pt admitted w/ {dx}. ",
                  "The patient is a {age} {man} admitted on {adm} for {dx}. "))
            for t in c.some(c.scen["course"], 2):
                c.f(t)
                c.w(" ")
            c.w("\n")
            if c.chance(0.5):
                c.fc(("Family meeting held on {d} with {rel}; goals of care discussed.\n",
                      "{rel} was updated by phone ({phone:rel}) on the day of discharge.\n",
                      "On the {dord}, {he} developed transient delirium which resolved.\n",
                  "{He} was seen by {dr:cons} ({fu_svc}), who agreed with the plan.\n"))
        else:
            _en_problem_plan(c)
    secs.append(("course", course))
    if c.chance(0.6):
        def res():
            c.w(c.s_labs(), "\n")
            c.w(c.s_results()) if c.chance(0.7) else None
            c.w("\n")
            if c.scen.get("img") and c.chance(0.6):
                c.w(f"{c.scen['img'][0]} (")
                c.f("{d}")
                c.w(f"): {c.scen['img'][1]}\n")
        secs.append(("labs", res))
    if c.chance(0.6):
        secs.append(("cond",
                     lambda: c.w(c.pick(("Stable.", "Good.", "Fair; ambulating with walker.",
                                         "Improved, hemodynamically stable.",
                                                  "Mental status: clear and coherent. Level of consciousness: alert. Activity: ambulatory with assistance.")), "\n")))
    def dispo():
        c.fc(("Home.\n", "Home with services (VNA).\n", "{fac:nh}\n", "Discharged to {fac:nh} for short-term rehab.\n",
              "Home with {rel}.\n", "Extended care facility: {fac:nh}, {cityline:nh}\n", "Home with hospice.\n"))
    secs.append(("dispo", dispo))
    secs.append(("dcmeds", lambda: _en_meds_list(c, c.meds(c.scen["meds"]))))
    if c.chance(0.5):
        secs.append(("all", lambda: c.w(", ".join(c.sample(_ALLERGIES, c.r.randint(1, 2))), "\n")))
    def fu():
        for t in c.sample((
                "Follow up with {dr:pcp} at {fac:clinic} on {dfu} at {time}. Phone: {phone:clinic}\n",
                "{fu_svc}: {dr:cons}, {dfu}. Call {phone:cons} with questions.\n",
                "PCP {dr:pcp} in 1-2 weeks; office will call to schedule. Fax: {fax:pcp}\n",
                "Labs (BMP) on {dfu} at {fac:clinic}, {addr1:clinic}.\n",
                "Appointment: {dfu} {time} with {drsig:cons} - {fac}, {street:fac}\n",
                "Please follow up with your primary care provider in 1 week.\n",
                "Device check on {dfu} at the Device Clinic ({phone:clinic}).\n"), c.r.randint(1, 3)):
            c.f(t)
    secs.append(("fu", fu))
    if c.chance(0.5):
        def instr():
            c.fc(("Return to the ED for fever > 101, worsening pain or shortness of breath. ",
                  "Weigh yourself every morning; call if weight increases by more than 3 lb. ",
                  "No driving while taking oxycodone. ", "Keep the incision clean and dry. "))
            c.fc(("You can view your results at {url}.\n", "Questions: call {phone:clinic} or email {email:att}.\n",
                  "Call 911 for chest pain.\n", "\n", "Your nurse line is {phone:fac}.\n"))
        secs.append(("instr", instr))
    if c.chance(0.3):
        secs.append(("code",
                     lambda: c.w(c.pick(("Full code", "DNR/DNI", "DNR, OK to intubate", "Full (presumed)")), "\n")))
    # Sections drift in order between institutions; swap a couple.
    if c.chance(0.4) and len(secs) > 4:
        i, j = c.r.sample(range(2, len(secs)), 2)
        secs[i], secs[j] = secs[j], secs[i]
    for key, fn in secs:
        c.section(key, fn, block=key in ("dcdx", "dcmeds", "fu", "labs"))
    _en_signature(c)


def _en_hp(c: _En) -> None:
    c.inpatient()
    c.adm = c.enc  # an H&P is written on the day of admission
    c.fc(("ADMISSION HISTORY AND PHYSICAL\n", "H&P\n", "History and Physical\n", "{service} Admission Note\n",
          "ADMISSION H&P - {fac}\n", "Admit Note\n"))
    _en_fields(c, [(0.9, _F_NAME), (0.85, _F_MRN), (0.6, _F_DOB),
                   (0.8, ("Date of Admission: {adm}", "Admit date: {adm}", "Date/Time: {adm} {time}")),
                   (0.5, ("Source: ED", "Referred by: {drsig:ref}", "Admitted from: {fac:nh}",
                          "Transferred from: {ofac}")),
                   (0.5, ("Attending: {drsig:att}", "Admitting MD: {drsig:att}"))])
    c.section("cc", lambda: c.w(_cap(c.s_cc()), "\n"))
    c.section("hpi", lambda: _en_hpi(c, 3))
    c.section("pmh", lambda: _en_pmh(c), block=True)
    if c.chance(0.6):
        c.section("psh", lambda: c.fc(("Appendectomy ({year})\n", "None\n", "R TKA {dmy}; cholecystectomy {year}\n",
                                       "C-section x2\n", "Lumbar fusion at {ofac}, {year}\n")))
    c.section("meds", lambda: _en_meds_list(c, c.meds()), block=True)
    c.section("all", lambda: c.w(c.pick(_ALLERGIES), "\n"))
    def sh():
        for t in c.sample(_SH_POOL, c.r.randint(1, 3)):
            c.f(t)
            c.w(" ")
        c.w("\n")
    c.section("sh", sh)
    if c.chance(0.7):
        c.section("fh", lambda: (c.fc(_FH_POOL), c.w("\n")))
    if c.chance(0.7):
        c.section("ros", lambda: _en_ros(c), block=True)
    c.section("pe", lambda: _en_exam(c), block=True)
    if c.chance(0.8):
        c.section("labs", lambda: (c.w(c.s_labs(), "\n"), c.w(c.s_results(), "\n")), block=True)
    c.section("ap", lambda: _en_problem_plan(c), block=True)
    if c.chance(0.5):
        c.fc(("Code status: full code, confirmed with patient.\n", "Code: DNR/DNI per MOLST, confirmed with {rel}.\n",
              "Emergency contact: {rel}, {phone:rel}\n", "Dispo: pending PT eval; likely {fac:nh}.\n"))
    _en_signature(c)


def _en_progress(c: _En) -> None:
    c.inpatient()
    c.fc(("PROGRESS NOTE\n", "Progress Note - {service}\n", "Daily Progress Note\n",
          "{service} Progress Note  HD#{n:days}\n",
          "SOAP Note\n", "Hospital Day {n:days} - {d}\n", "Interval note {d}\n"))
    if c.chance(0.6):
        _en_fields(c, [(0.8, _F_NAME), (0.6, _F_MRN), (0.6, ("Date of Service: {d}", "DOS: {d}", "Date: {d}")),
                       (0.3, ("Author: {drsig:res}", "Provider: {drsig:att}"))])
    soap = c.chance(0.55)
    labels = (("S", "O", "A", "P") if c.chance(0.5) else ("Subjective", "Objective", "Assessment",
                                                          "Plan")) if soap else None
    def subj():
        c.fc(("No acute events overnight. ", "Overnight: febrile to 101.2, cultures sent. ", "NAEO. ",
              "Pt reports feeling better today. ",
              "{ptt} slept poorly; pain {n:pain}/10. ", "Per nursing, {he} was agitated overnight; {rel} at bedside. ",
              "{ptfirst} states {he} is \"ready to go home.\" "))
        c.fc(("Tolerating diet. ", "Ambulated in hallway with PT. ", "c/o mild nausea, no emesis. ", "Denies CP/SOB. ",
              ""))
        c.w("\n")
    def obj():
        c.w(c.s_vitals(), "\n")
        if c.chance(0.5):
            c.w(f"I/O: {c.s_n('ivf')}/{c.s_n('uop')}\n")
        for k in c.sample(list(_PE_LINES), c.r.randint(2, 5)):
            c.w(_pe_line(c, k), "\n")
        if c.chance(0.7):
            c.w(c.s_labs(), "\n")
    def assess():
        c.fc(("{age} {man} with {pmhlist} admitted with {dx}, HD#{n:days}.\n", "{agesex} w/ {dx}, improving.\n",
              "{dx} - clinically improving.\n", "{ptt} with {dx}; slow progress.\n"))
    def plan():
        for t in c.sample(c.scen["course"], c.r.randint(1, 3)):
            c.w("- ")
            c.f(t)
            c.w("\n")
        for p in c.some(c.pmh, 1):
            c.w(f"- {p[1][0]}: ")
            c.f(c.pick(p[4]))
            c.w("\n")
        c.fc(("- Dispo: anticipate discharge {dfu} pending PT.\n", "- Discussed with {rel} at bedside.\n",
              "- DVT ppx: heparin SQ\n",
              "- Spoke with {dr:cons} ({phone:cons}) re: recs.\n", "- Dispo: {fac:nh} once bed available.\n", ""))
    if soap:
        for lab, fn in zip(labels, (subj, obj, assess, plan)):
            c.w(f"{lab}: " if lab in "SOAP" and len(lab) == 1 else f"{lab.upper() if c.hstyle % 2 == 0 else lab}:\n")
            fn()
            c.sep()
    else:
        c.section("hpi", subj)
        c.section("pe", obj, block=True)
        c.section("ap", lambda: (assess(), plan()), block=True)
    _en_signature(c)


def _en_ed(c: _En) -> None:
    c.adm = c.enc
    c.fc(("EMERGENCY DEPARTMENT NOTE\n", "ED Provider Note\n", "{fac} Emergency Department\n",
          "ED Physician Documentation\n",
          "Emergency Medicine Attending Note\n", "ED Visit - {enc}\n"))
    _en_fields(c, [(0.8, _F_NAME), (0.7, _F_MRN), (0.5, _F_DOB),
                   (0.6, ("Arrival: {enc} {time}", "Date of Visit: {enc}", "Time seen: {time}")),
                   (0.4, ("Mode of arrival: EMS", "Arrived by: private vehicle",
                          "Arrival: ambulance ({fac:hospital} EMS)")),
                   (0.3, ("Triage acuity: ESI {n:dose}", "ESI 3")),
                   (0.4, ("ED Attending: {drsig:ed}", "Provider: {drsig:ed}"))])
    if c.chance(0.4):
        c.section("triage", lambda: c.f("{agesex} to ED c/o {cc} x {dur}. {vitals}\n"))
    c.section("cc", lambda: c.w(c.s_cc(), "\n"))
    def hpi():
        _en_hpi(c, 2)
        if c.scen.get("vehicle") or c.chance(0.15):
            c.fc(("Per EMS, {he} was the driver of a {car}, plate {plate}; vehicle towed from scene.\n",
                  "Police report lists vehicle VIN {vin} (a {car}); passenger compartment intrusion noted.\n",
                  "EMS states the {car} (lic. plate {plate}) sustained front-end damage.\n",
                  "Pt drove himself here; vehicle left in ED lot, plate {plate}.\n" if c.male else
                  "Pt drove herself here; vehicle left in ED lot, plate {plate}.\n"))
    c.section("hpi", hpi)
    if c.chance(0.6):
        c.section("pmh", lambda: _en_pmh(c), block=True)
    if c.chance(0.5):
        c.section("meds", lambda: _en_meds_list(c, c.meds()), block=True)
    if c.chance(0.5):
        c.section("ros", lambda: _en_ros(c), block=True)
    c.section("pe", lambda: _en_exam(c), block=True)
    def mdm():
        c.fc(("{age} {man} p/w {cc}. DDx includes {dx}. ", "Differential broad; most c/w {dx}. ",
              "Presentation concerning for {dx}. "))
        c.f("{results}")
        c.w("\n")
        for t in c.sample(c.scen["course"], c.r.randint(1, 2)):
            c.w(c.pick(("", "- ", "{t} ".format(t=c.s_time()))))
            c.f(t)
            c.w("\n")
        if c.chance(0.4):
            c.fc(("Discussed with {dr:cons} from {fu_svc}, who agrees with plan.\n",
                  "Spoke with PCP {dr:pcp} at {phone:clinic}.\n",
                  "Outside records from {ofac} reviewed (visit {dpast}).\n",
                  "Case discussed with {rel}, who is the HCP.\n"))
    c.section("mdm", mdm)
    def dispo():
        if c.scen.get("minor"):
            c.fc(("Discharged home in stable condition. Follow up with {fu_svc} in 1 week. Return precautions given.\n",
                  "D/c home w/ {rel}. Rx: {rx}. Suture removal in 10 days.\n",
                  "Home. Work note provided through {dfu}.\n"))
        else:
            c.fc(("Admitted to {service}, {dr:att} accepting.\n", "Admit to {service} (bed request placed {time}).\n",
                  "Transferred to {ofac} for higher level of care; accepting physician {dr:cons}.\n",
                  "Admitted to telemetry under {drsig:att}.\n"))
    c.section("dispo_ed", dispo)
    if c.chance(0.3):
        c.section("dcdx", lambda: c.w(c.s_dx(), f" ({c.scen['icd']})\n"))
    _en_signature(c)


def _en_radiology(c: _En) -> None:
    exam = c.pick(_RAD_EXAMS)
    c.fc(("{fac}\nDepartment of Radiology\n", "RADIOLOGY REPORT\n", "Diagnostic Imaging Report\n",
          "{fac} Imaging Services\n",
          "IMAGING REPORT - {fac}\n"))
    _en_fields(c, [(0.9, _F_NAME), (0.8, _F_MRN), (0.6, _F_DOB),
                   (0.7, ("Accession #: {acc}", "Accession: {acc}", "ACC# {acc}", "Exam #: {acc}")),
                   (0.8, ("Exam Date: {enc}", "Date of Exam: {enc} {time}", "Study Date: {enc}", "DOS: {enc}")),
                   (0.6, ("Ordering Physician: {drsig:ref}", "Referring: {drsig:ref}", "Ordered by: {dr:ref}")),
                   (0.2, ("Location: {fac:clinic}", "Performed at: {fac}"))])
    hs = c.hstyle
    def H(name):
        if hs in (1, 3, 5):
            c.w(f"{name.title()}: ")
        else:
            c.w(f"{name}: ")
    H(c.pick(("EXAM", "EXAMINATION", "PROCEDURE", "STUDY")))
    c.w(exam[0], "\n")
    if c.chance(0.85):
        H(c.pick(("CLINICAL HISTORY", "INDICATION", "HISTORY", "REASON FOR EXAM", "CLINICAL INDICATION")))
        c.f(c.pick(("{age} {man} with ", "{agesex}, ", "", "Pt with ")))
        c.w(exam[1].lower() if c.chance(0.5) else exam[1], ".\n")
    if c.chance(0.7):
        H(c.pick(("COMPARISON", "COMPARISONS", "PRIOR STUDIES")))
        c.fc(("{dpast}\n", "None.\n", "Prior CT from {ofac} dated {dpast}.\n", "Radiograph of {dpast} and {dshort}.\n",
              "No prior studies available.\n"))
    if c.chance(0.8):
        H(c.pick(("TECHNIQUE", "TECHNIQUE/PROTOCOL", "PROTOCOL")))
        c.w(exam[2], " ")
        c.w(c.pick(("Dose reduction techniques were used.", "CTDIvol 42 mGy, DLP 812 mGy-cm.", "", "Contrast: none.")),
            "\n")
    H("FINDINGS")
    c.w("\n" if c.chance(0.5) else "")
    for fnd in c.some(exam[3], 2):
        c.f(fnd)
        c.w("\n" if c.chance(0.6) else " ")
    c.w("\n")
    H(c.pick(("IMPRESSION", "IMPRESSION", "CONCLUSION", "IMPRESSION/RECOMMENDATIONS")))
    c.w("\n")
    for i, imp in enumerate(c.some(exam[4], 1), 1):
        c.w(f"{i}. ")
        c.f(imp)
        c.w("\n")
    if c.chance(0.4):
        c.fc(("Critical result communicated to {dr:ref} by telephone at {time} on {enc}, read back confirmed.\n",
              "Findings discussed with {drsig:ref} at {time}.\n",
              "Results called to {dr:ref}'s office ({phone:office}).\n"))
    c.fc(("\nDictated by: {drsig:rad}\nSigned: {enc} {time}\n", "\nInterpreted by {drsig:rad}\n",
          "\n{drsig:rad}\nElectronically signed {enc} {time}\n",
          "\nRadiologist: {dr:rad}\nResident: {dr:res}\n", "\nFinal report by {drsig:rad} on {enc}.\n"))
    if c.chance(0.15):
        c.f("Images available at {url}\n")


def _en_operative(c: _En) -> None:
    p = c.proc = c.pick(_PROCS)
    c.fc(("OPERATIVE REPORT\n", "Operative Note\n", "BRIEF OP NOTE\n", "{fac}\nOPERATIVE REPORT\n", "Procedure Note\n"))
    rows = [(0.9, _F_NAME), (0.7, _F_MRN), (0.5, _F_DOB),
            (0.95, ("Date of Surgery: {enc}", "Date of Procedure: {enc}", "DOS: {enc}", "Surgery Date: {enc}"))]
    _en_fields(c, rows)
    H = lambda name: c.w(f"{name}:" + (" " if c.hstyle in (2, 3) else "\n"))
    H(c.pick(("PREOPERATIVE DIAGNOSIS", "Preoperative Diagnosis", "Pre-op Dx")))
    c.w(p["pre"], "\n")
    H(c.pick(("POSTOPERATIVE DIAGNOSIS", "Postoperative Diagnosis", "Post-op Dx")))
    c.w(c.pick(("Same", p["pre"], "Same as above")), "\n")
    H(c.pick(("PROCEDURE", "PROCEDURE PERFORMED", "Operation")))
    c.w(p["name"], "\n")
    H(c.pick(("SURGEON", "Surgeon", "Attending Surgeon")))
    c.f("{drsig:surg}\n")
    if c.chance(0.7):
        H(c.pick(("ASSISTANT", "Assistant(s)", "First Assist")))
        c.f(c.pick(("{drsig:res}\n", "{dr:np}\n", "None\n")))
    H(c.pick(("ANESTHESIA", "Anesthesia", "Anesthesia Type")))
    c.w(p["anes"])
    c.f(c.pick(("\n", " ({dr:anes})\n", "; anesthesiologist {drsig:anes}\n")))
    H(c.pick(("ESTIMATED BLOOD LOSS", "EBL")))
    c.w(f"{c.s_n('ebl')} mL\n")
    if c.chance(0.6):
        H(c.pick(("FLUIDS", "IVF")))
        c.w(f"{c.s_n('ivf')} mL LR\n")
    H(c.pick(("COMPLICATIONS", "Complications")))
    c.w(c.pick(("None.", "None apparent.", "No immediate complications.")), "\n")
    if c.chance(0.6):
        H(c.pick(("SPECIMENS", "Specimen(s)")))
        c.w(c.pick(("To pathology.", "None.", "Gallbladder to pathology.", "Polyp to pathology.")), "\n")
    if p["implant"]:
        H(c.pick(("IMPLANTS", "Implants", "IMPLANTS/DEVICES")))
        for imp in p["implant"]:
            c.w(imp)
            c.fc((", lot {lot}", ", serial number {serial:" + _slug(imp)[:6] + "}",
                  ", SN {serial:" + _slug(imp)[:6] + "}",
                  " (lot # {lot})", ", REF 6260-5-{n:mm}, lot {lot}", " UDI {udi}"))
            c.w("\n")
    H(c.pick(("FINDINGS", "Findings")))
    c.w(p["findings"], "\n")
    H(c.pick(("INDICATIONS", "INDICATIONS FOR PROCEDURE", "Indications")))
    c.fc(("{ptt} is a {age} {man} with {pmhlist} and {pre}. Risks, benefits and alternatives were discussed and consent was obtained.\n",
          "{age} {man} with {pre}. Consent signed {d} in the presence of {rel}.\n",
          "{pt} presented with {pre}. After discussion of risks including bleeding, infection and injury to surrounding structures, {he} wished to proceed.\n"))
    H(c.pick(("DESCRIPTION OF PROCEDURE", "Description of Procedure", "PROCEDURE IN DETAIL", "Details")))
    steps = list(p["steps"])
    if c.chance(0.5):
        steps.insert(0, c.pick(("The patient was identified in the preoperative holding area and the site was marked.",
                                "A time-out was performed confirming patient, procedure and site.")))
    c.w(" ".join(steps) if c.chance(0.5) else "\n".join(steps))
    c.w("\n")
    c.fc(("The patient tolerated the procedure well and was taken to PACU in stable condition.\n",
          "Sponge and needle counts were correct x2. {drlast:surg} was present and scrubbed for the entire procedure.\n",
          "Pt to PACU, extubated, stable. Dispo per {dr:surg}. Update given to {rel} by phone at {phone:rel}.\n"))
    c.fc(("\n{drsig:surg}\n", "\nDictated by: {drsig:surg}  D: {enc}\n",
          "\nElectronically signed by {drsig:surg} on {enc} at {time}\n"))


def _en_consult_letter(c: _En) -> None:
    c.f("{fac:clinic}\n")
    c.fc(("{addr2:clinic}\n", "{addr1:clinic}\n", ""))
    c.fc(("Tel {phone:clinic}  Fax {fax:clinic}\n", "P: {phone:clinic} | F: {fax:clinic}\n",
          "Phone: {phone:clinic}\nFax: {fax:clinic}\n",
          "Telephone {phone:clinic}\n"))
    c.w("\n")
    c.f("{enc}\n\n")
    c.fc(("{drsig:ref}\n{fac:ref}\n{addr2:ref}\n\n", "{drsig:ref}\n{addr1:ref}\n\n",
          "Dr. {drlast:ref}\n{fac:hospital}\n\n", ""))
    c.fc(("RE: {ptname}\nDOB: {dob}\n", "Re: {ptname}, DOB {dob}, MRN {mrn}\n", "Patient: {ptname}  (DOB {dob})\n",
          "RE: {ptname}\nDate of Birth: {dob}\nMR#: {mrn}\n"))
    c.w("\n")
    c.fc(("Dear Dr. {drlast:ref},\n\n", "Dear {drfirst:ref},\n\n", "Dear Colleague,\n\n", "Dear Dr. {drlast:ref}:\n\n"))
    c.fc(("Thank you for referring {ptt}, a {age} {man}, whom I saw in {fu_svc} clinic on {enc} for {cc}. ",
          "I had the pleasure of seeing your patient, {pt}, today in consultation regarding {dx}. ",
          "Thank you for asking me to see {ptt} in consultation. As you know, {he} is a {age} {man} with {pmhlist}. ",
          "I saw {ptt} on the {dord} at our {city:clinic} office. "))
    c.fc(("{He} was accompanied by {rel}. ", "{He} came alone today. ", "",
          "{He} was recently hospitalized at {ofac} from {d} to {d}. "))
    c.w("\n\n")
    for t in [c.scen["hpi"][0]] + c.some(c.scen["hpi"][1:], 0):
        c.f(t)
        c.w(" ")
    c.w("\n\n")
    if c.chance(0.6):
        c.fc(("Current medications include ", "{His} medications are ", "Medications: "))
        c.w("; ".join(c.medline(m, 0) for m in c.meds()) or "none", ".\n\n")
    c.fc(("On examination, ", "Exam today: ", "Examination was notable for the following: "))
    c.w(c.s_vitals(), ". ")
    c.w(_pe_line(c, "cv"), ". ", _pe_line(c, "lungs"), ".\n\n")
    c.w(c.s_results() if c.chance(0.7) else c.s_labs())
    c.w("\n\n")
    c.fc(("In summary, ", "Impression: ", "My assessment is that ", "Overall, "))
    c.fc(("{ptt} has {dx}. ", "this is most consistent with {dx}. ", "{his} presentation is consistent with {dx}. "))
    c.w("My recommendations are:\n" if c.chance(0.6) else "I would suggest the following:\n")
    recs = [c.pick(("Start ", "Continue ", "I have started ", "Recommend ")) + c.medline(m, 0) + "."
            for m in c.some(c.scen["meds"], 1, 2)]
    recs += c.some(("Repeat BMP and CBC in 1 week.", "Echocardiogram if symptoms recur.",
                    "Smoking cessation counseling.",
                    "Return precautions reviewed with the patient.", "Physical therapy referral.",
                    "Please check a lipid panel and A1c at the next visit.", "No driving until cleared."), 1, 2)
    for i, t in enumerate(recs, 1):
        c.w(f"{i}. {t}\n")
    c.fc(("\nI will see {him} again in {n:weeks} weeks. ", "\nFollow-up is arranged for {dfu}. ",
          "\nI have not scheduled routine follow-up. "))
    c.fc(("Please do not hesitate to contact me at {phone:office} or {email:cons} with any questions.\n",
          "Please call me with any questions.\n", "Thank you for this interesting referral.\n"))
    c.fc(("\nSincerely,\n\n{drsig:cons}\n", "\nWith kind regards,\n{drsig:cons}\n{fu_svc}\n",
          "\nYours sincerely,\n\n\n{drsig:cons}\nLicense #{medlic:cons}\n",
          "\nBest regards,\n{drsig:cons}\nNPI: {npi:cons}\n"))
    if c.chance(0.6):
        c.fc(_CC_LINE)
        c.w("\n")


def _en_medlist(c: _En) -> None:
    c.fc(("MEDICATION RECONCILIATION\n", "Medication List\n", "Outpatient Medication List as of {enc}\n",
          "Home Medication Review\n",
          "Pharmacy Medication History\n", "ACTIVE MEDICATIONS\n"))
    _en_fields(c, [(0.9, _F_NAME), (0.6, _F_DOB), (0.5, _F_MRN),
                   (0.4, ("Reviewed: {enc}", "Last updated {enc} {time}", "Date: {enc}")),
                   (0.5, ("Insurance: {payer}  Member ID: {plan}", "Plan: {payer} / ID {plan}",
                          "Rx BIN 610014  Member #: {plan}")),
                   (0.5, ("Preferred pharmacy: {fac:pharm}, {phone:pharm}",
                          "Pharmacy: {fac:pharm} ({street:pharm}, {city:pharm})",
                          "Pharmacy: {fac:pharm}  Ph {phone:pharm}  Fax {fax:pharm}")),
                   (0.3, ("Source: patient and {rel}", "Source: pill bottles brought by {rel}",
                          "Source: outside records from {ofac}"))])
    meds = c.meds(c.scen["meds"] if c.chance(0.4) else ())
    style = c.r.randrange(5)
    head = c.pick(("", "Drug / Dose / Route / Frequency / Prescriber\n", "Scheduled:\n", "Current:\n"))
    c.w(head)
    for i, m in enumerate(meds, 1):
        c.w(f"{i}. " if c.chance(0.5) else "- ", c.medline(m, style))
        if c.chance(0.3):
            c.w(c.pick((" - taking", " - not taking", " (last dose ", " - pt unsure of dose")))
            if c.doc.parts[-1] == " (last dose ":
                c.f("{dshort})")
        if c.chance(0.2):
            c.f("  Rx: {dr:pcp}")
        c.w("\n")
    if c.chance(0.5):
        c.w(c.pick(("PRN:\n", "As needed:\n", "")))
        c.w("- ", c.pick(("acetaminophen 500 mg 1-2 tabs q6h prn pain", "albuterol HFA 2 puffs q4h PRN wheeze",
                          "ondansetron 4 mg ODT q8h PRN nausea", "melatonin 3 mg qHS prn sleep")), "\n")
    c.w("\n")
    c.f(c.pick(("Allergies: ", "ALLERGIES: ", "Allergy list: ")))
    c.w(c.pick(_ALLERGIES), "\n")
    if c.chance(0.6):
        c.fc(("Prescriber: {drsig:pcp}  DEA# {dea:pcp}  NPI {npi:pcp}\n",
              "Ordering provider: {drsig:pcp} (NPI: {npi:pcp})\n",
              "Controlled substance Rx by {dr:pcp}, DEA {dea:pcp}\n", "Prescriber DEA: {dea:pcp}\n"))
    if c.chance(0.5):
        c.fc(("Reconciled by {dr:pharm} on {enc}.\n", "Reviewed with patient by {drsig:rn}.\n",
              "Pharmacist: {drsig:pharm}\n",
              "Changes discussed with {ptt} and {rel}.\n"))
    if c.chance(0.3):
        c.fc(("Refill requests: call {phone:clinic} or use {url}.\n", "Fax refill requests to {fax:clinic}.\n",
              "Patient email on file: {email}\n"))


def _en_phone(c: _En) -> None:
    c.fc(("TELEPHONE ENCOUNTER\n", "Phone Note\n", "Telephone Call\n", "Patient Call - {fac:clinic}\n",
          "Nurse Triage Call\n", "Message\n"))
    _en_fields(c, [(0.8, _F_NAME), (0.5, _F_MRN), (0.5, _F_DOB),
                   (0.8, ("Date: {enc} {time}", "Call received: {enc} at {time}", "{enc} {time}")),
                   (0.6, ("Caller: patient", "Caller: {rel}", "Caller: {relw} ({reln})", "Call from: {ptname}")),
                   (0.7, ("Callback #: {phone:home}", "Best number: {phone:cell}", "Call back at {phone:home}",
                          "Phone: {phone:cell}")),
                   (0.3, ("Alt phone: {phone:rel}", "Email: {email}"))])
    c.fc(("Identity verified with name and DOB. ", "Identity verified with {natid} and DOB. ",
          "Two identifiers confirmed (DOB {dob} and address {street}). ",
          "Verified identity with last 4 of SSN ({ssn4}) and DOB. ", "Pt verified name/DOB. ", ""))
    c.fc(("{ptt} called to report {cc} x {dur}. ", "Pt calling c/o {cc}. ",
          "{rel} called on behalf of {ptt}, reporting {cc}. ",
          "Returned call to {pt} re: lab results. ", "{ptfirst} called asking for a refill of {drug}. "))
    c.fc(("Denies fever, CP, SOB. ", "Reports mild dizziness on standing. ", "Taking meds as prescribed. ",
          "Has not been able to pick up meds from {fac:pharm}. "))
    c.w("\n")
    c.fc(("Advised to go to ED if symptoms worsen. ", "Appt scheduled with {dr:pcp} on {dfu} at {time}. ",
          "Rx sent to {fac:pharm}. ", "Message routed to {dr:pcp} for review. ",
          "Per {dr:pcp}, increase dose to {n:dose} tabs daily. "))
    c.fc(("Pt verbalized understanding.\n", "Caller agrees with plan.\n", "Will call back if no improvement.\n", "\n"))
    if c.chance(0.3):
        c.fc(("Insurance updated: {payer}, member {plan}.\n",
              "Billing question re: account {acct} forwarded to billing.\n",
              "Pt requests records be faxed to {fax:outside}.\n", "Updated address: {addr1}.\n",
              "New email: {email}\n"))
    c.fc(("-- {drsig:rn}\n", "{drsig:rn} / {time}\n", "Documented by {dr:rn}\n", "{drsig:np}\n"))


def _en_telehealth(c: _En) -> None:
    c.outpatient()
    c.fc(("TELEHEALTH VISIT\n", "Video Visit Note\n", "Virtual Visit - {fac:clinic}\n", "Telemedicine Progress Note\n",
          "Telehealth Encounter\n"))
    _en_fields(c, [(0.8, _F_NAME), (0.6, _F_DOB), (0.5, _F_MRN),
                   (0.8, ("Visit date: {enc}", "Date of Service: {enc}", "DOS {enc}")),
                   (0.6, ("Provider: {drsig:pcp}", "Clinician: {drsig:np}"))])
    c.fc(("This visit was conducted via synchronous audio-video. ", "Video visit via {url:tele}. ",
          "Visit performed over secure video; patient consented to telehealth. ",
          "Telephone-only visit (video failed). "))
    c.fc(("Patient location: home in {city}, {state}. ", "Pt located at {addr1} at time of visit. ",
          "Patient at {fac:nh}. ",
          "Patient located in {city}. "))
    c.fc(("Provider location: {fac:clinic}.\n", "Provider at home office.\n", "\n"))
    if c.chance(0.75):
        c.fc(("Connection log: client IP {ip}, session {time}-{time}.\n",
              "Session metadata: patient device IP {ip}; provider IP {ip}.\n",
              "Audio dropped x1; reconnected from {ip}.\n", "Platform audit: joined {time} from {ip} ({url:tele}).\n"))
    c.w("\n")
    c.section("hpi", lambda: _en_hpi(c, 1))
    c.section("ros", lambda: _en_ros(c), block=True)
    c.section("pe", lambda: c.w(c.pick(("Limited by video. Alert, conversant, no increased work of breathing.",
                                         "Appears well on video. Speaking full sentences. No facial asymmetry.",
                                         "Self-reported vitals: BP " + c.s_n("sbp") + "/" + c.s_n("dbp") + ", HR " + c.s_n("hr") + ".")), "\n"))
    c.section("ap", lambda: _en_problem_plan(c, outpatient=True), block=True)
    c.fc(("Total time {n:mins} minutes, >50% counseling.\n", "Patient instructed to upload photos to {url}.\n",
          "After-visit summary sent to {email}.\n", "Follow-up video visit {dfu}.\n"))
    _en_signature(c)


def _en_facesheet(c: _En) -> None:
    c.fc(("PATIENT REGISTRATION / FACE SHEET\n", "FACE SHEET\n", "{fac}\nPatient Demographics\n",
          "ADMISSION FACE SHEET\n",
          "Registration Summary\n"))
    c.w("\n")
    rows = [
        (1.0, _F_NAME), (0.95, _F_DOB), (0.9, ("Sex: {sex}", "Gender: {sex}")), (0.9, _F_MRN), (0.7, _F_ACCT),
        (0.8, ("SSN: {ssn}", "Social Security #: {ssn}", "SS#: {ssn}", "SSN: XXX-XX-{ssn4}")),
        (0.95, ("Address: {addr1}", "Home Address: {addr1}", "Street: {street}\nCity/State/ZIP: {cityline}")),
        (0.9, ("Home Phone: {phone:home}", "Phone: {phone:home}", "Primary #: {phone:home}")),
        (0.6, ("Cell: {phone:cell}", "Mobile: {phone:cell}", "Work Phone: {phone:work}")),
        (0.6, ("Email: {email}", "E-mail: {email}")),
        (0.5, ("Driver's License: {dl} ({state})", "DL#: {dl}", "ID: State driver license {dl}")),
        (0.4, ("{natid}", "ID on file: {natid}", "Secondary ID - {natid}")),
        (0.9, ("Primary Insurance: {payer}\nMember ID: {plan}", "Insurance: {payer}  Policy #: {plan}",
               "Payer: {payer}  Subscriber ID: {plan}",
               "Medicare ID (MBI): {plan}")),
        (0.8, ("Emergency Contact: {rel}  Phone: {phone:rel}", "Next of Kin: {reln} ({relw}), {phone:rel}",
               "NOK: {rel} {phone:rel}")),
        (0.5, ("PCP: {drsig:pcp}  ({phone:clinic})", "Primary Physician: {drsig:pcp}")),
        (0.4, ("Employer: retired", "Occupation: {occ}", "Marital status: married", "Language: English",
               "Preferred language: Spanish")),
        (0.5, ("Admit Date: {adm}", "Registration Date: {enc} {time}")),
        (0.25,
         ("Vehicle (valet): {car}, plate {plate}", "Parking permit vehicle: plate {plate}",
          "Valet: {car} - plate {plate}")),
        (0.25, ("Patient portal: {url}", "Portal activation link sent: {url}")),
        (0.3, ("Registered by: {dr:rn} from workstation {ip}", "Audit: record accessed from {ip}")),
    ]
    _en_fields(c, rows, shuffle=False)
    if c.chance(0.4):
        c.fc(("Advance directive on file: Yes. HCP: {rel}.\n",
              "Financial counseling referral: self-pay balance on account {acct}.\n",
              "Guarantor: {reln}, {addr1:g}\n"))


_NURSE_LINES = (
    "Pt AAOx3, VSS. c/o pain {n:pain}/10 R hip, PRN oxycodone 5 mg PO given w/ relief.",
    "{ptfirst} resting in bed, call light w/in reach, bed alarm on.",
    "BP {n:sbp}/{n:dbp}, HR {n:hr}, SpO2 {n:spo2}% on {n:o2l}L NC. Lungs diminished at bases.",
    "Ambulated 50 ft w/ walker + 1 assist. Tolerated well.",
    "FSBG {n:glu}; 4 units lispro given per sliding scale.",
    "Voiding qs, UOP {n:uop} mL this shift. Foley d/c'd.",
    "{rel} at bedside, updated on POC.",
    "Pt's {relw} called ({phone:rel}), update given per pt's permission.",
    "Pt confused overnight, reoriented x3. Sitter at bedside. s/p haldol 0.5 mg IV x1.",
    "Dressing to L hip C/D/I. Pedal pulses 2+.",
    "IV site R FA c/d/i, NS @ 75 mL/hr.",
    "Pt refused AM lab draw; MD ({dr:res}) aware.",
    "Skin: stage 2 sacral wound, Mepilex applied.",
    "Pt tolerating reg diet, ate 75% of meal.",
    "{relw} asking about d/c to {fac:nh}; CM notified.",
    "Pain 3/10 after tylenol 650 mg PO. Pt sleeping.",
    "Belongings: glasses, dentures (upper), cell phone. Wallet sent home w/ {reln}.",
    "{age} pt, high fall risk (Morse 65). Fall precautions in place.",
    "Pt stated, \"my {relw} will pick me up.\"",
    "Blood cx x2 drawn, 1 g ceftriaxone IVPB started.",
    "Telemetry: NSR 70s, occasional PVCs.",
    "Duonebs q.i.d. and PRN, last given 0600. Pt states SOB improved.",
    "Pt c/o nausea, zofran 4 mg IV given x1; tolerating sips.",
    "Paged {dr:res} re: HR {n:hr}, new orders rec'd.",
    "Dr. {drlast:res} notified of K {n:k}; replete per protocol.",
    "Pt transferred to 5W via wheelchair, report given to {dr:rn}.",
    "{ptt} asked that no info be given to callers other than {reln}.",
)


def _en_nursing(c: _En) -> None:
    c.fc(("Nursing Note\n", "RN Shift Assessment\n", "NURSING PROGRESS NOTE {enc}\n", "Nursing Shift Note - 7a-7p\n",
          "Night shift note\n",
          "Flowsheet comment\n", "Nursing Narrative - {d}\n", "Shift summary\n"))
    if c.chance(0.6):
        _en_fields(c, [(0.8, _F_NAME), (0.4, _F_MRN),
                       (0.5, ("Unit: 5 West", "Unit: MICU", "Unit: Ortho/Neuro", "Unit: Telemetry",
                              "Unit: 4B Med-Surg")),
                       (0.5, ("Shift: 0700-1900", "Shift: nights", "Shift: 1900-0700", "Date: {enc}")),
                       (0.3, ("Isolation: contact", "Code status: DNR", "Fall risk: high", "Diet: cardiac")),
                       (0.3, ("Attending: {dr:att}", "MD: {dr:res}"))])
    n = c.r.randint(3, 8)
    times = sorted(c.r.sample(range(0, 24 * 4), n))
    timed = c.chance(0.75)
    fmt = c.pick(("{h:02d}{m:02d} ", "{h:02d}{m:02d}: ", "{h:02d}:{m:02d} - ", "{h:02d}{m:02d} - "))
    for t, line in zip(times, c.sample(_NURSE_LINES, n)):
        if timed:
            c.w(fmt.format(h=t // 4, m=(t % 4) * 15))
        c.f(line)
        c.w("\n")
    c.fc(("-{drsig:rn}\n", "{drsig:rn}\n", "Signed {dr:rn} {enc} {time}\n", "{dr:rn}\n"))


def _en_socialwork(c: _En) -> None:
    c.fc(("SOCIAL WORK NOTE\n", "Case Management / Social Work Assessment\n", "SW Progress Note\n",
          "Psychosocial Assessment\n",
          "Care Coordination Note\n"))
    if c.chance(0.6):
        _en_fields(c, [(0.9, _F_NAME), (0.6, _F_MRN), (0.5, ("Date: {enc}", "DOS: {enc}")),
                       (0.5, ("Referral source: {dr:att}", "Consult requested by {dr:res}"))])
    c.fc(("SW met with {ptt} and {rel} at bedside to discuss discharge planning. ",
          "SW consulted for {cc}/housing concerns. ",
          "Met with {pt} today; {he} is alert and participated in the assessment. "))
    c.fc(("Pt lives {where} in {city}. ", "{He} reports living with {rel} at {addr1}. ",
          "Pt has been staying in {his} car (a {car}, plate {plate}) for the past month. ",
          "{He} is currently homeless and sleeps at a shelter on {streetname}; mail goes to {street}, {cityline}. "))
    c.fc(("Income: SSDI. ", "Insurance: {payer}, ID {plan}. ",
          "{His} income is a pension; bank account {acct} is managed by {rel}. ", ""))
    c.w("\n")
    c.fc(("Pt identifies {rel} as HCP; contact {phone:rel}. ", "{rel} ({email:rel}) would like updates by email. ",
          "Emergency contact: {rel}, {phone:rel}. ", "No identified HCP; pt to complete proxy form. "))
    c.fc(("SW provided information on rehab options: {fac:nh} and {ofac}. ",
          "Referral sent to {fac:nh} (fax {fax:nh}). ",
          "Pt's friends set up a fundraiser at {url:fund}. ",
          "Pt is visiting from abroad; {natid} (copy in chart). ",
          "Immigration paperwork pending; passport number {natid:bare} on file. ",
          "Discussed transportation; pt's license ({dl}) is suspended. ",
          "Pt's vehicle (VIN {vin}) was impounded; SW provided tow lot number. ", "Meals on Wheels referral placed. "))
    c.w("\n")
    c.fc(("Plan: SW to follow. ", "Plan: SNF placement at {fac:nh} pending insurance auth. ",
          "Plan: home with VNA; f/u w/ {dr:pcp}. "))
    c.fc(("\n{drsig:sw}\n", "\n-- {drsig:sw}\n", "\n{drsig:sw}  {enc}\n"))


def _en_device(c: _En) -> None:
    c.fc(("DEVICE CLINIC NOTE\n", "Pacemaker Interrogation\n", "ICD Remote Transmission Review\n",
          "Cardiac Device Check\n",
          "EP Device Clinic - {fac:clinic}\n"))
    _en_fields(c, [(0.9, _F_NAME), (0.7, _F_MRN), (0.6, _F_DOB),
                   (0.8, ("Date: {enc}", "Interrogation date: {enc}", "Transmission received: {enc} {time}")),
                   (0.5, ("Follows with: {drsig:cons}", "EP: {dr:cons}"))])
    kind = c.pick(("pacemaker", "ICD", "CRT-D", "loop recorder"))
    model = {"pacemaker": ("Medtronic Azure XT DR MRI", "Boston Scientific Accolade MRI", "Abbott Assurity MRI"),
             "ICD": ("Medtronic Evera MRI XT VR", "Boston Scientific Dynagen", "Abbott Ellipse VR"),
             "CRT-D": ("Medtronic Claria MRI", "Boston Scientific Resonate X4"),
             "loop recorder": ("Medtronic LINQ II", "Abbott Confirm Rx")}[kind]
    c.w(f"Device: {c.pick(model)} {kind}")
    c.fc(("\nSerial #: {serial:gen}\n", ", SN {serial:gen}\n", " (serial number {serial:gen})\n",
          "\nModel/Serial: see below; SN {serial:gen}\n"))
    c.fc(("Implanted {dpast} at {ofac} by {dr:cons}.\n", "Implant date: {dpast}\n", "Implanted {year} for CHB.\n",
          "Implanted on {dpast}; indication sick sinus syndrome.\n"))
    if kind != "loop recorder" and c.chance(0.7):
        c.fc(("RA lead: {serial:ra}; RV lead: {serial:rv}\n", "Leads: RV lead SN {serial:rv}\n", ""))
    c.w(f"Battery: {c.s_n('batt')} years remaining. ")
    if kind == "loop recorder":
        c.w(f"R-wave sensing {c.s_n('sense')} mV. AF burden {c.s_n('burden')}%.\n")
    else:
        c.w(f"RV impedance {c.s_n('impedance')} ohms, threshold {c.s_n('thresh')} V @ 0.4 ms, R wave {c.s_n('sense')} mV. ")
        c.w(f"AP {c.s_n('apace')}%, VP {c.s_n('apace')}%. AF burden {c.s_n('burden')}%.\n")
    c.fc(("No arrhythmias. ", "Two brief episodes of NSVT, longest 6 beats. ", "No therapies delivered. ",
          "1 episode of AT/AF lasting 3 hours on {dshort}. "))
    c.fc(("Normal device function.\n", "Device functioning appropriately; no changes made.\n",
          "Lower rate changed from 60 to 70 bpm.\n"))
    if c.chance(0.5):
        c.fc(("Remote monitor (transmitter SN {serial:tx}) paired; home hub IP {ip}.\n",
              "Remote monitoring via CareLink; patient's monitor SN {serial:tx}.\n",
              "Next remote transmission {dfu}.\n"))
    c.fc(("Return in 6 months.\n", "In-clinic follow-up {dfu}.\n", ""))
    _en_signature(c)


_EN_TYPES: tuple[tuple[str, Callable[[_En], None], int], ...] = (
    ("discharge_summary", _en_discharge, 12), ("history_physical", _en_hp, 8), ("progress_note", _en_progress, 10),
    ("ed_note", _en_ed, 10), ("radiology_report", _en_radiology, 9), ("operative_note", _en_operative, 7),
    ("consult_letter", _en_consult_letter, 7), ("medication_list", _en_medlist, 6),
    ("telephone_encounter", _en_phone, 6),
    ("telehealth_visit", _en_telehealth, 6), ("face_sheet", _en_facesheet, 6), ("nursing_note", _en_nursing, 6),
    ("social_work_note", _en_socialwork, 5), ("device_clinic_note", _en_device, 4),
)


# --------------------------------------------------------------------------------------------------
# Note assembly
# --------------------------------------------------------------------------------------------------

_WS = " \t\r\n\u3000"


def _finish(doc: _Doc) -> tuple[str, list[dict]]:
    text = doc.text().rstrip(_WS)
    spans = []
    last_end = 0
    for start, end, label in doc.spans:
        # Guards against template mistakes; a broken gold set is worse than a crash.
        if not (last_end <= start < end <= len(text)):
            raise AssertionError(f"bad span {start}-{end} {label}")
        value = text[start:end]
        if value != value.strip(_WS) or label not in PHI_LABEL_NAMES:
            raise AssertionError(f"bad span value {value!r} {label}")
        spans.append({"start": start, "end": end, "label": label})
        last_end = end
    return text, spans


def _weighted(r: random.Random, table):
    total = sum(t[-1] for t in table)
    x = r.random() * total
    for t in table:
        x -= t[-1]
        if x < 0:
            return t
    return table[-1]


def _note_rng(lang: str, seed: int, i: int) -> random.Random:
    # String seeds are hashed with SHA-512 by random.seed (version 2): stable across machines and runs.
    return random.Random(f"medcorpus.synthetic|{lang}|{seed}|{i}")


def _make_note(lang: str, seed: int, i: int) -> dict:
    r = _note_rng(lang, seed, i)
    if lang == "en":
        c = _En(r)
        name, fn, _ = _weighted(r, _EN_TYPES)
    else:
        c = _Zh(r)
        name, fn, _ = _weighted(r, _ZH_TYPES)
    fn(c)
    text, spans = _finish(c.doc)
    return {"id": f"{lang}-note-{i:06d}", "lang": lang, "kind": "note", "note_type": name, "text": text, "spans": spans}


def generate_notes(lang: str, n: int, seed: int) -> list[dict]:
    """Generate ``n`` gold notes in ``lang`` ("en" or "zh"). Note i depends only on (lang, seed, i)."""
    if lang not in ("en", "zh"):
        raise ValueError(f"lang must be 'en' or 'zh', not {lang!r}")
    if n < 0:
        raise ValueError("n must be >= 0")
    return [_make_note(lang, seed, i) for i in range(n)]


# --------------------------------------------------------------------------------------------------
# Chinese vocabulary
# --------------------------------------------------------------------------------------------------

_ZH_SURNAMES = tuple(x.split(":") for x in """王:wang 李:li 张:zhang 刘:liu 陈:chen 杨:yang 黄:huang 赵:zhao 吴:wu 周:zhou
徐:xu 孙:sun 马:ma 朱:zhu 胡:hu 郭:guo 何:he 高:gao 林:lin 罗:luo 郑:zheng 梁:liang 谢:xie 宋:song 唐:tang 许:xu 韩:han
冯:feng 邓:deng 曹:cao 彭:peng 曾:zeng 肖:xiao 田:tian 董:dong 袁:yuan 潘:pan 于:yu 蒋:jiang 蔡:cai 余:yu 杜:du 叶:ye
程:cheng 苏:su 魏:wei 吕:lv 丁:ding 任:ren 沈:shen 姚:yao 卢:lu 姜:jiang 崔:cui 钟:zhong 谭:tan 陆:lu 汪:wang 范:fan
金:jin 石:shi 廖:liao 贾:jia 夏:xia 韦:wei 付:fu 方:fang 白:bai 邹:zou 孟:meng 熊:xiong 秦:qin 邱:qiu 江:jiang 尹:yin
薛:xue 闫:yan 段:duan 雷:lei 侯:hou 龙:long 史:shi 陶:tao 黎:li 贺:he 顾:gu 毛:mao 郝:hao 龚:gong 邵:shao 万:wan
钱:qian 严:yan 覃:qin 武:wu 戴:dai 莫:mo 孔:kong 向:xiang 汤:tang 欧阳:ouyang 司马:sima 上官:shangguan 诸葛:zhuge
慕容:murong 东方:dongfang 皇甫:huangfu 买:mai 阿不都:abudu 扎西:zhaxi""".split())
_ZH_GIVEN_M = tuple(x.split(":") for x in """伟:wei 强:qiang 磊:lei 军:jun 洋:yang 勇:yong 杰:jie 涛:tao 明:ming 超:chao
刚:gang 平:ping 辉:hui 鹏:peng 华:hua 飞:fei 鑫:xin 波:bo 斌:bin 宇:yu 浩:hao 凯:kai 健:jian 俊:jun 帆:fan 帅:shuai
旭:xu 宁:ning 龙:long 国:guo 建:jian 志:zhi 文:wen 德:de 永:yong 海:hai 庆:qing 东:dong 成:cheng 福:fu 生:sheng
荣:rong 春:chun 祥:xiang 振:zhen 峰:feng 宏:hong 家:jia 子:zi 博:bo 轩:xuan 睿:rui 泽:ze 铭:ming""".split())
_ZH_GIVEN_F = tuple(x.split(":") for x in """芳:fang 娜:na 敏:min 静:jing 丽:li 艳:yan 娟:juan 霞:xia 秀:xiu 玲:ling 桂:gui
英:ying 兰:lan 萍:ping 红:hong 梅:mei 琳:lin 雪:xue 婷:ting 慧:hui 晶:jing 颖:ying 倩:qian 洁:jie 燕:yan 琴:qin 云:yun
莉:li 凤:feng 珍:zhen 淑:shu 佳:jia 欣:xin 怡:yi 萱:xuan 涵:han 悦:yue 琪:qi 晓:xiao 春:chun 玉:yu""".split())

# (province, city, district/county, region code of the district for 身份证号, landline area code)
_ZH_REGIONS = (
    ("北京市", "北京市", "朝阳区", "110105", "010"), ("北京市", "北京市", "海淀区", "110108", "010"),
    ("北京市", "北京市", "东城区", "110101", "010"), ("北京市", "北京市", "西城区", "110102", "010"),
    ("上海市", "上海市", "浦东新区", "310115", "021"), ("上海市", "上海市", "徐汇区", "310104", "021"),
    ("上海市", "上海市", "静安区", "310106", "021"), ("天津市", "天津市", "和平区", "120101", "022"),
    ("天津市", "天津市", "南开区", "120104", "022"), ("重庆市", "重庆市", "渝中区", "500103", "023"),
    ("重庆市", "重庆市", "江北区", "500105", "023"), ("广东省", "广州市", "天河区", "440106", "020"),
    ("广东省", "广州市", "越秀区", "440104", "020"), ("广东省", "深圳市", "南山区", "440305", "0755"),
    ("广东省", "深圳市", "福田区", "440304", "0755"), ("浙江省", "杭州市", "西湖区", "330106", "0571"),
    ("浙江省", "杭州市", "拱墅区", "330105", "0571"), ("浙江省", "宁波市", "鄞州区", "330212", "0574"),
    ("江苏省", "南京市", "鼓楼区", "320106", "025"), ("江苏省", "苏州市", "吴中区", "320506", "0512"),
    ("江苏省", "无锡市", "梁溪区", "320213", "0510"), ("湖北省", "武汉市", "武昌区", "420106", "027"),
    ("湖北省", "武汉市", "洪山区", "420111", "027"), ("湖南省", "长沙市", "岳麓区", "430104", "0731"),
    ("湖南省", "长沙市", "芙蓉区", "430102", "0731"), ("四川省", "成都市", "武侯区", "510107", "028"),
    ("四川省", "成都市", "锦江区", "510104", "028"), ("陕西省", "西安市", "雁塔区", "610113", "029"),
    ("陕西省", "西安市", "碑林区", "610103", "029"), ("山东省", "济南市", "历下区", "370102", "0531"),
    ("山东省", "青岛市", "市南区", "370202", "0532"), ("河南省", "郑州市", "金水区", "410105", "0371"),
    ("河南省", "郑州市", "二七区", "410103", "0371"), ("福建省", "福州市", "鼓楼区", "350102", "0591"),
    ("福建省", "厦门市", "思明区", "350203", "0592"), ("辽宁省", "沈阳市", "和平区", "210102", "024"),
    ("辽宁省", "大连市", "中山区", "210202", "0411"), ("吉林省", "长春市", "南关区", "220102", "0431"),
    ("黑龙江省", "哈尔滨市", "南岗区", "230103", "0451"), ("安徽省", "合肥市", "蜀山区", "340104", "0551"),
    ("江西省", "南昌市", "东湖区", "360102", "0791"), ("广西壮族自治区", "南宁市", "青秀区", "450103", "0771"),
    ("云南省", "昆明市", "五华区", "530102", "0871"), ("贵州省", "贵阳市", "南明区", "520102", "0851"),
    ("甘肃省", "兰州市", "城关区", "620102", "0931"), ("河北省", "石家庄市", "长安区", "130102", "0311"),
    ("山西省", "太原市", "小店区", "140105", "0351"), ("内蒙古自治区", "呼和浩特市", "新城区", "150102", "0471"),
    ("海南省", "海口市", "秀英区", "460105", "0898"), ("河北省", "保定市", "涞水县", "130623", "0312"),
    ("山东省", "临沂市", "沂南县", "371321", "0539"), ("四川省", "南充市", "仪陇县", "511324", "0817"),
    ("河南省", "信阳市", "固始县", "411525", "0376"), ("安徽省", "阜阳市", "临泉县", "341221", "0558"),
    ("湖南省", "邵阳市", "隆回县", "430524", "0739"), ("江苏省", "徐州市", "沛县", "320322", "0516"),
)
_ZH_ROADS = ("人民路", "解放路", "中山路", "建设路", "和平路", "新华路", "胜利路", "文化路", "长江路", "黄河路", "朝阳路",
             "光明街", "青年路", "健康路", "学府路", "科技路", "迎宾大道", "滨江路", "东风路", "幸福街", "北京路", "延安路",
             "工农路", "团结路", "建国路", "花园路", "体育路", "府前街", "南大街", "西环路")
_ZH_COMMUNITIES = ("阳光花园", "翠苑小区", "金色家园", "锦绣华庭", "幸福里小区", "碧桂园", "万科城", "和谐家园", "书香苑",
                   "滨江花园", "紫荆城", "康乐小区", "绿地新都会", "保利香槟", "世纪华庭", "职工宿舍")
_ZH_TOWNS = ("城关", "新集", "石桥", "马庄", "白沙", "柳河", "黄土岭", "三河", "龙泉", "双桥")
_ZH_VILLAGES = ("王庄", "李家", "张湾", "河西", "前进", "红星", "大柳树", "东坡", "杨树沟", "新民")
_ZH_FAMOUS = ("北京协和医院", "四川大学华西医院", "复旦大学附属中山医院", "中山大学附属第一医院", "浙江大学医学院附属第一医院",
              "华中科技大学同济医学院附属同济医院", "中南大学湘雅医院", "上海交通大学医学院附属瑞金医院", "首都医科大学附属北京天坛医院",
              "山东大学齐鲁医院", "郑州大学第一附属医院", "西安交通大学第一附属医院", "南京鼓楼医院", "广东省人民医院",
              "江苏省人民医院", "北京大学第三医院", "天津医科大学总医院", "重庆医科大学附属第一医院")
_ZH_NUMS = "一二三四五六七八"
_ZH_DEPTS = ("心内科", "呼吸内科", "消化内科", "内分泌科", "神经内科", "肾内科", "普外科", "肝胆外科", "胃肠外科", "骨科",
             "泌尿外科", "老年医学科", "急诊科", "全科医学科", "皮肤科", "感染科")
_ZH_MOBILE_PREFIX = ("130", "131", "132", "133", "135", "136", "137", "138", "139", "145", "147", "150", "151", "152",
                     "153",
                     "155", "156", "157", "158", "159", "166", "170", "173", "175", "176", "177", "178", "180", "181",
                     "182",
                     "183", "185", "186", "187", "188", "189", "191", "198", "199")
_ZH_OCC = ("退休工人", "农民", "教师", "个体经营者", "公司职员", "退休干部", "司机", "无业", "工程师", "会计", "家务", "学生",
           "医务人员", "厨师", "保安")
_ZH_EMAIL_DOMAINS = ("163.com", "126.com", "qq.com", "sina.com", "foxmail.com", "139.com", "yeah.net", "sohu.com")

# Chinese scenarios: department, complaint, history sentences, diagnosis, tests, treatment, discharge meds
_ZH_SCEN = (
    dict(key="chd", dept="心内科", cc=("反复胸闷、胸痛{dur}", "活动后胸闷{dur}，加重1天"), dx=("冠状动脉粥样硬化性心脏病", "不稳定型心绞痛"),
         hpi=("患者{dur}前无明显诱因出现胸骨后压榨样疼痛，向左肩背部放射，持续约5-10分钟，休息后可缓解。",
              "伴出汗、心悸，无恶心呕吐，无晕厥。", "曾自服速效救心丸，症状可部分缓解。", "近1周发作频繁，轻微活动即可诱发。"),
         tests=("心电图示：窦性心律，V4-V6导联ST段压低0.1mV。", "肌钙蛋白I {n:trop}ng/mL。", "冠脉造影示：前降支近段狭窄约85%。",
                "心脏彩超：左室射血分数{n:ef}%，节段性室壁运动异常。"),
         tx=("予阿司匹林、氯吡格雷双联抗血小板，阿托伐他汀调脂稳定斑块。", "行冠状动脉造影+支架植入术，术程顺利。",
             "予单硝酸异山梨酯扩冠、美托洛尔控制心室率。"),
         meds=("阿司匹林肠溶片 100mg 口服 每日一次", "硫酸氢氯吡格雷片 75mg 口服 每日一次", "阿托伐他汀钙片 20mg 口服 每晚一次",
               "酒石酸美托洛尔片 25mg 口服 每日两次")),
    dict(key="cap", dept="呼吸内科", cc=("发热、咳嗽、咳痰{dur}", "咳嗽伴发热{dur}"), dx=("社区获得性肺炎", "右下肺炎"),
         hpi=("患者{dur}前受凉后出现发热，最高体温{n:tc}℃，伴畏寒、寒战。", "咳嗽，咳黄脓痰，量中等，不易咳出。",
              "伴右侧胸痛，深呼吸时加重。", "在当地诊所输液治疗（具体不详），效果欠佳。"),
         tests=("血常规：WBC {n:wbc}×10^9/L，N% 86.2%，Hb {n:hgb}g/L。", "C反应蛋白 {n:crp}mg/L，降钙素原 {n:pct}ng/mL。",
                "胸部CT：右肺下叶大片状实变影，可见支气管充气征。"),
         tx=("予头孢曲松2g静滴每日一次联合阿奇霉素抗感染。", "予氨溴索化痰、补液对症支持治疗。", "体温于入院第3天恢复正常。"),
         meds=("头孢克肟分散片 0.1g 口服 每日两次", "盐酸氨溴索片 30mg 口服 每日三次")),
    dict(key="copd", dept="呼吸内科", cc=("反复咳嗽、咳痰、喘息20余年，加重{dur}", "气喘加重{dur}"), dx=("慢性阻塞性肺疾病急性加重", "慢性肺源性心脏病"),
         hpi=("患者20余年前开始出现咳嗽、咳痰，冬春季节多发。", "{dur}前受凉后上述症状加重，伴活动后气促，夜间不能平卧。",
              "吸烟40年，每日约20支。"),
         tests=("血气分析：pH {n:ph}，PaCO2 58mmHg，PaO2 56mmHg。", "胸片：双肺纹理增多紊乱，肺气肿征。"),
         tx=("予低流量吸氧、无创呼吸机辅助通气。", "予甲泼尼龙40mg静滴、雾化吸入布地奈德及特布他林。", "予哌拉西林他唑巴坦抗感染。"),
         meds=("噻托溴铵粉吸入剂 18μg 吸入 每日一次", "布地奈德福莫特罗粉吸入剂 160/4.5μg 吸入 每日两次")),
    dict(key="dm", dept="内分泌科", cc=("口干、多饮、多尿{dur}", "发现血糖升高5年，控制不佳{dur}"), dx=("2型糖尿病", "2型糖尿病伴周围神经病变"),
         hpi=("患者5年前体检发现空腹血糖{n:glu_zh}mmol/L，诊断为2型糖尿病。", "平素口服二甲双胍，未规律监测血糖。",
              "{dur}前出现口干、多饮、多尿，体重下降约5kg。", "伴双足麻木，呈袜套样感觉减退。"),
         tests=("空腹血糖 {n:glu_zh}mmol/L，糖化血红蛋白 {n:a1c}%。", "尿常规：尿糖(+++)，酮体(-)。", "肌电图提示周围神经源性损害。"),
         tx=("予门冬胰岛素联合甘精胰岛素强化降糖。", "予甲钴胺营养神经。", "进行糖尿病饮食及胰岛素注射宣教。"),
         meds=("盐酸二甲双胍片 0.5g 口服 每日三次", "甘精胰岛素注射液 16U 皮下注射 每晚一次", "甲钴胺片 0.5mg 口服 每日三次")),
    dict(key="htn", dept="心内科", cc=("头晕、头痛{dur}", "血压升高10年，头晕{dur}"), dx=("高血压病3级（极高危）", "高血压病2级"),
         hpi=("患者10年前发现血压升高，最高达{n:sbp_hi}/110mmHg。", "规律服用硝苯地平控释片，血压控制不详。",
              "{dur}前无明显诱因出现头晕，伴枕部胀痛，无视物旋转，无肢体无力。"),
         tests=("动态血压：24小时平均血压152/94mmHg。", "尿微量白蛋白/肌酐比 45mg/g。", "心脏彩超：左室壁增厚。"),
         tx=("调整降压方案，加用厄贝沙坦。", "予低盐低脂饮食指导。"),
         meds=("硝苯地平控释片 30mg 口服 每日一次", "厄贝沙坦片 150mg 口服 每日一次")),
    dict(key="stroke", dept="神经内科", cc=("突发左侧肢体无力{dur}", "言语不清伴右侧肢体麻木{dur}"), dx=("急性脑梗死", "脑梗死（右侧大脑中动脉供血区）"),
         hpi=("患者于{dur}前晨起时发现左侧肢体无力，持物不稳，行走拖步。", "伴口角歪斜、言语含糊，无头痛呕吐，无意识障碍。",
              "家属发现后立即送至我院急诊。"),
         tests=("头颅CT未见出血。", "头颅MRI：右侧基底节区急性梗死灶。", "颈动脉彩超：双侧颈动脉斑块形成。", "NIHSS评分{n:pain}分。"),
         tx=("予阿司匹林联合氯吡格雷抗血小板、阿托伐他汀强化调脂。", "予改善循环、营养神经治疗。", "早期康复训练。"),
         meds=("阿司匹林肠溶片 100mg 口服 每日一次", "阿托伐他汀钙片 40mg 口服 每晚一次")),
    dict(key="chole", dept="肝胆外科", cc=("右上腹痛{dur}", "进食油腻后右上腹疼痛{dur}"), dx=("急性结石性胆囊炎", "胆囊结石伴慢性胆囊炎"),
         hpi=("患者{dur}前进食油腻食物后出现右上腹持续性胀痛，向右肩背部放射。", "伴恶心、呕吐胃内容物2次，无发热黄疸。",
              "既往有类似发作史。"),
         tests=("腹部彩超：胆囊增大，壁厚约{n:mm}mm，腔内可见多发强回声伴声影。", "血常规：WBC {n:wbc}×10^9/L。", "总胆红素 {n:tbili_zh}μmol/L。"),
         tx=("完善术前准备后行腹腔镜胆囊切除术，术程顺利。", "术后予抗感染、补液治疗，恢复良好。"),
         meds=("熊去氧胆酸胶囊 250mg 口服 每日两次",)),
    dict(key="appy", dept="胃肠外科", cc=("转移性右下腹痛{dur}", "腹痛{dur}"), dx=("急性阑尾炎", "急性化脓性阑尾炎"),
         hpi=("患者{dur}前无明显诱因出现上腹部隐痛，后逐渐转移至右下腹，呈持续性。", "伴恶心，无呕吐，伴低热。"),
         tests=("右下腹麦氏点压痛、反跳痛阳性。", "血常规：WBC {n:wbc}×10^9/L，N% 88%。", "腹部CT：阑尾增粗，周围脂肪间隙模糊。"),
         tx=("急诊行腹腔镜阑尾切除术。", "术后予抗感染治疗，切口愈合良好。"), meds=()),
    dict(key="ugib", dept="消化内科", cc=("黑便{dur}", "呕血伴黑便{dur}"), dx=("上消化道出血", "十二指肠球部溃疡伴出血"),
         hpi=("患者{dur}前无明显诱因出现解黑色柏油样便，每日2-3次，量约200g。", "伴头晕、乏力、心悸。", "既往长期服用布洛芬止痛。"),
         tests=("血常规：Hb {n:hgb_zh}g/L。", "胃镜：十二指肠球部溃疡，A1期。", "幽门螺杆菌检测阳性。"),
         tx=("予禁食、奥美拉唑抑酸、补液及输注悬浮红细胞2U。", "内镜下止血治疗。", "根除幽门螺杆菌四联治疗。"),
         meds=("奥美拉唑肠溶胶囊 20mg 口服 每日两次", "阿莫西林胶囊 1g 口服 每日两次", "克拉霉素片 0.5g 口服 每日两次")),
    dict(key="ldh", dept="骨科", cc=("腰痛伴左下肢放射痛{dur}", "腰腿痛{dur}"), dx=("腰椎间盘突出症（L4/5）", "腰椎管狭窄症"),
         hpi=("患者{dur}前弯腰搬重物后出现腰部疼痛，伴左下肢放射痛至足背。", "行走约200米后需休息。", "外院保守治疗效果不佳。"),
         tests=("直腿抬高试验左侧40°阳性。", "腰椎MRI：L4/5椎间盘向左后方突出，压迫神经根。"),
         tx=("行经皮椎间孔镜下髓核摘除术。", "术后腰腿痛明显缓解。"), meds=("塞来昔布胶囊 200mg 口服 每日一次", "甲钴胺片 0.5mg 口服 每日三次")),
    dict(key="hipfx", dept="骨科", cc=("摔伤致右髋部疼痛、活动受限{dur}",), dx=("右股骨颈骨折", "右股骨颈骨折（Garden IV型）"),
         hpi=("患者{dur}前在家中不慎滑倒，右髋部着地，当即感右髋部疼痛，不能站立行走。", "无昏迷，无头痛呕吐。"),
         tests=("右下肢短缩、外旋畸形。", "骨盆X线：右股骨颈骨折，断端移位。"),
         tx=("完善术前检查后行右侧人工股骨头置换术。", "术后予抗凝预防深静脉血栓。"), meds=("利伐沙班片 10mg 口服 每日一次", "钙尔奇D 600mg 口服 每日一次")),
    dict(key="hf", dept="心内科", cc=("活动后气促{dur}，加重伴双下肢水肿3天", "反复胸闷气短{dur}"), dx=("慢性心力衰竭急性加重", "心功能III级（NYHA）"),
         hpi=("患者{dur}前开始出现活动后气促，上二楼即需休息。", "夜间不能平卧，需高枕卧位。", "3天前出现双下肢水肿，尿量减少。"),
         tests=("NT-proBNP {n:bnp}pg/mL。", "心脏彩超：LVEF {n:ef}%，全心扩大。", "胸片：心影增大，双侧少量胸腔积液。"),
         tx=("予呋塞米利尿、沙库巴曲缬沙坦改善心室重构。", "控制液体入量，监测体重。"),
         meds=("呋塞米片 20mg 口服 每日一次", "螺内酯片 20mg 口服 每日一次", "沙库巴曲缬沙坦钠片 50mg 口服 每日两次")),
    dict(key="uti", dept="肾内科", cc=("尿频、尿急、尿痛{dur}", "发热伴腰痛{dur}"), dx=("急性肾盂肾炎", "泌尿系感染"),
         hpi=("患者{dur}前出现尿频、尿急、尿痛，伴右侧腰痛。", "发热，体温最高{n:tc}℃。"),
         tests=("尿常规：白细胞(+++)，亚硝酸盐阳性。", "尿培养：大肠埃希菌。", "泌尿系彩超未见结石。"),
         tx=("予左氧氟沙星抗感染治疗。", "多饮水，体温于第2天恢复正常。"), meds=("左氧氟沙星片 0.5g 口服 每日一次",)),
    dict(key="uri", dept="全科医学科", cc=("咽痛、流涕{dur}", "发热伴咽痛{dur}"), dx=("急性上呼吸道感染", "急性咽炎"), minor=True,
         hpi=("患者{dur}前受凉后出现咽痛、流清涕、鼻塞。", "伴低热，体温37.8℃，无咳嗽咳痰。"),
         tests=("咽部充血，双侧扁桃体无肿大。", "血常规：WBC {n:wbc}×10^9/L。"),
         tx=("多饮水、注意休息。",), meds=("连花清瘟胶囊 1.4g 口服 每日三次", "对乙酰氨基酚片 0.5g 口服 必要时")),
    dict(key="zoster", dept="皮肤科", cc=("左侧胸背部疼痛伴皮疹{dur}",), dx=("带状疱疹",), minor=True,
         hpi=("患者{dur}前出现左侧胸背部针刺样疼痛，2天后局部出现簇集性水疱。", "疼痛影响睡眠。"),
         tests=("左侧T6-T7皮节分布簇集性水疱，基底潮红，未过中线。",),
         tx=("予抗病毒、营养神经及止痛治疗。",), meds=("伐昔洛韦片 0.3g 口服 每日两次", "加巴喷丁胶囊 0.1g 口服 每日三次")),
    dict(key="gastritis", dept="消化内科", cc=("上腹部不适{dur}", "反酸、烧心{dur}"), dx=("慢性胃炎", "胃食管反流病"), minor=True,
         hpi=("患者{dur}前出现上腹部饱胀不适，餐后明显，伴嗳气、反酸。", "无黑便，无消瘦。"),
         tests=("胃镜：慢性非萎缩性胃炎伴糜烂。", "C13呼气试验阴性。"),
         tx=("予抑酸、保护胃黏膜治疗。",), meds=("雷贝拉唑钠肠溶片 10mg 口服 每日一次", "铝碳酸镁咀嚼片 1g 嚼服 每日三次")),
)
_ZH_PMH = ("高血压病史10年", "2型糖尿病史8年", "冠心病史5年", "慢性支气管炎病史", "脑梗死病史3年，遗留左侧肢体轻度乏力",
           "慢性胃炎病史", "前列腺增生病史", "骨质疏松症", "甲状腺功能减退症", "慢性肾脏病3期", "高脂血症",
           "{year}年行阑尾切除术", "{year}年行冠脉支架植入术", "乙肝病毒携带者", "痛风病史")
_ZH_NUM = {"glu_zh": (5.2, 21.8, 1), "tbili_zh": (8.0, 62.0, 1), "hgb_zh": (62, 148, 0), "sbp_hi": (160, 200, 0),
           "cr_zh": (52, 310, 0), "la": (28, 52, 0), "k_zh": (3.1, 5.6, 2), "alt_zh": (8, 180, 0),
           "dbp_zh": (60, 105, 0)}
_NUM.update(_ZH_NUM)


def _zh_date(d: _D, style: int) -> str:
    y, m, dd = d.year, d.month, d.day
    return (f"{y}年{m}月{dd}日", f"{y}年{m:02d}月{dd:02d}日", f"{y}-{m:02d}-{dd:02d}", f"{y}/{m}/{dd}",
            f"{y}.{m:02d}.{dd:02d}",
            f"{m}月{dd}日", f"{y}.{m}.{dd}", f"{y}/{m:02d}/{dd:02d}")[style]


_ZH_FULL = (0, 1, 2, 3, 4, 6, 7)


class _Zh(_Ctx):
    def __init__(self, r: random.Random) -> None:
        super().__init__(r)
        self.male = r.random() < 0.5
        self.sur, self.sur_py = r.choice(_ZH_SURNAMES)
        self.given, self.given_py = self._given(self.male)
        self.age = r.randint(90, 103) if r.random() < 0.17 else int(r.triangular(18, 89.99, 64))
        self.enc = _rand_date(r, _ENC_LO, _ENC_HI)
        y = self.enc.year - self.age
        bm, bd = r.randint(1, 12), r.randint(1, 28)
        if (bm, bd) > (self.enc.month, self.enc.day):
            y -= 1
        self.dob = _D(y, bm, bd)
        self.los = r.randint(3, 16)
        self.adm = _shift(self.enc, -self.los)
        self.region = r.choice(_ZH_REGIONS)
        self.birth_region = self.region if r.random() < 0.6 else r.choice(_ZH_REGIONS)
        self.style = r.choice((0, 0, 0, 1, 2, 2, 3, 4))
        self.scen = r.choice(_ZH_SCEN)
        self.pmh = r.sample([p for p in _ZH_PMH if self.male or "前列腺" not in p], r.randint(0, 3))
        self.hstyle = r.randrange(4)
        self._people: dict[str, tuple[str, str, str]] = {}

    def _given(self, male: bool) -> tuple[str, str]:
        pool = _ZH_GIVEN_M if male else _ZH_GIVEN_F
        parts = self.r.sample(pool, self.r.choice((1, 2, 2, 2)))
        return "".join(p[0] for p in parts), "".join(p[1] for p in parts)

    def inpatient(self) -> None:
        while self.scen.get("minor"):
            self.scen = self.pick(_ZH_SCEN)

    # ---- names -------------------------------------------------------------------------------------
    def s_pt(self, arg=None):
        k = self.r.random()
        if k < 0.65:
            return (self.sur + self.given, "NAME")
        if k < 0.9:  # 张先生 / 李女士: the surname alone is the span
            return [(self.sur, "NAME"), "先生" if self.male else self.pick(("女士", "女士", "阿姨"))]
        return [(self.sur, "NAME"), "大爷" if self.male else "奶奶"] if self.age > 70 else (self.sur + self.given, "NAME")

    def s_ptname(self, arg=None):
        return (self.sur + self.given, "NAME")

    def person(self, role: str) -> tuple[str, str]:
        p = self._people.get(role)
        if p is None:
            sur = self.pick(_ZH_SURNAMES)[0]
            given = self._given(self.r.random() < 0.5)[0]
            p = self._people[role] = (sur, given)
        return p

    def s_doc(self, role="att"):
        sur, given = self.person(role)
        return (sur + given, "NAME")

    def s_docref(self, role="att"):  # 李医生 / 王主任 / 张主任医师
        sur, given = self.person(role)
        if self.chance(0.5):
            return [(sur, "NAME"), self.pick(("医生", "主任", "大夫", "主任医师", "教授"))]
        return [(sur + given, "NAME"), self.pick(("医生", "主任", "医师"))]

    def _rel(self):
        def mk():
            r = self.r
            rel = r.choice(("儿子", "女儿", "配偶", "妻子" if self.male else "丈夫", "儿子", "女儿", "孙子", "外孙女", "侄子", "儿媳", "女婿"))
            male = rel in ("儿子", "丈夫", "孙子", "侄子", "女婿")
            sur = self.sur if rel in ("儿子", "女儿", "孙子", "侄子") and r.random() < 0.85 else r.choice(_ZH_SURNAMES)[0]
            return rel, sur, self._given(male)[0]
        return self.once("rel", mk)

    def s_relw(self, arg=None):
        return self._rel()[0]

    def s_reln(self, arg=None):
        rel, sur, given = self._rel()
        return (sur + given, "NAME")

    def s_rel(self, arg=None):
        rel, sur, given = self._rel()
        k = self.r.randrange(4)
        if k == 0:
            return [f"其{rel}", (sur + given, "NAME")]
        if k == 1:
            return [(sur + given, "NAME"), f"（{rel}）"]
        if k == 2:
            return [f"{rel}", (sur + given, "NAME")]
        return [f"患者{rel}", (sur + given, "NAME")]

    # ---- demographics ------------------------------------------------------------------------------
    def s_sex(self, arg=None):
        return "男" if self.male else "女"

    def s_ta(self, arg=None):
        return "他" if self.male else "她"

    def s_agen(self, arg=None):
        return (str(self.age), "AGE") if self.age >= 90 else str(self.age)

    def s_age(self, arg=None):
        return [self.s_agen(), self.pick(("岁", "岁", "岁", "周岁"))]

    def s_year(self, arg=None):
        return str(self.enc.year - self.r.randint(1, 20))

    def _d(self, d: _D, full: bool = True):
        st = self.style if self.chance(0.7) else self.pick(_ZH_FULL if full else (0, 1, 2, 3, 4, 5, 6, 7))
        return (_zh_date(d, st), "DATE")

    def s_enc(self, arg=None):
        return self._d(self.enc)

    def s_adm(self, arg=None):
        return self._d(self.adm)

    def s_dc(self, arg=None):
        return self._d(self.enc)

    def s_dob(self, arg=None):
        return self._d(self.dob)

    def s_d(self, arg=None):
        return self._d(_shift(self.enc, -self.r.randint(0, self.los)), full=False)

    def s_dshort(self, arg=None):
        d = _shift(self.enc, -self.r.randint(0, self.los + 5))
        return (f"{d.month}月{d.day}日", "DATE")

    def s_dpast(self, arg=None):
        d = _shift(self.enc, -self.r.randint(90, 3000))
        if self.chance(0.35):
            return (f"{d.year}年{d.month}月", "DATE")
        return self._d(d)

    def s_dfu(self, arg=None):
        return self._d(_shift(self.enc, self.r.randint(7, 60)), full=False)

    def s_time(self, arg=None):
        return f"{self.r.randrange(24):02d}:{self.r.randrange(60):02d}"

    def s_dur(self, arg=None):
        return self.pick(("3天", "1周", "2天", "半月", "1月余", "10余天", "5小时", "1天", "4天", "2周", "3天余", "6小时"))

    # ---- identifiers -------------------------------------------------------------------------------
    def s_idno(self, arg=None):
        def mk():
            body = self.birth_region[3] + f"{self.dob.year:04d}{self.dob.month:02d}{self.dob.day:02d}"
            seq = self.r.randint(0, 99)
            # The 17th digit is odd for men, even for women.
            sex_digit = self.r.choice("13579" if self.male else "02468")
            first17 = body + f"{seq:02d}" + sex_digit
            return first17 + id_card_check_digit(first17)
        return (self.once("idno", mk), "NATIONAL_ID")

    def _mobile(self, key: str) -> str:
        return self.once("mob:" + key, lambda: self.pick(_ZH_MOBILE_PREFIX) + _digits(self.r, 8))

    def s_mobile(self, key="pt"):
        m = self._mobile(key)
        k = self.r.randrange(6)
        v = (m, m, f"{m[:3]} {m[3:7]} {m[7:]}", f"{m[:3]}-{m[3:7]}-{m[7:]}", f"+86 {m[:3]} {m[3:7]} {m[7:]}",
             f"+86-{m}")[k]
        return (v, "PHONE")

    def s_tel(self, key="pt"):
        area = self.region[4]
        num = self.once("tel:" + key,
                        lambda: str(self.r.randint(2, 8)) + _digits(self.r,
                                                                    7 if len(area) == 3 or self.r.random() < 0.6 else 6))
        k = self.r.randrange(5)
        v = (f"{area}-{num}", f"({area}){num}", f"{area} {num[:-4]} {num[-4:]}", f"（{area}）{num}", f"{area}-{num}")[k]
        if key in ("dept", "fac") and self.chance(0.25):
            v += f"转{self.r.randint(100, 8999)}"
        return (v, "PHONE")

    def s_phone(self, key="pt"):
        return self.s_mobile(key) if key in ("pt", "rel") and self.chance(0.8) else self.s_tel(key)

    def s_email(self, arg="pt"):
        def mk():
            r = self.r
            if r.random() < 0.3:
                return f"{r.randint(10000, 2999999999)}@qq.com"
            py = self.sur_py + self.given_py
            return r.choice((f"{py}{self.dob.year}", f"{py}{r.randint(1, 999)}", f"{self.sur_py}_{self.given_py}",
                             f"{py}")) + "@" + r.choice(_ZH_EMAIL_DOMAINS)
        return (self.once("email", mk), "EMAIL")

    def s_zyh(self, arg=None):  # 住院号
        return (self.once("zyh",
                          lambda: self.pick((_digits(self.r, 10), f"{self.adm.year}{_digits(self.r, 6)}",
                                             "ZY" + _digits(self.r, 8), _digits(self.r, 7)))), "MRN")

    def s_bah(self, arg=None):  # 病案号
        return (self.once("bah",
                          lambda: self.pick((_digits(self.r, 8), _digits(self.r, 6), "BA" + _digits(self.r, 7)))),
                          "MRN")

    def s_mzh(self, arg=None):  # 门诊号
        return (self.once("mzh",
                          lambda: self.pick((_digits(self.r, 12), "MZ" + _digits(self.r, 10),
                                             f"{self.enc:%Y%m%d}{_digits(self.r, 4)}"))), "MRN")

    def s_bed(self, arg=None):  # 床号
        return (self.once("bed",
                          lambda: self.pick((str(self.r.randint(1, 60)), f"+{self.r.randint(1, 9)}",
                                             f"{self.r.randint(1, 30):02d}",
                                                    f"{self.pick('ABC')}{self.r.randint(1, 40)}"))), "MRN")

    def s_jch(self, arg=None):  # 检查号 / 影像号
        return (self.once("jch",
                          lambda: self.pick((f"CT{self.enc:%Y%m%d}{_digits(self.r, 4)}",
                                             f"US-{self.enc.year}-{_digits(self.r, 6)}",
                                                    _digits(self.r, 9), f"MR{_digits(self.r, 8)}",
                                                    f"DR{self.enc:%y%m%d}{_digits(self.r, 3)}"))), "MRN")

    def s_ybk(self, arg=None):  # 医保卡号 / 社保卡号
        return (self.once("ybk",
                          lambda: self.pick((_digits(self.r, 10), self.birth_region[3][:2] + _digits(self.r, 16),
                                             "M" + _digits(self.r, 8) + self.pick("ABCD")))), "HEALTH_PLAN")

    # ---- places ------------------------------------------------------------------------------------
    def _city_short(self, reg=None) -> str:
        return (reg or self.region)[1].rstrip("市")

    def s_city(self, arg=None):
        reg = self.region if arg != "birth" else self.birth_region
        return (reg[1] if self.chance(0.7) else reg[1].rstrip("市"), "CITY")

    def s_prov(self, arg=None):  # a province alone is not labelled (like a US state)
        reg = self.region if arg != "birth" else self.birth_region
        return reg[0] if reg[0] != reg[1] else ""

    def s_birthplace(self, arg=None):
        reg = self.birth_region
        if reg[0] == reg[1]:
            return (reg[1], "CITY")
        if self.chance(0.5):
            return [reg[0], (reg[1], "CITY")]
        return [reg[0].rstrip("省"), (reg[1].rstrip("市"), "CITY")]

    def s_addr(self, arg=None):
        def mk():
            r = self.r
            prov, city, dist = self.region[:3]
            head = (city if prov == city else (prov + city if r.random() < 0.7 else city)) + dist
            if r.random() < 0.3:
                head = dist if r.random() < 0.5 and not dist.endswith("县") else head
            if dist.endswith("县"):
                return head + r.choice(_ZH_TOWNS) + "镇" + r.choice(_ZH_VILLAGES) + "村" + r.choice(("", f"{r.randint(1, 12)}组", f"{r.randint(1, 99)}号"))
            road = r.choice(_ZH_ROADS)
            k = r.randrange(4)
            if k == 0:
                return f"{head}{road}{r.randint(1, 399)}号{r.choice(_ZH_COMMUNITIES)}{r.randint(1, 30)}栋{r.randint(1, 6)}单元{r.randint(1, 33)}{r.randint(1, 4):02d}室"
            if k == 1:
                return f"{head}{road}{r.randint(1, 399)}号院{r.randint(1, 20)}号楼{r.randint(1, 28)}{r.randint(1, 6):02d}"
            if k == 2:
                return f"{head}{road}{r.randint(1, 999)}号"
            return f"{head}{r.choice(_ZH_COMMUNITIES)}{r.randint(1, 30)}-{r.randint(1, 6)}-{r.randint(1, 28)}0{r.randint(1, 4)}"
        return (self.once("addr", mk), "ADDRESS")

    def _facility(self, key: str) -> str:
        def mk():
            r = self.r
            reg = self.region if key == "main" else r.choice(_ZH_REGIONS)
            cs = reg[1].rstrip("市")
            k = r.randrange(10)
            if k < 3:
                return r.choice(_ZH_FAMOUS)
            return (f"{cs}市第{r.choice(_ZH_NUMS[:6])}人民医院", f"{cs}市中心医院", f"{cs}市中医医院", f"{reg[2]}人民医院",
                    f"{cs}医科大学附属第{r.choice(_ZH_NUMS[:3])}医院", f"{reg[2]}{r.choice(_ZH_ROADS)[:2]}社区卫生服务中心",
                    f"{cs}市妇幼保健院")[k - 3]
        return self.once("fac:" + key, mk)

    def s_fac(self, key="main"):
        return (self._facility(key), "FACILITY")

    def s_ofac(self, arg=None):
        return (self._facility("other"), "FACILITY")

    def s_dept(self, arg=None):
        return self.scen["dept"]

    # ---- clinical ----------------------------------------------------------------------------------
    def s_cc(self, arg=None):
        return self.tp(self.once("cc", lambda: self.pick(self.scen["cc"])))

    def s_dx(self, arg=None):
        main = self.once("dx", lambda: self.scen["dx"][0])
        return self.pick(self.scen["dx"]) if self.chance(0.15) else main

    def s_dcons(self, arg=None):  # request and reply share a day
        d = self.once("dcons", lambda: _shift(self.adm, self.r.randint(1, max(1, self.los - 1))))
        return self._d(d, full=False)

    def s_dpre(self, arg=None):  # before admission, for the history
        return self._d(_shift(self.adm, -self.r.randint(1, 40)), full=False)

    def s_vitals(self, arg=None):
        n = self.s_n
        return self.pick((f"T {n('tc')}℃，P {n('hr')}次/分，R {n('rr')}次/分，BP {n('sbp')}/{n('dbp_zh')}mmHg",
                          f"体温{n('tc')}℃，脉搏{n('hr')}次/分，呼吸{n('rr')}次/分，血压{n('sbp')}/{n('dbp_zh')}mmHg",
                          f"T:{n('tc')}℃ P:{n('hr')}bpm R:{n('rr')}bpm BP:{n('sbp')}/{n('dbp_zh')}mmHg SpO2:{n('spo2')}%"))

    def s_labs(self, arg=None):
        n = self.s_n
        return self.pick((f"血常规：WBC {n('wbc')}×10^9/L，Hb {n('hgb_zh')}g/L，PLT {n('plt')}×10^9/L。",
                          f"肝肾功能：ALT {n('alt_zh')}U/L，Cr {n('cr_zh')}μmol/L，K+ {n('k_zh')}mmol/L。",
                          f"生化：血钾{n('k_zh')}mmol/L，肌酐{n('cr_zh')}μmol/L，空腹血糖{n('glu_zh')}mmol/L。",
                          f"凝血功能未见明显异常，D-二聚体 {n('ddimer')}mg/L。"))

    def s_pmhtext(self, arg=None):
        if not self.pmh:
            return "既往体健。"
        return self.tp("有" + "，".join(self.pmh) + "。")

    def s_meds(self, arg=None):
        return "；".join(self.scen["meds"]) if self.scen["meds"] else "无特殊用药"

    def s_sn(self, arg=None):  # implant serial / lot
        return (self.once("sn", lambda: _alnum(self.r, 2, "ABCDEFGHJKLMNPRSTUVWXYZ") + _digits(self.r, 8)), "DEVICE")

    def s_los(self, arg=None):
        return str(self.los)

    def s_relage(self, arg=None):
        n = self.r.randint(85, 101)
        return (str(n), "AGE") if n >= 90 else str(n)

    def s_occ(self, arg=None):
        return self.pick(_ZH_OCC)

    def s_tx(self, arg=None):
        return self.pick(self.scen["tx"])

    def s_test(self, arg=None):
        return self.pick(("血常规", "胸部CT", "心电图", "腹部彩超", "头颅MRI", "尿常规", "胃镜"))

    def s_med(self, arg=None):
        return self.pick(self.scen["meds"]) if self.scen["meds"] else "布洛芬缓释胶囊 0.3g 口服 每日两次"

    def head(self, name: str) -> None:
        st = self.hstyle
        self.doc.add((f"{name}：", f"【{name}】", f"{name}：\n", f"{name}:")[st])


# ---------------------------------------------------------------------------- note types (Chinese)

def _zh_fields(c: _Zh, rows: list[tuple[float, tuple[str, ...]]], shuffle: bool = False) -> None:
    picked = [c.pick(opts) for p, opts in rows if c.chance(p)]
    if shuffle and c.chance(0.4):
        rest = picked[1:]
        c.r.shuffle(rest)  # the first field (name or number) stays on top, as on real forms
        picked = picked[:1] + rest
    per_line = c.pick((1, 1, 2, 3))
    sep = c.pick(("  ", "\u3000", "    ", "，"))
    for i, row in enumerate(picked):
        c.f(row)
        c.w("\n" if (i + 1) % per_line == 0 or i == len(picked) - 1 else sep)
    c.w("\n")


_ZF_NAME = ("姓名：{ptname}", "患者姓名：{ptname}", "姓名:{ptname}")
_ZF_SEXAGE = ("性别：{sex}  年龄：{age}", "性别：{sex}", "年龄：{age}", "{sex}，{age}")
_ZF_ID = ("身份证号：{idno}", "身份证号码：{idno}", "证件号码：{idno}", "公民身份号码：{idno}")
_ZF_PHONE = ("联系电话：{phone}", "电话：{phone}", "手机：{mobile}", "联系方式：{phone}")
_ZF_ADDR = ("住址：{addr}", "现住址：{addr}", "家庭住址：{addr}", "联系地址：{addr}")


def _zh_sig(c: _Zh) -> None:
    c.fc(("\n医师签名：{doc:res}\n", "\n主治医师：{doc:att}    住院医师：{doc:res}\n", "\n记录者：{doc:res}  {enc}\n",
          "\n上级医师：{docref:att}\n记录医师：{doc:res}\n", "\n签名：{doc:res}/{doc:att}\n", "\n{doc:res}\n"))


def _zh_hpi(c: _Zh) -> None:
    for t in c.some(c.scen["hpi"], 1):
        c.f(t)
    c.fc(("为进一步诊治，于{adm}来我院就诊，门诊以“{dx}”收入{dept}。", "今为求进一步治疗来我院，门诊拟“{dx}”收住入院。",
          "曾于{dpast}在{ofac}就诊，诊断为“{dx}”，予对症治疗后好转。", "{dpre}在{ofac}查{labs}", "急诊以“{dx}”收入院。"))
    c.fc(("病程中，患者精神、食欲、睡眠欠佳，大小便正常，体重无明显变化。", "自发病以来，饮食睡眠可，二便如常。", ""))
    c.w("\n")


def _zh_admission(c: _Zh) -> None:
    c.inpatient()
    c.adm = c.enc  # written on the day of admission
    c.fc(("入院记录\n", "{fac}\n入院记录\n", "住院病历\n", "{fac}  {dept}\n入 院 记 录\n"))
    _zh_fields(c, [(1.0, _ZF_NAME), (0.9, _ZF_SEXAGE), (0.5, ("民族：汉族", "民族：汉", "民族：回族", "民族：满族")),
                   (0.5, ("婚姻：已婚", "婚姻状况：已婚", "婚姻：丧偶", "婚姻：未婚")), (0.6, ("出生地：{birthplace}", "籍贯：{birthplace}")),
                   (0.5, ("职业：{occ}",)), (0.7, _ZF_ADDR), (0.6, _ZF_ID), (0.6, _ZF_PHONE),
                   (0.9, ("入院日期：{adm} {time}", "入院时间：{adm}", "入院日期：{adm}")), (0.6, ("记录日期：{adm}", "记录时间：{adm} {time}")),
                   (0.6, ("病史陈述者：患者本人，可靠", "病史陈述者：{rel}，可靠", "病史叙述者：患者及家属")),
                   (0.7, ("住院号：{zyh}", "住院号:{zyh}", "病案号：{bah}")), (0.6, ("床号：{bed}", "床号：{bed}床")),
                   (0.4, ("联系人：{rel}  电话：{phone:rel}", "紧急联系人：{reln}（{relw}），{mobile:rel}")),
                   (0.25, ("医保卡号：{ybk}", "社保卡号：{ybk}"))], shuffle=True)
    c.head("主诉")
    c.f("{cc}。\n")
    c.head("现病史")
    _zh_hpi(c)
    c.head("既往史")
    c.f("{pmhtext}")
    c.fc(("否认肝炎、结核等传染病史，否认输血史，否认药物及食物过敏史。\n", "青霉素过敏。\n", "否认手术外伤史。\n", "预防接种史不详。\n"))
    if c.chance(0.7):
        c.head("个人史")
        c.fc(("生于{birthplace}，久居{city}，", "出生并长期居住于{city}，", "生于原籍，", ""))
        c.fc(("无吸烟饮酒史。\n", "吸烟30余年，每日约20支，已戒烟5年。\n", "饮酒史20年，每日约白酒100ml。\n", "否认疫区居留史。\n"))
    if c.chance(0.6):
        c.head("婚育史")
        c.fc(("适龄结婚，育有1子1女，配偶体健。\n", "已婚，配偶{reln}体健，育有1子。\n", "配偶已故，子女体健。\n", "未婚未育。\n"))
    if c.chance(0.6):
        c.head("家族史")
        c.fc(("父母已故（具体不详），否认家族遗传病史。\n", "母亲{relage}岁，健在；父亲因脑出血去世。\n", "否认家族性遗传病史。\n",
              "父亲有高血压病史。\n"))
    c.head("体格检查")
    c.f("{vitals}。")
    c.fc(("神志清楚，精神可，查体合作。", "神清，精神差，急性病容。", "发育正常，营养中等。"))
    key = c.scen["key"]
    c.f({"cap": "右下肺可闻及湿性啰音。", "copd": "桶状胸，双肺呼吸音低，可闻及散在哮鸣音。", "hf": "双肺底可闻及湿性啰音。"}.get(
        key, c.pick(("双肺呼吸音清，未闻及干湿性啰音。", "双肺呼吸音清。"))))
    c.f("心率{n:hr}次/分，律齐，各瓣膜听诊区未闻及病理性杂音。" if key != "hf" or c.chance(0.5) else "心律绝对不齐，第一心音强弱不等。")
    c.f({"chole": "右上腹压痛，Murphy征阳性。", "appy": "右下腹麦氏点压痛、反跳痛。", "ugib": "上腹部轻压痛，肠鸣音活跃。"}.get(
        key, c.pick(("腹平软，无压痛及反跳痛。", "腹软，肝脾肋下未触及。"))))
    c.f("双下肢凹陷性水肿。" if key == "hf" else c.pick(("双下肢无水肿。", "")))
    if key in ("stroke", "hipfx", "ldh"):
        c.f({"stroke": "左侧肢体肌力3级，左侧巴氏征阳性。", "hipfx": "右下肢短缩、外旋畸形，右髋部压痛。",
             "ldh": "L4/5棘突旁压痛，左侧直腿抬高试验阳性。"}[key])
    c.w("\n")
    if c.chance(0.8):
        c.head(c.pick(("辅助检查", "实验室及辅助检查")))
        for t in c.some(c.scen["tests"], 1):
            c.f(t)
        c.f("{labs}\n")
    c.head(c.pick(("初步诊断", "入院诊断")))
    c.w("\n" if c.hstyle != 2 else "")
    c.w("1. ", c.s_dx(), "\n")
    for i, p in enumerate(c.some(("高血压病", "2型糖尿病", "高脂血症", "慢性胃炎", "冠心病"), 0, 2), 2):
        c.w(f"{i}. {p}\n")
    _zh_sig(c)


def _zh_discharge(c: _Zh) -> None:
    c.inpatient()
    c.fc(("出院小结\n", "出院记录\n", "{fac}\n出院小结\n", "{dept}出院小结\n"))
    _zh_fields(c, [(1.0, _ZF_NAME), (0.9, _ZF_SEXAGE), (0.7, ("科室：{dept}", "科别：{dept}")), (0.6, ("床号：{bed}",)),
                   (0.9, ("住院号：{zyh}", "住院号：{zyh}  病案号：{bah}", "病案号：{bah}")),
                   (1.0, ("入院日期：{adm}", "入院时间：{adm}")), (1.0, ("出院日期：{dc}", "出院时间：{dc}")),
                   (0.6, ("住院天数：{los}天",)), (0.3, _ZF_ID), (0.3, _ZF_PHONE)])
    c.head("入院诊断")
    c.f("{dx}\n")
    c.head("出院诊断")
    c.f("{dx}\n")
    c.head(c.pick(("入院情况", "入院时情况")))
    c.fc(("患者{pt}，{sex}，{age}，因“{cc}”入院。", "患者因“{cc}”于{adm}入院。", "{pt}，{age}，主因{cc}入院。"))
    for t in c.some(c.scen["hpi"], 1, 2):
        c.f(t)
    c.f("入院查体：{vitals}。\n")
    c.head("诊疗经过")
    for t in c.some(c.scen["tests"], 1):
        c.f(t)
    for t in c.some(c.scen["tx"], 1):
        c.f(t)
    c.fc(("于{d}复查{labs}", "{dshort}请{ofac}专家会诊，同意目前治疗方案。", "住院期间{rel}陪护。", ""))
    c.w("\n")
    c.head("出院情况")
    c.fc(("患者一般情况可，无明显不适，生命体征平稳。\n", "症状明显缓解，切口愈合良好，予以出院。\n", "病情好转，准予出院。\n"))
    c.head("出院医嘱")
    c.w("\n" if c.hstyle != 2 else "")
    meds = list(c.scen["meds"])
    for i, m in enumerate(meds, 1):
        c.w(f"{i}. {m}\n")
    i = len(meds)
    for t in c.some(("低盐低脂饮食，适当活动，避免劳累。", "{dfu}至{dept}门诊复诊，复查血常规及肝肾功能。", "定期监测血压、血糖。",
                     "如有不适随诊，科室电话：{tel:dept}。", "出院后检查结果将发送至{email}。", "门诊随访：{docref:att}，每周三上午。"), 1, 3):
        i += 1
        c.w(f"{i}. ")
        c.f(t)
        c.w("\n")
    c.fc(("\n主治医师：{doc:att}    住院医师：{doc:res}\n", "\n医师签名：{doc:res}\n{dc}\n", "\n经治医师：{doc:res}  上级医师：{doc:att}\n"))


def _zh_outpatient(c: _Zh) -> None:
    c.fc(("门诊病历\n", "{fac}门诊病历\n", "门诊记录\n", "{dept}门诊病历\n", "初诊病历\n", "复诊记录\n"))
    _zh_fields(c, [(0.9, ("门诊号：{mzh}", "就诊卡号：{mzh}", "ID号：{mzh}")), (0.95, _ZF_NAME), (0.9, _ZF_SEXAGE),
                   (0.9, ("就诊日期：{enc}", "就诊时间：{enc} {time}", "日期：{enc}")), (0.6, ("科别：{dept}", "科室：{dept}")),
                   (0.4, _ZF_PHONE), (0.2, ("电子邮箱：{email}", "邮箱：{email}")), (0.2, _ZF_ADDR), (0.2, _ZF_ID)],
                   shuffle=True)
    c.head("主诉")
    c.f("{cc}。\n")
    c.head("现病史")
    for t in c.some(c.scen["hpi"], 1):
        c.f(t)
    c.fc(("今来我院门诊就诊。", "曾在{ofac}就诊，效果不佳。", "{dshort}自行服药，症状无缓解。", ""))
    c.w("\n")
    if c.chance(0.7):
        c.head("既往史")
        c.f("{pmhtext}\n")
    if c.chance(0.5):
        c.head("过敏史")
        c.w(c.pick(("否认药物过敏史。", "青霉素过敏。", "磺胺类药物过敏。", "无。")), "\n")
    c.head(c.pick(("体格检查", "查体")))
    c.f("{vitals}。")
    c.w(c.pick(("咽部充血。", "心肺听诊无明显异常。", "腹软，无压痛。", "神清语利。")), "\n")
    if c.chance(0.6):
        c.head("辅助检查")
        c.f(c.pick(c.scen["tests"]))
        c.w("\n")
    c.head(c.pick(("诊断", "初步诊断", "印象")))
    c.f("{dx}\n")
    c.head(c.pick(("处理", "处置", "治疗意见", "医嘱")))
    c.w("\n" if c.hstyle != 2 else "")
    for m in c.scen["meds"] or ("对症处理",):
        c.w(f"Rp：{m}\n" if c.chance(0.3) else f"{m}\n")
    c.fc(("{dfu}复诊。\n", "不适随诊。\n", "1周后复查。\n", "建议住院治疗，患者及家属{reln}表示考虑。\n"))
    c.fc(("医师：{doc:att}\n", "医生签名：{doc:att}\n", "接诊医师：{doc:att}  {enc}\n"))


def _zh_progress(c: _Zh) -> None:
    c.inpatient()
    if c.chance(0.6):
        c.fc(("病程记录\n", "{dept}病程记录\n"))
        _zh_fields(c, [(0.9, _ZF_NAME), (0.6, ("住院号：{zyh}",)), (0.6, ("床号：{bed}",))])
    c.f("{adm} {time}  ")
    c.w(c.pick(("首次病程记录", "首次病程记录", "入院首次病程")), "\n")
    c.fc(("患者{ptname}，{sex}，{age}，因“{cc}”于{adm}入院。", "{pt}，{sex}，{age}，主因“{cc}”入院。"))
    c.w("\n")
    c.w(c.pick(("病例特点：", "一、病例特点：")), "\n")
    c.w("1. ", c.pick(("老年男性，急性起病。" if c.male else "老年女性，急性起病。", "慢性病程，急性加重。", "起病急，病程短。")), "\n")
    c.w("2. ")
    for t in c.some(c.scen["hpi"], 1, 2):
        c.f(t)
    c.w("\n3. ")
    c.f("{vitals}。\n")
    c.w(c.pick(("拟诊讨论：", "诊断依据及鉴别诊断：", "初步诊断：")))
    c.f("{dx}。\n")
    c.w(c.pick(("诊疗计划：", "二、诊疗计划：")))
    c.f("完善相关检查；{tx}\n")
    span_days = max(1, (c.enc - c.adm).days)
    for off in sorted(c.r.sample(range(1, span_days + 1), min(span_days, c.r.randint(1, 4)))):
        c.w("\n")
        c.w(c._d(_shift(c.adm, off), full=False), " ", c.s_time(), "  ")
        c.w(c.pick(("日常病程记录", "主治医师查房记录", "主任医师查房记录", "病程记录", "术后第1天病程记录")), "\n")
        c.fc(("今日{docref:att}查房，", "患者诉", "患者一般情况可，", "{docref:att}查房后指示："))
        c.fc(("症状较前好转，", "仍有轻度不适，", "夜间睡眠差，", "无发热，"))
        c.fc(("{labs}", "复查{labs}", "继续目前治疗。", "{tx}", "已与{rel}沟通病情，表示理解。", "家属{reln}（电话{mobile:rel}）要求暂缓手术。"))
        c.w("\n")
        c.fc(("记录者：{doc:res}\n", "{doc:res}/{doc:att}\n", "医师签名：{doc:res}\n", ""))


def _zh_dialogue(c: _Zh) -> None:
    doc_lbl, pt_lbl = c.pick((("医生：", "患者："), ("医生:", "患者:"), ("【医生】", "【患者】"), ("医生：", "病人："), ("大夫：", "患者：")))
    fam_lbl = doc_lbl.replace("医生", "家属").replace("大夫", "家属")
    lines: list[tuple[str, str]] = []
    if c.chance(0.3):
        c.fc(("{dept}门诊  {enc}\n", "问诊记录 {enc} {time}\n", "线上问诊（{fac}互联网医院）\n"))
    lines.append((doc_lbl, c.pick(("您好，请问哪里不舒服？", "你好，怎么了？", "请坐，今天来看什么问题？", "您好，我是{docref:att}，您哪里不舒服？"))))
    lines.append((pt_lbl, c.pick(("医生，我{cc}。", "我最近{cc}，挺难受的。", "就是{cc}，想来看看。"))))
    pool = [
        ((doc_lbl, "请问您叫什么名字？"), (pt_lbl, "我叫{ptname}。")),
        ((doc_lbl, "您多大年纪了？"), (pt_lbl, "今年{agen}了。")),
        ((doc_lbl, "多大岁数？"), (pt_lbl, "{age}。")),
        ((doc_lbl, "留个联系电话吧。"), (pt_lbl, "{mobile}。")),
        ((doc_lbl, "身份证号报一下，我登记一下。"), (pt_lbl, "{idno}。")),
        ((doc_lbl, "您住在哪里？"), (pt_lbl, "我住{addr}。")),
        ((doc_lbl, "您是本地人吗？"), (pt_lbl, "不是，老家是{birthplace}的，来{city}十几年了。")),
        ((doc_lbl, "什么时候开始的？"), (pt_lbl, "{dshort}开始的，到现在{dur}了。")),
        ((doc_lbl, "之前去别的医院看过吗？"), (pt_lbl, "{dpast}在{ofac}看过，说是{dx}。")),
        ((doc_lbl, "有什么基础病吗？"), (pt_lbl, "有高血压，吃着硝苯地平，一天一片。")),
        ((doc_lbl, "对什么药物过敏吗？"), (pt_lbl, "青霉素过敏。")),
        ((doc_lbl, "平时抽烟喝酒吗？"), (pt_lbl, "烟抽了三十多年，去年戒了。" if c.age > 50 else "不抽烟，偶尔喝点啤酒。")),
        ((doc_lbl, "检查报告我发您邮箱，邮箱是多少？"), (pt_lbl, "{email}。")),
        ((doc_lbl, "住院号多少？我查一下上次的结果。"), (pt_lbl, "住院号是{zyh}。")),
        ((fam_lbl, "医生，我是{ta}{relw}，叫{reln}，有事打我电话{mobile:rel}。"), (doc_lbl, "好的，我记一下。")),
        ((fam_lbl, "病人今年{age}了，这个手术能做吗？"), (doc_lbl, "年纪大了风险会高一些，我们先评估一下心肺功能。")),
        ((doc_lbl, "上次是哪位医生给您看的？"), (pt_lbl, "是{docref:cons}。")),
        ((doc_lbl, "有没有发热？"), (pt_lbl, "前两天有点低烧，37度8左右。")),
        ((doc_lbl, "血压量过吗？"), (pt_lbl, "早上量的150/95。")),
        ((doc_lbl, "吃饭、睡觉怎么样？"), (pt_lbl, "吃得少，晚上睡不好。")),
    ]
    for pair in c.some(pool, 3, 8):
        lines.extend(pair)
    lines.append((doc_lbl, c.pick(("考虑是{dx}，先查个{test}。", "根据您的情况，考虑{dx}，建议住院治疗。", "问题不大，按时吃药，{dfu}来复查。",
                                   "先开点药：{med}，一周后复诊。"))))
    lines.append((pt_lbl, c.pick(("好的，谢谢医生。", "需要住院吗？", "好，听您的。", "谢谢{docref:att}。"))))
    if c.chance(0.3):
        lines.append((doc_lbl, c.pick(("不客气，有问题随时打科室电话{tel:dept}。", "去一楼缴费，然后到{fac}三楼做检查。"))))
    for spk, t in lines:
        c.w(spk)
        c.f(t)
        c.w("\n")


def _zh_exam(c: _Zh) -> None:
    exam = c.pick(_ZH_EXAMS)
    c.fc(("{fac}\n" + exam[0] + "报告单\n", exam[0] + "检查报告\n", "{fac}医学影像科\n诊断报告\n", exam[0] + "报告\n"))
    _zh_fields(c, [(0.9, ("检查号：{jch}", "影像号：{jch}", "检查编号：{jch}")), (1.0, _ZF_NAME), (0.9, _ZF_SEXAGE),
                   (0.6, ("科室：{dept}", "申请科室：{dept}")), (0.5, ("床号：{bed}", "住院号：{zyh}", "门诊号：{mzh}")),
                   (0.6, ("申请医师：{doc:ref}",)), (0.9, ("检查日期：{enc}", "检查时间：{enc} {time}")),
                   (0.7, ("检查部位：" + exam[1], "检查项目：" + exam[1]))], shuffle=True)
    c.head(c.pick(("检查所见", "影像所见", "超声所见", "检查描述")))
    c.w("\n" if c.hstyle != 2 else "")
    for t in c.some(exam[2], 2):
        c.f(t)
    c.w("\n")
    c.head(c.pick(("诊断意见", "影像诊断", "超声提示", "印象")))
    c.w("\n" if c.hstyle != 2 else "")
    for i, t in enumerate(c.some(exam[3], 1), 1):
        c.w(f"{i}. {t}\n")
    if c.chance(0.4):
        c.fc(("对比{dpast}片：病灶较前缩小。\n", "建议结合临床，必要时复查。\n", "危急值已电话通知{docref:ref}（{time}）。\n"))
    c.fc(("报告医师：{doc:rad}  审核医师：{doc:rad2}\n", "报告医生：{doc:rad}\n报告日期：{enc}\n", "诊断医师：{doc:rad}  {enc} {time}\n"))


_ZH_EXAMS = (
    ("CT", "胸部CT平扫", ("双肺纹理增多。", "右肺下叶可见片状高密度影，边界模糊。", "纵隔未见肿大淋巴结。", "双侧胸腔未见积液。",
                         "左肺上叶见一直径约{n:mm}mm磨玻璃结节。"),
     ("右肺下叶炎症。", "左肺上叶磨玻璃结节，建议6个月后复查。", "双肺未见明显实质性病变。")),
    ("超声", "腹部彩超（肝胆胰脾）", ("肝脏大小形态正常，实质回声均匀。", "胆囊大小约90×40mm，壁毛糙，腔内可见多个强回声，后伴声影。",
                              "胰腺显示不清。", "脾脏不大。"), ("胆囊结石。", "胆囊炎。", "肝胰脾未见明显异常。")),
    ("MRI", "头颅MRI平扫+DWI", ("右侧基底节区见斑片状长T1长T2信号，DWI呈高信号。", "双侧脑室旁白质散在斑点状长T2信号。", "中线结构居中。"),
     ("右侧基底节区急性脑梗死。", "脑白质变性。")),
    ("DR", "胸部正位片", ("两肺纹理增粗。", "心影增大，心胸比约0.58。", "双侧肋膈角变钝。"), ("心影增大。", "双侧少量胸腔积液。")),
    ("超声", "心脏彩超", ("左房内径{n:la}mm。", "左室射血分数{n:ef}%。", "二尖瓣轻度反流。", "室壁节段性运动异常。"),
     ("左心功能减低。", "二尖瓣轻度关闭不全。")),
    ("CT", "腰椎CT", ("L4/5椎间盘向左后突出，相应硬膜囊受压。", "腰椎骨质增生。", "L5/S1椎间盘膨出。"), ("L4/5椎间盘突出。", "腰椎退行性变。")),
    ("内镜", "电子胃镜", ("食管黏膜光滑。", "胃窦黏膜充血水肿，散在糜烂。", "十二指肠球部前壁见一约0.8cm溃疡，覆白苔。"),
     ("慢性非萎缩性胃炎伴糜烂。", "十二指肠球部溃疡（A1期）。")),
)


def _zh_operation(c: _Zh) -> None:
    c.inpatient()
    op = c.pick(_ZH_OPS)
    c.fc(("手术记录\n", "{fac}\n手术记录\n", op[5] + "手术记录\n"))
    _zh_fields(c, [(1.0, _ZF_NAME), (0.8, _ZF_SEXAGE), (0.8, ("住院号：{zyh}",)), (0.5, ("床号：{bed}",)),
                   (1.0, ("手术日期：{d}", "手术时间：{d} {time}"))])
    for k, v in (("术前诊断", op[1]), ("术后诊断", op[1] if c.chance(0.7) else "同术前"), ("手术名称", op[0])):
        c.head(k)
        c.w(v, "\n")
    c.head("手术者")
    c.f("{doc:surg}\n")
    c.head(c.pick(("助手", "一助")))
    c.f("{doc:res}\n")
    c.head("麻醉方式")
    c.w(op[2], "\n")
    if c.chance(0.6):
        c.head("麻醉医师")
        c.f("{doc:anes}\n")
    c.head(c.pick(("手术经过", "手术步骤", "手术经过及术中所见")))
    c.w("\n" if c.hstyle != 2 else "")
    c.w("".join(c.some(op[3], 3)), "\n")
    if op[4] and c.chance(0.8):
        c.head("植入物")
        c.w(op[4])
        c.f(c.pick(("，序列号：{sn}", "，批号：{sn}", "（条码{sn}）")))
        c.w("\n")
    c.f("术中出血约{n:ebl}ml，术毕安返病房。\n")
    c.fc(("术后向{rel}交代病情及注意事项。\n", "标本已送病理。\n", ""))
    c.fc(("\n主刀医师：{doc:surg}  记录者：{doc:res}\n", "\n手术医师签名：{doc:surg}\n"))


_ZH_OPS = (
    ("腹腔镜胆囊切除术", "胆囊结石伴慢性胆囊炎", "全身麻醉", ("麻醉成功后，患者取仰卧位，常规消毒铺巾。", "于脐下缘切开约1cm，建立气腹。",
                                           "分别于剑突下及右肋缘下置入Trocar。", "解剖胆囊三角，分离出胆囊管及胆囊动脉，分别夹闭后离断。",
                                           "顺行切除胆囊，胆囊床电凝止血。", "取出胆囊，清点器械纱布无误后关闭切口。"), None, "肝胆外科"),
    ("腹腔镜阑尾切除术", "急性化脓性阑尾炎", "全身麻醉", ("麻醉满意后取仰卧位。", "建立气腹，探查见阑尾充血水肿，表面有脓苔。",
                                         "分离阑尾系膜，结扎阑尾根部后切除。", "冲洗腹腔，清点器械无误后缝合切口。"), None, "胃肠外科"),
    ("右侧人工股骨头置换术", "右股骨颈骨折", "腰硬联合麻醉", ("取左侧卧位，取右髋后外侧切口。", "逐层切开，显露关节囊并切开。",
                                             "截断股骨颈，取出股骨头。", "扩髓后置入假体柄及股骨头，复位后活动良好。", "逐层缝合。"),
     "人工股骨头假体", "骨科"),
    ("经皮冠状动脉介入治疗（PCI）", "冠状动脉粥样硬化性心脏病", "局部麻醉", ("穿刺右侧桡动脉，置入6F鞘管。", "造影示前降支近段狭窄85%。",
                                                     "导丝通过病变，球囊预扩张后植入支架1枚。", "复查造影无残余狭窄，TIMI血流3级。"),
     "药物洗脱支架", "心内科"),
    ("双腔永久起搏器植入术", "三度房室传导阻滞", "局部麻醉", ("左锁骨下区消毒铺巾，局麻后切开皮肤，制作囊袋。", "穿刺左锁骨下静脉，分别置入心房、心室电极。",
                                              "测试参数满意后连接脉冲发生器，置入囊袋。", "逐层缝合。"), "双腔起搏器", "心内科"),
    ("经皮椎间孔镜下髓核摘除术", "腰椎间盘突出症（L4/5）", "局部麻醉", ("俯卧位，C臂透视定位L4/5间隙。", "逐级扩张后置入工作套管。",
                                                  "镜下摘除突出髓核组织，神经根松解良好。", "缝合切口。"), None, "脊柱外科"),
)


def _zh_consult(c: _Zh) -> None:
    c.inpatient()
    c.fc(("会诊记录\n", "会诊申请单\n", "{fac}会诊记录\n", "院外会诊记录\n"))
    _zh_fields(c, [(1.0, _ZF_NAME), (0.8, _ZF_SEXAGE), (0.8, ("住院号：{zyh}",)), (0.6, ("床号：{bed}",)),
                   (0.8, ("申请科室：{dept}",)), (0.8, ("申请医师：{doc:res}", "申请医生：{docref:res}")),
                   (0.8, ("申请日期：{dcons}", "申请时间：{dcons} {time}"))])
    c.head(c.pick(("病情摘要", "简要病史", "病史摘要")))
    c.fc(("患者{pt}，{sex}，{age}，因“{cc}”于{adm}入院。", "{ptname}，{age}，诊断{dx}。"))
    c.f("{pmhtext}")
    c.f(c.pick(c.scen["tests"]))
    c.w("\n")
    c.head(c.pick(("会诊目的", "会诊原因")))
    c.w(c.pick(("协助诊治。", "评估手术风险。", "患者血糖控制不佳，请协助调整降糖方案。", "患者既往冠心病，拟行手术，请评估心脏情况。")), "\n")
    c.head("会诊意见")
    c.fc(("同意目前诊断。", "考虑{dx}。", "患者高龄，手术风险较高。"))
    c.fc(("建议完善心脏彩超及动态心电图。", "建议加用甘精胰岛素10U睡前皮下注射。", "可耐受手术，围术期注意监测血压。", "建议转我科进一步治疗。"))
    c.w("\n")
    c.fc(("会诊医师：{doc:cons}（{ofac}）  {dcons}\n", "会诊医生：{docref:cons}  {dcons} {time}\n", "会诊科室：心内科  会诊医师：{doc:cons}\n"))


_ZH_TYPES: tuple[tuple[str, Callable[[_Zh], None], int], ...] = (
    ("admission_record", _zh_admission, 16), ("discharge_summary", _zh_discharge, 14),
    ("outpatient_record", _zh_outpatient, 14),
    ("progress_record", _zh_progress, 12), ("dialogue", _zh_dialogue, 16), ("exam_report", _zh_exam, 10),
    ("operation_record", _zh_operation, 8), ("consult_record", _zh_consult, 8),
)


# --------------------------------------------------------------------------------------------------
# Planted records: near duplicates, junk, foreign-language paragraphs
# --------------------------------------------------------------------------------------------------

_EN_SWAPS = {"patient": "pt", "mild": "moderate", "left": "right", "denies": "reports no", "daily": "twice daily",
             "improved": "improving", "stable": "unchanged", "pain": "discomfort", "history": "hx",
             "started": "initiated",
             "continue": "cont", "discharged": "sent", "shortness": "tightness", "without": "w/o", "with": "w/",
             "normal": "unremarkable", "reports": "states", "recommend": "suggest", "follow": "f/u", "acute": "new"}
_ZH_SWAPS = {"患者": "病人", "明显": "显著", "治疗": "处理", "予": "给予", "无": "未见", "检查": "检验", "好转": "改善",
             "建议": "推荐", "出现": "发生", "伴": "伴有", "复查": "再查", "入院": "住院"}
_EN_ADD = ("Patient was seen and examined at bedside.", "Plan discussed with nursing staff.",
           "Will continue to monitor closely.",
           "Labs to be repeated in the morning.", "Pain is well controlled on the current regimen.",
           "No acute events overnight.",
           "Case reviewed with the care team.", "Encouraged ambulation and incentive spirometry.")
_ZH_ADD = ("继续目前治疗，密切观察病情变化。", "已向患者及家属交代病情。", "嘱患者注意休息，清淡饮食。", "明日复查血常规。",
           "患者一般情况可，生命体征平稳。", "遵医嘱执行。")


def _free_ranges(text: str, spans: list[dict]) -> list[tuple[int, int]]:
    """Stretches of text with no PHI span in them."""
    out, pos = [], 0
    for sp in spans:
        if sp["start"] > pos:
            out.append((pos, sp["start"]))
        pos = sp["end"]
    if pos < len(text):
        out.append((pos, len(text)))
    return out


def _in_free(free: list[tuple[int, int]], a: int, b: int) -> bool:
    return any(s <= a and b <= e for s, e in free)


def _apply_edit(text: str, spans: list[dict], a: int, b: int, new: str) -> tuple[str, list[dict]]:
    delta = len(new) - (b - a)
    out = []
    for sp in spans:
        if sp["end"] <= a:
            out.append(dict(sp))
        elif sp["start"] >= b:
            out.append({"start": sp["start"] + delta, "end": sp["end"] + delta, "label": sp["label"]})
        else:  # only whole lines with no PHI are removed, so this cannot happen
            raise AssertionError("edit overlaps a span")
    return text[:a] + new + text[b:], out


def _near_duplicate(rec: dict, r: random.Random) -> tuple[str, list[dict], float]:
    text, spans = rec["text"], [dict(s) for s in rec["spans"]]
    zh = rec["lang"] == "zh"
    orig_len = len(text)
    changed = 0
    n_edits = r.randint(1, 3)
    kinds = ["word", "number", "del_line", "add_line"]
    done = 0
    tries = 0
    while done < n_edits and tries < 20:
        tries += 1
        kind = r.choice(kinds)
        free = _free_ranges(text, spans)
        if kind == "word":
            swaps = _ZH_SWAPS if zh else _EN_SWAPS
            pat = "|".join(map(re.escape, swaps)) if zh else r"\b(?:" + "|".join(swaps) + r")\b"
            cands = [m for m in re.finditer(pat, text) if _in_free(free, m.start(), m.end())]
            if not cands:
                continue
            m = r.choice(cands)
            new = swaps[m.group(0)]
            text, spans = _apply_edit(text, spans, m.start(), m.end(), new)
            changed += len(m.group(0)) + len(new)
        elif kind == "number":
            cands = [m for m in re.finditer(r"(?<![\w./:-])\d{2,3}(?![\w/:-])", text)
                     if _in_free(free, m.start(), m.end())]
            if not cands:
                continue
            m = r.choice(cands)
            old = int(m.group(0))
            new_n = old + r.choice((-3, -2, -1, 1, 2, 4, 10))
            new = str(max(10, new_n))
            if new == m.group(0):
                continue
            text, spans = _apply_edit(text, spans, m.start(), m.end(), new)
            changed += len(m.group(0)) + len(new)
        elif kind == "del_line":
            lines = []
            pos = 0
            for ln in text.split("\n"):
                lines.append((pos, pos + len(ln)))
                pos += len(ln) + 1
            cands = [(a, b) for i, (a, b) in enumerate(lines)
                     if i > 0 and 15 <= b - a < 0.12 * orig_len and b < len(text) and _in_free(free, a, b + 1)]
            if not cands:
                continue
            a, b = r.choice(cands)
            text, spans = _apply_edit(text, spans, a, b + 1, "")
            changed += b + 1 - a
        else:
            breaks = [m.end() for m in re.finditer("\n", text) if _in_free(free, m.end() - 1, m.end())]
            if not breaks:
                continue
            at = r.choice(breaks)
            new = r.choice(_ZH_ADD if zh else _EN_ADD) + "\n"
            text, spans = _apply_edit(text, spans, at, at, new)
            changed += len(new)
        done += 1
    if text == rec["text"]:  # guarantee a difference
        new = r.choice(_ZH_ADD if zh else _EN_ADD)
        text = text + "\n" + new
        changed += len(new) + 1
    return text, spans, round(changed / max(1, orig_len), 4)


_EN_BOILER = ("Home | About Us | Find a Doctor | Locations | Patients & Visitors | Careers | Contact Us",
              "We use cookies to improve your experience on our website. By continuing to browse, you agree to our use of cookies.",
              "Accept all cookies   Reject non-essential   Cookie settings",
              "Copyright © 2023 All rights reserved. Privacy Policy | Terms of Use | Accessibility | Non-Discrimination Notice",
              "Skip to main content", "Sign in to MyChart",
              "Subscribe to our newsletter for health tips delivered to your inbox.",
              "This website is for informational purposes only and does not constitute medical advice.",
              "Share this page: Facebook Twitter LinkedIn Email Print", "Back to top ^",
              "Click here to download the PDF version.",
              "Related articles:", "Was this page helpful?  Yes  No", "Loading...",
              "JavaScript is disabled in your browser.")
_ZH_BOILER = ("首页 | 医院概况 | 科室导航 | 专家介绍 | 就医指南 | 新闻中心 | 联系我们", "本网站使用Cookie以提升您的浏览体验，继续浏览即表示您同意。",
              "版权所有 © 2023  保留所有权利  ICP备案号：京ICP备00000000号", "免责声明：本站内容仅供参考，不作为诊断及医疗依据。",
              "扫一扫关注官方微信公众号", "返回顶部", "上一篇  下一篇", "点击下载APP，随时随地问医生", "分享到：微信 微博 QQ空间",
              "热门搜索：高血压 糖尿病 感冒 失眠 颈椎病", "正在加载中……", "您的浏览器版本过低，请升级后访问。")
_MOJI_EN = ("Patient’s temperature 38.5°C – started on ceftriaxone 1 g IV; dose of vitamin B12 1000 µg weekly.",
            "Café-au-lait macules noted × 3; the “rash” resolved ≥ 48 h after stopping the drug.",
            "Résumé of care: naïve to biologics, ½ tablet at bedtime, BP ≤ 130/80 — target met.")
_MOJI_ZH = ("患者入院后予抗感染、化痰及对症支持治疗，症状明显好转。", "血常规：白细胞计数升高，中性粒细胞比例百分之八十六。",
            "建议低盐低脂饮食，规律服药，定期门诊复查。", "胸部CT示右肺下叶炎症，较前片吸收。")
_FOREIGN = {
    "de": ("Der Patient wurde mit akuten Brustschmerzen in die Notaufnahme eingeliefert.",
           "Die Laborwerte zeigten eine erhöhte Troponinkonzentration.",
           "Es wurde eine Therapie mit Acetylsalicylsäure und Heparin eingeleitet.",
           "Die Blutdruckwerte lagen bei 150/90 mmHg.",
           "Eine Koronarangiographie ist für morgen geplant.",
           "Der Allgemeinzustand ist stabil, die Patientin ist wach und orientiert.",
           "Die Entlassung erfolgt voraussichtlich in drei Tagen.", "Bitte Kontrolle der Nierenwerte in einer Woche."),
    "fr": ("Le patient a été admis aux urgences pour une dyspnée d'aggravation progressive.",
           "La radiographie thoracique montre un épanchement pleural bilatéral.",
           "Un traitement diurétique par furosémide a été instauré.",
           "L'évolution clinique est favorable après 48 heures.",
           "Les antécédents comprennent une hypertension artérielle et un diabète de type 2.",
           "La fonction rénale reste stable.",
           "Un suivi en consultation de cardiologie est recommandé.", "Pas d'allergie médicamenteuse connue."),
    "es": ("La paciente acude a urgencias por dolor abdominal en fosa ilíaca derecha.",
           "La ecografía abdominal sugiere apendicitis aguda.",
           "Se realizó apendicectomía laparoscópica sin complicaciones.", "Presenta fiebre de 38,2 °C y leucocitosis.",
           "Se inicia tratamiento antibiótico empírico con amoxicilina-clavulánico.",
           "Evolución favorable, tolera dieta oral.",
           "Se recomienda control en consultas externas en dos semanas.", "Antecedentes personales sin interés."),
    "ru": ("Пациент поступил с жалобами на кашель и повышение температуры до 38,5 °C.",
           "При рентгенографии выявлена правосторонняя нижнедолевая пневмония.",
           "Назначена антибактериальная терапия цефтриаксоном.", "Состояние пациента средней тяжести, стабильное.",
           "В анамнезе артериальная гипертензия и сахарный диабет.",
           "Рекомендовано наблюдение у терапевта по месту жительства.",
           "Аллергологический анамнез не отягощён.", "Выписан в удовлетворительном состоянии."),
    "ja": ("患者は胸痛を主訴に救急外来を受診した。", "心電図でST低下を認め、トロポニンは上昇していた。", "冠動脈造影で左前下行枝に高度狭窄を認めた。",
           "経皮的冠動脈インターベンションを施行した。", "術後経過は良好で、第5病日に退院となった。", "既往歴に高血圧と脂質異常症がある。",
           "今後は外来で経過観察の予定である。", "薬剤アレルギーはない。"),
}
_JUNK_TYPES = ("shuffled_words", "repeated_lines", "boilerplate", "random_chars", "mojibake", "number_table",
               "truncated_fragment")


def _strip_phi(rec: dict) -> str:
    """The note's text with PHI values cut out, so junk made from it carries no unlabelled PHI."""
    text = rec["text"]
    return "".join(text[a:b] for a, b in _free_ranges(text, rec["spans"]))


def _junk(kind: str, lang: str, source: dict, r: random.Random) -> str:
    zh = lang == "zh"
    if kind == "shuffled_words":
        clean = _strip_phi(source)
        if zh:
            clean = re.sub(r"\s+", "", clean)
            toks = [clean[i:i + r.randint(1, 3)] for i in range(0, len(clean), 2)]
        else:
            toks = clean.split()
        r.shuffle(toks)
        return ("" if zh else " ").join(toks[: r.randint(60, 160)])
    if kind == "repeated_lines":
        free = _free_ranges(source["text"], source["spans"])
        pos, ok = 0, []
        for ln in source["text"].split("\n"):
            if len(ln.strip()) >= 12 and _in_free(free, pos, pos + len(ln)):
                ok.append(ln.strip())
            pos += len(ln) + 1
        line = r.choice(ok) if ok else r.choice(_ZH_BOILER if zh else _EN_BOILER)
        return "\n".join([line] * r.randint(15, 40))
    if kind == "boilerplate":
        pool = _ZH_BOILER if zh else _EN_BOILER
        return "\n".join(r.choice(pool) for _ in range(r.randint(6, 14)))
    if kind == "random_chars":
        alphabet = ("的一是了我不人在他有这个上们来到时大地为子中你说生国年着就那和要她出也得里后自以会家可下而过天去能对小多然于心学么之都好看起发当没成只如事把还用第样道想作种开美总从无情己面最女但现前些所同日手又行意动方期它头经长儿回位分爱老因很给名法间斯知世什两次使身者被高已亲其进此话常与活正感"
                    "!@#$%^&*()_+=-[]{};:,.<>/?~0123456789") if zh else (
                    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!@#$%^&*()_+=-[]{};:'\",.<>/?\\|`~ ")
        return "".join(r.choice(alphabet) for _ in range(r.randint(200, 700)))
    if kind == "mojibake":
        src = " ".join(r.sample(_MOJI_ZH if zh else _MOJI_EN, 2 if not zh else 3))
        data = src.encode("utf-8")
        if zh and r.random() < 0.6:
            return data.decode("gbk", errors="replace")
        return data.decode("latin-1")
    if kind == "number_table":
        rows = []
        cols = r.randint(4, 9)
        sep = r.choice(("\t", " | ", ",", "  "))
        for _ in range(r.randint(12, 30)):
            rows.append(sep.join(r.choice((f"{r.uniform(0, 500):.2f}", str(r.randint(0, 9999)),
                                           f"{r.uniform(-5, 5):.3f}", "-", "0"))
                                 for _ in range(cols)))
        return "\n".join(rows)
    if kind == "truncated_fragment":
        text = source["text"]
        free = [(a, b) for a, b in _free_ranges(text, source["spans"]) if b - a >= 30]
        if not free:
            return (r.choice(_ZH_ADD) if zh else r.choice(_EN_ADD))[:15]
        a, b = r.choice(free)
        length = min(b - a, r.randint(12, 40) if zh else r.randint(20, 80))
        start = r.randint(a, b - length)
        frag = text[start:start + length].strip()
        return frag or (r.choice(_ZH_ADD) if zh else r.choice(_EN_ADD))[:15]
    raise ValueError(kind)


def _foreign(lang: str, r: random.Random) -> str:
    pool = _FOREIGN[lang]
    sents = r.sample(pool, r.randint(3, 5))
    return ("" if lang == "ja" else " ").join(sents)


def _planted(notes: list[dict], lang: str, n: int, r: random.Random) -> list[dict]:
    out: list[dict] = []
    if not notes:
        return out
    n_exact, n_near = round(0.05 * n), round(0.05 * n)
    n_junk, n_foreign = round(0.04 * n), round(0.03 * n)
    for j in range(n_exact):
        src = r.choice(notes)
        out.append({"id": f"{lang}-dup-{j:06d}", "lang": lang, "kind": "exact_duplicate", "note_type": src["note_type"],
                    "duplicate_of": src["id"], "text": src["text"], "spans": [dict(s) for s in src["spans"]]})
    long_enough = [x for x in notes if len(x["text"]) >= (150 if lang == "zh" else 400)] or notes
    for j in range(n_near):
        src = r.choice(long_enough)
        text, spans, frac = _near_duplicate(src, r)
        out.append({"id": f"{lang}-near-{j:06d}", "lang": lang, "kind": "near_duplicate", "note_type": src["note_type"],
                    "duplicate_of": src["id"], "edit_fraction": frac, "text": text, "spans": spans})
    for j in range(n_junk):
        kind = _JUNK_TYPES[j % len(_JUNK_TYPES)]
        text = _junk(kind, lang, r.choice(notes), r)
        out.append({"id": f"{lang}-junk-{j:06d}", "lang": lang, "kind": "junk", "junk_type": kind, "text": text,
                    "spans": []})
    langs = ("de", "fr", "es", "ru", "ja")
    for j in range(n_foreign):
        fl = langs[j % len(langs)]
        out.append({"id": f"{lang}-foreign-{j:06d}", "lang": fl, "kind": "foreign", "text": _foreign(fl, r),
                    "spans": []})
    r.shuffle(out)
    return out


# --------------------------------------------------------------------------------------------------
# dialogues_zh.csv (GB18030) and malformed.jsonl
# --------------------------------------------------------------------------------------------------

_QA = (
    ("心内科", "高血压{age}岁，血压{sbp}/{dbp}需要换药吗", "我今年{age}岁，{sex}，高血压{yrs}年了，一直吃硝苯地平控释片，最近早上量血压{sbp}/{dbp}，有时头晕，需要换药吗？",
     "你好，根据你的描述，血压控制不理想。建议：\n1. 先连续监测一周家庭血压，早晚各一次；\n2. 可在医生指导下加用厄贝沙坦150mg,每日一次；\n3. 低盐饮食，每天盐不超过5克。"),
    ("内分泌科", "空腹血糖{glu}正常吗", "体检查空腹血糖{glu}mmol/L，糖化血红蛋白6.4%，没有症状，这算糖尿病吗？要不要吃药？",
     "空腹血糖{glu}mmol/L属于偏高,糖化6.4%提示糖尿病前期。建议控制饮食、增加运动，3个月后复查OGTT，暂不需要药物。"),
    ("呼吸内科", "咳嗽{days}天了，吃了药不见好", "咳嗽{days}天，白天轻晚上重，有白痰，不发烧，吃了头孢和止咳糖浆都不管用，怎么办？",
     "考虑可能是感冒后咳嗽或咳嗽变异性哮喘，建议到医院做个胸片和肺功能检查。\n平时注意保暖,避免冷空气刺激。"),
    ("消化内科", "胃镜报告慢性胃炎伴糜烂严重吗", "胃镜结果：慢性非萎缩性胃炎伴糜烂，幽门螺杆菌阳性，经常反酸烧心，严不严重？",
     "不算严重，但幽门螺杆菌阳性建议根除治疗，一般是四联疗法吃14天，停药一个月后复查碳13呼气试验。"),
    ("神经内科", "老人头晕走路不稳", "我父亲{age}岁，最近一周头晕，走路往一边偏，说话还算清楚，血压{sbp}/{dbp}，需要马上去医院吗？",
     "这种情况要警惕后循环缺血或者脑梗死,建议尽快到医院急诊做头颅CT或核磁共振，不要拖。"),
    ("骨科", "腰椎间盘突出需要手术吗", "腰疼两年了，最近左腿发麻，核磁说L4/5椎间盘突出，医生让手术，能不能保守治疗？",
     "如果没有明显的肌力下降和大小便障碍，可以先保守治疗6-12周：\n卧床休息、理疗、口服消炎止痛药。\n保守无效再考虑微创手术。"),
    ("儿科", "孩子发烧{temp}度怎么办", "孩子{kid}岁，昨晚开始发烧，最高{temp}度，精神还可以，吃了布洛芬能退下去，需要去医院吗？",
     "精神状态好的话可以先在家观察，体温超过38.5度可以用布洛芬或对乙酰氨基酚，注意多喝水。如果持续发烧超过3天,或者出现抽搐、精神差，要及时就医。"),
    ("妇产科", "孕{wk}周血糖偏高", "怀孕{wk}周做糖耐量，空腹5.3，一小时10.2，两小时8.6，是妊娠糖尿病吗？",
     "按照诊断标准，空腹≥5.1即可诊断妊娠期糖尿病。建议营养科门诊指导饮食,监测血糖，多数通过饮食运动可以控制。"),
    ("皮肤科", "身上起红疹很痒", "前几天开始胸前和后背起红色小疹子，很痒，晚上更厉害，最近换了新的洗衣液，是过敏吗？",
     "有可能是接触性皮炎或者湿疹。建议先停用新洗衣液，口服氯雷他定，外用炉甘石洗剂，一周不好再来门诊。"),
    ("肾内科", "肌酐{cr}是不是肾衰竭", "体检肌酐{cr}μmol/L，尿蛋白+，医生说肾功能不好，我才{age}岁，是不是肾衰竭了？",
     "肌酐{cr}确实偏高，但是否为慢性肾脏病需要结合肾小球滤过率和复查结果判断。\n建议肾内科门诊就诊，完善尿蛋白定量、肾脏B超等检查。"),
    ("眼科", "看东西模糊有黑影", "最近右眼看东西模糊，眼前有黑影飘来飘去，我有糖尿病十年了，\"要紧吗\"？",
     "糖尿病患者出现这种症状要警惕糖尿病视网膜病变或玻璃体出血,建议尽快到眼科查眼底。"),
    ("中医科", "失眠多梦吃什么调理", "失眠两个月了，入睡困难，多梦易醒，白天没精神，能吃点中药调理吗？",
     "可以考虑中医辨证治疗，常见的有心脾两虚、肝郁化火等证型，需要面诊看舌苔脉象后开方。平时睡前避免看手机，规律作息。"),
)


def _dialogues_csv(seed: int, n: int = 60) -> tuple[bytes, int]:
    r = random.Random(f"medcorpus.synthetic|dialogues|{seed}")
    buf = io.StringIO(newline="")
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(["department", "title", "ask", "answer"])
    for _ in range(n):
        dept, title, ask, answer = r.choice(_QA)
        vals = {"age": str(r.randint(35, 85)), "sex": r.choice("男女"), "sbp": str(r.randint(145, 185)),
                "dbp": str(r.randint(88, 110)),
                "yrs": str(r.randint(2, 20)), "glu": f"{r.uniform(6.1, 7.8):.1f}", "days": str(r.randint(7, 40)),
                "temp": f"{r.uniform(38.0, 39.8):.1f}", "kid": str(r.randint(1, 9)), "wk": str(r.randint(24, 28)),
                "cr": str(r.randint(120, 260))}
        fill = lambda t: re.sub(r"\{(\w+)\}", lambda m: vals[m.group(1)], t)  # noqa: E731
        ask_t = fill(ask)
        if r.random() < 0.3:
            ask_t += r.choice(("谢谢医生！", "急，在线等。", "麻烦医生看一下,谢谢", "补充：之前没有类似情况。\n另外有青霉素过敏。"))
        w.writerow([dept, fill(title), ask_t, fill(answer)])
    return buf.getvalue().encode("gb18030"), n


def _malformed(seed: int) -> tuple[bytes, dict]:
    valid = [_make_note("en" if i != 1 else "zh", seed + 1_000_003, i) for i in range(3)]
    for i, v in enumerate(valid):
        v["id"] = f"malformed-valid-{i}"

    def dumps(obj) -> bytes:
        return _dump_line(obj).encode("utf-8")

    base = {"id": "", "lang": "en", "kind": "note", "note_type": "progress_note", "spans": []}
    long_text = ("Patient seen and examined. Vitals stable. Continue current management. " * 3000)[: MAX_TEXT_CHARS + 57]
    lines: list[tuple[str, bytes]] = [
        ("valid", dumps(valid[0])),
        ("invalid_json",
         b'{"id": "bad-json", "lang": "en", "kind": "note", "text": "Pt seen in clinic today, no acute'),
        ("not_object",
         dumps([{**base, "id": "bad-array", "text": "Follow-up visit. BP 128/76. Continue lisinopril."}])),
        ("missing_text", dumps({**base, "id": "bad-missing-text"})),
        ("valid", dumps(valid[1])),
        ("text_not_string", dumps({**base, "id": "bad-text-type", "text": ["Pt stable.", "Continue meds."]})),
        ("empty_text", dumps({**base, "id": "bad-empty", "text": ""})),
        ("whitespace_text", dumps({**base, "id": "bad-whitespace", "text": " \n\t \u3000 "})),
        ("invalid_utf8",
         b'{"id": "bad-utf8", "lang": "en", "kind": "note", "text": "Pt c/o \xff\xfe chest pain \xc3\x28 x2d", "spans": []}'),
        ("text_too_long", dumps({**base, "id": "bad-too-long", "text": long_text})),
        ("valid", dumps(valid[2])),
    ]
    data = b"\n".join(b for _, b in lines) + b"\n"
    kinds = [k for k, _ in lines]
    bad = {k: kinds.count(k) for k in kinds if k != "valid"}
    info = {"lines": len(lines), "valid": kinds.count("valid"), "bad": len(lines) - kinds.count("valid"),
            "bad_by_kind": bad, "line_kinds": kinds, "valid_ids": [v["id"] for v in valid],
            "max_text_chars": MAX_TEXT_CHARS}
    return data, info


# --------------------------------------------------------------------------------------------------
# Corpus writer and CLI
# --------------------------------------------------------------------------------------------------

def _count(records: list[dict], key: str) -> dict[str, int]:
    out: dict[str, int] = {}
    for rec in records:
        v = rec.get(key)
        if v is not None:
            out[v] = out.get(v, 0) + 1
    return dict(sorted(out.items()))


# str.splitlines() also breaks on these; escaping them keeps one record per line for any reader.
_LINE_BREAKERS = {"\x85": "\\u0085", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def _dump_line(rec: dict) -> str:
    line = json.dumps(rec, ensure_ascii=False)
    for ch, esc in _LINE_BREAKERS.items():
        if ch in line:
            line = line.replace(ch, esc)
    return line


def _jsonl(records: list[dict]) -> bytes:
    return "".join(_dump_line(rec) + "\n" for rec in records).encode("utf-8")


def write_sample_corpus(out_dir, seed: int = 13, n_en: int = 300, n_zh: int = 200) -> dict:
    """Write the sample corpus into ``out_dir`` and return its manifest (also written as manifest.json)."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    manifest: dict = {"generator": "medcorpus.synthetic", "format_version": 1, "seed": seed,
                      "n_notes": {"en": n_en, "zh": n_zh}, "files": {}}
    totals: dict[str, int] = {}
    for lang, n in (("en", n_en), ("zh", n_zh)):
        notes = generate_notes(lang, n, seed)
        planted = _planted(notes, lang, n, random.Random(f"medcorpus.synthetic|planted|{lang}|{seed}"))
        records = notes + planted
        name = f"notes_{lang}.jsonl"
        (out / name).write_bytes(_jsonl(records))
        spans: dict[str, int] = {}
        for rec in notes:
            for sp in rec["spans"]:
                spans[sp["label"]] = spans.get(sp["label"], 0) + 1
        by_kind = _count(records, "kind")
        for k, v in by_kind.items():
            totals[k] = totals.get(k, 0) + v
        manifest["files"][name] = {
            "records": len(records), "by_kind": by_kind, "by_lang": _count(records, "lang"),
            "note_types": _count(notes, "note_type"), "junk_types": _count(records, "junk_type"),
            "gold_span_counts": dict(sorted(spans.items())),
            "gold_labels_missing": [x for x in PHI_LABEL_NAMES if x not in spans],
        }
    csv_bytes, rows = _dialogues_csv(seed)
    (out / "dialogues_zh.csv").write_bytes(csv_bytes)
    manifest["files"]["dialogues_zh.csv"] = {"rows": rows, "columns": ["department", "title", "ask", "answer"],
                                             "encoding": "gb18030", "header": True}
    bad_bytes, bad_info = _malformed(seed)
    (out / "malformed.jsonl").write_bytes(bad_bytes)
    manifest["files"]["malformed.jsonl"] = bad_info
    manifest["by_kind"] = dict(sorted(totals.items()))
    (out / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=True) + "\n",
                                       encoding="utf-8", newline="\n")
    return manifest


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m medcorpus.sample_data.generator",
                                 description="Write the synthetic sample corpus (gold PHI notes plus planted duplicates, junk, "
                                             "foreign text, a GB18030 CSV and malformed lines).")
    ap.add_argument("--out", required=True, help="output directory (created if needed)")
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--n-en", type=int, default=300, help="number of English gold notes")
    ap.add_argument("--n-zh", type=int, default=200, help="number of Chinese gold notes")
    args = ap.parse_args(argv)
    if args.n_en < 0 or args.n_zh < 0:
        ap.error("--n-en and --n-zh must be >= 0")
    manifest = write_sample_corpus(args.out, seed=args.seed, n_en=args.n_en, n_zh=args.n_zh)
    json.dump(manifest, sys.stdout, ensure_ascii=False, indent=2, sort_keys=True)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
