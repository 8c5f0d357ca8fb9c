"""Scoring a PHI detector against gold: hand-built cases with known answers."""

from __future__ import annotations

import json
import math
import re

import pytest

from medcorpus.reports.deid_eval import evaluate, format_summary, format_table, tokenize, wilson
from medcorpus.schemas.phi import PhiSpan


def doc(id_, text, *spans, lang=None):
    rec = {"id": id_, "text": text, "spans": [{"start": s, "end": e, "label": lab} for s, e, lab in spans]}
    if lang:
        rec["lang"] = lang
    return rec


def P(s, e, lab="NAME"):
    return PhiSpan(s, e, lab, "test", 1.0)


# ----------------------------------------------------------------------------------------------- wilson


@pytest.mark.parametrize("k,n,lo,hi", [
    (95, 100, 0.8883, 0.9785),
    (50, 100, 0.4038, 0.5962),
    (0, 10, 0.0, 0.2775),
    (10, 10, 0.7225, 1.0),
    (1, 1, 0.2065, 1.0),
    (0, 1, 0.0, 0.7935),
])
def test_wilson_known_values(k, n, lo, hi):
    a, b = wilson(k, n)
    assert a == pytest.approx(lo, abs=1e-4)
    assert b == pytest.approx(hi, abs=1e-4)


def test_wilson_edges():
    assert wilson(0, 5)[0] == 0.0
    assert wilson(5, 5)[1] == 1.0
    lo, hi = wilson(30, 40, z=2.576)  # 99% is wider than 95%
    lo95, hi95 = wilson(30, 40)
    assert lo < lo95 < 0.75 < hi95 < hi
    for bad in ((1, 0), (-1, 5), (6, 5)):
        with pytest.raises(ValueError):
            wilson(*bad)


# ----------------------------------------------------------------------------------------------- span level


def test_perfect_and_partial_overlap():
    gold = [doc("a", "Seen by John Smith on 3/14/2021.", (8, 18, "NAME"), (22, 31, "DATE"))]
    res = evaluate(gold, {"a": [P(13, 20, "NAME"), P(22, 31, "DATE")]})  # partial overlap with the name
    o = res["span"]["overall"]
    assert (o["gold"], o["tp"], o["fn"], o["predicted"], o["correct"], o["fp"]) == (2, 2, 0, 2, 2, 0)
    assert o["recall"] == 1.0 and o["precision"] == 1.0 and o["f1"] == 1.0
    assert o["recall_ci"] == pytest.approx(list(wilson(2, 2)))
    assert res["false_positives"]["total"] == 0
    # "John" survives: found by any-overlap, but leaked
    assert res["leak"]["overall"]["recall"] == 0.5
    assert (res["misses"]["total"], res["misses"]["no_overlap"], res["misses"]["partial"]) == (1, 0, 1)


def test_one_prediction_overlapping_two_gold_spans_with_wrong_label():
    text = "Dr. Ann Lee and Bob Ray came"
    gold = [doc("a", text, (4, 11, "NAME"), (16, 23, "NAME"))]
    res = evaluate(gold, {"a": [P(8, 19, "DATE")]})
    o = res["span"]["overall"]
    assert (o["tp"], o["gold"], o["correct"], o["predicted"]) == (2, 2, 1, 1)  # removal is what counts
    lm = res["span"]["label_match"]
    assert (lm["tp"], lm["correct"]) == (0, 0)
    assert lm["recall"] == 0.0 and lm["precision"] == 0.0
    assert res["confusion"] == {"NAME": {"DATE": 2}}
    pl = res["span"]["per_label"]
    assert pl["NAME"]["recall"] == 1.0 and pl["NAME"]["label_match_recall"] == 0.0
    assert pl["NAME"]["predicted"] == 0 and pl["NAME"]["precision"] is None  # no NAME predictions at all
    assert pl["DATE"]["gold"] == 0 and pl["DATE"]["recall"] is None and pl["DATE"]["recall_ci"] is None
    assert pl["DATE"]["precision"] == 1.0


def test_gold_span_with_two_predictions():
    gold = [doc("a", "Address: 12 Main Street, Springfield", (9, 23, "ADDRESS"))]
    res = evaluate(gold, {"a": [P(9, 11, "ADDRESS"), P(12, 23, "ADDRESS")]})
    o = res["span"]["overall"]
    assert (o["gold"], o["tp"], o["predicted"], o["correct"]) == (1, 1, 2, 2)


