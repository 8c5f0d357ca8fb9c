"""Fake-value helpers shared by both languages: digits, dates, month names, script checks, faker look-ups."""

from __future__ import annotations

import datetime as _dt
import importlib
import random
import unicodedata


Date = _dt.date
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December")
MON = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
MONTH_NUM = {m.lower(): i + 1 for i, m in enumerate(MONTHS)}
MONTH_NUM.update({m.lower(): i + 1 for i, m in enumerate(MON)})
MONTH_NUM["sept"] = 9

def random_digits(r: random.Random, n: int, first_nonzero: bool = False) -> str:
    s = "".join(r.choice("0123456789") for _ in range(n))
    if first_nonzero and s[0] == "0":
        s = r.choice("123456789") + s[1:]
    return s


def safe_date(y: int, m: int, d: int) -> Date:
    while True:
        try:
            return Date(y, m, d)
        except ValueError:
            d -= 1


def shift_days(d: Date, days: int) -> Date:
    try:
        return d + _dt.timedelta(days=days)
    except OverflowError:
        return d


def is_latin(s: str) -> bool:
    return bool(s) and all(ch in "'-" or (ch.isalpha() and "LATIN" in unicodedata.name(ch, "")) for ch in s)


def faker_attr(module: str, attr: str):
    return getattr(importlib.import_module(module).Provider, attr)
