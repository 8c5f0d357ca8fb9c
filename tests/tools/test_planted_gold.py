"""Planted gold sets: fake PHI in real clinical text (needs ../shared/corpora; skipped cleanly without it)."""

from __future__ import annotations

import csv
import datetime as dt
import difflib
import json
import re
import sys
from collections import Counter

import pytest

import planted_gold as pg  # tools/ is on the path (conftest)
from medcorpus.schemas.phi import PHI_LABELS
from medcorpus.transforms.deid.checksums import id_card_check_digit
from planting.chinese import zh_sources
from planting.edits import Edits, mask_spans
from planting.zh_fake import zh_dates
from planting.zh_leftovers import zh_title_names
from tests.conftest import SHARED_CORPORA

CORPORA = SHARED_CORPORA
MTSAMPLES = CORPORA / "mtsamples_en" / "mtsamples.csv"
HAVE_CORPORA = MTSAMPLES.is_file() and (CORPORA / "chineseblue_zh" / "data" / "CMDD").is_dir()
needs_corpora = pytest.mark.skipif(not HAVE_CORPORA, reason=f"real corpora not found at {CORPORA}")

N, SEED = 300, 7
EN_LABELS = ("NAME", "DATE", "AGE", "PHONE", "FAX", "EMAIL", "SSN", "MRN", "ADDRESS", "CITY", "ZIP", "FACILITY")
ZH_LABELS = ("NAME", "NATIONAL_ID", "PHONE", "MRN", "ADDRESS", "DATE", "FACILITY")


@pytest.fixture(scope="module")
def en():
    return pg.plant_english(MTSAMPLES, N, SEED)


@pytest.fixture(scope="module")
def zh():
    return pg.plant_chinese(CORPORA, N, SEED)


def masked(rec: dict) -> str:
    return mask_spans(rec["text"], [(s["start"], s["end"], s["label"]) for s in rec["spans"]])


# ----------------------------------------------------------------------------------------------- no corpora needed


def test_edits_rebuild_offsets():
    ed = Edits("Seen by Dr. Xyz on 3/4/05.")
    ed.replace(12, 15, [("Okafor", "NAME")])
    ed.replace(19, 25, [("April 2, 2006", "DATE")])
    ed.insert(0, ["MRN: ", ("123456", "MRN"), "\n"])
    text, spans, kept = ed.build()
    assert text == "MRN: 123456\nSeen by Dr. Okafor on April 2, 2006."
    assert [text[s:e] for s, e, *_ in spans] == ["123456", "Okafor", "April 2, 2006"]
    assert [o for *_, o in spans] == ["added", "replaced", "replaced"]
    assert kept == len("Seen by Dr. Xyz on 3/4/05.") - 3 - 6
    assert not ed.replace(13, 14, ["x"])  # overlaps an earlier replacement


def test_check_record_rejects_bad_spans():
    good = {"id": "x", "text": "Ann Lee", "spans": [{"start": 0, "end": 3, "label": "NAME"}]}
    pg.check_record(good)
    for spans in ([{"start": 0, "end": 4, "label": "NAME"}],  # trailing space
                  [{"start": 0, "end": 3, "label": "PERSON"}],  # unknown label
                  [{"start": 4, "end": 7, "label": "NAME"}, {"start": 0, "end": 3, "label": "NAME"}],  # unsorted
                  [{"start": 0, "end": 9, "label": "NAME"}]):  # out of range
        with pytest.raises(ValueError):
            pg.check_record({**good, "spans": spans})


def test_chinese_name_and_date_patterns():
    names = zh_title_names("患者：谢谢马医生\n医生：我是儿科主治医师张姣姣，你好\n患者：那医生，明白医生说的")
    kinds = [k for *_, k in names]
    assert kinds.count("name") == 2  # 马, 张姣姣; 那医生 is "then, doctor"
    dates = [(k, v) for _, _, k, v in zh_dates("2021年3月14日入院，3月16号复查，于2013/11/2-4.16化疗，3月前发病")]
    assert [k for k, _ in dates] == ["full", "month_day", "full", "month_day"]


