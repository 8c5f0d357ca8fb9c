"""The validation gate: suites on staged shards, residual-PHI shapes, Data Docs offline."""

from __future__ import annotations

import json
import os
import re
from html import unescape as html_unescape
from pathlib import Path

import pytest

from medcorpus.reports.datadocs import external_references
from medcorpus.expectations.gate import blank_spans, validate_staged
from medcorpus.expectations.suites import PHI_PATTERNS, ValidationConfig
from medcorpus.schemas import DOCUMENT_SCHEMA
from tests.browser import chromium, local_references
from tests.dataset_helpers import docs

import pyarrow as pa
import pyarrow.parquet as pq

STAGES = {"ingest": "active", "deid": "active", "langid": "disabled", "quality": "disabled",
          "dedup": "disabled", "write": "active"}

LEAKS = {
    "ssn": "SSN 123-45-6789 on file",
    "phone": "call (617) 555-0142 today",
    "phone_cn": "电话 13812345678 联系",
    "email": "write to jane.doe@example.org",
    "cn_id_card": "身份证 11010519491231002X 已核对",
    "mrn": "MRN: 4829104 admitted",
}
CLEAN = ["BP 120/80, HR 72, glucose 5.6 mmol/L on 2019-03-14.", "Dose 10-20 mg twice daily; ICD-10 E11.9.",
         "血压 120/80 mmHg，2019年3月14日复诊。", "Ref 12345-678; lot 2020-11-05-01."]


def test_phi_patterns_catch_each_shape_and_spare_clinical_numbers():
    for name, text in LEAKS.items():
        assert re.search(PHI_PATTERNS[name][0], text), name
    for text in CLEAN:
        assert not any(re.search(regex, text) for regex, _ in PHI_PATTERNS.values()), text


def test_blank_spans_removes_what_deid_replaced():
    text = "Call 555-123-4567 or 555-987-6543."
    spans = [{"start": 5, "end": 17}]  # a surrogate phone, with its span record
    assert blank_spans(text, spans) == "Call   or 555-987-6543."
    assert blank_spans(text, spans + [{"start": 21, "end": 33}]) == "Call   or  ."


def stage(table: Path, records: list[dict]) -> list[dict]:
    table.mkdir(parents=True, exist_ok=True)
    t = pa.Table.from_pylist(records, schema=DOCUMENT_SCHEMA)
    pq.write_table(t, table / "part-00000-r.zstd.parquet")
    return [{"path": "part-00000-r.zstd.parquet"}]


def counts(records, **by_source_input):
    by_source = {}
    for r in records:
        row = by_source.setdefault(r["source"], {"input": 0, "kept": 0, "rejected": 0, "duplicates_removed": 0})
        row["kept"] += 1
        row["input"] += 1
    for s, n in by_source_input.items():
        by_source[s]["input"] = n
        by_source[s]["rejected"] = n - by_source[s]["kept"]
    total_in = sum(r["input"] for r in by_source.values())
    return {"input": total_in, "kept": len(records), "rejected": total_in - len(records), "duplicates_removed": 0,
            "by_source": by_source, "balanced": True}


def with_deid(records, spans_for=lambda r: []):
    for r in records:
        spans = spans_for(r)
        r["deid"] = {"mode": "surrogate", "num_spans": len(spans), "categories": [], "spans": spans}
    return records


