"""Every reader in READERS, fed random bytes, cut and mutated files, wrong encodings and deep
nesting through the stage's per-file step: nothing escapes, every record read is kept or
rejected, what is kept can be written, and no reject detail quotes the input."""

from __future__ import annotations

import gzip
import io
import json
import re
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from apache_beam.pvalue import TaggedOutput
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from medcorpus.schemas import DOCUMENT_SCHEMA, REJECT_SCHEMA, RejectReason
from medcorpus.transforms.ingest import (
    CsvSource, IngestConfig, InputFile, JatsSource, JsonlSource, JsonSource, MedlineSource, ParquetSource,
    ReadInputFile, TextSource, XmlSource,
)
from medcorpus.transforms.ingest.decoding import SURROGATE_RE
from medcorpus.transforms.ingest.readers import READERS
from medcorpus.transforms.stage import REJECTS

CANARY = "Zyxwcanary"
# no example database: a run leaves nothing behind in the repository
FUZZ = settings(max_examples=20, deadline=None, database=None,
                suppress_health_check=[HealthCheck.too_slow])

SOURCES = {
    "jsonl": JsonlSource(name="s", format="jsonl", path="x", id="id", metadata=["meta", "tags[*]"], lang_field="lang"),
    "json": JsonSource(name="s", format="json", path="x", records_path="items", id="k", text="turns[*].s"),
    "csv": CsvSource(name="s", format="csv", path="x", id="id", text=["title", "body"], metadata="dept"),
    "tsv": CsvSource(name="s", format="tsv", path="x", columns=["label", "q", "a"], text=["q", "a"],
                     metadata="label"),
    "text": TextSource(name="s", format="text", path="x", record_separator="^---$"),
    "parquet": ParquetSource(name="s", format="parquet", path="x", id="nid", text="body", metadata=["dept", "at"]),
    "medline": MedlineSource(name="s", format="medline", path="x"),
    "jats": JatsSource(name="s", format="jats", path="x"),
    "xml": XmlSource(name="s", format="xml", path="x", record_tag="QAPair", id="Question/@qid",
                     text=["Question", "Answer"], metadata=["Question/@qtype"], required=["Answer"]),
}
assert set(SOURCES) == set(READERS)


def _parquet() -> bytes:
    buf = io.BytesIO()
    pq.write_table(pa.table({"nid": [1, 2, None], "body": [f"{CANARY} one", "二号病人", None],
                             "dept": ["a", "b", "c"], "at": pa.array([0, 10 ** 12, None], pa.timestamp("ms"))}), buf)
    return buf.getvalue()


