"""The de-identification stage: detection through presidio, replacement, audit records,
and the leak test: no planted PHI anywhere in what a run writes."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import apache_beam as beam
import polars as pl
import pyarrow.parquet as pq
import pytest
import yaml
from apache_beam.metrics.metric import MetricsFilter
from apache_beam.testing.util import assert_that, equal_to
from pydantic import TypeAdapter

from medcorpus.schemas import RejectReason, make_document
from medcorpus.transforms.deid import stage as deid_stage
from medcorpus.transforms.deid.stage import (
    DeidConfig, Deidentifier, Deidentify, detect_phi, document_language, phi_en, phi_zh,
)
from medcorpus.transforms.deid.profiles import PROFILE_LABELS
from medcorpus.transforms.deid.stage import _DeidentifyFn
from medcorpus.transforms.ingest import SourceConfig
from medcorpus.transforms.stage import RunContext
from tests.conftest import local_pipeline, medline

EN_NOTE = ("Patient: Margaret Okonkwo   MRN: 00482913   DOB: 04/12/1931\n"
           "Seen on March 3, 2021 by Dr. Samuel Whitfield at Riverside General Hospital.\n"
           "Ms. Okonkwo, a 92-year-old woman, lives at 418 Maple Avenue, Springfield, IL 62704.\n"
           "Her daughter can be reached at (217) 555-0148 or m.okonkwo@example.com.\n"
           "BP 132/84, HR 78. Continue metformin 500 mg twice daily.")
ZH_NOTE = ("患者姓名：王建国，男，92岁，住院号：ZY20210314。\n"
           "身份证号：110105193103072313，联系电话：13812345678。\n"
           "住址：浙江省杭州市西湖区文三路90号。2021年3月14日入住杭州市第一人民医院，由李主任查房。")
EN_VALUES = ["Margaret Okonkwo", "00482913", "04/12/1931", "March 3, 2021", "Samuel Whitfield",
             "Riverside General Hospital", "Okonkwo", "92", "418 Maple Avenue", "62704", "(217) 555-0148",
             "m.okonkwo@example.com"]
ZH_VALUES = ["王建国", "92", "ZY20210314", "110105193103072313", "13812345678", "文三路90号", "2021年3月14日",
             "杭州市第一人民医院"]


@pytest.fixture(scope="module")
def masker():
    return Deidentifier(DeidConfig(mode="mask"))


def test_mask_mode_removes_phi_and_records_spans_in_output_coordinates(masker):
    for note, values, lang in ((EN_NOTE, EN_VALUES, "en"), (ZH_NOTE, ZH_VALUES, "zh")):
        text, spans, language = masker.text(note, lang, None)
        assert language == lang
        for value in values:
            assert value not in text, (lang, value)
        assert spans and all(text[s["start"]:s["end"]] == f"[{s['label']}]" for s in spans)
        assert all(s["replacement"] == "mask" and 0 <= s["score"] <= 1 for s in spans)
        # the audit names the rule that fired, not just the framework
        assert all(s["recognizer"].startswith(f"{lang}.") for s in spans), {s["recognizer"] for s in spans}
        # clinical content survives
        assert ("metformin 500 mg" in text) if lang == "en" else ("入住" in text)


def test_surrogates_are_realistic_consistent_and_keyed(deid_key):
    deid = Deidentifier(DeidConfig(mode="surrogate"))
    doc = {"doc_id": "d1", "text": EN_NOTE, "lang": "en", "metadata": json.dumps({"ward": "Seen by Dr. Whitfield"})}
    out = deid.document(doc)
    assert out == deid.document(doc)  # deterministic for a key
    text = out["text"]
    for value in EN_VALUES:
        assert value not in text, value
    assert "[NAME]" not in text and "90+" in text
    surname = next(text[s["start"]:s["end"]] for s in out["deid"]["spans"] if s["label"] == "NAME"
                   and " " not in text[s["start"]:s["end"]])
    assert text.count(surname) >= 2  # "Margaret Okonkwo" and "Ms. Okonkwo" agree
    assert "Whitfield" not in out["metadata"]
    assert out["deid"]["mode"] == "surrogate" and out["deid"]["num_spans"] == len(out["deid"]["spans"])
    shifted = re.search(r"\d{2}/\d{2}/\d{4}", text).group()
    assert shifted != "04/12/1931"


def test_a_repeated_metadata_value_is_replaced_per_document(deid_key):
    """Spans found in a metadata value are remembered per worker; the surrogates still follow each
    document's scope, exactly as a worker that sees the value for the first time gives them."""
    shared = Deidentifier(DeidConfig(mode="surrogate"))
    docs = [{"doc_id": f"d{i}", "text": "Seen today.", "lang": "en",
             "metadata": json.dumps({"ward": "Seen by Dr. Whitfield", "team": ["Dr. Whitfield", "cardiology"]})}
            for i in range(3)]
    outs = [shared.document(doc) for doc in docs]
    assert outs == [Deidentifier(DeidConfig(mode="surrogate")).document(doc) for doc in docs]
    assert all("Whitfield" not in out["metadata"] for out in outs)
    assert len({out["metadata"] for out in outs}) == 3  # each document's own surrogate