def test_surrogates_inside_spans_pass_and_leaks_outside_fail(tmp_path):
    surrogate = "Call 555-123-4567 now."  # phone-shaped surrogate, covered by a span record
    records = with_deid(docs("a", range(20), text=lambda i: surrogate if i % 2 else f"note {i}"),
                        lambda r: [{"start": 5, "end": 17, "label": "PHONE", "recognizer": "x", "score": 0.9,
                                    "replacement": "surrogate"}] if r["text"] == surrogate else [])
    shards = stage(tmp_path / "t", records)
    ok = validate_staged(str(tmp_path / "t"), shards, counts(records), STAGES, ValidationConfig(),
                         expected_schema=DOCUMENT_SCHEMA, max_text_chars=1000, docs_dir=None)
    assert ok["status"] == "passed", ok["failed"]
    assert ok["evaluated"] > 20

    leaky = with_deid(docs("a", range(20), text=lambda i: LEAKS["ssn"] if i == 4 else f"note {i}"))
    shards = stage(tmp_path / "u", leaky)
    bad = validate_staged(str(tmp_path / "u"), shards, counts(leaky), STAGES, ValidationConfig(),
                          expected_schema=DOCUMENT_SCHEMA, max_text_chars=1000, docs_dir=str(tmp_path / "docs"))
    assert bad["status"] == "failed" and bad["failed"] == ["documents/phi.ssn"]
    leaked_id = leaky[4]["doc_id"]
    assert leaked_id in bad["details"]["documents/phi.ssn"]
    assert bad["residual_phi_documents"] == {"phi.ssn": [leaked_id]}
    # the result and the Data Docs never quote the leaked value
    assert "123-45-6789" not in json.dumps(bad)
    for root, _, files in os.walk(tmp_path / "docs"):
        for name in files:
            if name.endswith(".html"):
                assert "123-45-6789" not in Path(root, name).read_text(encoding="utf-8")


def test_bounds_on_counts_length_language_and_scores(tmp_path):
    records = with_deid(docs("a", range(10)) + docs("b", range(3), text=lambda i: "x" * 50))
    records[0]["quality"] = {"score": 1.5, "signals": []}
    records[1]["lang"] = "fr"
    shards = stage(tmp_path / "t", records)
    config = ValidationConfig(min_kept_fraction=0.9, sources={"b": {"min": 5}}, max_text_chars=40)
    r = validate_staged(str(tmp_path / "t"), shards, counts(records, a=40), {**STAGES, "langid": "active"},
                        config, expected_schema=DOCUMENT_SCHEMA, max_text_chars=None, docs_dir=None)
    assert set(r["failed"]) == {"run/run.kept_fraction", "sources/sources.min_kept", "documents/text.length",
                                "documents/quality.score_range", "documents/lang.allowed"}
    assert r["details"]["sources/sources.min_kept"] == "b kept 3 < 5"
    assert r["details"]["documents/text.length"] == "3 of 13 documents"
    # while langid is disabled, lang is only a hint and is not checked
    r = validate_staged(str(tmp_path / "t"), shards, counts(records, a=40), STAGES, config,
                        expected_schema=DOCUMENT_SCHEMA, max_text_chars=None, docs_dir=None)
    assert "documents/lang.allowed" not in r["failed"]


def test_schema_and_duplicate_ids_across_shards(tmp_path):
    records = with_deid(docs("a", range(4)))
    table = tmp_path / "t"
    stage(table, records)
    pq.write_table(pa.Table.from_pylist(records[:1], schema=DOCUMENT_SCHEMA), table / "part-00001-r.zstd.parquet")
    shards = [{"path": "part-00000-r.zstd.parquet"}, {"path": "part-00001-r.zstd.parquet"}]
    r = validate_staged(str(table), shards, counts(records), STAGES, ValidationConfig(),
                        expected_schema=DOCUMENT_SCHEMA, max_text_chars=None, docs_dir=None)
    assert {"run/run.doc_id_unique", "run/run.rows_match_counts"} <= set(r["failed"])
    other = DOCUMENT_SCHEMA.set(DOCUMENT_SCHEMA.get_field_index("lang_score"), pa.field("lang_score", pa.float64()))
    r = validate_staged(str(table), shards[:1], counts(records), STAGES, ValidationConfig(),
                        expected_schema=other, max_text_chars=None, docs_dir=None)
    assert r["failed"] == ["run/run.schema"] and "lang_score: type float" in r["details"]["run/run.schema"]


def test_validation_config_is_checked(tmp_path):
    from medcorpus.pipelines.config import ConfigError, parse_config

    base = {"dataset": "x", "sources": [{"name": "a", "format": "jsonl", "path": "a.jsonl"}], "output": {"table": "t"}}
    assert parse_config(base, tmp_path).validation.allowed_languages == ["en", "zh"]
    with pytest.raises(ConfigError, match="not configured: \\['nope'\\]"):
        parse_config({**base, "validation": {"sources": {"nope": {"min": 1}}}}, tmp_path)
    with pytest.raises(ConfigError, match="validation.min_kept_frac: unknown key"):
        parse_config({**base, "validation": {"min_kept_frac": 0.2}}, tmp_path)
    with pytest.raises(ConfigError, match="unknown phi_patterns"):
        parse_config({**base, "validation": {"phi_patterns": ["ssn", "passport"]}}, tmp_path)