VALID = {
    "jsonl": "\n".join([
        json.dumps({"id": 1, "text": f"{CANARY} first note", "meta": {"a": [1, 2]}, "tags": ["x"], "lang": "en"}),
        json.dumps({"id": 2, "text": "第二条记录：头痛三天", "lang": "zh-CN"}, ensure_ascii=False),
        json.dumps({"id": 3, "text": "third \u00e9 note"}),
    ]).encode() + b"\n",
    "json": json.dumps({"items": [{"k": "a", "turns": [{"s": f"{CANARY} hi"}, {"s": "there"}]},
                                  {"k": "b", "turns": [{"s": "头痛"}]}]}, ensure_ascii=False).encode(),
    "csv": ('id,title,body,dept\n1,Headache,"three days,\nwith nausea",内科\n'
            f'2,{CANARY},plain body,外科\n3,"quoted ""title""",x,y\n').encode(),
    "tsv": f"0\t问题一\t{CANARY} 回答一\n1\t问题二\t回答二\n".encode(),
    "text": f"first record {CANARY}\n---\nsecond record\n第三条\n---\nthird\n".encode(),
    "parquet": _parquet(),
    "medline": (
        '<?xml version="1.0" encoding="UTF-8"?>\n<PubmedArticleSet>\n'
        '<PubmedArticle><MedlineCitation><PMID Version="1">101</PMID><Article><ArticleTitle>Effects of '
        f'<i>X</i> {CANARY}.</ArticleTitle><Abstract><AbstractText Label="BACKGROUND">Why &amp; how.</AbstractText>'
        '</Abstract><Language>eng</Language></Article></MedlineCitation></PubmedArticle>\n'
        '<PubmedArticle><MedlineCitation><PMID Version="2">102</PMID><Article><ArticleTitle>T</ArticleTitle>'
        '<Abstract><AbstractText>摘要。</AbstractText></Abstract></Article></MedlineCitation></PubmedArticle>\n'
        '</PubmedArticleSet>\n').encode(),
    "jats": ('<!DOCTYPE article PUBLIC "-//NLM//DTD JATS (Z39.96) v1.2 20190208//EN" "JATS-archivearticle1.dtd">\n'
             '<article article-type="research-article" xml:lang="en"><front><article-meta>'
             '<article-id pub-id-type="pmc">1</article-id><title-group><article-title>Title&nbsp;here'
             f'</article-title></title-group><abstract><p>{CANARY} abstract.</p></abstract></article-meta></front>'
             '<body><sec><title>Methods</title><p>Body text.</p></sec></body></article>').encode(),
    "xml": ('<Document><QAPairs><QAPair pid="1"><Question qid="q1" qtype="info">What is X?</Question>'
            f'<Answer>{CANARY} is a thing.</Answer></QAPair><QAPair pid="2"><Question qid="q2">为什么？</Question>'
            '<Answer>因为。</Answer></QAPair></QAPairs></Document>').encode(),
}

# per format: a prefix and a suffix that nest `depth` levels deep
NESTING = {
    "jsonl": ('{"id": 1, "text": "t", "meta": ', "[", "]", "}\n"),
    "json": ('{"items": [{"k": "a", "turns": ', "[", "]", "}]}"),
    "csv": ("id,title,body,dept\n1,t,", '"', '"', ",d\n"),
    "tsv": ("0\tq\t", "[", "]", "\n"),
    "text": ("", "---\n", "x\n", ""),
    "parquet": ("PAR1", "\x15", "\x00", "PAR1"),
    "medline": ("<PubmedArticleSet><PubmedArticle><MedlineCitation><PMID>1</PMID><Article><ArticleTitle>",
                "<i>", "</i>", "</ArticleTitle><Abstract><AbstractText>a</AbstractText></Abstract></Article>"
                "</MedlineCitation></PubmedArticle></PubmedArticleSet>"),
    "jats": ("<article><front><article-meta><abstract>", "<sec>", "</sec>", "</abstract></article-meta></front>"
             "</article>"),
    "xml": ('<Document><QAPair><Question qid="q">', "<QAPair>", "</QAPair>", "</Question><Answer>a</Answer>"
            "</QAPair></Document>"),
}


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("fuzz")


def ingest(folder: Path, fmt: str, data: bytes, name: str = "f") -> tuple[list, list, dict]:
    """The file through ReadInputFile, with the checks every input must pass."""
    path = folder / name
    path.write_bytes(data)
    src = SOURCES[fmt].model_copy(update={"path": [str(path)]})
    docs, rejects, ledger = [], [], []
    for out in ReadInputFile([src], IngestConfig()).process((0, InputFile("s", str(path), name, len(data), 0.0))):
        if not isinstance(out, TaggedOutput):
            docs.append(out)
        else:
            (rejects if out.tag == REJECTS else ledger).append(out.value)
    (entry,) = ledger
    assert entry["records"] == len(docs) + len(rejects)
    assert all(r["reason"] in RejectReason.all() and CANARY not in r["detail"] for r in rejects)
    unreadable = [r for r in rejects if r["reason"] == RejectReason.UNREADABLE_FILE]
    assert unreadable == ([] if entry["complete"] else rejects[-1:])  # one reject stands for the unread rest
    if not name.endswith(".gz") and fmt != "parquet":  # a cut stream or a broken Parquet footer ends a file;
        # otherwise only a layout that does not fit the config (ReaderError) does, never one bad record
        assert all("ReaderError" in r["detail"] for r in unreadable), unreadable
    for doc in docs:
        assert not any(SURROGATE_RE.search(doc[k] or "") for k in ("text", "source_id", "metadata", "lang"))
        assert doc["metadata"] is None or isinstance(json.loads(doc["metadata"]), dict)
    pa.Table.from_pylist(docs, schema=DOCUMENT_SCHEMA)  # what is kept can be written
    pa.Table.from_pylist(rejects, schema=REJECT_SCHEMA)
    return docs, rejects, entry