def test_metadata_values_are_detected_once_per_worker_up_to_a_length(monkeypatch, deid_key):
    seen = []

    def counting(analyzer, text, *args, **kwargs):
        seen.append(text)
        return detect_phi(analyzer, text, *args, **kwargs)

    monkeypatch.setattr(deid_stage, "detect_phi", counting)
    deid = Deidentifier(DeidConfig(mode="mask"))
    short, long = "Seen by Dr. Whitfield", "Seen by Dr. Whitfield. " + "x" * deid_stage._MEMO_VALUE_CHARS
    for i in range(3):
        deid.document({"doc_id": f"d{i}", "text": "", "lang": "en", "metadata": json.dumps({"a": short, "b": long})})
    per_value = len(deid_stage.LANGUAGES)  # both languages' detectors, once each
    assert seen.count(short) == per_value and seen.count(long) == 3 * per_value


def test_short_document_texts_are_detected_once_per_worker_and_errors_are_not_remembered(monkeypatch, deid_key):
    calls = []

    def failing_once(analyzer, text, *args, **kwargs):
        calls.append(text)
        if len(calls) == 1:
            raise RuntimeError("detector down")
        return detect_phi(analyzer, text, *args, **kwargs)

    monkeypatch.setattr(deid_stage, "detect_phi", failing_once)
    deid = Deidentifier(DeidConfig(mode="mask"))
    doc = {"doc_id": "d", "text": "Seen by Dr. Whitfield", "lang": "en", "metadata": None}
    with pytest.raises(RuntimeError):
        deid.document(doc)
    outs = [deid.document({**doc, "doc_id": f"d{i}"}) for i in range(3)]
    assert len(calls) == 2  # the failure, then one detection for three documents
    assert {out["text"] for out in outs} == {"Seen by Dr. [NAME]"}


def test_missing_key_fails_at_launch_not_on_workers(monkeypatch):
    monkeypatch.delenv("MEDCORPUS_DEID_KEY")
    with pytest.raises(RuntimeError, match="MEDCORPUS_DEID_KEY"):
        Deidentify(DeidConfig(mode="surrogate"))
    Deidentify(DeidConfig(mode="mask"))  # masks need no key


def test_entities_at_chunk_boundaries_are_found(masker):
    config = DeidConfig(mode="mask", chunk_chars=1000, chunk_overlap=100)
    filler = "Patient tolerated the procedure well without complications. "
    for cut in range(-12, 3):
        prefix = (filler * 20)[: 1000 + cut]
        text = prefix + " contact jane.doe@example.org for results. " + filler
        spans = detect_phi(masker.analyzer, text, "en", config)
        emails = [s for s in spans if s.label == "EMAIL"]
        assert len(emails) == 1 and text[emails[0].start:emails[0].end] == "jane.doe@example.org", cut


def test_language_selection():
    assert document_language("zh", "English text", "en") == "zh"
    assert document_language(None, "患者主诉头痛三天，伴恶心。", "en") == "zh"
    assert document_language(None, "Headache for three days.", "en") == "en"
    assert document_language("de", "Kopfschmerzen seit drei Tagen.", "en") == "en"


def _doc(source_id: str, text: str | None, lang: str | None, source: str = "s", metadata: dict | None = None) -> dict:
    return make_document(source=source, source_id=source_id, text=text, lang=lang,
                         metadata=json.dumps(metadata) if metadata else None,
                         prov={"format": "jsonl", "file": "f", "row": 0, "offset": 0})


def test_a_failing_document_is_quarantined_without_its_text(masker):
    fn = _DeidentifyFn(DeidConfig(mode="mask"), {})
    fn.deidentifier = masker
    (out,) = list(fn.process(_doc("x", None, "en")))
    assert out.tag == "rejects"
    assert out.value["reason"] == RejectReason.DEID_FAILED and out.value["text"] is None
    assert out.value["contains_phi"] is True


