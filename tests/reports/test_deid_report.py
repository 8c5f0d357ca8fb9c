"""The compliance report: self-contained HTML that renders in a real headless Chromium."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from medcorpus.reports.deid_eval import evaluate
from medcorpus.reports.deid_report import (
    PARTIAL, SIGN_OFF_DECISIONS, build_report, record_sign_off, render_html, residual_scan, summarise, write_report,
)
from medcorpus.transforms.deid.stage import DeidConfig, Deidentifier
from medcorpus.pipelines.cli import main
from tests.browser import chromium_dom

TEXT = "Seen by Dr. [NAME] on [DATE] at [FACILITY]. Call [PHONE]."
SPANS = [("NAME", 12, 18, "en.name.title", 0.95), ("DATE", 22, 28, "en.date", 0.9),
         ("FACILITY", 32, 42, "en.facility", 0.72), ("PHONE", 49, 56, "en.phone", 0.99)]


def report():
    docs = [{"doc_id": f"d{i}", "lang": "en", "text": TEXT,
             "deid": {"spans": [{"start": s, "end": e, "label": lab, "recognizer": r, "score": sc,
                                 "replacement": "mask"} for lab, s, e, r, sc in SPANS]}} for i in range(12)]
    gold = [{"id": "g1", "lang": "en", "text": "Dr. Smith saw Jane on 3/4.",
             "spans": [{"start": 4, "end": 9, "label": "NAME"}, {"start": 14, "end": 18, "label": "NAME"},
                       {"start": 22, "end": 25, "label": "DATE"}]}]
    evaluation = evaluate(gold, {"g1": [{"start": 4, "end": 9, "label": "NAME"}, {"start": 22, "end": 25,
                                                                              "label": "DATE"}]})
    summary = summarise(docs, residual={"d3": [{"start": 0, "end": 4, "label": "NAME", "recognizer": "x"}]})
    return build_report(summary, config={"mode": "mask", "score_threshold": 0.5},
                        dataset={"name": "demo", "version": 0, "run_id": "r1"}, evaluation=evaluation,
                        provenance={"code_version": "0.1.0+gabc123", "config_sha256": "f" * 64})


def test_summary_counts_and_categories():
    s = report()["summary"]
    assert s["documents"] == 12 and s["spans"] == 48 and s["documents_with_phi"] == 12
    assert s["by_hipaa_category"]["(A) Names"] == 12
    assert s["by_hipaa_category"]["(B) Geographic subdivisions"] == 12  # FACILITY
    assert s["residual"]["spans"] == 1 and s["residual"]["documents"] == ["d3"]
    assert s["score_histogram"]["by_label"]["FACILITY"][7] == 12
    sample = s["samples"]["NAME"][0]
    assert sample["replacement"] == "[NAME]" and sample["left"].endswith("Dr. ")


def test_html_is_self_contained():
    page = render_html(report())
    assert "<script" not in page and "<link" not in page and "@import" not in page
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", page)
    assert page.count("<svg") >= 3 and "Evaluation against the gold set" in page
    assert "Jane" in page  # the gold set's miss is listed with its context (gold PHI is fake)


def test_renders_in_headless_chromium(tmp_path):
    _, html_path = write_report(report(), str(tmp_path))
    shot = tmp_path / "report.png"
    dom = chromium_dom(Path(html_path), shot, height=1600)
    assert "De-identification compliance report" in dom and dom.count("<svg") >= 3
    assert "<td" in dom and "residual" in dom.lower() and '<nav class="toc">' in dom
    assert shot.stat().st_size > 20_000  # a rendered page, not a blank one


def test_contents_list_links_every_section_and_gold_evaluation_comes_first():
    page = render_html(report())
    targets = re.findall(r'<a href="#([^"]+)">', page)
    assert len(targets) >= 10 and set(targets) <= set(re.findall(r'<h2 id="([^"]+)">', page))
    assert targets[:2] == ["summary", "evaluation-against-the-gold-set"] and targets[-1] == "sign-off"
    # leak recall leads the evaluation: 2 of the 3 gold values removed ("Jane" is missed)
    evaluation = page.index('id="evaluation-against-the-gold-set"')
    hipaa = page.index('<h2 id="spans-by-hipaa')
    assert evaluation < page.index("Leak recall 0.667") < page.index("Span detection") < hipaa


def test_provenance_and_empty_sign_off_in_json_and_html():
    r = report()
    assert r["provenance"]["code_version"] == "0.1.0+gabc123" and r["provenance"]["config_sha256"] == "f" * 64
    assert len(r["provenance"]["deid_config_sha256"]) == 64
    assert r["sign_off"] == {"reviewer": None, "date": None, "decision": None, "notes": None}
    page = render_html(r)
    assert "0.1.0+gabc123" in page and "f" * 64 in page
    form = page[page.index('<form class="signoff">'):page.index("</form>")]
    assert re.findall(r'type="radio" name="decision" value="([^"]+)"', form) == list(SIGN_OFF_DECISIONS)
    assert 'id="reviewer"' in form and 'type="date"' in form and "<textarea" in form


def test_record_sign_off_stores_the_decision_and_rerenders(tmp_path):
    json_path, html_path = write_report(report(), str(tmp_path))
    with pytest.raises(ValueError, match="decision must be one of"):
        record_sign_off(json_path, reviewer="A. Reviewer", decision="fine")
    record_sign_off(json_path, reviewer="A. Reviewer", decision="approve with conditions",
                    notes="re-run after the lexicon update", date="2026-12-06")
    stored = json.loads(Path(json_path).read_text(encoding="utf-8"))
    assert stored["sign_off"] == {"reviewer": "A. Reviewer", "decision": "approve with conditions",
                                  "notes": "re-run after the lexicon update", "date": "2026-12-06"}
    assert stored["summary"] == report()["summary"]  # the rest of the report is untouched
    page = Path(html_path).read_text(encoding="utf-8")
    assert "<form" not in page and "A. Reviewer" in page and "approve with conditions" in page


def test_samples_spread_over_documents():
    docs = [_masked(f"d{i:03d}", f"Seen by Dr. [NAME] and Dr. [NAME] on [DATE] at [FACILITY] {i}.") for i in range(200)]
    samples = summarise(docs, samples_per_label=8)["samples"]
    ids = [x["doc_id"] for x in samples["NAME"]]
    assert len(ids) == len(set(ids)) == 8  # at most one per document
    assert ids != sorted(ids)[:8] or max(ids) > "d020"  # not just the first documents in doc_id order
    assert ids == [x["doc_id"] for x in summarise(list(reversed(docs)), samples_per_label=8)["samples"]["NAME"]]
    assert {x["doc_id"] for x in samples["DATE"]} != set(ids)  # each label draws its own documents


def test_residual_hits_are_listed_with_masked_context():
    doc = _masked("leaky", "Seen by Dr. [NAME] today. Jonas Okafor called back on [DATE].")
    at = doc["text"].index("Jonas")
    found = {"leaky": [{"start": at, "end": at + 5, "label": "NAME", "recognizer": "en.name"},
                       {"start": at + 6, "end": at + 12, "label": "NAME", "recognizer": PARTIAL}]}
    summary = summarise([doc, _masked("clean", "Nothing [NAME] here.")], residual=found)
    items = summary["residual"]["items"]
    assert [(x["doc_id"], x["recognizer"]) for x in items] == [("leaky", "en.name"), ("leaky", PARTIAL)]
    assert items[0]["context"] == "Seen by Dr. [NAME] today. \u27e6NAME?\u27e7 \u27e6NAME?\u27e7 called back on [DATE]."
    page = render_html(build_report(summary, config={}, dataset={}))
    assert "Jonas" not in page and "Okafor" not in page  # what the scan found is never quoted
    assert "<mark>\u27e6NAME?\u27e7</mark>" in page and ">leaky<" in page


def _masked(doc_id: str, text: str) -> dict:
    """A de-identified document whose spans are its [LABEL] masks."""
    spans = [{"start": m.start(), "end": m.end(), "label": m.group(1), "recognizer": "r", "score": 0.9,
              "replacement": "mask"} for m in re.finditer(r"\[([A-Z_]+)\]", text)]
    return {"doc_id": doc_id, "lang": "en", "text": text, "deid": {"spans": spans}}


def test_partly_replaced_values_are_flagged_by_the_residual_scan():
    deid = Deidentifier(DeidConfig(mode="mask"))
    partial = _masked("p", "She moved to Lake [CITY] in May. Seen by Dr. [NAME] and [NAME] Okafor.")
    clean = _masked("c", "Seen by Dr [NAME] on Monday at [FACILITY]. The [NAME] note. Mary Jones called.")
    for surrogate in ("Mary", "Jones"):  # surrogates side by side are replacements, not leftovers
        at = clean["text"].index(surrogate)
        clean["deid"]["spans"].append({"start": at, "end": at + len(surrogate), "label": "NAME", "recognizer": "r",
                                       "score": 0.9, "replacement": "surrogate"})
    found = residual_scan(deid, [partial, clean])
    text = partial["text"]
    flagged = [(text[s["start"]:s["end"]], s["label"]) for s in found["p"] if s["recognizer"] == PARTIAL]
    assert flagged == [("Lake", "CITY"), ("Okafor", "NAME")]  # "Dr." and "and" are not names
    # titles, weekdays, stopwords and neighbouring replacements are not flagged
    assert not [s for s in found["c"] if s["recognizer"] == PARTIAL]
    summary = summarise([partial, clean], residual=found)
    assert summary["residual"]["partial_replacements"] == {"tokens": 2, "by_label": {"CITY": 1, "NAME": 1}}
    assert "2 are partly replaced values" in render_html(build_report(summary, config={}, dataset={}))


def test_profiles_shape_the_residual_scan_and_show_in_the_report():
    deid = Deidentifier(DeidConfig(mode="mask"))
    text = "Sequenced by Sanger in Boston on March 3, 2015. Contact j.doe@univ.edu."
    docs = [{"doc_id": d, "source": d, "lang": "en", "text": text, "deid": {"spans": []}} for d in ("lit", "notes")]
    found = residual_scan(deid, docs, {"lit": "literature"})
    assert {s["label"] for s in found["lit"]} == {"EMAIL"}  # what literature keeps is no residual
    assert {"EMAIL", "DATE"} <= {s["label"] for s in found["notes"]}
    profiles = {"profiles": {"lit": "literature", "notes": "clinical"},
                "profile_labels": {"literature": ["EMAIL", "PHONE"], "clinical": ["NAME", "EMAIL"]}}
    report = build_report(summarise(docs, residual=found), config={}, dataset={}, profiles=profiles)
    assert report["profiles"] == profiles
    page = render_html(report)
    assert "Profiles by source" in page and "EMAIL, PHONE" in page


def test_sign_off_command(tmp_path, capsys):
    json_path, html_path = write_report(report(), str(tmp_path))
    assert main(["sign-off", json_path, "--reviewer", "A. Reviewer", "--decision", "reject",
                 "--notes", "names leak in discharge letters"]) == 0
    signed = json.loads(Path(json_path).read_text(encoding="utf-8"))["sign_off"]
    assert signed["reviewer"] == "A. Reviewer" and signed["decision"] == "reject" and signed["date"]
    assert "names leak in discharge letters" in Path(html_path).read_text(encoding="utf-8")
    with pytest.raises(SystemExit, match="no report at"):
        main(["sign-off", str(tmp_path / "missing.json"), "--reviewer", "x", "--decision", "approve"])