def test_touching_is_not_overlapping():
    gold = [doc("a", "abcdefghij", (2, 5, "NAME"))]
    res = evaluate(gold, {"a": [P(5, 8), P(0, 2)]})
    assert res["span"]["overall"]["tp"] == 0
    assert res["false_positives"]["total"] == 2


def test_missing_ids_empty_docs_and_unknown_ids():
    gold = [
        doc("a", "Call 555-123-4567 now", (5, 17, "PHONE")),
        doc("b", "MRN 123456 and DOB 1/2/1950", (4, 10, "MRN"), (19, 27, "DATE")),
        doc("c", ""),
        doc("d", "No PHI here at all."),
    ]
    res = evaluate(gold, {"a": [P(5, 17, "PHONE")], "zzz": [P(0, 1)]})
    assert res["n_docs"] == 4
    assert res["n_gold_spans"] == 3
    assert res["n_docs_without_predictions"] == 3
    assert res["n_predicted_ids_not_in_gold"] == 1
    o = res["span"]["overall"]
    assert (o["tp"], o["fn"], o["gold"]) == (1, 2, 3)
    assert o["recall"] == pytest.approx(1 / 3)
    assert {m["id"] for m in res["misses"]["items"]} == {"b"}
    assert res["span"]["per_label"]["MRN"]["recall"] == 0.0
    json.dumps(res)  # JSON-serialisable


def test_no_gold_at_all_gives_null_recall():
    res = evaluate([doc("a", "nothing to see")], {"a": [{"start": 0, "end": 7, "label": "NAME"}]})
    o = res["span"]["overall"]
    assert o["recall"] is None and o["recall_ci"] is None and o["f1"] is None
    assert o["precision"] == 0.0 and o["precision_ci"][0] == 0.0
    res = evaluate([doc("a", "nothing to see")], {})
    o = res["span"]["overall"]
    assert o["recall"] is None and o["precision"] is None
    assert res["token"]["overall"]["recall"] is None
    assert "-" in format_table(res)


def test_duplicate_empty_and_out_of_range_predictions():
    gold = [doc("a", "Jane Roe", (0, 8, "NAME"))]
    preds = [P(0, 8), P(0, 8), {"start": 3, "end": 3, "label": "NAME"}, (4, 99, "NAME")]
    res = evaluate(gold, {"a": preds})
    assert res["n_duplicate_predicted_spans"] == 1
    assert res["n_empty_predicted_spans"] == 1
    assert res["n_predicted_spans"] == 2
    assert res["span"]["overall"]["correct"] == 2
    assert res["token"]["overall"]["predicted_tokens"] == 2  # clipped to the text


def test_bad_gold_is_rejected():
    with pytest.raises(ValueError):
        evaluate([doc("a", "short", (2, 9, "NAME"))], {})
    with pytest.raises(ValueError):
        evaluate([doc("a", "x"), doc("a", "y")], {})


# ----------------------------------------------------------------------------------------------- leaks


def test_value_fully_covered_by_several_predictions_is_removed():
    text = "Seen by John O'Neil today."
    gold = [doc("a", text, (8, 19, "NAME"))]
    # "John", "O" and "Neil" replaced; the space and the apostrophe between them are not letters or digits
    res = evaluate(gold, {"a": [P(8, 12), P(13, 14), P(15, 19)]})
    lk = res["leak"]["overall"]
    assert (lk["scored"], lk["removed"], lk["leaked"], lk["partial"]) == (1, 1, 0, 0)
    assert lk["recall"] == 1.0 and res["misses"]["total"] == 0


def test_partly_replaced_value_leaks_although_any_overlap_found_it():
    text = "Seen by John Smith today."
    gold = [doc("a", text, (8, 18, "NAME"))]
    res = evaluate(gold, {"a": [P(8, 12)]})  # only "John"
    assert res["span"]["overall"]["recall"] == 1.0
    lk = res["leak"]["overall"]
    assert (lk["scored"], lk["removed"], lk["leaked"], lk["partial"]) == (1, 0, 1, 1)
    assert lk["recall"] == 0.0 and lk["recall_ci"] == pytest.approx(list(wilson(0, 1)))
    m = res["misses"]
    assert (m["total"], m["no_overlap"], m["partial"]) == (1, 0, 1)
    assert m["items"][0]["kind"] == "partial" and m["items"][0]["survived"] == "\u2026 Smith"
    # one character left is a leak as well
    res = evaluate(gold, {"a": [P(8, 17)]})
    assert res["leak"]["overall"]["removed"] == 0 and res["misses"]["items"][0]["survived"] == "\u2026h"