@pytest.mark.parametrize("detector, lang, note", [(phi_en, "en", EN_NOTE), (phi_zh, "zh", ZH_NOTE)])
def test_a_detector_error_quarantines_the_document_counted_by_type_only(monkeypatch, detector, lang, note):
    def failing(text, labels=None):
        raise RuntimeError(f"cannot read {text[:40]}")  # an error message may quote the text

    monkeypatch.setattr(detector, "detect", failing)
    other = EN_NOTE if lang == "zh" else ZH_NOTE
    p = local_pipeline()  # in-process runner: the monkeypatch applies on the workers
    result = p | beam.Create([_doc("bad", note, lang), _doc("good", other, "zh" if lang == "en" else "en")]) \
        | Deidentify(DeidConfig(mode="mask"))
    assert_that(result.rejects | beam.Map(lambda r: (r["source_id"], r["reason"], r["detail"], r["text"])),
                equal_to([("bad", RejectReason.DEID_FAILED, "de-identification raised RuntimeError", None)]),
                label="rejects")
    assert_that(result.docs | beam.Map(lambda d: d["source_id"]), equal_to(["good"]), label="kept")
    counters = {c.key.metric.name: c.committed for c in
                p.run().metrics().query(MetricsFilter().with_namespace("medcorpus.deid"))["counters"]}
    assert counters[f"rejected.{RejectReason.DEID_FAILED}"] == 1 and counters["kept"] == 1


def test_a_failing_english_rule_reaches_the_stage(monkeypatch):
    def failing_rule(text, low, res, out):
        raise RuntimeError("rule bug")

    monkeypatch.setattr(phi_en, "_RECOGNIZERS", (*phi_en._RECOGNIZERS, (failing_rule, frozenset({"NAME"}))))
    with pytest.raises(RuntimeError):
        phi_en.detect(EN_NOTE)


def test_a_failing_chinese_rule_reaches_the_stage(monkeypatch):
    def failing_rule(text, out):
        raise RuntimeError("rule bug")

    monkeypatch.setattr(phi_zh, "find_dates", failing_rule)
    with pytest.raises(RuntimeError):
        phi_zh.detect(ZH_NOTE)


def test_chinese_holidays_and_numeral_dates_get_surrogates_not_quarantine(deid_key):
    fn = _DeidentifyFn(DeidConfig(mode="surrogate"), {})
    fn.setup()
    text = "大年初六开始发热，二〇二一年三月十四日入院，3.22号复查，7月份出院。周一随访。"
    (out,) = list(fn.process(_doc("z", text, "zh")))
    assert out["deid"]["num_spans"] >= 3, out["deid"]
    assert "大年初六" not in out["text"] and "二〇二一年三月十四日" not in out["text"]
    assert {s["replacement"] for s in out["deid"]["spans"] if s["label"] == "DATE"} == {"shift", "mask"}


# --------------------------------------------------------------------------- profiles

LITERATURE = ("Mutations were verified by Sanger sequencing in patients from Brazil, Argentina and Boston "
              "between March 2015 and June 2018 (Smith et al.). Correspondence: j.doe@univ.edu, tel. "
              "(617) 555-0142. Data: https://github.com/lab/tool.")


def _sources(*specs: dict) -> tuple:
    adapter = TypeAdapter(SourceConfig)
    return tuple(adapter.validate_python({"path": "x", **spec}) for spec in specs)


def test_each_source_gets_its_profile_recorded_in_the_run_metadata():
    stage = Deidentify(DeidConfig(mode="mask", labels=["NAME", "EMAIL", "PHONE", "DATE"]))
    stage.bind_run(RunContext("t", "r", sources=_sources(
        {"name": "notes", "format": "jsonl"}, {"name": "pubmed", "format": "medline"},
        {"name": "pmc", "format": "jats", "deid_profile": "none"},
        {"name": "letters", "format": "text", "deid_profile": "literature"})))
    meta = stage.run_metadata()
    assert meta["profiles"] == {"letters": "literature", "notes": "clinical", "pmc": "none", "pubmed": "literature"}
    # stages.deid.labels still applies: a profile removes the configured labels it covers
    assert meta["profile_labels"] == {"clinical": ["NAME", "EMAIL", "PHONE", "DATE"], "literature": ["EMAIL", "PHONE"],
                                      "none": []}


