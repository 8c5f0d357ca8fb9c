"""Readers against the real corpora in ../shared/corpora (skipped when they are absent).

The expected counts are the ones the corpora's SOURCE.md files document.
"""

from __future__ import annotations

import gzip
from collections import Counter
from pathlib import Path

import pytest
import yaml

from medcorpus.pipelines.config import parse_config
from medcorpus.transforms.ingest import readers
from tests.conftest import REPO, requires_corpora

pytestmark = pytest.mark.corpora

BENCH_CONFIG = REPO / "bench" / "corpora.yaml"


def source(name: str):
    raw = yaml.safe_load(BENCH_CONFIG.read_text(encoding="utf-8"))
    corpora = requires_corpora()
    config = parse_config(raw, corpora, str(BENCH_CONFIG))
    return next(s for s in config.sources if s.name == name)


def read_file(src, path: Path):
    """The stage's way from a file to its main encoding and records."""
    with open(path, "rb") as raw:
        encoding, records = readers.read_file(gzip.GzipFile(fileobj=raw) if path.suffix == ".gz" else raw, src)
        return encoding, list(records)


def outcome(records) -> Counter:
    return Counter(r.error[0] if r.error else "ok" for r in records)


def test_mtsamples_csv():
    src = source("mtsamples")
    encoding, records = read_file(src, Path(src.path[0]))
    assert encoding == "utf-8"
    assert len(records) == 4999 and outcome(records) == {"ok": 4999}
    assert sum(1 for r in records if not r.texts) == 33  # empty transcriptions: rejected as empty_text
    assert records[0].source_id == "1" and records[0].metadata["medical_specialty"] == "Allergy / Immunology"


def test_toyhom_gb18030_csv_and_text():
    csv_src, txt_src = source("toyhom_csv"), source("toyhom_txt")
    base = requires_corpora("zh_medical_dialogue", "toyhom")
    encoding, rows = read_file(csv_src, next(base.glob("*.csv")))
    assert encoding == "gb18030" and len(rows) == 7644 and outcome(rows) == {"ok": 7644}
    assert rows[0].metadata["department"] and "\ufffd" not in "".join(rows[0].texts)
    encoding, blocks = read_file(txt_src, next(base.glob("Data_*/IM_*/*.txt")))
    assert encoding == "gb18030" and len(blocks) == 4048 and outcome(blocks) == {"ok": 4048}


def test_pubmed_baseline_file():
    src = source("pubmed")
    _, records = read_file(src, requires_corpora("pubmed_medline_xml_en", "pubmed20n0014.xml.gz"))
    assert len(records) == 30000
    # 14,871 citations have an abstract (39 of them only an OtherAbstract); the rest are titles only
    assert outcome(records) == {"ok": 14871, "missing_field": 15129}
    langs = Counter(lang for r in records if r.metadata for lang in r.metadata["article_language"])
    assert langs["ger"] > 100 and langs["rus"] > 100  # non-English articles keep their language


def test_pmc_jats_articles():
    src = source("pmc")
    files = sorted(requires_corpora("pmc_oa_jats_en").glob("*.nxml"))
    assert len(files) == 8
    for path in files:
        _, (record,) = read_file(src, path)
        assert record.error is None and record.source_id
        assert sum(len(t) for t in record.texts) > 5000, path.name  # title + abstract + body


def test_medquad_ids_repeat_across_files_and_answers_are_required():
    src = source("medquad")
    assert src.id_scope == "file"
    folder = requires_corpora("medquad_en", "10_MPlus_ADAM_QA")  # answers removed upstream
    _, records = read_file(src, next(folder.glob("*.xml")))
    assert records and outcome(records) == {"missing_field": len(records)}
    _, records = read_file(src, requires_corpora("medquad_en", "1_CancerGov_QA", "0000001_1.xml"))
    assert outcome(records)["ok"] == len(records) and records[0].source_id == "0000001_1-1"


def test_chineseblue_and_dialogue_formats():
    cases = {
        "cmdd": ("chineseblue_zh/data/CMDD/train/train_0.json", 1),
        "cmedqa": ("chineseblue_zh/data/cMedQA/dev.txt", None),
        "cmedir": ("chineseblue_zh/data/cMedIR/dev.json", 10000),
        "mie": ("zh_medical_dialogue/mie/data/dev.json", None),
        "covid_dialogue": ("zh_medical_dialogue/covid_dialogue/COVID-Dialogue-Dataset-Chinese.txt", 1393),
    }
    for name, (rel, expected) in cases.items():
        _, records = read_file(source(name), requires_corpora(*rel.split("/")))
        assert records and outcome(records) == {"ok": len(records)}, name
        if expected is not None:
            assert len(records) == expected, name
    _, windows = read_file(source("mie"), requires_corpora("zh_medical_dialogue", "mie", "data", "dev.json"))
    assert all(len(w.texts) == 1 and w.texts[0].startswith(("患者", "医生")) for w in windows)
