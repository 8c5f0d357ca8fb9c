"""Ingest under bad input, through the stage's own per-file step (``ReadInputFile``):
no input in any reject detail or log line, every lost record counted, each record decoded
on its own, no bad record that stops a file, and output paths that cannot eat the inputs."""

from __future__ import annotations

import base64
import datetime
import decimal
import gzip
import io
import json
import logging
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from apache_beam.pvalue import TaggedOutput

from medcorpus.pipelines.config import ConfigError, parse_config
from medcorpus.schemas import RejectReason, make_source_id
from medcorpus.transforms.ingest import (
    CsvSource, IngestConfig, InputFile, JatsSource, JsonlSource, JsonSource, MedlineSource, ParquetSource,
    ReadInputFile, TextSource, XmlSource,
)
from medcorpus.transforms.ingest.stage import LEDGER
from medcorpus.transforms.stage import REJECTS
from tests.conftest import TEST_DEID_KEY

CANARY = "Zyxwcanary"  # a name that occurs nowhere else
SSN = "987-65-4321"
PLANTED = f"{CANARY} {SSN}"
CLASSES = {"jsonl": JsonlSource, "json": JsonSource, "csv": CsvSource, "tsv": CsvSource, "text": TextSource,
           "parquet": ParquetSource, "medline": MedlineSource, "jats": JatsSource, "xml": XmlSource}


def ingest(tmp_path: Path, name: str, data: bytes, max_doc_chars: int = 1_000_000, **source):
    """One file through the stage's per-file step: (documents, rejects, ledger entry)."""
    path = tmp_path / name
    path.write_bytes(data)
    src = CLASSES[source["format"]](name="s", path=str(path), **source)
    fn = ReadInputFile([src], IngestConfig(max_doc_chars=max_doc_chars))
    docs, rejects, ledger = [], [], []
    for out in fn.process((0, InputFile("s", str(path), name, len(data), 0.0))):
        if isinstance(out, TaggedOutput):
            (rejects if out.tag == REJECTS else ledger).append(out.value)
            assert out.tag in (REJECTS, LEDGER)
        else:
            docs.append(out)
    (entry,) = ledger
    assert entry["records"] == len(docs) + len(rejects)  # every record read is kept or rejected
    return docs, rejects, entry


def sids(*raw_ids: str) -> list[str]:
    """The stored source_ids (keyed pseudonyms) of records with these raw ids in source "s"."""
    return [make_source_id(TEST_DEID_KEY.encode(), "s", raw) for raw in raw_ids]


def parquet_bytes(table: pa.Table) -> bytes:
    buf = io.BytesIO()
    pq.write_table(table, buf)
    return buf.getvalue()


# --------------------------------------------------------------------------- 3. no input in details or logs

def _jsonl(*lines: str | bytes) -> bytes:
    return b"\n".join(line if isinstance(line, bytes) else line.encode() for line in lines) + b"\n"


MEDLINE_BAD = (f'<PubmedArticleSet><PubmedArticle><MedlineCitation><PMID Version="1">1</PMID><Article>'
               f'<ArticleTitle>{PLANTED} <b>unclosed</ArticleTitle></Article></MedlineCitation></PubmedArticle>'
               f'<PubmedArticle><MedlineCitation><Article><ArticleTitle>{PLANTED}</ArticleTitle></Article>'
               f'</MedlineCitation></PubmedArticle>'
               f'<PubmedArticle><MedlineCitation><PMID Version="1">3</PMID><Article><ArticleTitle>{PLANTED}'
               f'</ArticleTitle></Article></MedlineCitation></PubmedArticle>'
               f'<PubmedArticle><MedlineCitation><PMID>4</PMID><Article><ArticleTitle>{PLANTED}'
               f'</ArticleTitle></Article></MedlineCitation>\n'
               f'<PubmedArticle><MedlineCitation><PMID Version="1">5</PMID><Article><ArticleTitle>{PLANTED}'
               f'</ArticleTitle><Abstract><AbstractText>ok</AbstractText></Abstract></Article></MedlineCitation>'
               f'</PubmedArticle></PubmedArticleSet>').encode()

