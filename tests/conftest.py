"""Shared fixtures: a small corpus in every input format, with known good and bad records."""

from __future__ import annotations

import gzip
import json
import sys
from pathlib import Path
from typing import NamedTuple

import apache_beam as beam
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
import yaml
from apache_beam.options.pipeline_options import PipelineOptions

from medcorpus.pipelines.build import direct_runner
from medcorpus.transforms.stage import RunContext, Stage

REPO = Path(__file__).resolve().parents[1]  # tests live in folders that mirror the code: paths start here
SHARED_CORPORA = REPO.parent / "shared" / "corpora"
# the evaluation-data generators live in tools/, outside the installed package
sys.path.insert(0, str(REPO / "tools"))

MEDLINE_ARTICLE = (
    "<PubmedArticle><MedlineCitation><PMID Version=\"1\">{pmid}</PMID><Article><ArticleTitle>{title}</ArticleTitle>"
    "{abstract}<Language>eng</Language></Article></MedlineCitation></PubmedArticle>\n"
)


def medline(articles: list[tuple[int, str, str | None]]) -> bytes:
    body = "".join(
        MEDLINE_ARTICLE.format(pmid=p, title=t, abstract=f"<Abstract><AbstractText>{a}</AbstractText></Abstract>"
                               if a else "")
        for p, t, a in articles)
    return f'<?xml version="1.0" encoding="UTF-8"?>\n<PubmedArticleSet>\n{body}</PubmedArticleSet>\n'.encode()


