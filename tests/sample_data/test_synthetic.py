"""Tests for medcorpus.sample_data: the sample corpus is also the PHI gold set, so its labels are checked hard."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import time
from collections import Counter
from pathlib import Path

import pytest

from medcorpus.sample_data import MAX_TEXT_CHARS, generate_notes, main, write_sample_corpus
from medcorpus.sample_data.planted import JUNK_TYPES
from medcorpus.schemas.phi import PHI_LABEL_NAMES
from medcorpus.transforms.deid.checksums import luhn_valid

ZH_REQUIRED = {"NAME", "NATIONAL_ID", "PHONE", "MRN", "ADDRESS", "CITY", "DATE", "FACILITY", "EMAIL", "AGE"}
MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
FILES = ("notes_en.jsonl", "notes_zh.jsonl", "dialogues_zh.csv", "malformed.jsonl", "manifest.json")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("corpus")
    write_sample_corpus(out, seed=13, n_en=300, n_zh=200)
    return out


@pytest.fixture(scope="module")
def manifest(corpus) -> dict:
    return json.loads((corpus / "manifest.json").read_text(encoding="utf-8"))


def _read_jsonl(path: Path) -> list[dict]:
    # splitlines() on purpose: U+0085/U+2028 inside mojibake must be escaped, or this breaks records apart
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


@pytest.fixture(scope="module")
def en_records(corpus) -> list[dict]:
    return _read_jsonl(corpus / "notes_en.jsonl")


@pytest.fixture(scope="module")
def zh_records(corpus) -> list[dict]:
    return _read_jsonl(corpus / "notes_zh.jsonl")


@pytest.fixture(scope="module")
def en_notes(en_records) -> list[dict]:
    return [r for r in en_records if r["kind"] == "note"]


@pytest.fixture(scope="module")
def zh_notes(zh_records) -> list[dict]:
    return [r for r in zh_records if r["kind"] == "note"]


def _spans_of(notes, label):
    for rec in notes:
        for sp in rec["spans"]:
            if sp["label"] == label:
                yield rec, rec["text"][sp["start"]:sp["end"]]


def _overlaps(rec, a, b) -> bool:
    return any(sp["start"] < b and a < sp["end"] for sp in rec["spans"])


# ------------------------------------------------------------------------------------------- determinism

def test_same_seed_gives_identical_bytes_and_other_seed_differs(tmp_path):
    a, b, c = tmp_path / "a", tmp_path / "b", tmp_path / "c"
    write_sample_corpus(a, seed=5, n_en=40, n_zh=30)
    write_sample_corpus(b, seed=5, n_en=40, n_zh=30)
    write_sample_corpus(c, seed=6, n_en=40, n_zh=30)
    for name in FILES:
        assert (a / name).read_bytes() == (b / name).read_bytes(), name
    for name in ("notes_en.jsonl", "notes_zh.jsonl", "dialogues_zh.csv"):
        assert (a / name).read_bytes() != (c / name).read_bytes(), name


def test_generate_notes_is_deterministic_and_prefix_stable():
    assert generate_notes("en", 25, 3) == generate_notes("en", 25, 3)
    assert generate_notes("zh", 60, 3)[:20] == generate_notes("zh", 20, 3)
    assert [r["text"] for r in generate_notes("en", 10, 3)] != [r["text"] for r in generate_notes("en", 10, 4)]


def test_record_shape_and_ids():
    for lang in ("en", "zh"):
        recs = generate_notes(lang, 30, 1)
        assert [r["id"] for r in recs] == [f"{lang}-note-{i:06d}" for i in range(30)]
        for r in recs:
            assert set(r) == {"id", "lang", "text", "spans", "kind", "note_type"}
            assert r["lang"] == lang and r["kind"] == "note" and r["note_type"]
    with pytest.raises(ValueError):
        generate_notes("fr", 1, 1)


# ------------------------------------------------------------------------------------------- span validity

def _check_spans(rec):
    text = rec["text"]
    prev_end = 0
    for sp in rec["spans"]:
        a, b = sp["start"], sp["end"]
        assert isinstance(a, int) and isinstance(b, int)
        assert 0 <= a < b <= len(text), (rec["id"], sp)
        value = text[a:b]
        assert value and value == value.strip() and value.strip("\u3000") == value, (rec["id"], value)
        assert sp["label"] in PHI_LABEL_NAMES, sp
        assert a >= prev_end, f"{rec['id']}: spans unsorted or overlapping at {a}"
        prev_end = b


def test_every_span_is_valid(en_records, zh_records):
    for rec in en_records + zh_records:
        _check_spans(rec)


def test_no_unfilled_template_slots(en_records, zh_records):
    for rec in en_records + zh_records:
        if rec["kind"] in ("note", "near_duplicate", "exact_duplicate"):
            assert not re.search(r"\{[a-z_]+(?::[\w-]+)?\}", rec["text"]), rec["id"]


def test_every_label_occurs_in_english(en_notes, manifest):
    labels = {sp["label"] for r in en_notes for sp in r["spans"]}
    assert labels == set(PHI_LABEL_NAMES)
    assert manifest["files"]["notes_en.jsonl"]["gold_labels_missing"] == []


def test_required_labels_occur_in_chinese(zh_notes):
    labels = {sp["label"] for r in zh_notes for sp in r["spans"]}
    assert ZH_REQUIRED <= labels


# ------------------------------------------------------------------------------------------- label content

_PROVINCE_CODES = {11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52, 53,
                   54, 61, 62, 63, 64, 65}


def _id_check(first17: str) -> str:
    weights = [2 ** (17 - i) % 11 for i in range(17)]  # 7, 9, 10, 5, ... derived, not copied
    total = sum(int(ch) * w for ch, w in zip(first17, weights))
    return "10X98765432"[total % 11]


def test_national_ids_pass_gb11643_checksum(zh_notes):
    ids = [v for _, v in _spans_of(zh_notes, "NATIONAL_ID")]
    assert len(ids) >= 10
    for v in ids:
        assert re.fullmatch(r"\d{17}[\dX]", v), v
        assert _id_check(v[:17]) == v[17], v
        assert int(v[:2]) in _PROVINCE_CODES, v
        born = dt.date(int(v[6:10]), int(v[10:12]), int(v[12:14]))  # raises if not a real date
        assert dt.date(1900, 1, 1) < born < dt.date(2010, 1, 1)


def test_national_id_sex_digit_matches_record(zh_notes):
    for rec, v in _spans_of(zh_notes, "NATIONAL_ID"):
        m = re.search(r"性别[：:]\s*([男女])", rec["text"])
        if m:
            assert (int(v[16]) % 2 == 1) == (m.group(1) == "男"), rec["id"]


def test_date_spans_look_like_dates(en_notes, zh_notes):
    for notes in (en_notes, zh_notes):
        values = [v for _, v in _spans_of(notes, "DATE")]
        assert values
        for v in values:
            assert re.search(r"\d", v) or any(m in v.lower() for m in MONTHS), v
            assert not re.fullmatch(r"(19|20)\d\d年?", v), f"a year alone must not be a DATE span: {v}"


def test_date_formats_are_varied(en_notes, zh_notes):
    def shape(v):
        return re.sub(r"[a-z]+", "a", re.sub(r"[A-Z]", "A", re.sub(r"\d", "9", v)))
    assert len({shape(v) for _, v in _spans_of(en_notes, "DATE")}) >= 15
    assert len({shape(v) for _, v in _spans_of(zh_notes, "DATE")}) >= 6
    zh_dates = [v for _, v in _spans_of(zh_notes, "DATE")]
    for pattern in (r"\d{4}年\d{1,2}月\d{1,2}日", r"\d{4}-\d\d-\d\d", r"\d{4}/\d{1,2}/\d{1,2}", r"\d{4}\.\d\d\.\d\d",
                    r"\d{1,2}月\d{1,2}日"):
        assert any(re.fullmatch(pattern, v) for v in zh_dates), pattern


def test_ages_are_90_plus_and_younger_ages_stay_unlabelled(en_notes, zh_notes):
    for notes in (en_notes, zh_notes):
        ages = [v for _, v in _spans_of(notes, "AGE")]
        assert ages
        for v in ages:
            assert int(re.search(r"\d+", v).group()) >= 90, v
    young = 0
    for rec in en_notes:
        for m in re.finditer(r"\b(\d{1,3})[- ](?:year-old|yo|y/o)\b", rec["text"]):
            if int(m.group(1)) < 90:
                assert not _overlaps(rec, m.start(1), m.end(1)), rec["id"]
                young += 1
    assert young >= 50
    for rec in zh_notes:
        for m in re.finditer(r"(\d{1,3})岁", rec["text"]):
            if int(m.group(1)) < 90:
                assert not _overlaps(rec, m.start(1), m.end(1)), rec["id"]


_CLINICAL = re.compile(
    r"\b\d+(?:\.\d+)?\s?(?:mg|mcg|mL|units|mmHg|mmol/L|mg/dL|g/dL|mEq/L|ng/mL|kg|cm|bpm)\b"  # doses, labs, vitals
    r"|\bBP:? \d{2,3}/\d{2,3}\b|\b(?:Na|K|Cr|BUN|WBC|Hgb|Plt|INR|A1c|Glu|HR|RR|EF|SpO2|LDL|TSH) \d+(?:\.\d+)?"
    r"|\b[A-Z]\d\d\.\d{1,4}[A-Z]?\b"  # ICD-10
    r"|(?i:pain) \d{1,2}/10|\d{1,2}/10 in severity|\b[1-6]/6 systolic|strength 5/5"  # pain, murmur grade, strength
)
_CLINICAL_ZH = re.compile(r"(?<![A-Za-z0-9])\d+(?:\.\d+)?(?:mg|g|μg|U|ml|mmHg|mmol/L|μmol/L|g/L|℃|次/分)(?![A-Za-z])")


def test_clinical_numbers_are_never_labelled(en_notes, zh_notes):
    found = 0
    for rec in en_notes + zh_notes:
        for m in (_CLINICAL if rec["lang"] == "en" else _CLINICAL_ZH).finditer(rec["text"]):
            found += 1
            assert not _overlaps(rec, m.start(), m.end()), (rec["id"], m.group())
    assert found > 1000
    for rec in en_notes + zh_notes:
        for sp in rec["spans"]:
            assert not re.search(r"\d\s?(?:mg|mcg|mmHg)\b", rec["text"][sp["start"]:sp["end"]])


def test_years_alone_are_not_labelled(en_notes):
    hits = 0
    for rec in en_notes:
        for m in re.finditer(r"\b(?:in|since|quit in) ((?:19|20)\d\d)\b", rec["text"]):
            hits += 1
            assert not _overlaps(rec, m.start(1), m.end(1)), rec["id"]
    assert hits >= 10


def test_titles_and_credentials_stay_outside_name_spans(en_notes, zh_notes):
    names = [v for _, v in _spans_of(en_notes, "NAME")]
    assert len(names) > 500
    for v in names:
        assert not re.match(r"(?:Dr|Mr|Mrs|Ms|Miss)\.?\s", v), v
        assert not re.search(r",?\s(?:MD|RN|DO|NP|PA-C|M\.D\.)$", v), v
    for rec in en_notes:
        for m in re.finditer(r"\b(?:Dr|Mr|Mrs|Ms)\. ", rec["text"]):
            assert not _overlaps(rec, m.start(), m.end()), rec["id"]
    for v in (v for _, v in _spans_of(zh_notes, "NAME")):
        assert not v.endswith(("先生", "女士", "医生", "主任", "大夫")), v
    # name surface forms the gold set must contain
    assert any(re.fullmatch(r"[A-Z][a-z'\- ]+, [A-Z][a-z\-]+(?: [A-Z])?", v) for v in names)  # Last, First
    assert any(re.fullmatch(r"[A-Z]\. [A-Z][A-Za-z'\- ]+", v) for v in names)  # initial + last
    assert any(re.fullmatch(r"[A-Z]+, [A-Z]+(?: [A-Z])?", v) for v in names)  # LAST, FIRST


def test_phone_and_identifier_formats(en_notes, zh_notes):
    phones = [v for _, v in _spans_of(en_notes, "PHONE")]
    for pattern in (r"\(\d{3}\) \d{3}-\d{4}", r"\d{3}-\d{3}-\d{4}", r"\d{3}\.\d{3}\.\d{4}", r"\+1 \d{3} \d{3} \d{4}"):
        assert any(re.fullmatch(pattern, v) for v in phones), pattern
    assert any(re.search(r"(?:ext\.?|x)\s?\d+$", v, re.I) for v in phones)
    for v in (v for _, v in _spans_of(en_notes, "SSN")):
        assert re.fullmatch(r"\d{3}-?\d{2}-?\d{4}|\d{4}", v), v
    for v in (v for _, v in _spans_of(en_notes, "EMAIL")):
        assert re.fullmatch(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", v), v
    for v in (v for _, v in _spans_of(en_notes, "IP_ADDRESS")):
        assert re.fullmatch(r"(?:\d{1,3}\.){3}\d{1,3}", v) or ":" in v, v
    ips = [v for _, v in _spans_of(en_notes, "IP_ADDRESS")]
    assert any(":" in v for v in ips) and any("." in v for v in ips)
    for v in (v for _, v in _spans_of(en_notes, "URL")):
        assert re.match(r"https?://|www\.", v), v
    for v in (v for _, v in _spans_of(en_notes, "ZIP")):
        assert re.fullmatch(r"\d{5}(?:-\d{4})?", v), v
    zips = [v for _, v in _spans_of(en_notes, "ZIP")]
    assert any(len(v) == 5 for v in zips) and any(len(v) == 10 for v in zips)
    zh_phones = [v for _, v in _spans_of(zh_notes, "PHONE")]
    mobile = re.compile(r"(?:\+86[ -]?)?1[3-9]\d[ -]?\d{4}[ -]?\d{4}")
    landline = re.compile(r"(?:0\d{2,3}[- ]?|[(（]0\d{2,3}[)）])\d{3,4} ?\d{4}(?:转\d+)?")
    for v in zh_phones:
        assert mobile.fullmatch(v) or landline.fullmatch(v), v
    assert any(mobile.fullmatch(v) for v in zh_phones) and any(landline.fullmatch(v) for v in zh_phones)


def test_vins_dea_and_npi_are_well_formed(en_notes):
    vin_vals = dict(zip("0123456789ABCDEFGHJKLMNPRSTUVWXYZ", list(range(10)) + [1, 2, 3, 4, 5, 6, 7, 8, 1, 2, 3, 4, 5,
                                                                                7, 9, 2, 3, 4, 5, 6, 7, 8, 9]))
    weights = [8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2]
    vins = [v for _, v in _spans_of(en_notes, "VEHICLE") if len(v) == 17]
    for v in vins:
        check = sum(vin_vals[c] * w for c, w in zip(v, weights)) % 11
        assert v[8] == ("X" if check == 10 else str(check)), v
    deas = npis = 0
    for rec in en_notes:
        for sp in rec["spans"]:
            if sp["label"] != "LICENSE":
                continue
            v, before = rec["text"][sp["start"]:sp["end"]], rec["text"][max(0, sp["start"] - 8):sp["start"]]
            if "DEA" in before:
                deas += 1
                assert re.fullmatch(r"[A-Z]{2}\d{7}", v), v
                d = [int(x) for x in v[2:]]
                assert (d[0] + d[2] + d[4] + 2 * (d[1] + d[3] + d[5])) % 10 == d[6], v
            elif "NPI" in before:
                npis += 1
                assert re.fullmatch(r"[12]\d{9}", v), v
                assert luhn_valid("80840" + v), v  # NPI check digit: Luhn over the prefix 80840 and the ten digits
    assert deas and npis


def test_us_address_split(en_notes):
    found = 0
    for rec in en_notes:
        spans = rec["spans"]
        for a, b in zip(spans, spans[1:]):
            if a["label"] == "CITY" and b["label"] == "ZIP":
                between = rec["text"][a["end"]:b["start"]]
                assert re.fullmatch(r",? ?[A-Z]{2} ", between), repr(between)  # state stays unlabelled
                found += 1
    assert found >= 20


def test_chinese_record_numbers_and_addresses(zh_notes):
    for rec in zh_notes:
        for m in re.finditer(r"(住院号|病案号|门诊号|检查号|影像号|床号)[：:]", rec["text"]):
            nxt = [sp for sp in rec["spans"] if sp["start"] == m.end()]
            assert nxt and nxt[0]["label"] == "MRN", (rec["id"], m.group())
    addrs = [v for _, v in _spans_of(zh_notes, "ADDRESS")]
    assert any(re.search(r"[省市].*[区县].*[路街].*号", v) for v in addrs)
    assert any("室" in v for v in addrs) and any("村" in v for v in addrs)
    facs = [v for _, v in _spans_of(zh_notes, "FACILITY")]
    assert any(re.search(r"市第.人民医院$", v) for v in facs) and any("附属" in v for v in facs)


def test_precision_distractors_exist(en_notes):
    """The gold set must contain unlabelled look-alikes, or precision is meaningless."""
    text = "\n".join(r["text"] for r in en_notes)
    for pattern in (r"\bBP \d{2,3}/\d{2,3}", r"(?i:pain) \d/10", r"\d/6 systolic", r"\b\d+ mg\b", r"\bNa \d{3}",
                    r"\b[A-Z]\d\d\.\d", r"Murphy sign",
                    r"\b(?:19|20)\d\d\b", r"\b\d{2}:\d{2}\b", r"\bs/p\b", r"\bc/o\b", r"\bPRN\b", r"[bqt]\.i\.d\."):
        assert re.search(pattern, text), pattern


# ------------------------------------------------------------------------------------------- planted records

def test_planted_duplicates(en_records, zh_records):
    for records, n in ((en_records, 300), (zh_records, 200)):
        by_id = {r["id"]: r for r in records}
        assert len(by_id) == len(records), "ids must be unique within a file"
        position = {r["id"]: i for i, r in enumerate(records)}
        exact = [r for r in records if r["kind"] == "exact_duplicate"]
        near = [r for r in records if r["kind"] == "near_duplicate"]
        assert abs(len(exact) - 0.05 * n) <= 1 and abs(len(near) - 0.05 * n) <= 1
        for r in exact:
            src = by_id[r["duplicate_of"]]
            assert position[src["id"]] < position[r["id"]] and src["kind"] == "note"
            assert r["text"] == src["text"] and r["spans"] == src["spans"] and r["id"] != src["id"]
        for r in near:
            src = by_id[r["duplicate_of"]]
            assert src["kind"] == "note" and r["text"] != src["text"]
            a, b = set(src["text"].split()), set(r["text"].split())
            if r["lang"] == "zh":  # no spaces in Chinese: compare character bigrams
                a = {src["text"][i:i + 2] for i in range(len(src["text"]) - 1)}
                b = {r["text"][i:i + 2] for i in range(len(r["text"]) - 1)}
            assert len(a & b) / len(a | b) >= 0.7, r["id"]
            assert 0 < r["edit_fraction"] < 0.3
            # every PHI value of the source survives the edit with a correct span
            assert sorted(r["text"][s["start"]:s["end"]] for s in r["spans"]) == sorted(
                src["text"][s["start"]:s["end"]] for s in src["spans"])


def test_junk_and_foreign(en_records, zh_records):
    for records, n in ((en_records, 300), (zh_records, 200)):
        junk = [r for r in records if r["kind"] == "junk"]
        foreign = [r for r in records if r["kind"] == "foreign"]
        assert abs(len(junk) - 0.04 * n) <= 1 and abs(len(foreign) - 0.03 * n) <= 1
        assert {r["junk_type"] for r in junk} == set(JUNK_TYPES)
        assert {r["lang"] for r in foreign} == {"de", "fr", "es", "ru", "ja"}
        for r in junk + foreign:
            assert r["spans"] == [] and r["text"].strip()
    moji = [r for r in en_records if r.get("junk_type") == "mojibake"]
    assert all(re.search("[ÃÂâ]", r["text"]) for r in moji)


def test_manifest_counts_match_files(corpus, manifest, en_records, zh_records):
    for name, records in (("notes_en.jsonl", en_records), ("notes_zh.jsonl", zh_records)):
        info = manifest["files"][name]
        assert info["records"] == len(records)
        assert info["by_kind"] == dict(Counter(r["kind"] for r in records))
        spans = Counter(sp["label"] for r in records if r["kind"] == "note" for sp in r["spans"])
        assert info["gold_span_counts"] == dict(spans)
    assert manifest["by_kind"]["note"] == 500


# ------------------------------------------------------------------------------------------- CSV and malformed

def test_dialogues_csv_is_gb18030(corpus, manifest):
    raw = (corpus / "dialogues_zh.csv").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    rows = list(csv.reader(io.StringIO(raw.decode("gb18030"), newline="")))
    assert rows[0] == ["department", "title", "ask", "answer"]
    body = rows[1:]
    assert len(body) == manifest["files"]["dialogues_zh.csv"]["rows"] >= 50
    assert all(len(row) == 4 and all(cell.strip() for cell in row) for row in body)
    cells = [cell for row in body for cell in row]
    assert any("\n" in c for c in cells) and any("," in c for c in cells)
    assert any(re.search(r"[\u4e00-\u9fff]", c) for c in cells)


def _valid_record_line(line: bytes) -> bool:
    try:
        obj = json.loads(line.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        return False
    return (isinstance(obj, dict) and isinstance(obj.get("text"), str) and obj["text"].strip() != ""
            and len(obj["text"]) <= MAX_TEXT_CHARS)


def test_malformed_lines(corpus, manifest):
    info = manifest["files"]["malformed.jsonl"]
    lines = (corpus / "malformed.jsonl").read_bytes().split(b"\n")
    assert lines[-1] == b""
    lines = lines[:-1]
    assert len(lines) == info["lines"] == info["valid"] + info["bad"]
    verdicts = [_valid_record_line(line) for line in lines]
    assert sum(verdicts) == info["valid"] == 3
    assert [k == "valid" for k in info["line_kinds"]] == verdicts
    assert set(info["bad_by_kind"]) == {"invalid_json", "not_object", "missing_text", "text_not_string", "empty_text",
                                         "whitespace_text", "invalid_utf8", "text_too_long"}
    assert sum(info["bad_by_kind"].values()) == info["bad"]
    too_long = lines[info["line_kinds"].index("text_too_long")]
    assert len(json.loads(too_long)["text"]) > 200_000
    with pytest.raises(UnicodeDecodeError):
        lines[info["line_kinds"].index("invalid_utf8")].decode("utf-8")
    for line, ok in zip(lines, verdicts):
        if ok:
            rec = json.loads(line)
            _check_spans(rec)
            assert rec["id"] in info["valid_ids"]


# ------------------------------------------------------------------------------------------- variety, speed, CLI

_HEADER = re.compile(r"^\s*(?:[-=*#]+\s*)?([A-Za-z][A-Za-z/&'() .-]{0,40}?)\s*(?:[-=*#]+)?\s*:")


def _structure(text: str) -> tuple[str, ...]:
    """The note's skeleton: its section headers / field labels in order, digits masked."""
    out = []
    for line in text.split("\n"):
        m = _HEADER.match(line)
        if m and len(m.group(1).split()) <= 5:
            out.append(m.group(1).strip())
            continue
        letters = [ch for ch in line if ch.isalpha()]
        if len(letters) >= 3 and all(ch.isupper() for ch in letters):
            out.append(re.sub(r"\d", "9", line.strip()))
        elif re.fullmatch(r"---\s.+\s---", line.strip()):
            out.append(line.strip())
    return tuple(out)