def test_partly_replaced_chinese_name_leaks():
    text = "患者张三丰住院"
    res = evaluate([doc("z", text, (2, 5, "NAME"), lang="zh")], {"z": [P(2, 4)]})
    assert res["by_lang"]["zh"]["leak"]["overall"]["removed"] == 0
    assert res["misses"]["items"][0]["survived"] == "\u2026丰"


def test_one_character_spans_are_not_leak_scored():
    text = "J. Smith and K saw Ann"
    gold = [doc("a", text, (0, 1, "NAME"), (13, 14, "NAME"), (19, 22, "NAME"), lang="en")]
    res = evaluate(gold, {"a": [P(0, 1), P(19, 22)]})
    leak = res["leak"]
    assert leak["n_skipped_short"] == 2 and leak["min_chars"] == 2
    assert (leak["overall"]["scored"], leak["overall"]["removed"]) == (1, 1)
    assert res["span"]["overall"]["gold"] == 3 and res["span"]["overall"]["tp"] == 2  # any-overlap still counts them
    assert [(m["text"], m["kind"]) for m in res["misses"]["items"]] == [("K", "missed")]
    assert "2 gold spans under 2 chars not scored" in format_summary(res)
    res = evaluate(gold, {"a": [P(0, 1), P(19, 22)]}, min_leak_chars=1)
    assert res["leak"]["n_skipped_short"] == 0 and res["leak"]["overall"]["scored"] == 3


def test_leak_recall_per_category_with_wilson_intervals():
    names = [doc(f"n{i}", "Pt Ann Lee here", (3, 10, "NAME")) for i in range(4)]
    dates = [doc(f"d{i}", "on 3/14/2021 ok", (3, 12, "DATE")) for i in range(2)]
    pred = {"n0": [P(3, 10)], "n1": [P(3, 10)], "n2": [P(0, 12)], "n3": [P(3, 6)],  # n3 leaks "Lee"
            "d0": [P(3, 5, "DATE")]}  # d0 leaks "14/2021", d1 untouched
    res = evaluate(names + dates, pred)
    pl = res["leak"]["per_label"]
    assert (pl["NAME"]["scored"], pl["NAME"]["removed"]) == (4, 3)
    assert pl["NAME"]["recall"] == 0.75 and pl["NAME"]["recall_ci"] == pytest.approx(list(wilson(3, 4)))
    assert (pl["DATE"]["removed"], pl["DATE"]["partial"]) == (0, 1)
    assert pl["DATE"]["recall_ci"] == pytest.approx(list(wilson(0, 2)))
    o = res["leak"]["overall"]
    assert o["recall"] == pytest.approx(0.5) and o["recall_ci"] == pytest.approx(list(wilson(3, 6)))
    assert res["span"]["per_label"]["DATE"]["recall"] == 0.5  # any-overlap: d0 counts as found


def test_summary_leads_with_leak_recall_per_language():
    gold = [doc("e", "Tom Hanks", (0, 9, "NAME"), lang="en"), doc("z", "王小明来了", (0, 3, "NAME"), lang="zh")]
    res = evaluate(gold, {"e": [P(0, 9)], "z": [P(0, 2)]})
    lines = format_summary(res).splitlines()
    assert [line[:4] for line in lines] == ["[en]", "[zh]", "[all"]
    assert re.match(r"\[en\] leak recall 1\.000 \[0\.\d{3}-1\.000\] .* \| any-overlap R 1\.000 P 1\.000 \| token R ",
                    lines[0])
    assert lines[1].startswith("[zh] leak recall 0.000 [")
    assert format_table(res).splitlines()[0] == lines[0]
    single = evaluate([gold[0]], {"e": [P(0, 9)]})
    assert [line[:4] for line in format_summary(single).splitlines()] == ["[en]"]


# ----------------------------------------------------------------------------------------------- tokens