# (file name, bytes, source config, max_doc_chars): every failure path a file can take
FAILURES = [
    # CSV: header without a configured column (its first row is data: a name, an SSN)
    ("no_header.csv", f"{CANARY},{SSN}\n{CANARY},{SSN}\n".encode(), {"format": "csv", "text": "note"}, None),
    ("bad_header.csv", f'"{PLANTED},x\n'.encode(), {"format": "csv", "text": "note"}, None),
    ("undecodable_header.csv", f"{CANARY},\xff\n".encode("latin-1"),
     {"format": "csv", "text": "note", "encoding": "utf-8"}, None),
    ("rows.csv", (f'id,note\n1,{PLANTED},extra\n,{PLANTED}\n2,"{PLANTED}"x\n3,"{PLANTED}\n4,{PLANTED}\n').encode(),
     {"format": "csv", "id": "id", "text": "note"}, None),
    ("undecodable.csv", f"id,note\n1,{PLANTED} \xff\n".encode("latin-1"),
     {"format": "csv", "id": "id", "text": "note", "encoding": "utf-8"}, None),
    ("columns.tsv", f"{PLANTED}\n".encode(), {"format": "tsv", "columns": ["a", "b"], "text": "b"}, None),
    # JSON lines: syntax, shape, types, ids, escapes, depth, numbers, bytes
    ("lines.jsonl", _jsonl(
        f'{{"id": 1, "text": "{PLANTED}"',  # unterminated
        f'["{PLANTED}"]',
        f'{{"id": 2, "other": "{PLANTED}"}}',
        f'{{"id": 3, "text": ["{PLANTED}"]}}',
        f'{{"id": {{"x": "{PLANTED}"}}, "text": "t"}}',
        f'{{"id": 4, "text": "{PLANTED} \\ud800"}}',
        f'{{"id": "{PLANTED}\\udfff", "text": "t"}}',
        f'{{"id": 5, "text": "t", "meta": "{PLANTED} \\udc00"}}',
        "[" * 50_000 + f'"{PLANTED}"',
        f'{{"id": 6, "text": "{PLANTED}", "n": {"9" * 5000}}}',
        f'{{"id": 7, "text": "{PLANTED}", "meta": ' + "[" * 900 + "]" * 900 + "}",
        '{"id": 8, "text": "   "}',
        f'{{"id": 9, "text": "{PLANTED} {"x" * 200}"}}',
        f'{{"id": 10, "text": "{PLANTED} \xff"}}'.encode("latin-1"),
    ), {"format": "jsonl", "id": "id", "metadata": "meta", "encoding": "utf-8"}, 100),
    ("deep.jsonl", _jsonl(f'{{"text": "{PLANTED}", "meta": ' + "[" * 5_000 + "]" * 5_000 + "}"),
     {"format": "jsonl", "metadata": "meta"}, None),
    # JSON documents
    ("broken.json", f'{{"items": [{{"text": "{PLANTED}"}}'.encode(),
     {"format": "json", "records_path": "items", "text": "text"}, None),
    ("nopath.json", f'{{"other": [{{"text": "{PLANTED}"}}]}}'.encode(),
     {"format": "json", "records_path": "items", "text": "text"}, None),
    ("deep.json", ("[" * 50_000 + f'"{PLANTED}"').encode(), {"format": "json", "text": "text"}, None),
    ("latin.json", f'{{"text": "{PLANTED} \xff"}}'.encode("latin-1"),
     {"format": "json", "text": "text", "encoding": "utf-8"}, None),
    # plain text
    ("latin.txt", f"{PLANTED} \xff\n---\nok\n".encode("latin-1"),
     {"format": "text", "record_separator": "^---$", "encoding": "utf-8"}, None),
    # XML
    ("articles.xml", MEDLINE_BAD, {"format": "medline"}, None),
    ("qa.xml", (f'<r><QA><Q id="1">{PLANTED}</Q></QA><QA><Q>{PLANTED}</Q><A>a</A></QA><QA><Q id="2">{PLANTED}<x></Q>'
                f'</QA><QA><A>' + "<n>" * 3000 + PLANTED + "</n>" * 3000 + "</A></QA>"
                f"<QA><Q id='3'>\xff{PLANTED}</Q><A>a</A></QA></r>").encode("latin-1"),
     {"format": "xml", "record_tag": "QA", "id": "Q/@id", "text": ["Q", "A"], "required": ["A"],
      "encoding": "utf-8"}, None),
    ("article.nxml", f"<article><front><article-meta>{PLANTED}</front></article>".encode(), {"format": "jats"},
     None),
    ("deep.nxml", ("<article><body>" + "<sec>" * 3000 + f"<p>{PLANTED}</p>" + "</sec>" * 3000 + "</body></article>")
     .encode(), {"format": "jats"}, None),
    # a gzip file cut short, a file that is not Parquet
    ("cut.jsonl.gz", gzip.compress(_jsonl(*[f'{{"text": "{PLANTED} {i}"}}' for i in range(200)]))[:-30],
     {"format": "jsonl"}, None),
    ("fake.parquet", f"PAR1{PLANTED}".encode(), {"format": "parquet", "text": "body"}, None),
]