def test_notes_are_not_one_template(en_notes, zh_notes):
    assert len({_structure(r["text"]) for r in en_notes}) >= 250
    assert len({r["note_type"] for r in en_notes}) >= 10
    assert {"admission_record", "discharge_summary", "outpatient_record", "progress_record", "dialogue"} <= {
        r["note_type"] for r in zh_notes}
    # PHI shows up in many surface contexts: the 3 words before a NAME span vary widely
    contexts = Counter()
    for rec in en_notes:
        for sp in rec["spans"]:
            if sp["label"] == "NAME":
                contexts[" ".join(rec["text"][max(0, sp["start"] - 25):sp["start"]].split()[-2:])] += 1
    assert len(contexts) >= 150


def test_chinese_dialogue_shape(zh_notes):
    dialogues = [r for r in zh_notes if r["note_type"] == "dialogue"]
    assert dialogues
    for r in dialogues:
        speakers = re.findall(r"^(?:【)?(医生|大夫|患者|病人|家属)", r["text"], re.M)
        assert len(speakers) >= 6 and {"患者", "病人"} & set(speakers)


def test_generation_speed():
    start = time.perf_counter()
    generate_notes("en", 300, 99)
    generate_notes("zh", 200, 99)
    assert time.perf_counter() - start < 2.0


def test_cli_writes_corpus_and_says_so_in_one_line(tmp_path, capsys):
    assert main(["--out", str(tmp_path / "cli"), "--seed", "2", "--n-en", "20", "--n-zh", "10"]) == 0
    printed = capsys.readouterr().out
    assert printed.count("\n") == 1 and str(tmp_path / "cli") in printed and "manifest.json" in printed
    manifest = json.loads((tmp_path / "cli" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["files"]["notes_en.jsonl"]["by_kind"]["note"] == 20
    assert {p.name for p in (tmp_path / "cli").iterdir()} == set(FILES)