def write_fixture_corpus(root: Path) -> dict:
    """Writes inputs in every format; returns the expected outcome per source."""
    root.mkdir(parents=True, exist_ok=True)
    notes = [json.dumps({"id": f"n{i}", "text": f"Progress note {i}: patient stable, continue metformin {i} mg."})
             for i in range(40)]
    bad = [b"{broken json", json.dumps({"id": "e1", "text": "  \t "}).encode(), json.dumps({"id": "m1"}).encode(),
           b'{"id": "u1", "text": "bad \xff byte"}', json.dumps({"id": "big", "text": "x" * 5000}).encode(),
           json.dumps({"id": "n3", "text": "a later record reusing id n3"}).encode()]
    (root / "notes.jsonl").write_bytes(b"\n".join([n.encode() for n in notes] + bad) + b"\n")

    rows = ["department,title,ask,answer"] + [f"内科,问题{i},医生您好，我头痛{i}天了,建议休息{i}天" for i in range(10)]
    (root / "dialogues.csv").write_bytes(("\n".join(rows) + "\n").encode("gb18030"))

    articles = [(1000 + i, f"Study {i} of hypertension", f"We enrolled {i * 10} patients." if i % 4 else None)
                for i in range(12)]
    (root / "pubmed.xml.gz").write_bytes(gzip.compress(medline(articles)))
    truncated = gzip.compress(medline([(2000 + i, f"Trial {i}", "Abstract text " * 50) for i in range(30)]))
    (root / "cut.xml.gz").write_bytes(truncated[: len(truncated) * 2 // 3])

    (root / "texts").mkdir(exist_ok=True)
    (root / "texts" / "a.txt").write_text("Discharge summary.\r\nPatient discharged home.\n")
    (root / "texts" / "b.txt").write_text("\x00\x01  \n")  # nothing left after normalisation
    pq.write_table(pa.table({"rid": ["p1", "p2"], "body": ["Parquet note one.", "Parquet note two."]}),
                   root / "notes.parquet")

    expected = {
        "notes": {"input": 46, "kept": 40, "rejected": {"malformed_record": 1, "empty_text": 1, "missing_field": 1,
                                                        "undecodable_bytes": 1, "too_large": 1,
                                                        "duplicate_source_id": 1}},
        "dialogues": {"input": 10, "kept": 10, "rejected": {}},
        # cut.xml.gz: the records before the cut (a number that depends on zlib) are kept,
        # and one unreadable_file reject stands for the rest of the file
        "pubmed": {"input": None, "kept": None, "rejected": {"missing_field": 3, "unreadable_file": 1}},
        "texts": {"input": 2, "kept": 1, "rejected": {"empty_text": 1}},
        "parquet": {"input": 2, "kept": 2, "rejected": {}},
    }
    return expected


FIXTURE_QUALITY = {"min_score": 0, "min_words": 0, "min_words_zh": 0, "fragment_max_words": 0, "min_stopword_frac": 0}


def fixture_config(root: Path, table: Path, **ingest) -> Path:
    config = {
        "dataset": "fixture",
        "sources": [
            {"name": "notes", "format": "jsonl", "path": "notes.jsonl", "id": "id", "lang": "en"},
            {"name": "dialogues", "format": "csv", "path": "dialogues.csv", "text": ["title", "ask", "answer"],
             "metadata": ["department"], "lang": "zh"},
            {"name": "pubmed", "format": "medline", "path": "*.xml.gz"},
            {"name": "texts", "format": "text", "path": "texts/"},
            {"name": "parquet", "format": "parquet", "path": "notes.parquet", "id": "rid", "text": "body"},
        ],
        "ingest": {"max_doc_chars": 2000, **ingest},
        # the fixture's records are one-line notes ("Parquet note one."): the length and fragment rules,
        # which real corpora pass, would drop them, and these tests are about reading and versioning
        "stages": {"quality": FIXTURE_QUALITY},
        "output": {"table": str(table), "rows_per_shard": 20},
    }
    path = root / f"corpus-{len(list(root.glob('corpus-*.yaml')))}.yaml"
    path.write_text(yaml.safe_dump(config, allow_unicode=True))
    return path


TEST_DEID_KEY = "medcorpus-test-key-not-a-secret"


@pytest.fixture(autouse=True)
def deid_key(monkeypatch):
    """Surrogate mode needs a key from the environment; Beam workers inherit it."""
    monkeypatch.setenv("MEDCORPUS_DEID_KEY", TEST_DEID_KEY)
    return TEST_DEID_KEY


class StageRun(NamedTuple):
    kept: list[dict]
    rejects: list[dict]
    report: list[dict]


def local_pipeline() -> beam.Pipeline:
    """An in-process pipeline on the runner builds use locally (Beam's DirectRunner would first try to
    download PrismRunner), so monkeypatches reach the DoFns."""
    options = PipelineOptions(["--runner=DirectRunner"])
    return beam.Pipeline(runner=direct_runner(options), options=options)


@pytest.fixture
def run_stage(tmp_path):
    """The one Beam harness: run a stage over a list of documents on the in-process DirectRunner
    (so monkeypatches reach the DoFns) and return what it kept, rejected and reported."""
    runs = iter(range(1_000_000))

    def run(stage: Stage, docs: list[dict], context: RunContext | None = None) -> StageRun:
        if context is not None:
            stage.bind_run(context)
        out = tmp_path / f"stage-run-{next(runs)}"
        out.mkdir()

        def sink(label: str):
            path = str(out / f"{label}.json")
            return beam.combiners.ToList() | beam.Map(lambda xs: Path(path).write_text(json.dumps(xs, default=str)))

        with local_pipeline() as p:
            result = p | beam.Create(docs) | stage
            _ = result.docs | "SinkKept" >> sink("kept")
            _ = result.rejects | "SinkRejects" >> sink("rejects")
            report = result.report if result.report is not None else p | "NoReport" >> beam.Create([])
            _ = report | "SinkReport" >> sink("report")
        return StageRun(*(json.loads((out / f"{label}.json").read_text()) for label in ("kept", "rejects", "report")))

    return run


@pytest.fixture
def fixture_corpus(tmp_path):
    expected = write_fixture_corpus(tmp_path / "input")
    return tmp_path / "input", expected


def requires_corpora(*parts: str) -> Path:
    path = SHARED_CORPORA.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"real corpus not available: {path}")
    return path