@pytest.mark.parametrize("name,data,source,max_chars", FAILURES, ids=[f[0] for f in FAILURES])
def test_no_reject_detail_or_log_line_quotes_the_input(tmp_path, caplog, name, data, source, max_chars):
    caplog.set_level(logging.DEBUG)
    docs, rejects, _ = ingest(tmp_path, name, data, max_doc_chars=max_chars or 1_000_000, **source)
    assert rejects, "every case above has at least one bad record"
    for r in rejects:
        for planted in (CANARY, SSN):
            assert planted not in r["detail"], (r["reason"], r["detail"])
            assert planted not in (r["source_id"] or "")  # no case plants it in an id field
    for rec in caplog.records:
        assert CANARY not in rec.getMessage() and SSN not in rec.getMessage()


def test_parquet_failures_do_not_quote_values(tmp_path, caplog):
    caplog.set_level(logging.DEBUG)
    table = pa.table({"id": [None, "2"], "body": [PLANTED, PLANTED], "n": [1, 2],
                      "when": pa.array([0, 2 ** 62], pa.timestamp("ms"))})
    data = parquet_bytes(table)
    cases = [{"id": "id", "text": "missing"}, {"id": "id", "text": "n"}, {"id": "id", "text": "body"},
             {"id": "id", "text": "body", "metadata": "when"}]
    details = []
    for case in cases:
        _, rejects, _ = ingest(tmp_path, "t.parquet", data, format="parquet", **case)
        details += [r["detail"] for r in rejects]
    assert len(details) >= 5
    assert not any(CANARY in d or SSN in d for d in details)
    assert not any(CANARY in r.getMessage() for r in caplog.records)


def test_a_missing_column_names_the_configured_column_not_the_header(tmp_path):
    _, rejects, entry = ingest(tmp_path, "a.csv", f"{CANARY},{SSN}\n1,2\n".encode(), format="csv", text="note")
    (r,) = rejects
    assert r["reason"] == RejectReason.UNREADABLE_FILE
    assert "['note']" in r["detail"] and "2 columns" in r["detail"]
    assert not entry["complete"]


# --------------------------------------------------------------------------- 6. encoding per record

UTF8_NOTES = [json.dumps({"id": i, "text": f"Note {i}: patient stable, café, naïve résumé"}, ensure_ascii=False)
              for i in range(20)]
GB_NOTE = json.dumps({"id": 99, "text": "患者男性，45岁，主诉头痛三天，伴有恶心呕吐。"}, ensure_ascii=False)


def test_one_gb18030_line_does_not_garble_twenty_utf8_ones(tmp_path):
    data = "\n".join(UTF8_NOTES[:10]).encode() + b"\n" + GB_NOTE.encode("gb18030") + b"\n" + \
        "\n".join(UTF8_NOTES[10:]).encode() + b"\n"
    docs, rejects, entry = ingest(tmp_path, "mixed.jsonl", data, format="jsonl", id="id")
    assert not rejects and len(docs) == 21
    texts = {d["source_id"]: d["text"] for d in docs}
    assert texts[sids("3")[0]] == "Note 3: patient stable, café, naïve résumé"
    assert texts[sids("99")[0]] == json.loads(GB_NOTE)["text"]
    assert entry["encoding"] == "utf-8"


