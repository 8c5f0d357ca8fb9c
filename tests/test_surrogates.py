"""Keyed surrogates: consistent within a scope, different across scopes and keys, and
dates that keep their format while moving by one offset per scope."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from medcorpus.transforms.deid.surrogates import MAX_SHIFT_DAYS, Surrogates, parse_date, shift_date

KEY = b"test-key-0123456789abcdef"


@pytest.mark.parametrize("original, shifted", [
    ("3/14", "4/13"), ("03/14/2021", "04/13/2021"), ("3-14-21", "4-13-21"), ("2021-03-14", "2021-04-13"),
    ("14-Mar-2021", "13-Apr-2021"), ("March 14th", "April 13th"), ("March 14, 2021", "April 13, 2021"),
    ("MARCH 3, 1999", "APRIL 2, 1999"), ("Mar 2021", "Apr 2021"), ("14 March 2021", "13 April 2021"),
    ("Sept. 3", "Oct. 3"), ("12/31/1999", "01/30/2000"), ("1/31/1999", "3/2/1999"), ("2/29", "3/30"), ("the 14th", "the 16th"),
    ("2021年3月14日", "2021年4月13日"), ("3月14日", "4月13日"), ("2021年3月", "2021年4月"), ("2021.03.14", "2021.04.13"),
    ("2021/3/14", "2021/4/13"), ("21年3月14日", "21年4月13日"),
])
def test_dates_shift_in_their_own_format(original, shifted):
    assert shift_date(original, 30) == shifted


def test_unreadable_dates_are_not_guessed():
    for text in ("13/45/2020", "2/30/2021", "5", "yesterday", "1/2/3/4"):
        assert shift_date(text, 10) is None, text


def test_date_offsets_preserve_intervals_within_a_scope():
    s = Surrogates(KEY, "patient:1")
    assert s.date_offset != 0 and abs(s.date_offset) <= MAX_SHIFT_DAYS
    a, b = s.replace("DATE", "03/01/2021", "en")[0], s.replace("DATE", "03/15/2021", "en")[0]
    interval = dt.datetime.strptime(b, "%m/%d/%Y") - dt.datetime.strptime(a, "%m/%d/%Y")
    assert interval.days == 14
    offsets = {Surrogates(KEY, f"patient:{i}").date_offset for i in range(50)}
    assert len(offsets) > 40  # offsets differ between patients


def test_consistent_within_scope_and_keyed():
    s = Surrogates(KEY, "patient:1")
    full = s.replace("NAME", "John Smith", "en")[0]
    assert s.replace("NAME", "John Smith", "en")[0] == full
    assert s.replace("NAME", "Smith", "en")[0] == full.split()[-1]  # the surname agrees on its own
    assert s.replace("NAME", "Smith, John", "en")[0] == f"{full.split()[1]}, {full.split()[0]}"
    assert Surrogates(KEY, "patient:2").replace("NAME", "John Smith", "en")[0] != full or \
        Surrogates(KEY, "patient:3").replace("NAME", "John Smith", "en")[0] != full
    assert Surrogates(b"another-key-0123456789", "patient:1").replace("NAME", "John Smith", "en")[0] != full
    zh = Surrogates(KEY, "patient:1")
    name = zh.replace("NAME", "张伟", "zh")[0]
    assert len(name) == 2 and zh.replace("NAME", "张", "zh")[0] == name[0]
    with pytest.raises(ValueError):
        Surrogates(b"", "x")


def test_shapes_and_kinds():
    s = Surrogates(KEY, "doc:1")
    phone, kind = s.replace("PHONE", "(555) 123-4567 ext. 22", "en")
    assert kind == "surrogate" and re.fullmatch(r"\(\d{3}\) \d{3}-\d{4} ext\. \d{2}", phone)
    assert phone != "(555) 123-4567 ext. 22"
    mrn = s.replace("MRN", "AB-00123", "en")[0]
    assert re.fullmatch(r"AB-\d{5}", mrn) and mrn != "AB-00123"
    dea = s.replace("LICENSE", "AB1234563", "en")[0]
    assert re.fullmatch(r"[A-Z]{2}\d{7}", dea) and dea != "AB1234563"
    assert s.replace("AGE", "92", "en") == ("90+", "generalize")
    assert s.replace("DATE", "not a date", "en") == ("[DATE]", "mask")
    ident = s.replace("NATIONAL_ID", "110105199003072316", "zh")[0]
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    check = "10X98765432"[sum(int(c) * w for c, w in zip(ident[:17], weights)) % 11]
    assert len(ident) == 18 and ident[17] == check and ident != "110105199003072316"
    assert "@" in s.replace("EMAIL", "jane@example.org", "en")[0]
    assert s.replace("IP_ADDRESS", "2001:db8::1", "en")[0].count(":") >= 2
    assert s.replace("FACILITY", "杭州市第一人民医院", "zh")[0].endswith("第一人民医院")
    assert s.replace("FACILITY", "Mercy General Hospital", "en")[0].endswith("Hospital")
    assert re.fullmatch(r"\d{5}-\d{4}", s.replace("ZIP", "02115-1234", "en")[0])


def test_parse_date_fields():
    assert parse_date("March 14th, 2021")[0] == {"m": 3, "d": 14, "y": 2021}
    assert parse_date("14-Mar-21")[0] == {"d": 14, "m": 3, "y": 2021}
    assert parse_date("2021年3月")[0] == {"y": 2021, "m": 3}