def test_tokenize_latin_and_cjk():
    text = "Mr. O'Neil, MRN#A12-345; 患者张三住院"
    toks = [text[s:e] for s, e in tokenize(text)]
    assert toks == ["Mr", "O", "Neil", "MRN", "A12", "345", "患", "者", "张", "三", "住", "院"]


def test_token_scores_cjk():
    text = "患者张三丰住院，电话13812345678。"
    gold = [doc("z", text, (2, 5, "NAME"), (10, 21, "PHONE"), lang="zh")]
    res = evaluate(gold, {"z": [P(3, 4, "NAME"), P(5, 7, "DATE")]})  # finds 三, and 住院 (not PHI)
    t = res["token"]["overall"]
    # tokens: 患 者 张 三 丰 住 院 电 话 13812345678 -> PHI tokens 张 三 丰 + the number = 4
    assert res["token"]["n_tokens"] == 10
    assert (t["gold_tokens"], t["tp"], t["predicted_tokens"], t["correct"]) == (4, 1, 3, 1)
    assert t["recall"] == pytest.approx(0.25) and t["precision"] == pytest.approx(1 / 3)
    assert t["f1"] == pytest.approx(2 * 0.25 * (1 / 3) / (0.25 + 1 / 3))
    pl = res["token"]["per_label"]
    assert pl["NAME"]["gold_tokens"] == 3 and pl["NAME"]["tp"] == 1
    assert pl["PHONE"]["recall"] == 0.0 and pl["PHONE"]["precision"] is None
    assert pl["DATE"]["gold_tokens"] == 0 and pl["DATE"]["recall"] is None and pl["DATE"]["precision"] == 0.0
    assert res["by_lang"]["zh"]["token"]["overall"]["gold_tokens"] == 4


def test_token_partial_cover_counts_whole_token():
    text = "DOB 03/14/1961"
    res = evaluate([doc("a", text, (4, 14, "DATE"))], {"a": [P(4, 6, "DATE")]})
    t = res["token"]["overall"]
    assert (t["gold_tokens"], t["tp"]) == (3, 1)  # 03 14 1961


# ----------------------------------------------------------------------------------------------- reports


def test_misses_and_false_positive_context_marking():
    text = "Patient John Smith was seen today by the team."
    gold = [doc("a", text, (8, 18, "NAME"))]
    res = evaluate(gold, {"a": [P(41, 45, "NAME")]}, context_chars=6)
    miss = res["misses"]["items"][0]
    assert miss == {"id": "a", "label": "NAME", "start": 8, "end": 18, "text": "John Smith", "kind": "missed",
                    "context": "...tient \u27e6John Smith\u27e7 was s..."}
    fp = res["false_positives"]["items"][0]
    assert fp["text"] == "team" and fp["context"] == "...y the \u27e6team\u27e7."
    # spans at the text ends: no ellipsis on that side, line breaks shown
    res = evaluate([doc("b", "Ann\nwas here", (0, 3, "NAME"))], {}, context_chars=40)
    assert res["misses"]["items"][0]["context"] == "\u27e6Ann\u27e7\u23cewas here"


def test_misses_are_capped_but_counted():
    gold = [doc(f"d{i}", "Bob", (0, 3, "NAME")) for i in range(12)]
    res = evaluate(gold, {}, max_examples=5)
    assert res["misses"]["total"] == 12 and res["misses"]["shown"] == 5 and len(res["misses"]["items"]) == 5


def test_by_lang_and_table():
    gold = [doc("e", "Tom Hanks", (0, 9, "NAME"), lang="en"), doc("z", "王小明", (0, 3, "NAME"), lang="zh"),
            doc("x", "Ann", (0, 3, "NAME"))]
    res = evaluate(gold, {"e": [P(0, 3)]})
    assert set(res["by_lang"]) == {"en", "zh"}
    assert res["by_lang"]["en"]["span"]["overall"]["recall"] == 1.0
    assert res["by_lang"]["zh"]["span"]["overall"]["recall"] == 0.0
    assert res["by_lang"]["zh"]["n_docs"] == 1
    assert res["span"]["overall"]["gold"] == 3  # the record without lang still counts overall
    table = format_table(res)
    assert "NAME" in table and "ALL" in table and "[en]" in table and "[zh]" in table
    assert "33.3%" in table  # 1 of 3 found
    assert not math.isnan(res["span"]["overall"]["recall"])