def check_counts(fmt: str, data: bytes, entry: dict) -> None:
    """Formats whose record count is known from the bytes: every record is seen."""
    if not entry["complete"]:
        return
    if fmt == "jsonl":
        assert entry["records"] == sum(1 for line in data.split(b"\n") if line.strip())
    elif fmt in ("medline", "xml"):
        tag = SOURCES[fmt].record_tag if fmt == "xml" else "PubmedArticle"
        assert entry["records"] == len(re.findall(rb"<" + tag.encode() + rb"[\s>/]", data))
    elif fmt == "jats":
        assert entry["records"] == 1


FORMATS = pytest.mark.parametrize("fmt", sorted(READERS))


@FORMATS
def test_valid_samples_read_without_rejects(folder, fmt):
    docs, rejects, entry = ingest(folder, fmt, VALID[fmt])
    assert docs and entry["complete"]
    assert not [r for r in rejects if r["reason"] not in (RejectReason.MISSING_FIELD, RejectReason.EMPTY_TEXT)]
    check_counts(fmt, VALID[fmt], entry)


@FORMATS
@FUZZ
@given(data=st.binary(max_size=600))
def test_random_bytes(folder, fmt, data):
    _, _, entry = ingest(folder, fmt, data)
    check_counts(fmt, data, entry)


@FORMATS
@FUZZ
@given(cut=st.floats(0, 1), edits=st.lists(st.tuples(st.floats(0, 1), st.binary(max_size=3)), max_size=4))
def test_cut_and_mutated_files(folder, fmt, cut, edits):
    data = VALID[fmt][: int(len(VALID[fmt]) * cut)] if cut < 0.95 else VALID[fmt]
    for where, insert in edits:
        at = int(len(data) * where)
        data = data[:at] + insert + data[at + 1:]
    _, _, entry = ingest(folder, fmt, data)
    check_counts(fmt, data, entry)


@FORMATS
@settings(FUZZ, max_examples=8)
@given(cut=st.floats(0.1, 0.99))
def test_gzip_cut_short(folder, fmt, cut):
    packed = gzip.compress(VALID[fmt])
    _, rejects, entry = ingest(folder, fmt, packed[: int(len(packed) * cut)], name="f.gz")
    assert not entry["complete"] and rejects[-1]["reason"] == RejectReason.UNREADABLE_FILE


@FORMATS
@settings(FUZZ, max_examples=12)
@given(codec=st.sampled_from(["utf-16", "utf-16-le", "utf-32", "gb18030", "big5", "shift_jis", "euc-kr", "latin-1",
                              "cp1252", "koi8-r", "utf-7", "cp037"]))
def test_wrong_encodings(folder, fmt, codec):
    data = VALID[fmt] if fmt == "parquet" else VALID[fmt].decode("utf-8").encode(codec, errors="replace")
    _, _, entry = ingest(folder, fmt, data)
    check_counts(fmt, data, entry)


@FORMATS
@settings(FUZZ, max_examples=6)
@given(depth=st.sampled_from([10, 990, 1100, 5_000, 60_000]))
def test_deep_nesting(folder, fmt, depth):
    head, opening, closing, tail = NESTING[fmt]
    data = (head + opening * depth + closing * depth + tail).encode()
    _, _, entry = ingest(folder, fmt, data)
    check_counts(fmt, data, entry)