def test_profiles_decide_what_is_removed_per_document(masker):
    fn = _DeidentifyFn(DeidConfig(mode="mask"), {"pubmed": "literature", "raw": "none"})
    fn.deidentifier = masker
    out = {}
    for source in ("pubmed", "raw", "notes"):
        (kept,) = list(fn.process(_doc(source, LITERATURE, "en", source, metadata={"note": "mail j.doe@univ.edu"})))
        out[source] = kept
    literature = out["pubmed"]
    assert set(literature["deid"]["categories"]) <= PROFILE_LABELS["literature"]
    assert {"EMAIL", "PHONE"} <= set(literature["deid"]["categories"])
    for kept in ("Sanger sequencing", "Brazil, Argentina", "March 2015", "https://github.com/lab/tool"):
        assert kept in literature["text"], kept
    assert "j.doe@univ.edu" not in literature["text"] + literature["metadata"]
    assert out["raw"]["text"] == LITERATURE and out["raw"]["deid"]["num_spans"] == 0
    clinical = out["notes"]  # a source with no profile is clinical: dates go too
    assert "March 2015" not in clinical["text"] and "DATE" in clinical["deid"]["categories"]


# --------------------------------------------------------------------------- leak test

CANARIES = {
    "name": "Thaddeus Vantongeren", "mrn": "MRN: 77341209", "phone": "(415) 555-0193",
    "email": "thaddeus.v@canary-mail.org", "ssn": "SSN 512-44-9031", "date": "February 17, 2022",
    "address": "9127 Juniper Hollow Road", "zh_name": "欧阳梓萱", "zh_id": "330106198804123422",
    "zh_phone": "13905718832", "zh_mrn": "住院号：ZJ88013572",
}


LITERATURE_ABSTRACT = ("Verified by Sanger sequencing between March 2015 and June 2018 in Brazil, Argentina. "
                       "Correspondence: {email}.")


def _canary_inputs(root: Path) -> None:
    root.mkdir(parents=True, exist_ok=True)
    en = [
        {"id": "c1", "text": f"Patient {CANARIES['name']} ({CANARIES['mrn']}) was seen on {CANARIES['date']}. "
                             f"Call {CANARIES['phone']} or email {CANARIES['email']}. {CANARIES['ssn']}.",
         "note": f"seen by Dr. {CANARIES['name'].split()[1]}"},
        {"id": "c2", "text": f"Mr. {CANARIES['name'].split()[1]} lives at {CANARIES['address']}. "
                             "Follow up in two weeks."},
    ]
    zh = [{"id": "z1", "text": f"患者{CANARIES['zh_name']}，身份证号{CANARIES['zh_id']}，电话{CANARIES['zh_phone']}，"
                               f"{CANARIES['zh_mrn']}。主诉头痛三天。"}]
    (root / "en.jsonl").write_text("\n".join(json.dumps(r) for r in en) + "\n", encoding="utf-8")
    # literature: the author-like name and the study period stay, the e-mail goes
    (root / "pubmed.xml").write_bytes(medline([(101, "Sanger sequencing in Boston", LITERATURE_ABSTRACT.format(
        email=CANARIES["email"]))]))
    (root / "zh.jsonl").write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in zh) + "\n", encoding="utf-8")


def _canary_values() -> list[str]:
    values = []
    for v in CANARIES.values():
        values.append(v.split(": ")[-1].split("：")[-1].removeprefix("SSN "))
    values += [CANARIES["name"].split()[0], CANARIES["name"].split()[1]]
    return values


def _text_of(path: Path) -> str:
    if path.suffix == ".parquet":
        table = pq.read_table(path)
        return json.dumps(table.to_pylist(), ensure_ascii=False, default=str)
    return path.read_bytes().decode("utf-8", errors="replace")


