"""The de-identification stage: detection through presidio, replacement, audit records,
and the leak test: no planted PHI anywhere in what a run writes."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pyarrow.parquet as pq
import pytest
import yaml

from medcorpus.schemas import RejectReason
from medcorpus.transforms.deid import (
    DeidConfig, Deidentifier, Deidentify, detect_phi, document_language,
)
from medcorpus.transforms.deid.stage import _DeidentifyFn

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


def test_a_failing_document_is_quarantined_without_its_text(masker):
    fn = _DeidentifyFn(DeidConfig(mode="mask"))
    fn.deidentifier = masker
    broken = {"doc_id": "x", "source": "s", "source_id": "1", "text": None, "lang": "en", "lang_score": None,
              "metadata": None, "provenance": {"format": "jsonl", "file": "f", "row": 0, "offset": 0},
              "deid": None, "quality": None, "dedup": None}
    (out,) = list(fn.process(broken))
    assert out.tag == "rejects"
    assert out.value["reason"] == RejectReason.DEID_FAILED and out.value["text"] is None
    assert out.value["contains_phi"] is True


# --------------------------------------------------------------------------- leak test

CANARIES = {
    "name": "Thaddeus Vantongeren", "mrn": "MRN: 77341209", "phone": "(415) 555-0193",
    "email": "thaddeus.v@canary-mail.org", "ssn": "SSN 512-44-9031", "date": "February 17, 2022",
    "address": "9127 Juniper Hollow Road", "zh_name": "欧阳梓萱", "zh_id": "330106198804123422",
    "zh_phone": "13905718832", "zh_mrn": "住院号：ZJ88013572",
}


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
