"""The compliance report: self-contained HTML that renders in a real headless Chromium."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile

import pytest

from medcorpus.reports.deid_eval import evaluate
from medcorpus.reports.deid_report import (
    PARTIAL, build_report, render_html, residual_scan, summarise, write_report,
)
from medcorpus.transforms.deid.stage import DeidConfig, Deidentifier

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
                        dataset={"name": "demo", "version": 0, "run_id": "r1"}, evaluation=evaluation)


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
    browser = shutil.which("chromium")
    if browser is None:
        if os.environ.get("CI"):
            pytest.fail("chromium is not installed: `make test` installs it (Debian package chromium)")
        pytest.skip("chromium not installed (apt-get install chromium)")
    _, html_path = write_report(report(), str(tmp_path))
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             f"--user-data-dir={tempfile.mkdtemp()}"]
    dom = subprocess.run([browser, *flags, "--dump-dom", f"file://{html_path}"], capture_output=True, text=True,
                         timeout=120).stdout
    assert "De-identification compliance report" in dom and dom.count("<svg") >= 3
    assert "<td" in dom and "residual" in dom.lower()
    shot = tmp_path / "report.png"
    subprocess.run([browser, *flags, "--window-size=1200,1600", f"--screenshot={shot}", f"file://{html_path}"],
                   capture_output=True, timeout=120)
    assert shot.stat().st_size > 20_000  # a rendered page, not a blank one


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
