"""Surrogate values for detected PHI: realistic, keyed, consistent within a scope.

Every choice is derived by HMAC-SHA256 from a secret key (taken from the environment,
never stored) and the scope (a patient id, else the document), so the same name in the
same patient's notes always gets the same surrogate, reruns give the same output, and
without the key the mapping cannot be rebuilt. Dates move by one keyed offset per scope,
so intervals between a patient's dates survive, and keep their original format; a date
that names only a month or a year moves by whole months or years, and one that cannot be
moved (a holiday, 大年初六) or would read the same is masked. Replacing never raises.
"""

from __future__ import annotations

import calendar
import datetime as dt
import hashlib
import hmac
import re
from functools import lru_cache

from medcorpus.transforms.deid.en_tables import (AU_STATES, CA_PROVINCES, STATE_ABBR, STATE_ABBR_SET, STATE_NAMES, UNIT,
                                                  ZIP_ONLY_STATE_ABBR)
from medcorpus.transforms.deid.zh_vocab import TITLE_TUPLE

_MONTHS = {m.lower(): i for i, m in enumerate(calendar.month_name) if m}
_MONTHS.update({m.lower(): i for i, m in enumerate(calendar.month_abbr) if m})
_MONTHS["sept"] = 9
_WEEKDAYS = {d.lower(): i for i, d in enumerate(calendar.day_name)}
_WEEKDAYS.update({d.lower(): i for i, d in enumerate(calendar.day_abbr)})
_WEEKDAYS.update({"tues": 1, "weds": 2, "thur": 3, "thurs": 3})  # the abbreviations notes write (phi_en)
_ZH_WEEKDAYS = "一二三四五六日"
_CN_DIGITS = "〇一二三四五六七八九"


def _words(names) -> str:
    return "|".join(sorted(names, key=len, reverse=True))


# The parts of a date: English month and weekday names, 周一/星期日, Chinese-numeral and Arabic
# numbers, and the 年月日号 markers that name the number before them.
_DATE_TOKEN = re.compile(
    rf"(?<![A-Za-z])(?:(?P<weekday>(?i:{_words(_WEEKDAYS)}))|(?P<month>(?i:{_words(_MONTHS)})))(?![A-Za-z])\.?"
    r"|(?:周|星期|礼拜)(?P<zh_weekday>[一二三四五六日天])"
    r"|(?P<cn>[〇零一二三四五六七八九十]{1,4})(?=[年月日号])"
    r"|(?P<num>\d+)(?P<ord>st|nd|rd|th)?"
    r"|(?P<zh>[年月日号])")
_ZH_ROLES = {"年": "y", "月": "m", "日": "d", "号": "d"}
_ROLE_ORDER = "ymd"
_REF_YEAR = 2000  # a leap year: 2/29 without a year still parses
MAX_SHIFT_DAYS = 365

# the state a town span ends with in a postal address ("Port Jason, GA 22322"; en_places_caps)
_STATE_AFTER_TOWN_RE = re.compile(  # a name only after a comma: "Port Washington" is a town
    rf"(?P<sep>,?[ ]+)(?P<abbr>(?i:{'|'.join(STATE_ABBR_SET | set(CA_PROVINCES) | set(AU_STATES))}))\.?$"
    rf"|(?P<nsep>,[ ]*)(?P<name>{STATE_NAMES})$")
# the postcode that ends a whole address, by country: ZIP, Canadian, British, Indian PIN, Australian
_ENDS_WITH_POSTCODE_RE = re.compile(
    r"(?:(?<!\d)(?P<us>\d{5}(?:-\d{4})?)|(?P<ca>[A-Z]\d[A-Z][ ]?\d[A-Z]\d)|(?P<gb>[A-Z]{1,2}\d[A-Z\d]?[ ]\d[A-Z]{2})"
    r"|(?<!\d)(?P<india>\d{6})|(?<!\d)(?P<au>\d{4}))$", re.IGNORECASE)
_UNIT_RE = re.compile(rf"{UNIT}\.?[ ]?#?[ ]?[A-Za-z0-9-]{{1,6}}")  # an address's unit, found on its own
_POSTCODE_LOCALES = (("en_US", "us"), ("en_CA", "ca"), ("en_GB", "gb"), ("en_IN", "india"), ("en_AU", "au"))
_FORMAT_LABELS = {"PHONE", "FAX", "SSN", "MRN", "ACCOUNT", "HEALTH_PLAN", "LICENSE", "VEHICLE", "DEVICE"}