# ----------------------------------------------------------------------------------------------- planted sets


@needs_corpora
def test_sizes_ids_and_fields(en, zh):
    for recs, lang, prefix in ((en, "en", "planted-en-"), (zh, "zh", "planted-zh-")):
        assert len(recs) == N
        assert [r["id"] for r in recs] == [f"{prefix}{i:06d}" for i in range(1, N + 1)]
        assert {r["lang"] for r in recs} == {lang}
        assert all(r["source"] and r["source_id"] for r in recs)
        assert len({r["source_id"] for r in recs}) == N  # each source text used once
        assert all(len(r["span_origin"]) == len(r["spans"]) for r in recs)
        origins = Counter(o for r in recs for o in r["span_origin"])
        assert set(origins) == {"replaced", "inline", "added"}
        assert origins["replaced"] + origins["inline"] >= 0.15 * sum(origins.values())  # PHI inside real sentences
    assert {r["source"] for r in en} == {"mtsamples_en"}
    assert {r["source"] for r in zh} == {"chineseblue_zh/CMDD", "zh_medical_dialogue/covid_dialogue", "chineseblue_zh/cEHRNER"}


@needs_corpora
def test_deterministic_and_prefix_stable(en, zh):
    assert pg.plant_english(MTSAMPLES, 60, SEED) == en[:60]
    assert pg.plant_chinese(CORPORA, 60, SEED) == zh[:60]
    other = pg.plant_english(MTSAMPLES, 20, SEED + 1)
    assert [r["text"] for r in other] != [r["text"] for r in en[:20]]


@needs_corpora
def test_spans_valid(en, zh):
    for rec in en + zh:
        pg.check_record(rec)
        text = rec["text"]
        prev = 0
        for sp in rec["spans"]:
            assert prev <= sp["start"] < sp["end"] <= len(text)
            assert sp["label"] in PHI_LABELS
            v = text[sp["start"]:sp["end"]]
            assert v and v == v.strip()
            lab = sp["label"]
            if lab in ("PHONE", "FAX", "SSN", "ZIP", "NATIONAL_ID", "LICENSE"):
                assert sum(c.isdigit() for c in v) >= 5, (rec["id"], lab, v)
            if lab == "EMAIL":
                assert re.fullmatch(r"[\w.+-]+@[\w-]+(\.[\w-]+)+", v), v
            if lab == "AGE":
                assert v.isdigit() and int(v) >= 90, v
            if lab == "DATE":
                assert re.search(r"\d|[A-Z][a-z]+|[\u4e00-\u9fff]{2}", v), v
            prev = sp["end"]


@needs_corpora
def test_every_label_planted(en, zh):
    c_en = Counter(s["label"] for r in en for s in r["spans"])
    c_zh = Counter(s["label"] for r in zh for s in r["spans"])
    for lab in EN_LABELS:
        assert c_en[lab] >= 5, (lab, c_en)
    for lab in ZH_LABELS:
        assert c_zh[lab] >= 5, (lab, c_zh)
    # labels show up in many documents, not one
    assert sum(1 for r in en if any(s["label"] == "NAME" for s in r["spans"])) > N // 3
    assert sum(1 for r in zh if any(s["label"] == "DATE" for s in r["spans"])) > N // 4


@needs_corpora
def test_chinese_ids_are_valid(zh):
    n = 0
    for rec in zh:
        for sp in rec["spans"]:
            if sp["label"] == "NATIONAL_ID":
                v = rec["text"][sp["start"]:sp["end"]]
                assert re.fullmatch(r"\d{17}[\dX]", v), v
                assert id_card_check_digit(v[:17]) == v[17]
                dt.date(int(v[6:10]), int(v[10:12]), int(v[12:14]))  # a real birth date
                n += 1
    assert n >= 5


