"""English fake values: faker's per-locale person lists, US places, identifiers and date spellings."""

from __future__ import annotations

import functools
import importlib
import random
import re
import unicodedata
from typing import Callable

from medcorpus.transforms.deid.checksums import luhn_check_digit

from planting.values import (
    MON,
    MONTH_NUM,
    MONTHS,
    Date,
    faker_attr,
    is_latin,
    random_digits,
)

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
                    if " " in x or not is_latin(x) or len(x) < 2 or not x[0].isupper():
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


@functools.cache  # built once per process, on first use
def en_name_lists() -> _NameLists:
    return _NameLists()


US_STATES = {
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
_STATE_RE = "|".join(sorted(US_STATES, key=len, reverse=True))
_ABBR_RE = "|".join(a for a in _SAFE_ABBR if a not in ("CO", "MA", "CT", "OK", "ME", "MD"))
CITY_STATE_RE = re.compile(
    rf"\b((?:[A-Z][a-z]+[ -]){{0,2}}[A-Z][a-z]+),\s+(?:{_STATE_RE}|(?:{_ABBR_RE})\b)(?:\s+\d{{5}}(?:-\d{{4}})?)?")
# Big US cities named on their own (checked after facilities, so "Cleveland Clinic" is a facility).
_BIG_CITIES = ("New York City", "Los Angeles", "San Francisco", "San Diego", "San Antonio", "San Jose", "Chicago",
               "Houston", "Dallas", "Philadelphia", "Seattle", "Atlanta", "Detroit", "Miami", "Denver",
               "Baltimore", "Pittsburgh", "Cleveland", "Cincinnati", "Milwaukee", "Minneapolis", "St. Louis",
               "New Orleans", "Las Vegas", "Sacramento", "Nashville", "Memphis", "Tucson", "Albuquerque",
               "Omaha", "Oklahoma City", "Kansas City", "Indianapolis", "Honolulu", "Anchorage", "Tampa",
               "Orlando", "Jacksonville", "Brooklyn", "Manhattan", "Bronx", "Greenwich", "Eastchester",
               "Harleton", "Tyler", "El Paso", "Fort Worth", "Salt Lake City", "Boston", "Phoenix")
BIG_CITY_RE = re.compile(r"\b(" + "|".join(re.escape(c) for c in sorted(_BIG_CITIES, key=len, reverse=True))
                          + r")\b(?!\s+(?:Scientific|Sci|Naming|II|Children|Medical|General|Hospital|Clinic|Heart|Sun|Red|"
                          r"Magnetic|Hip|Fire|Diesel|Splint|collar|splint|external|type|shunt|brace|criteria|"
                          r"classification|bundle|scale|test)\b)")


class EnFake:
    """Fake English identifiers for one note."""

    def __init__(self, r: random.Random) -> None:
        self.r = r
        self.nl = en_name_lists()

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
        pre = faker_attr("faker.providers.address.en_US", "city_prefixes")
        suf = faker_attr("faker.providers.address.en_US", "city_suffixes")
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
        return self.r.choice(faker_attr("faker.providers.address.en_US", "states_abbr")[:50])

    def zip(self) -> str:
        z = random_digits(self.r, 5, first_nonzero=self.r.random() < 0.8)
        if self.r.random() < 0.2:
            z += "-" + random_digits(self.r, 4)
        return z

    def street(self) -> str:
        r = self.r
        sfx = faker_attr("faker.providers.address.en_US", "street_suffixes") if r.random() < 0.25 else _COMMON_STREET_SFX
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
        saints = faker_attr("faker.providers.person.en_US", "first_names_female")
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
        b = f"{r.randint(2, 9)}{random_digits(r, 2)}"
        c = random_digits(r, 4)
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
                domain = r.choice(faker_attr("faker.providers.internet.en_US", "free_email_domains"))
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
            return random_digits(r, r.choice((6, 7, 8)))
        if k == 1:
            return "00" + random_digits(r, 6)
        if k == 2:
            return r.choice("ABCDEFGHKMRS") + random_digits(r, 7)
        if k == 3:
            return f"{random_digits(r, 3)}-{random_digits(r, 2)}-{random_digits(r, 2)}"
        if k == 4:
            return f"MR{random_digits(r, 6)}"
        return f"{random_digits(r, 4)}-{random_digits(r, 4)}"

    def account(self) -> str:
        r = self.r
        return r.choice((random_digits(r, 10), f"{random_digits(r, 4)}-{random_digits(r, 6)}", f"A{random_digits(r, 9)}", random_digits(r, 8)))

    def health_plan(self) -> str:
        r = self.r
        return r.choice((f"{''.join(r.choice('ABCDEFGHJKLMNPQRSTUVWXYZ') for _ in range(3))}{random_digits(r, 9)}",
                         f"W{random_digits(r, 9)}", f"{random_digits(r, 9)}-0{r.randint(1, 4)}", f"MBR{random_digits(r, 8)}"))

    def npi(self) -> str:
        body = self.r.choice("12") + random_digits(self.r, 8)
        return body + luhn_check_digit("80840" + body)


_COMMON_STREET_SFX = ("Street", "St", "St.", "Avenue", "Ave", "Ave.", "Road", "Rd", "Drive", "Dr.", "Lane", "Ln",
                      "Court", "Ct", "Boulevard", "Blvd", "Way", "Place", "Pl", "Circle", "Terrace", "Parkway", "Trail",
                      "Highway", "Pike")


def _ascii(s: str) -> str:
    return unicodedata.normalize("NFKD", s).encode("ascii", "ignore").decode()


# ---- English dates -------------------------------------------------------------------------------

EN_FULL = ("m/d/yyyy", "mm/dd/yyyy", "m/d/yy", "mm/dd/yy", "m-d-yyyy", "mm-dd-yyyy", "yyyy-mm-dd", "Month d, yyyy",
            "Mon d, yyyy", "Mon. d, yyyy", "d Month yyyy", "Month dth, yyyy", "dd-Mon-yyyy")
_EN_MONTH_YEAR = ("Month yyyy", "Mon yyyy", "m/yyyy", "mm/yy", "Month of yyyy")
_EN_MONTH_DAY = ("m/d", "Month d", "Month dth", "Mon d")


def _ordinal(n: int) -> str:
    if 10 <= n % 100 <= 20:
        return f"{n}th"
    return f"{n}{ {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th')}"


def en_date(d: Date, style: str) -> str:
    m, dd, y = d.month, d.day, d.year
    return {
        "m/d/yyyy": f"{m}/{dd}/{y}", "mm/dd/yyyy": f"{m:02d}/{dd:02d}/{y}", "m/d/yy": f"{m}/{dd}/{y % 100:02d}",
        "mm/dd/yy": f"{m:02d}/{dd:02d}/{y % 100:02d}", "m-d-yyyy": f"{m}-{dd}-{y}", "mm-dd-yyyy": f"{m:02d}-{dd:02d}-{y}",
        "m-d-yy": f"{m}-{dd}-{y % 100:02d}", "yyyy-mm-dd": f"{y}-{m:02d}-{dd:02d}",
        "Month d, yyyy": f"{MONTHS[m - 1]} {dd}, {y}", "Mon d, yyyy": f"{MON[m - 1]} {dd}, {y}",
        "Mon. d, yyyy": f"{MON[m - 1]}. {dd}, {y}", "d Month yyyy": f"{dd} {MONTHS[m - 1]} {y}",
        "Month dth, yyyy": f"{MONTHS[m - 1]} {_ordinal(dd)}, {y}", "dd-Mon-yyyy": f"{dd:02d}-{MON[m - 1]}-{y}",
        "Month yyyy": f"{MONTHS[m - 1]} {y}", "Mon yyyy": f"{MON[m - 1]} {y}", "m/yyyy": f"{m}/{y}",
        "mm/yy": f"{m:02d}/{y % 100:02d}", "Month of yyyy": f"{MONTHS[m - 1]} of {y}", "m/yy": f"{m}/{y % 100:02d}",
        "m/d": f"{m}/{dd}", "mm/dd": f"{m:02d}/{dd:02d}", "Month d": f"{MONTHS[m - 1]} {dd}",
        "Month dth": f"{MONTHS[m - 1]} {_ordinal(dd)}", "Mon d": f"{MON[m - 1]} {dd}", "Month": MONTHS[m - 1],
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
    return MONTH_NUM[m.group("mon").lower().rstrip(".")]


EN_DATE_PATTERNS: list[tuple[re.Pattern, str, Callable]] = [
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

EN_ALT_STYLES = {"full": EN_FULL, "month_year": _EN_MONTH_YEAR, "month_day": _EN_MONTH_DAY, "month": ("Month",), "day": ("dth",),
                  "holiday": ("holiday",)}
HOLIDAYS = ("Thanksgiving", "Christmas", "Christmas Eve", "New Year's Day", "New Year's Eve", "Easter", "Halloween",
             "the Fourth of July", "Labor Day", "Memorial Day", "Valentine's Day", "Mother's Day", "Father's Day")
