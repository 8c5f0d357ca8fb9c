"""Surrogate values for detected PHI: realistic, keyed, consistent within a scope.

Every choice is derived by HMAC-SHA256 from a secret key (taken from the environment,
never stored) and the scope (a patient id, else the document), so the same name in the
same patient's notes always gets the same surrogate, reruns give the same output, and
without the key the mapping cannot be rebuilt. Dates move by one keyed offset per scope,
so intervals between a patient's dates survive, and keep their original format.
"""

from __future__ import annotations

import calendar
import datetime as dt
import hashlib
import hmac
import re
from functools import lru_cache

_MONTHS = {m.lower(): i for i, m in enumerate(calendar.month_name) if m}
_MONTHS.update({m.lower(): i for i, m in enumerate(calendar.month_abbr) if m})
_MONTHS["sept"] = 9
_MONTH_RE = "|".join(sorted(_MONTHS, key=len, reverse=True))
_DATE_TOKEN = re.compile(rf"(?P<month>(?i:{_MONTH_RE}))\.?|(?P<num>\d+)(?P<ord>st|nd|rd|th)?|(?P<zh>[年月日号])")
_REF_YEAR = 2000  # a leap year: 2/29 without a year still parses
MAX_SHIFT_DAYS = 365

_FORMAT_LABELS = {"PHONE", "FAX", "SSN", "MRN", "ACCOUNT", "HEALTH_PLAN", "LICENSE", "VEHICLE", "DEVICE"}


def _ordinal(n: int) -> str:
    return "th" if 11 <= n % 100 <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")


def parse_date(text: str) -> tuple[dict[str, int], list[tuple[str, re.Match]]] | None:
    """Fields (y, m, d) of a date written in any common English or Chinese form, and the
    tokens they came from (so the date can be re-rendered in the same format)."""
    tokens = list(_DATE_TOKEN.finditer(text))
    if not tokens:
        return None
    fields: dict[str, int] = {}
    roles: list[tuple[str, re.Match]] = []
    nums = [t for t in tokens if t.group("num")]
    if any(t.group("zh") for t in tokens):  # 2021年3月14日: the marker after a number names it
        for t in nums:
            nxt = text[t.end():t.end() + 1]
            role = {"年": "y", "月": "m", "日": "d", "号": "d"}.get(nxt)
            if role is None:
                return None
            roles.append((role, t))
    elif any(t.group("month") for t in tokens):  # March 14th, 2021 / 14-Mar-2021 / Mar 2021
        roles.append(("m", next(t for t in tokens if t.group("month"))))
        for t in nums:  # 4 digits: the year; else the first number is the day, a second a 2-digit year
            taken = {r for r, _ in roles}
            roles.append(("y" if len(t.group("num")) == 4 or "d" in taken else "d", t))
    else:
        digits = [t.group("num") for t in nums]
        if len(nums) == 3:
            order = "ymd" if len(digits[0]) == 4 else "mdy"
        elif len(nums) == 2:
            order = "ym" if len(digits[0]) == 4 else "my" if len(digits[1]) == 4 else "md"
        elif len(nums) == 1 and nums[0].group("ord"):
            order = "d"  # "the 14th"
        else:
            return None
        roles = list(zip(order, nums))
    for role, t in roles:
        if role in fields:
            return None
        fields[role] = _MONTHS[t.group("month").lower()] if role == "m" and t.group("month") else int(t.group("num"))
    if "y" in fields and fields["y"] < 100:
        fields["y"] += 2000 if fields["y"] < 50 else 1900
    try:
        dt.date(fields.get("y", _REF_YEAR), fields.get("m", 1), fields.get("d", 1))
    except ValueError:
        return None
    return fields, roles


def shift_date(text: str, days: int) -> str | None:
    """The date moved by ``days``, written exactly as the original was (padding, month
    names, ordinals, separators); None when the text is not a date we can read."""
    parsed = parse_date(text)
    if parsed is None:
        return None
    fields, roles = parsed
    if "d" in fields and "m" not in fields:  # "the 14th": move the day within a 28-day cycle
        new = {"d": (fields["d"] - 1 + days) % 28 + 1}
    else:
        # a month-and-year date moves from its middle, so small shifts can change the month
        base = dt.date(fields.get("y", _REF_YEAR), fields["m"], fields.get("d", 15))
        moved = base + dt.timedelta(days=days)
        new = {"y": moved.year, "m": moved.month, "d": moved.day}
    # numeric dates written with two-digit months/days (03/14, 2021-03-14) stay that way
    md = [t.group("num") for r, t in roles if r in "md" and t.group("num")]
    pad = any(n.startswith("0") for n in md) or (len(md) == 2 and all(len(n) == 2 for n in md))
    out, pos = [], 0
    for role, t in sorted(roles, key=lambda rt: rt[1].start()):
        out.append(text[pos:t.start()])
        value = new[role]
        if t.group("month"):
            orig = t.group("month")
            name = calendar.month_name[value] if len(orig) > 3 and orig.lower() != "sept" else calendar.month_abbr[value]
            name = name.upper() if orig.isupper() and len(orig) > 1 else name.lower() if orig.islower() else name
            out.append(name + ("." if t.group(0).endswith(".") else ""))
        else:
            width = len(t.group("num"))
            if role == "y":
                out.append(str(value)[-2:] if width == 2 else str(value))
            else:
                out.append(str(value).zfill(2) if pad and width <= 2 and not t.group("ord") else str(value))
            if t.group("ord"):
                out.append(_ordinal(value))
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
            shifted = shift_date(value, self.date_offset)
            return (shifted, "shift") if shifted is not None else ("[DATE]", "mask")
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
            return fake.city_name() if zh else fake.city(), "surrogate"
        if label == "ADDRESS":
            return (fake.address().split(" ")[0] if zh else fake.street_address()), "surrogate"
        if label == "FACILITY":
            return self._facility(value, fake, zh), "surrogate"
        return f"[{label}]", "mask"

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
        """Surname and given name map separately: 张伟 and a later 张先生's 张 agree."""
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