def _ordinal(n: int) -> str:
    return "th" if 11 <= n % 100 <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")


def _cn_value(numeral: str) -> int | None:
    """十四 -> 14, 二十 -> 20, 三 -> 3; 二〇二一 -> 2021 (digit by digit); None for 一二十."""
    digits = numeral.replace("零", "〇")
    tens = re.fullmatch(r"([一二三四五六七八九]?)十([一二三四五六七八九]?)", digits)
    if tens:
        return (_CN_DIGITS.index(tens[1]) if tens[1] else 1) * 10 + (_CN_DIGITS.index(tens[2]) if tens[2] else 0)
    return None if "十" in digits else int("".join(str(_CN_DIGITS.index(c)) for c in digits))


def _cn_numeral(value: int, role: str, original: str) -> str:
    """``value`` written the way ``original`` was: a year digit by digit (with its zero), else 十四-style."""
    if role == "y" and "十" in original:  # 二十一年
        value %= 100
    elif role == "y":
        zero = "零" if "零" in original else "〇"
        return "".join(_CN_DIGITS[int(c)] for c in str(value)[-len(original):]).replace("〇", zero)
    tens, ones = divmod(value, 10)
    return ((_CN_DIGITS[tens] if tens > 1 else "") + "十" if tens else "") + (_CN_DIGITS[ones] if ones or not tens
                                                                             else "")


def _token_value(t: re.Match) -> int | None:
    if t.group("month"):
        return _MONTHS[t.group("month").lower()]
    if t.group("weekday"):
        return _WEEKDAYS[t.group("weekday").lower()]
    if t.group("zh_weekday"):
        return _ZH_WEEKDAYS.index(t.group("zh_weekday").replace("天", "日"))
    if t.group("cn"):
        return _cn_value(t.group("cn"))
    return int(t.group("num"))


def _zh_roles(text: str, nums: list[re.Match]) -> list[str] | None:
    """Roles of the numbers of a date written with 年月日: the marker after a number names it,
    and unmarked numbers take the roles left between the marked ones (3.22号, 10月25)."""
    roles = [_ZH_ROLES.get(text[t.end():t.end() + 1]) for t in nums]
    i = 0
    while i < len(roles):
        if roles[i] is not None:
            i += 1
            continue
        j = i
        while j < len(roles) and roles[j] is None:
            j += 1
        low = _ROLE_ORDER.index(roles[i - 1]) + 1 if i else 0
        high = _ROLE_ORDER.index(roles[j]) if j < len(roles) else len(_ROLE_ORDER)
        free = _ROLE_ORDER[low:high]
        if len(free) < j - i or (i and j < len(roles) and len(free) != j - i):
            return None
        roles[i:j] = free[-(j - i):] if not i else free[:j - i]
        i = j
    return roles


def _numeric_orders(nums: list[re.Match], lang: str | None) -> list[tuple[str, ...]]:
    """Readings of a date written in numbers only, most likely first."""
    digits = [t.group("num") for t in nums]
    if len(digits) == 1:
        n = digits[0]
        if nums[0].group("ord"):
            return [("d",)]  # "the 14th"
        if len(n) == 8 and n[:2] in ("19", "20"):
            return [("ymd",)]  # 20210314
        return [("y",)] if len(n) == 4 and n[:2] in ("18", "19", "20") else []
    if len(digits) == 3:
        if len(digits[0]) == 4:
            return [tuple("ymd")]
        if len(digits[2]) == 4:
            return [tuple("mdy"), tuple("dmy")]
        return [tuple(o) for o in (("ymd", "mdy", "dmy") if lang == "zh" else ("mdy", "dmy", "ymd"))]
    if len(digits) == 2:
        if len(digits[0]) == 4:
            return [tuple("ym")]
        if len(digits[1]) == 4:
            return [tuple("my")]
        return [tuple(o) for o in (("md", "dm", "my") if len(digits[1]) == 2 else ("md", "dm"))]
    return []


def _valid(fields: dict[str, int]) -> bool:
    if "d" in fields and "y" in fields and "m" not in fields:
        return False
    try:
        dt.date(fields.get("y", _REF_YEAR), fields.get("m", 1), fields.get("d", 1))
    except ValueError:
        return False
    return fields.get("w", 0) in range(7)