def test_a_configured_encoding_holds_for_the_whole_file(tmp_path):
    data = "\n".join(UTF8_NOTES[:5]).encode() + b"\n" + GB_NOTE.encode("gb18030") + b"\n"
    docs, rejects, _ = ingest(tmp_path, "mixed.jsonl", data, format="jsonl", id="id", encoding="utf-8")
    assert len(docs) == 5 and [r["reason"] for r in rejects] == [RejectReason.UNDECODABLE_BYTES]
    latin = "\n".join(UTF8_NOTES[:3]).encode("latin-1") + b"\n"
    docs, rejects, _ = ingest(tmp_path, "latin.jsonl", latin, format="jsonl", id="id", encoding="latin-1")
    assert not rejects and docs[0]["text"].endswith("café, naïve résumé")
    # XML too: a configured encoding wins over UTF-8 (records) and over the XML declaration (JATS)
    qa = "<r><QA><Q>Ärztin, Größe?</Q></QA></r>".encode("latin-1")
    docs, _, _ = ingest(tmp_path, "qa.xml", qa, format="xml", record_tag="QA", text="Q", encoding="latin-1")
    assert docs[0]["text"] == "Ärztin, Größe?"
    jats = ('<?xml version="1.0" encoding="UTF-8"?><article><front><article-meta><title-group><article-title>'
            "Größe</article-title></title-group></article-meta></front></article>").encode("latin-1")
    docs, _, _ = ingest(tmp_path, "a.nxml", jats, format="jats", encoding="latin-1")
    assert docs[0]["text"] == "Größe"
    _, rejects, _ = ingest(tmp_path, "a.nxml", jats, format="jats")  # auto: expat believes the declaration
    assert [r["reason"] for r in rejects] == [RejectReason.MALFORMED_RECORD]


def test_records_in_other_encodings_are_decoded_alone_in_every_text_format(tmp_path):
    gb_row = "内科,头痛三天，伴有恶心呕吐".encode("gb18030")
    csv_data = "dept,ask\n".encode() + "\n".join(f"外科,第{i}号病人术后恢复良好" for i in range(10)).encode() + \
        b"\n" + gb_row + b"\n"
    docs, rejects, _ = ingest(tmp_path, "mixed.csv", csv_data, format="csv", text="ask", metadata="dept")
    assert not rejects and docs[-1]["text"] == "头痛三天，伴有恶心呕吐"
    assert json.loads(docs[-1]["metadata"]) == {"dept": "内科"}
    text_data = "第一条记录，术后恢复良好\n---\n".encode() + "第二条：头痛三天\n".encode("gb18030")
    docs, rejects, _ = ingest(tmp_path, "mixed.txt", text_data, format="text", record_separator="^---$")
    assert not rejects and [d["text"] for d in docs] == ["第一条记录，术后恢复良好", "第二条：头痛三天"]
    xml = ("<r><QA><Q>第一个问题是什么？</Q></QA>".encode() + "<QA><Q>第二个问题：头痛怎么办？</Q></QA>".encode("gb18030")
           + b"</r>")
    docs, rejects, _ = ingest(tmp_path, "mixed.xml", xml, format="xml", record_tag="QA", text="Q")
    assert not rejects and docs[1]["text"] == "第二个问题：头痛怎么办？"


def test_a_gb18030_file_still_reads_as_gb18030(tmp_path):
    rows = "dept,ask\n" + "\n".join(f"内科,医生您好，我头痛{i}天了" for i in range(30)) + "\n"
    docs, rejects, entry = ingest(tmp_path, "gb.csv", rows.encode("gb18030"), format="csv", text="ask")
    assert entry["encoding"] == "gb18030" and not rejects
    assert [d["text"] for d in docs] == [f"医生您好，我头痛{i}天了" for i in range(30)]


def test_a_legacy_file_is_read_in_its_codec_and_stray_bytes_are_not_guessed_at(tmp_path):
    texts = [f"Die Ärztin für Innere Medizin prüfte die Größe; Übelkeit seit {i} Tagen." for i in range(20)]
    data = "\n".join(json.dumps({"id": i, "text": t}, ensure_ascii=False) for i, t in enumerate(texts))
    docs, rejects, _ = ingest(tmp_path, "de.jsonl", data.encode("cp1252"), format="jsonl", id="id")
    assert not rejects and [d["text"] for d in docs] == texts
    stray = "\n".join(UTF8_NOTES[:5]).encode() + b'\n{"id": 5, "text": "Pt c/o \xff\xfe chest pain \xc3\x28"}\n'
    docs, rejects, _ = ingest(tmp_path, "stray.jsonl", stray, format="jsonl", id="id")
    assert len(docs) == 5 and [r["reason"] for r in rejects] == [RejectReason.UNDECODABLE_BYTES]