def _source_texts_en() -> dict[str, str]:
    csv.field_size_limit(min(sys.maxsize, 2**31 - 1))
    out = {}
    with open(MTSAMPLES, newline="", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            t = (row["transcription"] or "").strip()
            out.setdefault(str(row["note_id"]), t)
    return out


def _kept_fraction(src: str, text: str) -> float:
    sm = difflib.SequenceMatcher(None, src, text, autojunk=False)
    return sum(b.size for b in sm.get_matching_blocks()) / len(text)


@needs_corpora
def test_planted_text_is_mostly_real_text(en, zh):
    assert all(r["source_fraction"] >= 0.8 for r in en + zh)
    src_en = _source_texts_en()
    for rec in en[::10]:  # an independent check on a sample (character alignment is slow on long notes)
        src = src_en[rec["source_id"]]
        assert _kept_fraction(src, rec["text"]) >= 0.8, rec["id"]
        # the source's own words are still there, in order
        words = re.findall(r"[a-z]{6,}", src)
        assert sum(w in rec["text"] for w in words) >= 0.9 * len(words)
    zh_src = {sid: t for _, sid, t in zh_sources(CORPORA, SEED)}
    for rec in zh[::3]:
        assert _kept_fraction(zh_src[rec["source_id"]], rec["text"]) >= 0.8, rec["id"]


@needs_corpora
def test_no_leftover_titled_names_or_placeholders_in_english(en):
    title = re.compile(r"\b(?:Dr|Drs|Mr|Mrs|Ms|Miss|Mister|Prof|Professor)\b\.?\s+[A-Z]")
    placeholder = re.compile(r"\b(?:XYZ|ABCD?|Xyz|Abcd?|XXX+)\b")
    for rec in en:
        t = masked(rec)
        assert not title.search(t), (rec["id"], title.search(t).group(0))
        assert not placeholder.search(t), (rec["id"], placeholder.search(t).group(0))
        assert not re.search(r"\b\d{1,2}/\d{1,2}/(?:19|20)?\d\d\b", t), rec["id"]  # every full m/d/y date labelled
        assert not re.search(r"\(?\b\d{3}\)?[-. ]\d{3}[-. ]\d{4}\b", t), rec["id"]  # phone-like numbers labelled


@needs_corpora
def test_no_leftover_titled_names_or_dates_in_chinese(zh):
    common = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁宋唐许韩冯邓曹彭曾萧田董袁潘蒋蔡余杜叶程苏魏吕丁沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔汤曲焦"
    titled = re.compile(rf"(?:^|[\n，。！？：、\s]|谢谢|是|找)([{common}])(?:医生|大夫|主任|教授|护士|老师|先生|女士)")
    for rec in zh:
        t = masked(rec)
        assert not titled.search(t), (rec["id"], titled.search(t).group(0))
        assert not re.search(r"\d{4}年\d{1,2}月\d{1,2}[日号]|\d{4}-\d{1,2}-\d{1,2}|\d{1,2}月\d{1,2}[日号]", t), rec["id"]
        assert not re.search(r"1[3-9]\d{9}", t), rec["id"]
        assert "**" not in t, rec["id"]


@needs_corpora
def test_write_planted(tmp_path):
    summary = pg.write_planted(CORPORA, tmp_path, n_en=25, n_zh=25, seed=SEED)
    for name in ("planted_en.jsonl", "planted_zh.jsonl"):
        lines = (tmp_path / name).read_text(encoding="utf-8").splitlines()
        assert len(lines) == 25 == summary[name]["records"]
        recs = [json.loads(x) for x in lines]
        assert sum(len(r["spans"]) for r in recs) == summary[name]["spans"]
        assert Counter(s["label"] for r in recs for s in r["spans"]) == summary[name]["labels"]
    assert summary["seed"] == SEED