def _fields(roles: list[tuple[str, re.Match]]) -> dict[str, int] | None:
    fields: dict[str, int] = {}
    for role, t in roles:
        if role in fields:
            return None
        if role == "ymd":  # 20210314
            n = t.group("num")
            fields.update(y=int(n[:4]), m=int(n[4:6]), d=int(n[6:]))
        else:
            fields[role] = _token_value(t)
            if fields[role] is None:
                return None
    if "y" in fields and fields["y"] < 100:
        fields["y"] += 2000 if fields["y"] < 50 else 1900
    return fields if fields and _valid(fields) else None


_ISO_TIME_RE = re.compile(r"(?<=\d)[Tt]\d\d?:\d\d(?::\d\d(?:\.\d+)?)?(?:[Zz]|[+-]\d\d:?\d\d)?$")


def parse_date(text: str, lang: str | None = None) -> tuple[dict[str, int], list[tuple[str, re.Match]]] | None:
    """Fields (y, m, d, w for a weekday) of a date written in any common English or Chinese
    form, and the tokens they came from (so the date can be re-rendered in the same format);
    None when the text names no day, month or year we can read (holidays, 大年初六). An ISO time of day
    after the date (2021-03-14T08:30) is no part of it, and stays as written."""
    time = _ISO_TIME_RE.search(text)
    tokens = list(_DATE_TOKEN.finditer(text, 0, time.start() if time else len(text)))
    roles = [("w", t) for t in tokens if t.group("weekday") or t.group("zh_weekday")]
    nums = [t for t in tokens if t.group("num") or t.group("cn")]
    if any(t.group("zh") for t in tokens):  # 2021年3月14日, 三月十四日, 3.22号
        zh = _zh_roles(text, nums)
        if zh is None:
            return None
        roles += zip(zh, nums)
    elif any(t.group("month") for t in tokens):  # March 14th, 2021 / 14-Mar-2021 / Mar 2021 / March '21
        roles.append(("m", next(t for t in tokens if t.group("month"))))
        for t in nums:  # 4 digits or '21: the year; else the first number is the day, a second the year
            taken = {r for r, _ in roles}
            year = len(t.group("num")) == 4 or text[t.start() - 1:t.start()] in ("'", "\u2019") or "d" in taken
            roles.append(("y" if year else "d", t))
    elif nums:
        for order in _numeric_orders(nums, lang):
            candidate = roles + list(zip(order, nums))
            fields = _fields(candidate)
            if fields:
                return fields, candidate
        return None
    fields = _fields(roles)
    return (fields, roles) if fields else None


def _coarse(days: int, unit: float) -> int:
    """A day offset in coarser units (months, years), never 0: a shifted month must move."""
    return round(days / unit) or (1 if days > 0 else -1)