BASE = {"dataset": "d", "sources": [{"name": "a", "format": "jsonl", "path": "in/a.jsonl"}],
        "output": {"table": "out/docs"}}


@pytest.mark.parametrize("codec", ["rot13", "base64", "zlib", "hex", "undefined"])
def test_codecs_that_are_not_text_encodings_are_refused(tmp_path, codec):
    raw = {**BASE, "sources": [{**BASE["sources"][0], "encoding": codec}]}
    with pytest.raises(ConfigError, match=f"encoding '{codec}' is not a text encoding"):
        parse_config(raw, tmp_path)
    assert parse_config({**BASE, "sources": [{**BASE["sources"][0], "encoding": "gb18030"}]}, tmp_path)


# --------------------------------------------------------------------------- 7, 8. output paths

def _config(tmp_path, sources=None, **output):
    return parse_config({**BASE, **({"sources": sources} if sources else {}), "output": output}, tmp_path)


@pytest.mark.parametrize("output,expected", [
    ({"table": "out/docs", "rejects_table": "out/docs"}, "rejects_table is the same path as output.table"),
    ({"table": "out/docs", "rejects_table": "out/docs/"}, "rejects_table is the same path as output.table"),
    ({"table": "out/docs", "rejects_table": "out/docs/rejects"}, "are nested"),
    ({"table": "out/all/docs", "rejects_table": "out/all"}, "are nested"),
    ({"table": "gs://b/docs", "rejects_table": "gs://b/docs"}, "rejects_table is the same path"),
    ({"table": "gs://b/docs", "rejects_table": "gs://b/docs/rejects"}, "are nested"),
    ({"table": ""}, "output.table is empty"),
    ({"table": "  "}, "output.table is empty"),
    ({"table": "out/docs", "rejects_table": ""}, "output.rejects_table is empty"),
])
def test_tables_that_collide_are_refused_in_one_line(tmp_path, output, expected):
    with pytest.raises(ConfigError, match=expected) as err:
        _config(tmp_path, **output)
    assert "\n" not in str(err.value)


def test_tables_inside_inputs_and_inputs_inside_tables_are_refused(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "a-file").write_text("x")
    folder = [{"name": "a", "format": "jsonl", "path": "in"}]
    glob = [{"name": "a", "format": "jsonl", "path": "in/**/*.jsonl"}]
    remote = [{"name": "a", "format": "jsonl", "path": "gs://b/in/*.jsonl"}]
    cases = [
        (folder, {"table": "in/docs"}, "output.table .* is inside the input path"),
        (folder, {"table": "out", "rejects_table": "in/rejects"}, "output.rejects_table .* is inside the input"),
        ([{"name": "a", "format": "jsonl", "path": "in/"}], {"table": "in"}, "inside the input path"),
        (glob, {"table": "in/sub/docs"}, "inside the input path"),
        ([{"name": "a", "format": "jsonl", "path": "out/docs/part-0.jsonl"}], {"table": "out/docs"},
         "source 'a' reads .* inside output.table"),
        ([{"name": "a", "format": "jsonl", "path": "out/*.jsonl"}], {"table": "out"}, "inside the input path"),
        (remote, {"table": "gs://b/in/docs"}, "inside the input path"),
        (remote, {"table": "gs://b"}, "source 'a' reads .* inside output.table"),
        (BASE["sources"], {"table": "a-file"}, "output.table .* is an existing file"),
    ]
    for sources, output, expected in cases:
        with pytest.raises(ConfigError, match=expected) as err:
            _config(tmp_path, sources, **output)
        assert "\n" not in str(err.value)
    # neighbours are fine: a table beside the inputs, a bucket prefix that only shares letters
    assert _config(tmp_path, folder, table="out/docs").output.table == str(tmp_path / "out/docs")
    assert _config(tmp_path, remote, table="gs://b/input-docs").output.table == "gs://b/input-docs"
    assert _config(tmp_path, folder, table="in-docs").output.rejects_uri == str(tmp_path / "in-docs_rejects")


