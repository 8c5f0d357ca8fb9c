"""Probe gold sets: each record's one span holds its value, in every case variant, from a small corpus."""

from __future__ import annotations

import json

import probe_gold  # tools/ is on the path (conftest)
from medcorpus.transforms.deid.checksums import valid_id_card


def _corpora(tmp_path):
    en = tmp_path / "mtsamples_en"
    en.mkdir()
    sentence = "The wound was irrigated with saline and closed in layers without tension."
    (en / "mtsamples.csv").write_text(f'note_id,transcription\n1,"{sentence} {sentence}"\n', encoding="utf-8")
    zh = tmp_path / "chineseblue_zh" / "data" / "cMedQA"
    zh.mkdir(parents=True)
    (zh / "dev.txt").write_text("0\t孩子咳嗽三天了晚上睡不好怎么办。\t建议多喝水注意休息观察体温变化。\n", encoding="utf-8")
    return tmp_path


def test_every_set_holds_one_span_with_its_value(tmp_path, capsys):
    out = tmp_path / "probes"
    assert probe_gold.main(["--corpora", str(_corpora(tmp_path)), "--out", str(out), "--seed", "3", "--n", "5"]) == 0
    names = sorted(p.stem for p in out.glob("*.jsonl"))
    assert names == sorted(["en_formats", "en_facilities", "en_names", "en_generic", "zh_formats"]
                           + [f"{s}_{c}" for s in ("en_formats", "en_facilities", "en_names") for c in ("lower", "upper")])
    plain = {json.loads(line)["id"]: json.loads(line) for line in (out / "en_formats.jsonl").open()}
    for name in names:
        records = [json.loads(line) for line in (out / f"{name}.jsonl").open(encoding="utf-8")]
        assert records
        for rec in records:
            (span,) = rec["spans"]
            value = rec["text"][span["start"]:span["end"]]
            assert value.strip() == value and value
            if name.startswith("en_formats_"):  # the same value, recased, at the same place
                original = plain[rec["id"]]
                assert value.lower() == original["text"][span["start"]:span["end"]].lower()
            if span["label"] == "NATIONAL_ID":
                assert valid_id_card(value)
    assert "en_formats: 80 records" in capsys.readouterr().out  # 16 kinds x 5


def test_missing_corpora_is_one_line_error(tmp_path, capsys):
    assert probe_gold.main(["--corpora", str(tmp_path / "none"), "--out", str(tmp_path / "o")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("probe_gold: ") and err.count("\n") == 1
