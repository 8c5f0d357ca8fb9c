"""Keyed surrogates: consistent within a scope, different across scopes and keys, and
dates that keep their format while moving by one offset per scope."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from medcorpus.transforms.deid.en_tables import AU_STATES, CA_PROVINCES, STATE_ABBR
from medcorpus.transforms.deid.surrogates import MAX_SHIFT_DAYS, Surrogates, parse_date, shift_date

KEY = b"test-key-0123456789abcdef"


@pytest.mark.parametrize("original, shifted", [
    ("3/14", "4/13"), ("03/14/2021", "04/13/2021"), ("3-14-21", "4-13-21"), ("2021-03-14", "2021-04-13"),
    ("14-Mar-2021", "13-Apr-2021"), ("March 14th", "April 13th"), ("March 14, 2021", "April 13, 2021"),
    ("MARCH 3, 1999", "APRIL 2, 1999"), ("Mar 2021", "Apr 2021"), ("14 March 2021", "13 April 2021"),
    ("Sept. 3", "Oct. 3"), ("12/31/1999", "01/30/2000"), ("1/31/1999", "3/2/1999"), ("2/29", "3/30"), ("the 14th", "the 16th"),
    ("2021年3月14日", "2021年4月13日"), ("3月14日", "4月13日"), ("2021年3月", "2021年4月"), ("2021.03.14", "2021.04.13"),
    ("2021/3/14", "2021/4/13"), ("21年3月14日", "21年4月13日"),
    ("二〇二一年三月十四日", "二〇二一年四月十三日"), ("十月二十日", "十一月十九日"), ("3.22号", "4.21号"),
    ("10月25", "11月24"), ("7月份", "8月份"), ("20210314", "20210413"), ("14.03.2021", "13.04.2021"),
    ("Monday, March 14", "Wednesday, April 13"), ("2021年3月14日（星期日）", "2021年4月13日（星期二）"),
    ("Tues.", "Thu."), ("周一", "周三"), ("March '21", "April '21"), ("11/90", "12/90"),
    ("Dec \u201922", "Jan \u201923"), ("February '13", "March '13"),  # an apostrophe year, either apostrophe
    ("2021-03-14T08:30", "2021-04-13T08:30"), ("2021-03-14T08:30:15.5+01:00", "2021-04-13T08:30:15.5+01:00"),
])
def test_dates_shift_in_their_own_format(original, shifted):
    assert shift_date(original, 30) == shifted


@pytest.mark.parametrize("original, shifted", [
    ("6/12-6/19/2022", "7/12-7/19/2022"), ("5/15/2021\u20135/24/2021", "6/14/2021\u20136/23/2021"), ("6/28-7/3", "7/28-8/2"),
    ("March 3 to April 5", "April 2 to May 5"),
    # two days sharing a month: each end written whole, so that a shift across a month's end reads right
    ("July 11-14, 2024", "August 10, 2024-August 13, 2024"), ("june 2-5", "july 2-july 5"),
    ("8-11 April 2022", "8 May 2022-11 May 2022"), ("1->2 nov, 96", "1 dec, 96->2 dec, 96"),
])
def test_a_date_range_moves_end_by_end(original, shifted):
    assert shift_date(original, 30) == shifted


@pytest.mark.parametrize("text", ["12-Sep-21", "Sep-12", "2021-03-14", "3-14-21", "14-Mar-2021"])
def test_a_date_with_dashes_is_no_range(text):
    assert shift_date(text, 30) == shift_date(text.replace("-", "/"), 30).replace("/", "-")


@pytest.mark.parametrize("weekday", ["Monday", "tues", "weds", "Thurs", "fri", "SATURDAY", "Sunday"])
def test_every_weekday_the_english_detector_finds_alone_moves(weekday):
    shifted = shift_date(weekday, 3)
    assert shifted is not None and shifted.lower() != weekday.lower()


def test_unreadable_dates_are_not_guessed():
    for text in ("13/45/2020", "2/30/2021", "5", "yesterday", "1/2/3/4", "大年初六", "春节", "一二十日"):
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


def test_a_whole_postal_address_gets_a_whole_one():
    s = Surrogates(KEY, "doc:1")
    one_line, kind = s.replace("ADDRESS", "2205 villanueva common suite 890 jacksonmouth, va 55890", "en")
    assert kind == "surrogate" and "\n" not in one_line and re.search(r"\b[A-Z]{2} \d{5}$", one_line), one_line
    two_lines = s.replace("ADDRESS", "807 Deborah Estate\nStephensshire, IA 02219", "en")[0]
    assert "\n" in two_lines and re.search(r"\d{5}$", two_lines)
    assert not re.search(r"\d{5}", s.replace("ADDRESS", "12 Oak St", "en")[0])  # a street line stays a street line


@pytest.mark.parametrize("town, shape", [
    ("Port Jason, GA", r"[A-Z][\w .'-]+, [A-Z]{2}"),  # a town with its state in a postal address
    ("Stephensshire IA", r"[A-Z][\w .'-]+ [A-Z]{2}"),
    ("Springfield, Illinois", r"[A-Z][\w .'-]+, [A-Z][a-z]+(?: [A-Z][a-z]+)?"),
    ("Port Jason", r"[A-Z][\w .'-]+"),  # a town alone gets a town alone: "Jason" is no state
    ("Port Washington", r"[A-Z][\w .'-]+"),  # a state's name ends a town only after a comma
])
def test_a_town_surrogate_keeps_the_shape_of_its_state(town, shape):
    s = Surrogates(KEY, "doc:1")
    value, kind = s.replace("CITY", town, "en")
    assert kind == "surrogate" and re.fullmatch(shape, value), value


def test_a_town_gets_one_surrogate_with_or_without_its_state_and_a_state_of_its_country():
    s = Surrogates(KEY, "doc:1")
    alone = s.replace("CITY", "Springfield", "en")[0]
    assert s.replace("CITY", "Springfield, IL", "en")[0].startswith(alone + ", ")
    assert s.replace("CITY", "Springfield IL", "en")[0].startswith(alone + " ")
    assert s.replace("CITY", "Halifax, NS", "en")[0].rsplit(", ", 1)[1] in CA_PROVINCES
    assert s.replace("CITY", "Sydney NSW", "en")[0].rsplit(" ", 1)[1] in AU_STATES
    assert s.replace("CITY", "springfield, il", "en")[0].endswith(tuple(f", {st.lower()}" for st in STATE_ABBR))


def test_a_whole_address_abroad_gets_a_whole_one_of_its_country():
    s = Surrogates(KEY, "doc:1")
    assert re.search(r"[A-Z]\d[A-Z] ?\d[A-Z]\d$", s.replace("ADDRESS", "960 Brandon Walks, West Robert, ON M2Y 4H6", "en")[0])
    assert re.search(r"\b\d{4}$", s.replace("ADDRESS", "3 George St, Sydney NSW 2000", "en")[0])
    assert not re.search(r"\d{4}$", s.replace("ADDRESS", "PO Box 1234", "en")[0])  # a box number is no postcode
    unit = s.replace("ADDRESS", "Suite 902", "en")[0]  # a unit found on its own stays a unit
    assert re.fullmatch(r"Suite \d{3}", unit) and unit != "Suite 902"


def test_parse_date_fields():
    assert parse_date("March 14th, 2021")[0] == {"m": 3, "d": 14, "y": 2021}
    assert parse_date("14-Mar-21")[0] == {"d": 14, "m": 3, "y": 2021}
    assert parse_date("2021年3月")[0] == {"y": 2021, "m": 3}


# --------------------------------------------------------------------------- every date a detector finds

EN_DATES = [
    "Seen on Monday, March 14, 2021 and again on Tues. 3/22 at the clinic.",
    "Admitted 03/14/2021, discharged 3-18-21; follow-up 2021-04-02 and 2021/04/09.",
    "Biopsy on 14-Mar-2021, repeat 26 JAN 2017, then the 14th of March 2021 and 14 March '21.",
    "A stroke in 11/90; last mammogram on 10/99; on therapy since 03/2021.",
    "Symptoms began back in November, worse since Mar 2021 and in March of 2019; seen Sept. 3.",
    "DOB: 12.03.1941. Return on the 3rd for labs. Scheduled for Thursday, December 31st, 2020.",
    "Stable as of 02/01, the week of 03/05; DOS: 7/4. Seen on May 5 and on June 30th.",
    "Surgery on 2/29 went well; admitted 12/31/1999 and discharged 1/2/2000 (SATURDAY).",
    "Collected 2021-03-14T08:30:15Z, resulted 2021-03-15T14:02+01:00; date of service: 4/2.",
    "PMH: s/p CABG 1957, 1971; MI in the 1980s. Thinks it is 1932; diagnosed in the early 1990's.",
]
ZH_DATES = [
    "2021年3月14日入院，3月20日出院，2021-04-02复查，21年3月14日门诊。",
    "二〇二一年三月十四日就诊，三月十四日复查，十月二十日再次入院。",
    "大年初六开始发烧，春节期间加重，国庆节后复诊，元宵节当天住院，圣诞节前出院。",
    "于14日行手术，本月12号复查，9号夜里发热，13日早上抽血。",
    "3.22号就诊，10月25开始咳嗽，7月份做过胃镜，18年8月份手术。",
    "出生：19850312，日期：20210314。",
    "2013/11/2-11.6住院，2016.4.28至5.12治疗，2016.4.28-2016.5.12随访。",
    "16-9-12复查，03/14/2021就诊，2021.03开始服药，2021年3月14日（星期日）复诊。",
]


def _detected_dates() -> list[tuple[str, str, str]]:
    """(value, lang, recognizer) of every DATE span both detectors find in the sentences above
    and in the sample generator's notes, plus the generator's gold DATE spans."""
    from medcorpus.sample_data.generator import generate_notes
    from medcorpus.transforms.deid import phi_en, phi_zh

    found = []
    for lang, detect, sentences in (("en", phi_en.detect, EN_DATES), ("zh", phi_zh.detect, ZH_DATES)):
        notes = generate_notes(lang, 200, 5)
        for text in sentences + [n["text"] for n in notes]:
            found += [(text[s.start:s.end], lang, s.recognizer) for s in detect(text) if s.label == "DATE"]
        found += [(n["text"][s["start"]:s["end"]], lang, "gold") for n in notes for s in n["spans"]
                  if s["label"] == "DATE"]
    return found


def test_every_detected_date_is_shifted_or_masked_never_kept_never_raising():
    dates = _detected_dates()
    for lang in ("en", "zh"):  # the corpus of forms is wide: many rules and many distinct values
        rules = {r for _, lg, r in dates if lg == lang and r != "gold"}
        assert len(rules) >= 4 and len({v for v, lg, _ in dates if lg == lang}) >= 200, (lang, rules)
    s = Surrogates(KEY, "patient:1")
    kinds = {"shift": 0, "mask": 0}
    for offset in (-365, -364, -31, -28, -7, -1, 1, 7, 14, 28, 30, 336, 365, s.date_offset):
        s.date_offset = offset
        for value, lang, rule in dict.fromkeys(dates):
            new, kind = s.replace("DATE", value, lang)
            assert new != value and kind in kinds, (value, rule, offset)
            kinds[kind] += 1
            old = parse_date(value, lang)
            if kind == "shift" and {"y", "m", "d"} <= set(old[0]):  # full dates move by exactly the offset
                a, b = old[0], parse_date(new, lang)[0]
                year = b["y"] + 100 * round((a["y"] - b["y"]) / 100)  # '49 -> '50 reads back a century off
                assert (dt.date(year, b["m"], b["d"]) - dt.date(a["y"], a["m"], a["d"])).days == offset, value
    assert kinds["shift"] > 10 * kinds["mask"] > 0  # holidays are masked; everything else moves