FAILED_ONLY_PROBE = """<script>
window.addEventListener("load", function () {
  function visible() {
    return Array.from(document.querySelectorAll("td")).filter(function (td) { return td.offsetParent !== null; })
      .map(function (td) { return td.textContent.trim(); });
  }
  var before = visible();
  jQuery.fx.off = true;  /* fades finish at once: headless frames under virtual time are not reliable */
  document.querySelector('[onclick="hideSucceededValidations()"]').click();
  var more = document.querySelector('a[data-toggle="collapse"]');  /* "Show more info..." */
  var info = document.querySelector(more.getAttribute("href"));
  var infoBefore = info.offsetHeight;
  more.click();
  setTimeout(function () {
    var out = document.createElement("pre");
    out.id = "probe";
    out.textContent = JSON.stringify({before: before, after: visible(), more: more.textContent.trim(),
                                      info_before: infoBefore, info_after: info.offsetHeight});
    document.body.appendChild(out);
  }, 1500);
});
</script></body>"""


def test_data_docs_work_offline_with_their_scripts(tmp_path):
    records = with_deid(docs("a", range(20), text=lambda i: LEAKS["ssn"] if i == 4 else f"note {i}"))
    shards = stage(tmp_path / "t", records)
    r = validate_staged(str(tmp_path / "t"), shards, counts(records), STAGES, ValidationConfig(),
                        expected_schema=DOCUMENT_SCHEMA, max_text_chars=None, docs_dir=str(tmp_path / "docs"))
    index = Path(r["data_docs"])
    assert index == tmp_path / "docs" / "index.html"
    assert external_references(str(tmp_path / "docs")) == []
    pages = list((tmp_path / "docs").rglob("*.html"))
    assert len(pages) >= 6  # index, 3 suites, 3 validation results
    for page in pages:
        html = page.read_text(encoding="utf-8")
        # GE's scripts now load from the vendored copies, by relative links that resolve
        assert 'static/medcorpus/jquery-3.7.1/jquery.min.js"' in html and "bootstrap-table.min.js" in html
        assert local_references(page) == [], page
        assert "crossorigin" not in html  # a CORS fetch, which file:// pages may not make
    dom, errors = chromium(index, tmp_path / "index.png")
    assert errors == []
    # bootstrap-table built the index tables from the page's inline data: its toolbar and rows exist
    assert "bootstrap-table" in dom and 'data-href="expectations/documents.html"' in dom
    assert (tmp_path / "index.png").stat().st_size > 20_000

    page = next((tmp_path / "docs" / "validations" / "documents").rglob("*.html"))
    text = page.read_text(encoding="utf-8")
    assert "phi.ssn: no US social security number" in text and "doc_id.shape:" in text
    assert PHI_PATTERNS["ssn"][0] not in text and "regular expression" not in text
    assert "0% unexpected" not in text and "0 unexpected rows" in text
    dom, errors = chromium(page, tmp_path / "v.png", height=2400)
    assert errors == [] and (tmp_path / "v.png").stat().st_size > 20_000
    # clicking "Failed only" hides the expectations that passed
    probe = page.with_name("probe.html")
    probe.write_text(text.replace("</body>", FAILED_ONLY_PROBE), encoding="utf-8")
    dom, errors = chromium(probe)
    assert errors == []
    shown = json.loads(html_unescape(re.search(r'<pre id="probe">(.*?)</pre>', dom, re.S).group(1)))
    before, after = " | ".join(shown["before"]), " | ".join(shown["after"])
    assert "doc_id.not_null" in before and "phi.ssn" in before
    assert "doc_id.not_null" not in after and "phi.ssn" in after and len(shown["after"]) < len(shown["before"])
    # and "Show more info..." opens the run details (Bootstrap's collapse)
    assert shown["more"].startswith("Show more info") and shown["info_before"] == 0 < shown["info_after"]