# --------------------------------------------------------------------------- 9. every loss counted

def test_an_unterminated_csv_quote_charges_every_row_it_swallowed(tmp_path):
    rows = ["id,note"] + [f"{i},row {i}" for i in range(3)] + ['3,"unterminated'] + \
        [f"{i},row {i}" for i in range(4, 50)]
    docs, rejects, entry = ingest(tmp_path, "q.csv", ("\n".join(rows) + "\n").encode(), format="csv", id="id",
                                  text="note")
    assert len(docs) == 3 and entry["records"] == 50  # 3 kept + the broken row + the 46 rows it swallowed
    assert {r["reason"] for r in rejects} == {RejectReason.MALFORMED_RECORD} and len(rejects) == 47
    assert "unterminated quote at end of file" in rejects[0]["detail"]
    assert len({r["source_id"] for r in rejects}) == 47
    # a quote that closes further down, followed by text: every line it spanned is counted
    rows = ["id,note", "1,fine", '2,"opens here', "3,swallowed", '4,"closes"here', "5,fine"]
    docs, rejects, _ = ingest(tmp_path, "q2.csv", ("\n".join(rows) + "\n").encode(), format="csv", id="id",
                              text="note")
    assert [d["source_id"] for d in docs] == sids("1", "5") and len(rejects) == 3


def test_quoted_line_breaks_are_not_losses(tmp_path):
    data = b'id,note\n1,"line one\nline two\n\nline four"\n2,plain\n'
    docs, rejects, _ = ingest(tmp_path, "ok.csv", data, format="csv", id="id", text="note")
    assert not rejects and docs[0]["text"] == "line one\nline two\n\nline four"


def test_an_unclosed_article_does_not_swallow_the_next(tmp_path):
    article = ('<PubmedArticle><MedlineCitation><PMID Version="1">{pmid}</PMID><Article><ArticleTitle>T{pmid}'
               '</ArticleTitle><Abstract><AbstractText>A{pmid}</AbstractText></Abstract></Article>'
               '</MedlineCitation>{close}\n')
    data = ("<PubmedArticleSet>\n" + article.format(pmid=1, close="</PubmedArticle>")
            + article.format(pmid=2, close="") + article.format(pmid=3, close="</PubmedArticle>")
            + article.format(pmid=4, close="</PubmedArticle>") + "</PubmedArticleSet>\n").encode()
    docs, rejects, entry = ingest(tmp_path, "m.xml", data, format="medline")
    assert [d["source_id"] for d in docs] == sids("1", "3", "4")
    assert [r["reason"] for r in rejects] == [RejectReason.MALFORMED_RECORD] and entry["records"] == 4
    # generic XML, and an unclosed record cut at the end of the file
    data = b"<r><QA><Q>one</Q></QA><QA><Q>two</Q><QA><Q>three</Q></QA><QA><Q>four</Q>"
    docs, rejects, entry = ingest(tmp_path, "q.xml", data, format="xml", record_tag="QA", text="Q")
    assert [d["text"] for d in docs] == ["one", "three"] and len(rejects) == 2 and entry["records"] == 4


def test_crlf_text_is_split_like_lf_text(tmp_path):
    body = "note {}\nline two\n"
    lf = "---\n".join(body.format(i) for i in range(5))
    for name, data in [("lf.txt", lf), ("crlf.txt", lf.replace("\n", "\r\n")), ("cr.txt", lf.replace("\n", "\r"))]:
        docs, rejects, _ = ingest(tmp_path, name, data.encode(), format="text", record_separator="^---$")
        assert [d["text"] for d in docs] == [f"note {i}\nline two" for i in range(5)], name
        assert not rejects


# --------------------------------------------------------------------------- 10. one bad record, one reject