def _shifted(fields: dict[str, int], days: int) -> dict[str, int]:
    new: dict[str, int] = {}
    if "m" in fields and "d" in fields:
        moved = dt.date(fields.get("y", _REF_YEAR), fields["m"], fields["d"]) + dt.timedelta(days=days)
        new = {"y": moved.year, "m": moved.month, "d": moved.day}
    elif "m" in fields:  # a month (and year) moves by whole months
        months = fields.get("y", _REF_YEAR) * 12 + fields["m"] - 1 + _coarse(days, 30.436875)
        new = {"y": months // 12, "m": months % 12 + 1}
    elif "d" in fields:  # "the 14th": move the day within a 28-day cycle
        new = {"d": (fields["d"] - 1 + (days % 28 or 1)) % 28 + 1}
    elif "y" in fields:
        new = {"y": fields["y"] + _coarse(days, 365.25)}
    if "w" in fields:  # with a date the weekday moves with it; alone it must still change
        new["w"] = (fields["w"] + (days if len(fields) > 1 else days % 7 or 1)) % 7
    return new


def _render(role: str, value: dict[str, int], t: re.Match, pad: bool) -> str:
    if role == "ymd":
        return f"{value['y']:04d}{value['m']:02d}{value['d']:02d}"
    n = value[role]
    if t.group("month") or t.group("weekday"):
        orig = t.group("month") or t.group("weekday")
        full, abbr = (calendar.month_name, calendar.month_abbr) if role == "m" else (calendar.day_name, calendar.day_abbr)
        long = len(orig) > 3 and orig.lower() not in ("sept", "tues", "thur", "thurs")
        name = full[n] if long else abbr[n]
        name = name.upper() if orig.isupper() and len(orig) > 1 else name.lower() if orig.islower() else name
        return name + ("." if t.group(0).endswith(".") else "")
    if t.group("zh_weekday"):
        return t.group(0)[:-1] + ("天" if n == 6 and t.group("zh_weekday") == "天" else _ZH_WEEKDAYS[n])
    if t.group("cn"):
        return _cn_numeral(n, role, t.group("cn"))
    width = len(t.group("num"))
    if role == "y":
        out = str(n)[-2:] if width == 2 else str(n)
    else:
        out = str(n).zfill(2) if pad and width <= 2 and not t.group("ord") else str(n)
    return out + (_ordinal(n) if t.group("ord") else "")


# A date range: two whole dates ("6/12-6/19/2022", "March 3 to April 5"), or two days that share a month
# ("July 11-14, 2024", "8-11 April 2022", "1->2 nov, 96")
_RANGE_SEP = r"[ ]*(?:->|[-\u2013\u2014])[ ]*|[ ]+(?:to|through|thru)[ ]+"
_RANGE_SEP_RE = re.compile(_RANGE_SEP)
_MONTH_WORD = rf"(?i:{_words(_MONTHS)})\.?"
_MONTH_WORD_RE = re.compile(_MONTH_WORD)
_DIGIT_RE = re.compile(r"\d")
_DAY = r"\d{1,2}(?i:st|nd|rd|th)?"
_DAYS_AFTER_MONTH_RE = re.compile(
    rf"(?P<month>{_MONTH_WORD}[ ]+)(?P<d1>{_DAY})(?P<sep>{_RANGE_SEP})(?P<d2>{_DAY})(?P<year>,?[ ]+(?:\d{{4}}|'?\d\d))?")
_DAYS_BEFORE_MONTH_RE = re.compile(
    rf"(?P<d1>{_DAY})(?P<sep>{_RANGE_SEP})(?P<d2>{_DAY})(?P<rest>[ ]+(?:of[ ]+)?{_MONTH_WORD}(?:,?[ ]+(?:\d{{4}}|'?\d\d))?)")


def shift_date(text: str, days: int, lang: str | None = None) -> str | None:
    """The date moved by ``days``, written exactly as the original was (padding, month and
    weekday names, ordinals, separators, Chinese numerals); None when the text is not a date
    we can read. A month moves by whole months and a year by whole years, never by none.
    A range moves end by end, each end written whole ("July 11-14, 2024" -> "August 17,
    2024-August 20, 2024")."""
    ends = _range_ends(text)
    if ends is None:
        return _shift_one(text, days, lang)
    left, sep, right = ends
    shifted = (_shift_one(left, days, lang), _shift_one(right, days, lang))
    return shifted[0] + sep + shifted[1] if all(shifted) else None


def _range_ends(text: str) -> tuple[str, str, str] | None:
    """(first date, separator, second date) of a date range, each date whole; None for one date."""
    if m := _DAYS_AFTER_MONTH_RE.fullmatch(text):
        year = m.group("year") or ""
        return m.group("month") + m.group("d1") + year, m.group("sep"), m.group("month") + m.group("d2") + year
    if m := _DAYS_BEFORE_MONTH_RE.fullmatch(text):
        return m.group("d1") + m.group("rest"), m.group("sep"), m.group("d2") + m.group("rest")
    for sep in _RANGE_SEP_RE.finditer(text):
        left, right = text[:sep.start()], text[sep.end():]
        if all("/" in end for end in (left, right)) or all(
                _MONTH_WORD_RE.search(end) and _DIGIT_RE.search(end) for end in (left, right)):
            return left, sep.group(), right
    return None


_DECADE_RE = re.compile(r"(?P<decade>\d{3}0)(?P<s>['\u2019]?[sS])")


def _shift_one(text: str, days: int, lang: str | None = None) -> str | None:
    if m := _DECADE_RE.fullmatch(text):  # "the 1980s" moves by whole decades
        return f"{int(m['decade']) + 10 * _coarse(days, 3652.5)}{m['s']}"
    parsed = parse_date(text, lang)
    if parsed is None:
        return None
    fields, roles = parsed
    try:
        new = _shifted(fields, days)
    except (OverflowError, ValueError):  # beyond year 9999
        return None
    # numeric dates written with two-digit months/days (03/14, 2021-03-14) stay that way
    md = [t.group("num") for r, t in roles if r in ("m", "d") and t.group("num")]
    pad = any(n.startswith("0") for n in md) or (len(md) == 2 and all(len(n) == 2 for n in md))
    out, pos = [], 0
    for role, t in sorted(roles, key=lambda rt: rt[1].start()):
        out.append(text[pos:t.start()])
        out.append(_render(role, new, t, pad))
        pos = t.end()
    out.append(text[pos:])
    return "".join(out)


@lru_cache(maxsize=4)
def _faker(locale: str):
    from faker import Faker

    return Faker(locale)


class Surrogates:
    """Surrogate values for one scope (a patient, else a document)."""

    def __init__(self, key: bytes, scope: str):
        if not key:
            raise ValueError("surrogate mode needs a secret key")
        self._key, self._scope = key, scope
        self.date_offset = self._date_offset()

    def _digest(self, *parts: str) -> bytes:
        msg = "\x1f".join((self._scope, *parts)).encode()
        return hmac.new(self._key, msg, hashlib.sha256).digest()

    def _int(self, *parts: str) -> int:
        return int.from_bytes(self._digest(*parts)[:8], "big")

    def _date_offset(self) -> int:
        n = self._int("date-offset") % (2 * MAX_SHIFT_DAYS)
        return n - MAX_SHIFT_DAYS if n < MAX_SHIFT_DAYS else n - MAX_SHIFT_DAYS + 1  # never 0

    def _fake(self, locale: str, *parts: str):
        fake = _faker(locale)
        fake.seed_instance(self._int(*parts))
        return fake

    def replace(self, label: str, value: str, lang: str) -> tuple[str, str]:
        """(replacement, kind): kind is surrogate, shift, generalize or mask (no safe surrogate)."""
        zh = lang == "zh"
        norm = " ".join(value.split()).casefold()
        if label == "DATE":
            shifted = shift_date(value, self.date_offset, lang)
            # what cannot be moved (holidays, 大年初六) or would read the same is masked
            return (shifted, "shift") if shifted not in (None, value) else ("[DATE]", "mask")
        if label == "AGE":
            return "90+", "generalize"
        if label == "NAME":
            return (self._zh_name(value) if zh else self._en_name(value)), "surrogate"
        if label in _FORMAT_LABELS or (label == "NATIONAL_ID" and not zh):
            return self._same_shape(value, label), "surrogate"
        locale = "zh_CN" if zh else "en_US"
        fake = self._fake(locale, label, norm)
        if label == "NATIONAL_ID":
            return fake.ssn(), "surrogate"
        if label == "EMAIL":
            return fake.email(), "surrogate"
        if label == "URL":
            return fake.url().rstrip("/") if not value.endswith("/") else fake.url(), "surrogate"
        if label == "IP_ADDRESS":
            return (fake.ipv6() if ":" in value else fake.ipv4()), "surrogate"
        if label == "ZIP":
            return (fake.postcode() + (f"-{self._same_shape('0000', label)}" if "-" in value else "")), "surrogate"
        if label == "CITY":
            if zh:
                return fake.city_name(), "surrogate"
            state = _STATE_AFTER_TOWN_RE.search(value)  # "Port Jason, GA": a town with its state
            if state:  # each part as it would be alone: "Springfield" gets one town, with or without its state
                town, _ = self.replace("CITY", value[:state.start()], lang)
                return town + (state.group("sep") or state.group("nsep")) + self._state(state), "surrogate"
            return fake.city(), "surrogate"
        if label == "ADDRESS":
            if zh:
                return fake.address().split(" ")[0], "surrogate"
            postcode = _ENDS_WITH_POSTCODE_RE.search(value)
            if postcode and (postcode.group("us") or postcode.group("ca") or postcode.group("gb")
                             or "," in value or "\n" in value):  # not "PO Box 1234", "Suite 1200"
                # a whole postal address: a whole one of its country, its lines joined alike
                country = next(loc for loc, group in _POSTCODE_LOCALES if postcode.group(group))
                whole = self._fake(country, label, norm).address()
                return whole.replace("\n", "\n" if "\n" in value else ", "), "surrogate"
            if _UNIT_RE.fullmatch(value):  # "Suite 902" on its own: another number in the same words
                return self._same_shape(value, label), "surrogate"
            return fake.street_address(), "surrogate"
        if label == "FACILITY":
            return self._facility(value, fake, zh), "surrogate"
        return f"[{label}]", "mask"

    def _state(self, found: re.Match) -> str:
        """A keyed surrogate state of the same country and shape: a US, Canadian or Australian abbreviation
        (in the case written), or a US state's name."""
        if found.group("name"):
            return self._fake("en_US", "STATE", found.group("name").casefold()).state()
        abbr = found.group("abbr")
        pool = next(p for p in (STATE_ABBR, CA_PROVINCES, AU_STATES, ZIP_ONLY_STATE_ABBR) if abbr.upper() in p)
        new = pool[self._int("STATE", abbr.casefold()) % len(pool)]
        return new.lower() if abbr.islower() else new

    def _same_shape(self, value: str, label: str) -> str:
        """Digits stay digits, separators stay, and letters change (keeping case) only in
        runs that hold digits too: 'ext.' and an 'AB-' prefix stay, 'A974905235' changes."""
        digest = self._digest(label, value.casefold())
        mixed = {i for m in re.finditer(r"[A-Za-z0-9]+", value) if re.search(r"\d", m.group())
                 for i in range(m.start(), m.end())}
        out = []
        for i, ch in enumerate(value):
            b = digest[i % len(digest)] ^ (i // len(digest))
            if ch.isdigit():
                out.append(str(b % 10))
            elif i in mixed and ch.isascii() and ch.isalpha():
                letter = chr(ord("a") + b % 26)
                out.append(letter.upper() if ch.isupper() else letter)
            else:
                out.append(ch)
        return "".join(out)

    def _en_name(self, value: str) -> str:
        """Each name token maps on its own, so 'John Smith' and a later 'Smith' agree."""
        if "," in value:  # Last, First [Middle]
            last, _, first = value.partition(",")
            given = " ".join(self._en_token(t, "first") for t in first.split())
            return self._en_token(last.strip(), "last") + (f", {given}" if given else ",")
        tokens = value.split()
        return " ".join(self._en_token(t, "last" if i == len(tokens) - 1 else "first") for i, t in enumerate(tokens))

    def _en_token(self, token: str, role: str) -> str:
        if re.fullmatch(r"[A-Za-z]\.?", token):  # an initial
            letter = chr(ord("A") + self._int("initial", token.upper()) % 26)
            return letter + ("." if token.endswith(".") else "")
        fake = self._fake("en_US", "name", role, token.casefold())
        name = fake.last_name() if role == "last" else fake.first_name()
        return name.upper() if token.isupper() and len(token) > 1 else name

    def _zh_name(self, value: str) -> str:
        """Surname and given name map separately: 张伟 and a later 张先生's 张 agree. A title inside the
        span (孙小姐: a bare surname's title is part of its name) stays."""
        title = max((t for t in TITLE_TUPLE if value.endswith(t) and len(t) < len(value)), key=len, default="")
        if title:
            return self._zh_name(value[:-len(title)]) + title
        names = _faker("zh_CN").provider("faker.providers.person").last_names
        surnames = sorted(set(names), key=lambda s: (-len(s), s))
        surname = next((s for s in surnames if value.startswith(s) and len(s) < len(value)), value[:1])
        pool = [s for s in sorted(set(names)) if len(s) == len(surname)] or [surname]
        new_surname = pool[self._int("zh-surname", surname) % len(pool)]
        given = value[len(surname):]
        if not given:
            return new_surname
        fake = self._fake("zh_CN", "zh-given", given)
        first = fake.first_name()
        while len(first) < len(given):
            first += fake.first_name()
        return new_surname + first[: len(given)]

    @staticmethod
    def _facility(value: str, fake, zh: bool) -> str:
        if zh:
            m = re.search(r"(附属.*医院|第[一二三四五六七八九十\d]+人民医院|人民医院|中心医院|中医院|妇幼保健院|"
                          r"医院|卫生院|诊所|卫生服务中心|疗养院)$", value)
            return fake.city_name() + (m.group(1) if m else "医院")
        m = re.search(r"(Hospital|Medical Center|Health System|Health Center|Clinic|Nursing Home|Infirmary|"
                      r"Hospice|Rehabilitation Center|Medical Group)\b.*$", value, re.IGNORECASE)
        return f"{fake.last_name()} {m.group(0) if m else 'Medical Center'}"