@pytest.mark.slow
def test_no_canary_survives_anywhere_a_run_writes(tmp_path):
    _canary_inputs(tmp_path / "in")
    config = {
        "dataset": "canary",
        "sources": [
            {"name": "en", "format": "jsonl", "path": "in/en.jsonl", "id": "id", "metadata": ["note"], "lang": "en"},
            {"name": "zh", "format": "jsonl", "path": "in/zh.jsonl", "id": "id", "lang": "zh"},
            {"name": "pubmed", "format": "medline", "path": "in/pubmed.xml"},
        ],
        "output": {"table": "out/docs"},
    }
    (tmp_path / "c.yaml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    medcorpus = Path(sys.executable).with_name("medcorpus")
    run = subprocess.run([str(medcorpus), "-v", "build", "--config", str(tmp_path / "c.yaml"),
                          "--direct_num_workers=2"], capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stderr[-3000:]
    written = [p for p in (tmp_path / "out").rglob("*") if p.is_file()]
    assert any(p.name == "deid-report.html" for p in written)
    everything = {str(p.relative_to(tmp_path)): _text_of(p) for p in written}
    everything["stdout+stderr"] = run.stdout + run.stderr
    leaks = [(where, value) for value in _canary_values() for where, text in everything.items() if value in text]
    assert not leaks, leaks
    (paper,) = pl.read_delta(str(tmp_path / "out" / "docs")).filter(pl.col("source") == "pubmed")["text"]
    assert "Verified by Sanger sequencing between March 2015 and June 2018 in Brazil, Argentina" in paper
    report = json.loads(next(t for w, t in everything.items() if w.endswith("deid-report.json")))
    assert report["profiles"]["profiles"] == {"en": "clinical", "pubmed": "literature", "zh": "clinical"}


def test_deid_command_takes_a_profile_and_quarantines_failures(tmp_path, monkeypatch):
    from medcorpus.pipelines.cli import main

    src = tmp_path / "in.jsonl"
    src.write_text("\n".join(json.dumps({"id": i, "text": t}) for i, t in enumerate((LITERATURE, EN_NOTE))) + "\n")
    out = {}
    for profile in ("literature", "clinical", "none"):
        assert main(["deid", "--input", str(src), "--output", str(tmp_path / f"{profile}.jsonl"), "--mode", "mask",
                     "--profile", profile]) == 0
        out[profile] = [json.loads(line) for line in (tmp_path / f"{profile}.jsonl").read_text().splitlines()]
    assert "Sanger sequencing" in out["literature"][0]["text"] and "[EMAIL]" in out["literature"][0]["text"]
    assert "[NAME]" not in out["literature"][1]["text"] and "[PHONE]" in out["literature"][1]["text"]
    assert "[NAME]" in out["clinical"][1]["text"] and out["none"][1]["text"] == EN_NOTE

    monkeypatch.setattr(phi_en, "detect", lambda text, labels=None: 1 / 0)
    assert main(["deid", "--input", str(src), "--output", str(tmp_path / "x.jsonl"), "--mode", "mask"]) == 0
    rejects = [json.loads(line) for line in (tmp_path / "x.jsonl.rejects.jsonl").read_text().splitlines()]
    assert rejects == [{"line": 1, "reason": "deid_failed", "error": "ZeroDivisionError"},
                       {"line": 2, "reason": "deid_failed", "error": "ZeroDivisionError"}]
    assert (tmp_path / "x.jsonl").read_text() == ""


def test_the_analyzer_does_not_load_torch_into_a_process_that_deidentifies():
    # presidio -> spaCy -> thinc imports torch when installed: ~180 MB per Beam worker for nothing
    pytest.importorskip("torch")  # installed by `make install` (the pack stage's torch path)
    probe = (
        "import sys\n"
        "from medcorpus.transforms.deid.stage import DeidConfig, Deidentifier\n"
        "d = Deidentifier(DeidConfig())\n"
        "assert d.text('Seen by Dr. Alice Wong on 3/14/2021.', 'en', None)[0].count('[') == 2\n"
        "assert 'torch' not in sys.modules, 'torch was imported'\n"
        "import torch, thinc.compat\n"
        "assert not thinc.compat.has_torch and torch.zeros(1).sum().item() == 0\n"
    )
    run = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                         env={**os.environ, "MEDCORPUS_DEID_KEY": "k" * 32})
    assert run.returncode == 0, run.stderr[-2000:]


def test_the_analyzers_kept_recognizer_lists_follow_added_and_removed_recognizers():
    from presidio_analyzer import PatternRecognizer

    analyzer = deid_stage.build_analyzer(DeidConfig(mode="mask"))
    registry = analyzer.registry
    before = registry.get_recognizers("en", ["NAME"])
    assert registry.get_recognizers("en", ["NAME"]) == before  # kept, and a copy each time
    extra = PatternRecognizer(supported_entity="NAME", deny_list=["Zorbenthal"], name="extra-names")
    registry.add_recognizer(extra)
    assert extra in registry.get_recognizers("en", ["NAME"])
    registry.remove_recognizer("extra-names")
    assert registry.get_recognizers("en", ["NAME"]) == before