def test_lone_surrogates_deep_nesting_and_long_numbers_reject_one_line_each(tmp_path):
    data = _jsonl(
        '{"id": "a", "text": "good"}',
        '{"id": "b", "text": "lone \\ud800 surrogate"}',
        '{"id": "c", "text": "fine", "meta": {"k": "lone \\udfff"}}',
        '{"id": "\\ud801", "text": "surrogate id"}',
        '{"id": "d", "text": "pair \\ud83d\\ude00 is fine"}',
        "[" * 100_000,
        '{"id": "e", "text": "t", "n": ' + "1" * 5000 + "}",
        '{"id": "f", "text": "last"}',
    )
    docs, rejects, entry = ingest(tmp_path, "s.jsonl", data, format="jsonl", id="id", metadata="meta")
    assert [d["source_id"] for d in docs] == sids("a", "d", "f") and docs[1]["text"] == "pair \U0001F600 is fine"
    assert [r["reason"] for r in rejects] == [RejectReason.MALFORMED_RECORD] * 5 and entry["complete"]
    assert [r["source_id"] for r in rejects] == sids("b", "c", "s.jsonl:3", "s.jsonl:5", "s.jsonl:6")
    _, rejects, _ = ingest(tmp_path, "deep.json", b"[" * 100_000, format="json", text="text")
    assert [r["reason"] for r in rejects] == [RejectReason.MALFORMED_RECORD]


def test_parquet_metadata_of_any_type_becomes_json(tmp_path):
    when = datetime.datetime(2024, 5, 6, 7, 8, 9, tzinfo=datetime.timezone.utc)
    table = pa.table({
        "id": ["a", "b"], "body": ["one", "two"],
        "ts": pa.array([when, None], pa.timestamp("us", tz="UTC")),
        "ns": pa.array([1_700_000_000_123_456_789, 0], pa.timestamp("ns")),
        "day": pa.array([datetime.date(2024, 5, 6), None], pa.date32()),
        "blob": pa.array([b"\x00\xffraw", None], pa.binary()),
        "amount": pa.array([decimal.Decimal("12.30"), None], pa.decimal128(10, 2)),
        "took": pa.array([datetime.timedelta(seconds=90), None], pa.duration("s")),
        "nested": pa.array([{"at": when, "b": b"x"}, None]),
    })
    meta = ["ts", "ns", "day", "blob", "amount", "took", "nested"]
    docs, rejects, _ = ingest(tmp_path, "t.parquet", parquet_bytes(table), format="parquet", id="id", text="body",
                              metadata=meta)
    assert not rejects and len(docs) == 2
    got = json.loads(docs[0]["metadata"])
    assert got["ts"] == "2024-05-06T07:08:09+00:00" and got["day"] == "2024-05-06"
    assert got["ns"].startswith("2023-11-14T22:13:20.123456789")
    assert base64.b64decode(got["blob"]) == b"\x00\xffraw" and got["amount"] == "12.30" and got["took"] == 90.0
    assert got["nested"] == {"at": "2024-05-06T07:08:09+00:00", "b": base64.b64encode(b"x").decode()}
    # a timestamp Python cannot hold rejects its row only
    far = pa.table({"id": ["a", "b", "c"], "body": ["x", "y", "z"], "t": pa.array([0, 2 ** 62, 1], pa.timestamp("ms"))})
    docs, rejects, _ = ingest(tmp_path, "far.parquet", parquet_bytes(far), format="parquet", id="id", text="body",
                              metadata="t")
    assert [d["source_id"] for d in docs] == sids("a", "c")
    assert [(r["source_id"], r["reason"]) for r in rejects] == [(*sids("b"), RejectReason.MALFORMED_RECORD)]


def test_deid_cli_skips_bad_lines_with_a_one_line_warning(tmp_path, capsys):
    from medcorpus.pipelines.cli import main

    src, out = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    src.write_bytes(_jsonl('{"text": "First note."}', '{"text": "lone \\ud800 here"}', "[" * 100_000,
                           '{"text": "x", "n": ' + "1" * 5000 + "}", b'{"text": "\xff"}', '{"text": "Last note."}'))
    assert main(["deid", "--input", str(src), "--output", str(out), "--mode", "mask"]) == 0
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert [json.loads(line)["text"] for line in out.read_text().splitlines()] == ["First note.", "Last note."]
    rejects = [json.loads(line) for line in Path(f"{out}.rejects.jsonl").read_text().splitlines()]
    assert [(r["line"], r["reason"]) for r in rejects] == [
        (2, "malformed_record"), (3, "malformed_record"), (4, "malformed_record"), (5, "undecodable_bytes")]
    assert sum("skipped" in line for line in err.splitlines()) == 4 and "4 rejected lines" in err
